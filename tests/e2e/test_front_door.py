"""The front door, end to end (M11, M12): a school's designated safeguarding lead raises a concern with two harms
and an early indicator; the front door finds the child's existing record, asks health for information, the health
visitor answers through the portal, the front door decides Family Help and its manager signs it off; the school
sees the outcome, and never the front door's working notes. Axe checks every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.front_door.models import Contact, InformationRequest, Referral
from joinedup.harms.services import harm_taxonomy_sync

from .steps import fill_date, then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser

WHAT_HAPPENED = "Ellie came in with bruises on both upper arms and flinched when her teacher touched her shoulder."
CHILDS_WORDS = "Mum's boyfriend grabbed me because I spilt my drink."
HEALTH_ANSWER = "Known to health visiting: the younger brother missed his last two checks; mum said she was struggling."
FEEDBACK = "Thank you. Family Help will contact Ellie's family this week; her lead practitioner will be in touch."
WORKING_NOTE = "Police hold a domestic abuse notification for the address from March."


# Given


def given_the_front_door_and_its_manager(world: Any) -> Any:
    """The harm taxonomy (a browser test starts from empty tables) and the front door team's manager."""
    harm_taxonomy_sync()
    manager = PractitionerFactory(
        user__username="mash.manager",
        given_name="Priya",
        family_name="Okoro",
        role=Role.TEAM_MANAGER,
        organisation=world.local_authority,
        team=world.front_door_team,
    )
    world.front_door_team.manager = manager
    world.front_door_team.save()
    return manager


# When


def and_continues(page: Page, assert_accessible: Any) -> None:
    """Each question page passes axe, then Continue."""
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()


def when_the_school_dsl_raises_a_concern_with_two_harms_and_an_early_indicator(
    page: Page, assert_accessible: Any
) -> None:
    """One question a page (GOV.UK question pages), then "Check your answers"."""
    page.goto("/")
    page.get_by_role("link", name="Concerns", exact=True).click()
    then_the_heading_is(page, "Concerns and requests")
    assert_accessible(page)
    page.get_by_role("link", name="Raise a concern or request for support").click()
    then_the_heading_is(page, "Is the child in immediate danger?")
    page.get_by_role("group", name="Is the child in immediate danger?").get_by_label("No", exact=True).check()
    and_continues(page, assert_accessible)
    page.get_by_role("group", name="How urgent is this?").get_by_label(
        "Urgent: the child needs a response today"
    ).check()
    and_continues(page, assert_accessible)
    then_the_heading_is(page, "What is the child's name?")
    page.get_by_label("First name").fill("Ellie")
    page.get_by_label("Last name").fill("Marsden")
    and_continues(page, assert_accessible)
    page.get_by_role("group", name="Is the child born yet?").get_by_label("Yes, the child is born").check()
    fill_date(page, "Date of birth", "27", "3", "2016")
    and_continues(page, assert_accessible)
    then_the_heading_is(page, "Where does the child live?")
    and_continues(page, assert_accessible)
    then_the_heading_is(page, "What else do you know about the child?")
    and_continues(page, assert_accessible)


def when_they_leave_the_matching_to_the_front_door(page: Page, assert_accessible: Any) -> None:
    """Their pupil may be the child: the page asks, with nothing chosen, saying nothing has been sent yet; they
    leave it to the front door, answer the rest, check their answers and send."""
    question = page.get_by_role("group", name="Is this the child?")
    expect(question).to_contain_text("Ellie Marsden")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your concern has not been sent yet")
    for radio in question.get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    question.get_by_label("None of these, or I am not sure").check()
    and_continues(page, assert_accessible)
    page.get_by_role("group", name="What are you raising?").get_by_label(
        "A concern that a child is being harmed or is at risk of harm"
    ).check()
    and_continues(page, assert_accessible)
    page.get_by_label("What has happened, or what have you seen or heard?").fill(WHAT_HAPPENED)
    and_continues(page, assert_accessible)
    page.get_by_label("What has the child said?").fill(CHILDS_WORDS)
    and_continues(page, assert_accessible)
    page.get_by_role("checkbox", name="Physical abuse", exact=True).check()
    page.get_by_role("checkbox", name="Domestic abuse", exact=True).check()
    and_continues(page, assert_accessible)
    page.get_by_role("checkbox", name="Unexplained gifts or new possessions").check()
    and_continues(page, assert_accessible)
    and_continues(page, assert_accessible)  # no support to suggest
    page.get_by_role("group", name="Does the family know you are raising this?").get_by_label(
        "No, the family does not know"
    ).check()
    and_continues(page, assert_accessible)
    page.get_by_role("group", name="Has the family agreed to this being shared?").get_by_label(
        "No, consent was not sought"
    ).check()
    page.get_by_label("Why was consent not sought, or why are you sharing without it?").fill(
        "Telling mum tonight could put Ellie at greater risk."
    )
    and_continues(page, assert_accessible)
    then_the_heading_is(page, "Check your answers before sending your concern")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Physical abuse, Domestic abuse")
    assert_accessible(page)
    page.get_by_role("button", name="Send to the front door").click()


def when_the_front_door_finds_the_existing_child(page: Page, world: Any, assert_accessible: Any) -> Contact:
    contact = Contact.objects.get()
    page.goto("/")
    page.get_by_role("link", name="Front door", exact=True).click()
    then_the_heading_is(page, "Front door")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=contact.reference))
    expect(row).to_contain_text("Physical abuse, Domestic abuse")
    expect(row).to_contain_text("Brookside Primary School")
    # The school said it needs a response today: tagged so, in orange, not a calm blue date.
    expect(row.locator(".govuk-tag--orange").first).to_have_text("Urgent: respond today")
    expect(row.locator(".govuk-tag--orange").nth(1)).to_have_text("Due today")
    assert_accessible(page)
    row.get_by_role("link", name=contact.reference).click()
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Contact {contact.reference}")
    expect(page.get_by_text("Likely existing records:")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Confirm the child's record").click()
    then_the_heading_is(page, "Confirm the child's record")
    assert_accessible(page)
    page.get_by_role("group", name="Which record is this child?").get_by_label(
        re.compile(rf"Ellie Marsden, born .*, record {world.allocated_child.pk}\b")
    ).check()
    page.get_by_role("button", name="Confirm this record").click()
    then_a_success_banner_says(page, "Child's record confirmed.")
    page.get_by_label("Add a working note").fill(WORKING_NOTE)
    page.get_by_role("button", name="Add the note").click()
    then_a_success_banner_says(page, "Note added.")
    assert_accessible(page)
    return contact


def when_the_front_door_asks_health(page: Page, world: Any, assert_accessible: Any) -> None:
    page.get_by_role("link", name="Ask partner agencies for information").click()
    then_the_heading_is(page, "Ask partner agencies for information")
    assert_accessible(page)
    page.get_by_role("group", name="Which agencies are you asking?").get_by_role(
        "checkbox", name="Health Visiting"
    ).check()
    page.get_by_label("Who in Health Visiting? (optional)").select_option(
        label=f"{world.health_visitor.full_name}, Health visitor"
    )
    page.get_by_label("What do you need to know?").fill("Is the family known to health visiting? Any concerns?")
    page.get_by_role("group", name="Is it urgent?").get_by_label("Yes: answer within 1 working day").check()
    page.get_by_role("button", name="Send the requests").click()
    then_a_success_banner_says(page, "Request sent to Health Visiting")
    assert_accessible(page)


def when_the_health_visitor_answers(page: Page, assert_accessible: Any) -> None:
    request = InformationRequest.objects.get()
    page.goto("/")
    page.get_by_role("link", name="Concerns", exact=True).click()
    expect(page.get_by_text("1 waiting for your answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Answer the question about Ellie Marsden: {request.question}").click()
    then_the_heading_is(page, "Request for information")
    expect(page.get_by_text("Ellie Marsden")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your answer").fill(HEALTH_ANSWER)
    page.get_by_role("button", name="Send your answer").click()
    then_a_success_banner_says(page, "Your answer has been sent to the front door.")
    assert_accessible(page)


def when_the_front_door_decides_family_help(page: Page, contact: Contact, assert_accessible: Any) -> None:
    page.goto(f"/front-door/contacts/{contact.pk}/")
    expect(page.get_by_text(HEALTH_ANSWER)).to_be_visible()
    page.get_by_role("link", name="Record the decision").click()
    then_the_heading_is(page, "Record the decision")
    expect(page.get_by_role("checkbox", name="Domestic abuse", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("group", name="What is your decision?").get_by_label("Family Help", exact=True).check()
    page.get_by_label("Why? Your rationale").fill(
        "Injuries with a disclosure about mum's partner; health confirm the family is struggling. Family agree to help."
    )
    page.get_by_label("What will the person who raised it be told?").fill(FEEDBACK)
    page.get_by_label("The child's wishes and feelings, in their own words").fill("I want Mum's boyfriend to go.")
    page.get_by_role("button", name="Send for sign-off").click()
    then_a_success_banner_says(page, "Decision recorded. It is now awaiting a manager's sign-off.")
    assert_accessible(page)


def when_the_manager_signs_it_off(page: Page, contact: Contact, assert_accessible: Any) -> None:
    page.goto(f"/front-door/contacts/{contact.pk}/")
    page.get_by_role("link", name="Sign off the decision").click()
    then_the_heading_is(page, "Sign off the decision")
    assert_accessible(page)
    page.get_by_role("group", name="Do you agree the decision?").get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Confirm", exact=True).click()
    then_a_success_banner_says(page, "Decision agreed. A referral is recorded and the child's episode of need is open.")
    assert_accessible(page)


# Then


def then_the_concern_is_sent_with_a_reference(page: Page, assert_accessible: Any) -> None:
    contact = Contact.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(contact.reference)
    then_the_heading_is(page, "Concern sent")
    assert_accessible(page)
    assert contact.child is None  # the front door confirms who the child is
    assert sorted(contact.harms.values_list("code", flat=True)) == ["domestic_abuse", "physical_abuse"]


def then_the_school_sees_the_outcome_and_never_the_working_notes(
    page: Page, contact: Contact, assert_accessible: Any
) -> None:
    page.goto("/concerns/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=contact.reference))
    expect(row).to_contain_text("Family Help")
    assert_accessible(page)
    row.get_by_role("link", name=contact.reference).click()
    then_the_heading_is(page, "Ellie Marsden")
    expect(page.locator(".govuk-inset-text")).to_contain_text(FEEDBACK)
    assert_accessible(page)
    content = page.content()
    for secret in (WORKING_NOTE, HEALTH_ANSWER, "Injuries with a disclosure"):
        assert secret not in content
    assert Referral.objects.get(contact=contact).case_episode.tier == "family_help"


# Journey


def test_a_school_concern_reaches_family_help_with_manager_sign_off(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    manager = given_the_front_door_and_its_manager(world)

    sign_in_as(world.user("school_dsl"))
    when_the_school_dsl_raises_a_concern_with_two_harms_and_an_early_indicator(page, assert_accessible)
    when_they_leave_the_matching_to_the_front_door(page, assert_accessible)
    then_the_concern_is_sent_with_a_reference(page, assert_accessible)

    sign_in_as(world.user("front_door"))
    contact = when_the_front_door_finds_the_existing_child(page, world, assert_accessible)
    when_the_front_door_asks_health(page, world, assert_accessible)

    sign_in_as(world.user("health_visitor"))
    when_the_health_visitor_answers(page, assert_accessible)

    sign_in_as(world.user("front_door"))
    when_the_front_door_decides_family_help(page, contact, assert_accessible)
    screenshot(page, "front-door-awaiting-sign-off")

    sign_in_as(manager.user)
    when_the_manager_signs_it_off(page, contact, assert_accessible)

    sign_in_as(world.user("school_dsl"))
    then_the_school_sees_the_outcome_and_never_the_working_notes(page, contact, assert_accessible)
    screenshot(page, "front-door-outcome-for-the-school")
