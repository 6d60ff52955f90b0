"""The care leavers app's tasks, run by the task worker (ADR 0017)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from joinedup.core.actors import system_actor

from .services import contact_clocks_end_with_support


@task()
def care_leavers_daily(today: str | None = None) -> list[dict[str, str | int]]:
    """Daily (JOINEDUP_PERIODIC_TASKS): withdraw the personal adviser's contact clock of each young person whose
    leaving care support ended (their 21st birthday, or their 25th when they asked), as the system actor
    "daily-jobs". `today` is the ISO date to run for (today by default). Returns each clock withdrawn."""
    ended = contact_clocks_end_with_support(
        actor=system_actor("daily-jobs"), today=date.fromisoformat(today) if today else None
    )
    return [{"deadline": d.pk, "child": d.child_id} for d in ended]
