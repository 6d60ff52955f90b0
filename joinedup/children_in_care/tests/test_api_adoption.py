"""/api/v1/children/<id>/adoption-decisions/ and /deprivation-of-liberty-orders/: scoped, audited, paginated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.children_in_care import services
from joinedup.children_in_care.models import PeriodOfCare
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def test_given_a_decision_match_and_order_when_the_api_is_read_then_each_row_has_its_id_and_the_read_is_audited(
    world: World, client_for: Any, today: date, start_care: Callable[..., PeriodOfCare]
) -> None:
    period = start_care(date(2027, 1, 4))
    actor, child = world.user("social_worker"), world.allocated_child
    decision = services.adoption_decision_record(actor=actor, child=child, decided_on=date(2027, 3, 1))
    match = services.adopter_match_record(
        actor=actor,
        decision=decision,
        matched_on=date(2027, 10, 1),
        adopters_are_foster_carers=True,
        number_of_adopters=1,
        adopters_sex="F1",
        adopters_legal_status="L0",
    )
    order = services.deprivation_of_liberty_order_record(actor=actor, child=child, started_on=date(2027, 5, 1))
    client = client_for("social_worker")
    body = client.get(f"/api/v1/children/{child.pk}/adoption-decisions/").json()
    assert body["count"] == 1 and "next" in body
    assert body["results"] == [
        {
            "id": decision.pk,
            "period": period.pk,
            "decided_on": "2027-03-01",
            "ceased_on": None,
            "reason_ceased": "",
            "match": {
                "id": match.pk,
                "matched_on": "2027-10-01",
                "adopters_are_foster_carers": True,
                "number_of_adopters": 1,
                "adopters_sex": "F1",
                "adopters_legal_status": "L0",
            },
        }
    ]
    body = client.get(f"/api/v1/children/{child.pk}/deprivation-of-liberty-orders/").json()
    assert body["results"] == [{"id": order.pk, "period": period.pk, "started_on": "2027-05-01", "ended_on": None}]
    assert AuditEvent.objects.filter(
        action=AuditAction.LISTED, object_type="children_in_care.adoptiondecision", object_id=decision.pk
    ).exists()
    assert client_for("school_dsl").get(f"/api/v1/children/{child.pk}/adoption-decisions/").status_code == 404
    assert (
        client_for("school_dsl").get(f"/api/v1/children/{child.pk}/deprivation-of-liberty-orders/").status_code == 404
    )
