"""Work waiting for a manager (issue 19): the decisions awaiting their sign-off (through the sign-off registry,
sign_off.py, which reads every app's oversight.py) and the children waiting for a worker. Read by the home page and
My work (joinedup/core/work.py is the contract, timescales/work_reader.py the reader)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from joinedup.core.work import WorkItem, WorkKind, WorkSource
from joinedup.timescales.selectors import managed_team_ids

from . import sign_off
from .selectors import awaiting_allocation_count


def sign_offs_waiting_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """Everything awaiting this manager's sign-off, oldest first: one query per sign-off source (and one for the
    teams they manage), whatever the number of items."""
    team_ids = managed_team_ids(actor=actor)
    if not team_ids:
        return []
    return [
        WorkItem(
            kind=WorkKind.SIGN_OFF,
            title=item.what,
            url=item.url,
            child_id=item.child_id,
            child_name=item.child_name,
            since=item.since,
            detail=f"Sent by {item.submitted_by}" if item.submitted_by else "",
            object_type=item.object_type,
            object_id=item.object_id,
        )
        for item in sign_off.awaiting_sign_off(actor=actor, team_ids=team_ids, today=today)
    ]


def allocation_waiting_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """One item saying how many children wait for a worker, for a manager who allocates. One query."""
    waiting = awaiting_allocation_count(actor=actor, today=today)
    if not waiting:
        return []
    children = "1 child is" if waiting == 1 else f"{waiting} children are"
    return [
        WorkItem(
            kind=WorkKind.ALLOCATION,
            title=f"{children} waiting for a worker",
            url=reverse("oversight:awaiting_allocation"),
            detail="Children in immediate danger or with a greater-risk flag come first",
        )
    ]


WORK_SOURCES = [
    WorkSource("oversight.sign_offs", WorkKind.SIGN_OFF, sign_offs_waiting_work),
    WorkSource("oversight.allocation", WorkKind.ALLOCATION, allocation_waiting_work),
]
