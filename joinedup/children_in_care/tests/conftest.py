"""Fixtures for children in care: a fixed "today" and a looked-after child made through the services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from joinedup.children_in_care import services
from joinedup.children_in_care.models import PeriodOfCare
from joinedup.core.tests.personas import World

# "Today" in these tests: Wednesday 1 December 2027, 10:00 UK time (GMT).
TODAY = date(2027, 12, 1)


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2027-12-01 10:00:00+00:00", tick=False):
        yield TODAY


def foster_placement(**overrides: Any) -> services.PlacementDetails:
    values: dict[str, Any] = {
        "placement_type": "U6",
        "provider": "PR1",
        "carer_given_name": "Margaret",
        "carer_family_name": "Holloway",
        "postcode": "LS6 2AB",
        "is_in_authority": True,
    }
    values.update(overrides)
    return services.PlacementDetails(**values)


@pytest.fixture
def start_care(world: World) -> Callable[..., PeriodOfCare]:
    """The allocated child (Ellie, born 27 March 2016) starts to be looked after, as the social worker, with the
    IRO appointed and the care plan due the day care starts (always inside the timescale) unless told otherwise."""

    def _start(started_on: date, **kwargs: Any) -> PeriodOfCare:
        child = kwargs.pop("child", world.allocated_child)
        actor = kwargs.pop("actor", world.user("social_worker"))
        placement = kwargs.pop("placement", None) or foster_placement(**kwargs.pop("placement_overrides", {}))
        details = services.LookedAfterStart(
            started_on=started_on,
            legal_status=kwargs.pop("legal_status", "C2"),
            category_of_need=kwargs.pop("category_of_need", "N1"),
            placement=placement,
            care_plan_due_on=kwargs.pop("care_plan_due_on", started_on),
            independent_reviewing_officer_id=kwargs.pop("iro_id", world.iro.pk),
            **kwargs,
        )
        return services.looked_after_start(actor=actor, child=child, details=details)

    return _start
