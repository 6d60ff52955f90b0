"""Never type twice (issue 19): the assessment carries forward the people already known.

the child's family network holds their mother (parental responsibility, lives with them), their father (parental
responsibility, lives elsewhere) and their nan (matters to them) -> the social worker opens "Record the assessment"
and finds all three offered ticked under "Who this assessment includes", and named where the form asks for their
views -> unticks the nan, records the parents' views and saves -> the assessment lists the mother and the father.
Every page passes the accessibility check at 1280 px and at 390 px.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.assessments import services
from joinedup.assessments.testing import referral_made
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.codes import RelationshipType
from joinedup.people.factories import PersonFactory, RelationshipFactory
from joinedup.people.models import Household, HouseholdMember

from .steps import then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser


def given_an_assessment_of_a_child_whose_family_network_is_known(world: Any) -> Any:
    harm_taxonomy_sync()  # the browser tests' database is emptied between tests
    child = world.allocated_child
    mum = PersonFactory(given_name="Sarah", family_name="Marsden")
    dad = PersonFactory(given_name="Darren", family_name="Cole")
    nan = PersonFactory(given_name="Jean", family_name="Marsden")
    for person, kind, pr in ((mum, RelationshipType.MOTHER, True), (dad, RelationshipType.FATHER, True)):
        RelationshipFactory(from_person=person, to_person=child, relationship_type=kind, has_parental_responsibility=pr)
    RelationshipFactory(
        from_person=nan, to_person=child, relationship_type=RelationshipType.GRANDPARENT, is_significant=True
    )
    home = Household.objects.create(address="1 Example Street", postcode="ZZ1 1ZZ")
    for person in (child, mum):
        HouseholdMember.objects.create(household=home, person=person)
    today = timezone.localdate()
    referral = referral_made(world, child=child, on=today - timedelta(days=20))
    return services.single_assessment_start(
        actor=world.user("social_worker"),
        referral=referral,
        started_on=today - timedelta(days=14),
        worker=world.social_worker,
    )


def test_the_assessment_starts_with_the_people_the_family_network_knows(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    assessment = given_an_assessment_of_a_child_whose_family_network_is_known(world)
    sign_in_as(world.user("social_worker"))
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Record the assessment").click()
    then_the_heading_is(page, "Record the assessment")
    people = page.get_by_role("group", name="Who this assessment includes")
    mum = people.get_by_label("Sarah Marsden (mother, parental responsibility, lives with the child)")
    dad = people.get_by_label("Darren Cole (father, parental responsibility)")
    nan = people.get_by_label("Jean Marsden (grandparent)")
    for box in (mum, dad, nan):
        expect(box).to_be_checked()  # carried forward, to confirm
    expect(page.get_by_text("Known: Darren Cole (father, parental responsibility)")).to_be_visible()
    assert_accessible(page)
    nan.uncheck()
    page.get_by_label("Parents' and carers' views").fill("Sarah wants help with the mornings.")
    page.get_by_label("Fathers and male carers").fill("Darren sees the children at weekends.")
    page.get_by_role("button", name="Save the assessment").click()
    then_a_success_banner_says(page, "Assessment saved")
    included = page.locator(".govuk-summary-list__row", has_text="Who this assessment includes")
    expect(included).to_contain_text("Sarah Marsden (mother, parental responsibility, lives with the child)")
    expect(included).to_contain_text("Darren Cole (father, parental responsibility)")
    expect(included).not_to_contain_text("Jean Marsden")
    assert_accessible(page)
