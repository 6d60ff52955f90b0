"""Assessments' and Family Help's significant events in the multi-agency chronology (M25): assessment started and
authorised, family plan agreed, reviews, step-up and step-down, Family Help opened and closed. Registered on import
(from FamilyHelpConfig.ready); read for local authority caseworkers only (partners see what was shared)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse

from joinedup.assessments.models import SingleAssessment
from joinedup.case_record.chronology import (
    Agency,
    ChronologyEntry,
    EventType,
    Period,
    register_chronology_source,
)

from .codes import StepDirection
from .models import FamilyHelpCase, FamilyHelpStep, FamilyPlan, FamilyPlanReview


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
register_chronology_source(
    "assessments.assessments",
    assessments,
    presence=lambda children: SingleAssessment.objects.filter(child_id__in=children),
)
register_chronology_source(
    "family_help.family_help",
    family_help,
    presence=lambda children: FamilyHelpCase.objects.filter(child_id__in=children),
)
