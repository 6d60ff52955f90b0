"""The pre-birth conference rule (rules.toml `pre_birth_conference`): the conference clock exists from the day the
concern is known, due at 32 weeks of pregnancy counted back from the expected date of delivery; after the birth the
first review runs from the date of birth on the rule's `first_review_after_birth` interval (3 months or 20 working
days, whichever is sooner), with weekends and bank holidays counted by the working-day calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.assessments.services import unborn_child_birth_record
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.people.codes import Sex
from joinedup.people.factories import ChildFactory
from joinedup.timescales.engine import due_date
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import pre_birth_conference_due
from joinedup.timescales.services import subject_key_of

from .. import services
from ..codes import ConferenceKind, Section47Outcome, TeamMemberRole
from ..models import ChildProtectionPlan
from .conftest import Journey
from .test_views_and_access import strategy_post

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")


def midday(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UK)


def unborn_journey(journey: Journey, edd: date, episode_from: date) -> Journey:
    w = journey.world
    unborn = ChildFactory(
        given_name="",
        family_name="Marsden",
        date_of_birth=None,
        profile__is_unborn=True,
        profile__expected_date_of_delivery=edd,
    )
    InvolvementFactory(practitioner=w.social_worker, child=unborn, team=w.team_a)
    episode = CaseEpisodeFactory(
        child=unborn,
        started_on=episode_from,
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    return Journey(world=w, child=unborn, episode=episode)


def open_clocks(child: object, rule: str) -> list[Deadline]:
    return list(Deadline.objects.filter(child=child, rule_code=rule, met_on__isnull=True))  # type: ignore[misc]


def test_given_a_concern_in_pregnancy_when_the_strategy_discussion_starts_an_enquiry_then_the_pre_birth_clock_exists(
    journey: Journey,
) -> None:
    today = timezone.localdate()
    edd = today + timedelta(weeks=16)
    unborn = unborn_journey(journey, edd, today - timedelta(days=20))
    held = today - timedelta(days=1)
    sd = unborn.strategy(held, harms=("neglect",))
    deadline = Deadline.objects.get(child=unborn.child, rule_code="pre_birth_conference")
    # Started the day the concern was known, due at 32 weeks of pregnancy: long before the expected date.
    assert (deadline.interval, deadline.started_on, deadline.subject_key) == (
        "conference",
        held,
        subject_key_of(sd.enquiry),
    )
    assert deadline.due_on == edd - timedelta(weeks=8)
    assert deadline.due_on == due_date("pre_birth_conference", edd, interval="conference")
    assert deadline.is_local
    # The pre-birth conference is the unborn child's initial conference: no second, 15-working-day clock.
    assert not Deadline.objects.filter(child=unborn.child, rule_code="initial_child_protection_conference").exists()
    # The enquiry finds no cause: the conference clock is withdrawn with it.
    w = journey.world
    services.section_47_record(
        actor=unborn.actor,
        enquiry=sd.enquiry,
        details=services.EnquiryDetails(
            voice=ChildVoice(words="I want to feel safe at home."),
            lead_practitioner=w.social_worker,
            members=[
                (w.social_worker, TeamMemberRole.SOCIAL_WORKER),
                (w.police_officer, TeamMemberRole.POLICE_OFFICER),
                (w.health_visitor, TeamMemberRole.HEALTH_PROFESSIONAL),
            ],
            findings="Midwife and GP report good antenatal care; no concerns substantiated.",
            outcome=Section47Outcome.NO_FURTHER_ACTION,
            concluded_on=today,
        ),
    )
    assert not open_clocks(unborn.child, "pre_birth_conference")


def test_given_a_pre_birth_conference_arranged_before_the_expected_date_then_its_deadline_exists_now(
    journey: Journey,
) -> None:
    today = timezone.localdate()
    edd = today + timedelta(weeks=10)
    unborn = unborn_journey(journey, edd, today - timedelta(days=30))
    conference = unborn.arrange(ConferenceKind.PRE_BIRTH, today + timedelta(days=3))
    [deadline] = open_clocks(unborn.child, "pre_birth_conference")
    assert (deadline.started_on, deadline.due_on, deadline.subject_key) == (
        today,
        edd - timedelta(weeks=8),
        subject_key_of(conference),
    )
    assert pre_birth_conference_due(unborn.child) == deadline.due_on  # the page's figure, the same rule


def test_given_a_baby_born_on_a_plan_from_a_pre_birth_conference_then_the_first_review_runs_from_the_birth(
    journey: Journey,
) -> None:
    """20 working days from Monday 11 May 2026 skip the spring bank holiday (25 May): due Tuesday 9 June, sooner
    than 3 months (11 August)."""
    edd = date(2026, 5, 20)
    with time_machine.travel(midday(date(2026, 3, 2)), tick=False):
        unborn = unborn_journey(journey, edd, date(2026, 2, 2))
        sd = unborn.strategy(date(2026, 3, 2), harms=("neglect",))
        [clock] = open_clocks(unborn.child, "pre_birth_conference")
        assert clock.due_on == date(2026, 3, 25)  # 32 weeks: the expected date less 8 weeks
    with time_machine.travel(midday(date(2026, 3, 20)), tick=False):
        conference = unborn.arrange(ConferenceKind.PRE_BIRTH, date(2026, 3, 20), enquiry=sd.enquiry)
        unborn.hold(conference, date(2026, 3, 20), harms=("neglect",))
        clock.refresh_from_db()
        assert clock.met_on == date(2026, 3, 20)
        plan = ChildProtectionPlan.objects.get(child=unborn.child)
        assert [d.due_on for d in open_clocks(unborn.child, "first_review_conference")] == [date(2026, 6, 20)]
    with time_machine.travel(midday(date(2026, 5, 11)), tick=False):
        unborn_child_birth_record(
            actor=unborn.actor, child=unborn.child, date_of_birth=date(2026, 5, 11), given_name="Ava", sex=Sex.FEMALE
        )
        assert not open_clocks(unborn.child, "first_review_conference")  # withdrawn: it ran from the conference
        [review_clock] = open_clocks(unborn.child, "pre_birth_conference")
        assert (review_clock.interval, review_clock.started_on, review_clock.subject_key) == (
            "first_review_after_birth",
            date(2026, 5, 11),
            subject_key_of(plan),
        )
        assert review_clock.due_on == date(2026, 6, 9)
        assert review_clock.due_on == due_date(
            "pre_birth_conference", date(2026, 5, 11), interval="first_review_after_birth"
        )
    with time_machine.travel(midday(date(2026, 6, 8)), tick=False):
        review = unborn.arrange(ConferenceKind.REVIEW, date(2026, 6, 8), plan=plan)
        unborn.hold(review, date(2026, 6, 8), harms=("neglect",))
        review_clock.refresh_from_db()
        assert review_clock.met_on == date(2026, 6, 8)
        [subsequent] = open_clocks(unborn.child, "subsequent_review_conference")
        assert subsequent.due_on == date(2026, 12, 8)


def test_given_a_birth_on_a_saturday_before_a_bank_holiday_then_the_review_is_due_20_working_days_on(
    journey: Journey,
) -> None:
    """Saturday 22 August 2026: the summer bank holiday (31 August) and the weekends are not working days, so 20
    working days end on Monday 21 September."""
    with time_machine.travel(midday(date(2026, 8, 3)), tick=False):
        unborn = unborn_journey(journey, date(2026, 9, 10), date(2026, 6, 1))
        conference = unborn.arrange(ConferenceKind.PRE_BIRTH, date(2026, 8, 3))
        unborn.hold(conference, date(2026, 8, 3), harms=("neglect",), late_reason="Concern known at 35 weeks")
    with time_machine.travel(midday(date(2026, 8, 24)), tick=False):
        unborn_child_birth_record(
            actor=unborn.actor, child=unborn.child, date_of_birth=date(2026, 8, 22), given_name="", sex=Sex.MALE
        )
        [review_clock] = open_clocks(unborn.child, "pre_birth_conference")
        assert (review_clock.started_on, review_clock.due_on) == (date(2026, 8, 22), date(2026, 9, 21))


def test_given_a_birth_with_no_plan_from_a_pre_birth_conference_then_no_review_clock_starts(
    journey: Journey, start: date
) -> None:
    plan = journey.to_plan(start)
    assert services.unborn_child_born(actor=journey.actor, child=journey.child, born_on=start) is None
    assert Deadline.objects.filter(child=journey.child, rule_code="first_review_conference", met_on__isnull=True)
    assert not Deadline.objects.filter(child=journey.child, rule_code="pre_birth_conference").exists()
    assert plan.ended_on is None


def test_given_an_unborn_child_when_the_strategy_discussion_is_recorded_then_the_pages_name_the_pre_birth_due_date(
    journey: Journey, client_for: Any
) -> None:
    from django.urls import reverse

    today = timezone.localdate()
    edd = today + timedelta(weeks=16)
    unborn = unborn_journey(journey, edd, today - timedelta(days=20))
    w = journey.world
    client = client_for("social_worker")
    data = strategy_post(
        Journey(world=w, child=unborn.child, episode=unborn.episode), today, ["neglect"], experienced="no"
    )
    response = client.post(
        reverse("child_protection:strategy_discussion_new", args=[unborn.child.pk]), data, follow=True
    )
    due = edd - timedelta(weeks=8)
    assert f"the pre-birth conference is due by {due:%-d %B %Y}" in response.content.decode()
    page = client.get(reverse("child_protection:record", args=[unborn.child.pk])).content.decode()
    assert "Pre-birth conference due by" in page
