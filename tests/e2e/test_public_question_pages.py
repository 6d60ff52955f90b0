"""A member of the public reports a concern on their phone, a question a page (issue 19): danger first with "call
999", short pages in plain words, "Check your answers", then send and a reference. The report is kept for their
browser alone: another browser opening its address finds nothing. Axe checks each kind of page, at 390 px and at a
desktop's width, and no page is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from joinedup.front_door.models import ConcernDraft, Contact
from joinedup.harms.services import harm_taxonomy_sync

from .conftest import check_accessible
from .steps import then_the_heading_is

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_a_member_of_the_public_reports_a_concern_on_their_phone(
    page: Page, world: Any, browser: Browser, server: str
) -> None:
    harm_taxonomy_sync()
    page.set_viewport_size(PHONE_390)
    page.goto("/report-a-concern/")
    then_the_heading_is(page, "Is the child in immediate danger?")
    expect(page.get_by_text("If a child is in immediate danger, call 999 now.")).to_be_visible()
    check_accessible(page)
    page.get_by_label("No").check()
    continue_(page)
    page.get_by_label("First name").fill("Tyler")
    continue_(page)
    then_the_heading_is(page, "How old is the child?")
    page.get_by_label("How old is the child?").fill("eight")
    continue_(page)
    expect(page).to_have_title(re.compile(r"^Error: How old is the child\?"))
    check_accessible(page)
    page.get_by_label("How old is the child?").fill("8")
    continue_(page)
    page.get_by_label("Address").fill("12 Acacia Road")
    keep = page.url  # this report's own address: its token, not a number
    continue_(page)
    continue_(page)  # school: not known
    page.get_by_label("What has happened, or what have you seen or heard?").fill("He is left alone overnight.")
    continue_(page)
    while page.get_by_role("heading", level=1).inner_text() != "Check your answers before sending":
        continue_(page)  # the rest left for now
    then_the_heading_is(page, "Check your answers before sending")
    expect(page.locator(".govuk-summary-list")).to_contain_text("He is left alone overnight.")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have not sent this yet.")
    page.get_by_role("button", name="Send").click()
    # What is still needed, all at once, in the order of the pages; each link goes to its page.
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Say whether the family knows you are raising this", "Say whether the family agreed to this being shared"]
    )
    check_accessible(page)
    summary.get_by_role("link", name="Say whether the family knows you are raising this").click()
    page.get_by_label("No, the family does not know").check()
    continue_(page)
    then_the_heading_is(page, "Check your answers before sending")  # back where they were
    page.get_by_role("link", name="Change does the family agree to you telling us?").click()
    page.get_by_label("I have not asked them").check()
    page.get_by_label("Why have you not asked them, or why are you telling us anyway?").fill("I am scared of his dad.")
    continue_(page)
    then_the_heading_is(page, "Check your answers before sending")

    # Another browser opening this report's address finds nothing.
    other = browser.new_context(base_url=server)
    try:
        response = other.new_page().goto(keep)
        assert response is not None and response.status == 404
    finally:
        other.close()

    page.get_by_role("button", name="Send").click()
    then_the_heading_is(page, "Thank you for telling us")
    contact = Contact.objects.get()
    expect(page.get_by_text(contact.reference)).to_be_visible()
    assert contact.channel == "public_form" and contact.child_given_name == "Tyler" and contact.child_age_years == 8
    assert not ConcernDraft.objects.exists()
    check_accessible(page)
