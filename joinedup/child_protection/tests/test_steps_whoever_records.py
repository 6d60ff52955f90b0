"""Issue 16: a strategy discussion that starts a section 47 enquiry steps the family's Family Help up to child
protection, and the episode with it, whoever may record the discussion; a review conference that ends the plan with
step-down steps them down again, whoever may record it. Permission is checked once, at the service the user called
(RECORD_CHILD_PROTECTION); the Family Help and episode steps run as that decision (ADR 0019)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import LOCAL_AUTHORITY_CASEWORK_ROLES, Role
from joinedup.audit.models import AuditEvent
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, TransitionKind, TransitionReason
from joinedup.episodes.models import EpisodeTransition
from joinedup.family_help import services as family_help
from joinedup.family_help.codes import FamilyHelpStatus, StepDirection
from joinedup.family_help.models import FamilyHelpCase, FamilyHelpStep
from joinedup.timescales.calendar import CALENDAR, add_months

from .. import services
from ..codes import ConferenceDecision, ConferenceKind, ParentsParticipation, StrategyOutcome
from .conftest import Journey, harm

# The roles whose users may record a strategy discussion or a conference's outcome: RECORD_CHILD_PROTECTION is
# granted to local authority caseworkers who see the child (access/policy.py). The guard test below keeps this list
# and the policy in step.
RECORDING_ROLES = sorted(LOCAL_AUTHORITY_CASEWORK_ROLES)

INVOLVEMENT_FOR = {
    Role.INDEPENDENT_REVIEWING_OFFICER: InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
    Role.PERSONAL_ADVISER: InvolvementRole.PERSONAL_ADVISER,
    Role.FAMILY_HELP_LEAD_PRACTITIONER: InvolvementRole.LEAD_PRACTITIONER,
}


def _practitioner(journey: Journey, role: str) -> Practitioner:
    """A practitioner of `role` in the local authority, involved with the journey's child."""
    w = journey.world
    team = w.front_door_team if role == Role.FRONT_DOOR_PRACTITIONER else w.team_a
    practitioner = PractitionerFactory(
        user__username=f"recorder.{role}", role=role, organisation=w.local_authority, team=team
    )
    InvolvementFactory(
        practitioner=practitioner,
        child=journey.child,
        team=team,
        role=INVOLVEMENT_FOR.get(Role(role), InvolvementRole.OTHER_PROFESSIONAL),
    )
    return practitioner


def _family_help_open(journey: Journey, start: date) -> FamilyHelpCase:
    return family_help.family_help_open(
        actor=journey.world.user("social_worker"),
        episode=journey.episode,
        lead_practitioner=journey.world.school_dsl,
        opened_on=start - timedelta(days=30),
    )


def _strategy_by(journey: Journey, user: Any, held_on: date) -> Any:
    return services.strategy_discussion_record(
        actor=user,
        child=journey.child,
        details=services.StrategyDetails(
            reasonable_cause_on=held_on,
            held_on=held_on,
            harms=[harm("physical_abuse")],
            participants=journey.participants(),
            information_shared="School saw bruising; police hold a previous call-out to the address.",
            decisions="Section 47 enquiry jointly with police.",
            outcome=StrategyOutcome.SECTION_47,
            lead_practitioner=journey.world.social_worker,
            voice=ChildVoice(words="I want the shouting to stop."),
        ),
    )


def test_the_roles_that_may_record_child_protection_are_the_ones_tested(journey: Journey) -> None:
    may = []
    for role in Role.values:
        practitioner = _practitioner(journey, role)
        if has_permission(practitioner.user, Permission.RECORD_CHILD_PROTECTION, journey.child):
            may.append(role)
    assert sorted(may) == RECORDING_ROLES
    # The fault this fixes: some of them may not manage Family Help themselves.
    assert not all(
        has_permission(p.user, Permission.MANAGE_FAMILY_HELP, journey.child)
        for p in Practitioner.objects.filter(role__in=RECORDING_ROLES, user__username__startswith="recorder.")
    )


@pytest.mark.parametrize("role", RECORDING_ROLES)
def test_a_strategy_discussion_starting_a_section_47_steps_family_help_and_the_episode_up_whoever_records_it(
    journey: Journey, start: date, role: str
) -> None:
    case = _family_help_open(journey, start)
    user = _practitioner(journey, role).user
    assert has_permission(user, Permission.RECORD_CHILD_PROTECTION, journey.child)

    discussion = _strategy_by(journey, user, start)

    case.refresh_from_db()
    assert case.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE
    step = FamilyHelpStep.objects.get(case=case)
    assert (step.direction, step.on, step.recorded_by_id) == (StepDirection.UP, start, user.pk)
    journey.episode.refresh_from_db()
    assert journey.episode.tier == EpisodeTier.CHILD_PROTECTION
    (transition,) = EpisodeTransition.objects.filter(episode=journey.episode)
    assert transition.kind == TransitionKind.STEPPED_UP
    assert (transition.from_tier, transition.to_tier) == (EpisodeTier.FAMILY_HELP, EpisodeTier.CHILD_PROTECTION)
    assert transition.happened_on == start
    assert transition.reason == TransitionReason.SECTION_47
    assert transition.decided_by_id == user.pk
    assert transition.decided_as == "child_protection.strategy_discussion_record"
    assert (transition.source_type, transition.source_id) == ("child_protection.strategydiscussion", str(discussion.pk))
    # The episode's move is audited as the recorder's, with the transition named.
    event = AuditEvent.objects.filter(object_type="episodes.caseepisode", object_id=str(journey.episode.pk)).get()
    assert event.actor_id == user.pk
    assert event.changed_fields == ["tier"]
    assert f"transition {transition.pk}" in event.reason


@pytest.mark.parametrize("role", RECORDING_ROLES)
def test_a_review_ending_the_plan_with_step_down_steps_family_help_and_the_episode_down_whoever_records_it(
    journey: Journey, start: date, role: str
) -> None:
    case = _family_help_open(journey, start)
    plan = journey.to_plan(start)  # the social worker, through to an initial conference's plan
    user = _practitioner(journey, role).user
    review_day = add_months(plan.started_on, 3)
    review = journey.arrange(ConferenceKind.REVIEW, review_day, plan=plan)

    services.conference_outcome_record(
        actor=user,
        conference=review,
        details=services.OutcomeDetails(
            held_on=review_day,
            decision=ConferenceDecision.NO_PLAN,
            harms=[],
            voice=ChildVoice(words="Feels safer at home now."),
            child_views_how="Seen alone at school",
            parents_participation=ParentsParticipation.ATTENDED,
            outline_plan="",
            minutes="Minutes of the review.",
            parents_minutes="The parents' version.",
            step_down_to_family_help=True,
        ),
    )

    case.refresh_from_db()
    assert case.status == FamilyHelpStatus.OPEN
    down = FamilyHelpStep.objects.get(case=case, direction=StepDirection.DOWN)
    assert down.recorded_by_id == user.pk
    journey.episode.refresh_from_db()
    assert journey.episode.tier == EpisodeTier.FAMILY_HELP
    moves = list(EpisodeTransition.objects.filter(episode=journey.episode).order_by("id"))
    assert [(t.kind, t.from_tier, t.to_tier) for t in moves] == [
        (TransitionKind.STEPPED_UP, EpisodeTier.FAMILY_HELP, EpisodeTier.CHILD_PROTECTION),
        (TransitionKind.STEPPED_DOWN, EpisodeTier.CHILD_PROTECTION, EpisodeTier.FAMILY_HELP),
    ]
    assert moves[1].decided_by_id == user.pk
    assert moves[1].decided_as == "child_protection.conference_outcome_record"
    assert moves[1].reason == TransitionReason.CHILD_PROTECTION_PLAN_ENDED
    assert (moves[1].source_type, moves[1].source_id) == ("child_protection.conference", str(review.pk))


def test_a_section_47_without_family_help_leaves_the_tier_to_the_conference(journey: Journey, start: date) -> None:
    """Without Family Help open there is nothing to step up at the strategy discussion (as before): the episode moves
    to the child protection tier when a conference starts a plan, written as that conference's decision."""
    enquiry = journey.strategy(start).enquiry
    assert not EpisodeTransition.objects.filter(episode=journey.episode).exists()
    journey.enquiry_outcome(enquiry, CALENDAR.add_working_days(start, 2))
    icpc_day = CALENDAR.add_working_days(start, 14)
    held = journey.hold(journey.arrange(ConferenceKind.INITIAL, icpc_day, enquiry=enquiry), icpc_day)
    (transition,) = EpisodeTransition.objects.filter(episode=journey.episode)
    assert (transition.from_tier, transition.to_tier) == (EpisodeTier.FAMILY_HELP, EpisodeTier.CHILD_PROTECTION)
    assert transition.reason == TransitionReason.CHILD_PROTECTION_PLAN
    assert transition.decided_as == "child_protection.conference_outcome_record"
    assert (transition.source_type, transition.source_id) == ("child_protection.conference", str(held.pk))
    assert transition.happened_on == icpc_day
