"""Family Help's local visiting rule met by the one visit (issue 18): opening Family Help starts each child's
family_help_visit clock; a visit at which the child was seen meets it and starts the next from the visit; a child
not seen meets nothing; a late visit needs a reason; closing Family Help withdraws the clock."""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.core.errors import DomainValidationError
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import ClosureReason
from joinedup.family_help import services
from joinedup.timescales.calendar import CALENDAR
from joinedup.timescales.models import Deadline
from joinedup.visits import services as visits
from joinedup.visits.models import VisitChild

from .builders import open_case

RULE = "family_help_visit"
OPENED = date(2027, 2, 2)  # builders.open_case


def _visit(world: World, child_id: int, on: date, *, seen: bool, late_reason: str = "") -> None:
    visits.visit_record(
        actor=world.user("social_worker"),
        details=visits.VisitDetails(visited_on=on, kind="home", account="Home visit", late_reason=late_reason),
        children=[
            visits.ChildAnswers(
                child_id, seen=seen, seen_alone=seen, reason_not_seen="" if seen else "Out with friends"
            )
        ],
    )


def test_opening_family_help_starts_each_childs_visit_clock(world: World, today: date) -> None:
    case = open_case(world)
    clock = Deadline.objects.get(child=case.child, rule_code=RULE)
    assert clock.started_on == OPENED
    assert clock.due_on == CALENDAR.add_working_days(OPENED, 20) == date(2027, 3, 2)
    assert clock.met_on is None


def test_a_visit_seeing_the_child_meets_the_clock_and_starts_the_next_and_closing_withdraws_it(
    world: World, today: date
) -> None:
    case = open_case(world)
    child = case.child
    first = Deadline.objects.get(child=child, rule_code=RULE)
    _visit(world, child.pk, date(2027, 2, 22), seen=False)  # not seen: the clock keeps running
    first.refresh_from_db()
    assert first.met_on is None
    _visit(world, child.pk, date(2027, 3, 1), seen=True)
    first.refresh_from_db()
    assert first.met_on == date(2027, 3, 1)
    running = Deadline.objects.get(child=child, rule_code=RULE, met_on__isnull=True)
    assert running.started_on == date(2027, 3, 1)
    assert running.due_on == CALENDAR.add_working_days(date(2027, 3, 1), 20)
    services.family_help_close(
        actor=world.user("social_worker"),
        case=case,
        closed_on=date(2027, 3, 12),
        closure_reason=ClosureReason.SERVICES_CEASED,
    )
    assert not Deadline.objects.filter(pk=running.pk).exists()  # withdrawn: deleted, its values in the audit trail
    assert not Deadline.objects.filter(child=child, rule_code=RULE, met_on__isnull=True).exists()
    # After Family Help closed, a visit starts no Family Help clock.
    _visit(world, child.pk, date(2027, 3, 15), seen=True)
    assert not Deadline.objects.filter(child=child, rule_code=RULE, met_on__isnull=True).exists()


def test_a_visit_after_the_due_date_needs_a_reason_and_saves_nothing_without_one(world: World, today: date) -> None:
    case = open_case(world)
    with pytest.raises(DomainValidationError) as raised:
        _visit(world, case.child.pk, date(2027, 3, 10), seen=True)
    assert "late_reason" in raised.value.message_dict
    assert Deadline.objects.get(child=case.child, rule_code=RULE).met_on is None
    assert not VisitChild.objects.filter(child=case.child).exists()
    _visit(world, case.child.pk, date(2027, 3, 10), seen=True, late_reason="The family were away")
    met = Deadline.objects.get(child=case.child, rule_code=RULE, started_on=OPENED)
    assert (met.met_on, met.late_reason) == (date(2027, 3, 10), "The family were away")


def test_a_visit_to_a_child_not_in_family_help_starts_no_family_help_clock(world: World, today: date) -> None:
    _visit(world, world.allocated_child.pk, date(2027, 3, 1), seen=True)
    assert not Deadline.objects.filter(rule_code=RULE).exists()
