"""The audit events each child protection service writes, pinned: the same events, in the same order, whatever
the order of the service's other writes (issue 16: the services split by what they write, the audit events
appended as each service's last writes). Each test takes the child to the point the service needs, pins the
trail of the one call, and checks that its audit events were its last writes (audit.services.audit_last)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from joinedup.assessments.services import unborn_child_birth_record
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
    withdrawn_by_the_daily_run,
)
from joinedup.core.actors import system_actor
from joinedup.family_help import services as family_help
from joinedup.people.codes import Sex
from joinedup.timescales.calendar import CALENDAR, add_months
from joinedup.visits.testing import visit_one

from .. import services
from ..codes import ConferenceDecision, ConferenceKind, PreProceedingsOutcome, StrategyOutcome
from ..models import ChildProtectionPlan, StrategyDiscussion
from .conftest import Journey
from .test_pre_birth import midday, unborn_journey

pytestmark = pytest.mark.django_db


@contextmanager
def trail(journey: Journey) -> Iterator[list[Event]]:
    """The trail of the events the block wrote, which must be its last writes."""
    with audit_trail_written(journey.child.pk) as written, assert_audit_written_last():
        yield written


def _strategy_with_family_help(journey: Journey, start: date) -> tuple[StrategyDiscussion, list[Event]]:
    family_help.family_help_open(
        actor=journey.actor,
        episode=journey.episode,
        lead_practitioner=journey.world.school_dsl,
        opened_on=start - timedelta(days=30),
    )
    with trail(journey) as written:
        discussion = journey.strategy(start)
    return discussion, written


def test_strategy_discussion_starting_a_section_47(journey: Journey, start: date) -> None:
    _, written = _strategy_with_family_help(journey, start)
    assert written == STRATEGY_SECTION_47
    assert audit_chain_verify().intact


def test_strategy_discussion_deciding_no_enquiry(journey: Journey, start: date) -> None:
    with trail(journey) as written:
        journey.strategy(start, outcome=StrategyOutcome.NO_SECTION_47)
    assert written == STRATEGY_NO_ENQUIRY


def test_section_47_record(journey: Journey, start: date) -> None:
    discussion = journey.strategy(start)
    with trail(journey) as written:
        journey.enquiry_outcome(discussion.enquiry, CALENDAR.add_working_days(start, 2))
    assert written == SECTION_47


def test_transfer_in_record(journey: Journey, start: date) -> None:
    with trail(journey) as written:
        services.transfer_in_record(
            actor=journey.actor, child=journey.child, notified_on=start, from_authority="Northshire County Council"
        )
    assert written == TRANSFER_IN


def _arranged(journey: Journey, start: date) -> StrategyDiscussion:
    discussion = journey.strategy(start)
    journey.enquiry_outcome(discussion.enquiry, CALENDAR.add_working_days(start, 2))
    return discussion


def test_conference_arrange(journey: Journey, start: date) -> None:
    discussion = _arranged(journey, start)
    with trail(journey) as written:
        journey.arrange(ConferenceKind.INITIAL, CALENDAR.add_working_days(start, 14), enquiry=discussion.enquiry)
    assert written == CONFERENCE_ARRANGE


def test_agency_report_submit_and_resubmit(journey: Journey, start: date) -> None:
    discussion = _arranged(journey, start)
    conference = journey.arrange(
        ConferenceKind.INITIAL, CALENDAR.add_working_days(start, 14), enquiry=discussion.enquiry
    )
    details = services.AgencyReportDetails(involvement="Health visiting since birth", concerns="Missed appointments")
    health_visitor = journey.world.user("health_visitor")
    with trail(journey) as first:
        services.agency_report_submit(actor=health_visitor, conference=conference, details=details)
    with trail(journey) as again:
        services.agency_report_submit(actor=health_visitor, conference=conference, details=details)
    assert (first, again) == AGENCY_REPORT


def test_conference_outcome_starting_a_plan(journey: Journey, start: date) -> None:
    discussion = _arranged(journey, start)
    day = CALENDAR.add_working_days(start, 14)
    conference = journey.arrange(ConferenceKind.INITIAL, day, enquiry=discussion.enquiry)
    with trail(journey) as written:
        journey.hold(conference, day)
    assert written == CONFERENCE_PLAN


def test_minutes_share(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    with trail(journey) as written:
        services.minutes_share(actor=journey.actor, conference=plan.starting_conference)
    assert written == MINUTES_SHARE


def test_core_group_visit_and_plan_action(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    day = CALENDAR.add_working_days(plan.started_on, 5)
    with trail(journey) as core_group:
        services.core_group_record(actor=journey.actor, plan=plan, held_on=day, attended="All", progress="Good")
    with trail(journey) as visit:
        visit_one(actor=journey.actor, child=journey.child, visited_on=day)
    with trail(journey) as action:
        services.plan_action_add(
            actor=journey.actor, plan=plan, action="Parenting course", due_on=day, owner=journey.world.health_visitor
        )
    assert (core_group, visit, action) == PLAN_WORK


def test_review_continuing_the_plan(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    day = add_months(plan.started_on, 3)
    review = journey.arrange(ConferenceKind.REVIEW, day, plan=plan)
    with trail(journey) as written:
        journey.hold(review, day)
    assert written == REVIEW_CONTINUES


def test_review_ending_the_plan_with_step_down(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    day = add_months(plan.started_on, 3)
    review = journey.arrange(ConferenceKind.REVIEW, day, plan=plan)
    with trail(journey) as written:
        journey.hold(review, day, decision=ConferenceDecision.NO_PLAN, harms=(), step_down=True)
    assert written == REVIEW_ENDS_WITH_STEP_DOWN
    assert audit_chain_verify().intact


def test_plans_end_automatically(journey: Journey, start: date) -> None:
    journey.to_plan(start)
    died = timezone.localdate() - timedelta(days=5)
    journey.child.date_of_death = died
    journey.child.save()
    with trail(journey) as written:
        services.plans_end_automatically(actor=system_actor("daily-jobs"))
    assert ChildProtectionPlan.objects.get().ended_on == died
    assert written == PLAN_ENDS_AUTOMATICALLY


def test_pre_proceedings(journey: Journey, start: date) -> None:
    journey.to_plan(start)
    day = start + timedelta(days=60)
    with trail(journey) as started:
        record = services.pre_proceedings_start(
            actor=journey.actor,
            child=journey.child,
            started_on=day,
            letter_before_proceedings_on=day,
            family_group_decision_making_offered=True,
        )
    with trail(journey) as meeting:
        services.pre_proceedings_meeting_add(actor=journey.actor, pre_proceedings=record, held_on=day, notes="Agreed")
    with trail(journey) as ended:
        services.pre_proceedings_end(
            actor=journey.actor, pre_proceedings=record, ended_on=day, outcome=PreProceedingsOutcome.DIVERTED
        )
    assert (started, meeting, ended) == PRE_PROCEEDINGS


def test_pre_birth_strategy_conference_and_birth(journey: Journey) -> None:
    with time_machine.travel(midday(date(2026, 3, 2)), tick=False):
        unborn = unborn_journey(journey, date(2026, 5, 20), date(2026, 2, 2))
        with trail(unborn) as strategy:
            discussion = unborn.strategy(date(2026, 3, 2), harms=("neglect",))
    with time_machine.travel(midday(date(2026, 3, 20)), tick=False):
        with trail(unborn) as arranged:
            conference = unborn.arrange(ConferenceKind.PRE_BIRTH, date(2026, 3, 20), enquiry=discussion.enquiry)
        with trail(unborn) as held:
            unborn.hold(conference, date(2026, 3, 20), harms=("neglect",))
    # Assessments' service records the birth (not yet holding its events to the end); child protection's clocks
    # follow inside its transaction.
    with time_machine.travel(midday(date(2026, 5, 11)), tick=False), audit_trail_written(unborn.child.pk) as born:
        unborn_child_birth_record(
            actor=unborn.actor, child=unborn.child, date_of_birth=date(2026, 5, 11), given_name="Ava", sex=Sex.FEMALE
        )
    assert (strategy, arranged, held, born) == PRE_BIRTH
    assert audit_chain_verify().intact


# -- the pinned trails ------------------------------------------------------------------------------------------

HELD = (
    "updated",
    "child_protection.conference",
    ("decision", "harms", "held_on", "minutes", "status"),
    "",
    "child",
    ((), ("cin_category", "decision")),
)
STRATEGY_SECTION_47 = [
    created("child_protection.strategydiscussion"),
    INVOLVED,
    INVOLVED,
    INVOLVED,
    CLOCK,
    MET,
    created("child_protection.section47enquiry"),
    INVOLVED,
    CLOCK,
    CLOCK,
    created("family_help.familyhelpstep"),
    updated("family_help.familyhelpcase", "status"),
    episode_moved("Stepped up (transition #): A strategy discussion started a section # enquiry"),
]
STRATEGY_NO_ENQUIRY = [
    created("child_protection.strategydiscussion"),
    INVOLVED,
    INVOLVED,
    INVOLVED,
    CLOCK,
    MET,
    ENDED,
    ENDED,
    ENDED,
]
SECTION_47 = [
    updated("child_protection.section47enquiry", "child_voice_words", "concluded_on", "findings", "outcome"),
    MET,
]
TRANSFER_IN = [created("child_protection.transferin"), CLOCK]
CONFERENCE_ARRANGE = [created("child_protection.conference")]
AGENCY_REPORT = (
    [created("child_protection.agencyreport")],
    [
        (
            "updated",
            "child_protection.agencyreport",
            ("concerns", "involvement", "recommendation", "strengths"),
            "",
            "child",
            None,
        )
    ],
)
CONFERENCE_PLAN = [
    HELD,
    MET,
    created("child_protection.childprotectionplan"),
    INVOLVED,
    INVOLVED,
    INVOLVED,
    episode_moved("Stepped up (transition #): A conference started a child protection plan"),
    CLOCK,
    CLOCK,
    CLOCK,
]
MINUTES_SHARE = [
    ("updated", "child_protection.conference", ("minutes_shared_on",), "Minutes shared with #", "child", None)
]
PLAN_WORK = (
    [created("child_protection.coregroupmeeting"), MET, CLOCK],
    # The one visit (issue 18): the plan's own row of it and its clocks, then the visit's audit event for the child.
    [created("child_protection.childprotectionvisit"), MET, CLOCK, created("visits.visitchild")],
    [created("child_protection.planaction")],
)
REVIEW_CONTINUES = [HELD, MET, CLOCK]
REVIEW_ENDS_WITH_STEP_DOWN = [
    HELD,
    MET,
    updated("child_protection.childprotectionplan", "end_reason", "ended_on"),
    withdrawn("The child protection plan ended (ended at a review conference)"),
    withdrawn("The child protection plan ended (ended at a review conference)"),
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    created("family_help.familyhelpcase"),
    created("family_help.familyhelpchild"),
    INVOLVED,
    CLOCK,  # the Family Help visit clock (issue 18)
    created("family_help.familyhelpstep"),
    updated("family_help.familyhelpcase", "status"),
    episode_moved("Stepped down (transition #): A review conference ended the child protection plan"),
]
PLAN_ENDS_AUTOMATICALLY = [
    updated("child_protection.childprotectionplan", "end_reason", "ended_on"),
    withdrawn_by_the_daily_run("The child protection plan ended (the child died)"),
    withdrawn_by_the_daily_run("The child protection plan ended (the child died)"),
    withdrawn_by_the_daily_run("The child protection plan ended (the child died)"),
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    ENDED,
    ENDED,
]
PRE_PROCEEDINGS = (
    [created("family_help.familygroupdecisionmaking"), created("child_protection.preproceedings")],
    [created("child_protection.preproceedingsmeeting")],
    [updated("child_protection.preproceedings", "ended_on", "outcome")],
)
PRE_BIRTH = (
    [
        created("child_protection.strategydiscussion"),
        INVOLVED,
        INVOLVED,
        INVOLVED,
        CLOCK,
        MET,
        created("child_protection.section47enquiry"),
        INVOLVED,
        CLOCK,
        CLOCK,
    ],
    [created("child_protection.conference")],
    [
        HELD,
        MET,
        created("child_protection.childprotectionplan"),
        INVOLVED,
        INVOLVED,
        INVOLVED,
        episode_moved("Stepped up (transition #): A conference started a child protection plan"),
        CLOCK,
        CLOCK,
        CLOCK,
    ],
    [
        updated("people.person", "date_of_birth", "given_name", "is_unborn"),
        withdrawn("The child was born: the first review runs from the birth"),
        CLOCK,
    ],
)
