"""Family Help services (M1, M15): open the family's Family Help with a lead practitioner (an access Involvement
with every child it covers), agree the family plan, review it (the local family_help_review clock), record the
family network and family group decision making, step up to child protection and down again inside the same
episode of need keeping the lead practitioner, and close with a CIN census reason. Every write is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Practitioner, Team
from joinedup.assessments.codes import PromptMoment
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.prompts import prompts_for_children
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import ClosureReason, EpisodeTier, TransitionReason
from joinedup.episodes.models import CaseEpisode
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from .codes import (
    ActionStatus,
    FamilyHelpStatus,
    FgdmContext,
    FgdmResponse,
    GoalProgress,
    NetworkEngagement,
    StepDirection,
)
from .errors import FamilyHelpError
from .models import (
    FamilyGroupDecisionMaking,
    FamilyHelpCase,
    FamilyHelpChild,
    FamilyHelpStep,
    FamilyHelpTeamMember,
    FamilyNetworkMember,
    FamilyPlan,
    FamilyPlanPromptAnswer,
    FamilyPlanReview,
    PlanAction,
    PlanGoal,
)

FAMILY_HELP_REVIEW = "family_help_review"


def _not_future(errors: FieldErrors, name: str, day: date, what: str) -> None:
    if day > timezone.localdate():
        errors.add(name, f"The {what} must be today or in the past", FamilyHelpError.DATE_INVALID)


def _require(actor: Any, permission: Permission, child: Person) -> None:
    if not has_permission(actor, permission, child):
        raise NotFoundOrNotPermitted


def _locked_open_case(case: FamilyHelpCase) -> FamilyHelpCase:
    current = FamilyHelpCase.objects.select_for_update().get(pk=case.pk)
    if current.closed_on is not None:
        raise field_error("case", "This Family Help case is closed", FamilyHelpError.CASE_CLOSED)
    return current


def case_child_ids(case: FamilyHelpCase, *, open_only: bool = True) -> list[int]:
    qs = FamilyHelpChild.objects.filter(case=case)
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    return list(qs.values_list("child_id", flat=True))


# -- the lead practitioner as an access Involvement ---------------------------------------------------------


def _involve(
    *, actor: Any, practitioner: Practitioner, child_ids: list[int], role: str, team: Team | None, on: date
) -> None:
    have = set(
        Involvement.objects.filter(
            practitioner=practitioner, child_id__in=child_ids, role=role, ended_on__isnull=True
        ).values_list("child_id", flat=True)
    )
    for child_id in child_ids:
        if child_id in have:
            continue
        involvement = Involvement.objects.create(
            practitioner=practitioner, child_id=child_id, team=team, role=role, started_on=min(on, timezone.localdate())
        )
        auditor.record_created(actor=actor, obj=involvement, child_id=child_id)


def _end_involvements(*, actor: Any, practitioner_id: int, child_ids: list[int], role: str, on: date) -> None:
    for involvement in Involvement.objects.filter(
        practitioner_id=practitioner_id, child_id__in=child_ids, role=role, ended_on__isnull=True
    ):
        auditor.record_fields_changed(
            actor=actor,
            obj=involvement,
            child_id=involvement.child_id,
            changes={"ended_on": max(on, involvement.started_on)},
        )


# -- open ---------------------------------------------------------------------------------------------------


def family_help_open(
    *,
    actor: Any,
    episode: CaseEpisode,
    lead_practitioner: Practitioner,
    opened_on: date,
    siblings: list[Person] | None = None,
    team: Team | None = None,
    assessment: SingleAssessment | None = None,
) -> FamilyHelpCase:
    """Open the family's Family Help in the child's episode of need, with its lead practitioner (from the local
    authority or a partner agency). Brothers and sisters the family's plan covers may be added."""
    _require(actor, Permission.MANAGE_FAMILY_HELP, episode.child)
    return _open(
        actor=actor,
        episode=episode,
        lead_practitioner=lead_practitioner,
        opened_on=opened_on,
        siblings=siblings,
        team=team,
        assessment=assessment,
    )


def _open(
    *,
    actor: Any,
    episode: CaseEpisode,
    lead_practitioner: Practitioner,
    opened_on: date,
    siblings: list[Person] | None = None,
    team: Team | None = None,
    assessment: SingleAssessment | None = None,
) -> FamilyHelpCase:
    """The work of opening, run as the decision that called it (its permission already checked)."""
    child = episode.child
    errors = FieldErrors()
    if episode.closed_on is not None:
        errors.add("episode", "The child's episode of need is closed", FamilyHelpError.EPISODE_CLOSED)
    _not_future(errors, "opened_on", opened_on, "date Family Help started")
    if opened_on < episode.started_on:
        errors.add("opened_on", "Family Help cannot start before the referral date", FamilyHelpError.DATE_INVALID)
    for sibling in siblings or []:
        if not sibling.is_child_record or sibling.pk == child.pk:
            errors.add("siblings", "Choose other children in the family", FamilyHelpError.NOT_A_CHILD)
        elif not has_permission(actor, Permission.VIEW_CHILD, sibling):
            raise NotFoundOrNotPermitted
    errors.raise_if_any()
    from joinedup.access.scopes import practitioner_of

    team = team or (practitioner_of(actor).team if practitioner_of(actor) is not None else None)  # type: ignore[union-attr]
    with transaction.atomic():
        locked = CaseEpisode.objects.select_for_update().get(pk=episode.pk)
        if FamilyHelpCase.objects.filter(case_episode=locked, closed_on__isnull=True).exists():
            raise field_error(
                "episode", "Family Help is already open in this episode of need", FamilyHelpError.ALREADY_OPEN
            )
        case = FamilyHelpCase.objects.create(
            case_episode=locked,
            child=child,
            opened_on=opened_on,
            lead_practitioner=lead_practitioner,
            team=team,
            assessment=assessment,
            status=(
                FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE
                if locked.tier == EpisodeTier.CHILD_PROTECTION
                else FamilyHelpStatus.OPEN
            ),
        )
        auditor.record_created(actor=actor, obj=case, child_id=child.pk)
        children = [child, *[s for s in siblings or [] if s.pk != child.pk]]
        FamilyHelpChild.objects.bulk_create([FamilyHelpChild(case=case, child=c, added_on=opened_on) for c in children])
        auditor.audit_events_record(
            actor=actor,
            events=[
                EventSpec(
                    action=AuditAction.CREATED,
                    object_type="family_help.familyhelpchild",
                    object_id=f"{case.pk}:{c.pk}",
                    child_id=c.pk,
                )
                for c in children
            ],
        )
        _involve(
            actor=actor,
            practitioner=lead_practitioner,
            child_ids=[c.pk for c in children],
            role=InvolvementRole.LEAD_PRACTITIONER,
            team=team,
            on=opened_on,
        )
    return case


def family_help_lead_change(
    *, actor: Any, case: FamilyHelpCase, lead_practitioner: Practitioner, on: date
) -> FamilyHelpCase:
    _require(actor, Permission.MANAGE_FAMILY_HELP, case.child)
    return _lead_change(actor=actor, case=case, lead_practitioner=lead_practitioner, on=on)


def _lead_change(*, actor: Any, case: FamilyHelpCase, lead_practitioner: Practitioner, on: date) -> FamilyHelpCase:
    errors = FieldErrors()
    _not_future(errors, "on", on, "date of the change")
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked_open_case(case)
        if current.lead_practitioner_id == lead_practitioner.pk:
            return current
        child_ids = case_child_ids(current)
        _end_involvements(
            actor=actor,
            practitioner_id=current.lead_practitioner_id,
            child_ids=child_ids,
            role=InvolvementRole.LEAD_PRACTITIONER,
            on=on,
        )
        before = {"lead_practitioner_id": current.lead_practitioner_id}
        current.lead_practitioner = lead_practitioner
        current.save(update_fields=["lead_practitioner", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            before=before,
            after={"lead_practitioner_id": lead_practitioner.pk},
        )
        _involve(
            actor=actor,
            practitioner=lead_practitioner,
            child_ids=child_ids,
            role=InvolvementRole.LEAD_PRACTITIONER,
            team=current.team,
            on=on,
        )
    return current


def family_help_team_member_add(
    *, actor: Any, case: FamilyHelpCase, practitioner: Practitioner, contribution: str, on: date
) -> FamilyHelpTeamMember:
    _require(actor, Permission.MANAGE_FAMILY_HELP, case.child)
    errors = FieldErrors()
    if not contribution.strip():
        errors.add("contribution", "Say what they bring to the family's plan", FamilyHelpError.REASON_REQUIRED)
    _not_future(errors, "on", on, "date they joined")
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked_open_case(case)
        member = FamilyHelpTeamMember.objects.create(
            case=current, practitioner=practitioner, contribution=contribution.strip(), started_on=on
        )
        auditor.record_created(actor=actor, obj=member, child_id=current.child_id)
        _involve(
            actor=actor,
            practitioner=practitioner,
            child_ids=case_child_ids(current),
            role=InvolvementRole.FAMILY_HELP_TEAM_MEMBER,
            team=current.team,
            on=on,
        )
    return member


# -- the family plan ----------------------------------------------------------------------------------------


@dataclass
class ActionInput:
    action: str
    owner: str
    due_on: date | None


@dataclass
class GoalInput:
    goal: str
    actions: list[ActionInput] = field(default_factory=list)


def _review_clock(case: FamilyHelpCase) -> Deadline | None:
    return (
        Deadline.objects.filter(
            rule_code=FAMILY_HELP_REVIEW,
            child_id=case.child_id,
            met_on__isnull=True,
            subject_key__in=_subject_keys(case),
        )
        .order_by("due_on")
        .first()
    )


def _subject_keys(case: FamilyHelpCase) -> list[str]:
    plan_keys = [
        f"family_help.familyplan:{pk}" for pk in FamilyPlan.objects.filter(case=case).values_list("pk", flat=True)
    ]
    review_keys = [
        f"family_help.familyplanreview:{pk}"
        for pk in FamilyPlanReview.objects.filter(case=case).values_list("pk", flat=True)
    ]
    return plan_keys + review_keys


def family_plan_agree(
    *,
    actor: Any,
    case: FamilyHelpCase,
    agreed_on: date,
    family_words: str,
    childs_words: str,
    goals: list[GoalInput],
    prompt_answers: dict[int, str],
) -> FamilyPlan:
    """Agree the family plan: at least one goal in the family's words, each action with an owner and a date, the
    practice prompts answered. It replaces the plan in force; the first review is due by the local interval."""
    _require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    errors = FieldErrors()
    _not_future(errors, "agreed_on", agreed_on, "date the plan was agreed")
    if agreed_on < case.opened_on:
        errors.add("agreed_on", "The plan cannot be agreed before Family Help started", FamilyHelpError.DATE_INVALID)
    real_goals = [g for g in goals if g.goal.strip() or any(a.action.strip() for a in g.actions)]
    if not real_goals:
        errors.add(
            "goals",
            "Add at least one goal, in the family's own words",
            FamilyHelpError.GOALS_REQUIRED,
        )
    for n, goal in enumerate(real_goals, start=1):
        if not goal.goal.strip():
            errors.add(
                "goals", f"Goal {n}: write the goal in the family's own words", FamilyHelpError.GOAL_TEXT_REQUIRED
            )
        for action in goal.actions:
            if not action.action.strip() and not action.owner.strip() and action.due_on is None:
                continue
            if not action.action.strip() or not action.owner.strip() or action.due_on is None:
                errors.add(
                    "goals",
                    f"Goal {n}: each action needs what will be done, who will do it and by when",
                    FamilyHelpError.ACTION_INCOMPLETE,
                )
    children = list(Person.objects.filter(pk__in=case_child_ids(case)).select_related("child_profile"))
    asked = {p.pk: p for p in prompts_for_children(children=children, moment=PromptMoment.FAMILY_PLAN)}
    unanswered = [pk for pk in asked if not prompt_answers.get(pk, "").strip()]
    if unanswered:
        errors.add(
            "prompts",
            f"Answer the practice prompts ({len(unanswered)} not answered)",
            FamilyHelpError.PROMPTS_UNANSWERED,
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked_open_case(case)
        previous = FamilyPlan.objects.select_for_update().filter(case=current, replaced_on__isnull=True).first()
        if previous is not None:
            if agreed_on < previous.agreed_on:
                raise field_error(
                    "agreed_on", "A new plan cannot be dated before the plan it replaces", FamilyHelpError.DATE_INVALID
                )
            previous.replaced_on = agreed_on
            previous.save(update_fields=["replaced_on", "updated_at"])
            auditor.record_updated(
                actor=actor,
                obj=previous,
                child_id=current.child_id,
                before={"replaced_on": None},
                after={"replaced_on": agreed_on.isoformat()},
            )
        plan = FamilyPlan.objects.create(
            case=current,
            agreed_on=agreed_on,
            family_words=family_words.strip(),
            childs_words=childs_words.strip(),
            recorded_by=actor,
        )
        for order, goal in enumerate(real_goals, start=1):
            row = PlanGoal.objects.create(plan=plan, goal=goal.goal.strip(), display_order=order)
            PlanAction.objects.bulk_create(
                [
                    PlanAction(goal=row, action=a.action.strip(), owner=a.owner.strip(), due_on=a.due_on)
                    for a in goal.actions
                    if a.action.strip() and a.due_on is not None
                ]
            )
        FamilyPlanPromptAnswer.objects.bulk_create(
            [
                FamilyPlanPromptAnswer(
                    plan=plan,
                    prompt=asked[pk],
                    question_asked=asked[pk].question,
                    answer=text.strip(),
                    answered_by=actor,
                )
                for pk, text in prompt_answers.items()
                if pk in asked and text.strip()
            ]
        )
        auditor.record_created(actor=actor, obj=plan, child_id=current.child_id)
        if _review_clock(current) is None:
            timescales.deadline_start(
                actor=actor,
                rule_code=FAMILY_HELP_REVIEW,
                child=current.child,
                subject=plan,
                started_on=agreed_on,
                assignee=current.lead_practitioner,
            )
    return plan


def family_plan_review_record(
    *,
    actor: Any,
    case: FamilyHelpCase,
    held_on: date,
    family_view: str,
    progress_summary: str,
    next_steps: str = "",
    goal_progress: dict[int, str] | None = None,
    late_reason: str = "",
) -> FamilyPlanReview:
    """Review the plan in force: never dated before the plan was agreed. Meets the review clock (a reason when late)
    and starts the next one."""
    _require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    plan = FamilyPlan.objects.filter(case=case, replaced_on__isnull=True).first()
    errors = FieldErrors()
    if plan is None:
        errors.add("held_on", "Agree the family plan before reviewing it", FamilyHelpError.NO_PLAN)
    elif held_on < plan.agreed_on:
        errors.add(
            "held_on",
            f"The review cannot be dated before the plan it reviews (agreed {plan.agreed_on:%-d %B %Y})",
            FamilyHelpError.REVIEW_BEFORE_PLAN,
        )
    _not_future(errors, "held_on", held_on, "date of the review")
    if not family_view.strip():
        errors.add("family_view", "Record what the family says, in their words", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    if not progress_summary.strip():
        errors.add("progress_summary", "Summarise the progress made", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    progress = goal_progress or {}
    if any(v not in GoalProgress.values for v in progress.values()):
        errors.add("goal_progress", "Select the progress on each goal", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    clock = _review_clock(case)
    if clock is not None and held_on > clock.due_on and not late_reason.strip():
        errors.add(
            "late_reason",
            f"The review was due by {clock.due_on:%-d %B %Y}: say why it is late",
            FamilyHelpError.LATE_REASON_REQUIRED,
        )
    errors.raise_if_any()
    assert plan is not None
    with transaction.atomic():
        current = _locked_open_case(case)
        review = FamilyPlanReview.objects.create(
            plan=plan,
            case=current,
            held_on=held_on,
            family_view=family_view.strip(),
            progress_summary=progress_summary.strip(),
            next_steps=next_steps.strip(),
            recorded_by=actor,
        )
        for goal in PlanGoal.objects.filter(plan=plan, pk__in=list(progress)):
            goal.progress = progress[goal.pk]
            goal.save(update_fields=["progress"])
        auditor.record_created(actor=actor, obj=review, child_id=current.child_id)
        if clock is not None:
            timescales.deadline_meet(
                actor=actor, deadline=clock, met_on=max(held_on, clock.started_on), late_reason=late_reason
            )
        timescales.deadline_start(
            actor=actor,
            rule_code=FAMILY_HELP_REVIEW,
            child=current.child,
            subject=review,
            started_on=held_on,
            assignee=current.lead_practitioner,
        )
    return review


def plan_action_status_set(*, actor: Any, action: PlanAction, status: str) -> PlanAction:
    case = action.goal.plan.case
    _require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    if status not in ActionStatus.values:
        raise field_error("status", "Select the action's status", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    with transaction.atomic():
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        before = {"status": current.status}
        current.status = status
        current.save(update_fields=["status"])
        auditor.record_updated(
            actor=actor, obj=current, child_id=case.child_id, before=before, after={"status": status}
        )
    return current


# -- the family network -------------------------------------------------------------------------------------


def family_network_member_add(
    *,
    actor: Any,
    case: FamilyHelpCase,
    name: str,
    relationship_to_family: str,
    engagement: str,
    support_offered: str = "",
    person: Person | None = None,
) -> FamilyNetworkMember:
    _require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    errors = FieldErrors()
    if not name.strip() and person is None:
        errors.add("name", "Enter their name", FamilyHelpError.NAME_REQUIRED)
    if not relationship_to_family.strip():
        errors.add("relationship_to_family", "Say who they are to the family", FamilyHelpError.RELATIONSHIP_REQUIRED)
    if engagement not in NetworkEngagement.values:
        errors.add("engagement", "Select how they are engaged", FamilyHelpError.ENGAGEMENT_INVALID)
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked_open_case(case)
        member = FamilyNetworkMember.objects.create(
            case=current,
            person=person,
            name=name.strip() or (person.full_name if person is not None else ""),
            relationship_to_family=relationship_to_family.strip(),
            engagement=engagement,
            support_offered=support_offered.strip(),
        )
        auditor.record_created(actor=actor, obj=member, child_id=current.child_id)
    return member


def family_network_member_engagement_set(
    *, actor: Any, member: FamilyNetworkMember, engagement: str, support_offered: str
) -> FamilyNetworkMember:
    _require(actor, Permission.RECORD_FAMILY_HELP, member.case.child)
    if engagement not in NetworkEngagement.values:
        raise field_error("engagement", "Select how they are engaged", FamilyHelpError.ENGAGEMENT_INVALID)
    with transaction.atomic():
        current = FamilyNetworkMember.objects.select_for_update().get(pk=member.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=member.case.child_id,
            changes={"engagement": engagement, "support_offered": support_offered.strip()},
        )
    return current


# -- family group decision making ---------------------------------------------------------------------------


def fgdm_offer(
    *,
    actor: Any,
    episode: CaseEpisode,
    offered_on: date,
    context: str = FgdmContext.FAMILY_HELP,
    case: FamilyHelpCase | None = None,
    not_offered_reason: str = "",
) -> FamilyGroupDecisionMaking:
    """Offer family group decision making (or record why it is not in the child's interests). Child protection
    uses this with context pre_proceedings before applying for a care or supervision order."""
    child = episode.child
    _require(
        actor,
        Permission.RECORD_FAMILY_HELP if context == FgdmContext.FAMILY_HELP else Permission.MANAGE_FAMILY_HELP,
        child,
    )
    errors = FieldErrors()
    if context not in FgdmContext.values:
        errors.add("context", "Select the context of the offer", FamilyHelpError.CONTEXT_INVALID)
    _not_future(errors, "offered_on", offered_on, "date it was offered")
    if offered_on < episode.started_on:
        errors.add("offered_on", "The offer cannot be dated before the referral", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic():
        if case is None:
            case = FamilyHelpCase.objects.filter(case_episode=episode, closed_on__isnull=True).first()
        fgdm = FamilyGroupDecisionMaking.objects.create(
            case=case,
            child=child,
            case_episode=episode,
            context=context,
            offered_on=offered_on,
            response=FgdmResponse.NOT_IN_CHILDS_INTERESTS if not_offered_reason.strip() else FgdmResponse.AWAITING,
            responded_on=offered_on if not_offered_reason.strip() else None,
            not_offered_reason=not_offered_reason.strip(),
            recorded_by=actor,
        )
        auditor.record_created(actor=actor, obj=fgdm, child_id=child.pk)
    return fgdm


def fgdm_response_record(
    *, actor: Any, fgdm: FamilyGroupDecisionMaking, response: str, responded_on: date
) -> FamilyGroupDecisionMaking:
    _require(actor, Permission.RECORD_FAMILY_HELP, fgdm.child)
    errors = FieldErrors()
    if response not in (FgdmResponse.ACCEPTED, FgdmResponse.DECLINED):
        errors.add("response", "Select whether the family accepted", FamilyHelpError.FGDM_RESPONSE_INVALID)
    _not_future(errors, "responded_on", responded_on, "date the family answered")
    if responded_on < fgdm.offered_on:
        errors.add("responded_on", "The answer cannot come before the offer", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic():
        current = FamilyGroupDecisionMaking.objects.select_for_update().get(pk=fgdm.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={"response": response, "responded_on": responded_on},
        )
    return current


def fgdm_meeting_record(
    *, actor: Any, fgdm: FamilyGroupDecisionMaking, meeting_on: date, outcome: str
) -> FamilyGroupDecisionMaking:
    _require(actor, Permission.RECORD_FAMILY_HELP, fgdm.child)
    fgdm.refresh_from_db()
    errors = FieldErrors()
    if fgdm.response != FgdmResponse.ACCEPTED:
        errors.add("meeting_on", "Record the family's acceptance before the meeting", FamilyHelpError.FGDM_NOT_ACCEPTED)
    _not_future(errors, "meeting_on", meeting_on, "date of the meeting")
    if meeting_on < fgdm.offered_on:
        errors.add("meeting_on", "The meeting cannot come before the offer", FamilyHelpError.DATE_INVALID)
    if not outcome.strip():
        errors.add("outcome", "Record the outcome of the meeting", FamilyHelpError.FGDM_OUTCOME_REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        current = FamilyGroupDecisionMaking.objects.select_for_update().get(pk=fgdm.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={"meeting_on": meeting_on, "outcome": outcome.strip()},
        )
    return current


# -- step-up and step-down (M1) -----------------------------------------------------------------------------


def step_up_to_child_protection(
    *, actor: Any, family_help_case: FamilyHelpCase, on: date, reason: str
) -> FamilyHelpStep:
    """Record the step-up to child protection inside the same episode of need. The Family Help case stays the
    family's service and keeps its lead practitioner; child protection runs alongside."""
    _require(actor, Permission.MANAGE_FAMILY_HELP, family_help_case.child)
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", "Say why the family is stepping up to child protection", FamilyHelpError.REASON_REQUIRED)
    _not_future(errors, "on", on, "date of the step-up")
    if on < family_help_case.opened_on:
        errors.add("on", "The step-up cannot be dated before Family Help started", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked_open_case(family_help_case)
        if current.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE:
            raise field_error(
                "on", "The family has already stepped up to child protection", FamilyHelpError.ALREADY_STEPPED_UP
            )
        step = _step_up(
            decision=episodes.Decision(actor, "family_help.step_up_to_child_protection"),
            case=current,
            on=on,
            reason=reason,
            why=TransitionReason.FAMILY_HELP_STEP_UP,
        )
    family_help_case.refresh_from_db()
    return step


def family_help_step_up_for_decision(
    *, decision: episodes.Decision, episode: CaseEpisode, on: date, reason: str, why: TransitionReason
) -> FamilyHelpStep | None:
    """Step the family's open Family Help in this episode up to child protection as part of another service's
    decision (a strategy discussion that starts a section 47 enquiry). No user permission is checked here: the
    public service the user called checked its own, once, and this runs as that decision whoever recorded it.
    Nothing happens (None) when there is no open Family Help in the episode, it has already stepped up, or the
    decision is dated before Family Help started."""
    case = (
        FamilyHelpCase.objects.select_for_update()
        .filter(case_episode_id=episode.pk, closed_on__isnull=True)
        .order_by("-opened_on", "-id")
        .first()
    )
    if case is None or case.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE or on < case.opened_on:
        return None
    return _step_up(decision=decision, case=case, on=on, reason=reason, why=why)


def _step_up(
    *, decision: episodes.Decision, case: FamilyHelpCase, on: date, reason: str, why: TransitionReason
) -> FamilyHelpStep:
    """The step-up's writes, on a locked open case: the step, the case's status, then the episode's tier (through
    episodes/services.py), all inside the caller's transaction."""
    actor = decision.actor
    step = FamilyHelpStep.objects.create(
        case=case,
        direction=StepDirection.UP,
        on=on,
        reason=reason.strip(),
        lead_practitioner_id=case.lead_practitioner_id,
        recorded_by=actor,
    )
    auditor.record_created(actor=actor, obj=step, child_id=case.child_id)
    before = {"status": case.status}
    case.status = FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE
    case.save(update_fields=["status", "updated_at"])
    auditor.record_updated(actor=actor, obj=case, child_id=case.child_id, before=before, after={"status": case.status})
    episodes.episode_step_up(
        decision=decision if decision.record is not None else decision.about(step),
        episode=case.case_episode,
        to_tier=EpisodeTier.CHILD_PROTECTION,
        on=on,
        reason=why,
        reason_text=reason,
    )
    return step


def step_down_to_family_help(
    *,
    actor: Any,
    episode: CaseEpisode,
    on: date,
    reason: str,
    lead_practitioner: Practitioner | None = None,
) -> FamilyHelpCase:
    """The family continues in Family Help in the same episode of need, stepping down from child protection. The
    open Family Help case continues; where there is none, one opens, keeping the previous lead practitioner in this
    episode (or the child's last one) unless another is named."""
    _require(actor, Permission.MANAGE_FAMILY_HELP, episode.child)
    return family_help_step_down_for_decision(
        decision=episodes.Decision(actor, "family_help.step_down_to_family_help"),
        episode=episode,
        on=on,
        reason=reason,
        lead_practitioner=lead_practitioner,
        why=TransitionReason.FAMILY_HELP_STEP_DOWN,
    )


def family_help_step_down_for_decision(
    *,
    decision: episodes.Decision,
    episode: CaseEpisode,
    on: date,
    reason: str,
    why: TransitionReason,
    lead_practitioner: Practitioner | None = None,
) -> FamilyHelpCase:
    """Step down to Family Help as part of another service's decision (a review conference that ends the child
    protection plan): no user permission is checked here; the public service the user called checked its own, and
    this runs as that decision whoever recorded it (an IRO chairing the review, say)."""
    actor = decision.actor
    child = episode.child
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", "Say why the family is stepping down to Family Help", FamilyHelpError.REASON_REQUIRED)
    _not_future(errors, "on", on, "date of the step-down")
    if episode.closed_on is not None:
        errors.add("episode", "The child's episode of need is closed", FamilyHelpError.EPISODE_CLOSED)
    errors.raise_if_any()
    with transaction.atomic():
        locked = CaseEpisode.objects.select_for_update().get(pk=episode.pk)
        case = FamilyHelpCase.objects.select_for_update().filter(case_episode=locked, closed_on__isnull=True).first()
        if case is None:
            previous = (
                FamilyHelpCase.objects.filter(case_episode=locked).order_by("-opened_on", "-id").first()
                or FamilyHelpCase.objects.filter(child=child).order_by("-opened_on", "-id").first()
            )
            lead = lead_practitioner or (previous.lead_practitioner if previous is not None else None)
            if lead is None:
                raise field_error(
                    "lead_practitioner",
                    "Name the lead practitioner who will lead the family's Family Help",
                    FamilyHelpError.LEAD_REQUIRED,
                )
            case = _open(
                actor=actor,
                episode=locked,
                lead_practitioner=lead,
                opened_on=max(on, locked.started_on),
                team=previous.team if previous is not None else None,
            )
        elif lead_practitioner is not None and lead_practitioner.pk != case.lead_practitioner_id:
            case = _lead_change(actor=actor, case=case, lead_practitioner=lead_practitioner, on=on)
        step = FamilyHelpStep.objects.create(
            case=case,
            direction=StepDirection.DOWN,
            on=on,
            reason=reason.strip(),
            lead_practitioner_id=case.lead_practitioner_id,
            recorded_by=actor,
        )
        auditor.record_created(actor=actor, obj=step, child_id=child.pk)
        if case.status != FamilyHelpStatus.OPEN:
            before = {"status": case.status}
            case.status = FamilyHelpStatus.OPEN
            case.save(update_fields=["status", "updated_at"])
            auditor.record_updated(
                actor=actor, obj=case, child_id=child.pk, before=before, after={"status": case.status}
            )
        locked.refresh_from_db()
        if locked.tier == EpisodeTier.CHILD_PROTECTION:
            episodes.episode_step_down(
                decision=decision if decision.record is not None else decision.about(step),
                episode=locked,
                to_tier=EpisodeTier.FAMILY_HELP,
                on=on,
                reason=why,
                reason_text=reason,
            )
    case.refresh_from_db()
    return case


# -- closure ------------------------------------------------------------------------------------------------


def family_help_close(
    *, actor: Any, case: FamilyHelpCase, closed_on: date, closure_reason: str, note: str = ""
) -> FamilyHelpCase:
    """Close the family's Family Help with a CIN census reason: the lead practitioner's and team's involvements end,
    the open review clock is withdrawn, and the episode of need closes with the same reason when nothing else is
    open in it. Not while child protection runs alongside (it steps down first)."""
    _require(actor, Permission.MANAGE_FAMILY_HELP, case.child)
    errors = FieldErrors()
    if closure_reason not in ClosureReason.values:
        errors.add("closure_reason", "Select the reason for closing", FamilyHelpError.CLOSURE_REASON_REQUIRED)
    _not_future(errors, "closed_on", closed_on, "date of closure")
    if closed_on < case.opened_on:
        errors.add("closed_on", "Family Help cannot close before it started", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked_open_case(case)
        if current.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE:
            raise field_error(
                "closure_reason",
                "Child protection is running alongside: the family steps down before Family Help closes",
                FamilyHelpError.CHILD_PROTECTION_ALONGSIDE,
            )
        before = auditor.model_values(current, ("status", "closed_on", "closure_reason"))
        current.status = FamilyHelpStatus.CLOSED
        current.closed_on = closed_on
        current.closure_reason = closure_reason
        current.closure_note = note.strip()
        current.save()
        auditor.record_updated(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            before=before,
            after=auditor.model_values(current, ("status", "closed_on", "closure_reason")),
        )
        child_ids = case_child_ids(current)
        _end_involvements(
            actor=actor,
            practitioner_id=current.lead_practitioner_id,
            child_ids=child_ids,
            role=InvolvementRole.LEAD_PRACTITIONER,
            on=closed_on,
        )
        for member in FamilyHelpTeamMember.objects.filter(case=current, ended_on__isnull=True):
            member.ended_on = max(closed_on, member.started_on)
            member.save(update_fields=["ended_on"])
            _end_involvements(
                actor=actor,
                practitioner_id=member.practitioner_id,
                child_ids=child_ids,
                role=InvolvementRole.FAMILY_HELP_TEAM_MEMBER,
                on=closed_on,
            )
        FamilyHelpChild.objects.filter(case=current, ended_on__isnull=True).update(ended_on=closed_on)
        clock = _review_clock(current)
        if clock is not None:
            timescales.deadline_withdraw(actor=actor, deadline=clock, reason="Family Help closed")
        episode = CaseEpisode.objects.select_for_update().get(pk=current.case_episode_id)
        if (
            episode.closed_on is None
            and not SingleAssessment.objects.filter(case_episode=episode, status="in_progress").exists()
        ):
            episodes.episode_close(
                decision=episodes.Decision(actor, "family_help.family_help_close", current),
                episode=episode,
                closed_on=closed_on,
                closure_reason=closure_reason,
                reason=TransitionReason.FAMILY_HELP_CLOSED,
                reason_text=note,
            )
    case.refresh_from_db()
    return case
