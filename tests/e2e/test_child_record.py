"""A child's record: who the child is, their family network and flags, who is involved, and who has viewed it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.people.codes import RelationshipType
from joinedup.people.factories import ChildFactory, PersonFactory
from joinedup.records import services as people_services

from .steps import (
    at_desktop_width,
    at_phone_width,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
)

pytestmark = pytest.mark.browser


# Given


def given_a_child_with_family_and_flags_allocated_to(world: Any) -> Any:
    """A child with SEND and previous abuse or neglect (two greater-risk flags), a mother with parental
    responsibility who lives with them, and a grandmother, allocated to team A's social worker."""
    child = ChildFactory(
        given_name="Amara",
        family_name="Okafor",
        date_of_birth=date(2014, 9, 3),
        profile__school=world.school,
        profile__special_educational_needs="sen_support",
    )
    InvolvementFactory(
        practitioner=world.social_worker,
        child=child,
        team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    )
    actor = world.user("social_worker")
    people_services.previous_abuse_or_neglect_record(
        actor=actor, child=child, reason="Neglect found by the authority the family lived in until 2023."
    )
    mother = PersonFactory(given_name="Grace", family_name="Okafor", date_of_birth=date(1988, 1, 12))
    grandmother = PersonFactory(given_name="Patience", family_name="Okafor", date_of_birth=date(1961, 6, 30))
    people_services.relationship_add(
        actor=actor,
        from_person=mother,
        to_person=child,
        relationship_type=RelationshipType.MOTHER,
        has_parental_responsibility=True,
    )
    people_services.relationship_add(
        actor=actor, from_person=grandmother, to_person=child, relationship_type=RelationshipType.GRANDPARENT
    )
    people_services.household_create(
        actor=actor, address="14 Elm Grove, Leeds", postcode="LS6 2AB", members=[child, mother]
    )
    return child


# When


def when_they_open_the_record(page: Page, child: Any) -> Any:
    return page.goto(f"/children/{child.pk}/")


# Then


def then_they_see_who_the_child_is(page: Page, child: Any) -> None:
    expect(page).to_have_title(f"{child.full_name} – JoinedUp")
    expect(page.get_by_role("heading", level=1)).to_have_text(child.full_name)
    identity = page.locator(".govuk-summary-list")
    for key, value in (
        ("Date of birth", "3 September 2014"),
        ("School or setting", "Brookside Primary School"),
        ("Address", "14 Elm Grove, Leeds, LS6 2AB"),
    ):
        row = identity.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=key))
        expect(row.locator("dd")).to_contain_text(value)


def then_they_see_the_flags(page: Page, *labels: str) -> None:
    flags = page.get_by_role("list", name="Flags")
    expect(flags.locator(".govuk-tag")).to_have_text(list(labels))


def then_they_see_the_family_network(page: Page) -> None:
    family = page.get_by_role("table", name=re.compile("People who matter to Amara"))
    expect(family.get_by_role("columnheader")).to_have_text(
        ["Name", "Relationship", "Parental responsibility", "Lives with the child"]
    )
    expect(family.get_by_role("row", name=re.compile("Grace Okafor"))).to_have_text(
        re.compile(r"Grace Okafor\s*Mother\s*Yes\s*Yes")
    )
    expect(family.get_by_role("row", name=re.compile("Patience Okafor"))).to_have_text(
        re.compile(r"Patience Okafor\s*Grandparent\s*No\s*No")
    )


def then_they_see_who_is_involved(page: Page, practitioner: Any) -> None:
    involved = page.get_by_role("table", name="Practitioners involved")
    expect(involved.get_by_role("row", name=re.compile(practitioner.full_name))).to_contain_text(
        "Allocated social worker"
    )


def then_there_is_no_access_log_link(page: Page) -> None:
    expect(page.get_by_role("link", name="Who has viewed this record")).to_have_count(0)


def then_the_access_log_lists_a_view_by(page: Page, practitioner: Any) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has viewed this record")
    log = page.get_by_role("table", name="Access to this record")
    expect(log.get_by_role("row", name=re.compile(practitioner.full_name)).first).to_contain_text("Viewed")


def then_they_see_page_not_found(page: Page, response: Any) -> None:
    assert response is not None and response.status == 404
    expect(page).to_have_title("Page not found – JoinedUp")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Amara")


# Journeys


def test_the_allocated_social_worker_sees_the_record(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = given_a_child_with_family_and_flags_allocated_to(world)
    sign_in_as(world.user("social_worker"))
    when_they_open_the_record(page, child)
    then_they_see_who_the_child_is(page, child)
    then_they_see_the_flags(page, "SEND", "Previous abuse or neglect")
    then_they_see_the_family_network(page)
    then_they_see_who_is_involved(page, world.social_worker)
    then_there_is_no_access_log_link(page)
    screenshot(page, "child-record")
    assert_accessible(page)
    at_phone_width(page)
    screenshot(page, "child-record-phone")
    assert_accessible(page)


def test_a_manager_sees_who_has_viewed_the_record(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    child = given_a_child_with_family_and_flags_allocated_to(world)
    sign_in_as(world.user("social_worker"))
    when_they_open_the_record(page, child)
    sign_in_as(world.user("team_manager"))
    when_they_open_the_record(page, child)
    assert_accessible(page)
    page.get_by_role("link", name="Who has viewed this record").click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/access-log/$"))
    then_the_access_log_lists_a_view_by(page, world.social_worker)
    assert_accessible(page)


def test_another_teams_worker_gets_page_not_found(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = given_a_child_with_family_and_flags_allocated_to(world)
    sign_in_as(world.user("other_team_worker"))
    response = when_they_open_the_record(page, child)
    then_they_see_page_not_found(page, response)
    screenshot(page, "page-not-found")
    assert_accessible(page)


def test_the_social_worker_records_previous_abuse_or_neglect_with_a_reason(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    """Issue 18: settable with a reason (none gives the error summary and saves nothing), shown with who and why, and
    the child is flagged in the children list too."""
    child = ChildFactory(given_name="Nour", family_name="Haddad", date_of_birth=date(2015, 2, 11))
    InvolvementFactory(
        practitioner=world.social_worker, child=child, team=world.team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    )
    sign_in_as(world.user("social_worker"))
    when_they_open_the_record(page, child)
    expect(page.get_by_role("list", name="Flags")).to_have_count(0)
    page.get_by_role("link", name="Record previous abuse or neglect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record previous abuse or neglect")
    page.get_by_role("button", name="Record previous abuse or neglect").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page, "Record previous abuse or neglect", {"Enter why you are recording previous abuse or neglect": "id_reason"}
    )
    assert_accessible(page)
    at_phone_width(page)
    assert_accessible(page)
    at_desktop_width(page)
    page.get_by_label("Why are you recording this?").fill("Nour told her teacher her uncle hit her last year.")
    page.get_by_role("button", name="Record previous abuse or neglect").click()
    then_a_success_banner_says(page, "Previous abuse or neglect recorded.")
    then_they_see_the_flags(page, "Previous abuse or neglect")
    who = page.get_by_role("table", name="Previous abuse or neglect recorded by practitioners")
    expect(who).to_contain_text(world.social_worker.full_name)
    expect(who).to_contain_text("Nour told her teacher her uncle hit her last year.")
    screenshot(page, "child-record-previous-abuse")
    assert_accessible(page)
    page.goto("/children/")
    expect(page.get_by_role("row", name=re.compile("Nour Haddad"))).to_contain_text("Previous abuse or neglect")
    assert_accessible(page)
    at_phone_width(page)
    screenshot(page, "children-list-flags-phone")
    assert_accessible(page)
