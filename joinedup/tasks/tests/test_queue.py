"""The queue itself: tests run tasks at once (the immediate backend); the demo and production put them in the
database (django-tasks-db), where nothing runs until the worker (`manage.py db_worker`) takes them."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from joinedup.tasks.models import PeriodicTaskRun

from . import sample_tasks

ROOT = Path(__file__).resolve().parents[3]
EARLY = "joinedup.tasks.tests.sample_tasks.early"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def ran() -> Iterator[list[tuple[str, str]]]:
    sample_tasks.RAN.clear()
    yield sample_tasks.RAN
    sample_tasks.RAN.clear()


def test_in_tests_a_task_runs_as_it_is_enqueued(ran: list[tuple[str, str]]) -> None:
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
    result = sample_tasks.early.enqueue(today="2027-01-13")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "2027-01-13"
    assert ran == [("early", "2027-01-13")]


def _worker() -> Worker:
    """The worker `manage.py db_worker --batch` runs, without the command's signal handlers (this is pytest's
    process): it runs every ready task, then stops."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@pytest.mark.django_db
def test_on_the_database_queue_the_scheduler_enqueues_and_the_worker_runs(
    settings: Any, monkeypatch: pytest.MonkeyPatch, ran: list[tuple[str, str]]
) -> None:
    settings.JOINEDUP_PERIODIC_TASKS = [{"task": EARLY, "at": "05:00"}]
    # The worker drops stale connections between tasks; inside the test's transaction that would end the test.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_QUEUE), time_machine.travel(datetime(2027, 1, 13, 5, 1, tzinfo=UTC)):
        call_command("run_periodic_tasks", stdout=StringIO())
        call_command("run_periodic_tasks", stdout=StringIO())
        queued = DBTaskResult.objects.get()
        assert (queued.task_path, queued.status) == (EARLY, TaskResultStatus.READY)
        assert PeriodicTaskRun.objects.get().result_id == str(queued.id)
        assert ran == []  # enqueued, not run: that is the worker's job
        _worker().run()
        queued.refresh_from_db()
        assert queued.status == TaskResultStatus.SUCCESSFUL
        assert queued.task_result.return_value == "2027-01-13"
    assert ran == [("early", "2027-01-13")]


def _settings_of(module: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        JOINEDUP_START_WITHOUT_CLAMAV_DATABASE="yes",  # this machine has no ClamAV signature database
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from django.conf import settings as s; print(s.TASKS['default']['BACKEND'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("module", ["joinedup.settings.demo", "joinedup.settings.production"])
def test_the_demo_and_production_queue_tasks_in_the_database(module: str) -> None:
    assert _settings_of(module) == "django_tasks_db.DatabaseBackend"
