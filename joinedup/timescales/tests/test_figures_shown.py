"""What pages say of a timescale: `figure_in_force` (the rule with the local figure in force) and `due_by` (the
Deadline row a service started), so a changed local figure shows wherever a page names it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import deadline_for, due_by, figure_in_force

pytestmark = pytest.mark.django_db


def _change(world: World, rule_code: str, interval: str, figure: int, effective_from: date) -> None:
    services.local_rule_setting_change(
        actor=world.user("administrator"),
        rule_code=rule_code,
        interval=interval,
        figure=figure,
        effective_from=effective_from,
    )


def test_the_figure_in_force_is_the_rules_until_a_local_figure_takes_effect(world: World, today: date) -> None:
    assert figure_in_force("transfer_in_conference") == "15 working days"
    assert figure_in_force("pre_birth_conference", interval="conference") == "by 32 weeks of pregnancy"
    assert figure_in_force("information_request", interval="urgent") == "1 working day"
    _change(world, "transfer_in_conference", "standard", 20, date(2027, 2, 1))
    assert figure_in_force("transfer_in_conference") == "15 working days"  # not yet in force today
    assert figure_in_force("transfer_in_conference", on=date(2027, 2, 1)) == "20 working days"
    _change(world, "pre_birth_conference", "conference", 30, today)
    assert figure_in_force("pre_birth_conference", interval="conference") == "by 30 weeks of pregnancy"


def test_due_by_reads_the_deadline_the_service_started(
    world: World, today: date, start_deadline: Callable[..., Deadline]
) -> None:
    child = world.allocated_child
    assert deadline_for(child, "transfer_in_conference") is None
    assert due_by(child, "transfer_in_conference") == "within 15 working days"
    _change(world, "transfer_in_conference", "standard", 12, today)
    deadline = start_deadline("transfer_in_conference", today, subject=child)
    assert deadline_for(child, "transfer_in_conference") == deadline
    # Wednesday 13 January 2027 + 12 working days: Friday 29 January.
    assert due_by(child, "transfer_in_conference") == "within 12 working days, by 29 January 2027"


def test_due_by_names_the_hour_of_a_clock_in_hours(
    world: World, today: date, start_deadline: Callable[..., Deadline]
) -> None:
    child: Any = world.allocated_child
    start_deadline("return_home_interview", today, subject=child)
    assert due_by(child, "return_home_interview") == "within 72 hours, by 16 January 2027 at 00:00"
