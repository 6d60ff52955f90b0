"""The child protection app's tasks, run by the task worker (ADR 0017)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from joinedup.core.actors import system_actor

from .services import plans_end_automatically


@task()
def child_protection_daily(today: str | None = None) -> list[dict[str, str | int]]:
    """Daily (JOINEDUP_PERIODIC_TASKS; also `manage.py child_protection_daily`): end, flag and stop the clocks of
    the plans of children who turned 18, died or moved away, as the system actor "daily-jobs". `today` is the ISO
    date to run for (today by default). Returns each plan ended: its id, the day it ended and why."""
    ended = plans_end_automatically(
        actor=system_actor("daily-jobs"), today=date.fromisoformat(today) if today else None
    )
    return [{"plan": item.plan.pk, "on": item.on.isoformat(), "reason": str(item.reason)} for item in ended]
