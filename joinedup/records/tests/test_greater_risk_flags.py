"""Greater-risk flags (M9) wherever a child appears, and previous abuse or neglect recorded, and removed, by a
practitioner with a reason (issue 18)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.core.flags import FlagSource
from joinedup.core.tests.personas import World
from joinedup.people import selectors as people_selectors
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person, PreviousAbuseOrNeglect
from joinedup.records import services
from joinedup.timescales import services as timescales

FLAG = "Previous abuse or neglect"
REASON = "Disclosed at school that her stepfather hit her in 2022, before the family moved here."


def flag(world: World, child: Person | None = None) -> PreviousAbuseOrNeglect:
    return services.previous_abuse_or_neglect_record(
        actor=world.user("social_worker"), child=child or world.allocated_child, reason=REASON
    )


@pytest.fixture
def quiet_child(world: World) -> Person:
    """A child the social worker also works with, who has no flag."""
    child = ChildFactory(given_name="Tomasz", family_name="Quill")
    InvolvementFactory(
        practitioner=world.social_worker, child=child, team=world.team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    )
    return child


def row_of(html: str, name: str) -> str:
    """The table row (or search result) that names `name`."""
    for row in re.split(r"<tr|<li class=\"govuk-!-margin-bottom-4\">", html):
        if name in row:
            return row
    raise AssertionError(f"{name} is not on the page")


def assert_flagged_only(html: str, world: World, quiet_child: Person) -> None:
    assert FLAG in row_of(html, "Ellie Marsden")
    assert FLAG not in row_of(html, quiet_child.full_name)


# -- one selector for a list of children ---------------------------------------------------------------------------


def test_the_flags_of_many_children_are_read_in_one_query(world: World, quiet_child: Person) -> None:
    flag(world)
    ids = [world.allocated_child.pk, quiet_child.pk, world.unallocated_child.pk]
    with CaptureQueriesContext(connection) as queries:
        flags = people_selectors.greater_risk_flags(child_ids=ids)
    assert len(queries.captured_queries) == 1
    assert [(f.code, f.because) for f in flags[world.allocated_child.pk]] == [
        ("previous_abuse_or_neglect", ("Recorded by a practitioner",))
    ]
    assert flags[quiet_child.pk] == [] and flags[world.unallocated_child.pk] == []
    assert people_selectors.greater_risk_flags(child_ids=[]) == {}


def test_the_other_flags_are_still_computed(world: World) -> None:
    baby = ChildFactory(date_of_birth=timezone.localdate() - timedelta(days=100), profile__is_missing=True)
    codes = [f.code for f in people_selectors.child_greater_risk_flags(child=baby)]
    assert codes == ["baby_under_one", "missing"]


def test_the_apps_declare_what_shows_the_flag_and_a_name_declared_twice_stops_django(monkeypatch: Any) -> None:
    names = {s.name for s in people_selectors.flag_sources()}
    assert {"child_protection.plans", "child_protection.section_47_substantiated"} <= names
    twice = FlagSource("x.twice", "previous_abuse_or_neglect", lambda: Person.objects.none(), "Twice")
    monkeypatch.setattr(people_selectors, "declared", lambda module, name: [twice, twice])
    with pytest.raises(ImproperlyConfigured):
        people_selectors.discover_flag_sources()
    unknown = FlagSource("x.unknown", "no_such_flag", lambda: Person.objects.none(), "Unknown")
    monkeypatch.setattr(people_selectors, "declared", lambda module, name: [unknown])
    with pytest.raises(ImproperlyConfigured):
        people_selectors.discover_flag_sources()
    monkeypatch.undo()
    people_selectors.discover_flag_sources()
    assert {s.name for s in people_selectors.flag_sources()} == names


# -- every page a child appears on -------------------------------------------------------------------------------


def test_the_children_list_flags_the_child(world: World, client_for: Any, quiet_child: Person) -> None:
    flag(world)
    assert_flagged_only(client_for("social_worker").get("/children/").content.decode(), world, quiet_child)


def test_person_search_results_flag_the_child(world: World, client_for: Any, quiet_child: Person) -> None:
    flag(world)
    client = client_for("social_worker")
    html = client.post("/people/search/", {"family_name": "Marsden"}).content.decode()
    assert FLAG in row_of(html, "Ellie Marsden")
    html = client.post("/people/search/", {"family_name": "Quill"}).content.decode()
    assert quiet_child.full_name in html and FLAG not in html


def test_search_results_give_no_flag_of_a_child_the_searcher_may_not_open(world: World, client_for: Any) -> None:
    PreviousAbuseOrNeglect.objects.create(
        child=world.unallocated_child, reason=REASON, recorded_by=world.other_team_worker, recorded_at=timezone.now()
    )
    html = client_for("social_worker").post("/people/search/", {"family_name": "Nowak"}).content.decode()
    assert "Kacper Nowak" in html and FLAG not in html


def test_my_work_flags_the_child(world: World, client_for: Any, quiet_child: Person) -> None:
    flag(world)
    for child in (world.allocated_child, quiet_child):
        timescales.deadline_start(
            actor=world.user("social_worker"),
            rule_code="strategy_discussion",
            child=child,
            subject=f"test.flags:{child.pk}",
            started_on=timezone.localdate(),
            assignee=world.social_worker,
        )
    assert_flagged_only(client_for("social_worker").get("/my-work/").content.decode(), world, quiet_child)


def test_the_case_summary_flags_the_child(world: World, client_for: Any, quiet_child: Person) -> None:
    flag(world)
    client = client_for("social_worker")
    html = client.get(f"/children/{world.allocated_child.pk}/case-summary/").content.decode()
    assert f"Greater-risk flag: {FLAG}" in html and "Recorded by a practitioner" in html
    assert "stepfather" not in html  # the reason stays on the record, for those who may record it
    html = client.get(f"/children/{quiet_child.pk}/case-summary/").content.decode()
    assert "Greater-risk flag" not in html


# -- a fixed number of queries however many children ----------------------------------------------------------------


def queries_for(client: Any, method: str, url: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


def more_flagged_children(world: World, n: int, family_name: str = "Marsden") -> None:
    for _ in range(n):
        child = ChildFactory(family_name=family_name, date_of_birth=date(2015, 1, 1))
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
        flag(world, child)
        timescales.deadline_start(
            actor=world.user("social_worker"),
            rule_code="strategy_discussion",
            child=child,
            subject=f"test.flags:{child.pk}",
            started_on=timezone.localdate(),
            assignee=world.social_worker,
        )


# The list pages' queries, the same however many children they show (issue 18: their flags are one query).
# My work reads one query a work source too (issue 19): 5 for the social worker.
LIST_PAGE_QUERIES = {"/children/": 15, "/my-work/": 27, "/people/search/": 17}


@pytest.mark.parametrize("url", sorted(LIST_PAGE_QUERIES))
def test_the_list_pages_read_a_fixed_number_of_queries_however_many_flagged_children(
    world: World, client_for: Any, url: str
) -> None:
    client = client_for("social_worker")
    method, data = ("post", {"family_name": "Marsden"}) if url == "/people/search/" else ("get", None)
    more_flagged_children(world, 2)
    queries_for(client, method, url, data)  # warm the per-process caches
    few = queries_for(client, method, url, data)
    more_flagged_children(world, 10)
    many = queries_for(client, method, url, data)
    assert few == many
    assert many == LIST_PAGE_QUERIES[url]
