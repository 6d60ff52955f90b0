"""Adoption in the care record: the social worker records the agency decision maker's decision that a looked-after
child should be placed for adoption and, months later, the match with adopters (a match dated before the decision
is refused with the GOV.UK error summary), and sees both on the child's adoption page. Axe check on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.children_in_care import services
from joinedup.children_in_care.models import AdopterMatch, AdoptionDecision, DeprivationOfLibertyOrder

from .steps import fill_date, then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser


def uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def given_a_young_child_looked_after_for_months(world: Any, started_on: date) -> Any:
    child = world.allocated_child
    services.looked_after_start(
        actor=world.user("social_worker"),
        child=child,
        details=services.LookedAfterStart(
            started_on=started_on,
            legal_status="C2",
            category_of_need="N1",
            placement=services.PlacementDetails(
                placement_type="U6",
                provider="PR1",
                carer_given_name="Margaret",
                carer_family_name="Holloway",
                postcode="LS6 2AB",
                is_in_authority=True,
            ),
            care_plan_due_on=started_on,
            independent_reviewing_officer_id=world.iro.pk,
        ),
    )
    return child


def when_they_fill_the_match(page: Page, matched_on: date) -> None:
    fill_date(page, "Date the child was matched with their prospective adopters", *_dmy(matched_on))
    page.get_by_role("group", name="Are the adopters the child's foster carers?").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Number of adopters").get_by_label("2: a couple").check()
    page.get_by_role("group", name="Sex of the adopter or adopters").get_by_label("MF: Mixed-sex couple").check()
    page.get_by_role("group", name="Legal status of the adopters").get_by_label(
        "L11: Married couple (mixed sex)"
    ).check()
    page.get_by_role("button", name="Save").click()


def _dmy(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def test_a_social_worker_records_the_adoption_decision_and_the_match_and_sees_them_on_the_adoption_page(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    today = timezone.localdate()
    started, decided, matched = today - timedelta(days=300), today - timedelta(days=200), today - timedelta(days=10)
    child = given_a_young_child_looked_after_for_months(world, started)
    sign_in_as(world.user("social_worker"))

    # From the care history's Record links to the adoption page.
    page.goto(f"/children/{child.pk}/care/")
    assert_accessible(page)
    page.get_by_role("link", name="Adoption and deprivation of liberty").click()
    then_the_heading_is(page, child.full_name)
    expect(page.get_by_text("No decision that the child should be placed for adoption in this period.")).to_be_visible()
    assert_accessible(page)

    # The agency decision maker's decision.
    page.get_by_role("link", name="Record the decision that the child should be placed for adoption").click()
    assert_accessible(page)
    fill_date(
        page,
        "Date of the agency decision maker's decision that the child should be placed for adoption",
        *_dmy(decided),
    )
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Decision that the child should be placed for adoption recorded")
    expect(page.get_by_text(uk(decided), exact=True)).to_be_visible()
    assert_accessible(page)

    # A match dated before the decision is refused, with the error summary, and nothing is saved.
    page.get_by_role("link", name="Record the match with adopters").click()
    assert_accessible(page)
    when_they_fill_the_match(page, decided - timedelta(days=1))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("matching comes on or after it")
    assert_accessible(page)
    assert not AdopterMatch.objects.exists()

    # The match, months after the decision.
    when_they_fill_the_match(page, matched)
    then_a_success_banner_says(page, "Match with adopters recorded")
    expect(page.get_by_text(uk(matched), exact=True)).to_be_visible()
    expect(page.get_by_text("MF: Mixed-sex couple")).to_be_visible()
    screenshot(page, "children_in_care_adoption")
    assert_accessible(page)
    decision = AdoptionDecision.objects.get(child=child)
    assert decision.decided_on == decided and decision.match.matched_on == matched


def test_a_social_worker_records_a_deprivation_of_liberty_order_and_corrects_its_dates(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    today = timezone.localdate()
    started = today - timedelta(days=300)
    recorded, actual = today - timedelta(days=60), today - timedelta(days=75)
    child = given_a_young_child_looked_after_for_months(world, started)
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/care/adoption/")
    page.get_by_role("link", name="Record a deprivation of liberty order").click()
    fill_date(page, "Date the order started", *_dmy(recorded))
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Deprivation of liberty order recorded")

    # The court's order was dated a fortnight earlier than recorded: correct it from the table.
    page.get_by_role("link", name=f"Correct the dates of the order from {uk(recorded)}").click()
    then_the_heading_is(page, "Correct the dates of the deprivation of liberty order")
    assert_accessible(page)
    fill_date(page, "Date the order started", *_dmy(started - timedelta(days=1)))  # before the child was in care
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The start of the order must be on a day the child was looked after"
    )
    assert_accessible(page)
    fill_date(page, "Date the order started", *_dmy(actual))
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Dates of the deprivation of liberty order corrected")
    expect(page.get_by_role("table", name="Deprivation of liberty orders")).to_contain_text(uk(actual))
    assert_accessible(page)
    assert DeprivationOfLibertyOrder.objects.get(child=child).started_on == actual
