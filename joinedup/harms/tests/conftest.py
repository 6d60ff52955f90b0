"""Harm taxonomy rows for every harms test. Migration harms 0002 loads them, but a transactional test (a browser
journey) empties every table when it ends, so tests sync them again (two reads when they are in step)."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.harms.services import harm_taxonomy_sync


@pytest.fixture(autouse=True)
def harm_taxonomy(db: Any) -> None:
    harm_taxonomy_sync()
