"""Visits in the multi-agency chronology and the case summary (joinedup/core/chronology.py, core/summary.py): each
child's own part of each visit (seen, seen alone, or not seen and why) and the child's own words. Read for local
authority caseworkers only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models.functions import Substr
from django.urls import reverse

from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period, shorten
from joinedup.core.summary import SummaryItem, SummarySection, SummarySource

from .models import VisitChild, VisitKind

# A visit first recorded as a case note (before issue 18) is already in the chronology as that note when it was
# marked significant: shown once, as the note.
FROM_A_NOTE = "case_record.note:"


def seen_text(seen: bool, seen_alone: bool) -> str:
    if seen_alone:
        return "Seen alone"
    return "Seen, not alone" if seen else "Not seen"


def visits(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
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
        )
    )
    for pk, visit_id, child_id, on, kind, seen, alone, why_not, observed, account, by in rows:
        detail = why_not if not seen else (observed or account)
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.VISIT,
            title=f"{kinds.get(kind, 'Visit')}: {seen_text(seen, alone).lower()}",
            detail=shorten(detail),
            url=reverse("visits:visit", args=[child_id, visit_id]),
            recorded_by=by,
            source_key=f"visits.visit_child:{pk}",
        )


CHRONOLOGY_SOURCES = [
    ChronologySource(
        "visits.visits",
        visits,
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
