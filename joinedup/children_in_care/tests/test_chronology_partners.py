"""A looked-after child's multi-agency chronology as each reader sees it (issue 18): the foster carer sees the
placement and the missing episodes, the one they recorded under their own agency; the police contact the missing
episodes; neither the periods of care nor the reviews; the social worker everything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory
from joinedup.agencies.models import OrganisationType
from joinedup.agencies.roles import Role
from joinedup.children_in_care import services
from joinedup.chronology.registry import gather
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def _care(world: World, who: str) -> list[tuple[str, str, str]]:
    entries = gather(children=[world.allocated_child.pk], user=world.user(who)).entries
    return [(e.title, e.agency_label, e.organisation) for e in entries if e.source_key.startswith("children_in_care.")]


def test_carers_and_the_police_see_their_part_of_a_looked_after_childs_chronology(
    world: World, today: date, start_care: Callable[..., Any]
) -> None:
    start_care(date(2027, 6, 2))
    fostering = OrganisationFactory(name="Brightstart Fostering", organisation_type=OrganisationType.VOLUNTARY_SECTOR)
    world.other_health_visitor = carer = PractitionerFactory(
        user__username="foster.carer", role=Role.FOSTER_CARER, organisation=fostering
    )
    child = world.allocated_child
    InvolvementFactory(practitioner=carer, child=child, role=InvolvementRole.FOSTER_CARER)
    InvolvementFactory(practitioner=world.police_officer, child=child, role=InvolvementRole.POLICE_CONTACT)
    services.missing_episode_start(
        actor=carer.user, child=child, kind="M", started_at=datetime(2027, 11, 20, 22, 0, tzinfo=UTC)
    )
    placement = ("Placement began", "Children's social care", "")
    missing = ("Missing", "Voluntary and community sector", "Brightstart Fostering")
    assert _care(world, "other_health_visitor") == [placement, missing]
    assert _care(world, "police_officer") == [missing]
    worker = _care(world, "social_worker")
    assert worker[0] == ("Became looked after", "Children's social care", "") and worker[1:] == [placement, missing]
