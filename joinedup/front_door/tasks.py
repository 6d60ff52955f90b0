"""The front door's tasks, run by the task worker (ADR 0017)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django_tasks import task

from joinedup.core.actors import system_actor

from .services import public_drafts_purge


@task()
def front_door_daily(today: str | None = None) -> dict[str, int]:
    """Daily (JOINEDUP_PERIODIC_TASKS): purge the public's reports started more than a day before and never sent, as
    the system actor "daily-jobs". `today` is the ISO date to run for (today by default); run for today, it purges
    what has expired by now, run for another day, what had expired by that day's start."""
    now = timezone.now()
    if today and date.fromisoformat(today) != timezone.localdate(now):
        now = timezone.make_aware(datetime.combine(date.fromisoformat(today), time.min))
    return {"public_drafts_purged": public_drafts_purge(actor=system_actor("daily-jobs"), now=now)}
