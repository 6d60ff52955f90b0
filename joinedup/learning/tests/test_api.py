"""/api/v1/ for serious incidents, their reviews and learning actions: the same access as the pages, audited,
400 with the domain's codes and nothing written, 404 for what the caller may not see, and in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.learning import services
from joinedup.learning.models import SeriousIncident

from .conftest import Partnership

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


BODY = {
    "incident_on": "2026-08-27",
    "became_aware_on": "2026-08-28",
    "what_happened": "Admitted with a head injury.",
    "outcome": "seriously_harmed",
    "abuse_or_neglect": "suspected",
    "setting": "other",
    "themes": ["babies"],
}


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_an_incident_is_recorded_notified_and_read_through_the_api(
    world: World, partnership: Partnership, signed_in: Any
) -> None:
    manager = signed_in("team_manager")
    url = reverse("api:child_serious_incidents", args=[world.allocated_child.pk])
    refused = _post(signed_in("social_worker"), url, BODY)
    assert refused.status_code == 404
    invalid = _post(manager, url, {**BODY, "became_aware_on": "2026-08-01"})
    assert invalid.status_code == 400
    assert "aware_before_incident" in invalid.content.decode()
    assert not SeriousIncident.objects.exists()
    created = _post(manager, url, BODY)
    assert created.status_code == 201, created.content
    incident_id = created.json()["id"]
    assert {c["rule_code"]: c["due_on"] for c in created.json()["clocks"]} == {
        "serious_incident_notification": "2026-09-07",
        "rapid_review": "2026-09-21",
    }
    lead = signed_in("lead")
    notified = _post(
        lead,
        reverse("api:serious_incident_notification", args=[incident_id]),
        {"notified_on": "2026-09-03", "partners_informed_on": "2026-09-03"},
    )
    assert notified.status_code == 200, notified.content
    clocks = {c["rule_code"]: c["met_on"] for c in notified.json()["clocks"]}
    assert clocks["serious_incident_notification"] == "2026-09-03"
    listed = lead.get(reverse("api:serious_incidents")).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == incident_id
    assert signed_in("social_worker").get(reverse("api:serious_incident", args=[incident_id])).status_code == 404
    assert signed_in("social_worker").get(reverse("api:serious_incidents")).json()["count"] == 0
    assert AuditEvent.objects.filter(
        object_type="learning.seriousincident", object_id=str(incident_id), action=AuditAction.VIEWED
    ).exists()


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_an_owner_completes_their_action_through_the_api(
    world: World, partnership: Partnership, signed_in: Any
) -> None:
    incident = services.serious_incident_record(
        actor=world.user("team_manager"),
        child=world.allocated_child,
        incident_on=dt.date(2026, 9, 1),
        became_aware_on=dt.date(2026, 9, 1),
        what_happened="Found unresponsive.",
        outcome="died",
        abuse_or_neglect="suspected",
        setting="other",
    )
    recommendation = services.recommendation_add(
        actor=partnership.lead.user, incident=incident, recommendation="Safe sleep advice at every visit"
    )
    action = services.learning_action_add(
        actor=partnership.lead.user,
        recommendation=recommendation,
        action="Add safe sleep to the visit template",
        owner=world.health_visitor,
        due_on=dt.date(2026, 12, 1),
    )
    visitor = signed_in("health_visitor")
    mine = visitor.get(reverse("api:learning_actions")).json()
    assert [a["id"] for a in mine["results"]] == [action.pk]
    assert mine["results"][0]["status"] == "open"
    assert signed_in("police_officer").get(reverse("api:learning_actions")).json()["count"] == 0
    complete = reverse("api:learning_complete", args=[action.pk])
    assert (
        _post(signed_in("police_officer"), complete, {"completed_on": "2026-09-30", "evidence": "x"}).status_code == 404
    )
    empty = _post(visitor, complete, {"completed_on": "2026-09-30", "evidence": ""})
    assert empty.status_code == 400
    done = _post(visitor, complete, {"completed_on": "2026-09-30", "evidence": "Template changed; audit of 10 visits."})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"
    every = signed_in("lead").get(reverse("api:learning_actions") + "?whose=every").json()
    assert every["count"] == 1


def test_the_schema_documents_the_learning_endpoints(partnership: Partnership, signed_in: Any) -> None:
    response = signed_in("lead").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/serious-incidents/",
        "/api/v1/serious-incidents/{incident_id}/",
        "/api/v1/serious-incidents/{incident_id}/notification/",
        "/api/v1/children/{child_id}/serious-incidents/",
        "/api/v1/learning-actions/",
        "/api/v1/learning-actions/{action_id}/progress/",
        "/api/v1/learning-actions/{action_id}/complete/",
    ):
        assert path in paths
