"""Statutory timescales: a worker's "My work", their manager's team view and the worker's list from it, the
authority's timeliness and the local timescale settings."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.timescales import services as timescales_services

from .steps import then_the_heading_is

pytestmark = pytest.mark.browser

HORIZONS = ["Overdue", "Due today", "Due this week", "Later"]


# Given


def given_the_social_worker_carries_an_overdue_and_a_later_deadline(world: Any) -> None:
    """For the allocated child: a front door decision (1 working day) whose clock started 30 days ago, and a
    child and family assessment (45 working days) whose clock started today. Figures come from the rule data."""
    today = timezone.localdate()
    for rule_code, started_on in (("contact_decision", today - timedelta(days=30)), ("single_assessment", today)):
        timescales_services.deadline_start(
            actor=world.user("social_worker"),
            rule_code=rule_code,
            child=world.allocated_child,
            subject=f"e2e.referral:{rule_code}",
            started_on=started_on,
        )


# Then


def then_the_work_is_grouped(page: Page, counts: dict[str, int]) -> None:
    headings = page.get_by_role("heading", level=2)
    for horizon in HORIZONS:
        expect(headings.filter(has_text=re.compile(rf"^{horizon} \(\d+\)$"))).to_have_text(
            f"{horizon} ({counts.get(horizon, 0)})"
        )


def then_the_overdue_deadline_is_for(page: Page, child: Any) -> None:
    overdue = page.get_by_role("table", name="Overdue")
    row = overdue.get_by_role("row").filter(has=page.get_by_role("link", name=child.full_name))
    expect(row).to_contain_text("Front door decides next steps")
    expect(row.locator(".govuk-tag")).to_have_text(re.compile(r"Overdue by \d+ days"))
    expect(row.get_by_role("link", name=child.full_name)).to_have_attribute("href", f"/children/{child.pk}/")


# Journeys


def test_my_work_lists_the_workers_deadlines_soonest_first(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_the_social_worker_carries_an_overdue_and_a_later_deadline(world)
    sign_in_as(world.user("social_worker"))
    page.goto("/")
    page.get_by_role("link", name="My work", exact=True).click()
    then_the_heading_is(page, "My work")
    expect(page.get_by_role("link", name="My work", exact=True)).to_have_attribute("aria-current", re.compile("."))
    then_the_work_is_grouped(page, {"Overdue": 1, "Later": 1})
    then_the_overdue_deadline_is_for(page, world.allocated_child)
    expect(page.get_by_role("link", name="Your team's work")).to_have_count(0)  # not a manager
    screenshot(page, "my-work")
    assert_accessible(page)


def test_a_manager_sees_the_teams_work_and_each_workers_list(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_the_social_worker_carries_an_overdue_and_a_later_deadline(world)
    sign_in_as(world.user("team_manager"))
    page.goto("/my-work/")
    then_the_heading_is(page, "My work")
    # The manager carries none themselves: the page says so once, under no empty headings.
    expect(page.get_by_text("No open statutory deadlines.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Overdue \(\d+\)$"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Your team's work").click()
    then_the_heading_is(page, "Your team's work")
    table = page.get_by_role("table", name="Open deadlines by worker")
    expect(table.get_by_role("columnheader")).to_have_text(["Worker", "Children held", *HORIZONS, "Total"])
    worker = world.social_worker
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=worker.full_name))
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "0", "0", "1", "2"])  # Ellie held; then deadlines
    screenshot(page, "team-work")
    assert_accessible(page)

    row.get_by_role("link", name=worker.full_name).click()
    then_the_heading_is(page, f"Work of {worker.full_name}")
    then_the_work_is_grouped(page, {"Overdue": 1, "Later": 1})
    then_the_overdue_deadline_is_for(page, world.allocated_child)
    assert_accessible(page)

    page.get_by_role("link", name="Back to your team's work").click()
    page.get_by_role("link", name="Back to My work").click()
    page.get_by_role("link", name="Timeliness across the authority").click()
    then_the_heading_is(page, "Timeliness by rule")
    timeliness = page.get_by_role("table", name="Deadlines by rule, last 12 months")
    expect(timeliness.get_by_role("row").filter(has_text="Front door decides next steps")).to_have_count(1)
    assert_accessible(page)


def test_an_administrator_sees_the_local_timescales(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    sign_in_as(world.user("administrator"))
    page.goto("/my-work/")
    page.get_by_role("link", name="Local timescales").click()
    then_the_heading_is(page, "Local timescales")
    expect(
        page.get_by_role("table", name="Local protocols").get_by_role("link", name=re.compile("^Change "))
    ).not_to_have_count(0)
    screenshot(page, "local-timescales")
    assert_accessible(page)
