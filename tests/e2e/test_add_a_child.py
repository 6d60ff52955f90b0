"""Adding a child: details that cannot be right are listed, linked to their fields, and nothing is saved; possible
matches come first; each answer reveals the question that follows from it, with or without JavaScript; a known
father is asked for next."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.people.models import ChildProfile, Person

from .conftest import verified_session_cookie
from .steps import at_desktop_width, at_phone_width, fill_date, then_the_error_summary_links_each_problem_to_its_field

INVALID_NHS_NUMBER = "123 456 7890"  # ten digits, wrong check digit

pytestmark = pytest.mark.browser


# Given


def given_a_front_door_practitioner_adding_a_child(page: Page, sign_in_as: Any, world: Any) -> dict[str, int]:
    sign_in_as(world.user("front_door"))
    page.goto("/children/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    return {"people": Person.objects.count(), "profiles": ChildProfile.objects.count()}


# When


def when_they_enter_a_born_child_with_an_impossible_date_and_a_wrong_nhs_number(page: Page) -> None:
    page.get_by_role("group", name="Is the child born yet?").get_by_label("Yes, the child is born").check()
    page.get_by_label("First name").fill("Rosie")
    page.get_by_label("Last name").fill("Featherstone")
    fill_date(page, "Date of birth", "31", "02", "2015")
    page.get_by_role("group", name="Sex").get_by_label("Female", exact=True).check()
    page.get_by_label("NHS number").fill(INVALID_NHS_NUMBER)
    father = page.get_by_role("group", name="Is the child's father or a male carer known?")
    father.get_by_label("Not known").check()
    page.get_by_label("Why is the father or male carer not recorded?").fill("Mother did not say who he is")
    page.get_by_role("button", name="Add the child").click()


def when_they_say_the_child_is_unborn_without_an_expected_date(page: Page) -> None:
    # The date of birth they typed is now hidden under "Yes, the child is born", and ignored.
    page.get_by_role("group", name="Is the child born yet?").get_by_label("No, this is an unborn child").check()
    page.get_by_label("NHS number").fill("")
    page.get_by_role("group", name="Sex").get_by_label("Not known").check()
    page.get_by_role("button", name="Add the child").click()


# Then


def then_what_they_typed_is_kept(page: Page) -> None:
    expect(page.get_by_label("Last name")).to_have_value("Featherstone")
    expect(page.get_by_role("group", name="Date of birth").get_by_label("Day")).to_have_value("31")
    expect(page.get_by_label("NHS number")).to_have_value(INVALID_NHS_NUMBER)


def then_nothing_is_saved(counts_before: dict[str, int]) -> None:
    assert Person.objects.count() == counts_before["people"]
    assert ChildProfile.objects.count() == counts_before["profiles"]
    assert not Person.objects.filter(family_name="Featherstone").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATED, object_type="people.person").exists()


# Journey


def test_adding_a_child_with_details_that_cannot_be_right(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    before = given_a_front_door_practitioner_adding_a_child(page, sign_in_as, world)
    assert_accessible(page)

    when_they_enter_a_born_child_with_an_impossible_date_and_a_wrong_nhs_number(page)
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Add a child",
        {
            "The date of birth must be a real date": "id_date_of_birth_0",
            "Enter a valid NHS number: 10 digits, like 485 777 3456": "id_nhs_number",
        },
    )
    then_what_they_typed_is_kept(page)
    screenshot(page, "add-a-child-errors")
    assert_accessible(page)

    when_they_say_the_child_is_unborn_without_an_expected_date(page)
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Add a child",
        {"Enter the expected date of delivery for an unborn child": "id_expected_date_of_delivery_0"},
    )
    assert_accessible(page)
    then_nothing_is_saved(before)


def when_they_enter_a_child_who_may_already_be_recorded(page: Page, world: Any) -> None:
    child = world.allocated_child
    page.get_by_role("group", name="Is the child born yet?").get_by_label("Yes, the child is born").check()
    page.get_by_label("First name").fill("Elly")
    page.get_by_label("Last name").fill(child.family_name)
    fill_date(page, "Date of birth", str(child.date_of_birth.day), str(child.date_of_birth.month), "2016")
    page.get_by_role("group", name="Sex").get_by_label("Female", exact=True).check()
    father = page.get_by_role("group", name="Is the child's father or a male carer known?")
    father.get_by_label("Not known").check()
    page.get_by_label("Why is the father or male carer not recorded?").fill("Not asked yet")
    page.get_by_role("button", name="Add the child").click()


def then_they_see_the_possible_matches_first(page: Page, world: Any) -> None:
    expect(page.get_by_role("heading", name="Possible matches")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("This child may already have a record.")
    expect(page.get_by_role("link", name=world.allocated_child.full_name)).to_have_attribute(
        "href", f"/children/{world.allocated_child.pk}/"
    )
    expect(page.get_by_label("First name")).to_have_value("Elly")


def test_adding_a_child_shows_possible_matches_first(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    before = given_a_front_door_practitioner_adding_a_child(page, sign_in_as, world)
    when_they_enter_a_child_who_may_already_be_recorded(page, world)
    then_they_see_the_possible_matches_first(page, world)
    assert Person.objects.count() == before["people"]
    screenshot(page, "add-a-child-possible-matches")
    assert_accessible(page)

    page.get_by_role("button", name="None of these: add the child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Elly {world.allocated_child.family_name}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Child's record created.")
    assert Person.objects.count() == before["people"] + 1
    screenshot(page, "child-created")
    assert_accessible(page)


# Each answer reveals the question that follows from it (GOV.UK conditional reveal)

DATE_OF_BIRTH = "Date of birth"
EXPECTED_DATE = "Expected date of delivery"
NOT_KNOWN_REASON = "Why is the father or male carer not recorded?"
NOT_DISCLOSED_REASON = "Why did the parent choose not to say?"


def when_they_answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def then_only_these_follow_up_questions_show(page: Page, *shown: str) -> None:
    follow_ups = {
        DATE_OF_BIRTH: page.get_by_role("group", name=DATE_OF_BIRTH, exact=True),
        EXPECTED_DATE: page.get_by_role("group", name=EXPECTED_DATE, exact=True),
        NOT_KNOWN_REASON: page.get_by_label(NOT_KNOWN_REASON),
        NOT_DISCLOSED_REASON: page.get_by_label(NOT_DISCLOSED_REASON),
    }
    for name, locator in follow_ups.items():
        if name in shown:
            expect(locator).to_be_visible()
        else:
            expect(locator).to_be_hidden()


def expected_date_in(weeks: int) -> date:
    return timezone.localdate() + timedelta(weeks=weeks)


def when_they_enter_an_unborn_child_whose_parent_chose_not_to_say(page: Page, expected: date, reason: str) -> None:
    when_they_answer(page, "Is the child born yet?", "No, this is an unborn child")
    page.get_by_label("Last name").fill("Whitlock")
    fill_date(page, EXPECTED_DATE, str(expected.day), str(expected.month), str(expected.year))
    when_they_answer(page, "Sex", "Not known")
    when_they_answer(page, "Is the child's father or a male carer known?", "Parent chose not to say")
    page.get_by_label(NOT_DISCLOSED_REASON).fill(reason)
    page.get_by_role("button", name="Add the child").click()


def then_the_unborn_childs_record_opens(page: Page, reason: str) -> Person:
    expect(page.get_by_role("heading", level=1)).to_have_text("Unborn child (Whitlock)")
    expect(page).to_have_title("Unborn child (Whitlock) – JoinedUp")
    child = Person.objects.get(family_name="Whitlock", is_child_record=True)
    assert child.child_profile.is_unborn and child.date_of_birth is None
    assert child.child_profile.father_status == "not_disclosed"
    assert child.child_profile.father_not_known_reason == reason
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text="Father or male carer"))
    expect(row.locator("dd")).to_have_text(f"Parent chose not to say: {reason}")
    return child


def test_each_answer_reveals_the_question_that_follows_from_it(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_a_front_door_practitioner_adding_a_child(page, sign_in_as, world)
    then_only_these_follow_up_questions_show(page)

    when_they_answer(page, "Is the child born yet?", "Yes, the child is born")
    then_only_these_follow_up_questions_show(page, DATE_OF_BIRTH)
    fill_date(page, DATE_OF_BIRTH, "3", "4", "2021")  # typed, then the answer changes: ignored
    when_they_answer(page, "Is the child born yet?", "No, this is an unborn child")
    then_only_these_follow_up_questions_show(page, EXPECTED_DATE)
    expect(page.get_by_label("No, this is an unborn child")).to_have_attribute("aria-expanded", "true")

    when_they_answer(page, "Is the child's father or a male carer known?", "Not known")
    then_only_these_follow_up_questions_show(page, EXPECTED_DATE, NOT_KNOWN_REASON)
    when_they_answer(page, "Is the child's father or a male carer known?", "Parent chose not to say")
    then_only_these_follow_up_questions_show(page, EXPECTED_DATE, NOT_DISCLOSED_REASON)
    when_they_answer(page, "Is the child's father or a male carer known?", "Father or male carer recorded")
    then_only_these_follow_up_questions_show(page, EXPECTED_DATE)
    assert_accessible(page)

    # No sex, and the reason under "Parent chose not to say" left empty: its error links to the box that shows.
    when_they_answer(page, "Is the child's father or a male carer known?", "Parent chose not to say")
    page.get_by_label("Last name").fill("Whitlock")
    page.get_by_role("button", name="Add the child").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Add a child",
        {
            "Select the child's sex, or Not known": "id_sex",
            "Say why the parent chose not to say, or that they gave no reason": "id_father_not_disclosed_reason",
        },
    )
    then_only_these_follow_up_questions_show(page, EXPECTED_DATE, NOT_DISCLOSED_REASON)
    at_phone_width(page)
    screenshot(page, "add-a-child-errors-phone")
    assert_accessible(page)
    at_desktop_width(page)

    reason = "Mother does not want him involved; she gave no more"
    when_they_enter_an_unborn_child_whose_parent_chose_not_to_say(page, expected_date_in(weeks=12), reason)
    child = then_the_unborn_childs_record_opens(page, reason)
    at_phone_width(page)
    screenshot(page, "child-record-unborn-phone")
    assert_accessible(page)
    at_desktop_width(page)

    page.get_by_role("link", name="Children", exact=True).click()
    expect(
        page.get_by_role("table", name="Children").get_by_role("link", name="Unborn child (Whitlock)")
    ).to_have_attribute("href", f"/children/{child.pk}/")
    assert_accessible(page)


@pytest.fixture
def page_without_javascript(browser: Any, server: str, world: Any) -> Any:
    """A second browser page, signed in as the front door practitioner, with JavaScript switched off."""
    context = browser.new_context(base_url=server, locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(10_000)
    context.add_cookies([verified_session_cookie(world.user("front_door"), server)])
    yield context.new_page()
    context.close()


def test_without_javascript_every_follow_up_question_shows_and_the_chosen_one_counts(
    page: Page, page_without_javascript: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    nojs = page_without_javascript
    nojs.goto("/children/new/")
    expect(nojs.get_by_role("heading", level=1)).to_have_text("Add a child")
    then_only_these_follow_up_questions_show(nojs, DATE_OF_BIRTH, EXPECTED_DATE, NOT_KNOWN_REASON, NOT_DISCLOSED_REASON)
    screenshot(nojs, "add-a-child-without-javascript")
    fill_date(nojs, DATE_OF_BIRTH, "31", "2", "2020")  # not a real date, but under the answer not chosen
    nojs.get_by_label(NOT_KNOWN_REASON).fill("Typed under the answer not chosen")
    reason = "She said it is private"
    when_they_enter_an_unborn_child_whose_parent_chose_not_to_say(nojs, expected_date_in(weeks=20), reason)
    child = then_the_unborn_childs_record_opens(nojs, reason)

    sign_in_as(world.user("front_door"))
    page.goto(f"/children/{child.pk}/")
    assert_accessible(page)
