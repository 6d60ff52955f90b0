"""The family network, from a child's record: adding the father, linking him rather than recording him twice when
he is added for a brother, what happens with details that cannot be right, and a child whose father is known
being asked for him next."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person, Relationship
from joinedup.records import services as people_services

from .steps import (
    at_desktop_width,
    at_phone_width,
    fill_date,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser

ADD_TO_FAMILY = "Add someone to the family network"


# Given


def given_a_brother_and_sister_at_home_allocated_to(world: Any) -> tuple[Any, Any]:
    """Amelia and Noah Whitfield, who live together at one address (a household, through the service), both
    allocated to team A's social worker. No father recorded yet."""
    children = []
    for given_name, born in (("Amelia", date(2017, 5, 2)), ("Noah", date(2020, 11, 19))):
        child = ChildFactory(given_name=given_name, family_name="Whitfield", date_of_birth=born)
        InvolvementFactory(
            practitioner=world.social_worker,
            child=child,
            team=world.team_a,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        )
        children.append(child)
    people_services.household_create(
        actor=world.user("social_worker"), address="22 Hawthorn Road, Leeds", postcode="LS7 3QD", members=children
    )
    return children[0], children[1]


def given_they_are_adding_to_the_family_network_of(page: Page, child: Any) -> None:
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name=ADD_TO_FAMILY).click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/family/add/$"))
    then_the_heading_is(page, ADD_TO_FAMILY)
    expect(page.locator(".govuk-caption-l")).to_have_text(child.full_name)


# When


def when_they_add_the_father(page: Page, *, given_name: str, lives_with_child: bool = True) -> None:
    page.get_by_label("How are they related to the child?").select_option(label="Father")
    page.get_by_label("First name").fill(given_name)
    expect(page.get_by_label("Last name")).to_have_value("Whitfield")  # the child's, to start with
    fill_date(page, "Date of birth", "8", "6", "1986")
    page.get_by_role("group", name="Sex").get_by_label("Male", exact=True).check()
    page.get_by_role("group", name="Do they have parental responsibility for the child?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do they live with the child?").get_by_label(
        "Yes" if lives_with_child else "No"
    ).check()
    page.get_by_role("button", name="Add to the family network").click()


def when_they_leave_out_the_last_name_and_the_relationship(page: Page) -> None:
    page.get_by_label("First name").fill("Daniel")
    page.get_by_label("Last name").fill("")
    page.get_by_role("group", name="Do they have parental responsibility for the child?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do they live with the child?").get_by_label("No").check()
    page.get_by_role("button", name="Add to the family network").click()


# Then


def then_the_family_network_lists(page: Page, name: str, relationship: str, pr: str, lives_with: str) -> None:
    family = page.get_by_role("table", name=re.compile("People who matter to"))
    expect(family.get_by_role("row", name=re.compile(name))).to_have_text(
        re.compile(rf"{name}\s*{relationship}\s*{pr}\s*{lives_with}")
    )


def then_the_father_is_recorded(page: Page) -> None:
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text="Father or male carer"))
    expect(row.locator("dd")).to_have_text("Father or male carer recorded")  # no "not known" reason left over


def then_they_are_offered_the_person_already_recorded(page: Page, name: str) -> None:
    expect(page.locator(".govuk-warning-text")).to_contain_text("This person may already be recorded.")
    expect(page.get_by_role("heading", name="Possible matches")).to_be_visible()
    expect(page.locator("main li", has_text=name)).to_contain_text("Name matches")
    expect(page.get_by_role("button", name=f"Link this person to the family network: {name}")).to_be_visible()


# Journeys


def test_adding_the_father_and_linking_him_for_a_brother_rather_than_recording_him_twice(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    amelia, noah = given_a_brother_and_sister_at_home_allocated_to(world)
    sign_in_as(world.user("social_worker"))
    given_they_are_adding_to_the_family_network_of(page, amelia)
    expect(page.locator(".govuk-inset-text")).to_contain_text("Fathers and male carers matter")
    assert_accessible(page)

    when_they_add_the_father(page, given_name="Daniel")
    then_the_heading_is(page, "Amelia Whitfield")
    then_a_success_banner_says(page, "Added to the family network.")
    then_the_family_network_lists(page, "Daniel Whitfield", "Father", "Yes", "Yes")
    then_the_father_is_recorded(page)
    screenshot(page, "family-network-father-added")
    assert_accessible(page)

    given_they_are_adding_to_the_family_network_of(page, noah)
    when_they_add_the_father(page, given_name="Daniel")
    then_the_heading_is(page, ADD_TO_FAMILY)
    then_they_are_offered_the_person_already_recorded(page, "Daniel Whitfield")
    assert Person.objects.filter(given_name="Daniel", family_name="Whitfield").count() == 1
    screenshot(page, "family-network-possible-match")
    assert_accessible(page)
    at_phone_width(page)
    screenshot(page, "family-network-possible-match-phone")
    assert_accessible(page)
    at_desktop_width(page)

    page.get_by_role("button", name="Link this person to the family network: Daniel Whitfield").click()
    then_the_heading_is(page, "Noah Whitfield")
    then_a_success_banner_says(page, "Added to the family network.")
    then_the_family_network_lists(page, "Daniel Whitfield", "Father", "Yes", "Yes")
    daniel = Person.objects.get(given_name="Daniel", family_name="Whitfield")  # still one record
    assert set(Relationship.objects.filter(from_person=daniel).values_list("to_person", flat=True)) == {
        amelia.pk,
        noah.pk,
    }
    assert daniel.postcode == "LS7 3QD"  # he lives with them
    assert_accessible(page)


def test_details_that_cannot_be_right_are_linked_to_their_fields(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    amelia, _ = given_a_brother_and_sister_at_home_allocated_to(world)
    sign_in_as(world.user("social_worker"))
    given_they_are_adding_to_the_family_network_of(page, amelia)
    people_before = Person.objects.count()

    when_they_leave_out_the_last_name_and_the_relationship(page)
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        ADD_TO_FAMILY,
        {
            "Select how this person is related to the child": "id_relationship_type",
            "Enter the person's last name": "id_family_name",
        },
    )
    expect(page.get_by_label("First name")).to_have_value("Daniel")
    assert Person.objects.count() == people_before
    screenshot(page, "family-network-errors")
    assert_accessible(page)


def test_a_child_whose_father_is_known_is_asked_for_him_next(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    sign_in_as(world.user("front_door"))
    page.goto("/children/new/")
    page.get_by_role("group", name="Is the child born yet?").get_by_label("Yes, the child is born").check()
    page.get_by_label("First name").fill("Isla")
    page.get_by_label("Last name").fill("Whitfield")
    fill_date(page, "Date of birth", "14", "7", "2019")
    page.get_by_role("group", name="Sex").get_by_label("Female", exact=True).check()
    father = page.get_by_role("group", name="Is the child's father or a male carer known?")
    father.get_by_label("Father or male carer recorded").check()
    page.get_by_role("button", name="Add the child").click()

    expect(page).to_have_url(re.compile(r"/children/\d+/family/add/\?relationship=father$"))
    isla = Person.objects.get(given_name="Isla", family_name="Whitfield")
    assert page.url.endswith(f"/children/{isla.pk}/family/add/?relationship=father")
    then_the_heading_is(page, ADD_TO_FAMILY)
    then_a_success_banner_says(page, "Child's record created. Now add the child's father or male carer.")
    expect(page.get_by_label("How are they related to the child?")).to_have_value("father")
    assert_accessible(page)

    page.goto(f"/children/{isla.pk}/")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text("The father or male carer is recorded as known but is not in the family")
    expect(warning).to_contain_text("is not in the family network yet")
    assert_accessible(page)

    page.get_by_role("link", name=ADD_TO_FAMILY).click()
    page.get_by_label("How are they related to the child?").select_option(label="Father")
    page.get_by_label("First name").fill("Callum")
    page.get_by_role("group", name="Sex").get_by_label("Male", exact=True).check()
    page.get_by_role("group", name="Do they have parental responsibility for the child?").get_by_label("No").check()
    page.get_by_role("group", name="Do they live with the child?").get_by_label("No").check()
    page.get_by_role("button", name="Add to the family network").click()
    then_the_heading_is(page, "Isla Whitfield")
    then_the_family_network_lists(page, "Callum Whitfield", "Father", "No", "No")
    expect(page.get_by_text("is not in the family network yet")).to_have_count(0)
    assert_accessible(page)
