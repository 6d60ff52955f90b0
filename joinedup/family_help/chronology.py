"""Family Help's significant events in the multi-agency chronology (joinedup/core/chronology.py): Family Help opened
and closed, family plan agreed, reviews, step-up and step-down. Declared here, read by the chronology app
(ChronologyConfig.ready); read for local authority caseworkers only (partners see what was shared)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse

from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period

from .codes import StepDirection
from .models import FamilyHelpCase, FamilyHelpStep, FamilyPlan, FamilyPlanReview


def family_help(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    cases = FamilyHelpCase.objects.filter(child_id__in=children)
    for row in period.filter(cases, "opened_on").values("id", "child_id", "opened_on"):
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["opened_on"],
            agency=Agency.FAMILY_HELP,
            event_type=EventType.PLAN,
            title="Family Help opened",
            source_key=f"family_help.opened:{row['id']}",
            url=reverse("family_help:family_record", args=[row["id"]]),
        )
    for row in period.filter(cases.filter(closed_on__isnull=False), "closed_on").values(
        "id", "child_id", "closed_on", "closure_reason"
    ):
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["closed_on"],
            agency=Agency.FAMILY_HELP,
            event_type=EventType.CLOSURE,
            title="Family Help closed",
            detail=f"Reason {row['closure_reason']}",
            source_key=f"family_help.closed:{row['id']}",
            url=reverse("family_help:family_record", args=[row["id"]]),
        )
    plans = FamilyPlan.objects.filter(case__child_id__in=children)
    for row in period.filter(plans, "agreed_on").values("id", "case_id", "case__child_id", "agreed_on"):
        yield ChronologyEntry(
            child_id=row["case__child_id"],
            occurred_on=row["agreed_on"],
            agency=Agency.FAMILY_HELP,
            event_type=EventType.PLAN,
            title="Family plan agreed",
            source_key=f"family_help.plan:{row['id']}",
            url=reverse("family_help:family_record", args=[row["case_id"]]),
        )
    reviews = FamilyPlanReview.objects.filter(case__child_id__in=children)
    for row in period.filter(reviews, "held_on").values("id", "case_id", "case__child_id", "held_on"):
        yield ChronologyEntry(
            child_id=row["case__child_id"],
            occurred_on=row["held_on"],
            agency=Agency.FAMILY_HELP,
            event_type=EventType.REVIEW,
            title="Family plan reviewed",
            source_key=f"family_help.review:{row['id']}",
            url=reverse("family_help:family_record", args=[row["case_id"]]),
        )
    steps = FamilyHelpStep.objects.filter(case__child_id__in=children)
    for row in period.filter(steps, "on").values("id", "case_id", "case__child_id", "on", "direction", "reason"):
        yield ChronologyEntry(
            child_id=row["case__child_id"],
            occurred_on=row["on"],
            agency=Agency.FAMILY_HELP,
            event_type=EventType.DECISION,
            title="Stepped up to child protection"
            if row["direction"] == StepDirection.UP
            else "Stepped down to Family Help",
            detail=row["reason"],
            source_key=f"family_help.step:{row['id']}",
            url=reverse("family_help:family_record", args=[row["case_id"]]),
        )


# presence: so the chronology asks once whether the child has any (plans, reviews and steps all belong to a case).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "family_help.family_help",
        family_help,
        presence=lambda children: FamilyHelpCase.objects.filter(child_id__in=children),
    ),
]
