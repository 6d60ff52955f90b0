"""The multi-agency chronology (M25): one timeline per child gathered from every part of JoinedUp.

How another app adds its significant events
-------------------------------------------
Write a function that returns :class:`ChronologyEntry` values for a set of children and register it once, from
your app's ``AppConfig.ready()``::

    # joinedup/child_protection/apps.py
    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers on import)

    # joinedup/child_protection/chronology.py
    from joinedup.case_record.chronology import (
        Agency, ChronologyEntry, EventType, Period, register_chronology_source,
    )

    def strategy_discussions(*, children, user, period):
        rows = StrategyDiscussion.objects.filter(child_id__in=children)
        rows = period.filter(rows, "held_on")            # the period the reader asked for
        for row in rows.values("id", "child_id", "held_on", "outcome"):   # one query, no N+1
            yield ChronologyEntry(
                child_id=row["child_id"], occurred_on=row["held_on"], agency=Agency.CHILDRENS_SOCIAL_CARE,
                event_type=EventType.STRATEGY_DISCUSSION, title="Strategy discussion",
                detail=row["outcome"], url=reverse(...), source_key=f"child_protection.strategy:{row['id']}",
            )

    register_chronology_source("child_protection.strategy_discussions", strategy_discussions)

The contract for a source
-------------------------
- ``children`` is a list of child (Person) ids the reader has already been allowed to see (the caller checks
  access through access/scopes.py); ``user`` is the reader (``request.user``); ``period`` is a :class:`Period`.
- Read with one or two queries for all the children together (``values()``/``values_list()`` are best: a child can
  have thousands of events), filtered to the period. Never a query per child or per row.
- ``source_key`` is stable and unique across the system (``"<app>.<thing>:<id>"``): practitioners' analysis and
  "significant" marks are kept against it.
- ``occurred_on`` is a date; give ``occurred_at`` too when the time of day is known (it orders events of one day).
- By default a source is read only for local authority caseworkers (who see the child's whole record). Pass
  ``partners=True`` only when the function itself returns, for a partner reader, no more than was shared with
  them (use :func:`is_partner` and ``user``); the chronology page then reads it for partners too.
- Register the same name twice and the later function replaces the earlier (tests may swap a source).
- Give ``presence`` too (strongly advised): a function of ``children`` returning a queryset of the rows your source
  reads (before the period), e.g. ``lambda children: StrategyDiscussion.objects.filter(child_id__in=children)``.
  :func:`gather` asks whether every source's queryset has a row in ONE query (``SELECT EXISTS(...), EXISTS(...)``)
  and calls only the sources that have something for these children: most children have records in a few apps,
  and a source called for nothing still costs a query. A source without ``presence`` is always called.

Practitioner-marked events, partners' shared events and analysis
----------------------------------------------------------------
``case_record.SignificantEvent`` holds events a practitioner marks significant by hand (and is itself a source);
``sharing.SharedEvent`` holds police and health events partners share (a source readable by partners, who see
only what their own organisation shared and what was shared back with every partner); and
``case_record.ChronologyAnalysis`` holds the analysis column against any entry's ``source_key``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from joinedup.core.chronology import (  # noqa: F401 (the contract, re-exported until the registry moves)
    AGENCY_LABELS,
    EVENT_TYPE_LABELS,
    Agency,
    ChronologyEntry,
    EventType,
    Period,
    Presence,
)


@dataclass(frozen=True)
class RegisteredSource:
    name: str
    fn: Callable[..., Iterable[ChronologyEntry]]
    partners: bool = False
    presence: Presence | None = None


_SOURCES: dict[str, RegisteredSource] = {}


def register_chronology_source(
    name: str,
    fn: Callable[..., Iterable[ChronologyEntry]],
    *,
    partners: bool = False,
    presence: Presence | None = None,
) -> None:
    """Add (or replace) a source of chronology entries. See the module docstring for the contract."""
    _SOURCES[name] = RegisteredSource(name=name, fn=fn, partners=partners, presence=presence)


def unregister_chronology_source(name: str) -> None:
    _SOURCES.pop(name, None)


def registered_sources() -> list[RegisteredSource]:
    return list(_SOURCES.values())


def is_partner(user: Any) -> bool:
    """The reader works in a partner agency (school, health, police...): they see only what was shared with them."""
    from joinedup.access.policy import is_partner_practitioner

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
    from django.db import connections

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
    """Every registered source's entries for `children` (ids the reader may already see), oldest first.

    A partner reader gets only the sources registered with ``partners=True``."""
    period = period or Period()
    partner = is_partner(user)
    children = list(children)
    gathered = Gathered()
    sources = [s for s in registered_sources() if s.partners or not partner]
    found = _present_sql({s.name: _presence_sql(s.presence, children) for s in sources if s.presence is not None})
    entries = gathered.entries
    for source in sources:
        gathered.sources_read.append(source.name)
        if source.presence is not None and source.name not in found:
            continue  # nothing of this kind for these children: skip its query
        entries.extend(source.fn(children=children, user=user, period=period))
    entries.sort(key=_sort_key)
    return gathered


def _sort_key(e: ChronologyEntry) -> tuple[dt.date, float, str]:
    at = e.occurred_at
    return (e.occurred_on, at.timestamp() if at is not None else 0.0, e.source_key)
