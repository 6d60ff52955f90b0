"""Reads across the domain apps, for one child the reader may already see (the views reach the child through
access/lookup.py): the multi-agency chronology, the case summary, and the search within a child's record that takes
in the chronology. Every page read is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.access.models import Involvement
from joinedup.audit import services as auditor
from joinedup.case_record.models import CaseNoteChild, SupervisionAction
from joinedup.case_record.selectors import (
    SearchHit,
    chronology_analysis_for_child,
    search_notes_and_documents,
    snippet,
)
from joinedup.core.chronology import AGENCY_LABELS, EVENT_TYPE_LABELS, ChronologyEntry, Period
from joinedup.core.summary import SummaryItem, SummarySection
from joinedup.front_door.selectors import open_episode_for_child
from joinedup.people.models import Person
from joinedup.people.selectors import child_family_network
from joinedup.sharing.selectors import open_challenge_count
from joinedup.timescales.models import Deadline
from joinedup.timescales.rules import RULES, SAFEGUARDING_PARTNERS_RULES
from joinedup.visits.selectors import last_seen_get

from .registry import gather, gather_summary, is_partner

# -- the chronology ------------------------------------------------------------------------------------------------


@dataclass
class ChronologyFilters:
    agencies: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(slots=True)
class ChronologyRow:
    entry: ChronologyEntry
    analysis: str
    analysis_by: str


@dataclass
class ChronologyView:
    child: Person
    rows: list[ChronologyRow]
    total: int
    partner_view: bool
    filters: ChronologyFilters
    agencies_present: list[tuple[str, str]]
    types_present: list[tuple[str, str]]


def chronology_for_child(
    *, actor: Any, child: Person, filters: ChronologyFilters, audit: bool = True
) -> ChronologyView:
    """The child's chronology, oldest first, with the analysis column. A partner gets only what was shared with
    them and no analysis. The read is audited once."""
    partner = is_partner(actor)
    gathered = gather(children=[child.pk], user=actor, period=Period(start=filters.start, end=filters.end))
    entries = gathered.entries
    agency_labels = {a.value: label for a, label in AGENCY_LABELS.items()}
    type_labels = {t.value: label for t, label in EVENT_TYPE_LABELS.items()}
    agencies_present = sorted(
        ((a, agency_labels.get(str(a), str(a))) for a in {e.agency for e in entries}), key=lambda p: p[1]
    )
    types_present = sorted(
        ((t, type_labels.get(str(t), str(t))) for t in {e.event_type for e in entries}), key=lambda p: p[1]
    )
    if filters.agencies:
        entries = [e for e in entries if e.agency in filters.agencies]
    if filters.event_types:
        entries = [e for e in entries if e.event_type in filters.event_types]
    analysis = {} if partner else chronology_analysis_for_child(child=child)
    rows = [ChronologyRow(e, *analysis.get(e.source_key, ("", ""))) for e in entries]
    if audit:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason="Chronology")
    return ChronologyView(child, rows, len(rows), partner, filters, agencies_present, types_present)


# -- the case summary ----------------------------------------------------------------------------------------------


@dataclass
class Voice:
    on: dt.date
    words: str
    where: str
    url: str = ""


@dataclass
class CaseSummary:
    child: Person
    today: dt.date
    people: list[dict[str, Any]]
    professionals: list[dict[str, Any]]
    episode: dict[str, Any] | None
    recent: list[ChronologyEntry]
    plan: list[SummaryItem]
    risks: list[SummaryItem]  # the harms named at the front door first (front_door/chronology.py), then any others
    overdue: list[dict[str, Any]]
    due_soon: list[dict[str, Any]]
    voice: list[Voice]
    last_seen: dt.date | None
    last_seen_alone: dt.date | None
    open_challenges: int
    other: list[SummaryItem]


# A clock whose rule is no longer in rules.toml (none should be): said in plain words, not by its code.
UNKNOWN_CLOCK = "A statutory timescale"
# The child's most recent words shown, from every source together.
VOICES_SHOWN = 6


def case_summary_get(*, actor: Any, child: Person) -> CaseSummary:
    """Generated from the record every time (never typed): who the child is, who matters to them, harms and risks,
    what has happened, the current plan and what is overdue, the child's own words. A fixed number of queries, and
    those of the summary sources the apps declare (each a fixed number too)."""
    today = timezone.localdate()
    # Who matters to the child, as the record's family network has them: current relationships both ways and who
    # lives with the child; those with parental responsibility first, then those significant to the child.
    people = [
        {
            "name": f"{m.person.given_name} {m.person.family_name}".strip(),
            "relationship": m.relationship if m.direction == "from_child" else m.relationship.lower(),
            "parental_responsibility": m.has_parental_responsibility,
            "significant": m.is_significant,
        }
        for m in sorted(
            child_family_network(child=child),
            key=lambda m: (not m.has_parental_responsibility, not m.is_significant, m.relationship_type, m.person.pk),
        )
    ]
    professionals = [
        {
            "name": f"{i.practitioner.given_name} {i.practitioner.family_name}",
            "role": i.get_role_display(),
            "organisation": i.practitioner.organisation.name,
            "since": i.started_on,
        }
        for i in Involvement.objects.filter(child=child)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("practitioner__organisation")
        .order_by("started_on", "id")
    ]
    episode_row = open_episode_for_child(child=child)
    gathered = gather(children=[child.pk], user=actor, period=Period(start=today - dt.timedelta(days=365)))
    recent = list(reversed(gathered.entries[-8:]))
    items = gather_summary(child_id=child.pk, user=actor, partner=is_partner(actor))
    deadlines: list[Any] = list(
        Deadline.objects.filter(child=child, met_on__isnull=True, due_on__lte=today + dt.timedelta(days=14))
        .exclude(rule_code__in=SAFEGUARDING_PARTNERS_RULES)
        .order_by("due_on", "id")
        .values("rule_code", "due_on", "figure_applied", "assignee__given_name", "assignee__family_name")
    )
    for d in deadlines:  # in the guidance's words, never a rule's code
        rule = RULES.get(d.pop("rule_code"))
        d["title"] = rule.what if rule else UNKNOWN_CLOCK
    overdue = [d for d in deadlines if d["due_on"] < today]
    due_soon = [d for d in deadlines if d["due_on"] >= today]
    overdue += [
        {
            "title": a["action"],
            "due_on": a["due_on"],
            "figure_applied": "Supervision action",
            "assignee__given_name": a["owner__given_name"],
            "assignee__family_name": a["owner__family_name"],
        }
        for a in SupervisionAction.objects.filter(child=child, done_on__isnull=True, due_on__lt=today).values(
            "action", "due_on", "owner__given_name", "owner__family_name"
        )
    ]
    voice: list[Voice] = [
        Voice(on, words, "Case note")
        for on, words in CaseNoteChild.objects.filter(child=child)
        .exclude(note__childs_words="")
        .order_by("-occurred_on", "-note_id")
        .values_list("occurred_on", "note__childs_words")[:5]
    ]
    for item in items:
        if item.section == SummarySection.VOICE:
            voice.append(Voice(item.on or today, item.detail, item.title, item.url))
    voice.sort(key=lambda v: v.on, reverse=True)
    seen = last_seen_get(child_id=child.pk)  # from visits (issue 18): one visit, recorded once for each child
    open_challenges = open_challenge_count(child=child)
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason="Case summary")
    return CaseSummary(
        child=child,
        today=today,
        people=people,
        professionals=professionals,
        episode=episode_row,
        recent=recent,
        plan=[i for i in items if i.section == SummarySection.PLAN],
        risks=[i for i in items if i.section == SummarySection.RISK],
        overdue=overdue,
        due_soon=due_soon,
        voice=voice[:VOICES_SHOWN],
        last_seen=seen.last_seen,
        last_seen_alone=seen.last_seen_alone,
        open_challenges=open_challenges,
        other=[i for i in items if i.section in (SummarySection.PEOPLE, SummarySection.HAPPENED)],
    )


# -- search within a child's record --------------------------------------------------------------------------------


def search_record(*, actor: Any, child: Person, q: str) -> list[SearchHit]:
    """Search within one child's record: notes, documents (the case record's) and the chronology's entries."""
    q = q.strip()
    if len(q) < 2:
        return []
    hits = search_notes_and_documents(actor=actor, child=child, q=q)
    name = f"{child.given_name} {child.family_name}".strip()
    view = chronology_for_child(actor=actor, child=child, filters=ChronologyFilters(), audit=False)
    for row in view.rows:
        e = row.entry
        if e.source_key.startswith("case_record.note:"):
            continue
        if q.lower() in f"{e.title} {e.detail} {row.analysis}".lower():
            hits.append(
                SearchHit(
                    child.pk,
                    name,
                    "Chronology",
                    e.occurred_on,
                    e.title,
                    snippet(e.detail or row.analysis, q),
                    e.url or reverse("chronology:chronology", args=[child.pk]),
                )
            )
    hits.sort(key=lambda h: h.on, reverse=True)
    return hits
