"""Merging a duplicate record from the child's record: the likely duplicate is offered, the merge needs the
practitioner to confirm they checked, and then it is done, audited, and said so."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.people.factories import ChildFactory

from .steps import (
    at_desktop_width,
    at_phone_width,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser

MERGE = "Merge a duplicate record"


# Given


def given_a_duplicate_of(child: Any, world: Any) -> Any:
    """The same child recorded twice: "Elly" for "Ellie", the same date of birth and school."""
    return ChildFactory(
        given_name="Elly",
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        profile__school=world.school,
    )


def given_the_front_door_on_the_merge_page_of(page: Page, sign_in_as: Any, world: Any, child: Any) -> None:
    sign_in_as(world.user("front_door"))
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Merge a duplicate record into this one").click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/merge/$"))
    then_the_heading_is(page, MERGE)
    expect(page.locator(".govuk-caption-l")).to_have_text(f"{child.full_name}, record {child.pk}")


# When


def when_they_choose(page: Page, duplicate: Any) -> None:
    page.get_by_role("group", name="Which record is the same person?").get_by_label(
        re.compile(rf"{duplicate.full_name}, record {duplicate.pk}:")
    ).check()


def when_they_merge(page: Page) -> None:
    page.get_by_role("button", name="Merge records").click()


# Then


def then_the_likely_duplicate_is_offered(page: Page, duplicate: Any) -> None:
    option = page.get_by_role("group", name="Which record is the same person?").get_by_role("radio")
    expect(option).to_have_count(1)
    label = page.locator(f"label[for='{option.get_attribute('id')}']")
    expect(label).to_have_text(re.compile(rf"{duplicate.full_name}, record {duplicate.pk}: .*Date of birth matches"))


def then_nothing_is_merged(duplicate: Any) -> None:
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    assert not AuditEvent.objects.filter(action=AuditAction.MERGED).exists()


def then_the_duplicate_is_merged_into(child: Any, duplicate: Any) -> None:
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == child.pk
    merged = AuditEvent.objects.filter(action=AuditAction.MERGED, object_type="people.person")
    assert set(merged.values_list("object_id", flat=True)) == {str(child.pk), str(duplicate.pk)}


# Journey


def test_merging_a_duplicate_record(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = world.allocated_child
    duplicate = given_a_duplicate_of(child, world)
    given_the_front_door_on_the_merge_page_of(page, sign_in_as, world, child)
    then_the_likely_duplicate_is_offered(page, duplicate)
    assert_accessible(page)

    when_they_choose(page, duplicate)
    when_they_merge(page)  # without confirming they checked
    then_the_error_summary_links_each_problem_to_its_field(
        page, MERGE, {"Confirm you have checked these records are the same person": "id_confirm"}
    )
    expect(page.get_by_role("radio", name=re.compile(rf"^{duplicate.full_name}, record"))).to_be_checked()
    then_nothing_is_merged(duplicate)
    screenshot(page, "merge-errors")
    assert_accessible(page)
    at_phone_width(page)
    screenshot(page, "merge-errors-phone")
    assert_accessible(page)
    at_desktop_width(page)

    page.get_by_label("I have checked these are the same person").check()
    when_they_merge(page)
    then_the_heading_is(page, child.full_name)
    then_a_success_banner_says(page, f"Record {duplicate.pk} merged into this record. Both histories are kept.")
    then_the_duplicate_is_merged_into(child, duplicate)
    screenshot(page, "merged")
    assert_accessible(page)
