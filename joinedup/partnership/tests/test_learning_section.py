"""The yearly report's Learning section reads the learning app's summary for the year (issue 22)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from joinedup.learning.selectors import LearningSummary
from joinedup.partnership import learning

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def test_given_incidents_reviews_and_actions_then_the_section_counts_each_in_words(monkeypatch: Any) -> None:
    summary = LearningSummary(
        start=START,
        end=END,
        incidents_aware=3,
        incidents_notified=3,
        incidents_notified_on_time=2,
        rapid_reviews_completed=2,
        rapid_reviews_on_time=2,
        local_reviews_decided=1,
        actions_by_status={"open": 4, "overdue": 1, "completed": 2},
        actions_completed=2,
        themes=[("Babies", 2), ("Adultification", 1)],
    )
    asked: list[tuple[dt.date, dt.date]] = []

    def summary_of(*, start: dt.date, end: dt.date) -> LearningSummary:
        asked.append((start, end))
        return summary

    monkeypatch.setattr(learning, "learning_summary", summary_of)
    section = learning.learning_section(start=START, end=END)
    assert asked == [(START, END)]
    assert section.recorded
    counts = {c.label: (c.value, c.of) for c in section.counts}
    assert counts["Notified within 5 working days"] == (2, 3)
    assert counts["Rapid reviews within 15 working days"] == (2, 2)
    assert counts["Local child safeguarding practice reviews decided on"] == (1, None)
    assert section.actions_by_status == [("Open", 4), ("Overdue", 1), ("Completed", 2)]
    assert section.themes == [("Babies", 2), ("Adultification", 1)]
    assert section.url == "/learning/incidents/"


@pytest.mark.django_db
def test_given_nothing_recorded_in_the_year_then_the_section_says_so() -> None:
    section = learning.learning_section(start=START, end=END)
    assert not section.recorded
    assert section.actions_by_status == []
