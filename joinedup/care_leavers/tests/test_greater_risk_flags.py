"""The list of care leavers and young people to 25 flags the young people at greater risk (M9, issue 18), in a fixed
number of queries."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.access.factories import InvolvementFactory
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import ChildProfile, Person
from joinedup.records import services as records

pytestmark = pytest.mark.django_db
FLAG = "Previous abuse or neglect"


def row_of(html: str, name: str) -> str:
    return next(row for row in re.split(r"<tr", html) if name in row)


def young_person(world: World, family_name: str) -> Person:
    """A young person of 19 with an EHC plan: on the list past 18."""
    child = ChildFactory(given_name="Jay", family_name=family_name, date_of_birth=date(2008, 4, 1))
    ChildProfile.objects.filter(person=child).update(special_educational_needs="ehc_plan")
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    return child


def flag(world: World, child: Person) -> None:
    records.previous_abuse_or_neglect_record(
        actor=world.user("social_worker"), child=child, reason="On a child protection plan for neglect at 12."
    )


def test_the_care_leavers_list_flags_the_young_person(world: World, client_for: Any, today: date) -> None:
    flag(world, young_person(world, "Flagged"))
    young_person(world, "Quiet")
    html = client_for("social_worker").get("/care-leavers/").content.decode()
    assert FLAG in row_of(html, "Jay Flagged") and "SEND (EHC plan)" in row_of(html, "Jay Flagged")
    assert FLAG not in row_of(html, "Jay Quiet") and "SEND (EHC plan)" in row_of(html, "Jay Quiet")


# The list's queries, the same however many young people it shows (their flags are one query).
CARE_LEAVERS_LIST_QUERIES = 15


def test_the_care_leavers_list_reads_a_fixed_number_of_queries(world: World, client_for: Any, today: date) -> None:
    client = client_for("social_worker")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/care-leavers/").status_code == 200
        return len(captured.captured_queries)

    for n in range(2):
        flag(world, young_person(world, f"Few{n}"))
    queries()
    few = queries()
    for n in range(10):
        flag(world, young_person(world, f"Many{n}"))
    many = queries()
    assert few == many
    assert many == CARE_LEAVERS_LIST_QUERIES
