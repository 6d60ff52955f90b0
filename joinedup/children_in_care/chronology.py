"""Children in care's part of the multi-agency chronology and the case summary (joinedup/core/chronology.py):
periods of care beginning and ending, placements, missing episodes and looked-after reviews in the chronology; the
current care plan and the child's words at their reviews in the case summary. Declared here, read by the chronology
app (ChronologyConfig.ready). Each source reads all the children at once, in one query. Placements and missing
episodes are read for partners too, for the children whose placement or missing episodes access/ shows them; periods
of care and reviews for local authority caseworkers only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

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
from joinedup.core.voice import voice_summary_items

from .codes import MissingKind, PlacementType
from .models import CarePlan, LookedAfterReview, MissingEpisode, PeriodOfCare, Placement


def _care_history(children: Sequence[int]) -> dict[int, str]:
    return {child_id: reverse("children_in_care:care_history", args=[child_id]) for child_id in set(children)}


def care_periods(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    urls = _care_history(children)
    rows = PeriodOfCare.objects.filter(child_id__in=children).values_list("id", "child_id", "started_on", "ended_on")
    for pk, child_id, started, ended in rows:
        if period.contains(started):
            yield ChronologyEntry(
                child_id=child_id,
                occurred_on=started,
                agency=Agency.CHILDRENS_SOCIAL_CARE,
                event_type=EventType.PLACEMENT,
                title="Became looked after",
                url=urls[child_id],
                source_key=f"children_in_care.period_start:{pk}",
            )
        if ended and period.contains(ended):
            yield ChronologyEntry(
                child_id=child_id,
                occurred_on=ended,
                agency=Agency.CHILDRENS_SOCIAL_CARE,
                event_type=EventType.PLACEMENT,
                title="Ceased to be looked after",
                url=urls[child_id],
                source_key=f"children_in_care.period_end:{pk}",
            )


def _by(organisation_type: str | None) -> Agency:
    """The agency of the practitioner who recorded it (a carer recording a missing episode): the local authority's
    when nobody is named."""
    return chronology_agency(organisation_type, default=Agency.CHILDRENS_SOCIAL_CARE)


def placements(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each placement's start. A partner sees those of the children whose placement they work with (access/: the
    looked-after child's nurse, designated teacher, carers), without the link to the care record."""
    if partner is not None:
        children = partner.children_in(children, RecordPart.PLACEMENT)
        if not children:
            return
    types = dict(PlacementType.choices)
    urls = _care_history(children) if partner is None else {}
    rows = period.filter(Placement.objects.filter(child_id__in=children), "started_on").values_list(
        "id", "child_id", "started_on", "placement_type", "setting_name"
    )
    for pk, child_id, on, kind, setting in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.PLACEMENT,
            title="Placement began",
            detail=f"{types.get(kind, kind)}{': ' + setting if setting else ''}",
            url=urls.get(child_id, ""),
            source_key=f"children_in_care.placement:{pk}",
        )


def missing_episodes(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each missing or away episode under the agency that recorded it. A partner sees those of the children whose
    missing episodes access/ shows them (their carers, the police contact), without the link to the care record."""
    if partner is not None:
        children = partner.children_in(children, RecordPart.MISSING)
        if not children:
            return
    kinds = dict(MissingKind.choices)
    urls = _care_history(children) if partner is None else {}
    rows = period.filter(MissingEpisode.objects.filter(child_id__in=children), "started_at__date").values_list(
        "id",
        "child_id",
        "started_at",
        "ended_at",
        "kind",
        "recorded_by__organisation__name",
        "recorded_by__organisation__organisation_type",
    )
    for pk, child_id, started, ended, kind, organisation, organisation_type in rows:
        on = timezone.localtime(started).date()
        back = f"; returned {timezone.localtime(ended):%-d %B %Y %H:%M}" if ended else "; not yet returned"
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            occurred_at=started,
            agency=_by(organisation_type),
            event_type=EventType.MISSING,
            title=kinds.get(kind, kind),
            detail=f"From {timezone.localtime(started):%H:%M}{back}",
            url=urls.get(child_id, ""),
            organisation=organisation or "",
            source_key=f"children_in_care.missing:{pk}",
        )


def looked_after_reviews(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    urls = _care_history(children)
    rows = period.filter(LookedAfterReview.objects.filter(child_id__in=children), "held_on").values_list(
        "id", "child_id", "held_on", "number", "child_voice_words"
    )
    for pk, child_id, on, number, views in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.REVIEW,
            title=f"Looked-after review {number}",
            detail=shorten(views),
            url=urls[child_id],
            source_key=f"children_in_care.review:{pk}",
        )


# presence: the rows each source reads, so the chronology asks once whether the child has any (one query for all).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "children_in_care.periods",
        care_periods,
        presence=lambda children: PeriodOfCare.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "children_in_care.placements",
        placements,
        partners=True,
        presence=lambda children: Placement.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "children_in_care.missing",
        missing_episodes,
        partners=True,
        presence=lambda children: MissingEpisode.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "children_in_care.reviews",
        looked_after_reviews,
        presence=lambda children: LookedAfterReview.objects.filter(child_id__in=children),
    ),
]


# -- the case summary: the current care plan, and the child's words -------------------------------------------------


def care_plan_summary(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The care plan in force: the latest of the child's current period of care, as the care history shows it."""
    plan = (
        CarePlan.objects.filter(child_id=child_id, period__ended_on__isnull=True)
        .order_by("-agreed_on", "-id")
        .values("agreed_on", "arrangements")
        .first()
    )
    if plan is None:
        return []
    return [
        SummaryItem(
            section=SummarySection.PLAN,
            title="Care plan",
            detail=shorten(plan["arrangements"], 500),
            url=reverse("children_in_care:care_history", args=[child_id]),
            on=plan["agreed_on"],
        )
    ]


def care_plan_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings in their own words at their care plans, the most recent first, from this
    period of care or an earlier one (one query). A plan that could not obtain them shows its reason on the care
    history only."""
    url = reverse("children_in_care:care_history", args=[child_id])
    return voice_summary_items(CarePlan.objects.filter(child_id=child_id), when="agreed_on", title="Care plan", url=url)


def review_voice_summary(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings in their own words at their looked-after reviews, the most recent first (one
    query)."""
    url = reverse("children_in_care:care_history", args=[child_id])
    reviews = LookedAfterReview.objects.filter(child_id=child_id)
    return voice_summary_items(reviews, when="held_on", title="Looked-after review", url=url)


SUMMARY_SOURCES = [
    SummarySource(
        "children_in_care.care_plan",
        care_plan_summary,
        presence=lambda child_id: CarePlan.objects.filter(child_id=child_id, period__ended_on__isnull=True),
    ),
    SummarySource(
        "children_in_care.care_plan_voice",
        care_plan_voice,
        presence=lambda child_id: CarePlan.objects.filter(child_id=child_id).exclude(child_voice_words=""),
    ),
    SummarySource(
        "children_in_care.review_voice",
        review_voice_summary,
        presence=lambda child_id: LookedAfterReview.objects.filter(child_id=child_id).exclude(child_voice_words=""),
    ),
]
