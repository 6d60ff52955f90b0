"""Fixtures for Family Help tests: the harm taxonomy rows and a fixed "today" (Monday 15 March 2027)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from joinedup.harms.services import harm_taxonomy_sync

TODAY = date(2027, 3, 15)


@pytest.fixture(autouse=True)
def harm_taxonomy(db: Any) -> None:
    harm_taxonomy_sync()


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2027-03-15 10:00:00+00:00", tick=False):
        yield TODAY
