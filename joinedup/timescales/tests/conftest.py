"""Fixtures for timescales tests: a fixed "today" and a way to start deadlines (signed-in clients come from
`client_for` in core/tests/personas.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine

from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.models import Deadline

# "Today" in these tests: Wednesday 13 January 2027, 10:00 UK time (GMT).
TODAY = date(2027, 1, 13)


@pytest.fixture
def today() -> Any:
    with time_machine.travel("2027-01-13 10:00:00+00:00", tick=False):
        yield TODAY


@pytest.fixture
def start_deadline(world: World) -> Callable[..., Deadline]:
    """Start a clock for the allocated child as the social worker (the child's allocated worker)."""
    counter = iter(range(1, 10_000))

    def _start(rule_code: str, started_on: date, **kwargs: Any) -> Deadline:
        kwargs.setdefault("child", world.allocated_child)
        kwargs.setdefault("subject", f"test.event:{next(counter)}")
        actor = kwargs.pop("actor", world.user("social_worker"))
        return services.deadline_start(actor=actor, rule_code=rule_code, started_on=started_on, **kwargs)

    return _start
