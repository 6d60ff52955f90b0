from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.children_in_care.tests.conftest import start_care  # noqa: F401 (a fixture, shared)
from joinedup.core.tests.personas import World
from joinedup.front_door.tests.conftest import harm_taxonomy, raise_concern, today  # noqa: F401 (fixtures, shared)
from joinedup.people.factories import ChildFactory, RelationshipFactory
from joinedup.people.models import Person


@dataclass
class Siblings:
    eldest: Person
    middle: Person
    youngest: Person

    @property
    def all(self) -> list[Person]:
        return [self.eldest, self.middle, self.youngest]


@pytest.fixture(autouse=True)
def document_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "documents"
    settings.CASE_RECORD_DOCUMENT_ROOT = root
    return root


@pytest.fixture
def siblings(world: World) -> Siblings:
    """Three brothers and sisters, all allocated to team A's social worker; the eldest is world.allocated_child."""
    eldest = world.allocated_child
    middle = ChildFactory(given_name="Jade", family_name="Marsden", date_of_birth=date(2018, 6, 1))
    youngest = ChildFactory(given_name="Leo", family_name="Marsden", date_of_birth=date(2021, 9, 9))
    for child in (middle, youngest):
        InvolvementFactory(
            practitioner=world.social_worker,
            child=child,
            team=world.team_a,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        )
    for a, b in ((eldest, middle), (eldest, youngest), (middle, youngest)):
        RelationshipFactory(from_person=a, to_person=b, relationship_type="sibling")
        RelationshipFactory(from_person=b, to_person=a, relationship_type="sibling")
    return Siblings(eldest, middle, youngest)
