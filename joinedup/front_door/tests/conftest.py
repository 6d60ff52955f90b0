"""Fixtures for front door tests: the harm taxonomy rows, a fixed "today", the front door's manager, and builders
for a concern as a partner raises it (signed-in clients come from `client_for` in core/tests/personas.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World
from joinedup.front_door import services
from joinedup.front_door.codes import Consent, ContactChannel, ContactKind, FamilyAwareness, Urgency
from joinedup.front_door.models import Contact
from joinedup.harms.services import harm_taxonomy_sync

# "Today" in these tests: Wednesday 13 January 2027, 10:00 UK time (GMT).
TODAY = date(2027, 1, 13)


@pytest.fixture(autouse=True)
def harm_taxonomy(db: Any) -> None:
    harm_taxonomy_sync()


@pytest.fixture
def today() -> Any:
    with time_machine.travel("2027-01-13 10:00:00+00:00", tick=False):
        yield TODAY


@pytest.fixture
def mash_manager(world: World) -> Practitioner:
    """The front door team's manager: signs off the front door's decisions."""
    manager = PractitionerFactory(
        user__username="mash.manager",
        role=Role.TEAM_MANAGER,
        organisation=world.local_authority,
        team=world.front_door_team,
    )
    world.front_door_team.manager = manager
    world.front_door_team.save()
    return manager


def concern_details(**overrides: Any) -> services.ConcernDetails:
    details = services.ConcernDetails(
        kind=ContactKind.CONCERN,
        what_happened="Ellie arrived with bruising to both upper arms and flinched when touched.",
        childs_words="Mum's boyfriend grabbed me when I spilt my drink.",
        family_aware=FamilyAwareness.NOT_AWARE,
        family_knows="",
        consent=Consent.NOT_SOUGHT,
        consent_reason="Telling the family could put Ellie at greater risk tonight.",
        urgency=Urgency.URGENT,
        immediate_danger=False,
        harm_codes=["physical_abuse", "domestic_abuse"],
        indicator_codes=["unexplained_gifts_or_possessions"],
    )
    for name, value in overrides.items():
        setattr(details, name, value)
    return details


def child_described(world: World, **overrides: Any) -> services.ChildAsDescribed:
    child = world.allocated_child
    described = services.ChildAsDescribed(
        given_name=child.given_name,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        school_id=world.school.pk,
    )
    for name, value in overrides.items():
        setattr(described, name, value)
    return described


RaiseConcern = Callable[..., Contact]


@pytest.fixture
def raise_concern(world: World, today: date) -> RaiseConcern:
    """The school's DSL raises a concern about the allocated child (a pupil), unless told otherwise."""

    def _raise(actor_name: str = "school_dsl", **kwargs: Any) -> Contact:
        received = services.contact_receive(
            actor=world.user(actor_name),
            channel=kwargs.pop("channel", ContactChannel.PARTNER_PORTAL),
            child=kwargs.pop("child", None) or child_described(world),
            concern=kwargs.pop("concern", None) or concern_details(),
            **kwargs,
        )
        return received.contact

    return _raise


def through_the_pages(client: Client, data: dict[str, Any], start: str = "/concerns/new/") -> tuple[str, list[str]]:
    """Answer every page with `data` (each page keeps only its own questions), Continue after each; the check page's
    address, and the pages visited."""
    response = client.post(start, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    visited = [start]
    url = response["Location"]
    while "/check/" not in url:
        visited.append(url)
        page = client.get(url)
        if page.status_code == 302:  # a page with nothing to ask (no possible match)
            url = page["Location"]
            continue
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
        url = response["Location"]
    return url, visited
