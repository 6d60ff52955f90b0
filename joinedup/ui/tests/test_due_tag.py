"""The one due/overdue tag (ui/due.html, issue 19): the same words and GOV.UK tag colour wherever something is due,
and the pages that had their own "Overdue" tag use it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import engines

TODAY = date(2026, 12, 7)


def tag(due_on: date, **kwargs: bool) -> str:
    template = engines["jinja2"].from_string(
        '{% from "ui/due.html" import due_tag %}{{ due_tag(due_on, today, **kwargs) }}'
    )
    return re.sub(r"\s+", " ", template.render({"due_on": due_on, "today": TODAY, "kwargs": kwargs})).strip()


@pytest.mark.parametrize(
    ("days", "text", "colour"),
    [
        (-3, "Overdue by 3 days", "red"),
        (-1, "Overdue by 1 day", "red"),
        (0, "Due today", "orange"),
        (1, "Due in 1 day", "blue"),
        (7, "Due in 7 days", "blue"),
        (8, "Due in 8 days", "grey"),
    ],
)
def test_the_tag_says_how_long_until_due_or_how_long_overdue(days: int, text: str, colour: str) -> None:
    html = tag(TODAY + timedelta(days=days))
    assert f"govuk-tag--{colour}" in html
    assert re.search(rf">\s*{text}\s*<", html)


def test_quiet_shows_only_what_needs_someone_now() -> None:
    assert tag(TODAY + timedelta(days=3), quiet=True) == ""
    assert "Due today" in tag(TODAY, quiet=True)
    assert "Overdue by 2 days" in tag(TODAY - timedelta(days=2), quiet=True)


SWITCHED = [
    "assessments/jinja2/assessments/assessment.html",
    "care_leavers/jinja2/care_leavers/care_leavers.html",
    "care_leavers/jinja2/care_leavers/leaving_care.html",
    "case_record/jinja2/case_record/supervision.html",
    "children_in_care/jinja2/children_in_care/care_history.html",
    "children_in_care/jinja2/children_in_care/children_in_care.html",
    "chronology/jinja2/chronology/summary.html",
]


@pytest.mark.parametrize("path", SWITCHED)
def test_these_pages_say_due_and_overdue_with_the_one_tag(path: str) -> None:
    source = (Path(__file__).parents[2] / path).read_text()
    assert '{% from "ui/due.html" import due_tag %}' in source
    assert 'govukTag({"text": "Overdue"' not in source
