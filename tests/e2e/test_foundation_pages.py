"""The other foundation pages: home, the children list, the accessibility statement, signing out, and emergency
(break-glass) access, read-only until a second reason is given for recording, with its review by the worker's
manager."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


# Steps


def given_signed_in_as(page: Page, sign_in_as: Any, world: Any, persona: str) -> None:
    sign_in_as(world.user(persona))
    page.goto("/")


def when_they_search_for(page: Page, given_name: str, family_name: str) -> None:
    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("First name").fill(given_name)
    page.get_by_label("Last name").fill(family_name)
    page.get_by_role("button", name="Search").click()


def then_the_heading_is(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def then_a_success_banner_says(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


# Journeys


def test_home_children_list_accessibility_statement_and_signing_out(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_signed_in_as(page, sign_in_as, world, "social_worker")
    then_the_heading_is(page, f"Welcome, {world.social_worker.given_name}")
    your_children = page.get_by_role("table", name="Your children, the soonest due first")
    expect(your_children.get_by_role("link", name=world.allocated_child.full_name)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Children", exact=True).click()
    then_the_heading_is(page, "Children")
    screenshot(page, "children-list")
    children = page.get_by_role("table", name="Children")
    expect(children.get_by_role("link", name=world.allocated_child.full_name)).to_be_visible()
    expect(page.get_by_role("link", name="Children", exact=True)).to_have_attribute("aria-current", re.compile("."))
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    then_the_heading_is(page, "Accessibility statement")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    then_the_heading_is(page, "You have signed out")
    assert_accessible(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_emergency_access_and_its_review(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = world.unallocated_child
    given_signed_in_as(page, sign_in_as, world, "other_team_worker")
    when_they_search_for(page, child.given_name, child.family_name)
    result = page.locator("main li").filter(has=page.get_by_role("heading", name=child.full_name))
    expect(result.get_by_role("link", name=child.full_name, exact=True)).to_have_count(0)  # not theirs to open
    assert_accessible(page)

    result.get_by_role("link", name=f"Ask for emergency access to the record of {child.full_name}").click()
    then_the_heading_is(page, "Emergency access to this record")
    assert_accessible(page)

    page.get_by_role("button", name="Open the record").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Explain why you need this record now")).to_have_attribute(
        "href", "#id_reason"
    )
    assert_accessible(page)

    page.get_by_label("Why do you need this record now?").fill("Police called out of hours about this child.")
    page.get_by_role("button", name="Open the record").click()
    then_the_heading_is(page, child.full_name)
    then_a_success_banner_says(page, "Emergency access is open for 4 hours, to read this record.")
    expect(page.locator("main")).to_contain_text("You may read it until")
    assert_accessible(page)

    # Reading only: recording on the record needs a second, separate reason (issue 26).
    page.get_by_role("link", name="Give a reason to record on this record").click()
    then_the_heading_is(page, "Record on a record opened in an emergency")
    assert_accessible(page)
    page.get_by_label("Why do you need to record on this record now?").fill(
        "Police called out of hours about this child."
    )
    page.get_by_role("button", name="Let me record on this record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("separate from your reason for opening the record")
    assert_accessible(page)
    page.get_by_label("Why do you need to record on this record now?").fill(
        "Recording what the police told me about tonight."
    )
    page.get_by_role("button", name="Let me record on this record").click()
    then_the_heading_is(page, child.full_name)
    then_a_success_banner_says(page, "You may record on this record until")
    expect(page.locator("main")).to_contain_text("You may read and record on it until")

    given_signed_in_as(page, sign_in_as, world, "other_team_manager")
    to_review = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=f"Emergency access by {world.other_team_worker.full_name}")
    )
    expect(page.get_by_role("heading", name="Access to review (1)")).to_be_visible()
    expect(to_review).to_contain_text("Recorded on the record")
    screenshot(page, "home-break-glass-to-review")
    assert_accessible(page)

    to_review.get_by_role("link", name=f"Emergency access by {world.other_team_worker.full_name}").click()
    then_the_heading_is(page, "Review break-glass access")
    expect(page.locator("main")).to_contain_text("Recording what the police told me about tonight.")
    assert_accessible(page)
    page.get_by_label("What did you find?").fill("Justified: out-of-hours police contact.")
    page.get_by_role("button", name="Record review").click()
    then_a_success_banner_says(page, "Review recorded.")
    assert_accessible(page)
