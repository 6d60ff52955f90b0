"""The scheduler: enqueue each periodic task once a day, whoever runs it and however often (ADR 0017)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .models import PeriodicTaskRun
from .schedule import periodic_tasks

logger = logging.getLogger(__name__)

# How often the looping scheduler looks for tasks that have fallen due, in seconds.
DEFAULT_INTERVAL = 60.0


@dataclass(frozen=True)
class Enqueued:
    """A periodic task enqueued for a day, and the id of its result in the queue."""

    task_path: str
    run_on: date
    result_id: str


def periodic_tasks_enqueue_due(*, now: datetime | None = None) -> list[Enqueued]:
    """Enqueue every periodic task whose time today (local) has come and that has not been enqueued today.

    Each task is enqueued in one transaction with its `PeriodicTaskRun` row for the day. The row's unique constraint
    on (task, day) means two schedulers, or the same one run twice, enqueue it once: the second insert fails and
    its transaction, with anything it enqueued, rolls back. With the database backend the queued task is a row in
    the same database, so the day's row and the queued task commit together or not at all. A day on which no
    scheduler ran is not made up later: the daily tasks work from the state of the record, not from the days
    since they last ran."""
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    due = [t for t in periodic_tasks() if local.time() >= t.at]
    if not due:
        return []
    done = _enqueued_on(today, [t.path for t in due])
    enqueued: list[Enqueued] = []
    for periodic in due:
        if periodic.path in done:
            continue
        try:
            with transaction.atomic():
                run = PeriodicTaskRun.objects.create(task_path=periodic.path, run_on=today, enqueued_at=local)
                result = periodic.task.enqueue(today=today.isoformat())
                run.result_id = str(result.id)
                run.save(update_fields=["result_id"])
        except IntegrityError:
            # Another scheduler enqueued it for today between our look and our insert.
            logger.info("Periodic task %s already enqueued today by another scheduler", periodic.path)
            continue
        logger.info("Periodic task %s enqueued for today as %s", periodic.path, run.result_id)
        enqueued.append(Enqueued(periodic.path, today, run.result_id))
    return enqueued


def _enqueued_on(day: date, paths: list[str]) -> set[str]:
    """Which of these tasks have been enqueued for `day` already: a cheap look, so the usual case inserts nothing.
    The unique constraint, not this look, is what stops a second enqueue."""
    return set(PeriodicTaskRun.objects.filter(run_on=day, task_path__in=paths).values_list("task_path", flat=True))


def periodic_tasks_schedule(
    *,
    interval: float = DEFAULT_INTERVAL,
    iterations: int | None = None,
    sleep: Callable[[float], None] | None = None,
    on_enqueued: Callable[[Enqueued], None] | None = None,
) -> list[Enqueued]:
    """The looping scheduler: look for due tasks, wait `interval` seconds, look again; `iterations` times, or until
    the process is stopped when it is None. A database error in one look (SQLite busy, PostgreSQL restarting) is
    logged and the next look tries again; nothing is lost, as a task not enqueued is still due. `sleep` waits
    between looks (time.sleep unless given: tests pass one that moves a frozen clock on instead)."""
    wait = sleep or time.sleep
    if interval < 0 or (iterations is not None and iterations < 1):
        raise ValueError("interval must be 0 or more and iterations 1 or more")
    enqueued: list[Enqueued] = []
    done = 0
    while iterations is None or done < iterations:
        if not transaction.get_connection().in_atomic_block:
            close_old_connections()  # as the worker does: drop a connection the database has closed meanwhile
        try:
            new = periodic_tasks_enqueue_due()
        except DatabaseError:
            logger.exception("Periodic tasks not enqueued this time; trying again in %s seconds", interval)
            new = []
        for item in new:
            if on_enqueued is not None:
                on_enqueued(item)
        enqueued.extend(new)
        done += 1
        if iterations is None or done < iterations:
            wait(interval)
    return enqueued
