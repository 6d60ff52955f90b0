"""The audit events the care leavers services write, pinned (action, object type), and appended as each service's
last writes (issue 16, audit.services.audit_last): the services with the most writes after their first event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.care_leavers import services
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice

from .test_services import PATHWAY, young_person

pytestmark = pytest.mark.django_db
__all__ = ["young_person"]


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_eligible_child_record_and_needs_assessment_record(world: World, young_person: Any) -> None:
    actor = world.user("social_worker")
    with events() as eligible:
        services.eligible_child_record(actor=actor, child=young_person, became_eligible_on=date(2026, 3, 1))
    with events() as assessed:
        services.needs_assessment_record(actor=actor, child=young_person, completed_on=date(2026, 5, 20))
    assert (eligible, assessed) == (ELIGIBLE, NEEDS_ASSESSMENT)


def test_pathway_plan_record_and_review(world: World, young_person: Any) -> None:
    actor = world.user("social_worker")
    with events() as planned:
        services.pathway_plan_record(
            actor=actor,
            child=young_person,
            details=services.PathwayPlanDetails(
                voice=ChildVoice(words="I want to go to college in September."), agreed_on=PATHWAY[0][0]
            ),
        )
    with events() as reviewed:
        services.pathway_plan_review_record(actor=actor, child=young_person, reviewed_on=PATHWAY[1][0])
    assert (planned, reviewed) == (PATHWAY_PLAN, PATHWAY_REVIEW)


ELIGIBLE = [
    ("created", "care_leavers.careleaver"),
    ("created", "timescales.deadline"),  # the needs assessment
    ("created", "timescales.deadline"),  # the personal adviser's contact (issue 18)
]
NEEDS_ASSESSMENT = [("created", "care_leavers.needsassessment"), ("updated", "timescales.deadline")]
PATHWAY_PLAN = [("created", "care_leavers.pathwayplan"), ("created", "timescales.deadline")]
PATHWAY_REVIEW = [
    ("created", "care_leavers.pathwayplanreview"),
    ("updated", "timescales.deadline"),
    ("created", "timescales.deadline"),
]
