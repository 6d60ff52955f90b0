"""Restricted records: a team manager restricts a child's record by its number, gives a worker access and takes it
away again; a record number that is not a number is explained. The worker's view follows each step."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from joinedup.access.models import RestrictedRecordGrant

from .steps import (
    at_desktop_width,
    at_phone_width,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser

RESTRICTED = "Restricted records"


# Given


def given_the_team_manager_on_the_restricted_records_page(page: Page, sign_in_as: Any, world: Any) -> None:
    sign_in_as(world.user("team_manager"))
    page.goto("/")
    page.get_by_role("link", name="Restricted records and who may see them").click()
    then_the_heading_is(page, RESTRICTED)


# When


def restrict_form(page: Page) -> Locator:
    return page.locator("form").filter(has=page.get_by_role("button", name="Restrict the record"))


def access_form(page: Page) -> Locator:
    return page.locator("form").filter(has=page.get_by_role("button", name="Give access"))


def when_they_restrict(page: Page, record: str, reason: str) -> None:
    form = restrict_form(page)
    form.get_by_label("Record number").fill(record)
    form.get_by_label("Why is this record restricted?").fill(reason)
    form.get_by_role("button", name="Restrict the record").click()


def when_they_give_access(page: Page, record: str, username: str, reason: str) -> None:
    form = access_form(page)
    form.get_by_label("Record number").fill(record)
    form.get_by_label("Username of the person to give access").fill(username)
    form.get_by_label("Why do they need it?").fill(reason)
    form.get_by_role("button", name="Give access").click()


# Then


def then_who_has_access_shows(page: Page, record: int, *cells: str) -> None:
    table = page.get_by_role("table", name="Restricted records and who may see them")
    row = table.get_by_role("row").filter(has=page.get_by_role("cell", name=str(record), exact=True))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(r"\s*".join(re.escape(c) for c in (str(record), *cells))))


def then_the_worker_can_open_the_record(page: Page, sign_in_as: Any, world: Any, child: Any, can: bool) -> None:
    sign_in_as(world.user("social_worker"))
    response = page.goto(f"/children/{child.pk}/")
    assert response is not None and response.status == (200 if can else 404)
    sign_in_as(world.user("team_manager"))
    page.goto("/restricted-records/")


# Journey


def test_restricting_a_record_giving_access_and_revoking_it(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = world.allocated_child
    given_the_team_manager_on_the_restricted_records_page(page, sign_in_as, world)
    expect(page.locator("main")).to_contain_text("No record is restricted.")
    assert_accessible(page)

    when_they_restrict(page, "twelve", "A member of staff's own family")
    then_the_error_summary_links_each_problem_to_its_field(
        page, RESTRICTED, {"Enter the record number as digits": "id_restrict-record"}
    )
    expect(restrict_form(page).get_by_label("Record number")).to_have_value("twelve")
    assert_accessible(page)

    when_they_restrict(page, str(child.pk), "A member of staff's own family")
    then_a_success_banner_says(page, f"Record {child.pk} is restricted.")
    then_who_has_access_shows(page, child.pk, "Nobody")
    child.refresh_from_db()
    assert child.is_restricted
    then_the_worker_can_open_the_record(page, sign_in_as, world, child, can=False)

    when_they_give_access(page, f"{child.pk}x", "social.worker", "Allocated social worker for this child")
    then_the_error_summary_links_each_problem_to_its_field(
        page, RESTRICTED, {"Enter the record number as digits": "id_grant-record"}
    )
    assert_accessible(page)

    when_they_give_access(page, str(child.pk), "social.worker", "Allocated social worker for this child")
    then_a_success_banner_says(page, f"Access to record {child.pk} granted.")
    then_who_has_access_shows(page, child.pk, "social.worker", "Allocated social worker for this child")
    screenshot(page, "restricted-records-access-given")
    assert_accessible(page)
    at_phone_width(page)
    screenshot(page, "restricted-records-phone")
    assert_accessible(page)
    at_desktop_width(page)
    then_the_worker_can_open_the_record(page, sign_in_as, world, child, can=True)

    page.get_by_role("button", name=f"Revoke access for social.worker to record {child.pk}").click()
    then_a_success_banner_says(page, f"Access to record {child.pk} revoked.")
    then_who_has_access_shows(page, child.pk, "Nobody")
    grant = RestrictedRecordGrant.objects.get(child=child, user=world.user("social_worker"))
    assert grant.revoked_at is not None
    assert_accessible(page)
    then_the_worker_can_open_the_record(page, sign_in_as, world, child, can=False)
