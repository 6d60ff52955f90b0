"""The partnership's personas beside the shared world (core/tests/personas.py): the safeguarding partnership lead
and the police's delegated safeguarding partner; and the 2026 harm taxonomy, loaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from joinedup.agencies.factories import PractitionerFactory, TeamFactory
from joinedup.agencies.models import Practitioner, TeamType
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World
from joinedup.harms.services import harm_taxonomy_sync


@dataclass
class Partnership:
    lead: Practitioner
    police_delegate: Practitioner


@pytest.fixture
def partnership(world: World) -> Partnership:
    harm_taxonomy_sync()
    team = TeamFactory(
        name="Safeguarding Partnership", organisation=world.local_authority, team_type=TeamType.PARTNERSHIP
    )
    return Partnership(
        lead=PractitionerFactory(
            user__username="partnership.lead", role=Role.PARTNERSHIP_LEAD, organisation=world.local_authority, team=team
        ),
        police_delegate=PractitionerFactory(
            user__username="police.delegate",
            role=Role.POLICE_OFFICER,
            organisation=world.police,
            is_delegated_safeguarding_partner=True,
        ),
    )


@pytest.fixture
def signed_in(client_for: Any, partnership: Partnership) -> Any:
    """A client signed in as a persona of the world or of the partnership (`signed_in("lead")`)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(name: str) -> Client:
        practitioner = getattr(partnership, name, None)
        if practitioner is None:
            return client_for(name)
        user = practitioner.user
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return make
