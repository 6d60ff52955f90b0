"""/api/v1/deadlines/: scoped to the children the caller may see, filtered, paginated, audited; bad filters 400."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db

URL = "/api/v1/deadlines/"
StartDeadline = Callable[..., Deadline]


@pytest.fixture
def deadlines(world: World, today: date, start_deadline: StartDeadline) -> dict[str, Deadline]:
    made = {
        "overdue": start_deadline("contact_decision", date(2027, 1, 8)),  # due Mon 11 Jan
        "open": start_deadline("single_assessment", date(2027, 1, 12)),
        "met": start_deadline("placement_plan", date(2027, 1, 11)),
    }
    services.deadline_meet(actor=world.user("social_worker"), deadline=made["met"], met_on=today)
    # A child the social worker does not see, with a deadline started by the front door (who sees every child).
    made["hidden"] = start_deadline(
        "contact_decision", today, child=world.unallocated_child, actor=world.user("front_door")
    )
    return made


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_social_worker_lists_the_deadlines_of_the_children_they_see(
    world: World, client_for: Any, deadlines: dict[str, Deadline]
) -> None:
    response = client_for("social_worker").get(URL)
    assert ids(response) == [deadlines["overdue"].pk, deadlines["met"].pk, deadlines["open"].pk]
    body = response.json()
    assert body["count"] == 3 and body["next"] is None
    first = body["results"][0]
    assert first["rule"] == "contact_decision"
    assert first["status"] == "overdue"
    assert first["child"] == world.allocated_child.pk
    assert first["due_on"] == "2027-01-11"
    assert first["figure_applied"] == "1 working day"
    assert first["is_local"] is False
    assert "family_name" not in str(body)


@pytest.mark.parametrize("persona", ["other_team_worker", "health_visitor", "analyst"])
def test_a_user_who_cannot_see_the_child_gets_none_of_its_deadlines(
    world: World, client_for: Any, deadlines: dict[str, Deadline], persona: str
) -> None:
    assert ids(client_for(persona).get(URL)) == []


def test_a_school_dsl_sees_their_pupils_deadlines_only(
    world: World, client_for: Any, deadlines: dict[str, Deadline]
) -> None:
    assert ids(client_for("other_school_dsl").get(URL)) == [deadlines["hidden"].pk]


def test_the_api_needs_a_signed_in_caller(client: Any, db: Any) -> None:
    assert client.get(URL).status_code in (401, 403)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=overdue", ["overdue"]),
        ("status=open", ["open"]),
        ("status=met", ["met"]),
        ("status=met_late", []),
        ("rule=single_assessment", ["open"]),
        ("due_from=2027-01-12&due_to=2027-01-31", ["met"]),
        ("due_to=2027-01-11", ["overdue"]),
    ],
)
def test_filters(
    world: World, client_for: Any, deadlines: dict[str, Deadline], query: str, expected: list[str]
) -> None:
    assert ids(client_for("social_worker").get(f"{URL}?{query}")) == [deadlines[k].pk for k in expected]


def test_filter_by_child(world: World, client_for: Any, deadlines: dict[str, Deadline]) -> None:
    client = client_for("front_door")
    assert ids(client.get(f"{URL}?child={world.unallocated_child.pk}")) == [deadlines["hidden"].pk]
    assert len(ids(client.get(f"{URL}?child={world.allocated_child.pk}"))) == 3


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("status=late", "status", "invalid_choice"),
        ("rule=initial_conference", "rule", "invalid_choice"),
        ("child=abc", "child", "invalid"),
        ("due_from=18/12/2026", "due_from", "invalid"),
        ("due_from=2027-02-01&due_to=2027-01-01", "due_to", "invalid_date_range"),
    ],
)
def test_invalid_filters_are_400_with_field_errors(
    world: World, client_for: Any, deadlines: dict[str, Deadline], query: str, field: str, code: str
) -> None:
    response = client_for("social_worker").get(f"{URL}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, code)]


def test_each_row_read_is_audited(world: World, client_for: Any, deadlines: dict[str, Deadline]) -> None:
    client = client_for("social_worker")
    before = AuditEvent.objects.count()
    client.get(URL)
    listed = AuditEvent.objects.filter(action=AuditAction.LISTED, object_type="timescales.deadline")
    assert AuditEvent.objects.count() - before == 3
    assert {e.child_id for e in listed} == {world.allocated_child.pk}


def test_the_list_is_paginated_with_a_fixed_query_count(
    world: World, today: date, client_for: Any, start_deadline: StartDeadline, django_assert_num_queries: Any
) -> None:
    for n in range(55):
        start_deadline("single_assessment", today, subject=f"r:{n}")
    client = client_for("social_worker")
    client.get(URL)
    with django_assert_num_queries(15):  # the same for 5 rows or 50: the audit rows are written in bulk
        response = client.get(URL)
    body = response.json()
    assert body["count"] == 55 and len(body["results"]) == 50 and body["next"]
    assert len(ids(client.get(body["next"]))) == 5


def test_the_schema_documents_the_endpoint(world: World, client_for: Any) -> None:
    schema = client_for("social_worker").get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/deadlines/" in schema.content.decode()


def test_a_caller_who_sees_many_children_is_scoped_by_subquery(
    world: World, client_for: Any, deadlines: dict[str, Deadline], monkeypatch: pytest.MonkeyPatch
) -> None:
    from joinedup.timescales import selectors

    monkeypatch.setattr(selectors, "VISIBLE_IDS_INLINE", 1)  # the front door sees both children: more than 1
    assert len(ids(client_for("front_door").get(URL))) == 4
    assert len(ids(client_for("social_worker").get(URL))) == 3  # one child: listed inline
