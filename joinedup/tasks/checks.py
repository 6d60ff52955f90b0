"""A system check of JOINEDUP_PERIODIC_TASKS, so a bad entry stops the worker, the scheduler and the web processes
starting rather than failing at night."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .schedule import periodic_tasks


@checks.register()
def periodic_tasks_check(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        periodic_tasks()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="tasks.E001")]
    return []
