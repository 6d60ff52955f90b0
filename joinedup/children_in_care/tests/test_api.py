"""/api/v1/children/<id>/care-episodes/ and /placements/: scoped, audited, documented; partners see less."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.children_in_care import services
from joinedup.children_in_care.tests.helpers import long_history
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_episodes_are_the_ssda903_rows(world: World, client_for: Any, today: date) -> None:
    child = world.allocated_child
    long_history(world, child, started_on=date(2026, 1, 5), placements=3)
    body = client_for("social_worker").get(f"/api/v1/children/{child.pk}/care-episodes/").json()
    assert body["count"] == 3
    rows = [(r["started_on"], r["reason_new_episode"], r["legal_status"], r["placement_type"]) for r in body["results"]]
    assert rows == [("2026-01-05", "S", "C2", "U6"), ("2026-03-06", "P", "C2", "U6"), ("2026-05-05", "P", "C2", "U6")]
    assert body["results"][0]["reason_place_change"] == "CARPL"
    assert body["results"][2]["reason_place_change"] == ""
    listed = AuditEvent.objects.filter(action=AuditAction.LISTED, object_type="children_in_care.careepisode")
    assert listed.count() == 3 and set(listed.values_list("child_id", flat=True)) == {child.pk}


def test_the_api_is_404_for_a_child_the_caller_may_not_see(world: World, client_for: Any, today: date) -> None:
    child = world.allocated_child
    long_history(world, child, started_on=date(2026, 1, 5), placements=1)
    for path in ("care-episodes", "placements"):
        refused = client_for("other_team_worker").get(f"/api/v1/children/{child.pk}/{path}/")
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    # The school's DSL sees the pupil but not their care record.
    assert client_for("school_dsl").get(f"/api/v1/children/{child.pk}/care-episodes/").status_code == 404


def test_a_partner_sees_only_the_current_placement_without_its_address(
    world: World, client_for: Any, today: date
) -> None:
    child = world.allocated_child
    long_history(world, child, started_on=date(2026, 1, 5), placements=3)
    full = client_for("social_worker").get(f"/api/v1/children/{child.pk}/placements/").json()
    assert full["count"] == 3 and "postcode" in full["results"][0]
    nurse = PractitionerFactory(user__username="lac.nurse", role=Role.LOOKED_AFTER_CHILDREN_NURSE)
    services.care_partner_add(
        actor=world.user("social_worker"),
        child=child,
        partner=nurse,
        role=InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE,
        started_on=date(2027, 11, 1),
    )
    world.lac_nurse = nurse  # type: ignore[attr-defined]
    partner = client_for("lac_nurse").get(f"/api/v1/children/{child.pk}/placements/").json()
    assert partner["count"] == 1
    assert set(partner["results"][0]) == {
        "id",
        "placement_type",
        "provider",
        "started_on",
        "ended_on",
        "carer_name",
        "setting_name",
    }
    assert client_for("lac_nurse").get(f"/api/v1/children/{child.pk}/care-episodes/").status_code == 404


def test_the_placements_query_count_does_not_grow_with_the_history(world: World, client_for: Any, today: date) -> None:
    small, large = ChildFactory(date_of_birth=date(2014, 1, 1)), ChildFactory(date_of_birth=date(2014, 1, 1))
    for child in (small, large):
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    long_history(world, small, started_on=date(2024, 1, 8), placements=2)
    long_history(world, large, started_on=date(2024, 1, 8), placements=9)
    client = client_for("social_worker")
    client.get(f"/api/v1/children/{small.pk}/placements/")
    counts = []
    for child in (small, large):
        for path in ("placements", "care-episodes"):
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/api/v1/children/{child.pk}/{path}/")
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts


def test_the_schema_documents_the_care_endpoints(client_for: Any) -> None:
    response = client_for("social_worker").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert "/api/v1/children/{child_id}/care-episodes/" in paths
    assert "/api/v1/children/{child_id}/placements/" in paths
