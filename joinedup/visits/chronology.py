"""Visits in the multi-agency chronology and the case summary (joinedup/core/chronology.py, core/summary.py): each
child's own part of each visit (seen, seen alone, or not seen and why) and the child's own words. The chronology's
source is read for partners too: a partner who takes part in a child's child protection work (access/ decides it)
sees that the child was visited, on what day and by which agency, and nothing of what was seen or said. The
summary's words are read for local authority caseworkers only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models.functions import Substr
from django.urls import reverse

from joinedup.agencies.models import chronology_agency
from joinedup.core.chronology import (
    Agency,
    ChronologyEntry,
    ChronologySource,
    EventType,
    PartnerReader,
    Period,
    RecordPart,
    shorten,
)
from joinedup.core.summary import SummaryItem, SummarySection, SummarySource

from .models import VisitChild, VisitKind

# A visit first recorded as a case note (before issue 18) is already in the chronology as that note when it was
# marked significant: shown once, as the note.
FROM_A_NOTE = "case_record.note:"


def seen_text(seen: bool, seen_alone: bool) -> str:
    if seen_alone:
        return "Seen alone"
    return "Seen, not alone" if seen else "Not seen"


def visits(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    if partner is not None:
        children = partner.children_in(children, RecordPart.CHILD_PROTECTION)
        if not children:
            return
    kinds = dict(VisitKind.choices)
    rows = (
        period.filter(VisitChild.objects.filter(child_id__in=children), "visited_on")
        .exclude(visit__origin__startswith=FROM_A_NOTE)
        .values_list(
            "id",
            "visit_id",
            "child_id",
            "visited_on",
            "visit__kind",
            "seen",
            "seen_alone",
            "reason_not_seen",
            Substr("observations", 1, 300),
            Substr("visit__account", 1, 300),
            "visit__visited_by_name",
            "visit__visited_by__organisation__organisation_type",
            "visit__visited_by__organisation__name",
        )
    )
    for pk, visit_id, child_id, on, kind, seen, alone, why_not, observed, account, by, org_type, org in rows:
        agency = chronology_agency(org_type, default=Agency.CHILDRENS_SOCIAL_CARE)
        if partner is not None:  # the day and the agency: what was seen and said stays with the local authority
            yield ChronologyEntry(
                child_id=child_id,
                occurred_on=on,
                agency=agency,
                event_type=EventType.VISIT,
                title="The child was visited",
                organisation=org or "",
                source_key=f"visits.visit_child:{pk}",
            )
            continue
        detail = why_not if not seen else (observed or account)
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=agency,
            event_type=EventType.VISIT,
            title=f"{kinds.get(kind, 'Visit')}: {seen_text(seen, alone).lower()}",
            detail=shorten(detail),
            url=reverse("visits:visit", args=[child_id, visit_id]),
            recorded_by=by,
            organisation=org or "",
            source_key=f"visits.visit_child:{pk}",
        )


CHRONOLOGY_SOURCES = [
    ChronologySource(
        "visits.visits",
        visits,
        partners=True,
        presence=lambda children: VisitChild.objects.filter(child_id__in=children),
    ),
]


def childs_words(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's own words at their latest visits: this child's, never a brother's or sister's."""
    rows = (
        VisitChild.objects.filter(child_id=child_id)
        .exclude(childs_words="")
        .order_by("-visited_on", "-visit_id")
        .values_list("visit_id", "visited_on", "childs_words")[:5]
    )
    return [
        SummaryItem(
            section=SummarySection.VOICE,
            title="Visit",
            detail=words,
            url=reverse("visits:visit", args=[child_id, visit_id]),
            on=on,
        )
        for visit_id, on, words in rows
    ]


SUMMARY_SOURCES = [
    SummarySource(
        "visits.childs_words",
        childs_words,
        presence=lambda child_id: VisitChild.objects.filter(child_id=child_id).exclude(childs_words=""),
    ),
]
