from __future__ import annotations

from typing import Any

import pytest

from joinedup.access.models import RestrictedRecordGrant
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def test_manager_restricts_a_record_grants_and_revokes_access(world: World, client_for: Any) -> None:
    manager = client_for("team_manager")
    child = world.allocated_child
    response = manager.post(
        "/restricted-records/",
        {"action": "restrict", "restrict-record": child.pk, "restrict-reason": "Child of a member of staff"},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.is_restricted
    assert AuditEvent.objects.filter(child_id=child.pk, changed_fields=["is_restricted"]).exists()
    assert client_for("social_worker").get(f"/children/{child.pk}/").status_code == 404
    manager.post(
        "/restricted-records/",
        {
            "action": "grant",
            "grant-record": child.pk,
            "grant-username": "social.worker",
            "grant-reason": "Allocated worker",
        },
    )
    assert client_for("social_worker").get(f"/children/{child.pk}/").status_code == 200
    page = manager.get("/restricted-records/").content.decode()
    assert "social.worker" in page and child.family_name not in page
    grant = RestrictedRecordGrant.objects.get(user=world.user("social_worker"))
    manager.post("/restricted-records/", {"action": "revoke", "grant": grant.pk})
    assert client_for("social_worker").get(f"/children/{child.pk}/").status_code == 404


def test_bad_input_is_explained(world: World, client_for: Any) -> None:
    manager = client_for("team_manager")
    html = manager.post(
        "/restricted-records/", {"action": "restrict", "restrict-record": "abc", "restrict-reason": ""}
    ).content.decode()
    assert "Enter the record number as digits" in html and "Say why this record is restricted" in html
    html = manager.post(
        "/restricted-records/",
        {"action": "grant", "grant-record": world.allocated_child.pk, "grant-username": "nobody", "grant-reason": "x"},
    ).content.decode()
    assert "There is no restricted record with this number" in html


def test_only_managers_and_administrators_reach_the_page(world: World, client_for: Any) -> None:
    assert client_for("administrator").get("/restricted-records/").status_code == 200
    assert client_for("social_worker").get("/restricted-records/").status_code == 404
    assert client_for("school_dsl").get("/restricted-records/").status_code == 404
