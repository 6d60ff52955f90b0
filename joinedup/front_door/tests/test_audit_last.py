"""The audit events the front door services write, pinned (action, object type), and appended as each service's
last writes (issue 16, audit.services.audit_last): the services with the most writes after their first event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from joinedup.agencies.models import Practitioner
from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.core.tests.personas import World
from joinedup.front_door import services

from .conftest import RaiseConcern
from .test_services_decisions import confirmed, decide

pytestmark = pytest.mark.django_db


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_contact_decision_sign_off_opening_family_help(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    decision = decide(world, confirmed(world, raise_concern()))
    with events() as written:
        services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    assert written == SIGN_OFF


def test_contact_child_confirm(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern()
    with events() as written:
        services.contact_child_confirm(
            actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
        )
    assert written == CONFIRM


def test_contact_child_create(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern(
        child=services.ChildAsDescribed(given_name="Noah", family_name="Achterberg", date_of_birth=date(2019, 6, 2))
    )
    with events() as written:
        services.contact_child_create(actor=world.user("front_door"), contact=contact)
    assert written == CREATE


SIGN_OFF = [
    ("updated", "timescales.deadline"),
    ("updated", "front_door.contactdecision"),
    ("created", "timescales.deadline"),
    ("created", "episodes.caseepisode"),
    ("created", "front_door.referral"),
    ("created", "timescales.deadline"),
    ("updated", "timescales.deadline"),
    ("created", "front_door.referrerfeedback"),
]
CONFIRM = [
    ("updated", "front_door.contact"),
    ("created", "timescales.deadline"),
    ("created", "harms.childriskindicator"),
]
CREATE = [
    ("created", "people.person"),
    ("created", "people.childprofile"),
    ("updated", "front_door.contact"),
    ("created", "timescales.deadline"),
    ("created", "harms.childriskindicator"),
]
