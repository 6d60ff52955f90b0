"""The audit events each Family Help service writes, pinned: the same events, in the same order, whatever the order
of the service's other writes (issue 16: the services split by what they write, the audit events appended as each
service's last writes). Each test pins the trail of its calls and checks that their audit events were their last
writes (audit.services.audit_last)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.assessments.testing import referral_made
from joinedup.audit.selectors import audit_chain_verify
from joinedup.audit.testing import (
    CLOCK,
    ENDED,
    INVOLVED,
    MET,
    Event,
    assert_audit_written_last,
    audit_trail_written,
    created,
    episode_moved,
    updated,
    withdrawn,
)
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import ClosureReason
from joinedup.family_help import services
from joinedup.family_help.codes import FgdmResponse, NetworkEngagement
from joinedup.family_help.models import PlanAction
from joinedup.people.factories import ChildFactory

from .builders import agreed_plan, authorised_assessment, open_case

pytestmark = pytest.mark.django_db


@contextmanager
def trail(world: World) -> Iterator[list[Event]]:
    """The trail of the events the block wrote, which must be its last writes."""
    with audit_trail_written(world.allocated_child.pk) as written, assert_audit_written_last():
        yield written


def test_open_with_a_sibling(world: World, today: date) -> None:
    assessment = authorised_assessment(world)
    brother = ChildFactory(given_name="Ollie", family_name="Marsden", date_of_birth=date(2019, 9, 1))
    InvolvementFactory(practitioner=world.social_worker, child=brother, team=world.team_a)
    with trail(world) as written:
        services.family_help_open(
            actor=world.user("social_worker"),
            episode=assessment.case_episode,
            lead_practitioner=world.school_dsl,
            opened_on=date(2027, 2, 2),
            siblings=[brother],
            assessment=assessment,
        )
    assert written == OPEN
    assert audit_chain_verify().intact


def test_lead_change_and_team_member(world: World, today: date) -> None:
    case = open_case(world)
    with trail(world) as lead:
        services.family_help_lead_change(
            actor=world.user("social_worker"), case=case, lead_practitioner=world.health_visitor, on=date(2027, 2, 5)
        )
    with trail(world) as member:
        services.family_help_team_member_add(
            actor=world.user("social_worker"),
            case=case,
            practitioner=world.school_dsl,
            contribution="Attendance support",
            on=date(2027, 2, 6),
        )
    assert (lead, member) == LEAD_AND_TEAM


def test_plan_agreed_replaced_reviewed_and_action_status(world: World, today: date) -> None:
    case = open_case(world)
    with trail(world) as first:
        plan = agreed_plan(world, case)
    with trail(world) as action:
        services.plan_action_status_set(
            actor=world.user("school_dsl"), action=PlanAction.objects.filter(goal__plan=plan).first(), status="done"
        )
    with trail(world) as review:
        services.family_plan_review_record(
            actor=world.user("school_dsl"),
            case=case,
            held_on=date(2027, 3, 10),
            family_view="Mornings are better.",
            progress_summary="Attendance up.",
            goal_progress={plan.goals.get().pk: "good_progress"},
        )
    with trail(world) as replaced:
        agreed_plan(world, case, on=date(2027, 3, 11))
    assert (first, action, review, replaced) == PLAN_AND_REVIEW


def test_network_and_family_group_decision_making(world: World, today: date) -> None:
    case = open_case(world)
    actor = world.user("school_dsl")
    with trail(world) as added:
        member = services.family_network_member_add(
            actor=actor,
            case=case,
            name="Grandma Jean",
            relationship_to_family="Maternal grandmother",
            engagement=NetworkEngagement.ENGAGED,
        )
    with trail(world) as engagement:
        services.family_network_member_engagement_set(
            actor=actor, member=member, engagement=NetworkEngagement.DECLINED, support_offered="None now"
        )
    with trail(world) as offered:
        fgdm = services.fgdm_offer(actor=actor, episode=case.case_episode, offered_on=date(2027, 2, 10))
    with trail(world) as answered:
        services.fgdm_response_record(
            actor=actor, fgdm=fgdm, response=FgdmResponse.ACCEPTED, responded_on=date(2027, 2, 11)
        )
    with trail(world) as met:
        services.fgdm_meeting_record(actor=actor, fgdm=fgdm, meeting_on=date(2027, 2, 25), outcome="Grandma helps")
    assert (added, engagement, offered, answered, met) == NETWORK_AND_FGDM


def test_step_up_and_step_down(world: World, today: date) -> None:
    case = open_case(world)
    actor = world.user("social_worker")
    with trail(world) as up:
        services.step_up_to_child_protection(actor=actor, family_help_case=case, on=date(2027, 3, 1), reason="Harm")
    with trail(world) as down:
        services.step_down_to_family_help(
            actor=actor,
            episode=case.case_episode,
            on=date(2027, 3, 12),
            reason="Risks reduced",
            lead_practitioner=world.health_visitor,
        )
    assert (up, down) == STEPS
    assert audit_chain_verify().intact


def test_close_and_step_down_opening_family_help_again(world: World, today: date) -> None:
    case = open_case(world)
    agreed_plan(world, case)
    services.family_help_team_member_add(
        actor=world.user("social_worker"),
        case=case,
        practitioner=world.health_visitor,
        contribution="Health visiting",
        on=date(2027, 2, 9),
    )
    with trail(world) as closed:
        services.family_help_close(
            actor=world.user("social_worker"),
            case=case,
            closed_on=date(2027, 2, 20),
            closure_reason=ClosureReason.SERVICES_CEASED,
        )
    referral = referral_made(
        world, child=world.allocated_child, on=date(2027, 2, 22), outcome="strategy_discussion", harm_codes=["neglect"]
    )
    with trail(world) as reopened:
        services.step_down_to_family_help(
            actor=world.user("social_worker"),
            episode=referral.case_episode,
            on=date(2027, 3, 12),
            reason="Plan ended at the review conference",
        )
    assert (closed, reopened) == CLOSE_AND_REOPEN
    assert audit_chain_verify().intact


# -- the pinned trails ------------------------------------------------------------------------------------------

LEAD_AND_TEAM = (
    [ENDED, updated("family_help.familyhelpcase", "lead_practitioner_id"), INVOLVED],
    [created("family_help.familyhelpteammember"), INVOLVED],
)
PLAN_AND_REVIEW = (
    [created("family_help.familyplan"), CLOCK],
    [updated("family_help.planaction", "status")],
    [created("family_help.familyplanreview"), MET, CLOCK],
    [updated("family_help.familyplan", "replaced_on"), created("family_help.familyplan")],
)
NETWORK_AND_FGDM = (
    [created("family_help.familynetworkmember")],
    [updated("family_help.familynetworkmember", "engagement", "support_offered")],
    [created("family_help.familygroupdecisionmaking")],
    [updated("family_help.familygroupdecisionmaking", "responded_on", "response")],
    [updated("family_help.familygroupdecisionmaking", "meeting_on", "outcome")],
)
STEPS = (
    [
        created("family_help.familyhelpstep"),
        updated("family_help.familyhelpcase", "status"),
        episode_moved("Stepped up (transition #): Family Help stepped up to child protection"),
    ],
    [
        ENDED,
        updated("family_help.familyhelpcase", "lead_practitioner_id"),
        INVOLVED,
        created("family_help.familyhelpstep"),
        updated("family_help.familyhelpcase", "status"),
        episode_moved("Stepped down (transition #): Stepped down to Family Help"),
    ],
)
CLOSE_AND_REOPEN = (
    [
        updated("family_help.familyhelpcase", "closed_on", "closure_reason", "status"),
        ENDED,
        ENDED,
        withdrawn("Family Help closed"),
        withdrawn("Family Help closed"),  # the Family Help visit clock (issue 18)
        (
            "updated",
            "episodes.caseepisode",
            ("closed_on", "closure_reason"),
            "Closed (transition #): Family Help closed",
            "child",
            (("closed_on", "closure_reason"), ("closed_on", "closure_reason")),
        ),
    ],
    [
        created("family_help.familyhelpcase"),
        created("family_help.familyhelpchild"),
        INVOLVED,
        CLOCK,  # the Family Help visit clock (issue 18)
        created("family_help.familyhelpstep"),
        updated("family_help.familyhelpcase", "status"),
        episode_moved("Stepped down (transition #): Stepped down to Family Help"),
    ],
)
OPEN = [
    created("family_help.familyhelpcase"),
    created("family_help.familyhelpchild"),
    created("family_help.familyhelpchild", "other"),
    INVOLVED,
    created("access.involvement", "other"),
    CLOCK,  # each child's Family Help visit clock (issue 18)
    created("timescales.deadline", "other"),
]
