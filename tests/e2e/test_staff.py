"""Joiners, movers and leavers (issue 20), end to end: the administrator adds a school and its designated
safeguarding lead; invites a social worker, who sets a password and sets up an authenticator app with the link; moves
a worker, whose child their old manager then keeps with them; and deactivates a leaver, whose child then waits on
their manager's allocation list. Axe (WCAG 2.2 A and AA, at 1280 and 390 px) checks each page along the way."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from joinedup.agencies.models import Practitioner
from joinedup.episodes.factories import CaseEpisodeFactory

from .steps import (
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser

STAFF = "Organisations and staff"


def given_the_administrator_on_the_staff_pages(page: Page, sign_in_as: Any, world: Any) -> None:
    sign_in_as(world.user("administrator"))
    page.goto("/")
    page.get_by_role("link", name="Organisations and staff: joiners, movers and leavers").click()
    then_the_heading_is(page, STAFF)


def when_they_open(page: Page, *links: str) -> None:
    for name in links:
        page.get_by_role("link", name=name, exact=True).first.click()


def test_the_administrator_adds_a_school_and_its_designated_safeguarding_lead(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_the_administrator_on_the_staff_pages(page, sign_in_as, world)
    expect(page.get_by_role("row").filter(has_text="Brookside Primary School")).to_contain_text("URN 123456")
    assert_accessible(page)

    page.get_by_role("button", name="Add an organisation").click()
    then_the_heading_is(page, "Add an organisation")
    page.get_by_label("Name", exact=True).fill("Hillside Primary School")
    page.get_by_label("Kind of organisation").select_option(label="School")
    page.get_by_label("URN (schools and early years settings)").fill("1234")
    page.get_by_role("button", name="Save the organisation").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page, "Add an organisation", {"Enter the URN as 6 digits, like 123456": "id_urn"}
    )
    assert_accessible(page)
    page.get_by_label("URN (schools and early years settings)").fill("100234")
    page.get_by_label("Postcode").fill("ls1 4ap")
    page.get_by_role("button", name="Save the organisation").click()
    then_a_success_banner_says(page, "Hillside Primary School is added.")
    then_the_heading_is(page, "Hillside Primary School")
    expect(page.locator("main")).to_contain_text("has no designated safeguarding lead recorded")
    assert_accessible(page)

    page.get_by_role("button", name="Add a designated safeguarding lead").click()
    then_the_heading_is(page, "Add a designated safeguarding lead to Hillside Primary School")
    expect(page.get_by_label("Role")).to_have_value("designated_safeguarding_lead")
    expect(page.get_by_label("They are a designated safeguarding lead")).to_be_checked()
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Job title").fill("Deputy headteacher")
    page.get_by_label("Email address").fill("p.shah@hillside.example.invalid")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Priya Shah is added to Hillside Primary School.")
    then_the_heading_is(page, "Priya Shah")
    expect(page.locator("main")).to_contain_text("Designated safeguarding lead")
    screenshot(page, "staff-safeguarding-lead")
    assert_accessible(page)
    page.get_by_role("link", name="Back to Hillside Primary School").click()
    leads = page.locator("main ul.govuk-list").first
    expect(leads).to_contain_text("Priya Shah, Deputy headteacher")
    assert_accessible(page)


def test_the_administrator_invites_a_social_worker_who_sets_a_password_and_an_authenticator_app(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_the_administrator_on_the_staff_pages(page, sign_in_as, world)
    when_they_open(page, "Test Borough Council")
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Role").select_option(label="Social worker")
    page.get_by_label("Team").select_option(label="Child Protection A")
    page.get_by_role("button", name="Save").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Add a person to Test Borough Council",
        {"Enter their Social Work England registration number": "id_social_work_england_number"},
    )
    assert_accessible(page)
    page.get_by_label("Social Work England registration number").fill("SW555123")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Ada Okafor is added to Test Borough Council.")
    expect(page.locator("main")).to_contain_text("Not invited to sign in")

    page.get_by_role("link", name="Invite them to sign in").click()
    then_the_heading_is(page, "Invite Ada Okafor to sign in")
    expect(page.get_by_label("Username")).to_have_value("ada.okafor")
    assert_accessible(page)
    page.get_by_role("button", name="Make the account and the link").click()
    link = page.locator("#invitation-link").inner_text().strip()
    assert re.fullmatch(r"http://[^/]+/sign-in/enrol/[A-Za-z0-9_-]{40,}/", link), link
    screenshot(page, "staff-invitation-link")
    assert_accessible(page)

    # Ada, in her own browser, opens the link: a password first, then the authenticator app.
    page.context.clear_cookies()
    page.goto(link)
    then_the_heading_is(page, "Set your password")
    expect(page.locator("main")).to_contain_text("Your username is ada.okafor")
    page.get_by_label("Password", exact=True).fill("ada.okafor1")
    page.get_by_label("Enter the password again").fill("ada.okafor1")
    page.get_by_role("button", name="Set my password").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("too similar to the username")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill("copper kettle harbour 42")
    page.get_by_label("Enter the password again").fill("copper kettle harbour 42")
    page.get_by_role("button", name="Set my password").click()
    then_a_success_banner_says(page, "Your password is set. Now set up your authenticator app.")
    then_the_heading_is(page, "Set up your authenticator app")
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator(".joinedup-secret").inner_text().strip()
    code = totp(base64.b32decode(key + "=" * (-len(key) % 8)))
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    then_the_heading_is(page, "Welcome, Ada")
    ada = Practitioner.objects.select_related("user").get(given_name="Ada", family_name="Okafor")
    assert ada.user is not None and ada.user.check_password("copper kettle harbour 42")
    assert TOTPDevice.objects.get(user=ada.user).confirmed
    assert_accessible(page)


def test_the_administrator_moves_a_worker_and_the_old_manager_keeps_the_child_with_them(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    CaseEpisodeFactory.create(child=world.allocated_child)
    given_the_administrator_on_the_staff_pages(page, sign_in_as, world)
    when_they_open(page, "Test Borough Council", world.social_worker.full_name)
    page.get_by_role("link", name="Move them to another team").click()
    then_the_heading_is(page, f"Move {world.social_worker.full_name} to another team")
    expect(page.locator("main")).to_contain_text("1 child is allocated to them")
    page.get_by_role("button", name="Move them").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        f"Move {world.social_worker.full_name} to another team",
        {"Choose the team they are moving to": "id_team"},
    )
    assert_accessible(page)
    page.get_by_label("Child Protection B").check()
    page.get_by_role("button", name="Move them").click()
    then_a_success_banner_says(page, f"{world.social_worker.full_name} is moved to Child Protection B.")
    expect(page.locator("main")).to_contain_text("Child Protection B")
    assert_accessible(page)

    # Team A's manager: Ellie stays allocated, under team A, to decide on.
    sign_in_as(world.user("team_manager"))
    page.goto("/allocations/")
    then_the_heading_is(page, "Children awaiting allocation")
    row = page.get_by_role("row").filter(has_text="Ellie Marsden")
    expect(row).to_contain_text("Child Protection A")
    expect(row).to_contain_text("Child Protection B")
    screenshot(page, "staff-moved-worker-to-decide")
    assert_accessible(page)
    row.get_by_role("button", name=re.compile(f"^Keep with {world.social_worker.full_name}")).click()
    then_a_success_banner_says(
        page, f"The child's work stays with {world.social_worker.full_name}, now overseen by Child Protection B."
    )
    expect(page.get_by_role("heading", name="Children of workers who moved team")).to_have_count(0)
    assert_accessible(page)


def test_the_administrator_deactivates_a_leaver_whose_child_then_waits_for_allocation(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    CaseEpisodeFactory.create(child=world.allocated_child)
    given_the_administrator_on_the_staff_pages(page, sign_in_as, world)
    when_they_open(page, "Test Borough Council", world.social_worker.full_name)
    page.get_by_role("link", name="Deactivate them: they have left").click()
    then_the_heading_is(page, f"Deactivate {world.social_worker.full_name}")
    expect(page.locator("main")).to_contain_text("1 child allocated to them will wait on the allocation list")
    page.get_by_role("button", name="Deactivate now").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        f"Deactivate {world.social_worker.full_name}",
        {"Say why they are leaving, for example that they have left the authority": "id_reason"},
    )
    assert_accessible(page)
    page.get_by_label("Why are they leaving?").fill("Left the authority")
    page.get_by_role("button", name="Deactivate now").click()
    then_a_success_banner_says(
        page, f"{world.social_worker.full_name} is deactivated: their account is closed and they are signed out"
    )
    expect(page.locator("main")).to_contain_text("account closed")
    expect(page.get_by_role("link", name="Deactivate them: they have left")).to_have_count(0)
    assert_accessible(page)

    # Their manager finds Ellie waiting, and may allocate her.
    sign_in_as(world.user("team_manager"))
    page.goto("/")
    page.get_by_role("link", name="Children awaiting allocation").click()
    row = page.get_by_role("row").filter(has_text="Ellie Marsden")
    expect(row.get_by_role("link", name=re.compile("^Allocate"))).to_be_visible()
    screenshot(page, "staff-leaver-child-awaiting-allocation")
    assert_accessible(page)
