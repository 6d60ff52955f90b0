"""The partnership's people, added to the personas' world: its lead, a partners' delegate (a police officer in the
partnership's team) and a child population for the figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.agencies.factories import PractitionerFactory, TeamFactory
from joinedup.agencies.models import Practitioner, TeamType
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.people.factories import ChildFactory

TODAY = date(2026, 6, 1)


@dataclass
class Partnership:
    lead: Practitioner
    delegate: Practitioner


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2026-06-01 10:00:00+01:00", tick=False):
        yield TODAY


@pytest.fixture
def population(settings: Any) -> None:
    settings.JOINEDUP_CHILD_POPULATION = 10_000


@pytest.fixture
def partnership(world: World) -> Partnership:
    team = TeamFactory(
        name="Safeguarding Partnership Business Unit",
        organisation=world.local_authority,
        team_type=TeamType.PARTNERSHIP,
    )
    lead = PractitionerFactory(
        user__username="partnership.lead", role=Role.PARTNERSHIP_LEAD, organisation=world.local_authority, team=team
    )
    delegate = PractitionerFactory(
        user__username="police.delegate", role=Role.POLICE_OFFICER, organisation=world.police, team=team
    )
    return Partnership(lead, delegate)


def signed_in(practitioner: Practitioner) -> Client:
    user = practitioner.user
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def children_in_need(ethnicity: str, n: int, started_on: date) -> None:
    for _ in range(n):
        child = ChildFactory(ethnicity=ethnicity)
        CaseEpisodeFactory(child=child, started_on=started_on, referral_source="2A", tier="family_help")
