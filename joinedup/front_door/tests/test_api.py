"""The front door's API: a partner system creates a contact (one per Idempotency-Key), reads its status and the
outcome (never the front door's rationale or notes); the front door lists its queue; errors have the one shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from joinedup.access.factories import partner_system_token
from joinedup.agencies.models import Practitioner
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.front_door import services
from joinedup.front_door.models import Contact

from .conftest import RaiseConcern

pytestmark = pytest.mark.django_db


def token_client(world: World, name: str) -> Client:
    """A partner system acting through the persona `name`, its token carrying every scope (ADR 0022)."""
    _token, key = partner_system_token(practitioner=getattr(world, name))
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def payload(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "child": {"given_name": "Ellie", "family_name": "Marsden", "date_of_birth": "2016-03-27"},
        "kind": "concern",
        "immediate_danger": False,
        "urgency": "standard",
        "what_happened": "Disclosed being hit with a belt at home.",
        "childs_words": "Dad uses his belt when I'm naughty.",
        "harms": ["physical_abuse", "emotional_abuse"],
        "indicators": [],
        "family_aware": "not_aware",
        "consent": "not_sought",
        "consent_reason": "Would increase the risk to the child.",
    }
    data.update(overrides)
    return data


def test_a_police_system_creates_a_contact_once_per_key(world: World, today: Any) -> None:
    client = token_client(world, "police_officer")
    first = client.post("/api/v1/contacts/", payload(world), content_type="application/json", HTTP_IDEMPOTENCY_KEY="x1")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["reference"].startswith("FD-") and body["status"] == "Being considered" and body["outcome"] is None
    again = client.post("/api/v1/contacts/", payload(world), content_type="application/json", HTTP_IDEMPOTENCY_KEY="x1")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    contact = Contact.objects.get()
    assert (contact.channel, contact.source, contact.referrer) == ("partner_system", "6", world.police_officer)


def test_bad_input_answers_400_with_codes_and_saves_nothing(world: World, today: Any) -> None:
    client = token_client(world, "police_officer")
    response = client.post(
        "/api/v1/contacts/",
        payload(world, child={"given_name": "", "family_name": ""}, immediate_danger=True, harms=["nonsense"]),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {
        ("child", "child_not_identifiable"),
        ("urgency", "immediate_danger_not_urgent"),
        ("harms", "unknown_harm"),
    }
    assert response.json()["code"] == "invalid"
    missing = client.post("/api/v1/contacts/", {"child": {}}, content_type="application/json")
    assert missing.status_code == 400 and {e["field"] for e in missing.json()["errors"]} >= {"immediate_danger"}
    assert not Contact.objects.exists()


def test_the_status_is_the_referrers_and_never_shows_the_rationale(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    contact = raise_concern()
    front_door = world.user("front_door")
    services.contact_child_confirm(actor=front_door, contact=contact, child_id=world.allocated_child.pk)
    services.contact_note_add(actor=front_door, contact=contact, text="WORKING-NOTE")
    decision = services.contact_decision_record(
        actor=front_door, contact=contact, outcome="universal_services", rationale="RATIONALE-TEXT",
        feedback_to_referrer="The family has been told about the local family hub.", harm_codes=[],
        voice=ChildVoice(words="I want it to stop."),
    )  # fmt: skip
    services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    response = token_client(world, "school_dsl").get(f"/api/v1/contacts/{contact.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"]["outcome"] == "universal_services"
    assert body["outcome"]["feedback"] == "The family has been told about the local family hub."
    assert "RATIONALE-TEXT" not in response.content.decode() and "WORKING-NOTE" not in response.content.decode()
    for name in ("other_school_dsl", "police_officer", "health_visitor"):
        assert token_client(world, name).get(f"/api/v1/contacts/{contact.pk}/").status_code == 404


def test_the_queue_is_listed_for_the_front_door_only(
    world: World, raise_concern: RaiseConcern, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        raise_concern(idempotency_key=f"api-{n}")
    client = token_client(world, "front_door")
    client.get("/api/v1/front-door/queue/")
    # 11 for the queue, and 6 for the token: found with its system and user in one, then its use recorded (the last
    # used time, and the audit event: the chain head locked, the event, the head moved, in a savepoint).
    with django_assert_num_queries(17):
        response = client.get("/api/v1/front-door/queue/")
    body = response.json()
    assert body["count"] == 3 and body["next"] is None and len(body["results"]) == 3
    row = body["results"][0]
    assert row["reference"].startswith("FD-") and row["harms"] == ["physical_abuse", "domestic_abuse"]
    assert row["decision_due_on"] == "2027-01-14" and row["child"] is None
    for name in ("school_dsl", "social_worker", "analyst"):
        assert token_client(world, name).get("/api/v1/front-door/queue/").status_code == 404
    assert client.get("/api/v1/front-door/queue/?tab=nonsense").status_code == 400


def test_the_schema_documents_the_front_door_endpoints(client_for: Any) -> None:
    response = client_for("social_worker").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"] if response["Content-Type"].endswith("json") else response.content.decode()
    for path in ("/api/v1/contacts/", "/api/v1/contacts/{contact_id}/", "/api/v1/front-door/queue/"):
        assert path in paths
