"""The reader of work waiting for a person (issue 19): what every app declares in its own ``work.py``
(``WORK_SOURCES``, the contract in joinedup/core/work.py), gathered for the home page and My work.

``discover()``, run once from ``TimescalesConfig.ready()``, reads every installed app's declarations
(joinedup/core/discovery.py), as the sign-off registry and the greater-risk flags do. The reader lives here, below
the domain apps, because My work is this app's page and the home page (records/) stands below most of the apps that
declare work; it imports nothing of theirs (the sources are found by name when Django starts), so the layers hold
(ADR 0025). Tests may add or swap a source by name (``register_work_source``) and take it out again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec
from joinedup.core.discovery import declared
from joinedup.core.work import WORK_KIND_HEADINGS, WorkItem, WorkKind, WorkSource, sorted_work

_SOURCES: dict[str, WorkSource] = {}


def discover() -> None:
    """Read every installed app's ``work.py`` declarations. A name declared twice stops Django starting."""
    _SOURCES.clear()
    for source in declared("work", "WORK_SOURCES"):
        if source.name in _SOURCES:
            raise ImproperlyConfigured(f"Work source {source.name!r} is declared twice")
        _SOURCES[source.name] = source


def sources() -> list[WorkSource]:
    return list(_SOURCES.values())


def register_work_source(name: str, kind: WorkKind, fn: Callable[..., Sequence[WorkItem]]) -> None:
    """Add (or replace) a source by name: for tests. The product's sources are declared (module docstring)."""
    _SOURCES[name] = WorkSource(name=name, kind=kind, fn=fn)


def unregister_work_source(name: str) -> None:
    _SOURCES.pop(name, None)


def work_for(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """Everything waiting for `actor` today from every declared source, urgent first, then overdue, then soonest due
    (`sorted_work`). Each source reads in a fixed number of queries, so the whole reads in a fixed number too. The
    page that shows the items audits the children they name (`audit_events`)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    items: list[WorkItem] = []
    for source in _SOURCES.values():
        items.extend(source.fn(actor=actor, today=today))
    return sorted_work(items, today)


def grouped(items: Iterable[WorkItem]) -> list[tuple[str, list[WorkItem]]]:
    """The items under their kinds' headings, in `WORK_KIND_HEADINGS` order (each group keeps the items' order);
    kinds with nothing are left out."""
    by_kind: dict[WorkKind, list[WorkItem]] = {kind: [] for kind in WORK_KIND_HEADINGS}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return [(WORK_KIND_HEADINGS.get(kind, str(kind)), rows) for kind, rows in by_kind.items() if rows]


def audit_events(items: Iterable[WorkItem]) -> list[EventSpec]:
    """A list event for each item that names a child's record, for the page's one bulk write."""
    return [
        EventSpec(AuditAction.LISTED, item.object_type, item.object_id, child_id=item.child_id)
        for item in items
        if item.child_id is not None and item.object_type and item.object_id is not None
    ]
