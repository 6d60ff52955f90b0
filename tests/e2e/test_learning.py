"""Learning from a serious incident (issue 22, M30):

the team manager records a serious incident from the child's record (a form sent empty first shows its errors) ->
the partnership lead records the notification as sent to the Panel on the fourth working day after the authority
became aware, and it shows as met -> starts the rapid review, asking the health visitor and the police officer ->
each records their agency's contribution in their own login -> the lead records the immediate learning and the
decision that a local child safeguarding practice review is needed -> a recommendation becomes three learning
actions, one per agency -> the health visitor completes theirs with evidence of the change in practice, and the
partnership's list shows it completed. Every page passes the accessibility check at 1280 px and at 390 px.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.agencies.factories import PractitionerFactory, TeamFactory
from joinedup.agencies.models import TeamType
from joinedup.agencies.roles import Role
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.learning.models import AgencyContribution, SeriousIncident
from joinedup.timescales.calendar import CALENDAR

from .conftest import check_accessible
from .steps import fill_date, then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser


def _fill(page: Page, legend: str, on: date) -> None:
    fill_date(page, legend, str(on.day), str(on.month), str(on.year))


def given_the_partnership_lead(world: Any) -> Any:
    harm_taxonomy_sync()
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


def test_a_serious_incident_from_notification_to_learning_actions(page: Page, sign_in_as: Any, world: Any) -> None:
    lead = given_the_partnership_lead(world)
    today = timezone.localdate()
    aware = today - timedelta(days=30)
    while not CALENDAR.is_working_day(aware):
        aware -= timedelta(days=1)
    day_four = CALENDAR.add_working_days(aware, 4)
    sent = CALENDAR.add_working_days(aware, 12)
    child = world.allocated_child

    # The team manager records the incident from the child's record.
    sign_in_as(world.user("team_manager"))
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Record a serious incident").click()
    then_the_heading_is(page, "Record a serious incident")
    check_accessible(page)
    page.get_by_role("button", name="Record the serious incident").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what happened")
    check_accessible(page)
    _fill(page, "Date of the incident", aware - timedelta(days=1))
    _fill(page, "Date the local authority became aware", aware)
    page.get_by_label("What happened").fill("Admitted to hospital with injuries the parents could not explain.")
    page.get_by_label("The child was seriously harmed").check()
    page.get_by_label("Abuse or neglect is suspected").check()
    page.get_by_label("Not in care and not in a regulated setting").check()
    page.get_by_label("Health Visiting").check()
    page.get_by_label("County Police").check()
    page.get_by_label("Babies (under one year old)").check()
    page.get_by_role("button", name="Record the serious incident").click()
    then_a_success_banner_says(page, "Serious incident recorded")
    incident = SeriousIncident.objects.get()

    # The partnership lead records the notification as sent on day 4: met.
    sign_in_as(lead.user)
    page.goto("/learning/incidents/")
    then_the_heading_is(page, "Serious incidents")
    check_accessible(page)
    page.get_by_role("link", name=child.display_name).click()
    then_the_heading_is(page, child.display_name)
    page.get_by_role("link", name="Record the notification as sent").click()
    _fill(page, "Date the notification was sent to the Panel", day_four)
    _fill(page, "Date the safeguarding partners were told", day_four)
    page.get_by_role("button", name="Record the notification as sent").click()
    then_a_success_banner_says(page, "Notification recorded as sent to the Panel")
    expect(page.locator("#notification-status")).to_contain_text("Met")
    check_accessible(page)

    # The rapid review asks the health visitor and the police officer.
    page.get_by_role("link", name="Start the rapid review").click()
    _fill(page, "Chronology from", aware - timedelta(days=365))
    _fill(page, "Chronology to", aware)
    page.get_by_label(f"{world.health_visitor.full_name}, Health Visiting").check()
    page.get_by_label(f"{world.police_officer.full_name}, County Police").check()
    check_accessible(page)
    page.get_by_role("button", name="Start the rapid review").click()
    then_a_success_banner_says(page, "Rapid review started")

    for practitioner, words in (
        (world.health_visitor, "Seen at the 6-week check; no concerns recorded."),
        (world.police_officer, "Two call-outs to the home for shouting; no crime recorded."),
    ):
        asked = AgencyContribution.objects.get(practitioner=practitioner)
        sign_in_as(practitioner.user)
        page.goto(f"/learning/contributions/{asked.pk}/")
        then_the_heading_is(page, "Your agency's contribution to the rapid review")
        check_accessible(page)
        page.get_by_label("Your agency's contribution").fill(words)
        page.get_by_role("button", name="Record the contribution").click()
        then_a_success_banner_says(page, "Your agency's contribution is recorded")

    # The lead records the learning and the decision for a local review.
    sign_in_as(lead.user)
    page.goto(f"/learning/incidents/{incident.pk}/")
    expect(page.get_by_text("Seen at the 6-week check; no concerns recorded.")).to_be_visible()
    expect(page.get_by_text("Two call-outs to the home for shouting; no crime recorded.")).to_be_visible()
    page.get_by_role("link", name="Record the learning and decision").click()
    page.get_by_label("Immediate learning").fill("Bruising in a non-mobile baby was seen and not referred.")
    page.get_by_label("Yes").check()
    page.get_by_label("Why", exact=True).fill("Several agencies, and learning beyond this family.")
    _fill(page, "Date the rapid review was sent to the Panel", sent)
    check_accessible(page)
    page.get_by_role("button", name="Record the decision as sent to the Panel").click()
    then_a_success_banner_says(page, "Rapid review recorded as sent to the Panel")
    expect(page.locator("#rapid-review-status")).to_contain_text("Met")
    expect(page.get_by_role("heading", name="Local child safeguarding practice review")).to_be_visible()

    # A recommendation becomes three learning actions, one per agency.
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation").fill("Every agency follows the protocol for bruising in non-mobile babies.")
    page.get_by_label("The rapid review").check()
    page.get_by_role("button", name="Add the recommendation").click()
    for text, owner in (
        ("Brief every health visitor on the protocol", world.health_visitor),
        ("Add the protocol to police training", world.police_officer),
        ("Audit ten cases", world.team_manager),
    ):
        page.get_by_role("link", name="Add an action to recommendation 1").click()
        page.get_by_label("Action").fill(text)
        page.get_by_label("Owner (any agency)").select_option(label=f"{owner.full_name}, {owner.organisation.name}")
        _fill(page, "Due date", today + timedelta(days=60))
        page.get_by_role("button", name="Add the action").click()
        then_a_success_banner_says(page, "Learning action added")
    check_accessible(page)

    # The health visitor completes theirs with evidence.
    sign_in_as(world.health_visitor.user)
    page.goto("/learning/actions/")
    then_the_heading_is(page, "Your learning actions")
    page.get_by_role("link", name="Brief every health visitor on the protocol").click()
    page.get_by_label("Progress made").fill("Half the team briefed.")
    page.get_by_role("button", name="Record progress").click()
    then_a_success_banner_says(page, "Progress recorded")
    _fill(page, "Date completed", today)
    page.get_by_label("Evidence of the change in practice").fill("Audit of 20 records: every bruise referred.")
    check_accessible(page)
    page.get_by_role("button", name="Complete the action").click()
    then_a_success_banner_says(page, "Action completed, with its evidence")
    expect(page.locator("#action-status")).to_contain_text("Completed")

    sign_in_as(lead.user)
    page.goto("/learning/actions/")
    then_the_heading_is(page, "Learning actions, every agency")
    expect(page.locator("table tbody tr")).to_have_count(3)
    expect(page.locator("table tbody tr", has_text="Brief every health visitor")).to_contain_text("Completed")
    check_accessible(page)
    page.goto("/learning/log/?theme=babies")
    expect(page.locator("table tbody tr")).to_have_count(1)
    check_accessible(page)
