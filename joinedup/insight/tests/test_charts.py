"""Charts a partnership board can read (issue 19, item 9): the project's sans-serif font, whole labels, the relative
rate index with its 95% intervals and a line at 1.0 (none for the reference group), small groups as counts, and the
team filter listing casework teams only."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from joinedup.agencies.factories import TeamFactory
from joinedup.agencies.models import TeamType
from joinedup.core.tests.personas import World
from joinedup.insight import charts, population, selectors

from .test_insight import children_in_need


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2026-06-01 10:00:00+01:00", tick=False):
        yield date(2026, 6, 1)


@pytest.fixture
def child_population(settings: Any) -> None:
    settings.JOINEDUP_CHILD_POPULATION = 10_000


def test_charts_use_the_projects_sans_serif_font() -> None:
    svg = str(charts.bar_chart("c", "Title", "Description", [charts.Bar("A", 1.0, "1")]))
    assert 'font-family="helvetica, arial, sans-serif"' in svg
    assert 'serif"' not in svg.replace("sans-serif", "")


def test_a_long_label_is_whole_on_several_lines_never_cut_short() -> None:
    label = "Review health assessments on time for children in care"
    svg = str(charts.bar_chart("c", "Title", "Description", [charts.Bar(label, 50.0, "50%")], maximum=100))
    assert "…" not in svg
    lines = re.findall(r"<tspan [^>]*>([^<]*)</tspan>", svg)
    assert len(lines) > 1 and " ".join(lines) == label


def test_the_index_chart_has_a_line_at_one_intervals_and_none_for_the_reference_or_suppressed_groups() -> None:
    svg = str(
        charts.index_chart(
            "i",
            "Referral: relative rate index against White British, with 95% confidence intervals",
            "1.0 means the same rate.",
            [
                charts.Interval("White British", 1.0, None, None, "1.0 (reference)"),
                charts.Interval("Black", 2.48, 1.25, 4.9, "2.48 (1.25 to 4.9)"),
                charts.Interval("Asian", None, None, None, "fewer than 5 children"),
            ],
            "White British",
        )
    )
    assert 'stroke-dasharray="4 3"' in svg and "1.0: the same rate as White British" in svg
    scale = charts.PLOT_WIDTH / 4.9
    one = f'x1="{charts.LABEL_WIDTH + scale:.1f}" y1="0"'
    assert one in svg  # the reference line sits at 1.0 on the scale
    intervals = re.findall(r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="\1" stroke="#0b0c0c"', svg)
    assert len(intervals) == 1  # Black's only: none for the reference group, none for the suppressed group
    assert svg.count("<circle") == 2  # the reference group's dot on the line, and Black's
    assert "fewer than 5 children" in svg


def test_the_rate_ratio_interval_is_katzs_log_method() -> None:
    low, high = selectors.rate_ratio_interval(12, 690, 30, 5990)
    ratio = (12 / 690) / (30 / 5990)
    se = math.sqrt(1 / 12 - 1 / 690 + 1 / 30 - 1 / 5990)
    assert low == pytest.approx(ratio * math.exp(-1.959964 * se))
    assert high == pytest.approx(ratio * math.exp(1.959964 * se))


def test_the_reference_group_has_no_interval_of_its_own(world: World, today: date, child_population: None) -> None:
    children_in_need("WBRI", 30)
    children_in_need("BAFR", 12)
    result = selectors.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", characteristic="ethnicity", stage="child_in_need"
    )
    groups = {g.group: g for g in next(s for s in result.stages if s.stage == "child_in_need").groups}
    reference = groups["White British"]
    assert reference.index == 1.0 and reference.low is None and reference.high is None
    assert groups["Black"].low is not None and groups["Black"].high is not None


def test_the_page_heads_the_index_chart_and_shows_the_reference_without_an_interval(
    world: World, today: date, client_for: Any, child_population: None
) -> None:
    children_in_need("WBRI", 30)
    children_in_need("BAFR", 12)
    body = (
        client_for("analyst")
        .get("/insight/disproportionality/?characteristic=ethnicity&stage=child_in_need&period=2026")
        .content.decode()
    )
    assert "Relative rate index against White British, with 95% confidence intervals</h3>" in body
    assert "1.0 (reference)" in body
    assert "1.0 (1.0 to" not in body and "1 (1.0" not in body


@pytest.mark.parametrize(("numerator", "denominator", "figure"), [(2, 3, "2 of 3"), (0, 4, "0 of 4")])
def test_a_small_group_is_a_count_never_a_percentage(numerator: int, denominator: int, figure: str) -> None:
    assert denominator < population.suppress_below()
    row = selectors.Row("Re-referrals", numerator, denominator)
    assert row.small and row.percent is None and row.figure == figure
    svg = str(charts.bar_chart("c", "T", "D", [charts.Bar(row.label, row.percent, row.figure)], maximum=100))
    assert figure in svg and re.search(r">[^<]*\d%[^<]*<", svg) is None


def test_a_group_at_the_threshold_is_a_percentage() -> None:
    n = population.suppress_below()
    row = selectors.Row("Re-referrals", 1, n * 2)
    assert not row.small and row.figure == f"{row.percent}%"


def test_the_team_filter_lists_casework_teams_only(world: World) -> None:
    performance = TeamFactory(
        name="Performance and insight", organisation=world.local_authority, team_type=TeamType.PERFORMANCE
    )
    listed = selectors.teams()
    assert world.team_a in listed and world.front_door_team in listed
    assert performance not in listed
    assert all(t.team_type in selectors.CASEWORK_TEAM_TYPES for t in listed)
    with pytest.raises(ValidationError):
        selectors.team_get(performance.pk)
