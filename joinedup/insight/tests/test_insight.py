"""Disproportionality and the dashboards: the figures, who may see them (aggregates only), the pages with their
charts, tables and CSV, and the JSON API."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.episodes.models import CaseEpisode
from joinedup.insight import selectors
from joinedup.people.factories import ChildFactory
from joinedup.timescales.models import Deadline

TODAY = date(2026, 6, 1)


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel("2026-06-01 10:00:00+01:00", tick=False):
        yield TODAY


@pytest.fixture
def population(settings: Any) -> None:
    settings.JOINEDUP_CHILD_POPULATION = 10_000


def children_in_need(ethnicity: str, n: int, started_on: date = date(2025, 9, 1)) -> None:
    for _ in range(n):
        child = ChildFactory(ethnicity=ethnicity)
        CaseEpisodeFactory(child=child, started_on=started_on, referral_source="2A", tier="family_help")


def test_given_children_in_need_by_ethnicity_when_figures_are_read_then_rates_indices_and_suppression_follow(
    world: World, today: date, population: None
) -> None:
    children_in_need("WBRI", 30)  # White British: 5,990 children -> 50.1 per 10,000
    children_in_need("BAFR", 12)  # Black: 690 children -> 173.9 per 10,000
    children_in_need("AIND", 3)  # Asian: 3, under the threshold of 5: suppressed
    result = selectors.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", characteristic="ethnicity", stage="child_in_need"
    )
    cin = next(s for s in result.stages if s.stage == "child_in_need")
    groups = {g.group: g for g in cin.groups}
    assert groups["White British"].is_reference and groups["White British"].index == 1.0
    assert groups["White British"].rate == round(30 / 5990 * 10_000, 1)
    black = groups["Black"]
    assert black.count == 12 and black.rate == round(12 / 690 * 10_000, 1)
    expected = (12 / 690) / (30 / 5990)
    assert black.index == round(expected, 2)
    se = math.sqrt(1 / 12 - 1 / 690 + 1 / 30 - 1 / 5990)
    assert black.low == round(expected * math.exp(-1.96 * se), 2)
    assert black.high == round(expected * math.exp(1.96 * se), 2)
    assert black.low < black.index < black.high
    asian = groups["Asian"]
    assert asian.suppressed and asian.rate is None and asian.index is None
    # Five collection years of the chosen stage, oldest first; the latest complete one holds these children.
    assert [p.key for p in result.trend_years][-2:] == ["2026", "2027"]
    assert result.trend["White British"][-2] == groups["White British"].rate


def test_given_a_chosen_reference_group_when_figures_are_read_then_indices_are_against_it(
    world: World, today: date, population: None
) -> None:
    children_in_need("WBRI", 30)
    children_in_need("BAFR", 12)
    result = selectors.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", reference="Black", stage="child_in_need"
    )
    cin = next(s for s in result.stages if s.stage == "child_in_need")
    assert {g.group: g.index for g in cin.groups}["Black"] == 1.0


def test_given_a_team_filter_when_figures_are_read_then_only_that_teams_children_count(
    world: World, today: date, population: None
) -> None:
    children_in_need("WBRI", 6)
    CaseEpisodeFactory(
        child=world.allocated_child, started_on=date(2025, 9, 1), referral_source="2A", tier="family_help"
    )
    result = selectors.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", team_id=world.team_a.pk, stage="child_in_need"
    )
    assert next(s for s in result.stages if s.stage == "child_in_need").total == 1


def test_given_clocks_due_in_the_year_when_the_dashboard_is_read_then_timeliness_counts_on_time_of_due(
    world: World, today: date
) -> None:
    child = world.allocated_child
    for n, met in enumerate([date(2025, 6, 10), date(2025, 6, 30), None]):
        Deadline.objects.create(
            rule_code="single_assessment",
            interval="standard",
            child=child,
            subject_key=f"test:{n}",
            started_on=date(2025, 5, 1),
            due_on=date(2025, 6, 20),
            figure_applied="45 working days",
            met_on=met,
            team=world.team_a,
        )
    board = selectors.dashboard(actor=world.user("analyst"), today=today, period_key="2026")
    timeliness = next(m for m in board.measures if m.key == "timeliness")
    row = next(r for r in timeliness.rows if r.note == "single_assessment")
    # Three clocks are fewer than the disclosure threshold: a count, not a percentage (issue 19).
    assert (row.numerator, row.denominator, row.percent, row.figure) == (1, 3, None, "1 of 3")
    other_team = selectors.dashboard(
        actor=world.user("analyst"), today=today, period_key="2026", team_id=world.team_b.pk
    )
    assert next(m for m in other_team.measures if m.key == "timeliness").rows == []


def test_given_a_bad_period_when_figures_are_asked_for_then_it_is_a_field_error(world: World, today: date) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        selectors.dashboard(actor=world.user("analyst"), today=today, period_key="1999")
    assert "period" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["analyst", "team_manager"])
def test_given_an_analyst_or_manager_when_they_open_the_pages_then_charts_tables_and_csv_are_there(
    world: World, today: date, client_for: Any, persona: str, population: None
) -> None:
    children_in_need("WBRI", 8)
    client = client_for(persona)
    page = client.get("/insight/disproportionality/?characteristic=ethnicity&stage=child_in_need&period=2026")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="joinedup-chart"' in body and 'role="img"' in body and "<title id=" in body
    assert "White British (reference)" in body
    csv = client.get("/insight/disproportionality/?characteristic=ethnicity&period=2026&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Child in need,White British,5990,8," in csv.content.decode()
    board = client.get("/insight/?period=2026")
    assert board.status_code == 200
    assert "Timeliness of statutory clocks" in board.content.decode()
    assert (
        client.get("/insight/?period=2026&format=csv&measure=re_referrals")
        .content.decode()
        .startswith("Measure,Row,Count,Of,Percent")
    )


def test_given_a_bad_filter_on_the_page_then_the_error_summary_shows(
    world: World, today: date, client_for: Any
) -> None:
    body = client_for("analyst").get("/insight/?period=1999").content.decode()
    assert "There is a problem" in body and "Choose a period from the list" in body


@pytest.mark.parametrize("persona", ["social_worker", "school_dsl", "front_door"])
def test_given_a_practitioner_without_insight_when_they_open_the_pages_then_they_are_not_found(
    world: World, today: date, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    assert client.get("/insight/").status_code == 404
    assert client.get("/insight/disproportionality/").status_code == 404
    assert client.get("/api/v1/insight/dashboard/").status_code == 404


def test_given_the_disproportionality_page_when_read_then_its_queries_do_not_grow_with_the_children(
    world: World,
    today: date,
    client_for: Any,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
    population: None,
) -> None:
    client = client_for("analyst")
    url = "/insight/disproportionality/?characteristic=ethnicity&stage=child_in_need&period=2026"
    children_in_need("WBRI", 5)
    client.get(url)
    with django_assert_max_num_queries(26) as first:
        client.get(url)
    children_in_need("BAFR", 40)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_given_the_api_when_an_analyst_asks_then_the_figures_come_as_json(
    world: World, today: date, client_for: Any, population: None
) -> None:
    children_in_need("WBRI", 6)
    client = client_for("analyst")
    data = client.get("/api/v1/insight/disproportionality/?period=2026&stage=child_in_need").json()
    assert data["characteristic"] == "ethnicity" and data["reference"] == "White British"
    cin = next(s for s in data["results"] if s["stage"] == "child_in_need")
    assert next(g for g in cin["groups"] if g["group"] == "White British")["count"] == 6
    assert data["count"] == len(data["results"]) and data["next"] is None
    board = client.get("/api/v1/insight/dashboard/?period=2026").json()
    assert {m["key"] for m in board["results"]} >= {"timeliness", "re_referrals", "placement_stability", "care_leavers"}
    bad = client.get("/api/v1/insight/dashboard/?period=1999")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "period"


def test_given_leavers_and_looked_after_children_when_the_dashboard_is_read_then_every_measure_has_rows(
    world: World, today: date
) -> None:
    board = selectors.dashboard(actor=world.user("analyst"), today=today, period_key="12m")
    assert board.period.start == today - timedelta(days=365)
    keys = [m.key for m in board.measures]
    assert keys[:2] == ["timeliness", "re_referrals"] and keys[-2:] == ["placement_stability", "care_leavers"]


def test_given_postcodes_with_and_without_their_space_or_none_when_figures_are_by_area_then_each_district_counts(
    world: World, today: date, population: None
) -> None:
    """By postcode district: a postcode typed without its space (which the record accepts) is in its district, and a
    child with no postcode (no fixed address, or not known) is in the stage's total but in no district. Before, either
    made the database refuse the query ("negative substring length") and the page failed."""
    area = selectors.population.characteristics()["area"]
    district = area.reference
    for postcode in (f"{district} 4AP", f"{district}4AP", f"{district} 9ZZ", f"{district}9ZZ", f"{district} 1AA", ""):
        child = ChildFactory(postcode=postcode)
        CaseEpisodeFactory(child=child, started_on=date(2025, 9, 1), referral_source="2A", tier="family_help")
    result = selectors.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", characteristic="area", stage="child_in_need"
    )
    cin = next(s for s in result.stages if s.stage == "child_in_need")
    groups = {g.group: g for g in cin.groups}
    assert cin.total == 6
    assert groups[district].count == 5
    assert sum(g.count or 0 for g in cin.groups) == 5


def test_given_children_with_special_educational_needs_when_figures_are_by_send_then_each_child_counts_once(
    world: World, today: date, population: None
) -> None:
    """Read from each child's profile; a child with two episodes of need in the year is one child."""
    for need, n in (("ehc_plan", 6), ("sen_support", 5), ("none", 7)):
        for _ in range(n):
            child = ChildFactory(profile__special_educational_needs=need)
            CaseEpisodeFactory(child=child, started_on=date(2025, 9, 1), referral_source="2A", tier="family_help")
    twice = CaseEpisode.objects.filter(child__child_profile__special_educational_needs="ehc_plan").first()
    assert twice is not None
    CaseEpisodeFactory(
        child=twice.child, started_on=date(2025, 5, 1), closed_on=date(2025, 6, 1), closure_reason="RC1",
        referral_source="2A", tier="family_help",
    )  # fmt: skip
    result = selectors.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", characteristic="send", stage="child_in_need"
    )
    cin = next(s for s in result.stages if s.stage == "child_in_need")
    assert cin.total == 18
    assert {g.group: g.count for g in cin.groups} == {"EHC plan": 6, "SEN support": 5, "No SEN": 7}
