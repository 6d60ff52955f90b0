"""The care history's table rows made in Python: the words the page shows, and nothing a practitioner typed is
ever taken as markup."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from joinedup.children_in_care import presenters


class _Decisions(list[Any]):
    def all(self) -> list[Any]:
        return list(self)


def test_review_decisions_typed_by_a_practitioner_are_escaped_in_the_html_cell() -> None:
    review = SimpleNamespace(
        number=2,
        held_on=dt.date(2027, 3, 1),
        chair=SimpleNamespace(full_name="Iris Reviewer"),
        participation="PN1",
        permanence_plan="",
        decisions=_Decisions([SimpleNamespace(decision="<script>alert(1)</script> & stay")]),
    )
    (row,) = presenters.review_rows([review])  # type: ignore[list-item]
    assert row[0] == {"text": 2} and row[1] == {"text": "1 March 2027"} and row[2] == {"text": "Iris Reviewer"}
    assert row[3]["text"] == "PN1" and row[3]["attributes"]["title"]  # the code's meaning, from the field's choices
    html = str(row[5]["html"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; stay" in html
    assert html.startswith('<ul class="govuk-list govuk-list--bullet govuk-body-s"><li>')


def test_placements_say_where_and_when_and_why_they_changed() -> None:
    placement = SimpleNamespace(
        placement_type="U3",
        carer=SimpleNamespace(full_name="Jo Holloway"),
        setting_name="",
        postcode="LS1 4AP",
        is_in_authority=False,
        started_on=dt.date(2020, 1, 6),
        ended_on=None,
        reason_for_change="",
    )
    (row,) = presenters.placement_rows([placement])  # type: ignore[list-item]
    assert row[0]["text"].startswith("U3: ")
    assert row[1] == {"text": "Jo Holloway, LS1 4AP, out of the area"}
    assert row[2] == {"text": "6 January 2020 to now"} and row[3] == {"text": ""}


def test_a_missing_episode_offers_the_next_thing_to_record_only_to_those_who_may(db: Any) -> None:
    started = timezone.make_aware(dt.datetime(2027, 2, 1, 22, 15))
    ongoing = SimpleNamespace(pk=7, kind="M", started_at=started, ended_at=None, return_home_interview=None)
    ended = SimpleNamespace(
        pk=8, kind="A", started_at=started, ended_at=started + dt.timedelta(hours=5), return_home_interview=None
    )
    rows = presenters.missing_rows(
        [ongoing, ended],  # type: ignore[list-item]
        child_id=3,
        can_record_return=True,
        can_record_interview=True,
    )
    assert rows[0][2] == {"text": "Still missing"} and "Record the return" in str(rows[0][4]["html"])
    assert rows[1][3] == {"text": "Not recorded"} and "Record the interview" in str(rows[1][4]["html"])
    none = presenters.missing_rows(
        [ongoing, ended],  # type: ignore[list-item]
        child_id=3,
        can_record_return=False,
        can_record_interview=False,
    )
    assert [str(r[4]["html"]) for r in none] == ["", ""]
