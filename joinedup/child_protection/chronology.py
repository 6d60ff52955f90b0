"""Child protection's significant events in the multi-agency chronology (joinedup/core/chronology.py): strategy
discussions, section 47 enquiries and their outcomes, conferences and their decisions, plans starting and ending,
and core group meetings. Declared here, read by the chronology app (ChronologyConfig.ready). Read for local
authority caseworkers only (the default); a query or two for all the children together."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse

from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period

from .codes import (
    CIN_CATEGORY_LABELS,
    ConferenceDecision,
    ConferenceKind,
    PlanEndReason,
    Section47Outcome,
    StrategyOutcome,
)
from .models import ChildProtectionPlan, Conference, CoreGroupMeeting, Section47Enquiry, StrategyDiscussion

LA = Agency.CHILDRENS_SOCIAL_CARE


def _record(child_id: int) -> str:
    return reverse("child_protection:record", args=[child_id])


def strategy_discussions(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(StrategyDiscussion.objects.filter(child_id__in=children), "held_on")
    for row in rows.values("id", "child_id", "held_on", "outcome"):
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["held_on"],
            agency=LA,
            event_type=EventType.STRATEGY_DISCUSSION,
            title="Strategy discussion",
            detail=f"Outcome: {StrategyOutcome(row['outcome']).label}",
            url=_record(row["child_id"]),
            source_key=f"child_protection.strategy_discussion:{row['id']}",
        )


def section_47_outcomes(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(
        Section47Enquiry.objects.filter(child_id__in=children, concluded_on__isnull=False), "concluded_on"
    )
    for row in rows.values("id", "child_id", "concluded_on", "outcome"):
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["concluded_on"],
            agency=LA,
            event_type=EventType.SECTION_47,
            title="Section 47 enquiry outcome",
            detail=Section47Outcome(row["outcome"]).label if row["outcome"] else "",
            url=_record(row["child_id"]),
            source_key=f"child_protection.section_47_outcome:{row['id']}",
        )


def conferences(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(Conference.objects.filter(child_id__in=children, status="held"), "held_on")
    for row in rows.values("id", "child_id", "held_on", "kind", "decision", "cin_category"):
        detail = ConferenceDecision(row["decision"]).label if row["decision"] else ""
        if row["cin_category"]:
            detail += f" (category: {CIN_CATEGORY_LABELS.get(row['cin_category'], row['cin_category'])})"
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["held_on"],
            agency=LA,
            event_type=EventType.CONFERENCE,
            title=ConferenceKind(row["kind"]).label,
            detail=detail,
            url=reverse("child_protection:conference", args=[row["id"]]),
            source_key=f"child_protection.conference:{row['id']}",
        )


def plans(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    qs = ChildProtectionPlan.objects.filter(child_id__in=children)
    for row in qs.values("id", "child_id", "started_on", "ended_on", "end_reason"):
        if period.contains(row["started_on"]):
            yield ChronologyEntry(
                child_id=row["child_id"],
                occurred_on=row["started_on"],
                agency=LA,
                event_type=EventType.PLAN,
                title="Child protection plan started",
                url=_record(row["child_id"]),
                source_key=f"child_protection.plan_started:{row['id']}",
            )
        if row["ended_on"] and period.contains(row["ended_on"]):
            yield ChronologyEntry(
                child_id=row["child_id"],
                occurred_on=row["ended_on"],
                agency=LA,
                event_type=EventType.PLAN,
                title="Child protection plan ended",
                detail=PlanEndReason(row["end_reason"]).label if row["end_reason"] else "",
                url=_record(row["child_id"]),
                source_key=f"child_protection.plan_ended:{row['id']}",
            )


def core_groups(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(CoreGroupMeeting.objects.filter(plan__child_id__in=children), "held_on")
    for row in rows.values("id", "plan__child_id", "held_on"):
        yield ChronologyEntry(
            child_id=row["plan__child_id"],
            occurred_on=row["held_on"],
            agency=LA,
            event_type=EventType.REVIEW,
            title="Core group meeting",
            url=_record(row["plan__child_id"]),
            source_key=f"child_protection.core_group:{row['id']}",
        )


# presence: the rows each source reads, so the chronology asks once whether the child has any (one query for all).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "child_protection.strategy_discussions",
        strategy_discussions,
        presence=lambda children: StrategyDiscussion.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "child_protection.section_47_outcomes",
        section_47_outcomes,
        presence=lambda children: Section47Enquiry.objects.filter(child_id__in=children, concluded_on__isnull=False),
    ),
    ChronologySource(
        "child_protection.conferences",
        conferences,
        presence=lambda children: Conference.objects.filter(child_id__in=children, status="held"),
    ),
    ChronologySource(
        "child_protection.plans",
        plans,
        presence=lambda children: ChildProtectionPlan.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "child_protection.core_groups",
        core_groups,
        presence=lambda children: CoreGroupMeeting.objects.filter(plan__child_id__in=children),
    ),
]
