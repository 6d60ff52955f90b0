"""Insight: an analyst reads the timeliness dashboard and the disproportionality page (charts with their tables
beside them, filters by period and team), aggregates only; axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.episodes.models import CaseEpisode
from joinedup.people.factories import ChildFactory
from joinedup.timescales import services as timescales_services

from .steps import then_the_heading_is

pytestmark = pytest.mark.browser


# Given


def given_children_in_need_and_clocks(world: Any) -> None:
    """Twelve White British and seven Black African children in need this year; a statutory clock met and one
    overdue for the allocated child."""
    today = timezone.localdate()
    for ethnicity, n in (("WBRI", 12), ("BAFR", 7)):
        for _ in range(n):
            child = ChildFactory(ethnicity=ethnicity)
            CaseEpisode.objects.create(
                child=child, started_on=today - timedelta(days=60), referral_source="2A", tier="family_help"
            )
    for rule_code, started_on in (("contact_decision", today - timedelta(days=30)), ("single_assessment", today)):
        timescales_services.deadline_start(
            actor=world.user("social_worker"),
            rule_code=rule_code,
            child=world.allocated_child,
            subject=f"e2e.insight:{rule_code}",
            started_on=started_on,
        )


# Journeys


def test_an_analyst_reads_the_timeliness_dashboard_and_the_disproportionality_page(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_children_in_need_and_clocks(world)
    sign_in_as(world.user("analyst"))
    page.goto("/")
    page.get_by_role("link", name="Insight", exact=True).click()
    then_the_heading_is(page, "Dashboards")
    expect(page.get_by_role("heading", name="Timeliness of statutory clocks")).to_be_visible()
    chart = page.get_by_role("img", name="Timeliness of statutory clocks")
    expect(chart).to_be_visible()
    timeliness = page.get_by_role("table", name="Timeliness of statutory clocks")
    expect(timeliness.get_by_role("row").filter(has_text="Front door decides next steps")).to_contain_text("0")
    expect(page.get_by_role("link", name="Download every figure (CSV)")).to_be_visible()
    expect(page.get_by_text(world.allocated_child.full_name)).to_have_count(0)  # aggregates only
    screenshot(page, "insight-dashboards")
    assert_accessible(page)

    page.get_by_label("Team").select_option(label=world.team_a.name)
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards")
    expect(page.get_by_text(f"and {world.team_a.name}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Disproportionality").first.click()
    then_the_heading_is(page, "Disproportionality")
    page.get_by_label("Stage for the charts and the trend").select_option(label="Child in need")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("img", name="Child in need: rate per 10,000 children by ethnicity")).to_be_visible()
    table = page.get_by_role("table", name="Child in need by ethnicity")
    expect(table.get_by_role("row").filter(has_text="White British (reference)")).to_contain_text("12")
    expect(table.get_by_role("row").filter(has_text="Black")).to_contain_text("7")
    expect(table.get_by_role("row").filter(has_text="Asian")).to_contain_text("fewer than 5")
    expect(page.get_by_role("table", name="Rate per 10,000 by collection year (ending 31 March)")).to_be_visible()
    screenshot(page, "insight-disproportionality")
    assert_accessible(page)
