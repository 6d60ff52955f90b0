"""Every child protection clock (timescales/rules.toml codes): started by the record that triggers it, met by the
record that answers it, due on the date the rule data gives; met late only with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.people.factories import ChildFactory
from joinedup.timescales.calendar import CALENDAR, add_months
from joinedup.timescales.engine import due_date
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import pre_birth_conference_due
from joinedup.timescales.services import subject_key_of
from joinedup.visits.testing import visit_one

from .. import services
from ..codes import ConferenceDecision, ConferenceKind
from ..models import ChildProtectionPlan, ChildProtectionVisit, Conference, StrategyDiscussion
from .conftest import Journey

pytestmark = pytest.mark.django_db


def clock(child: object, rule: str, subject: object) -> Deadline:
    return Deadline.objects.get(child=child, rule_code=rule, subject_key=subject_key_of(subject))  # type: ignore[misc]


def test_given_reasonable_cause_when_the_strategy_discussion_is_held_next_working_day_then_its_clock_is_met(
    journey: Journey, start: date
) -> None:
    cause = start
    held = CALENDAR.add_working_days(start, 1)
    sd = journey.strategy(held, cause_on=cause)
    deadline = clock(journey.child, "strategy_discussion", sd)
    assert (deadline.started_on, deadline.due_on, deadline.met_on) == (cause, held, held)
    assert deadline.due_on == due_date("strategy_discussion", cause)


def test_given_immediate_danger_when_the_discussion_is_the_next_day_then_it_is_late_and_needs_a_reason(
    journey: Journey, start: date
) -> None:
    cause = start
    held = CALENDAR.add_working_days(start, 1)
    with pytest.raises(ValidationError) as exc:
        journey.strategy(held, cause_on=cause, immediate_danger=True)
    assert "late_reason" in exc.value.message_dict
    assert not StrategyDiscussion.objects.exists()  # nothing half-saved
    assert not Deadline.objects.exists()
    sd = journey.strategy(
        held, cause_on=cause, immediate_danger=True, late_reason="Police unavailable until the next morning"
    )
    deadline = clock(journey.child, "strategy_discussion", sd)
    assert deadline.interval == "immediate_danger"
    assert deadline.due_on == cause
    assert deadline.late_reason


def test_initial_conference_clock_is_15_working_days_from_the_strategy_discussion_that_started_the_enquiry(
    journey: Journey, start: date
) -> None:
    sd = journey.strategy(start)
    deadline = clock(journey.child, "initial_child_protection_conference", sd.enquiry)
    assert deadline.started_on == start
    assert deadline.due_on == CALENDAR.add_working_days(start, 15)
    journey.enquiry_outcome(sd.enquiry, CALENDAR.add_working_days(start, 2))
    assert clock(journey.child, "section_47_outcome", sd.enquiry).met_on == CALENDAR.add_working_days(start, 2)
    day_14 = CALENDAR.add_working_days(start, 14)
    conference = journey.arrange(ConferenceKind.INITIAL, day_14, enquiry=sd.enquiry)
    journey.hold(conference, day_14)
    deadline.refresh_from_db()
    assert deadline.met_on == day_14
    assert deadline.late_reason == ""


def test_given_an_initial_conference_after_15_working_days_when_no_reason_is_given_then_nothing_is_saved(
    journey: Journey, start: date
) -> None:
    sd = journey.strategy(start)
    journey.enquiry_outcome(sd.enquiry, CALENDAR.add_working_days(start, 2))
    day_17 = CALENDAR.add_working_days(start, 17)
    conference = journey.arrange(ConferenceKind.INITIAL, day_17, enquiry=sd.enquiry)
    with pytest.raises(ValidationError) as exc:
        journey.hold(conference, day_17)
    assert "late_reason" in exc.value.message_dict
    conference.refresh_from_db()
    assert conference.held_on is None and conference.status == "arranged"
    assert not ChildProtectionPlan.objects.exists()
    journey.hold(conference, day_17, late_reason="Chair unavailable; agreed with the manager")
    assert clock(journey.child, "initial_child_protection_conference", sd.enquiry).met_on == day_17


def test_plan_starts_first_core_group_first_review_and_visit_clocks_from_the_initial_conference(
    journey: Journey, start: date
) -> None:
    plan = journey.to_plan(start)
    icpc = plan.started_on
    assert clock(journey.child, "first_core_group", plan).due_on == CALENDAR.add_working_days(icpc, 10)
    assert clock(journey.child, "first_review_conference", plan).due_on == add_months(icpc, 3)
    assert clock(journey.child, "child_protection_visit", plan).due_on == CALENDAR.add_working_days(icpc, 10)
    assert journey.child.case_episodes.get().tier == EpisodeTier.CHILD_PROTECTION


def test_core_groups_meet_the_first_core_group_then_the_local_interval(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    first = CALENDAR.add_working_days(plan.started_on, 8)
    meeting = services.core_group_record(
        actor=journey.actor, plan=plan, held_on=first, attended="SW, HV, police, school", progress="Started"
    )
    assert clock(journey.child, "first_core_group", plan).met_on == first
    interval = clock(journey.child, "core_group_interval", meeting)
    assert interval.due_on == first + timedelta(weeks=6)
    second = first + timedelta(weeks=5)
    services.core_group_record(actor=journey.actor, plan=plan, held_on=second, attended="All", progress="Better")
    interval.refresh_from_db()
    assert interval.met_on == second


def test_visits_with_the_child_seen_meet_the_visit_clock_and_start_the_next(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    not_seen = CALENDAR.add_working_days(plan.started_on, 3)
    visit_one(actor=journey.actor, child=journey.child, visited_on=not_seen, seen=False)
    assert clock(journey.child, "child_protection_visit", plan).met_on is None
    seen = CALENDAR.add_working_days(plan.started_on, 7)
    visit = ChildProtectionVisit.objects.get(
        visit_child=visit_one(actor=journey.actor, child=journey.child, visited_on=seen)
    )
    assert clock(journey.child, "child_protection_visit", plan).met_on == seen
    assert clock(journey.child, "child_protection_visit", visit).due_on == CALENDAR.add_working_days(seen, 10)


def test_review_conferences_three_months_after_the_initial_then_six_monthly(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    review_day = add_months(plan.started_on, 3) - timedelta(days=3)
    review = journey.arrange(ConferenceKind.REVIEW, review_day, plan=plan)
    journey.hold(review, review_day, harms=("physical_abuse", "neglect"))
    assert clock(journey.child, "first_review_conference", plan).met_on == review_day
    subsequent = clock(journey.child, "subsequent_review_conference", review)
    assert subsequent.due_on == add_months(review_day, 6)
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("PHY", "MUL")


def test_pre_birth_conference_due_at_32_weeks_and_starts_a_plan(journey: Journey) -> None:
    w = journey.world
    edd = timezone.localdate() + timedelta(weeks=10)
    unborn = ChildFactory(
        given_name="",
        family_name="Marsden",
        date_of_birth=None,
        profile__is_unborn=True,
        profile__expected_date_of_delivery=edd,
    )
    InvolvementFactory(practitioner=w.social_worker, child=unborn, team=w.team_a)
    CaseEpisodeFactory(
        child=unborn,
        started_on=timezone.localdate() - timedelta(days=30),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    assert pre_birth_conference_due(unborn) == edd - timedelta(weeks=8)
    assert pre_birth_conference_due(unborn) == due_date("pre_birth_conference", edd, interval="conference")
    unborn_journey = Journey(world=w, child=unborn, episode=unborn.case_episodes.get())
    conference = unborn_journey.arrange(ConferenceKind.PRE_BIRTH, timezone.localdate())
    held = unborn_journey.hold(conference, timezone.localdate(), harms=("neglect",))
    assert held.plan is not None and held.plan.initial_category == "NEG"


def test_pre_birth_clock_is_a_deadline_once_the_expected_date_has_come(journey: Journey) -> None:
    w = journey.world
    edd = timezone.localdate() - timedelta(days=3)
    unborn = ChildFactory(
        given_name="",
        family_name="Marsden",
        date_of_birth=None,
        profile__is_unborn=True,
        profile__expected_date_of_delivery=edd,
    )
    InvolvementFactory(practitioner=w.social_worker, child=unborn, team=w.team_a)
    CaseEpisodeFactory(
        child=unborn,
        started_on=edd - timedelta(days=90),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    conference = Journey(world=w, child=unborn, episode=unborn.case_episodes.get()).arrange(
        ConferenceKind.PRE_BIRTH, timezone.localdate()
    )
    deadline = clock(unborn, "pre_birth_conference", conference)
    assert deadline.due_on == edd - timedelta(weeks=8)


def test_transfer_in_conference_within_15_working_days_of_the_notification(journey: Journey, start: date) -> None:
    transfer = services.transfer_in_record(
        actor=journey.actor, child=journey.child, notified_on=start, from_authority="Northshire County Council"
    )
    deadline = clock(journey.child, "transfer_in_conference", transfer)
    assert deadline.due_on == CALENDAR.add_working_days(start, 15)
    day = CALENDAR.add_working_days(start, 12)
    conference = journey.arrange(ConferenceKind.TRANSFER_IN, day, transfer_in=transfer)
    held = journey.hold(conference, day)
    deadline.refresh_from_db()
    assert deadline.met_on == day
    assert held.plan is not None


def test_a_plan_ended_at_review_steps_down_and_withdraws_its_open_clocks(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    services.core_group_record(
        actor=journey.actor,
        plan=plan,
        held_on=CALENDAR.add_working_days(plan.started_on, 5),
        attended="All",
        progress="Good",
    )
    review_day = add_months(plan.started_on, 3)
    review = journey.arrange(ConferenceKind.REVIEW, review_day, plan=plan)
    journey.hold(review, review_day, decision=ConferenceDecision.NO_PLAN, harms=(), step_down=True)
    plan.refresh_from_db()
    assert plan.ended_on == review_day and plan.end_reason == "review_conference"
    open_plan_clocks = Deadline.objects.filter(
        child=journey.child, met_on__isnull=True, rule_code__in=services.PLAN_RULES
    )
    assert not open_plan_clocks.exists()
    assert journey.child.case_episodes.get().tier == EpisodeTier.FAMILY_HELP
    assert Conference.objects.get(pk=review.pk).step_down_to_family_help
