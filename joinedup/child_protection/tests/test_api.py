"""The CP-IS-shaped endpoint: health partners see a child's child protection status by NHS number (the plan's start
and end, the responsible authority and its contact); no one else does; each row read is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from joinedup.audit.models import AuditEvent

from .conftest import Journey

pytestmark = pytest.mark.django_db
URL = reverse("api:child_protection_cp_is")


def test_a_health_partner_finds_the_plan_by_nhs_number_with_the_authoritys_contact(
    journey: Journey, client_for: Any, start: date
) -> None:
    journey.child.nhs_number = "9434765919"
    journey.child.save()
    journey.world.social_worker.phone = "0113 222 3333"
    journey.world.social_worker.save()
    plan = journey.to_plan(start)
    response = client_for("other_health_visitor").get(URL, {"nhs_number": "943 476 5919"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and "next" in body
    row = body["results"][0]
    assert row["id"] == plan.pk
    assert row["nhs_number"] == "9434765919"
    assert row["plan_start_date"] == plan.started_on.isoformat() and row["plan_end_date"] is None
    assert row["plan_type"] == "CPP"
    authority = row["responsible_authority"]
    assert authority["name"] and authority["dfe_code"]
    assert authority["contact_name"] == journey.world.social_worker.full_name
    assert authority["contact_phone"] == "0113 222 3333"
    assert AuditEvent.objects.filter(
        object_type="child_protection.childprotectionplan", object_id=str(plan.pk)
    ).exists()
    assert client_for("other_health_visitor").get(URL, {"nhs_number": "9999999999"}).json()["count"] == 0


@pytest.mark.parametrize("persona", ["police_officer", "school_dsl", "social_worker", "analyst"])
def test_no_one_but_health_partners_may_ask(journey: Journey, client_for: Any, persona: str) -> None:
    assert client_for(persona).get(URL).status_code == 404
