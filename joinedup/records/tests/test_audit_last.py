"""The audit events the records services write, pinned (action, object type), and appended as each service's last
writes (issue 16, audit.services.audit_last): the services with the most writes after their first event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.core.tests.personas import World
from joinedup.people.codes import RelationshipType, Sex
from joinedup.people.factories import PersonFactory
from joinedup.records import services
from joinedup.records.services import FamilyMemberDetails, PersonDetails

pytestmark = pytest.mark.django_db


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_family_member_add_living_with_the_child(world: World) -> None:
    child = world.allocated_child
    child.postcode = child.postcode or "LS6 2AB"
    child.address = child.address or "1 Hyde Park Road, Leeds"
    child.save(update_fields=["postcode", "address"])
    with events() as written:
        services.family_member_add(
            actor=world.user("social_worker"),
            child=child,
            member=FamilyMemberDetails(relationship_type=RelationshipType.FATHER, lives_with_child=True),
            person=PersonDetails(given_name="Marcus", family_name="Campbell", date_of_birth=date(1990, 4, 2)),
            matches_reviewed=True,
        )
    assert written == FAMILY_MEMBER


def test_relationship_add_recording_the_father(world: World) -> None:
    father = PersonFactory(given_name="Marcus", family_name="Campbell", sex=Sex.MALE)
    with events() as written:
        services.relationship_add(
            actor=world.user("social_worker"),
            from_person=father,
            to_person=world.allocated_child,
            relationship_type=RelationshipType.FATHER,
            has_parental_responsibility=True,
        )
    assert written == FATHER


FAMILY_MEMBER = [
    ("created", "people.person"),
    ("created", "people.relationship"),
    ("updated", "people.childprofile"),
    ("created", "people.household"),
    ("updated", "people.household"),
]
FATHER = [("created", "people.relationship"), ("updated", "people.childprofile")]
