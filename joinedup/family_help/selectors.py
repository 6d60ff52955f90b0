"""Reads for Family Help, through access/. The family's record page reads every child the case covers, the plan in
force with its goals and actions, the latest reviews, the network, family group decision making and the steps, in
a fixed number of queries however long the family's history; each child shown is audited as read (in bulk)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from joinedup.access.lookup import access_child_record
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import child_read_through_scope, has_permission
from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.assessments.models import SingleAssessment
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec, audit_events_record
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.models import Person
from joinedup.people.selectors import RiskFlag, greater_risk_flags
from joinedup.timescales.models import Deadline

from .models import (
    FamilyGroupDecisionMaking,
    FamilyHelpCase,
    FamilyHelpChild,
    FamilyHelpStep,
    FamilyHelpTeamMember,
    FamilyNetworkMember,
    FamilyPlan,
    FamilyPlanChildVoice,
    FamilyPlanReview,
    PlanGoal,
)

REVIEWS_SHOWN = 5


def _case(actor: Any, case_id: int) -> FamilyHelpCase:
    return access_child_record(
        actor,
        FamilyHelpCase,
        case_id,
        permission=Permission.VIEW_FAMILY_HELP,
        queryset=FamilyHelpCase.objects.select_related("lead_practitioner__organisation", "team", "case_episode"),
    )


def case_get_for_change(*, actor: Any, case_id: int) -> FamilyHelpCase:
    """For a form that changes the case (its service decides what the actor may do and audits it)."""
    return _case(actor, case_id)


@dataclass
class ChildInFamily:
    child: Person
    flags: list[RiskFlag]
    latest_assessment: SingleAssessment | None
    visible: bool


@dataclass
class FamilyRecord:
    case: FamilyHelpCase
    children: list[ChildInFamily]
    team: list[FamilyHelpTeamMember]
    plan: FamilyPlan | None
    goals: list[PlanGoal]
    child_voices: list[FamilyPlanChildVoice]
    prompt_answers: list[Any]
    reviews: list[FamilyPlanReview]
    review_count: int
    review_clock: Deadline | None
    network: list[FamilyNetworkMember]
    fgdm: list[FamilyGroupDecisionMaking]
    steps: list[FamilyHelpStep]
    today: date
    can: dict[str, bool] = field(default_factory=dict)


def family_record(*, actor: Any, case_id: int) -> FamilyRecord:
    """The family's record page (all children, the plan, the network). Children the reader may not see on their
    own (a partner lead practitioner's involvement covers only the case's children) are left out."""
    case = (
        FamilyHelpCase.objects.select_related(
            "child__child_profile", "lead_practitioner__organisation", "team", "case_episode"
        )
        .annotate(
            review_total=Subquery(
                FamilyPlanReview.objects.filter(case=OuterRef("pk"))
                .order_by()
                .values("case")
                .annotate(n=Count("id"))
                .values("n")[:1]
            )
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFoundOrNotPermitted
    members = FamilyHelpChild.objects.filter(case=case).select_related("child__child_profile")
    if case.is_open:
        members = members.filter(ended_on__isnull=True)
    memberships = list(members.order_by("child__date_of_birth", "id"))
    child_ids = [m.child_id for m in memberships]
    # One scoped read for the case's child and every child it covers (a child the reader may not see on their own
    # is left out; the case itself is not found when its first child is not visible).
    visible = set(children_visible_to(actor).filter(pk__in=[case.child_id, *child_ids]).values_list("pk", flat=True))
    if case.child_id not in visible:
        raise NotFoundOrNotPermitted
    child_read_through_scope(actor, case.child)
    if not has_permission(actor, Permission.VIEW_FAMILY_HELP, case.child):
        raise NotFoundOrNotPermitted
    can_view_assessments = has_permission(actor, Permission.VIEW_ASSESSMENT, case.child)
    latest: dict[int, SingleAssessment] = {}
    if can_view_assessments:
        latest_rows = (
            SingleAssessment.objects.filter(child_id__in=visible)
            .only("id", "child_id", "outcome", "status", "referral_date")
            .order_by("child_id", "-referral_date", "-id")
        )
        for a in latest_rows:
            latest.setdefault(a.child_id, a)
    flags = greater_risk_flags(child_ids=[m.child_id for m in memberships if m.child_id in visible])
    children = [
        ChildInFamily(m.child, flags[m.child_id], latest.get(m.child_id), True)
        for m in memberships
        if m.child_id in visible
    ]
    # The plan in force comes with its goals (a plan always has at least one), their actions in one more query.
    goals = list(
        PlanGoal.objects.filter(plan__case=case, plan__replaced_on__isnull=True)
        .select_related("plan")
        .prefetch_related("actions")
        .order_by("display_order", "id")
    )
    plan = goals[0].plan if goals else FamilyPlan.objects.filter(case=case, replaced_on__isnull=True).first()
    reviews = list(FamilyPlanReview.objects.filter(case=case).order_by("-held_on", "-id")[:REVIEWS_SHOWN])
    review_count = case.review_total or 0  # type: ignore[attr-defined]
    keys = [f"family_help.familyplan:{plan.pk}"] if plan else []
    keys += [f"family_help.familyplanreview:{r.pk}" for r in reviews[:1]]
    review_clock = (
        Deadline.objects.filter(rule_code="family_help_review", child_id=case.child_id, subject_key__in=keys)
        .order_by("met_on", "-due_on")
        .filter(met_on__isnull=True)
        .first()
        if keys
        else None
    )
    record = FamilyRecord(
        case=case,
        children=children,
        team=list(
            FamilyHelpTeamMember.objects.filter(case=case, ended_on__isnull=True).select_related(
                "practitioner__organisation"
            )
        ),
        plan=plan,
        goals=goals,
        # Each child's own wishes and feelings at the plan: only the children the reader may see.
        child_voices=list(
            FamilyPlanChildVoice.objects.filter(plan=plan, child_id__in=visible)
            .select_related("child__child_profile")
            .order_by("child__date_of_birth", "id")
        )
        if plan
        else [],
        prompt_answers=list(plan.prompt_answers.all()) if plan else [],
        reviews=reviews,
        review_count=review_count,
        review_clock=review_clock,
        network=list(FamilyNetworkMember.objects.filter(case=case)),
        fgdm=list(FamilyGroupDecisionMaking.objects.filter(case=case)),
        steps=list(FamilyHelpStep.objects.filter(case=case).select_related("lead_practitioner")),
        today=timezone.localdate(),
        can={
            "record": case.is_open and has_permission(actor, Permission.RECORD_FAMILY_HELP, case.child),
            "manage": case.is_open and has_permission(actor, Permission.MANAGE_FAMILY_HELP, case.child),
            "assessments": can_view_assessments,
        },
    )
    with transaction.atomic():
        audit_events_record(
            actor=actor,
            events=[EventSpec(AuditAction.VIEWED, "family_help.familyhelpcase", case.pk, c.child.pk) for c in children],
        )
    return record


def children_the_plan_covers(case: FamilyHelpCase) -> list[Person]:
    """The children the family plan covers, each asked their own wishes and feelings: those the case covers now,
    the eldest first (the service asks the same children)."""
    return list(
        Person.objects.filter(family_help_memberships__case=case, family_help_memberships__ended_on__isnull=True)
        .select_related("child_profile")
        .order_by("date_of_birth", "id")
    )


def family_help_cases_for_child(*, child: Person) -> QuerySet[FamilyHelpCase]:
    """The Family Help cases a child is in (their own or a brother's or sister's)."""
    return (
        FamilyHelpCase.objects.filter(children__child=child)
        .select_related("lead_practitioner__organisation")
        .order_by("-opened_on", "-id")
        .distinct()
    )


def family_help_cases_visible_to(actor: Any) -> QuerySet[FamilyHelpCase]:
    """Cases whose first child the actor may see and whose Family Help they may read (for the API list): local
    authority family workers see those of children they see; partner lead practitioners those they lead or are in
    the team of."""
    visible = children_visible_to(actor).values("pk")
    qs = FamilyHelpCase.objects.filter(child_id__in=visible)
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return qs.none()
    if has_permission(actor, Permission.WORK_IN_FAMILY_HELP):
        return qs
    involved = Involvement.objects.filter(
        practitioner=practitioner,
        role__in=[InvolvementRole.LEAD_PRACTITIONER, InvolvementRole.FAMILY_HELP_TEAM_MEMBER],
        ended_on__isnull=True,
    ).values("child_id")
    return qs.filter(child_id__in=involved)
