"""Adding a child with details that cannot be right: every problem is listed, linked to its field, and nothing is
saved."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.people.models import ChildProfile, Person

INVALID_NHS_NUMBER = "123 456 7890"  # ten digits, wrong check digit

pytestmark = pytest.mark.browser


# Given


def given_a_front_door_practitioner_adding_a_child(page: Page, sign_in_as: Any, world: Any) -> dict[str, int]:
    sign_in_as(world.user("front_door"))
    page.goto("/children/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    return {"people": Person.objects.count(), "profiles": ChildProfile.objects.count()}


# When


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


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
    page.get_by_role("group", name="Is the child born yet?").get_by_label("No, this is an unborn child").check()
    fill_date(page, "Date of birth", "", "", "")
    page.get_by_label("NHS number").fill("")
    page.get_by_role("group", name="Sex").get_by_label("Not known").check()
    page.get_by_role("button", name="Add the child").click()


# Then


def then_the_error_summary_links_each_problem_to_its_field(page: Page, problems: dict[str, str]) -> None:
    expect(page).to_have_title(re.compile(r"^Error: Add a child"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    links = summary.get_by_role("link")
    expect(links).to_have_text(list(problems))
    for message, field_id in problems.items():
        link = summary.get_by_role("link", name=message)
        expect(link).to_have_attribute("href", f"#{field_id}")
        expect(page.locator(f"#{field_id}")).to_have_count(1)
        # The message is also next to the field.
        expect(page.locator(".govuk-form-group--error .govuk-error-message", has_text=message)).to_have_count(1)
        link.click()
        expect(page.locator(f"#{field_id}")).to_be_focused()


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
        page, {"Enter the expected date of delivery for an unborn child": "id_expected_date_of_delivery_0"}
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
