"""The yearly report's Learning section, read from the learning app (serious incident notifications, rapid reviews,
local child safeguarding practice reviews and learning actions, issue 22 items 1 to 3) when it is installed.

The learning app stands below this one (ARCHITECTURE.md: learning/ in the domain layer), so this app may read its
public selector: ``joinedup.learning.selectors.learning_summary(*, start, end)``, which answers counts for the
period (a dataclass, no child identified). What this section reads from it, by name:

    incidents_notified: int            serious incidents notified to the Panel in the period
    incidents_notified_on_time: int    of those, notified within 5 working days of becoming aware
    rapid_reviews: int                 rapid reviews completed in the period
    rapid_reviews_on_time: int         of those, within 15 working days
    local_reviews_decided: int         decisions that a local child safeguarding practice review is needed
    local_reviews_published: int       local reviews published in the period
    actions_by_status: dict[str, int]  learning actions by status, in words ("Completed": 3, "Overdue": 1, ...)
    themes: dict[str, int]             themes across the reviews ("Babies": 2, "Adultification": 1, ...)
    url: str (optional)                the learning page the figures come from

Until the app is installed, the section says plainly that no review data is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps

LEARNING_APP = "joinedup.learning"


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    of: int | None = None  # "3 of 4 on time"


@dataclass
class LearningSection:
    recorded: bool  # False: the learning app is not installed, so no review data is recorded
    counts: list[Count] = field(default_factory=list)
    actions_by_status: list[tuple[str, int]] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)
    url: str = ""


def _int(summary: Any, name: str) -> int | None:
    value = getattr(summary, name, None)
    return int(value) if isinstance(value, int) else None


def learning_section(*, start: dt.date, end: dt.date) -> LearningSection:
    """The Learning section's figures for the period, or a section that says no review data is recorded."""
    if not apps.is_installed(LEARNING_APP):
        return LearningSection(recorded=False)
    summary = import_module(f"{LEARNING_APP}.selectors").learning_summary(start=start, end=end)
    counts: list[Count] = []
    for label, name, of in (
        ("Serious incidents notified to the Child Safeguarding Practice Review Panel", "incidents_notified", None),
        ("Notified within 5 working days", "incidents_notified_on_time", "incidents_notified"),
        ("Rapid reviews", "rapid_reviews", None),
        ("Rapid reviews within 15 working days", "rapid_reviews_on_time", "rapid_reviews"),
        ("Local child safeguarding practice reviews decided on", "local_reviews_decided", None),
        ("Local child safeguarding practice reviews published", "local_reviews_published", None),
    ):
        value = _int(summary, name)
        if value is not None:
            counts.append(Count(label, value, _int(summary, of) if of else None))
    return LearningSection(
        recorded=True,
        counts=counts,
        actions_by_status=list(dict(getattr(summary, "actions_by_status", {}) or {}).items()),
        themes=list(dict(getattr(summary, "themes", {}) or {}).items()),
        url=str(getattr(summary, "url", "") or ""),
    )
