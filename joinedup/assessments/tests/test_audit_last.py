"""The audit events the assessment services write, pinned (action, object type), and appended as each service's
last writes (issue 16, audit.services.audit_last): the services with the most writes after their first event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from joinedup.assessments import services
from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.core.tests.personas import World

from .test_expected_date import LATER, unborn_with_work
from .test_services_assessment import _complete, _started

pytestmark = pytest.mark.django_db


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_single_assessment_authorise_closing_the_episode(world: World, today: date) -> None:
    assessment = _started(world)
    _complete(world, assessment, outcome="no_further_action")
    with events() as written:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
        )
    assert written == AUTHORISE_NFA


def test_expected_date_of_delivery_change(world: World, today: date) -> None:
    unborn, _ = unborn_with_work(world, today)
    with events() as written:
        services.expected_date_of_delivery_change(
            actor=world.user("social_worker"), child=unborn, expected_date_of_delivery=LATER
        )
    assert written == EXPECTED_DATE


AUTHORISE_NFA = [
    ("updated", "assessments.singleassessment"),
    ("updated", "timescales.deadline"),
    ("updated", "episodes.caseepisode"),
]
EXPECTED_DATE = [
    ("updated", "people.childprofile"),
    ("updated", "assessments.singleassessment"),
    ("updated", "timescales.deadline"),
]
