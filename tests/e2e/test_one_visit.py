"""One visit in the browser (issue 18): three sisters on child protection plans; from the plan, "Record a visit"
opens the one visit form; one visit is recorded for all three with different answers for each (a forgotten answer
first shows the GOV.UK error summary); each sister's case summary then shows her own words, last seen and last seen
alone, and every sister seen has her child protection visit clock met. Every page passes axe (WCAG 2.2 A and AA) at
1280 px and at 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.timescales.models import Deadline
from joinedup.timescales.services import subject_key_of
from joinedup.ui.govuk import uk_date
from joinedup.visits.models import VisitChild
from joinedup.visits.tests.test_one_visit import three_sisters_on_plans

from .steps import fill_date, then_a_success_banner_says, then_the_error_summary_links_each_problem_to_its_field

pytestmark = pytest.mark.browser

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def at_both_widths(page: Page, assert_accessible: Any) -> None:
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        assert_accessible(page)


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_one_visit_to_three_sisters_on_plans_gives_each_her_own_answers_and_meets_each_clock(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    (nour, nour_plan), (amira, amira_plan), (lina, lina_plan) = three_sisters_on_plans(world)
    today = timezone.localdate()
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{nour.pk}/child-protection/")
    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a visit")
    at_both_widths(page, assert_accessible)

    page.get_by_label("Amira Haddad", exact=True).check()
    page.get_by_label("Lina Haddad", exact=True).check()
    fill_date(page, "Date of the visit", str(today.day), str(today.month), str(today.year))
    page.get_by_label("Time the visit started (optional)").fill("16:30")
    answer(page, "What kind of visit or contact was it?", "Home visit")
    page.get_by_label("Who else was there (optional)").fill("Their mother, Rania Haddad")
    page.get_by_label("What happened").fill("Home visit after school. The house was warm; food in the cupboards.")
    answer(page, "Was Nour Haddad seen?", "Yes")
    answer(page, "Was Nour Haddad seen alone?", "Yes")
    page.get_by_label("Nour Haddad's own words").fill("I like my new bed")
    answer(page, "Was Amira Haddad seen?", "Yes")
    # "Why not" appears under the answer it follows from (GOV.UK conditional reveal), only once "No" is chosen.
    expect(page.get_by_label("Why was Amira Haddad not seen alone?")).to_be_hidden()
    expect(page.get_by_label("Why was Amira Haddad not seen?")).to_be_hidden()
    answer(page, "Was Amira Haddad seen alone?", "No")
    expect(page.get_by_label("Why was Amira Haddad not seen alone?")).to_be_visible()
    at_both_widths(page, assert_accessible)  # with a box revealed
    page.get_by_label("Why was Amira Haddad not seen alone?").fill("She asked for her mother to stay")
    page.get_by_label("Amira Haddad's own words").fill("Mum makes pancakes")
    expect(page.get_by_label("Why was Lina Haddad not seen?")).to_be_hidden()
    answer(page, "Was Lina Haddad seen?", "No")  # and the reason forgotten
    expect(page.get_by_label("Why was Lina Haddad not seen?")).to_be_visible()
    page.get_by_role("button", name="Record the visit").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page, "Record a visit", {"Say why the child was not seen": f"id_child_{lina.pk}_reason_not_seen"}
    )
    at_both_widths(page, assert_accessible)
    assert not VisitChild.objects.exists()
    expect(page.get_by_label("Nour Haddad's own words")).to_have_value("I like my new bed")  # nothing lost
    expect(page.get_by_label("Why was Lina Haddad not seen?")).to_be_visible()  # revealed again under "No"

    page.get_by_label("Why was Lina Haddad not seen?").fill("At a friend's birthday party")
    page.get_by_role("button", name="Record the visit").click()
    then_a_success_banner_says(page, "Visit recorded on the records of 3 children")
    at_both_widths(page, assert_accessible)
    screenshot(page, "one-visit-three-sisters")

    expected = {
        nour.pk: ("I like my new bed", uk_date(today), uk_date(today)),
        amira.pk: ("Mum makes pancakes", uk_date(today), "Not recorded"),
        lina.pk: (None, "No visit recorded", "Not recorded"),
    }
    for child in (nour, amira, lina):
        words, seen, alone = expected[child.pk]
        page.goto(f"/children/{child.pk}/case-summary/")
        summary = page.locator("main")
        if words:
            expect(summary.get_by_text(words)).to_be_visible()
        for other_words, _, _ in expected.values():
            if other_words and other_words != words:
                expect(summary.get_by_text(other_words)).to_have_count(0)
        last_seen = page.locator(".govuk-summary-list__row", has_text="Last seen")
        expect(last_seen.first.locator(".govuk-summary-list__value")).to_have_text(seen)
        alone_row = page.locator(".govuk-summary-list__row", has_text="Last seen alone")
        expect(alone_row.locator(".govuk-summary-list__value")).to_have_text(alone)
        at_both_widths(page, assert_accessible)

    for child, plan in ((nour, nour_plan), (amira, amira_plan)):  # each sister seen: her clock met, the next started
        met = Deadline.objects.get(child=child, rule_code="child_protection_visit", subject_key=subject_key_of(plan))
        assert met.met_on == today
        assert (
            Deadline.objects.filter(child=child, rule_code="child_protection_visit", met_on__isnull=True).count() == 1
        )
    not_met = Deadline.objects.get(
        child=lina, rule_code="child_protection_visit", subject_key=subject_key_of(lina_plan)
    )
    assert not_met.met_on is None
