"""The safeguarding partnership (issue 22): the lead acts on a disproportionality finding from the insight page and
sees the figures now beside the figures it was recorded on; the lead makes the yearly report, adds the narrative
under each heading and publishes it. axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.agencies.factories import PractitionerFactory, TeamFactory
from joinedup.agencies.models import TeamType
from joinedup.agencies.roles import Role
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.people.factories import ChildFactory

from .steps import fill_date, then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser

HEADINGS = ["Activity", "Timeliness", "Impact", "Learning", "Inequalities", "Scrutiny"]


# Given


def given_the_partnership_lead(world: Any) -> Any:
    team = TeamFactory(
        name="Safeguarding Partnership", organisation=world.local_authority, team_type=TeamType.PARTNERSHIP
    )
    return PractitionerFactory(
        user__username="partnership.lead",
        given_name="Nadia",
        family_name="Hussain",
        role=Role.PARTNERSHIP_LEAD,
        organisation=world.local_authority,
        team=team,
    )


def given_children_in_need(settings: Any) -> None:
    """Twenty White British and twelve Black African children in need, in a population of 10,000 children."""
    settings.JOINEDUP_CHILD_POPULATION = 10_000
    today = timezone.localdate()
    for ethnicity, n in (("WBRI", 20), ("BAFR", 12)):
        for _ in range(n):
            CaseEpisodeFactory.create(
                child=ChildFactory(ethnicity=ethnicity),
                started_on=today - timedelta(days=60),
                referral_source="2A",
                tier="family_help",
            )


# Journeys


def test_the_lead_acts_on_a_finding_and_sees_the_figures_now_beside_it(
    page: Page, world: Any, settings: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    lead = given_the_partnership_lead(world)
    given_children_in_need(settings)
    sign_in_as(lead.user)
    page.goto("/")
    page.get_by_role("link", name="Actions on inequalities").click()
    then_the_heading_is(page, "Actions on inequalities")
    expect(page.get_by_text("No actions on inequalities are recorded.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="disproportionality page").click()
    page.get_by_label("Stage for the charts and the trend").select_option(label="Child in need")
    page.get_by_role("button", name="Show figures").click()
    table = page.get_by_role("table", name="Child in need by ethnicity")
    screenshot(page, "partnership-insight-finding")
    black = table.get_by_role("row").filter(has_text="Black")
    expect(black).to_contain_text("12")
    black.get_by_role("link", name="Act on this finding").click()
    then_the_heading_is(page, "Act on this finding")
    expect(page.get_by_text("Child in need", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the partnership found")
    assert_accessible(page)
    page.get_by_label("What the partnership found").fill("Black children are more often children in need")
    page.get_by_label("The action agreed").fill("Audit referrals of Black children for adultification bias")
    page.get_by_label("Who owns the action").select_option(
        label=f"{world.police_officer.full_name}, {world.police.name}"
    )
    look = timezone.localdate() + timedelta(days=90)
    fill_date(page, "Date to look at the figures again", str(look.day), str(look.month), str(look.year))
    page.get_by_role("button", name="Record the action").click()

    then_a_success_banner_says(page, "Action on inequalities recorded")
    then_the_heading_is(page, "Child in need: Black children")
    figures = page.get_by_role("table", name="Child in need for Black children")
    expect(figures.get_by_role("row").filter(has_text="Children")).to_contain_text("12")
    expect(figures.get_by_role("columnheader").filter(has_text="Now: The 12 months to")).to_be_visible()
    screenshot(page, "partnership-inequality-action")
    assert_accessible(page)

    # The owner, a police officer, has the look again in their work and records it.
    sign_in_as(world.user("police_officer"))
    page.goto("/")
    page.get_by_role("link", name="Look again at child in need figures for Black children (Ethnicity)").click()
    then_the_heading_is(page, "Child in need: Black children")
    page.get_by_label("What the figures show now and what was done").fill("Audit done; thresholds discussed")
    page.get_by_label("Close the action").check()
    page.get_by_role("button", name="Record the look again").click()
    then_a_success_banner_says(page, "Action closed")
    expect(page.get_by_role("table", name="Looks again, oldest first")).to_contain_text("Audit done")
    assert_accessible(page)


def test_the_lead_makes_the_yearly_report_adds_the_narrative_and_publishes_it(
    page: Page, world: Any, settings: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    lead = given_the_partnership_lead(world)
    given_children_in_need(settings)
    today = timezone.localdate()
    year = today.year + (1 if today.month >= 4 else 0)
    sign_in_as(lead.user)
    page.goto("/")
    page.get_by_role("link", name="Independent scrutiny findings and the partnership's responses").click()
    page.get_by_role("link", name="Record a scrutiny finding").click()
    fill_date(page, "Date of the finding", str(today.day), str(today.month), str(today.year))
    page.get_by_label("Who made the finding").fill("Independent scrutineer")
    page.get_by_label("The finding", exact=True).fill("Health is not at every strategy discussion")
    page.get_by_label("The partnership's response").fill("Health joins every strategy discussion by phone")
    page.get_by_role("button", name="Record the finding").click()
    then_a_success_banner_says(page, "Scrutiny finding recorded")
    assert_accessible(page)

    page.goto("/")
    page.get_by_role("link", name="The partnership's yearly report").click()
    then_the_heading_is(page, "The partnership's yearly report")
    assert_accessible(page)
    page.get_by_role("link", name=f"April {year - 1} to March {year}").click()
    for heading in HEADINGS:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=f"Children at each stage, April {year - 1} to March {year}")).to_be_visible()
    expect(
        page.get_by_role("table", name=f"Independent scrutiny findings, April {year - 1} to March {year}")
    ).to_contain_text("Health joins every strategy discussion by phone")
    assert_accessible(page)

    for key, heading in zip(
        ["activity", "timeliness", "impact", "learning", "inequalities", "scrutiny"], HEADINGS, strict=True
    ):
        page.get_by_role("link", name=f"Add the narrative for {key}").click()
        then_the_heading_is(page, f"{heading}: narrative")
        if key == "activity":
            assert_accessible(page)
        page.get_by_label(f"Narrative for {heading}").fill(f"The partnership's account of {heading.lower()}.")
        page.get_by_role("button", name="Save the narrative").click()
        then_a_success_banner_says(page, f"Narrative for {heading} saved")
    expect(page.get_by_text("The partnership's account of inequalities.")).to_be_visible()
    page.get_by_role("button", name="Publish the report").click()
    then_a_success_banner_says(page, "The report is published")
    expect(page.get_by_text("The report is frozen as it was published.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish the report")).to_have_count(0)
    screenshot(page, "partnership-yearly-report")
    assert_accessible(page)
