"""The leaving care page and the list of care leavers and young people to 25."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import ChildProfile

pytestmark = pytest.mark.django_db


def test_the_leaving_care_page_prompts_to_record_eligibility(
    world: World, client_for: Any, today: date, start_care: Any
) -> None:
    child = ChildFactory(given_name="Jade", date_of_birth=date(2010, 1, 15))
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    start_care(date(2025, 12, 1), child=child)
    response = client_for("social_worker").get(f"/children/{child.pk}/leaving-care/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eligible child" in page and "Record that the child is eligible" in page
    assert "17 (15 January 2027)" in page  # the OC3 rows by birthday
    assert client_for("other_team_worker").get(f"/children/{child.pk}/leaving-care/").status_code == 404


def test_young_people_with_an_ehc_plan_stay_visible_past_18(world: World, client_for: Any, today: date) -> None:
    ehc = ChildFactory(given_name="Tomasz", family_name="Wojcik", date_of_birth=date(2008, 4, 1))  # 19
    ChildProfile.objects.filter(person=ehc).update(special_educational_needs="ehc_plan")
    plain = ChildFactory(given_name="Liam", family_name="Barker", date_of_birth=date(2008, 4, 1))
    for child in (ehc, plain):
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    page = client_for("social_worker").get("/care-leavers/").content.decode()
    assert "Tomasz Wojcik" in page and "EHC plan" in page
    assert "Liam Barker" not in page
