"""Fixtures for bringing in history: a fixed "today" after the 2025-26 collection year, the administrator who runs
the imports, and a count of every table (an import that is rejected, a dry run or a second run leaves every one
exactly as it was)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps

from joinedup.core.tests.personas import World

DATA = Path(__file__).parent / "data"


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2026-06-01 10:00:00+01:00", tick=False):
        yield date(2026, 6, 1)


@pytest.fixture
def admin(world: World) -> Any:
    """The administrator, and the social worker the SSDA903 file names by Social Work England number."""
    world.social_worker.social_work_england_number = "SW104523"
    world.social_worker.save(update_fields=["social_work_england_number"])
    return world.administrator.user


def table_counts() -> dict[str, int]:
    """Every table's row count, by model."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
