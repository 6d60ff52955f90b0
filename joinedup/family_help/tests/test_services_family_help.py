"""Family Help (M15): one lead practitioner (here the school's DSL) recorded as an access involvement, the plan
with goals and actions, reviews on the local clock, the family network, family group decision making, step-up and
step-down inside the same episode keeping the lead practitioner, closure; bad input leaves nothing half-saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.audit.models import AuditEvent
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import ClosureReason, EpisodeTier, TransitionKind, TransitionReason
from joinedup.episodes.models import EpisodeTransition
from joinedup.family_help import services
from joinedup.family_help.codes import FamilyHelpStatus, FgdmContext, FgdmResponse, NetworkEngagement, StepDirection
from joinedup.family_help.models import FamilyHelpCase, FamilyPlan, FamilyPlanReview, PlanAction, PlanGoal
from joinedup.people.factories import ChildFactory
from joinedup.timescales.engine import due_date
from joinedup.timescales.models import Deadline

from .builders import agreed_plan, each_child_says, open_case, plan_prompt_answers


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code for e in errors] for name, errors in exc.error_dict.items()}  # type: ignore[misc]


def test_given_an_authorised_assessment_when_family_help_opens_then_the_school_lead_is_involved_with_every_child(
    world: World, today: date
) -> None:
    brother = ChildFactory(given_name="Ollie", family_name="Marsden", date_of_birth=date(2019, 9, 1))
    InvolvementFactory(
        practitioner=world.social_worker,
        child=brother,
        team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=date(2027, 1, 4),
    )
    case = open_case(world, siblings=[brother])
    assert case.lead_practitioner == world.school_dsl and case.status == FamilyHelpStatus.OPEN
    assert set(case.children.values_list("child_id", flat=True)) == {world.allocated_child.pk, brother.pk}
    leads = Involvement.objects.filter(practitioner=world.school_dsl, role=InvolvementRole.LEAD_PRACTITIONER)
    assert set(leads.values_list("child_id", flat=True)) == {world.allocated_child.pk, brother.pk}
    with pytest.raises(ValidationError) as exc:
        services.family_help_open(
            actor=world.user("social_worker"),
            episode=case.case_episode,
            lead_practitioner=world.school_dsl,
            opened_on=date(2027, 2, 3),
        )
    assert _codes(exc.value) == {"episode": ["family_help_already_open"]}


def test_given_a_plan_then_its_first_review_is_due_by_the_local_interval_and_a_review_meets_it(
    world: World, today: date
) -> None:
    case = open_case(world)
    plan = agreed_plan(world, case)
    assert plan.goals.count() == 1 and PlanAction.objects.filter(goal__plan=plan).count() == 2
    clock = Deadline.objects.get(rule_code="family_help_review", subject_key=f"family_help.familyplan:{plan.pk}")
    assert clock.due_on == due_date("family_help_review", date(2027, 2, 8)) and clock.assignee == world.school_dsl
    review = services.family_plan_review_record(
        actor=world.user("school_dsl"),
        case=case,
        held_on=date(2027, 3, 10),
        family_view="Mornings are better; Dad has done every school run.",
        progress_summary="Attendance up from 82% to 95%.",
        goal_progress={plan.goals.get().pk: "good_progress"},
    )
    clock.refresh_from_db()
    assert clock.met_on == date(2027, 3, 10)
    assert Deadline.objects.filter(
        subject_key=f"family_help.familyplanreview:{review.pk}", met_on__isnull=True
    ).exists()
    assert plan.goals.get().progress == "good_progress"


def test_a_plan_with_no_goals_is_refused_and_nothing_is_saved(world: World, today: date) -> None:
    case = open_case(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.family_plan_agree(
            actor=world.user("school_dsl"),
            case=case,
            agreed_on=date(2027, 2, 8),
            family_words="We want help.",
            child_voices=each_child_says(case),
            goals=[services.GoalInput(goal="  ", actions=[])],
            prompt_answers=plan_prompt_answers(case),
        )
    assert _codes(exc.value) == {"goals": ["goals_required"]}
    assert not FamilyPlan.objects.exists() and not PlanGoal.objects.exists()
    assert not Deadline.objects.filter(rule_code="family_help_review").exists()
    assert AuditEvent.objects.count() == events


def test_an_action_without_an_owner_or_date_and_unanswered_prompts_are_refused(world: World, today: date) -> None:
    case = open_case(world)
    with pytest.raises(ValidationError) as exc:
        services.family_plan_agree(
            actor=world.user("school_dsl"),
            case=case,
            agreed_on=date(2027, 2, 8),
            family_words="",
            child_voices=each_child_says(case),
            goals=[services.GoalInput("Calm mornings", [services.ActionInput("Breakfast club", "", None)])],
            prompt_answers={},
        )
    assert _codes(exc.value) == {"goals": ["action_incomplete"], "prompts": ["prompts_unanswered"]}
    assert not FamilyPlan.objects.exists()


def test_a_review_dated_before_the_plan_is_refused_and_nothing_is_saved(world: World, today: date) -> None:
    case = open_case(world)
    plan = agreed_plan(world, case)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.family_plan_review_record(
            actor=world.user("school_dsl"),
            case=case,
            held_on=date(2027, 2, 5),
            family_view="Fine.",
            progress_summary="Some progress.",
        )
    assert _codes(exc.value) == {"held_on": ["review_before_plan"]}
    assert not FamilyPlanReview.objects.exists()
    assert Deadline.objects.get(subject_key=f"family_help.familyplan:{plan.pk}").met_on is None
    assert AuditEvent.objects.count() == events


def test_step_up_and_step_down_stay_in_the_same_episode_and_keep_the_lead_practitioner(
    world: World, today: date
) -> None:
    case = open_case(world)
    episode = case.case_episode
    step = services.step_up_to_child_protection(
        actor=world.user("social_worker"),
        family_help_case=case,
        on=date(2027, 3, 1),
        reason="Disclosure of physical harm by mother's partner",
    )
    case.refresh_from_db()
    episode.refresh_from_db()
    assert step.direction == StepDirection.UP and step.lead_practitioner == world.school_dsl
    assert case.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE and case.lead_practitioner == world.school_dsl
    assert episode.tier == EpisodeTier.CHILD_PROTECTION
    continued = services.step_down_to_family_help(
        actor=world.user("social_worker"),
        episode=episode,
        on=date(2027, 3, 12),
        reason="Plan ended at the review conference: risks reduced",
    )
    episode.refresh_from_db()
    assert continued.pk == case.pk and continued.lead_practitioner == world.school_dsl
    assert continued.status == FamilyHelpStatus.OPEN and episode.tier == EpisodeTier.FAMILY_HELP
    assert FamilyHelpCase.objects.filter(case_episode=episode).count() == 1
    assert [s.direction for s in continued.steps.all()] == [StepDirection.UP, StepDirection.DOWN]
    moves = EpisodeTransition.objects.filter(episode=episode).exclude(kind=TransitionKind.OPENED).order_by("id")
    assert [(t.kind, t.reason, t.decided_as, t.source_type, t.decided_by_id) for t in moves] == [
        (
            TransitionKind.STEPPED_UP,
            TransitionReason.FAMILY_HELP_STEP_UP,
            "family_help.step_up_to_child_protection",
            "family_help.familyhelpstep",
            world.user("social_worker").pk,
        ),
        (
            TransitionKind.STEPPED_DOWN,
            TransitionReason.FAMILY_HELP_STEP_DOWN,
            "family_help.step_down_to_family_help",
            "family_help.familyhelpstep",
            world.user("social_worker").pk,
        ),
    ]


def test_step_down_with_no_open_family_help_opens_it_with_the_previous_lead_practitioner(
    world: World, today: date
) -> None:
    case = open_case(world)
    services.family_help_close(
        actor=world.user("social_worker"),
        case=case,
        closed_on=date(2027, 2, 20),
        closure_reason=ClosureReason.SERVICES_CEASED,
    )
    # Child protection reopens work in a new episode (the front door's referral), then the plan ends.
    from joinedup.assessments.testing import referral_made

    referral = referral_made(
        world,
        child=world.allocated_child,
        on=date(2027, 2, 22),
        outcome="strategy_discussion",
        harm_codes=["physical_abuse"],
    )
    continued = services.step_down_to_family_help(
        actor=world.user("social_worker"),
        episode=referral.case_episode,
        on=date(2027, 3, 12),
        reason="Plan ended at the review conference",
    )
    assert continued.pk != case.pk and continued.case_episode == referral.case_episode
    assert continued.lead_practitioner == world.school_dsl
    assert Involvement.objects.filter(
        practitioner=world.school_dsl,
        child=world.allocated_child,
        role=InvolvementRole.LEAD_PRACTITIONER,
        ended_on__isnull=True,
    ).exists()


def test_the_network_and_family_group_decision_making_are_recorded(world: World, today: date) -> None:
    case = open_case(world)
    member = services.family_network_member_add(
        actor=world.user("school_dsl"),
        case=case,
        name="Grandma Jean",
        relationship_to_family="Maternal grandmother",
        engagement=NetworkEngagement.ENGAGED,
        support_offered="Tuesday and Thursday mornings",
    )
    assert member.engagement == NetworkEngagement.ENGAGED
    fgdm = services.fgdm_offer(actor=world.user("school_dsl"), episode=case.case_episode, offered_on=date(2027, 2, 10))
    assert fgdm.case == case and fgdm.context == FgdmContext.FAMILY_HELP
    with pytest.raises(ValidationError) as exc:
        services.fgdm_meeting_record(
            actor=world.user("school_dsl"), fgdm=fgdm, meeting_on=date(2027, 2, 20), outcome="x"
        )
    assert _codes(exc.value) == {"meeting_on": ["fgdm_not_accepted"]}
    services.fgdm_response_record(
        actor=world.user("school_dsl"), fgdm=fgdm, response=FgdmResponse.ACCEPTED, responded_on=date(2027, 2, 11)
    )
    fgdm = services.fgdm_meeting_record(
        actor=world.user("school_dsl"),
        fgdm=fgdm,
        meeting_on=date(2027, 2, 25),
        outcome="The family's plan: grandma helps two mornings a week; Dad takes the children at weekends.",
    )
    assert fgdm.meeting_on == date(2027, 2, 25)
    pre = services.fgdm_offer(
        actor=world.user("social_worker"),
        episode=case.case_episode,
        offered_on=date(2027, 3, 1),
        context=FgdmContext.PRE_PROCEEDINGS,
    )
    assert pre.context == FgdmContext.PRE_PROCEEDINGS


def test_closure_ends_the_leads_involvement_withdraws_the_review_clock_and_closes_the_episode(
    world: World, today: date
) -> None:
    case = open_case(world)
    agreed_plan(world, case)
    with pytest.raises(ValidationError) as exc:
        services.family_help_close(
            actor=world.user("social_worker"), case=case, closed_on=date(2027, 3, 1), closure_reason=""
        )
    assert _codes(exc.value) == {"closure_reason": ["closure_reason_required"]}
    services.family_help_close(
        actor=world.user("social_worker"),
        case=case,
        closed_on=date(2027, 3, 1),
        closure_reason=ClosureReason.SERVICES_CEASED,
        note="Goals achieved",
    )
    case.refresh_from_db()
    assert case.status == FamilyHelpStatus.CLOSED
    assert not Involvement.objects.filter(
        practitioner=world.school_dsl, ended_on__isnull=True, role=InvolvementRole.LEAD_PRACTITIONER
    ).exists()
    assert not Deadline.objects.filter(rule_code="family_help_review", met_on__isnull=True).exists()
    case.case_episode.refresh_from_db()
    assert case.case_episode.closure_reason == ClosureReason.SERVICES_CEASED
    closed = EpisodeTransition.objects.get(episode=case.case_episode, kind=TransitionKind.CLOSED)
    assert (closed.happened_on, closed.closure_reason, closed.reason, closed.reason_text, closed.decided_as) == (
        date(2027, 3, 1),
        ClosureReason.SERVICES_CEASED,
        TransitionReason.FAMILY_HELP_CLOSED,
        "Goals achieved",
        "family_help.family_help_close",
    )


def test_family_help_cannot_close_while_child_protection_runs_alongside(world: World, today: date) -> None:
    case = open_case(world)
    services.step_up_to_child_protection(
        actor=world.user("social_worker"),
        family_help_case=case,
        on=date(2027, 3, 1),
        reason="Significant harm suspected",
    )
    with pytest.raises(ValidationError) as exc:
        services.family_help_close(
            actor=world.user("social_worker"),
            case=case,
            closed_on=date(2027, 3, 2),
            closure_reason=ClosureReason.SERVICES_CEASED,
        )
    assert _codes(exc.value) == {"closure_reason": ["child_protection_alongside"]}


def test_a_partner_lead_cannot_step_up_close_or_change_the_lead(world: World, today: date) -> None:
    case = open_case(world)
    youth_worker = PractitionerFactory(role="youth_worker")
    with pytest.raises(NotFoundOrNotPermitted):
        services.step_up_to_child_protection(
            actor=world.user("school_dsl"), family_help_case=case, on=date(2027, 3, 1), reason="x"
        )
    with pytest.raises(NotFoundOrNotPermitted):
        services.family_help_close(
            actor=world.user("school_dsl"),
            case=case,
            closed_on=date(2027, 3, 1),
            closure_reason=ClosureReason.SERVICES_CEASED,
        )
    with pytest.raises(NotFoundOrNotPermitted):
        services.family_help_lead_change(
            actor=world.user("school_dsl"), case=case, lead_practitioner=youth_worker, on=date(2027, 3, 1)
        )
