"""/api/v1/children/: only the children the caller may see; 404 for the rest; audited; documented."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory, partner_system_token
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_list_holds_exactly_the_children_the_caller_may_see(world: World, client_for: Any) -> None:
    response = client_for("social_worker").get("/api/v1/children/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert [c["id"] for c in body["results"]] == [world.allocated_child.pk]
    assert client_for("police_officer").get("/api/v1/children/").json()["count"] == 0


def test_every_listed_child_is_audited(world: World, client_for: Any) -> None:
    client_for("front_door").get("/api/v1/children/")
    listed = set(AuditEvent.objects.filter(action=AuditAction.LISTED).values_list("child_id", flat=True))
    assert listed == {world.allocated_child.pk, world.unallocated_child.pk}


def test_detail_is_404_for_a_child_the_caller_may_not_see(world: World, client_for: Any) -> None:
    allowed = client_for("social_worker").get(f"/api/v1/children/{world.allocated_child.pk}/")
    assert allowed.status_code == 200
    assert allowed.json()["id"] == world.allocated_child.pk
    refused = client_for("other_team_worker").get(f"/api/v1/children/{world.allocated_child.pk}/")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    missing = client_for("social_worker").get("/api/v1/children/999999/")
    assert missing.status_code == 404
    assert refused.json() == missing.json()


def test_detail_read_is_audited(world: World, client_for: Any) -> None:
    client_for("social_worker").get(f"/api/v1/children/{world.allocated_child.pk}/")
    event = AuditEvent.objects.get(action=AuditAction.VIEWED)
    assert (event.child_id, event.actor) == (world.allocated_child.pk, world.user("social_worker"))


def test_token_authentication(world: World) -> None:
    _token, key = partner_system_token(practitioner=world.school_dsl, scopes=["children:read"])
    response = Client().get("/api/v1/children/", HTTP_AUTHORIZATION=f"Token {key}")
    assert [c["id"] for c in response.json()["results"]] == [world.allocated_child.pk]


def test_anonymous_and_unverified_sessions_are_refused(world: World) -> None:
    assert Client().get("/api/v1/children/").status_code in (401, 403)
    half_signed_in = Client()
    half_signed_in.force_login(world.user("social_worker"))  # password but no second factor
    assert half_signed_in.get("/api/v1/children/").status_code in (401, 403)


def test_list_query_count_does_not_grow_with_the_number_of_children(
    world: World, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("front_door")
    client.get("/api/v1/children/")  # warm caches (session, content types)
    for _ in range(20):
        child = ChildFactory()
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    # session, user, OTP device, practitioner, count, page, the page's greater-risk flags (one query, issue 18), then
    # the audit (lock head, insert all, move head), then the session save: the same 15 however many children.
    with django_assert_num_queries(15):
        response = client.get("/api/v1/children/")
    assert response.json()["count"] == 22
    assert all("flags" in child for child in response.json()["results"])


def test_each_listed_child_carries_their_greater_risk_flags(world: World, client_for: Any) -> None:
    baby = ChildFactory(date_of_birth=timezone.localdate() - timedelta(days=100))
    InvolvementFactory(practitioner=world.social_worker, child=baby, team=world.team_a)
    listed = client_for("social_worker").get("/api/v1/children/").json()["results"]
    flags = {child["id"]: child["flags"] for child in listed}
    assert "baby_under_one" in flags[baby.pk]
    assert flags[world.allocated_child.pk] == []
    # The list and the child's own record agree.
    detail = client_for("social_worker").get(f"/api/v1/children/{baby.pk}/").json()
    assert detail["flags"] == flags[baby.pk]


def test_schema_documents_the_children_endpoints(client_for: Any) -> None:
    response = client_for("social_worker").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"] if response["Content-Type"].endswith("json") else response.content.decode()
    assert "/api/v1/children/" in paths
    assert "/api/v1/children/{child_id}/" in paths


def test_healthz(client: Client, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
