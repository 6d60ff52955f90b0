"""Person search: names match when spelled differently; people see only the records they may see."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


# Given


def given_signed_in_as(page: Page, sign_in_as: Any, world: Any, persona: str) -> None:
    sign_in_as(world.user(persona))
    page.goto("/people/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")


# When


def when_they_search_for(page: Page, given_name: str, family_name: str) -> None:
    page.get_by_label("First name").fill(given_name)
    page.get_by_label("Last name").fill(family_name)
    page.get_by_role("button", name="Search").click()


def when_they_search_with_nothing_filled_in(page: Page) -> None:
    page.get_by_role("button", name="Search").click()


# Then


def then_the_results_include(page: Page, child: Any, *reasons: str) -> None:
    expect(page).to_have_title("Find a person – JoinedUp")
    expect(page.locator("#results")).to_have_text(re.compile(r"^\d+ possible match(es)?$"))
    result = page.locator("main li").filter(has=page.get_by_role("heading", name=child.full_name))
    expect(result).to_have_count(1)
    expect(result.get_by_role("link", name=child.full_name)).to_have_attribute("href", f"/children/{child.pk}/")
    expect(result).to_contain_text(re.compile(r"\d+% match"))
    for reason in reasons:
        expect(result).to_contain_text(reason)


def then_the_results_do_not_include(page: Page, child: Any) -> None:
    expect(page.locator("#results")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(child.full_name)
    expect(page.locator(f"a[href='/children/{child.pk}/']")).to_have_count(0)


def then_the_error_summary_links_to(page: Page, message: str, field_id: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: Find a person"))
    link = page.locator(".govuk-error-summary").get_by_role("link", name=message)
    expect(link).to_have_attribute("href", f"#{field_id}")
    link.click()
    expect(page.locator(f"#{field_id}")).to_be_focused()


# Journeys


def test_a_misspelled_name_finds_the_child(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_signed_in_as(page, sign_in_as, world, "front_door")
    assert_accessible(page)
    when_they_search_for(page, "Elly", "Marsdon")
    then_the_results_include(page, world.allocated_child, "Name is similar")
    screenshot(page, "search-results")
    assert_accessible(page)


def test_an_empty_search_is_explained(page: Page, world: Any, sign_in_as: Any, assert_accessible: Any) -> None:
    given_signed_in_as(page, sign_in_as, world, "front_door")
    when_they_search_with_nothing_filled_in(page)
    assert_accessible(page)
    then_the_error_summary_links_to(page, "Enter a name or an NHS number to search", "id_given_name")


def test_a_partner_does_not_find_a_child_they_are_not_involved_with(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    # The child's own school finds its pupil ...
    given_signed_in_as(page, sign_in_as, world, "school_dsl")
    when_they_search_for(page, "Ellie", "Marsden")
    then_the_results_include(page, world.allocated_child)
    # ... another school's safeguarding lead does not.
    given_signed_in_as(page, sign_in_as, world, "other_school_dsl")
    when_they_search_for(page, "Ellie", "Marsden")
    then_the_results_do_not_include(page, world.allocated_child)
    assert_accessible(page)
