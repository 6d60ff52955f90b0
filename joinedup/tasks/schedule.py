"""The schedule of periodic tasks, read from the setting JOINEDUP_PERIODIC_TASKS.

The schedule is data: each entry names a task by its dotted path and the local time of day from which it is due.
This module imports each task by its path, so the task queue's wiring never imports the apps that own the work;
they declare their tasks with @task in their own tasks.py and are listed in the setting.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django_tasks.base import Task


@dataclass(frozen=True)
class PeriodicTask:
    """A task enqueued once a day, at or after `at` (local time), with `today` (the ISO date) as its keyword."""

    path: str
    at: time
    task: Task[..., Any]


def _entry(entry: Any) -> PeriodicTask:
    if not isinstance(entry, dict) or set(entry) != {"task", "at"}:
        raise ImproperlyConfigured(
            f'Each of JOINEDUP_PERIODIC_TASKS is {{"task": "dotted.path", "at": "HH:MM"}}, not {entry!r}'
        )
    path, at = entry["task"], entry["at"]
    try:
        when = time.fromisoformat(at)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"JOINEDUP_PERIODIC_TASKS: {path}: {at!r} is not a time of day (HH:MM)") from None
    try:
        task = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"JOINEDUP_PERIODIC_TASKS: cannot import {path}: {exc}") from exc
    if not isinstance(task, Task):
        raise ImproperlyConfigured(f"JOINEDUP_PERIODIC_TASKS: {path} is not a task (declare it with @task)")
    if "today" not in inspect.signature(task.func).parameters:
        raise ImproperlyConfigured(f"JOINEDUP_PERIODIC_TASKS: {path} must take `today` (an ISO date) as a keyword")
    return PeriodicTask(path=path, at=when, task=task)


def periodic_tasks() -> list[PeriodicTask]:
    """The configured periodic tasks, in the order listed. Raises ImproperlyConfigured for a bad entry."""
    tasks = [_entry(entry) for entry in getattr(settings, "JOINEDUP_PERIODIC_TASKS", [])]
    paths = [t.path for t in tasks]
    if len(set(paths)) != len(paths):
        raise ImproperlyConfigured("JOINEDUP_PERIODIC_TASKS lists a task twice: a task runs at most once a day")
    return tasks
