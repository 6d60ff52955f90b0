"""/api/v1/ for professional challenge and shared partner events: the same access as the pages, paginated lists
with ids, 400 with field errors and nothing written, 404 for what the caller may not see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.sharing.models import ChallengeStatus, ProfessionalChallenge, SharedEvent

pytestmark = pytest.mark.django_db


def _challenge_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "decision": "No further action on the school's concern of 3 March",
        "disagreement": "Ellie has told us twice she is frightened at home.",
        "outcome_sought": "A strategy discussion",
    }
    body.update(overrides)
    return body


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


class TestChallengeApi:
    def test_given_a_school_raises_escalates_and_the_worker_resolves_then_each_step_is_kept(
        self, world: World, client_for: Any
    ) -> None:
        school = client_for("school_dsl")
        created = _post(school, reverse("api:child_challenges", args=[world.allocated_child.pk]), _challenge_body())
        assert created.status_code == 201, created.content
        challenge_id = created.json()["id"]
        assert created.json()["level"] == 1 and created.json()["status"] == "open"
        today = timezone.localdate().isoformat()
        escalated = _post(
            school, reverse("api:challenge_escalate", args=[challenge_id]), {"note": "No answer in 5 days", "on": today}
        )
        assert escalated.status_code == 200, escalated.content
        assert escalated.json()["level"] == 2
        worker = client_for("social_worker")
        resolved = _post(
            worker,
            reverse("api:challenge_resolve", args=[challenge_id]),
            {"note": "Strategy discussion held; section 47 started.", "on": today},
        )
        assert resolved.status_code == 200, resolved.content
        body = resolved.json()
        assert body["status"] == "resolved" and body["resolution"].startswith("Strategy discussion")
        assert [s["kind"] for s in body["steps"]] == ["raised", "escalated", "resolved"]
        assert ProfessionalChallenge.objects.get(pk=challenge_id).status == ChallengeStatus.RESOLVED

    def test_given_the_list_then_it_is_paginated_with_ids_filtered_by_status_and_audited(
        self, world: World, client_for: Any
    ) -> None:
        school = client_for("school_dsl")
        for n in range(3):
            url = reverse("api:child_challenges", args=[world.allocated_child.pk])
            assert _post(school, url, _challenge_body(decision=f"Decision {n}")).status_code == 201
        before = AuditEvent.objects.filter(action="listed", object_type="sharing.professionalchallenge").count()
        listed = school.get(reverse("api:challenges"), {"status": "open"})
        assert listed.status_code == 200
        data = listed.json()
        assert data["count"] == 3 and "next" in data and all("id" in c for c in data["results"])
        after = AuditEvent.objects.filter(action="listed", object_type="sharing.professionalchallenge").count()
        assert after - before == 3
        assert school.get(reverse("api:challenges"), {"status": "resolved"}).json()["count"] == 0
        bad = school.get(reverse("api:challenges"), {"status": "maybe"})
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"

    def test_given_bad_input_then_400_with_field_errors_and_nothing_written(
        self, world: World, client_for: Any
    ) -> None:
        school = client_for("school_dsl")
        url = reverse("api:child_challenges", args=[world.allocated_child.pk])
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        response = _post(school, url, _challenge_body(decision="", disagreement=" ", raised_on=tomorrow))
        assert response.status_code == 400
        assert {e["field"] for e in response.json()["errors"]} == {"decision", "disagreement", "raised_on"}
        assert not ProfessionalChallenge.objects.exists()
        missing = _post(school, url, {})
        assert missing.status_code == 400 and {e["field"] for e in missing.json()["errors"]} >= {"decision"}
        created = _post(school, url, _challenge_body()).json()
        step = _post(school, reverse("api:challenge_escalate", args=[created["id"]]), {"note": "", "on": tomorrow})
        assert step.status_code == 400 and step.json()["errors"]
        assert ProfessionalChallenge.objects.get().level == 1

    def test_given_someone_not_involved_then_404_for_the_child_and_the_challenge(
        self, world: World, client_for: Any
    ) -> None:
        created = _post(
            client_for("school_dsl"),
            reverse("api:child_challenges", args=[world.allocated_child.pk]),
            _challenge_body(),
        ).json()
        other = client_for("other_school_dsl")
        url = reverse("api:child_challenges", args=[world.allocated_child.pk])
        assert _post(other, url, _challenge_body()).status_code == 404
        assert other.get(reverse("api:challenge", args=[created["id"]])).status_code == 404
        assert other.get(reverse("api:challenges")).json()["count"] == 0
        today = timezone.localdate().isoformat()
        resolve = _post(other, reverse("api:challenge_resolve", args=[created["id"]]), {"note": "x", "on": today})
        assert resolve.status_code == 404
        assert client_for("social_worker").get(reverse("api:challenge", args=[created["id"]])).status_code == 200


class TestSharedEventApi:
    def test_given_a_partner_shares_an_event_then_201_and_it_is_in_the_childs_chronology(
        self, world: World, client_for: Any
    ) -> None:
        school = client_for("school_dsl")
        url = reverse("api:child_shared_events", args=[world.allocated_child.pk])
        body = {
            "occurred_on": timezone.localdate().isoformat(),
            "agency": "education",
            "event_type": "other",
            "title": "Ellie absent three days",
            "detail": "No call from home.",
        }
        response = _post(school, url, body)
        assert response.status_code == 201, response.content
        assert response.json()["id"] == SharedEvent.objects.get().pk
        chronology = client_for("social_worker").get(reverse("api:child_chronology", args=[world.allocated_child.pk]))
        assert "Ellie absent three days" in {r["title"] for r in chronology.json()["results"]}

    def test_given_bad_input_or_a_caseworker_then_400_or_404_and_nothing_written(
        self, world: World, client_for: Any
    ) -> None:
        url = reverse("api:child_shared_events", args=[world.allocated_child.pk])
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        bad = _post(
            client_for("school_dsl"),
            url,
            {"occurred_on": tomorrow, "agency": "nowhere", "event_type": "other", "title": "", "detail": ""},
        )
        assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"agency"}
        future = _post(
            client_for("school_dsl"),
            url,
            {"occurred_on": tomorrow, "agency": "education", "event_type": "other", "title": "", "detail": ""},
        )
        assert future.status_code == 400
        assert {e["field"] for e in future.json()["errors"]} >= {"occurred_on", "title"}
        body = {"occurred_on": "2026-01-01", "agency": "education", "event_type": "other", "title": "t", "detail": "d"}
        assert _post(client_for("social_worker"), url, body).status_code == 404  # sharing is for partners
        assert not SharedEvent.objects.exists()
