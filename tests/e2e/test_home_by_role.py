"""The home page per role (issue 19): from signing in to the first thing each person must do, for the social
worker, the team manager, the front door, the school's safeguarding lead, the police, the health visitor and the
analyst. Each page is checked with axe at 1280 px and again at 390 px, and is no wider than the window."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.models import Organisation
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.front_door.models import Contact, InformationRequest
from joinedup.people.factories import ChildFactory
from joinedup.timescales import services as timescales

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
_REFERENCES = count(1)


# Steps


def given_an_overdue_assessment_for(world: Any, child: Any) -> None:
    timescales.deadline_start(
        actor=world.user("social_worker"), rule_code="single_assessment", child=child, subject="home-journey",
        started_on=timezone.localdate() - timedelta(days=100),
    )  # fmt: skip


def given_the_front_door_asks(world: Any, organisation: Organisation, *, urgent: bool, to: Any = None) -> Any:
    today = timezone.localdate()
    contact = Contact.objects.create(
        reference=f"C-JOURNEY-{next(_REFERENCES)}", received_at=timezone.now(), received_on=today,
        decision_due_on=today + timedelta(days=1), channel="phone", source="1A", kind="concern", urgency="urgent",
        immediate_danger=False, child=world.allocated_child,
    )  # fmt: skip
    return InformationRequest.objects.create(
        contact=contact, to_organisation=organisation, to_practitioner=to, question="Is the family known to you?",
        is_urgent=urgent, requested_by=world.user("front_door"), requested_on=today, due_on=today + timedelta(days=1),
    )  # fmt: skip


def when_signed_in_as(page: Page, sign_in_as: Any, world: Any, persona: str) -> None:
    page.set_viewport_size(DESKTOP)
    sign_in_as(world.user(persona))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {getattr(world, persona).given_name}")


def then_it_fits_and_is_accessible_at_both_widths(page: Page, assert_accessible: Any) -> None:
    for size in (DESKTOP, PHONE_390):
        page.set_viewport_size(size)
        assert_accessible(page)
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"{page.url} is {wider} px wider than {size['width']} px"
    page.set_viewport_size(DESKTOP)


def then_they_open_the_request_to_answer(page: Page, title: str, assert_accessible: Any) -> None:
    requests = page.get_by_role("heading", name="Requests to answer (1)")
    expect(requests).to_be_visible()
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for information")
    expect(page.locator("main")).to_contain_text("Is the family known to you?")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)


# Journeys


def test_the_social_worker_starts_from_their_overdue_child(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_an_overdue_assessment_for(world, world.allocated_child)
    when_signed_in_as(page, sign_in_as, world, "social_worker")
    expect(page.locator("#overdue-count")).to_have_text("1")
    row = (
        page.get_by_role("table", name="Your children, the soonest due first")
        .get_by_role("row")
        .filter(has_text=world.allocated_child.full_name)
    )
    expect(row.locator(".govuk-tag--red")).to_have_text(re.compile(r"^\s*Overdue by \d+ days?\s*$"))
    screenshot(page, "home-social-worker")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)
    row.get_by_role("link", name=world.allocated_child.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.allocated_child.full_name)
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)


def test_the_team_manager_starts_from_the_children_waiting_for_a_worker(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    waiting = ChildFactory(given_name="Waiting", family_name="Child")
    InvolvementFactory(
        practitioner=world.team_manager, child=waiting, team=world.team_a, role=InvolvementRole.CORE_GROUP_MEMBER
    )
    CaseEpisodeFactory(child=waiting, started_on=timezone.localdate() - timedelta(days=4), referral_source="1A")
    when_signed_in_as(page, sign_in_as, world, "team_manager")
    expect(page.get_by_role("heading", name="Children waiting for a worker")).to_be_visible()
    screenshot(page, "home-team-manager")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)
    page.get_by_role("link", name="1 child is waiting for a worker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children awaiting allocation")
    expect(page.get_by_role("row").filter(has_text="Waiting Child")).to_be_visible()
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)


def test_the_front_door_starts_from_the_queue(page: Page, world: Any, sign_in_as: Any, assert_accessible: Any) -> None:
    when_signed_in_as(page, sign_in_as, world, "front_door")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)
    page.get_by_role("link", name="Go to the front door queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Front door")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)


@pytest.mark.parametrize(
    ("persona", "organisation", "named", "urgent"),
    [
        ("police_officer", "police", True, True),
        ("school_dsl", "school", False, False),
        ("health_visitor", "health_visiting", False, True),
    ],
)
def test_a_partner_starts_from_the_request_they_are_to_answer(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any,
    persona: str, organisation: str, named: bool, urgent: bool,
) -> None:  # fmt: skip
    given_the_front_door_asks(
        world, getattr(world, organisation), urgent=urgent, to=getattr(world, persona) if named else None
    )
    when_signed_in_as(page, sign_in_as, world, persona)
    title = f"{'Urgent information' if urgent else 'Information'} request about {world.allocated_child.full_name}"
    item = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))
    if urgent:
        expect(item.locator(".govuk-tag--red")).to_have_text("Urgent")
    screenshot(page, f"home-{persona}")
    then_they_open_the_request_to_answer(page, title, assert_accessible)


def test_the_police_officers_urgent_request_is_on_my_work_too(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    given_the_front_door_asks(world, world.police, urgent=True, to=world.police_officer)
    when_signed_in_as(page, sign_in_as, world, "police_officer")
    page.get_by_role("link", name="My work", exact=True).click()
    expect(page.get_by_role("heading", name="Requests to answer (1)")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("No open deadlines")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)


def test_the_analyst_starts_from_their_tools(page: Page, world: Any, sign_in_as: Any, assert_accessible: Any) -> None:
    when_signed_in_as(page, sign_in_as, world, "analyst")
    expect(page.get_by_role("heading", name="Your tools")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(world.allocated_child.full_name)
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)
    page.get_by_role("link", name="Dashboards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards")
    then_it_fits_and_is_accessible_at_both_widths(page, assert_accessible)
