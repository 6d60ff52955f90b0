"""The chronology's and the case summary's sources, and reading them (M25).

Each domain app declares its sources as data in its own ``chronology.py`` (``CHRONOLOGY_SOURCES``,
``SUMMARY_SOURCES``: the contract is joinedup/core/chronology.py and joinedup/core/summary.py). ``discover()``, run
once from ``ChronologyConfig.ready()``, reads every installed app's declarations (joinedup/core/discovery.py); no
domain app imports this module. Tests may add or swap a source by name (``register_chronology_source``,
``register_summary_source``) and take it out again after (``unregister_…``).

``gather`` asks, in one query, which sources have anything for the children (each source's ``presence``), and calls
only those; ``gather_summary`` does the same for one child's summary items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet

from joinedup.access.policy import is_partner_practitioner, partner_reader
from joinedup.core.chronology import ChronologyEntry, ChronologySource, Period, Presence
from joinedup.core.discovery import declared
from joinedup.core.summary import SummaryItem, SummaryPresence, SummarySource

_SOURCES: dict[str, ChronologySource] = {}
_SUMMARY_SOURCES: dict[str, SummarySource] = {}


def discover() -> None:
    """Read every installed app's ``chronology.py`` declarations, in INSTALLED_APPS order. A name declared twice is
    a mistake (one source would hide the other), so it stops Django starting."""
    _SOURCES.clear()
    _SUMMARY_SOURCES.clear()
    for source in declared("chronology", "CHRONOLOGY_SOURCES"):
        if source.name in _SOURCES:
            raise ImproperlyConfigured(f"Chronology source {source.name!r} is declared twice")
        _SOURCES[source.name] = source
    for summary_source in declared("chronology", "SUMMARY_SOURCES"):
        if summary_source.name in _SUMMARY_SOURCES:
            raise ImproperlyConfigured(f"Summary source {summary_source.name!r} is declared twice")
        _SUMMARY_SOURCES[summary_source.name] = summary_source


# -- the chronology's sources --------------------------------------------------------------------------------------


def register_chronology_source(
    name: str,
    fn: Callable[..., Iterable[ChronologyEntry]],
    *,
    partners: bool = False,
    presence: Presence | None = None,
) -> None:
    """Add (or replace) a source by name: for tests. The product's sources are declared (module docstring)."""
    _SOURCES[name] = ChronologySource(name=name, fn=fn, partners=partners, presence=presence)


def unregister_chronology_source(name: str) -> None:
    _SOURCES.pop(name, None)


def registered_sources() -> list[ChronologySource]:
    return list(_SOURCES.values())


def is_partner(user: Any) -> bool:
    """The reader works in a partner agency (school, health, police...): they see only what was shared with them."""
    return bool(is_partner_practitioner(user))


def present(checks: dict[str, QuerySet[Any]]) -> set[str]:
    """The names whose queryset has at least one row, asked in one query (``SELECT EXISTS(...), ...``)."""
    return _present_sql({name: _sql_of(qs) for name, qs in checks.items()})


def _sql_of(queryset: QuerySet[Any]) -> tuple[str, str, tuple[Any, ...]]:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return queryset.db, sql, tuple(params)


def _present_sql(checks: dict[str, tuple[str, str, tuple[Any, ...]]]) -> set[str]:
    if not checks:
        return set()
    names = list(checks)
    params: list[Any] = []
    for name in names:
        params.extend(checks[name][2])
    sql = "SELECT " + ", ".join(f"EXISTS({checks[name][1]})" for name in names)
    with connections[checks[names[0]][0]].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name for name, found in zip(names, row, strict=True) if found}


# A presence queryset's SQL, compiled once per function and number of children with stand-in ids (compiling twenty
# querysets costs more than the query that asks them): the stand-ins are swapped for the children's ids on each use.
_COMPILED: dict[tuple[Presence, int], tuple[str, str, tuple[Any, ...]] | None] = {}
_STAND_IN = -(10**15)


def _presence_sql(presence: Presence, children: list[int]) -> tuple[str, str, tuple[Any, ...]]:
    key = (presence, len(children))
    if len(children) > 20:  # a caseload's worth of children: compile each time rather than keep every size
        return _sql_of(presence(children))
    if key not in _COMPILED:
        stand_ins = [_STAND_IN - i for i in range(len(children))]
        db, sql, params = _sql_of(presence(stand_ins))
        try:
            found = {p for p in params if p in stand_ins}
        except TypeError:  # an unhashable parameter: compile each time
            found = set()
        _COMPILED[key] = (db, sql, params) if found == set(stand_ins) else None
    compiled = _COMPILED[key]
    if compiled is None:
        return _sql_of(presence(children))
    db, sql, params = compiled
    ids = {_STAND_IN - i: child for i, child in enumerate(children)}
    return db, sql, tuple(ids.get(p, p) if type(p) is int else p for p in params)


@dataclass
class Gathered:
    entries: list[ChronologyEntry] = field(default_factory=list)
    sources_read: list[str] = field(default_factory=list)


def gather(*, children: Sequence[int], user: Any, period: Period | None = None) -> Gathered:
    """Every source's entries for `children` (ids the reader may already see), oldest first.

    A partner reader gets only the sources declared with ``partners=True``; those are each given, as ``partner``,
    what access/ says the reader takes part in (None for a reader who sees the whole record), read once here."""
    period = period or Period()
    children = list(children)
    reader = partner_reader(user, children)
    gathered = Gathered()
    sources = [s for s in registered_sources() if s.partners or reader is None]
    found = _present_sql({s.name: _presence_sql(s.presence, children) for s in sources if s.presence is not None})
    entries = gathered.entries
    for source in sources:
        gathered.sources_read.append(source.name)
        if source.presence is not None and source.name not in found:
            continue  # nothing of this kind for these children: skip its query
        if source.partners:
            entries.extend(source.fn(children=children, user=user, period=period, partner=reader))
        else:
            entries.extend(source.fn(children=children, user=user, period=period))
    entries.sort(key=_sort_key)
    return gathered


def _sort_key(e: ChronologyEntry) -> tuple[dt.date, float, str]:
    at = e.occurred_at
    return (e.occurred_on, at.timestamp() if at is not None else 0.0, e.source_key)


# -- the case summary's sources ------------------------------------------------------------------------------------


def register_summary_source(
    name: str,
    fn: Callable[..., Iterable[SummaryItem]],
    *,
    partners: bool = False,
    presence: SummaryPresence | None = None,
) -> None:
    """Add (or replace) a summary source by name: for tests. The product's are declared (module docstring)."""
    _SUMMARY_SOURCES[name] = SummarySource(name=name, fn=fn, partners=partners, presence=presence)


def registered_summary_sources() -> list[SummarySource]:
    return list(_SUMMARY_SOURCES.values())


def gather_summary(*, child_id: int, user: Any, partner: bool) -> list[SummaryItem]:
    """Every summary source's items for the child, in the order the sources were declared."""
    sources = [s for s in registered_summary_sources() if s.partners or not partner]
    found = present({s.name: s.presence(child_id) for s in sources if s.presence is not None})
    items: list[SummaryItem] = []
    for source in sources:
        if source.presence is not None and source.name not in found:
            continue  # nothing of this kind for the child: skip its query
        items.extend(source.fn(child_id=child_id, user=user))
    return items
