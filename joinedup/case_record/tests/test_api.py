from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.case_record.models import CaseNote
from joinedup.core.tests.personas import World

from .conftest import Siblings

pytestmark = pytest.mark.django_db


def _note_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "note_type": "direct_work",
        "occurred_on": timezone.localdate().isoformat(),
        "child_seen": True,
        "child_seen_alone": False,
        "what_happened": "Visited at home.",
        "childs_words": "I like my new bike",
    }
    body.update(overrides)
    return body


class TestCaseNotesApi:
    def test_given_a_worker_when_they_post_a_note_for_siblings_then_201_with_its_id_and_listed_paginated(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        url = reverse("api:child_case_notes", args=[siblings.eldest.pk])
        response = client.post(url, _note_body(child_ids=[siblings.middle.pk]), content_type="application/json")
        assert response.status_code == 201
        assert set(response.json()["children"]) == {siblings.eldest.pk, siblings.middle.pk}
        listed = client.get(reverse("api:child_case_notes", args=[siblings.middle.pk])).json()
        assert listed["count"] == 1 and listed["results"][0]["id"] == response.json()["id"] and "next" in listed

    def test_given_bad_input_then_400_with_field_errors_and_nothing_written(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        client = client_for("social_worker")
        url = reverse("api:child_case_notes", args=[siblings.eldest.pk])
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        response = client.post(url, _note_body(what_happened="", occurred_on=tomorrow), content_type="application/json")
        assert response.status_code == 400
        assert "what_happened" in str(response.json()) and "occurred_on" in str(response.json())
        assert not CaseNote.objects.exists()

    @pytest.mark.parametrize("kind", ["visit", "joint_visit"])
    def test_given_a_visit_kind_then_400_pointing_to_the_visits_api_and_nothing_written(
        self, world: World, siblings: Siblings, client_for: Any, kind: str
    ) -> None:
        client = client_for("social_worker")
        url = reverse("api:child_case_notes", args=[siblings.eldest.pk])
        response = client.post(url, _note_body(note_type=kind), content_type="application/json")
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["field"] == "note_type" and error["code"] == "visit_through_visits_api"
        assert "/api/v1/children/{child_id}/visits/" in error["message"]
        assert not CaseNote.objects.exists()

    def test_given_a_partner_or_a_child_not_visible_then_404(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        assert (
            client_for("school_dsl").get(reverse("api:child_case_notes", args=[siblings.eldest.pk])).status_code == 404
        )
        assert (
            client_for("social_worker")
            .get(reverse("api:child_case_notes", args=[world.unallocated_child.pk]))
            .status_code
            == 404
        )
