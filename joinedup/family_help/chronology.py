"""Family Help's significant events in the multi-agency chronology (joinedup/core/chronology.py): Family Help opened
and closed, family plan agreed, reviews, step-up and step-down. Declared here, read by the chronology app
(ChronologyConfig.ready). A partner who is the family's lead practitioner or in the team around the family sees the
family plan and its reviews (access/ decides who takes part), each under the agency that recorded it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse

from joinedup.agencies.models import OrganisationType, chronology_agency
from joinedup.core.chronology import (
    Agency,
    ChronologyEntry,
    ChronologySource,
    EventType,
    PartnerReader,
    Period,
    RecordPart,
)

from .codes import StepDirection
from .models import FamilyHelpCase, FamilyHelpStep, FamilyPlan, FamilyPlanReview


def _by(organisation_type: str | None) -> Agency:
    """A family plan or review is Family Help's, or the partner agency's whose lead practitioner recorded it."""
    if not organisation_type or organisation_type == OrganisationType.LOCAL_AUTHORITY:
        return Agency.FAMILY_HELP
    return chronology_agency(organisation_type)


def family_help(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    if partner is not None:
        # A lead practitioner or team member from a partner agency sees the family plan and its reviews, never the
        # local authority's decisions to open, step up or down, or close (access/policy.py).
        yield from _plans_and_reviews(partner.children_in(children, RecordPart.FAMILY_HELP), period)
        return
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
    yield from _plans_and_reviews(list(children), period)
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


def _plans_and_reviews(children: list[int], period: Period) -> Iterator[ChronologyEntry]:
    if not children:
        return
    plans = FamilyPlan.objects.filter(case__child_id__in=children)
    by = ("recorded_by__practitioner__organisation__name", "recorded_by__practitioner__organisation__organisation_type")
    for row in period.filter(plans, "agreed_on").values("id", "case_id", "case__child_id", "agreed_on", *by):
        yield ChronologyEntry(
            child_id=row["case__child_id"],
            occurred_on=row["agreed_on"],
            agency=_by(row[by[1]]),
            organisation=row[by[0]] or "",
            event_type=EventType.PLAN,
            title="Family plan agreed",
            source_key=f"family_help.plan:{row['id']}",
            url=reverse("family_help:family_record", args=[row["case_id"]]),
        )
    reviews = FamilyPlanReview.objects.filter(case__child_id__in=children)
    for row in period.filter(reviews, "held_on").values("id", "case_id", "case__child_id", "held_on", *by):
        yield ChronologyEntry(
            child_id=row["case__child_id"],
            occurred_on=row["held_on"],
            agency=_by(row[by[1]]),
            organisation=row[by[0]] or "",
            event_type=EventType.REVIEW,
            title="Family plan reviewed",
            source_key=f"family_help.review:{row['id']}",
            url=reverse("family_help:family_record", args=[row["case_id"]]),
        )


# presence: so the chronology asks once whether the child has any (plans, reviews and steps all belong to a case).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "family_help.family_help",
        family_help,
        partners=True,
        presence=lambda children: FamilyHelpCase.objects.filter(child_id__in=children),
    ),
]
