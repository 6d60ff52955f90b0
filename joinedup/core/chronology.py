"""The contract of the multi-agency chronology (M25): the shape of an entry, its fixed vocabularies, the period a
reader asks for, and how an app declares a source. Plain types, importing no app, so that every domain app can build
its entries without importing the layer above it that gathers them (joinedup/chronology/, ADR 0020).

How an app adds its significant events
--------------------------------------
Write a function that returns :class:`ChronologyEntry` values for a set of children, and declare it in your app's
own ``chronology.py`` as data; the chronology app finds the module when Django starts (``ChronologyConfig.ready``)
and reads ``CHRONOLOGY_SOURCES`` (and ``SUMMARY_SOURCES``, joinedup/core/summary.py)::

    # joinedup/child_protection/chronology.py
    from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period

    def strategy_discussions(*, children, user, period):
        rows = StrategyDiscussion.objects.filter(child_id__in=children)
        rows = period.filter(rows, "held_on")            # the period the reader asked for
        for row in rows.values("id", "child_id", "held_on", "outcome"):   # one query, no N+1
            yield ChronologyEntry(
                child_id=row["child_id"], occurred_on=row["held_on"], agency=Agency.CHILDRENS_SOCIAL_CARE,
                event_type=EventType.STRATEGY_DISCUSSION, title="Strategy discussion",
                detail=row["outcome"], url=reverse(...), source_key=f"child_protection.strategy:{row['id']}",
            )

    CHRONOLOGY_SOURCES = [
        ChronologySource(
            "child_protection.strategy_discussions",
            strategy_discussions,
            presence=lambda children: StrategyDiscussion.objects.filter(child_id__in=children),
        ),
    ]

The contract for a source
-------------------------
- ``children`` is a list of child (Person) ids the reader has already been allowed to see (the caller checks
  access through access/scopes.py); ``user`` is the reader (``request.user``); ``period`` is a :class:`Period`.
- Read with one or two queries for all the children together (``values()``/``values_list()`` are best: a child can
  have thousands of events), filtered to the period. Never a query per child or per row.
- ``source_key`` is stable and unique across the system (``"<app>.<thing>:<id>"``): practitioners' analysis and
  "significant" marks are kept against it.
- ``occurred_on`` is a date; give ``occurred_at`` too when the time of day is known (it orders events of one day).
- By default a source is read only for local authority caseworkers (who see the child's whole record). Declare
  ``partners=True`` when a partner (a school, health, the police...) may see some of its events: the function is
  then called for every reader with one more keyword, ``partner``: ``None`` for a reader who sees the child's whole
  record, or, for a partner, a :class:`PartnerReader` saying which parts of each child's record they take part in
  (access/ decides it, from the same permissions that open those parts' own pages: ``access.policy.partner_reader``).
  The function returns, for a partner, only the events of the parts they take part in
  (``partner.children_in(children, RecordPart.CHILD_PROTECTION)``) and the rows of their own (a condition from
  access/scopes.py, such as ``contact_scope(user)``); it never decides afresh who may see what.
  For example, child protection's strategy discussions::

      def strategy_discussions(*, children, user, period, partner):
          if partner is not None:   # only the children whose child protection work the partner takes part in
              children = partner.children_in(children, RecordPart.CHILD_PROTECTION)
          ...

      ChronologySource("child_protection.strategy_discussions", strategy_discussions, partners=True, presence=...)

- ``agency`` is the agency the event comes from, and ``organisation`` the organisation that recorded it when it is
  known: a contact raised by a school is the school's (``Agency.EDUCATION``, "Brookside Primary School"), never
  "Children's social care" by default. ``agencies.models.chronology_agency`` maps an organisation's type to its
  agency.
- Give ``presence`` too (strongly advised): a function of ``children`` returning a queryset of the rows your source
  reads (before the period). The chronology asks whether every source's queryset has a row in ONE query
  (``SELECT EXISTS(...), EXISTS(...)``) and calls only the sources that have something for these children: most
  children have records in a few apps, and a source called for nothing still costs a query. A source without
  ``presence`` is always called.
- Names are unique; tests may swap a source through ``joinedup.chronology.registry`` (register a name again and
  the later function replaces the earlier; unregister it after).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from django.db.models import QuerySet


class Agency(StrEnum):
    """Who the event comes from: the chronology's agency filter."""

    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    FAMILY_HELP = "family_help"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    EARLY_YEARS = "early_years"
    YOUTH_JUSTICE = "youth_justice"
    VOLUNTARY_SECTOR = "voluntary_sector"
    FAMILY = "family"
    OTHER = "other"

    @property
    def label(self) -> str:
        return AGENCY_LABELS[self]


AGENCY_LABELS: dict[Agency, str] = {
    Agency.CHILDRENS_SOCIAL_CARE: "Children's social care",
    Agency.FAMILY_HELP: "Family Help",
    Agency.POLICE: "Police",
    Agency.HEALTH: "Health",
    Agency.EDUCATION: "Education",
    Agency.EARLY_YEARS: "Early years",
    Agency.YOUTH_JUSTICE: "Youth justice",
    Agency.VOLUNTARY_SECTOR: "Voluntary and community sector",
    Agency.FAMILY: "The family",
    Agency.OTHER: "Other",
}


class EventType(StrEnum):
    """The fixed vocabulary of chronology events: the chronology's type filter."""

    CONTACT = "contact"
    DECISION = "decision"
    REFERRAL = "referral"
    ASSESSMENT = "assessment"
    STRATEGY_DISCUSSION = "strategy_discussion"
    SECTION_47 = "section_47"
    CONFERENCE = "conference"
    PLAN = "plan"
    REVIEW = "review"
    VISIT = "visit"
    PLACEMENT = "placement"
    MISSING = "missing"
    HEALTH = "health"
    EDUCATION = "education"
    POLICE_INCIDENT = "police_incident"
    LEAVING_CARE = "leaving_care"
    DIRECT_WORK = "direct_work"
    CASE_NOTE = "case_note"
    ESCALATION = "escalation"
    CLOSURE = "closure"
    OTHER = "other"

    @property
    def label(self) -> str:
        return EVENT_TYPE_LABELS[self]


EVENT_TYPE_LABELS: dict[EventType, str] = {
    EventType.CONTACT: "Contact",
    EventType.DECISION: "Decision",
    EventType.REFERRAL: "Referral",
    EventType.ASSESSMENT: "Assessment",
    EventType.STRATEGY_DISCUSSION: "Strategy discussion",
    EventType.SECTION_47: "Section 47 enquiry",
    EventType.CONFERENCE: "Child protection conference",
    EventType.PLAN: "Plan",
    EventType.REVIEW: "Review",
    EventType.VISIT: "Visit",
    EventType.PLACEMENT: "Placement",
    EventType.MISSING: "Missing episode",
    EventType.HEALTH: "Health",
    EventType.EDUCATION: "Education",
    EventType.POLICE_INCIDENT: "Police incident",
    EventType.LEAVING_CARE: "Leaving care",
    EventType.DIRECT_WORK: "Direct work",
    EventType.CASE_NOTE: "Case note",
    EventType.ESCALATION: "Professional challenge",
    EventType.CLOSURE: "Closure",
    EventType.OTHER: "Other",
}

# The vocabularies as model and form choices (case_record.SignificantEvent, sharing.SharedEvent, the API).
AGENCY_CHOICES = [(k.value, v) for k, v in AGENCY_LABELS.items()]
EVENT_TYPE_CHOICES = [(k.value, v) for k, v in EVENT_TYPE_LABELS.items()]


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One significant event in a child's life or in the work with them."""

    child_id: int
    occurred_on: dt.date
    agency: str
    event_type: str
    title: str
    source_key: str
    detail: str = ""
    url: str = ""
    occurred_at: dt.datetime | None = None
    recorded_by: str = ""
    organisation: str = ""  # the organisation that recorded it, when known (its agency is `agency`)

    @property
    def agency_label(self) -> str:
        try:
            return Agency(self.agency).label
        except ValueError:
            return self.agency

    @property
    def event_type_label(self) -> str:
        try:
            return EventType(self.event_type).label
        except ValueError:
            return self.event_type

    @property
    def sort_key(self) -> tuple[dt.date, float, str]:
        return (self.occurred_on, self.occurred_at.timestamp() if self.occurred_at else 0.0, self.source_key)


@dataclass(frozen=True, slots=True)
class Period:
    """From `start` to `end` inclusive; either may be open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def filter(self, queryset: QuerySet[Any], date_field: str) -> QuerySet[Any]:
        """Limit `queryset` to the period on a DateField (or a DateTimeField's `__date`)."""
        if self.start is not None:
            queryset = queryset.filter(**{f"{date_field}__gte": self.start})
        if self.end is not None:
            queryset = queryset.filter(**{f"{date_field}__lte": self.end})
        return queryset

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


class RecordPart(StrEnum):
    """The parts of a child's record a partner may take part in, and so read in the chronology: access/ says which
    a partner reader takes part in for each child (``access.policy.partner_reader``), each from the permission that
    opens that part's own pages to them (``access.policy.CHRONOLOGY_PARTS``)."""

    CHILD_PROTECTION = "child_protection"  # a strategy discussion, the enquiry's team, a conference, the core group
    FAMILY_HELP = "family_help"  # the lead practitioner and the team around the family
    PLACEMENT = "placement"  # a looked-after child's nurse, designated teacher or carers
    MISSING = "missing"  # a looked-after child's carers and the police contact


@dataclass(frozen=True)
class PartnerReader:
    """A partner reading the chronology: the parts of each child's record they take part in (child id to
    :class:`RecordPart` values), decided by access/. A child absent from `parts` is one whose work they take no
    part in: they see only their own organisation's rows and what was shared with them."""

    parts: Mapping[int, frozenset[str]]

    def takes_part(self, child_id: int, part: RecordPart) -> bool:
        return part in self.parts.get(child_id, frozenset())

    def children_in(self, children: Iterable[int], part: RecordPart) -> list[int]:
        """The children among `children` in whose `part` of the record the partner takes part."""
        return [child for child in children if self.takes_part(child, part)]


class ChronologyReader(Protocol):
    """A source's function: the entries of `children` (ids the reader may see) for `user`, within `period`."""

    def __call__(self, *, children: Sequence[int], user: Any, period: Period) -> Iterable[ChronologyEntry]: ...


class PartnerChronologyReader(Protocol):
    """A ``partners=True`` source's function: as :class:`ChronologyReader`, and `partner` (None for a reader who sees
    the child's whole record) by which it keeps a partner to the parts of the record they take part in."""

    def __call__(
        self, *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
    ) -> Iterable[ChronologyEntry]: ...


Presence = Callable[[Sequence[int]], QuerySet[Any]]


@dataclass(frozen=True)
class ChronologySource:
    """A source of chronology entries as an app declares it in its ``chronology.py`` (``CHRONOLOGY_SOURCES``)."""

    name: str
    fn: Callable[..., Iterable[ChronologyEntry]]
    partners: bool = False
    presence: Presence | None = None


def shorten(text: str, limit: int = 300) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis: an entry's or a summary item's detail."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
