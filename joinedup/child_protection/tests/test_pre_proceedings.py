"""Family group decision making before proceedings (the offer through Family Help's service, context
pre-proceedings; the family's answer; the meeting and its outcome), pre-proceedings start, the letter before
proceedings, meetings and the outcome (the CIN census pre-proceedings module)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from joinedup.family_help.models import FamilyGroupDecisionMaking

from ..models import PreProceedings
from .conftest import Journey

pytestmark = pytest.mark.django_db


def d(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_pre_proceedings_with_family_group_decision_making_offered_accepted_and_held(
    journey: Journey, client_for: Any, start: date
) -> None:
    journey.to_plan(start)
    client = client_for("social_worker")
    started = start + timedelta(days=60)
    response = client.post(
        reverse("child_protection:pre_proceedings_new", args=[journey.child.pk]),
        {
            **d("started_on", started),
            **d("letter_before_proceedings_on", started + timedelta(days=3)),
            "family_group_decision_making_offered": "yes",
        },
    )
    assert response.status_code == 302
    record = PreProceedings.objects.get()
    fgdm = record.family_group_decision_making
    assert fgdm is not None and fgdm.context == "pre_proceedings" and fgdm.response == "awaiting"
    page = client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode()
    assert "Record the family's answer to family group decision making" in page
    assert (
        client.post(
            reverse("child_protection:pre_proceedings_fgdm_response", args=[record.pk]),
            {"response": "accepted", **d("responded_on", started + timedelta(days=2))},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("child_protection:pre_proceedings_fgdm_meeting", args=[record.pk]),
            {**d("meeting_on", started + timedelta(days=10)), "outcome": "Grandmother to care at weekends."},
        ).status_code
        == 302
    )
    fgdm.refresh_from_db()
    assert fgdm.response == "accepted" and fgdm.outcome == "Grandmother to care at weekends."
    assert (
        client.post(
            reverse("child_protection:pre_proceedings_meeting_new", args=[record.pk]),
            {**d("held_on", started + timedelta(days=14)), "notes": "Agreed the plan with the family's solicitor."},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("child_protection:pre_proceedings_end", args=[record.pk]),
            {**d("ended_on", started + timedelta(days=90)), "outcome": "diverted"},
        ).status_code
        == 302
    )
    record.refresh_from_db()
    assert record.outcome == "diverted" and record.meetings.count() == 1


def test_not_offering_family_group_decision_making_needs_a_reason_and_saves_nothing_without(
    journey: Journey, client_for: Any, start: date
) -> None:
    journey.to_plan(start)
    url = reverse("child_protection:pre_proceedings_new", args=[journey.child.pk])
    data = {**d("started_on", start + timedelta(days=60)), "family_group_decision_making_offered": "no"}
    response = client_for("social_worker").post(url, data)
    assert "Say why family group decision making is not in the child&#39;s interests" in response.content.decode()
    assert not PreProceedings.objects.exists() and not FamilyGroupDecisionMaking.objects.exists()
    data["not_offered_reason"] = "Risk of the family network to the child"
    assert client_for("social_worker").post(url, data).status_code == 302
    assert FamilyGroupDecisionMaking.objects.get().response == "not_in_interests"
