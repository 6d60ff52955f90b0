"""Decisions awaiting a manager's sign-off, from every part of the system, for the oversight page (M28).

Each app that has something a manager signs off or authorises registers a source, as the chronology's do, so the
case record never imports their models::

    from joinedup.case_record.sign_off import AwaitingSignOff, register_sign_off_source

    def awaiting_sign_off_for_teams(*, actor, team_ids) -> list[AwaitingSignOff]:
        ...  # ONE query: the items submitted by members of `team_ids`, scoped through access/scopes.py

    register_sign_off_source("assessments.authorisation", awaiting_sign_off_for_teams)

A source is called once per page with the teams the manager manages and must read its items in one query, whatever
their number, returning only what the manager may see (children_visible_to, front_door's contacts_visible_to).
The page sorts them oldest first, counts working days, and audits them with the rest of the page in one bulk write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from django.urls import reverse
from django.utils import timezone

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.sign_off import AwaitingSignOff, person_name  # noqa: F401 (the contract, re-exported)

SignOffSource = Callable[..., Iterable[AwaitingSignOff]]
_SOURCES: dict[str, SignOffSource] = {}


def register_sign_off_source(name: str, fn: SignOffSource) -> None:
    _SOURCES[name] = fn


def registered_sign_off_sources() -> dict[str, SignOffSource]:
    return dict(_SOURCES)


def awaiting_sign_off(*, actor: Any, team_ids: list[int], today: dt.date | None = None) -> list[AwaitingSignOff]:
    """Everything awaiting sign-off by the manager of `team_ids`, oldest first, each with its age in working days.
    One query per registered source, whatever the number of items. The page that shows them audits them in bulk
    (`audit_events`)."""
    from joinedup.timescales.calendar import CALENDAR

    if not team_ids:
        return []
    today = today or timezone.localdate()
    items: list[AwaitingSignOff] = []
    for fn in _SOURCES.values():
        items.extend(fn(actor=actor, team_ids=team_ids))
    items.sort(key=lambda i: (i.since, i.kind, i.object_id))
    child_urls = {c: reverse("records:child_record", args=[c]) for c in {i.child_id for i in items} if c is not None}
    return [
        replace(
            i,
            working_days=max(0, CALENDAR.working_days_between(i.since, today)),
            child_url=child_urls.get(i.child_id, "") if i.child_id is not None else "",
        )
        for i in items
    ]


def audit_events(items: Iterable[AwaitingSignOff]) -> list[auditor.EventSpec]:
    return [auditor.EventSpec(AuditAction.LISTED, i.object_type, i.object_id, i.child_id) for i in items]
