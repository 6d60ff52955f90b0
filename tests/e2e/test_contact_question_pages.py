"""The front door records a call as GOV.UK question pages (issue 19), at a desktop's width and a phone's: immediate
danger first, who it is from, the child, the front door's own "Is this the child?" with nothing chosen, a banner
until the contact is recorded, "Check your answers", then record: the duty team is alerted then, not before. The
draft waits on My work meanwhile. Axe checks each kind of page, and no page is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.front_door.models import ConcernDraft, Contact, DutyAlert
from joinedup.harms.services import harm_taxonomy_sync

from .conftest import check_accessible
from .steps import at_desktop_width, fill_date, then_the_heading_is

pytestmark = pytest.mark.browser


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_the_front_door_records_a_call_a_question_a_page(page: Page, world: Any, sign_in_as: Any) -> None:
    """At a desktop's width; check_accessible looks at each page at a phone's (390 px) too."""
    harm_taxonomy_sync()
    at_desktop_width(page)
    child = world.allocated_child
    sign_in_as(world.user("front_door"))
    page.goto("/front-door/")
    page.get_by_role("link", name="Record a call or email").click()
    then_the_heading_is(page, "Is the child in immediate danger?")
    check_accessible(page)
    page.get_by_label("Yes").check()
    continue_(page)
    page.get_by_label("Urgent: the child needs a response today").check()
    continue_(page)
    # Nothing is recorded yet, and the page says so: the duty team is alerted only when it is.
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("This contact has not been recorded yet.")
    expect(banner).to_contain_text("The duty team is alerted to a child in immediate danger only when you record it")
    continue_(page)  # how it came: left unanswered, the page says so at once
    expect(page).to_have_title(re.compile(r"^Error: How did it reach the front door\?"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how it reached the front door")
    check_accessible(page)
    page.get_by_label("Phone call").check()
    page.get_by_label("Who is it from?").select_option("1A")
    continue_(page)
    page.get_by_label("Their name").fill("Jean Holt")
    continue_(page)
    page.get_by_label("First name").fill(child.given_name)
    page.get_by_label("Last name").fill(child.family_name)
    continue_(page)
    page.get_by_label("Yes, the child is born").check()
    born = child.date_of_birth
    fill_date(page, "Date of birth", str(born.day), str(born.month), str(born.year))
    continue_(page)
    continue_(page)  # address: not known
    continue_(page)  # NHS number and school: not known
    then_the_heading_is(page, "Is this the child?")
    radios = page.get_by_role("radio")
    for n in range(radios.count()):
        expect(radios.nth(n)).not_to_be_checked()  # nothing chosen for them
    check_accessible(page)
    page.get_by_role("radio", name=re.compile(re.escape(child.given_name))).check()
    continue_(page)
    assert not Contact.objects.exists() and not DutyAlert.objects.exists()

    # The draft waits on My work, should the call be cut short.
    page.goto("/my-work/")
    page.get_by_role("link", name=re.compile(rf"Call or email about {child.given_name}")).click()
    then_the_heading_is(page, "Check your answers before recording the contact")
    page.get_by_role("link", name="Change what are you raising?").click()
    page.get_by_label("A concern that a child is being harmed or is at risk of harm").check()
    continue_(page)
    page.get_by_role("link", name="Change what has happened, or what have you seen or heard?").click()
    page.get_by_label("What has happened, or what have you seen or heard?").fill(
        "Grandmother rang: shouting, then a scream."
    )
    continue_(page)
    page.get_by_role("link", name="Change which harms is the child experiencing or at risk of?").click()
    page.get_by_label("Physical abuse", exact=True).check()
    continue_(page)
    page.get_by_role("link", name="Change does the family know you are raising this?").click()
    page.get_by_label("No, the family does not know").check()
    continue_(page)
    page.get_by_role("link", name="Change has the family agreed to this being shared?").click()
    page.get_by_label("No, consent was not sought").check()
    page.get_by_label("Why was consent not sought, or why are you sharing without it?").fill(
        "A child may be at risk now."
    )
    continue_(page)
    then_the_heading_is(page, "Check your answers before recording the contact")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("This contact has not been recorded yet.")
    check_accessible(page)
    page.get_by_role("button", name="Record the contact").click()

    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page).to_have_title(re.compile(r"^Contact FD-"))  # the contact's own page, once recorded
    contact = Contact.objects.get()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Contact {contact.reference} recorded."
    )
    assert contact.child == child and contact.immediate_danger and contact.referrer_name == "Jean Holt"
    assert DutyAlert.objects.filter(contact=contact).exists()  # the duty team alerted at once, on recording
    assert not ConcernDraft.objects.exists()
    check_accessible(page)
