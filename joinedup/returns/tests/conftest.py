"""Fixtures for returns: a fixed "today" after the 2025-26 year ends, and a looked-after child made through the
children in care services (so the SSDA903 is read from real records)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings

from joinedup.children_in_care import services as care
from joinedup.children_in_care.models import PeriodOfCare
from joinedup.core.tests.personas import World

TODAY = date(2026, 6, 1)

# The DfE validators run in their own environment (.venv-validators), which `make install` (and so `make test` and
# CI) always builds: a test that needs it is skipped only where it was not built, and says so.
requires_validators = pytest.mark.skipif(
    not (settings.JOINEDUP_DFE_VALIDATORS / "bin" / "python").exists(),
    reason=f"the DfE validators' environment is not built at {settings.JOINEDUP_DFE_VALIDATORS}: run make install",
)


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2026-06-01 10:00:00+01:00", tick=False):
        yield TODAY


@pytest.fixture
def looked_after(world: World) -> Callable[..., PeriodOfCare]:
    """The allocated child (or `child`) starts to be looked after on `started_on` in a foster placement at `postcode`,
    recorded by the social worker (or `actor`)."""

    def make(started_on: date, *, postcode: str = "LS6 2AB", home_postcode: str = "LS1 1AA", **kw: Any) -> PeriodOfCare:
        return care.looked_after_start(
            actor=kw.pop("actor", None) or world.user("social_worker"),
            child=kw.pop("child", world.allocated_child),
            details=care.LookedAfterStart(
                started_on=started_on,
                legal_status=kw.pop("legal_status", "C2"),
                category_of_need="N1",
                placement=care.PlacementDetails(
                    placement_type="U6",
                    provider="PR1",
                    carer_given_name="Margaret",
                    carer_family_name="Holloway",
                    postcode=postcode,
                    is_in_authority=True,
                ),
                care_plan_due_on=started_on,
                home_postcode=home_postcode,
                independent_reviewing_officer_id=world.iro.pk,
            ),
        )

    return make
