"""Tasks for the scheduler's tests: each notes the day it ran for."""

from __future__ import annotations

from django_tasks import task

RAN: list[tuple[str, str]] = []


@task()
def early(today: str) -> str:
    RAN.append(("early", today))
    return today


@task()
def later(today: str) -> str:
    RAN.append(("later", today))
    return today


@task()
def takes_no_day() -> None:
    RAN.append(("takes_no_day", ""))


def not_a_task(today: str) -> None:
    RAN.append(("not_a_task", today))
