"""Partners record their own part (issue 19):

the social worker has recorded a strategy discussion with the police officer and the health visitor taking part ->
each signs in with their own login, finds "Record your contribution" on the child's child protection record and
records what their agency shared, its view on the threshold and an action it owns -> the social worker sees both,
under each agency. Then, with the child on a plan, the health visitor in the core group records a core group meeting
in their own login. Every page passes the accessibility check at 1280 px and at 390 px.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.child_protection import services
from joinedup.child_protection.codes import (
    Agency,
    ConferenceKind,
    Section47Outcome,
    StrategyOutcome,
    TeamMemberRole,
)
from joinedup.core.voice import ChildVoice
from joinedup.harms.models import HarmType
from joinedup.timescales.calendar import CALENDAR

from .steps import at_desktop_width, fill_date, then_a_success_banner_says, then_the_heading_is
from .test_child_protection import given_a_child_in_family_help_allocated_to_the_social_worker

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def working_day_before(day: date) -> date:
    while not CALENDAR.is_working_day(day):
        day -= timedelta(days=1)
    return day


def checked_at_both_widths(page: Page, assert_accessible: Any) -> None:
    at_desktop_width(page)
    assert_accessible(page)
    page.set_viewport_size(PHONE_390)
    assert_accessible(page)
    at_desktop_width(page)


def given_a_strategy_discussion_with_police_and_health(world: Any, child: Any, held: date) -> Any:
    return services.strategy_discussion_record(
        actor=world.user("social_worker"),
        child=child,
        details=services.StrategyDetails(
            reasonable_cause_on=held,
            held_on=held,
            harms=[HarmType.objects.get(code="physical_abuse")],
            participants=[
                services.Participant(Agency.LOCAL_AUTHORITY, world.social_worker),
                services.Participant(Agency.POLICE, world.police_officer),
                services.Participant(Agency.HEALTH, world.health_visitor),
            ],
            information_shared="School saw bruising on the child's arm.",
            decisions="Section 47 enquiry jointly with the police.",
            outcome=StrategyOutcome.SECTION_47,
            lead_practitioner=world.social_worker,
            voice=ChildVoice(words="I want the shouting to stop."),
        ),
    )


def when_a_partner_records_their_contribution(
    page: Page, sign_in_as: Any, user: Any, child: Any, shared: str, view: str, action: str, check: Any
) -> None:
    sign_in_as(user)
    page.goto(f"/children/{child.pk}/child-protection/")
    check(page)
    page.get_by_role("link", name="Record your contribution").click()
    then_the_heading_is(page, "Record your contribution to the strategy discussion")
    check(page)
    page.get_by_label("Information your agency shared").fill(shared)
    page.get_by_role(
        "group",
        name="Is there reasonable cause to suspect that the child is suffering, or likely to suffer, significant harm?",
    ).get_by_label(view).check()
    page.get_by_label("Action 1 (optional)").fill(action)
    due = timezone.localdate() + timedelta(days=3)
    fill_date(page, "Action 1 due by", str(due.day), str(due.month), str(due.year))
    page.get_by_role("button", name="Record the contribution").click()
    then_a_success_banner_says(page, "Your contribution to the strategy discussion is recorded")
    check(page)


def test_police_and_health_record_their_own_contributions_to_the_strategy_discussion(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    def check(p: Page) -> None:
        checked_at_both_widths(p, assert_accessible)

    child = given_a_child_in_family_help_allocated_to_the_social_worker(world)
    given_a_strategy_discussion_with_police_and_health(world, child, working_day_before(timezone.localdate()))
    when_a_partner_records_their_contribution(
        page,
        sign_in_as,
        world.user("police_officer"),
        child,
        "Two domestic abuse call-outs to the address this year.",
        "Yes: there is reasonable cause to suspect significant harm",
        "Check the father's bail conditions",
        check,
    )
    when_a_partner_records_their_contribution(
        page,
        sign_in_as,
        world.user("health_visitor"),
        child,
        "Missed the last two health visits.",
        "Not sure yet",
        "Weigh the baby at home",
        check,
    )
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/child-protection/")
    expect(page.get_by_role("heading", name=f"Contribution from {world.police_officer.full_name}")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Contribution from {world.health_visitor.full_name}")).to_be_visible()
    expect(page.get_by_role("cell", name="Check the father's bail conditions", exact=True)).to_be_visible()
    check(page)


def test_the_health_visitor_in_the_core_group_records_a_core_group_meeting(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    def check(p: Page) -> None:
        checked_at_both_widths(p, assert_accessible)

    child = given_a_child_in_family_help_allocated_to_the_social_worker(world)
    start = working_day_before(timezone.localdate() - timedelta(days=40))
    discussion = given_a_strategy_discussion_with_police_and_health(world, child, start)
    services.section_47_record(
        actor=world.user("social_worker"),
        enquiry=discussion.enquiry,
        details=services.EnquiryDetails(
            voice=ChildVoice(words="I want to feel safe at home."),
            lead_practitioner=world.social_worker,
            members=[
                (world.social_worker, TeamMemberRole.SOCIAL_WORKER),
                (world.police_officer, TeamMemberRole.POLICE_OFFICER),
                (world.health_visitor, TeamMemberRole.HEALTH_PROFESSIONAL),
            ],
            findings="Injuries consistent with the child's account.",
            outcome=Section47Outcome.INITIAL_CONFERENCE,
            concluded_on=CALENDAR.add_working_days(start, 2),
        ),
    )
    icpc = CALENDAR.add_working_days(start, 10)
    conference = services.conference_arrange(
        actor=world.user("social_worker"),
        child=child,
        details=services.ArrangeDetails(
            kind=ConferenceKind.INITIAL,
            planned_for=icpc,
            chair=world.iro,
            invitees=[world.police_officer, world.health_visitor],
            enquiry=discussion.enquiry,
        ),
    )
    services.conference_outcome_record(
        actor=world.user("social_worker"),
        conference=conference,
        details=services.OutcomeDetails(
            held_on=icpc,
            decision="plan",
            harms=[HarmType.objects.get(code="physical_abuse")],
            child_views_how="Seen alone at school",
            voice=ChildVoice(words="I want to stay at home."),
            parents_participation="attended",
            outline_plan="Parenting support; health visitor weekly.",
            minutes="Minutes.",
            parents_minutes="Minutes for the parents.",
        ),
    )
    sign_in_as(world.user("health_visitor"))
    page.goto(f"/children/{child.pk}/child-protection/")
    check(page)
    page.get_by_role("link", name="Record a core group meeting").click()
    then_the_heading_is(page, "Record a core group meeting")
    check(page)
    held = CALENDAR.add_working_days(icpc, 5)
    fill_date(page, "Date of the core group meeting", str(held.day), str(held.month), str(held.year))
    page.get_by_label("Anyone else who took part (optional)").fill("Grandmother")
    page.get_by_label("Progress against the plan").fill("Mother attends the parenting group; home is calmer.")
    page.get_by_label("What changes in the plan (optional)").fill("Health visits fortnightly.")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Core group meeting recorded")
    check(page)
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/child-protection/")
    recorder = f"{world.health_visitor.full_name}, {world.health_visitor.organisation.name}"
    expect(page.get_by_text(recorder, exact=True)).to_be_visible()
    check(page)
