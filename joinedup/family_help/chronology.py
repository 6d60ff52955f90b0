"""Family Help's significant events in the multi-agency chronology (joinedup/core/chronology.py): Family Help opened
and closed, family plan agreed, reviews, step-up and step-down; and in the case summary (joinedup/core/summary.py)
the family plan in force and what the child wanted, in their words, at the family plans made for them alone.
Declared here, read by the chronology app (ChronologyConfig.ready). A partner who is the family's lead practitioner
or in the team around the family sees the family plan and its reviews on the chronology (access/ decides who takes
part), each under the agency that recorded it; the summary's sources are read for local authority caseworkers only."""

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
    shorten,
)
from joinedup.core.summary import SummaryItem, SummarySection, SummarySource
from joinedup.core.voice import voice_summary_items

from .codes import StepDirection
from .models import (
    FamilyHelpCase,
    FamilyHelpStep,
    FamilyPlan,
    FamilyPlanChildVoice,
    FamilyPlanReview,
)


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


# -- the case summary: the family plan in force, and the child's words ---------------------------------------------


def _plans_in_force(child_id: int) -> Any:
    """The plans in force of the open Family Help cases that cover the child now (their own, or a brother's or
    sister's the child is in), as the family's record shows them."""
    return FamilyPlan.objects.filter(
        replaced_on__isnull=True,
        case__closed_on__isnull=True,
        case__children__child_id=child_id,
        case__children__ended_on__isnull=True,
    )


def family_plan_in_force(*, child_id: int, user: Any) -> list[SummaryItem]:
    """Each family plan in force for the child, with who leads the family's help and the plan's goals in the
    family's words. One query, one row for each goal."""
    rows = (
        _plans_in_force(child_id)
        .order_by("-agreed_on", "-id", "goals__display_order", "goals__id")
        .values(
            "id",
            "case_id",
            "agreed_on",
            "case__lead_practitioner__given_name",
            "case__lead_practitioner__family_name",
            "case__lead_practitioner__organisation__name",
            "goals__goal",
        )
    )
    plans: dict[int, dict[str, Any]] = {}
    for row in rows:
        plan = plans.setdefault(row["id"], {**row, "goals": []})
        if row["goals__goal"]:
            plan["goals"].append(shorten(row["goals__goal"], 200))
    items = []
    for plan in plans.values():
        lead = f"{plan['case__lead_practitioner__given_name']} {plan['case__lead_practitioner__family_name']}"
        detail = f"Led by {lead.strip()}, {plan['case__lead_practitioner__organisation__name']}."
        if plan["goals"]:
            detail += f" Goals: {'; '.join(plan['goals'])}."
        items.append(
            SummaryItem(
                section=SummarySection.PLAN,
                title="Family plan",
                detail=detail,
                url=reverse("family_help:family_record", args=[plan["case_id"]]),
                on=plan["agreed_on"],
            )
        )
    return items


def family_plan_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's own wishes and feelings at their family plans, the most recent first (one query). Each child the
    plan covers has their own answer, so a brother's or sister's words never show here; the words a plan recorded
    for brothers and sisters together, before each was asked, are no one child's and stay on the plan."""
    return voice_summary_items(
        FamilyPlanChildVoice.objects.filter(child_id=child_id),
        when="plan__agreed_on",
        title="Family plan",
        url=lambda row: reverse("family_help:family_record", args=[row["plan__case_id"]]),
        fields=["plan__case_id"],
    )


SUMMARY_SOURCES = [
    SummarySource("family_help.plan", family_plan_in_force, presence=_plans_in_force),
    SummarySource(
        "family_help.plan_voice",
        family_plan_voice,
        presence=lambda child_id: FamilyPlanChildVoice.objects.filter(child_id=child_id).exclude(child_voice_words=""),
    ),
]
