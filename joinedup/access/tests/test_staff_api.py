"""/api/v1/organisations/, /teams/ and /practitioners/ (issue 20): the administrator's joiners, movers and leavers
through the API, with the pages' checks and audit; 404 for anyone else and for any partner system's token;
paginated lists with a fixed number of queries; in the schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from joinedup.access.factories import partner_system_token
from joinedup.agencies.factories import PractitionerFactory, TeamFactory
from joinedup.agencies.models import Practitioner
from joinedup.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/organisations/", "/api/v1/teams/", "/api/v1/practitioners/"]


def test_the_lists_are_paginated_and_the_administrators_alone(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    for url in LISTS:
        body = admin.get(url).json()
        assert set(body) >= {"count", "next", "previous", "results"} and body["count"] > 0
        assert all("id" in row for row in body["results"])
    for name in ("team_manager", "social_worker", "analyst", "school_dsl"):
        for url in LISTS:
            assert client_for(name).get(url).status_code == 404, (name, url)
            assert client_for(name).post(url, {}, content_type="application/json").status_code == 404


def test_a_partner_systems_token_never_reaches_them(world: Any) -> None:
    _token, key = partner_system_token(practitioner=world.administrator)
    for url in LISTS:
        # The token's scopes give no endpoint here: refused before any view runs.
        response = Client().get(url, HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 403, url


def test_adding_and_changing_an_organisation(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    refused = admin.post(
        "/api/v1/organisations/",
        {"name": "County Police", "organisation_type": "police", "police_force_code": "X1", "urn": "100001"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert {(e["field"], e["code"]) for e in refused.json()["errors"]} == {
        ("name", "name_taken"),
        ("urn", "urn_not_expected"),
        ("police_force_code", "police_force_code_format"),
    }
    added = admin.post(
        "/api/v1/organisations/",
        {"name": "Shire Police", "organisation_type": "police", "police_force_code": "13"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["police_force_code"] == "13"
    pk = added.json()["id"]
    changed = admin.patch(
        f"/api/v1/organisations/{pk}/", {"name": "Shire Constabulary"}, content_type="application/json"
    )
    assert changed.json()["name"] == "Shire Constabulary" and changed.json()["police_force_code"] == "13"
    assert AuditEvent.objects.filter(object_type="agencies.organisation", object_id=str(pk)).count() == 2


def test_a_team_and_a_practitioner_are_added_and_changed(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    team = admin.post(
        "/api/v1/teams/",
        {"organisation_id": world.local_authority.pk, "name": "Family Help East", "team_type": "family_help"},
        content_type="application/json",
    )
    assert team.status_code == 201
    team_id = team.json()["id"]
    assert admin.patch(
        f"/api/v1/teams/{team_id}/", {"manager_id": world.team_manager.pk}, content_type="application/json"
    ).json()["manager_id"] == (world.team_manager.pk)
    worker = admin.post(
        "/api/v1/practitioners/",
        {
            "organisation_id": world.local_authority.pk,
            "team_id": team_id,
            "given_name": "Ada",
            "family_name": "Okafor",
            "role": "social_worker",
            "social_work_england_number": "SW777001",
        },
        content_type="application/json",
    )
    assert worker.status_code == 201, worker.json()
    body = worker.json()
    assert (body["team_id"], body["username"], body["sign_in"]) == (team_id, None, "Not invited to sign in")
    renamed = admin.patch(
        f"/api/v1/practitioners/{body['id']}/", {"family_name": "Okafor-Reid"}, content_type="application/json"
    )
    assert renamed.json()["family_name"] == "Okafor-Reid" and renamed.json()["role"] == "social_worker"


def test_invite_move_and_deactivate(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    worker = PractitionerFactory(user=None, organisation=world.local_authority, team=world.team_a)
    invited = admin.post(
        f"/api/v1/practitioners/{worker.pk}/invite/", {"username": "ada.okafor"}, content_type="application/json"
    )
    assert invited.status_code == 201
    assert "/sign-in/enrol/" in invited.json()["enrolment_url"]
    assert invited.json()["practitioner"]["sign_in"] == "Has an account but no password yet"
    moved = admin.post(
        f"/api/v1/practitioners/{world.social_worker.pk}/move/",
        {"team_id": world.team_b.pk},
        content_type="application/json",
    )
    assert moved.json() | {"practitioner": None} == {
        "practitioner": None,
        "from_team_id": world.team_a.pk,
        "to_team_id": world.team_b.pk,
        "children_allocated": 1,
    }
    refused = admin.post(
        f"/api/v1/practitioners/{world.social_worker.pk}/deactivate/", {"reason": ""}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "reason_required"
    gone = admin.post(
        f"/api/v1/practitioners/{world.social_worker.pk}/deactivate/",
        {"reason": "Left the authority"},
        content_type="application/json",
    )
    assert gone.status_code == 200
    assert (gone.json()["involvements_ended"], gone.json()["children_released"]) == (1, 1)
    assert gone.json()["practitioner"]["sign_in"].endswith("account closed")
    assert Practitioner.objects.get(pk=world.social_worker.pk).left_on is not None


def test_the_schema_documents_them(world: Any, client_for: Any) -> None:
    schema = client_for("administrator").get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/v1/organisations/",
        "/api/v1/teams/{team_id}/",
        "/api/v1/practitioners/{practitioner_id}/invite/",
        "/api/v1/practitioners/{practitioner_id}/move/",
        "/api/v1/practitioners/{practitioner_id}/deactivate/",
    ):
        assert path in schema


@pytest.mark.parametrize("url", LISTS)
def test_the_lists_ask_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any, url: str
) -> None:
    admin = client_for("administrator")
    # session, user, device, practitioner (the permission), the count, the page, then the session saved (three)
    with django_assert_num_queries(9):
        assert admin.get(url).status_code == 200
    for _ in range(10):
        PractitionerFactory(organisation=world.local_authority, team=TeamFactory(organisation=world.local_authority))
    with django_assert_num_queries(9):
        assert admin.get(url).status_code == 200
