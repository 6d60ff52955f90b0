from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.core.tests.personas import World
from joinedup.sharing import services as sharing

pytestmark = pytest.mark.django_db


class TestChronologyApi:
    def test_given_a_partner_then_the_api_returns_only_what_was_shared_with_them(
        self, world: World, client_for: Any
    ) -> None:
        child = world.allocated_child
        InvolvementFactory(practitioner=world.health_visitor, child=child, role=InvolvementRole.HEALTH_VISITOR)
        InvolvementFactory(practitioner=world.police_officer, child=child, role=InvolvementRole.POLICE_CONTACT)
        sharing.shared_event_record(
            actor=world.user("police_officer"),
            child=child,
            occurred_on=timezone.localdate(),
            agency="police",
            event_type="police_incident",
            title="Call-out",
            detail="Police only",
        )
        url = reverse("api:child_chronology", args=[child.pk])
        assert client_for("social_worker").get(url).json()["count"] == 1
        assert client_for("police_officer").get(url).json()["results"][0]["id"].startswith("sharing.shared_event:")
        assert client_for("health_visitor").get(url).json()["count"] == 0
        assert client_for("other_health_visitor").get(url).status_code == 404
