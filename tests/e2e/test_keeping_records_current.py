"""Keeping a child's record current (issue 20): a social worker corrects a child's ethnicity and NHS number (asked
why for the NHS number) and their manager reads the history of changes; a parent moves out and the family network
view, diagram and table, shows it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.people.codes import RelationshipType, Sex
from joinedup.people.factories import ChildFactory, PersonFactory
from joinedup.people.models import Person
from joinedup.records import services as people_services

from .steps import (
    at_desktop_width,
    at_phone_width,
    fill_date,
    then_a_success_banner_says,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser


def given_amelia_at_home_with_her_parents_and_brother(world: Any) -> tuple[Any, Any, Any]:
    """Amelia Whitfield, allocated to team A's social worker, lives with her mother Sarah, her father Daniel and her
    brother Noah at 22 Hawthorn Road; her grandmother lives nearby."""
    amelia = ChildFactory(given_name="Amelia", family_name="Whitfield", date_of_birth=date(2017, 5, 2), sex=Sex.FEMALE)
    noah = ChildFactory(given_name="Noah", family_name="Whitfield", date_of_birth=date(2020, 11, 19), sex=Sex.MALE)
    for child in (amelia, noah):
        InvolvementFactory(
            practitioner=world.social_worker,
            child=child,
            team=world.team_a,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        )
    user = world.user("social_worker")
    sarah = PersonFactory(given_name="Sarah", family_name="Whitfield", sex=Sex.FEMALE, date_of_birth=date(1989, 2, 3))
    daniel = PersonFactory(given_name="Daniel", family_name="Whitfield", sex=Sex.MALE, date_of_birth=date(1986, 6, 8))
    gran = PersonFactory(given_name="Jean", family_name="Holt", sex=Sex.FEMALE, date_of_birth=date(1961, 9, 14))
    for person, kind, pr in (
        (sarah, RelationshipType.MOTHER, True),
        (daniel, RelationshipType.FATHER, True),
        (gran, RelationshipType.GRANDPARENT, False),
        (noah, RelationshipType.SIBLING, False),
    ):
        people_services.relationship_add(
            actor=user, from_person=person, to_person=amelia, relationship_type=kind, has_parental_responsibility=pr
        )
    people_services.household_create(
        actor=user,
        address="22 Hawthorn Road, Leeds",
        postcode="LS7 3QD",
        members=[amelia, noah, sarah, daniel],
        started_on=date(2019, 4, 1),
    )
    return amelia, sarah, daniel


def then_the_summary_says(page: Page, key: str, value: str) -> None:
    key_cell = page.locator("dt", has_text=re.compile(rf"^\s*{key}\s*$"))
    row = page.locator(".govuk-summary-list__row").filter(has=key_cell)
    expect(row.locator("dd")).to_have_text(value)


def test_correcting_a_childs_ethnicity_and_nhs_number_and_the_manager_reading_the_history(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    amelia, _, _ = given_amelia_at_home_with_her_parents_and_brother(world)
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{amelia.pk}/")
    page.get_by_role("link", name="Change details", exact=True).click()
    then_the_heading_is(page, "Change details")
    assert_accessible(page)

    page.get_by_label("Ethnicity").select_option(label="Black Caribbean")
    page.get_by_label("NHS number", exact=True).fill("943 476 5919")
    page.get_by_role("button", name="Save changes").click()
    # An NHS number is part of who the child is: the page asks why it changed, and nothing is saved until it knows.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why you are changing the person's name, date of birth or NHS number")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Why are you changing their name, date of birth or NHS number?")).to_be_focused()
    expect(page.get_by_label("Ethnicity")).to_have_value("BCRB")  # what was typed is kept
    assert Person.objects.get(pk=amelia.pk).nhs_number is None
    screenshot(page, "change-details-reason-asked")
    assert_accessible(page)

    page.get_by_label("Why are you changing their name, date of birth or NHS number?").fill(
        "The GP surgery gave us the right number"
    )
    page.get_by_role("button", name="Save changes").click()
    then_the_heading_is(page, "Amelia Whitfield")
    then_a_success_banner_says(page, "Details changed.")
    then_the_summary_says(page, "Ethnicity", "Black Caribbean")
    then_the_summary_says(page, "NHS number", "943 476 5919")

    sign_in_as(world.user("team_manager"))
    page.goto(f"/children/{amelia.pk}/")
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="History of changes").click()
    then_the_heading_is(page, "History of changes")
    newest = page.get_by_role("table", name="Changes to this record").locator("tbody tr").first
    expect(newest).to_contain_text(world.social_worker.full_name)
    expect(newest).to_contain_text("Ethnicity: Information not yet obtained")
    expect(newest).to_contain_text("Black Caribbean")
    expect(newest).to_contain_text("NHS number: Not recorded")
    expect(newest).to_contain_text("The GP surgery gave us the right number")
    screenshot(page, "history-of-changes")
    assert_accessible(page)


def _inside_the_household(page: Page, name: str) -> bool:
    """Whether the person's name, as drawn in the diagram, is inside the household's outline."""
    return bool(
        page.evaluate(
            """(name) => {
              const svg = document.querySelector('svg.joinedup-diagram__svg');
              const outline = svg.querySelector('rect[stroke="#00703c"]');
              if (!outline) return false;
              const text = [...svg.querySelectorAll('text')].find(t => t.textContent === name);
              const o = outline.getBBox(), t = text.getBBox();
              const x = t.x + t.width / 2, y = t.y + t.height / 2;
              return x > o.x && x < o.x + o.width && y > o.y && y < o.y + o.height;
            }""",
            name,
        )
    )


def test_a_father_moving_out_changes_the_family_network_view(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    amelia, _, daniel = given_amelia_at_home_with_her_parents_and_brother(world)
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{amelia.pk}/")
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Family network").click()
    then_the_heading_is(page, "Family network")
    diagram = page.get_by_role("img", name="Family network of Amelia Whitfield")
    expect(diagram).to_be_visible()
    table = page.get_by_role("table", name="People who matter to Amelia")
    expect(table.get_by_role("row", name=re.compile("Daniel Whitfield"))).to_contain_text("Father")
    expect(table.get_by_role("row", name=re.compile("Daniel Whitfield")).locator("td").nth(3)).to_have_text("Yes")
    assert _inside_the_household(page, "Daniel Whitfield")
    assert not _inside_the_household(page, "Jean Holt")
    screenshot(page, "family-network")
    assert_accessible(page)
    at_phone_width(page)
    screenshot(page, "family-network-phone")
    at_desktop_width(page)

    page.get_by_role("link", name=re.compile(r"^Moved out\W+Daniel Whitfield")).click()
    then_the_heading_is(page, "Daniel Whitfield moved out")
    assert_accessible(page)
    fill_date(page, "When did Daniel Whitfield stop living with Amelia?", "1", "9", "2026")
    page.get_by_label("Their new address").fill("Flat 2, 40 Chapel Street, Leeds")
    page.get_by_label("Postcode").fill("LS6 3JF")
    page.get_by_role("button", name="Record that they moved out").click()

    then_the_heading_is(page, "Family network")
    then_a_success_banner_says(page, "Daniel Whitfield no longer lives with Amelia Whitfield.")
    row = page.get_by_role("table", name="People who matter to Amelia").get_by_role("row", name=re.compile("Daniel"))
    expect(row).to_contain_text("Father")  # still her father, with parental responsibility
    expect(row.locator("td").nth(2)).to_have_text("Yes")
    expect(row.locator("td").nth(3)).to_have_text("No")
    assert not _inside_the_household(page, "Daniel Whitfield")
    assert _inside_the_household(page, "Sarah Whitfield")
    assert Person.objects.get(pk=daniel.pk).postcode == "LS6 3JF"
    screenshot(page, "family-network-after-move")
    assert_accessible(page)
