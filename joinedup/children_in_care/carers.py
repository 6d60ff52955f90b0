"""The carers a looked-after child lives with, from the placement record, for the apps that offer them as
participants in safeguarding work without importing children in care (joinedup/core/carers.py)."""

from __future__ import annotations

from joinedup.core.carers import CarerSource

from .selectors import childs_carers

CARER_SOURCES: list[CarerSource] = [childs_carers]
