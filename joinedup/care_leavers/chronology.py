"""Care leavers' part of the multi-agency chronology and the case summary (joinedup/core/chronology.py): pathway
plans agreed in the chronology; the latest pathway plan and the young person's views in the case summary. Declared
here, read by the chronology app (ChronologyConfig.ready); read for local authority caseworkers only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse

from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period, shorten
from joinedup.core.summary import SummaryItem, SummarySection, SummarySource
from joinedup.core.voice import voice_summary_items

from .models import PathwayPlan


def pathway_plans(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(PathwayPlan.objects.filter(child_id__in=children), "agreed_on").values_list(
        "id", "child_id", "agreed_on", "summary"
    )
    for pk, child_id, on, summary in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.LEAVING_CARE,
            title="Pathway plan agreed",
            detail=shorten(summary),
            source_key=f"care_leavers.pathway_plan:{pk}",
        )


CHRONOLOGY_SOURCES = [
    ChronologySource(
        "care_leavers.pathway_plans",
        pathway_plans,
        presence=lambda children: PathwayPlan.objects.filter(child_id__in=children),
    ),
]


def pathway_plan_summary(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The pathway plan in force: the latest agreed, as the leaving care record shows them."""
    plan = (
        PathwayPlan.objects.filter(child_id=child_id)
        .order_by("-agreed_on", "-id")
        .values("agreed_on", "summary")
        .first()
    )
    if plan is None:
        return []
    url = reverse("care_leavers:leaving_care", args=[child_id])
    return [SummaryItem(SummarySection.PLAN, "Pathway plan", shorten(plan["summary"], 500), url, plan["agreed_on"])]


def pathway_plan_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The young person's wishes and feelings in their own words at their pathway plans, the most recent first (one
    query)."""
    url = reverse("care_leavers:leaving_care", args=[child_id])
    plans = PathwayPlan.objects.filter(child_id=child_id)
    return voice_summary_items(plans, when="agreed_on", title="Pathway plan", url=url)


SUMMARY_SOURCES = [
    SummarySource(
        "care_leavers.pathway_plan",
        pathway_plan_summary,
        presence=lambda child_id: PathwayPlan.objects.filter(child_id=child_id),
    ),
    SummarySource(
        "care_leavers.pathway_plan_voice",
        pathway_plan_voice,
        presence=lambda child_id: PathwayPlan.objects.filter(child_id=child_id).exclude(child_voice_words=""),
    ),
]
