"""PATCH a child's details, or a family member's, through the API (issue 20): only the fields sent change; a name,
date of birth or NHS number needs a reason; field errors answer 400; who may not change the child gets 404."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.codes import RelationshipType
from joinedup.people.factories import PersonFactory
from joinedup.people.models import Person
from joinedup.records import services

pytestmark = pytest.mark.django_db


def test_patch_changes_only_the_fields_sent_and_is_audited(world: World, client_for: Any) -> None:
    child = world.allocated_child
    response = client_for("social_worker").patch(
        f"/api/v1/children/{child.pk}/",
        {"ethnicity": "AIND", "uln": "1234567890", "immigration_status": "uasc"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["ethnicity"], body["immigration_status"], body["family_name"]) == ("AIND", "uasc", "Marsden")
    saved = Person.objects.select_related("child_profile").get(pk=child.pk)
    assert (saved.ethnicity, saved.child_profile.uln) == ("AIND", "1234567890")
    events = AuditEvent.objects.filter(action=AuditAction.UPDATED, child_id=child.pk).order_by("id")
    assert [(e.object_type, sorted(e.changed_fields)) for e in events] == [
        ("people.person", ["ethnicity", "immigration_status"]),
        ("people.childprofile", ["uln"]),
    ]


def test_patch_answers_400_with_field_errors(world: World, client_for: Any) -> None:
    client = client_for("social_worker")
    url = f"/api/v1/children/{world.allocated_child.pk}/"
    bad = client.patch(url, {"ethnicity": "XXXX", "nhs_number": "123"}, content_type="application/json")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"ethnicity"}
    no_reason = client.patch(url, {"nhs_number": "9434765919"}, content_type="application/json")
    assert no_reason.status_code == 400
    assert [(e["field"], e["code"]) for e in no_reason.json()["errors"]] == [("reason", "reason_required")]
    check_digit = client.patch(url, {"nhs_number": "9434765918", "reason": "x"}, content_type="application/json")
    assert [e["code"] for e in check_digit.json()["errors"]] == ["invalid_nhs_number"]
    ok = client.patch(url, {"nhs_number": "9434765919", "reason": "From the GP"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["nhs_number"] == "9434765919"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATED, reason="From the GP").count() == 1


def test_patch_is_404_for_those_who_may_not_change_the_child(world: World, client_for: Any) -> None:
    url = f"/api/v1/children/{world.allocated_child.pk}/"
    for user in ("other_team_worker", "school_dsl"):
        response = client_for(user).patch(url, {"ethnicity": "AIND"}, content_type="application/json")
        assert response.status_code == 404
    assert Person.objects.get(pk=world.allocated_child.pk).ethnicity == "NOBT"


def test_patch_a_family_members_details_through_the_child(world: World, client_for: Any) -> None:
    child = world.allocated_child
    father = PersonFactory(given_name="Lee", family_name="Marsden")
    services.relationship_add(
        actor=world.user("social_worker"),
        from_person=father,
        to_person=child,
        relationship_type=RelationshipType.FATHER,
    )
    client = client_for("social_worker")
    response = client.patch(
        f"/api/v1/children/{child.pk}/people/{father.pk}/",
        {"first_language": "Urdu", "interpreter_needed": True, "lgbtqia_identity_shared": "Gay"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["interpreter_needed"] is True
    event = AuditEvent.objects.filter(object_type="people.person", object_id=str(father.pk)).last()
    assert event is not None and event.child_id == child.pk
    stranger = PersonFactory()
    assert (
        client.patch(
            f"/api/v1/children/{child.pk}/people/{stranger.pk}/", {"religion": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
