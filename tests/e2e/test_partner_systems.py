"""Partner systems (issue 26): the administrator registers the school's management information system, acting through
its designated safeguarding lead, and issues it a token. Bad input is explained on each form; the token is shown once,
works against the API, and the list then shows it live. Checked with axe at desktop and phone widths."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.accounts.models import PartnerSystemToken
from joinedup.audit.models import AuditAction, AuditEvent

from .steps import (
    at_desktop_width,
    fill_date,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser

LIST = "Partner systems and their API tokens"
SYSTEM = "Brookside Primary School management information system"
PHONE_390 = {"width": 390, "height": 844}


def given_the_administrator_on_the_partner_systems_page(page: Page, sign_in_as: Any, world: Any) -> None:
    sign_in_as(world.user("administrator"))
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partner systems").click()
    then_the_heading_is(page, LIST)


def when_they_register_the_schools_system(page: Page) -> None:
    page.get_by_role("button", name="Register a partner system").click()
    then_the_heading_is(page, "Register a partner system")
    page.get_by_label("Name of the partner system").fill(SYSTEM)
    page.get_by_label("Organisation it belongs to").select_option(label="Brookside Primary School")
    page.get_by_label("Through a named practitioner of that organisation").check()
    page.get_by_role("button", name="Register the system").click()


def when_they_issue_a_token(page: Page, *, scopes: list[str], expires_in_days: int | None) -> None:
    for scope in scopes:
        page.get_by_label(scope).check()
    if expires_in_days is not None:
        day = timezone.localdate() + timedelta(days=expires_in_days)
        fill_date(page, "Date the token expires", str(day.day), str(day.month), str(day.year))
    page.get_by_role("button", name="Issue the token").click()


def test_the_administrator_registers_a_partner_system_and_issues_its_token(
    page: Page, browser: Any, server: str, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_the_administrator_on_the_partner_systems_page(page, sign_in_as, world)
    expect(page.locator("main")).to_contain_text("No partner system is registered.")
    assert_accessible(page)

    when_they_register_the_schools_system(page)
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Register a partner system",
        {"Enter the username of the practitioner the system acts through": "id_username"},
    )
    assert_accessible(page)
    page.get_by_label("Through a named practitioner of that organisation").check()
    page.get_by_label("Username of the practitioner").fill("school.dsl")
    page.get_by_role("button", name="Register the system").click()
    then_a_success_banner_says(page, f"{SYSTEM} is registered. Issue it a token.")
    then_the_heading_is(page, "Issue a token")
    expect(page.locator("main")).to_contain_text("(school.dsl), Designated safeguarding lead")
    screenshot(page, "partner-system-issue-a-token")
    assert_accessible(page)

    when_they_issue_a_token(page, scopes=[], expires_in_days=None)
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Issue a token",
        {"Select what the token may do": "id_scopes", "Enter the date the token expires": "id_expires_on_0"},
    )
    assert_accessible(page)

    when_they_issue_a_token(page, scopes=["Read the children it may see"], expires_in_days=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("The date the token expires must be no later than")
    when_they_issue_a_token(page, scopes=[], expires_in_days=90)

    expect(page.locator(".govuk-panel")).to_contain_text("Token issued")
    key = page.locator("#api-token-key").inner_text().strip()
    assert key.startswith("jup_")
    token = PartnerSystemToken.objects.get()
    assert key not in token.secret_hash and token.scopes == ["children:read"]
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_ISSUED, object_id=str(token.pk)).exists()

    # The partner system calls the API with it: from a browser context of its own, with no session.
    system = browser.new_context(base_url=server)
    response = system.request.get("/api/v1/children/", headers={"Authorization": f"Token {key}"})
    assert response.status == 200
    assert [c["id"] for c in response.json()["results"]] == [world.allocated_child.pk]
    system.close()
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED, object_id=str(token.pk)).count() == 1

    screenshot(page, "partner-system-token-issued")
    assert_accessible(page)
    page.set_viewport_size(PHONE_390)
    screenshot(page, "partner-system-token-issued-phone")
    assert_accessible(page)
    at_desktop_width(page)

    page.get_by_role("link", name="Back to partner systems").click()
    then_the_heading_is(page, LIST)
    tokens = page.get_by_role("table", name=f"Tokens of {SYSTEM}")
    expect(tokens.locator("code")).to_have_text(f"{token.display_prefix}…")
    expect(tokens).to_contain_text("Live")
    expect(page.locator("main")).not_to_contain_text(key)
    screenshot(page, "partner-systems")
    assert_accessible(page)
    page.set_viewport_size(PHONE_390)
    screenshot(page, "partner-systems-phone")
    assert_accessible(page)
