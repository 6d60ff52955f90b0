"""Least privilege in child protection (ADR 0013, amended): a police officer who took part in a strategy
discussion sees the child's child protection record while the work is open. When the discussion decides on no
section 47 enquiry, their part lasts until they record their contribution in their own login, and no longer than
the contribution window (strategy_contribution_due) after it was held; after that the record answers "Page not
found". Every page passes the accessibility check."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.child_protection import services
from joinedup.child_protection.codes import Agency, StrategyOutcome
from joinedup.child_protection.selectors import strategy_contribution_due
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.harms.models import HarmType
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.factories import ChildFactory
from joinedup.timescales.calendar import CALENDAR

from .steps import then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser


def a_working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while not CALENDAR.is_working_day(day):
        day -= timedelta(days=1)
    return day


def given_a_strategy_discussion_the_police_officer_took_part_in(
    world: Any, child: Any, outcome: str, held_on: date
) -> Any:
    harm_taxonomy_sync()
    CaseEpisodeFactory.create(
        child=child,
        started_on=timezone.localdate() - timedelta(days=60),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    services.strategy_discussion_record(
        actor=world.user("social_worker"),
        child=child,
        details=services.StrategyDetails(
            reasonable_cause_on=held_on,
            held_on=held_on,
            harms=[HarmType.objects.get(code="neglect")],
            participants=[
                services.Participant(Agency.LOCAL_AUTHORITY, world.social_worker),
                services.Participant(Agency.POLICE, world.police_officer),
                services.Participant(Agency.HEALTH, world.health_visitor),
            ],
            information_shared="Neighbours called police about the children left alone at night.",
            decisions="Single assessment continues; no section 47."
            if outcome == StrategyOutcome.NO_SECTION_47
            else "Joint section 47 enquiry.",
            outcome=outcome,
            lead_practitioner=world.social_worker,
            voice=ChildVoice(words="I want the shouting to stop."),
        ),
    )
    return child


def test_the_police_officer_sees_open_work_and_not_a_discussion_that_ended_in_no_section_47(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    child = given_a_strategy_discussion_the_police_officer_took_part_in(
        world, world.allocated_child, StrategyOutcome.SECTION_47, a_working_day_before(today)
    )
    sign_in_as(world.user("police_officer"))
    page.goto(f"/children/{child.pk}/child-protection/")
    then_the_heading_is(page, child.full_name)  # the enquiry is open: they take part
    assert_accessible(page)

    # A second child of the social worker's: the discussion two working days ago decided on no section 47. The
    # police officer is inside the contribution window, records their contribution, and sees the record that day.
    second = ChildFactory(given_name="Rowan", family_name="Pike")
    InvolvementFactory(practitioner=world.social_worker, child=second, team=world.team_a)
    held = a_working_day_before(a_working_day_before(today))
    assert strategy_contribution_due(held) >= today
    in_window = given_a_strategy_discussion_the_police_officer_took_part_in(
        world, second, StrategyOutcome.NO_SECTION_47, held
    )
    page.goto(f"/children/{in_window.pk}/child-protection/")
    then_the_heading_is(page, in_window.full_name)
    page.get_by_role("link", name="Record your contribution").click()
    then_the_heading_is(page, "Record your contribution to the strategy discussion")
    page.get_by_label("Information your agency shared").fill("One call-out to the address last year.")
    page.get_by_role(
        "group",
        name="Is there reasonable cause to suspect that the child is suffering, or likely to suffer, significant harm?",
    ).get_by_label("No: there is not reasonable cause to suspect significant harm").check()
    page.get_by_role("button", name="Record the contribution").click()
    then_a_success_banner_says(page, "Your contribution to the strategy discussion is recorded")
    then_the_heading_is(page, in_window.full_name)  # their part ends today, so today they still see it
    expect(page.get_by_role("link", name="Record your contribution")).to_have_count(0)
    assert_accessible(page)

    # A third child: the discussion that decided on no section 47 was held before the contribution window: over.
    other = ChildFactory(given_name="Ellis", family_name="Shaw")
    InvolvementFactory(practitioner=world.social_worker, child=other, team=world.team_a)
    long_ago = today - timedelta(days=21)
    while strategy_contribution_due(long_ago) >= today or not CALENDAR.is_working_day(long_ago):
        long_ago -= timedelta(days=1)
    ended = given_a_strategy_discussion_the_police_officer_took_part_in(
        world, other, StrategyOutcome.NO_SECTION_47, long_ago
    )
    response = page.goto(f"/children/{ended.pk}/child-protection/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
