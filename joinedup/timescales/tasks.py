"""The timescales app's tasks, run by the task worker (ADR 0017)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from .services import DUE_SOON_WORKING_DAYS, deadlines_notify


@task()
def notify_deadlines(today: str | None = None, due_soon_working_days: int = DUE_SOON_WORKING_DAYS) -> dict[str, int]:
    """Daily (JOINEDUP_PERIODIC_TASKS; also `manage.py notify_deadlines`): notify practitioners and managers of
    deadlines due soon and overdue, each notice once. `today` is the ISO date to run as (today by default).
    Returns how many notifications and emails were sent."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    result = deadlines_notify(today=day, due_soon_working_days=due_soon_working_days)
    return {"notifications": result.notifications, "emails": result.emails}
