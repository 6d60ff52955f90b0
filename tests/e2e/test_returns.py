"""Statutory returns: a team manager produces the SSDA903, sees the record that breaks a rule by child and rule,
and can still download the return; axe on every page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.children_in_care import services as care

from .steps import then_the_heading_is

pytestmark = pytest.mark.browser


def given_a_child_placed_at_a_postcode_that_does_not_exist(world: Any) -> None:
    care.looked_after_start(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=care.LookedAfterStart(
            started_on=date(2025, 5, 1),
            legal_status="C2",
            category_of_need="N1",
            placement=care.PlacementDetails(
                placement_type="U6",
                provider="PR1",
                carer_given_name="Margaret",
                carer_family_name="Holloway",
                postcode="ZZ9 9ZZ",
                is_in_authority=True,
            ),
            care_plan_due_on=date(2025, 5, 1),
            home_postcode="LS1 1AA",
            independent_reviewing_officer_id=world.iro.pk,
        ),
    )


def test_a_manager_produces_the_ssda903_and_sees_the_failure_by_child_and_rule(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_a_child_placed_at_a_postcode_that_does_not_exist(world)
    sign_in_as(world.user("team_manager"))
    page.goto("/")
    page.get_by_role("link", name="Returns", exact=True).click()
    then_the_heading_is(page, "Statutory returns")
    assert_accessible(page)

    page.get_by_role("button", name="Produce and validate").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Select which return to produce")
    assert_accessible(page)

    page.get_by_label("Children looked after return (SSDA903)").check()
    page.get_by_label("2025 to 2026").check()
    # Producing runs the validation step (the DfE's rules): seconds, not the 10 a click waits for by default.
    page.get_by_role("button", name="Produce and validate").click(no_wait_after=True)
    page.wait_for_url(re.compile(r"/returns/\d+/$"), timeout=120_000)
    then_the_heading_is(page, "Validation")
    # Errors and queries apart, each by child: the child's first error row names them, with the rule's code and
    # what it says; the postcode that does not exist is caught by the DfE's rules.
    expect(page.get_by_role("heading", name="Errors", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Queries", exact=True)).to_be_visible()
    errors = page.get_by_role("table", name="Errors by child")
    expect(errors.get_by_role("link", name=world.allocated_child.full_name)).to_be_visible()
    expect(errors).to_contain_text("Local Authority (LA) of placement is not valid")
    expect(errors).to_contain_text("ZZ9 9ZZ")
    expect(page.get_by_role("link", name="Download the return as produced (zip)")).to_be_visible()
    screenshot(page, "returns-failures")
    assert_accessible(page)
