"""The child's record's sub-navigation (issue 9): a `<nav aria-label="Child's record">` with the page shown marked
aria-current, each section and action only for those who may open it (the permission its own view checks), every
link answering 200 for that user, and the record page's query count unchanged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from joinedup.core.tests.personas import World
from joinedup.records.navigation import child_record_actions, child_record_sections

CASEWORKER_SECTIONS = [
    "Overview",
    "Family network",
    "Case summary",
    "Case notes",
    "Visits",
    "Chronology",
    "Contacts and referrals",
    "Assessment and Family Help",
    "Child protection",
    "Care history",
    "Documents",
    "Supervision",
    "Search this record",
]
# The record page's queries. The navigation adds none: every rule asking whether the user sees the child answers
# from the request's cache (access/policy.sees_child), which took the social worker's page from 23 to 18 and the
# manager's (access log, allocation, merge) from 27 to 19. The greater-risk flags read the record's own (a child
# protection plan, a practitioner's record of previous abuse or neglect) in one query, and a caseworker's page reads
# who recorded previous abuse or neglect and why in one more (issue 18).
RECORD_PAGE_QUERIES = {"social_worker": 20, "team_manager": 21, "school_dsl": 21}


def _nav(html: str) -> str:
    found = re.search(r"<nav [^>]*aria-label=\"Child(?:'|&#39;)s record\"[^>]*>(.*?)</nav>", html, re.S)
    assert found is not None, "no Child's record navigation"
    return found.group(1)


def _texts(nav: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def _get_record(client: Any, world: World) -> str:
    response = client.get(reverse("records:child_record", args=[world.allocated_child.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def test_given_a_social_worker_then_every_section_shows_and_each_opens(world: World, client_for: Any) -> None:
    client = client_for("social_worker")
    html = _get_record(client, world)
    nav = _nav(html)
    assert _texts(nav) == CASEWORKER_SECTIONS
    assert 'aria-current="page"' in nav and re.search(r'aria-current="page"><strong[^>]*>Overview<', nav)
    assert "Who has viewed this record" not in html
    assert "Allocate the child&#39;s work" not in html and "Merge a duplicate record" not in html
    assert "Add someone to the family network" in html
    user = world.user("social_worker")
    for link in child_record_sections(user, world.allocated_child) + child_record_actions(user, world.allocated_child):
        assert client.get(link.href).status_code == 200, link


def test_given_the_manager_then_allocate_merge_and_the_access_log_show_and_open(world: World, client_for: Any) -> None:
    client = client_for("team_manager")
    html = _get_record(client, world)
    assert _texts(_nav(html)) == [*CASEWORKER_SECTIONS, "History of changes", "Who has viewed this record"]
    for text in ("Allocate the child&#39;s work", "Merge a duplicate record into this one"):
        assert text in html
    user = world.user("team_manager")
    links = child_record_sections(user, world.allocated_child) + child_record_actions(user, world.allocated_child)
    assert {"access_log", "allocate", "merge"} <= {link.key for link in links}
    for link in links:
        assert client.get(link.href).status_code == 200, link


def test_given_a_schools_safeguarding_lead_then_only_the_sections_they_may_open_show(
    world: World, client_for: Any
) -> None:
    client = client_for("school_dsl")
    html = _get_record(client, world)
    assert _texts(_nav(html)) == ["Overview", "Family network", "Chronology"]
    for hidden in (
        "Case notes",
        "Contacts and referrals",
        "Care history",
        "Child protection",
        "Allocate the",
        "Merge a",
    ):
        assert hidden not in html
    user = world.user("school_dsl")
    links = child_record_sections(user, world.allocated_child) + child_record_actions(user, world.allocated_child)
    assert [link.key for link in links] == [
        "record",
        "family",
        "chronology",
        "share_event",
        "raise_concern",
        "challenge",
    ]
    for link in links:
        assert client.get(link.href).status_code == 200, link
    # What the navigation leaves out is indeed closed to them.
    for name in ("case_record:notes", "front_door:child_history", "child_protection:record"):
        assert client.get(reverse(name, args=[world.allocated_child.pk])).status_code == 404, name


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("chronology:chronology", "Chronology"),
        ("family_help:child_overview", "Assessment and Family Help"),
        ("child_protection:record", "Child protection"),
        ("children_in_care:care_history", "Care history"),
    ],
)
def test_given_each_section_page_then_it_shows_the_navigation_with_itself_current(
    world: World, client_for: Any, page: str, current: str
) -> None:
    response = client_for("social_worker").get(reverse(page, args=[world.allocated_child.pk]))
    assert response.status_code == 200
    nav = _nav(response.content.decode())
    assert _texts(nav) == CASEWORKER_SECTIONS
    assert nav.count('aria-current="page"') == 1
    assert re.search(rf'aria-current="page"><strong[^>]*>{current}<', nav)


@pytest.mark.parametrize("who", sorted(RECORD_PAGE_QUERIES))
def test_given_the_navigation_then_the_record_page_reads_a_pinned_number_of_queries(
    world: World, client_for: Any, django_assert_num_queries: Any, who: str
) -> None:
    client = client_for(who)
    _get_record(client, world)  # the session warmed
    with django_assert_num_queries(RECORD_PAGE_QUERIES[who]):
        _get_record(client, world)
