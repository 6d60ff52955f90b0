"""The children in care list flags the children at greater risk (M9, issue 18), in a fixed number of queries."""

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
from joinedup.people.models import Person
from joinedup.records import services as records

pytestmark = pytest.mark.django_db
FLAG = "Previous abuse or neglect"


def row_of(html: str, name: str) -> str:
    return next(row for row in re.split(r"<tr", html) if name in row)


def looked_after_child(world: World, start_care: Any, family_name: str) -> Person:
    child = ChildFactory(given_name="Rosa", family_name=family_name, date_of_birth=date(2015, 6, 1))
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    start_care(date(2027, 11, 1), child=child)
    return child


def flag(world: World, child: Person) -> None:
    records.previous_abuse_or_neglect_record(
        actor=world.user("social_worker"), child=child, reason="Neglect found by the authority she moved from."
    )


def test_the_children_in_care_list_flags_the_child(world: World, client_for: Any, today: date, start_care: Any) -> None:
    flagged = looked_after_child(world, start_care, "Flagged")
    quiet = looked_after_child(world, start_care, "Quiet")
    flag(world, flagged)
    html = client_for("social_worker").get("/children-in-care/").content.decode()
    assert FLAG in row_of(html, "Rosa Flagged") and "Looked after" in row_of(html, "Rosa Flagged")
    assert FLAG not in row_of(html, "Rosa Quiet") and "Looked after" in row_of(html, "Rosa Quiet")
    assert quiet.pk != flagged.pk


# The list's queries, the same however many children it shows (their flags are one query).
CHILDREN_IN_CARE_LIST_QUERIES = 15


def test_the_children_in_care_list_reads_a_fixed_number_of_queries(
    world: World, client_for: Any, today: date, start_care: Any
) -> None:
    client = client_for("social_worker")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/children-in-care/").status_code == 200
        return len(captured.captured_queries)

    for n in range(2):
        flag(world, looked_after_child(world, start_care, f"Few{n}"))
    queries()
    few = queries()
    for n in range(8):
        flag(world, looked_after_child(world, start_care, f"Many{n}"))
    many = queries()
    assert few == many
    assert many == CHILDREN_IN_CARE_LIST_QUERIES
