"""Allocation, end to end: the front door's manager finds a referred child waiting for a social worker, allocates
the child's work, and the assessment's clock moves to that worker's list. Axe checks every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.episodes.models import CaseEpisode
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from .steps import then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser


def given_a_referred_child_waiting_for_a_worker(world: Any) -> Any:
    referred_on = timezone.localdate() - timedelta(days=2)
    child = world.unallocated_child
    CaseEpisode.objects.create(child=child, started_on=referred_on, referral_source="1A", tier="family_help")
    timescales.deadline_start(
        actor=world.user("front_door"),
        rule_code="single_assessment",
        child=child,
        subject="referral-e2e",
        started_on=referred_on,
    )
    manager = PractitionerFactory(
        user__username="mash.manager",
        given_name="Priya",
        family_name="Okoro",
        role=Role.TEAM_MANAGER,
        organisation=world.local_authority,
        team=world.front_door_team,
    )
    world.front_door_team.manager = manager
    world.front_door_team.save()
    return manager


def test_the_front_door_manager_allocates_a_referred_child(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    manager = given_a_referred_child_waiting_for_a_worker(world)
    sign_in_as(manager.user)

    page.goto("/")
    page.get_by_role("link", name="Children awaiting allocation").click()
    then_the_heading_is(page, "Children awaiting allocation")
    row = page.get_by_role("row").filter(has_text="Kacper Nowak")
    expect(row).to_contain_text("Family Help")
    assert_accessible(page)

    row.get_by_role("link", name="Allocate Kacper Nowak").click()
    then_the_heading_is(page, "Allocate the child's work")
    assert_accessible(page)
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the social worker")
    assert_accessible(page)

    page.get_by_label("Who will hold the child's work?").select_option(str(world.other_team_worker.pk))
    page.get_by_role("button", name="Allocate").click()
    then_a_success_banner_says(page, "allocated to")
    assert_accessible(page)
    screenshot(page, "allocation-done")

    clock = Deadline.objects.get(child=world.unallocated_child, rule_code="single_assessment")
    assert clock.assignee == world.other_team_worker
    page.goto("/allocations/")
    expect(page.get_by_text("Every child with an open episode of need has a social worker.")).to_be_visible()
    assert_accessible(page)
