"""The audit events the oversight services write, pinned (action, object type), and appended as each service's last
writes (issue 16, audit.services.audit_last): the service that writes after its first event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.core.tests.personas import World
from joinedup.oversight import services
from joinedup.timescales import services as timescales

from .test_allocation import _new_worker

pytestmark = pytest.mark.django_db


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_allocation_change_moving_the_workers_clocks(world: World) -> None:
    today = timezone.localdate()
    child = world.allocated_child
    timescales.deadline_start(
        actor=world.user("social_worker"),
        rule_code="single_assessment",
        child=child,
        subject="assessment-1",
        started_on=today - timedelta(days=5),
    )
    new_worker = _new_worker(world)
    with events() as written:
        services.allocation_change(
            actor=world.user("team_manager"),
            child=child,
            practitioner=new_worker,
            started_on=today,
            reason="Moving",
            reason_for_change="MANAGE",
        )
    assert written == ALLOCATION_CHANGE


ALLOCATION_CHANGE = [
    ("updated", "access.involvement"),
    ("created", "access.involvement"),
    ("updated", "timescales.deadline"),
]
