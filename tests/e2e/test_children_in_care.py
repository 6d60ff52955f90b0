"""A child in care, from the emergency placement to leaving care at 18 into staying put (M21-M23):

becomes looked after on an emergency placement -> placement plan and care plan on time -> initial health
assessment -> first review at 20 working days with the IRO -> a placement move -> second review -> eligible,
needs assessment, pathway plan -> leaves care at 18 into staying put -> pathway plan reviews.

The journey runs over the months before today (records are made after the events, as practitioners make them):
the young person turns 18 forty days ago, and started to be looked after 200 days before that. Each clock is
checked to have been met on time, and every page passes the accessibility check.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.people.factories import ChildFactory
from joinedup.timescales.models import Deadline

from .steps import (
    fill_date,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser


def dmy(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def eighteenth_birthday_and_dates() -> dict[str, date]:
    today = timezone.localdate()
    eighteen = today - timedelta(days=40)
    start = eighteen - timedelta(days=200)
    return {
        "born": eighteen.replace(year=eighteen.year - 18),
        "start": start,
        "placement_plan": start + timedelta(days=2),
        "care_plan": start + timedelta(days=6),
        "health_assessment": start + timedelta(days=12),
        "first_review": start + timedelta(days=20),  # inside 20 working days (at least 28 calendar days)
        "move": start + timedelta(days=60),
        "second_review": start + timedelta(days=100),  # inside 3 months of the first (at least 89 days)
        "eligible": start + timedelta(days=91),  # 13 weeks looked after since 14, aged 16 or over
        "needs_assessment": start + timedelta(days=110),
        "pathway_plan": start + timedelta(days=115),
        "eighteen": eighteen,
        "pathway_review_1": eighteen + timedelta(days=10),
        "pathway_review_2": eighteen + timedelta(days=38),
    }


# Given


def given_a_young_person_allocated_to_the_social_worker(world: Any, born: date) -> Any:
    child = ChildFactory(given_name="Jade", family_name="Okonkwo", date_of_birth=born, profile__school=world.school)
    InvolvementFactory(
        practitioner=world.social_worker, child=child, team=world.team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    )
    return child


# When


def when_they_open_the_care_history_from_the_childs_record(page: Page, child: Any, check: Any) -> None:
    page.goto(f"/children/{child.pk}/")
    check(page)
    page.get_by_role("link", name="Care history").click()
    then_the_heading_is(page, child.full_name)
    expect(page.get_by_text("is not looked after")).to_be_visible()
    check(page)


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def when_they_record_the_start_of_care_on_an_emergency_placement(
    page: Page, dates: dict[str, date], world: Any, check: Any
) -> None:
    page.get_by_role("link", name="Start to be looked after").click()
    then_the_heading_is(page, "Start to be looked after")
    check(page)
    fill_date(page, "Date the child started to be looked after", *dmy(dates["start"]))
    page.get_by_label("Legal status").select_option("L2")
    page.get_by_label("Category of need").select_option("N1")
    choose(page, "Is the child an unaccompanied asylum-seeking child?", "No")
    choose(page, "Is this an emergency placement?", "Yes")
    page.get_by_label("Type of placement").select_option("U6")
    page.get_by_label("Who provides the placement").select_option("PR1")
    page.get_by_label("Carer's first name").fill("Margaret")
    page.get_by_label("Carer's last name").fill("Holloway")
    page.get_by_label("Placement postcode").fill("LS6 2AB")
    choose(page, "Is the placement inside the authority's area?", "Yes")
    page.get_by_role("button", name="Start to be looked after").click()
    # Every looked-after child has a care plan: with neither the plan nor its due date, nothing is saved.
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Start to be looked after",
        {
            "There is no care plan yet: enter the date it is due, no later than "
            + uk(dates["care_plan_due"]): "id_care_plan_due_on_0"
        },
    )
    check(page)
    fill_date(page, "Date the care plan is due", *dmy(dates["care_plan_due"]))
    page.get_by_label("Independent reviewing officer").select_option(
        label=f"{world.iro.full_name}, {world.iro.organisation.name}"
    )
    page.get_by_role("button", name="Start to be looked after").click()
    then_a_success_banner_says(page, "The child is now looked after")
    expect(page.get_by_role("table", name="Statutory clocks running")).to_contain_text("Care plan")
    check(page)


def uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def when_they_record(page: Page, link: str, fields: dict[str, Any], submit: str, check: Any) -> None:
    """Follow a "Record ..." link, fill the form (dates as (day, month, year) by their legend; "select:" and
    "radio:" prefixes for choices), save, and check the page on the way."""
    page.get_by_role("link", name=link, exact=True).click()
    check(page)
    for label, value in fields.items():
        if isinstance(value, date):
            fill_date(page, label, *dmy(value))
        elif label.startswith("select:"):
            page.get_by_label(label.removeprefix("select:"), exact=True).select_option(value)
        elif label.startswith("radio:"):
            choose(page, label.removeprefix("radio:"), value)
        else:
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=submit).click()


# Then


def then_the_clock_was_met_on_time(child: Any, rule_code: str) -> None:
    deadline = Deadline.objects.filter(child=child, rule_code=rule_code, met_on__isnull=False).order_by("-id").first()
    assert deadline is not None, f"no {rule_code} clock met"
    assert deadline.met_on is not None and deadline.met_on <= deadline.due_on, (
        rule_code,
        deadline.met_on,
        deadline.due_on,
    )


# The journey


def test_from_an_emergency_placement_to_staying_put_and_pathway_plan_reviews(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    dates = eighteenth_birthday_and_dates()
    from joinedup.timescales.engine import due_date

    dates["care_plan_due"] = due_date("care_plan", dates["start"])  # the latest date the form accepts
    child = given_a_young_person_allocated_to_the_social_worker(world, dates["born"])
    sign_in_as(world.user("social_worker"))

    when_they_open_the_care_history_from_the_childs_record(page, child, assert_accessible)
    when_they_record_the_start_of_care_on_an_emergency_placement(page, dates, world, assert_accessible)
    screenshot(page, "care-history-started")

    when_they_record(
        page,
        "Record the placement plan",
        {"Date the placement plan was agreed with the carer": dates["placement_plan"]},
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Placement plan recorded")
    when_they_record(
        page,
        "Record the care plan",
        {
            "Date the care plan was agreed": dates["care_plan"],
            "select:Permanence plan": "long_term_fostering",
            "How the plan meets the child's needs": "Stay with Margaret; Brookside school; contact with mum weekly",
            "The child's wishes and feelings, in their own words": "I want to stay with Margaret.",
        },
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Care plan recorded")
    then_the_clock_was_met_on_time(child, "placement_plan")
    then_the_clock_was_met_on_time(child, "care_plan")
    when_they_record(
        page,
        "Record a health assessment",
        {"Date of the health assessment": dates["health_assessment"], "Doctor or nurse who carried it out": "Dr Shah"},
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Initial health assessment recorded")
    then_the_clock_was_met_on_time(child, "initial_health_assessment")
    assert_accessible(page)

    # The IRO chairs the first review, inside 20 working days.
    sign_in_as(world.user("iro"))
    page.goto(f"/children/{child.pk}/care/")
    assert_accessible(page)
    when_they_record(
        page,
        "Record a looked-after review",
        {
            "Date of the review": dates["first_review"],
            "radio:How did the child take part?": "PN1: Attended and spoke for themselves",
            "The child's wishes and feelings, in their own words": "I want to stay with Margaret and see my mum.",
            "Decisions": "Weekly contact with mum\nReferral to the leaving care team at 17 and a half",
        },
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Review 1 recorded")
    then_the_clock_was_met_on_time(child, "first_looked_after_review")
    expect(page.get_by_role("table", name="Reviews, latest first")).to_contain_text("Weekly contact with mum")
    assert_accessible(page)

    # The social worker records a planned move to a long-term foster placement.
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/care/")
    when_they_record(
        page,
        "Record a new placement",
        {
            "Date the new placement started": dates["move"],
            "select:Why did the placement change?": "CARPL",
            "radio:Is the child staying with the same carer?": "No",
            "radio:Is this an emergency placement?": "No",
            "select:Type of placement": "U4",
            "select:Who provides the placement": "PR1",
            "Carer's first name": "Grace",
            "Carer's last name": "Osei",
            "Placement postcode": "LS8 1QT",
        },
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "New placement recorded")
    expect(page.get_by_text("Osei").first).to_be_visible()
    assert_accessible(page)

    # The second review, inside 3 months, confirms the permanence plan.
    sign_in_as(world.user("iro"))
    page.goto(f"/children/{child.pk}/care/")
    when_they_record(
        page,
        "Record a looked-after review",
        {
            "Date of the review": dates["second_review"],
            "radio:How did the child take part?": "PN1: Attended and spoke for themselves",
            "radio:If you could not obtain them, why not?": "Declined to share them",
            "What was tried, and when they will be sought": "Did not want to talk at the review; advocate to visit.",
        },
        "Save",
        assert_accessible,
    )
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Record a looked-after review",
        {"The second review confirms the permanence plan: select it": "id_permanence_plan"},
    )
    assert_accessible(page)
    page.get_by_label("Permanence plan the review confirmed").select_option("long_term_fostering")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Review 2 recorded")
    then_the_clock_was_met_on_time(child, "second_looked_after_review")
    assert_accessible(page)

    # Care ends on the 18th birthday: the young person stays on with Grace (staying put).
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/care/")
    when_they_record(
        page,
        "Record that care ended",
        {
            "Date the child ceased to be looked after": dates["eighteen"],
            "select:Why did the child cease to be looked after?": "E17",
        },
        "Record that care ended",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Care ended on")
    expect(page.get_by_text("is not looked after")).to_be_visible()
    assert (
        not Deadline.objects.filter(child=child, met_on__isnull=True, rule_code__contains="review")
        .exclude(rule_code="pathway_plan_review")
        .exists()
    )
    assert_accessible(page)

    # Leaving care: when the young person became eligible, the needs assessment and pathway plan made before 18.
    page.get_by_role("link", name="Leaving care and pathway plan").click()
    then_the_heading_is(page, child.full_name)
    expect(page.get_by_text("Former relevant child")).to_be_visible()
    assert_accessible(page)
    when_they_record(
        page,
        "Record that the child is eligible",
        {"Date the child became an eligible child": dates["eligible"]},
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Recorded as an eligible child")
    when_they_record(
        page,
        "Record the needs assessment",
        {"Date the needs assessment was completed": dates["needs_assessment"]},
        "Save",
        assert_accessible,
    )
    then_the_clock_was_met_on_time(child, "eligible_child_needs_assessment")
    when_they_record(
        page,
        "Record the pathway plan",
        {
            "Date the pathway plan was agreed": dates["pathway_plan"],
            "The young person's wishes and feelings, in their own words": "College in September.",
        },
        "Save",
        assert_accessible,
    )
    then_a_success_banner_says(page, "Pathway plan recorded")
    assert_accessible(page)

    when_they_record(
        page, "Record staying put", {"Date staying put started": dates["eighteen"]}, "Save", assert_accessible
    )
    then_a_success_banner_says(page, "Staying put recorded")
    expect(page.get_by_text("With Grace Osei since")).to_be_visible()
    assert_accessible(page)
    for review in ("pathway_review_1", "pathway_review_2"):
        when_they_record(
            page, "Record a pathway plan review", {"Date of the review": dates[review]}, "Save", assert_accessible
        )
        then_a_success_banner_says(page, "Pathway plan review recorded")
        then_the_clock_was_met_on_time(child, "pathway_plan_review")
    expect(page.get_by_role("table", name="Pathway plans and reviews, latest first").get_by_role("row")).to_have_count(
        4
    )
    screenshot(page, "leaving-care")
    assert_accessible(page)


def test_a_foster_carer_sees_the_childs_placement_and_reports_them_missing(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    from joinedup.agencies.factories import PractitionerFactory
    from joinedup.agencies.roles import Role
    from joinedup.children_in_care import services

    carer = PractitionerFactory(
        user__username="foster.carer", given_name="Linda", family_name="Carver", role=Role.FOSTER_CARER
    )
    start = timezone.localdate() - timedelta(days=30)
    services.looked_after_start(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=services.LookedAfterStart(
            started_on=start,
            legal_status="C2",
            category_of_need="N1",
            placement=services.PlacementDetails(
                placement_type="U6",
                provider="PR4",
                carer_given_name="Linda",
                carer_family_name="Carver",
                carer_practitioner_id=carer.pk,
            ),
            care_plan_due_on=start,
        ),
    )
    sign_in_as(carer.user)
    page.goto(f"/children/{world.allocated_child.pk}/care/")
    then_the_heading_is(page, world.allocated_child.full_name)
    expect(page.get_by_role("heading", name="Current placement")).to_be_visible()
    expect(page.get_by_role("heading", name="Periods of care")).to_have_count(0)  # not the whole care record
    expect(page.get_by_role("heading", name="Looked-after reviews")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Record that the child is missing").click()
    assert_accessible(page)
    choose(
        page,
        "Is the child missing, or away from placement without authorisation?",
        "Away from placement without authorisation",
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    fill_date(page, "Date the child went missing", *dmy(yesterday))
    page.get_by_label("Time the child went missing").fill("21:15")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Missing episode recorded")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Missing since")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Record the return")).click()
    fill_date(page, "Date the child returned or was found", *dmy(yesterday))
    page.get_by_label("Time the child returned").fill("23:40")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "A return home interview is due within 72 hours")
    assert_accessible(page)
