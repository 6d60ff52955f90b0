"""Assessments' significant events in the multi-agency chronology (joinedup/core/chronology.py): a single or
pre-birth assessment started, and authorised with its outcome; and in the case summary (joinedup/core/summary.py)
the child's wishes and feelings in their own words at their assessments. Declared here, read by the chronology app
(ChronologyConfig.ready); read for local authority caseworkers only (partners see what was shared)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models.functions import Coalesce
from django.urls import reverse

from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period, shorten
from joinedup.core.summary import VOICE_PER_SOURCE, SummaryItem, SummarySection, SummarySource

from .codes import AssessmentKind
from .models import SingleAssessment


def assessments(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = SingleAssessment.objects.filter(child_id__in=children)
    fields = ("id", "child_id", "kind", "started_on", "completed_on", "outcome")
    for row in period.filter(rows, "started_on").values(*fields):
        kind = "Pre-birth assessment" if row["kind"] == "pre_birth" else "Single assessment"
        url = reverse("assessments:assessment", args=[row["id"]])
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["started_on"],
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.ASSESSMENT,
            title=f"{kind} started",
            source_key=f"assessments.started:{row['id']}",
            url=url,
        )
    for row in period.filter(rows.filter(completed_on__isnull=False), "completed_on").values(*fields):
        outcome = dict(SingleAssessment._meta.get_field("outcome").flatchoices).get(row["outcome"], "")
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["completed_on"],
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.ASSESSMENT,
            title="Assessment authorised",
            detail=f"Outcome: {outcome}",
            source_key=f"assessments.authorised:{row['id']}",
            url=reverse("assessments:assessment", args=[row["id"]]),
        )


# presence: so the chronology asks once whether the child has any.
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "assessments.assessments",
        assessments,
        presence=lambda children: SingleAssessment.objects.filter(child_id__in=children),
    ),
]


# -- the case summary: the child's wishes and feelings -------------------------------------------------------------


def assessment_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings at their assessments, the most recent first: dated the day the child was
    seen, or else the day the assessment was authorised or started (one query)."""
    rows = (
        SingleAssessment.objects.filter(child_id=child_id)
        .exclude(childs_wishes_and_feelings="")
        .annotate(said_on=Coalesce("child_seen_on", "completed_on", "started_on"))
        .order_by("-said_on", "-id")
        .values_list("id", "said_on", "kind", "childs_wishes_and_feelings")[:VOICE_PER_SOURCE]
    )
    return [
        SummaryItem(
            section=SummarySection.VOICE,
            title=AssessmentKind(kind).label,
            detail=shorten(words, 500),
            url=reverse("assessments:assessment", args=[pk]),
            on=on,
        )
        for pk, on, kind, words in rows
    ]


SUMMARY_SOURCES = [
    SummarySource(
        "assessments.voice",
        assessment_voice,
        presence=lambda child_id: SingleAssessment.objects.filter(child_id=child_id).exclude(
            childs_wishes_and_feelings=""
        ),
    ),
]
