"""The yearly report's Learning section, read from the learning app (serious incident notifications, rapid reviews,
local child safeguarding practice reviews and learning actions, issue 22 items 1 to 3) through its public selector
``learning.selectors.learning_summary(start=, end=)``: counts for the period, naming no child."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse

from joinedup.learning.selectors import learning_summary


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    of: int | None = None  # "3 of 4 on time"


@dataclass
class LearningSection:
    recorded: bool  # False: nothing at all was recorded in the period (no incident, review or action)
    counts: list[Count] = field(default_factory=list)
    actions_by_status: list[tuple[str, int]] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)
    url: str = ""


# The learning actions' statuses, in words and in this order.
ACTION_STATUSES = (("open", "Open"), ("overdue", "Overdue"), ("completed", "Completed"))


def learning_section(*, start: dt.date, end: dt.date) -> LearningSection:
    """The Learning section's figures for the period."""
    s = learning_summary(start=start, end=end)
    counts = [
        Count("Serious incidents the partnership became aware of", s.incidents_aware),
        Count("Serious incidents notified to the Child Safeguarding Practice Review Panel", s.incidents_notified),
        Count("Notified within 5 working days", s.incidents_notified_on_time, s.incidents_notified),
        Count("Rapid reviews sent to the Panel", s.rapid_reviews_completed),
        Count("Rapid reviews within 15 working days", s.rapid_reviews_on_time, s.rapid_reviews_completed),
        Count("Local child safeguarding practice reviews decided on", s.local_reviews_decided),
        Count("Local child safeguarding practice reviews published", s.local_reviews_published),
        Count("Published within 6 months", s.local_reviews_published_on_time, s.local_reviews_published),
        Count("Local reviews not published, with the reason recorded", s.local_reviews_not_published),
        Count("Learning actions completed in the year", s.actions_completed),
    ]
    statuses = [(label, s.actions_by_status.get(key, 0)) for key, label in ACTION_STATUSES]
    recorded = any(c.value for c in counts) or any(n for _, n in statuses)
    return LearningSection(
        recorded=recorded,
        counts=counts,
        actions_by_status=statuses if any(n for _, n in statuses) else [],
        themes=list(s.themes),
        url=reverse("learning:incidents"),
    )
