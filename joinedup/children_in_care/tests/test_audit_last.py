"""The audit events the children in care services write, pinned (action, object type), and appended as each
service's last writes (issue 16, audit.services.audit_last): the services with the most writes after their first
event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.children_in_care import services
from joinedup.core.tests.personas import World

from .test_clocks import StartCare
from .test_services_periods import move, plan

pytestmark = pytest.mark.django_db


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_looked_after_start(world: World, today: date, start_care: StartCare) -> None:
    with events() as written:
        start_care(date(2027, 6, 1))
    assert written == START


def test_placement_move(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 6, 1))
    plan(world, world.allocated_child, date(2027, 6, 4))
    with events() as written:
        move(world, world.allocated_child, date(2027, 8, 2))
    assert written == MOVE


def test_looked_after_end(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 6, 1))
    plan(world, world.allocated_child, date(2027, 6, 4))
    with events() as written:
        services.looked_after_end(
            actor=world.user("social_worker"),
            child=world.allocated_child,
            ended_on=date(2027, 11, 29),
            reason_ceased="E11",
        )
    assert written == END


START = [
    ("created", "children_in_care.periodofcare"),
    ("created", "children_in_care.legalstatus"),
    ("created", "access.involvement"),
    ("created", "people.person"),
    ("created", "people.relationship"),
    ("created", "children_in_care.placement"),
    ("created", "timescales.deadline"),
    ("created", "timescales.deadline"),
    ("created", "children_in_care.careepisode"),
    ("updated", "people.childprofile"),
    ("created", "timescales.deadline"),
    ("created", "timescales.deadline"),
    ("created", "timescales.deadline"),
    ("created", "timescales.deadline"),
]
MOVE = [
    ("updated", "children_in_care.placement"),
    ("deleted", "timescales.deadline"),
    ("deleted", "timescales.deadline"),
    ("updated", "people.relationship"),
    ("updated", "children_in_care.careepisode"),
    ("created", "people.person"),
    ("created", "people.relationship"),
    ("created", "children_in_care.placement"),
    ("created", "timescales.deadline"),
    ("created", "timescales.deadline"),
    ("created", "children_in_care.careepisode"),
]
END = [
    ("updated", "children_in_care.placement"),
    ("deleted", "timescales.deadline"),
    ("deleted", "timescales.deadline"),
    ("updated", "people.relationship"),
    ("updated", "children_in_care.legalstatus"),
    ("updated", "children_in_care.careepisode"),
    ("updated", "children_in_care.periodofcare"),
    ("deleted", "timescales.deadline"),
    ("deleted", "timescales.deadline"),
    ("deleted", "timescales.deadline"),
    ("updated", "people.childprofile"),
]
