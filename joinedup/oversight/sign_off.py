"""Decisions awaiting a manager's sign-off, from every part of the system, for the oversight page (M28).

Each app that has something a manager signs off or authorises declares a source in its own ``oversight.py``
(``SIGN_OFF_SOURCES``: the contract is joinedup/core/sign_off.py). ``discover()``, run once from
``OversightConfig.ready()``, reads every installed app's declarations (joinedup/core/discovery.py); no domain app
imports this module. Tests may add or swap a source by name (``register_sign_off_source``) and take it out again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.discovery import declared
from joinedup.core.sign_off import AwaitingSignOff, SignOffSource
from joinedup.timescales.calendar import CALENDAR

_SOURCES: dict[str, SignOffSource] = {}


def discover() -> None:
    """Read every installed app's ``oversight.py`` declarations. A name declared twice stops Django starting."""
    _SOURCES.clear()
    for source in declared("oversight", "SIGN_OFF_SOURCES"):
        if source.name in _SOURCES:
            raise ImproperlyConfigured(f"Sign-off source {source.name!r} is declared twice")
        _SOURCES[source.name] = source


def register_sign_off_source(name: str, fn: Callable[..., Iterable[AwaitingSignOff]]) -> None:
    """Add (or replace) a source by name: for tests. The product's sources are declared (module docstring)."""
    _SOURCES[name] = SignOffSource(name=name, fn=fn)


def awaiting_sign_off(*, actor: Any, team_ids: list[int], today: dt.date | None = None) -> list[AwaitingSignOff]:
    """Everything awaiting sign-off by the manager of `team_ids`, oldest first, each with its age in working days.
    One query per source, whatever the number of items. The page that shows them audits them in bulk
    (`audit_events`)."""
    if not team_ids:
        return []
    today = today or timezone.localdate()
    items: list[AwaitingSignOff] = []
    for source in _SOURCES.values():
        items.extend(source.fn(actor=actor, team_ids=team_ids))
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
