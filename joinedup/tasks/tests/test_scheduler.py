"""The scheduler enqueues each periodic task once a day, at or after its time, however often and wherever it runs;
the loop is bounded in tests and never sleeps (a fake sleep moves a frozen clock on)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.tasks import services
from joinedup.tasks.checks import periodic_tasks_check
from joinedup.tasks.models import PeriodicTaskRun
from joinedup.tasks.schedule import periodic_tasks
from joinedup.tasks.services import Enqueued, periodic_tasks_enqueue_due, periodic_tasks_schedule

from . import sample_tasks

pytestmark = pytest.mark.django_db

EARLY = "joinedup.tasks.tests.sample_tasks.early"
LATER = "joinedup.tasks.tests.sample_tasks.later"


@pytest.fixture(autouse=True)
def schedule(settings: Any) -> Iterator[None]:
    """Two sample tasks, at 05:00 and 06:00 (UK time; GMT in January, so the same as UTC)."""
    settings.JOINEDUP_PERIODIC_TASKS = [{"task": EARLY, "at": "05:00"}, {"task": LATER, "at": "06:00"}]
    sample_tasks.RAN.clear()
    yield
    sample_tasks.RAN.clear()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_task_is_enqueued_at_its_time_once_that_day_and_again_the_next_day() -> None:
    with time_machine.travel(at("2027-01-13 04:59"), tick=False) as clock:
        assert periodic_tasks_enqueue_due() == []
        clock.move_to(at("2027-01-13 05:00"))
        first = periodic_tasks_enqueue_due()
        assert [(e.task_path, e.run_on) for e in first] == [(EARLY, date(2027, 1, 13))]
        # The same day again, and again later on: nothing new for the early task; the later one in its turn.
        assert periodic_tasks_enqueue_due() == []
        clock.move_to(at("2027-01-13 23:59"))
        assert [e.task_path for e in periodic_tasks_enqueue_due()] == [LATER]
        assert periodic_tasks_enqueue_due() == []
        # The next day: each once more.
        clock.move_to(at("2027-01-14 07:00"))
        assert [e.task_path for e in periodic_tasks_enqueue_due()] == [EARLY, LATER]
        assert periodic_tasks_enqueue_due() == []
    # The test settings' backend runs a task as it is enqueued: each ran once a day, for its day.
    assert sample_tasks.RAN == [
        ("early", "2027-01-13"),
        ("later", "2027-01-13"),
        ("early", "2027-01-14"),
        ("later", "2027-01-14"),
    ]
    runs = list(PeriodicTaskRun.objects.order_by("run_on", "task_path").values_list("task_path", "run_on"))
    assert runs == [(EARLY, date(2027, 1, 13)), (LATER, date(2027, 1, 13)), (EARLY, date(2027, 1, 14)),
                    (LATER, date(2027, 1, 14))]  # fmt: skip
    assert all(PeriodicTaskRun.objects.values_list("result_id", flat=True))


def test_a_second_scheduler_that_loses_the_race_enqueues_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    with time_machine.travel(at("2027-01-13 06:30"), tick=False):
        assert len(periodic_tasks_enqueue_due()) == 2
        # Another scheduler looked before the first had inserted its rows, so it believes nothing is done yet:
        # the unique constraint refuses its rows, and its enqueue rolls back with them.
        monkeypatch.setattr(services, "_enqueued_on", lambda day, paths: set())
        assert periodic_tasks_enqueue_due() == []
    assert PeriodicTaskRun.objects.count() == 2
    assert sample_tasks.RAN == [("early", "2027-01-13"), ("later", "2027-01-13")]


def test_the_loop_looks_each_interval_a_bounded_number_of_times_without_sleeping() -> None:
    with time_machine.travel(at("2027-01-13 04:30"), tick=False) as clock:
        waits: list[float] = []

        def fake_sleep(seconds: float) -> None:
            waits.append(seconds)
            clock.shift(timedelta(seconds=seconds))

        said: list[Enqueued] = []
        enqueued = periodic_tasks_schedule(interval=3600, iterations=4, sleep=fake_sleep, on_enqueued=said.append)
    # Looks at 04:30 (nothing due), 05:30 (early), 06:30 (later), 07:30 (nothing new); no wait after the last.
    assert [e.task_path for e in enqueued] == [EARLY, LATER]
    assert said == enqueued
    assert waits == [3600, 3600, 3600]


def test_the_loop_tries_again_after_a_database_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    calls = iter([OperationalError("database is locked"), None])
    real = services.periodic_tasks_enqueue_due

    def flaky(**kwargs: Any) -> list[Enqueued]:
        error = next(calls)
        if error is not None:
            raise error
        return real(**kwargs)

    monkeypatch.setattr(services, "periodic_tasks_enqueue_due", flaky)
    with time_machine.travel(at("2027-01-13 05:30"), tick=False):
        enqueued = periodic_tasks_schedule(interval=60, iterations=2, sleep=lambda seconds: None)
    assert [e.task_path for e in enqueued] == [EARLY]


def test_a_task_due_in_the_hour_the_clocks_skip_runs_once_that_day(settings: Any) -> None:
    # Sunday 28 March 2027: the clocks go forward at 01:00 GMT to 02:00 BST; 01:30 never happens on the clock.
    settings.JOINEDUP_PERIODIC_TASKS = [{"task": EARLY, "at": "01:30"}]
    with time_machine.travel(at("2027-03-28 00:59"), tick=False) as clock:
        assert periodic_tasks_enqueue_due() == []
        clock.move_to(at("2027-03-28 01:00"))  # 02:00 BST
        assert [e.run_on for e in periodic_tasks_enqueue_due()] == [date(2027, 3, 28)]
        clock.move_to(at("2027-03-28 23:30"))  # 00:30 BST on the 29th: not yet due that day
        assert periodic_tasks_enqueue_due() == []


def test_the_command_enqueues_what_is_due_and_says_so() -> None:
    with time_machine.travel(at("2027-01-13 05:15"), tick=False):
        out = StringIO()
        call_command("run_periodic_tasks", stdout=out)
        lines = out.getvalue().splitlines()
        assert lines[0].startswith(f"Enqueued {EARLY} for 2027-01-13 (task ")
        assert lines[1:] == ["1 periodic task enqueued"]
        out = StringIO()
        call_command("run_periodic_tasks", stdout=out)
        assert out.getvalue().splitlines() == ["0 periodic tasks enqueued"]


def test_the_command_loops_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(services.time, "sleep", waits.append)
    with time_machine.travel(at("2027-01-13 06:15"), tick=False):
        out = StringIO()
        call_command("run_periodic_tasks", "--loop", "--interval", "30", "--iterations", "3", stdout=out)
    assert out.getvalue().splitlines()[-1] == "2 periodic tasks enqueued"
    assert waits == [30.0, 30.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--loop", "--interval", "-1"], "--interval must be 0 or more"),
        (["--loop", "--iterations", "0"], "--iterations must be 1 or more"),
        (["--iterations", "2"], "--iterations is for --loop"),
    ],
)
def test_the_command_refuses_bad_options(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("run_periodic_tasks", *args, stdout=StringIO())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"task": "joinedup.tasks.tests.sample_tasks.nope", "at": "05:00"}, "cannot import"),
        ({"task": "joinedup.tasks.tests.sample_tasks.not_a_task", "at": "05:00"}, "is not a task"),
        ({"task": "joinedup.tasks.tests.sample_tasks.takes_no_day", "at": "05:00"}, "must take `today`"),
        ({"task": EARLY, "at": "5 o'clock"}, "not a time of day"),
        ({"task": EARLY}, "is {"),
    ],
)
def test_a_bad_schedule_is_refused_by_the_system_check(settings: Any, entry: Any, message: str) -> None:
    settings.JOINEDUP_PERIODIC_TASKS = [entry]
    with pytest.raises(ImproperlyConfigured, match=message):
        periodic_tasks()
    (error,) = periodic_tasks_check()
    assert error.id == "tasks.E001" and message in error.msg


def test_a_task_listed_twice_is_refused(settings: Any) -> None:
    settings.JOINEDUP_PERIODIC_TASKS = [{"task": EARLY, "at": "05:00"}, {"task": EARLY, "at": "07:00"}]
    with pytest.raises(ImproperlyConfigured, match="lists a task twice"):
        periodic_tasks()


def test_the_projects_own_schedule_passes_its_check(settings: Any) -> None:
    from joinedup.settings import base

    settings.JOINEDUP_PERIODIC_TASKS = base.JOINEDUP_PERIODIC_TASKS
    assert periodic_tasks_check() == []
    assert [(t.path, t.at.isoformat("minutes")) for t in periodic_tasks()] == [
        ("joinedup.child_protection.tasks.child_protection_daily", "00:30"),
        ("joinedup.care_leavers.tasks.care_leavers_daily", "00:45"),
        ("joinedup.timescales.tasks.notify_deadlines", "06:00"),
        ("joinedup.front_door.tasks.front_door_daily", "01:00"),
    ]
