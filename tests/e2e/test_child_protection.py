"""Child protection, multi-agency and on time (M14, M17-M20):

a strategy discussion about a child sexual abuse concern (refused until an experienced health representative takes
part) -> section 47 by the multi-agency child protection team -> the initial conference arranged for day 14 ->
the police officer and the health visitor send their reports through their own logins -> the conference pack ->
the plan -> the first core group -> a review conference at three months ends the plan and the family steps down
to Family Help. Every page passes the accessibility check; each clock is met on time.

The journey runs over the months before today (records are made after the events, as practitioners make them).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.episodes.models import CaseEpisode
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.timescales.calendar import CALENDAR, add_months
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


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def journey_dates() -> dict[str, date]:
    start = timezone.localdate() - timedelta(days=200)
    while not CALENDAR.is_working_day(start):
        start -= timedelta(days=1)
    icpc = CALENDAR.add_working_days(start, 14)  # day 14 of the 15 working days
    return {
        "strategy": start,
        "s47_outcome": CALENDAR.add_working_days(start, 5),
        "icpc": icpc,
        "core_group": CALENDAR.add_working_days(icpc, 8),  # inside the 10 working days
        "review": add_months(icpc, 3) - timedelta(days=2),  # three months after the initial conference
    }


# Given


def given_a_child_in_family_help_allocated_to_the_social_worker(world: Any) -> Any:
    harm_taxonomy_sync()
    world.health_visitor.is_registered_health_professional = True
    world.health_visitor.save()
    child = world.allocated_child
    CaseEpisodeFactory.create(
        child=child,
        started_on=timezone.localdate() - timedelta(days=300),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    return child


# When


def when_the_social_worker_opens_child_protection(page: Page, child: Any, check: Any) -> None:
    page.goto(f"/children/{child.pk}/")
    check(page)
    page.get_by_role("link", name="Child protection", exact=True).click()
    then_the_heading_is(page, child.full_name)
    check(page)


def when_they_record_the_strategy_discussion(page: Page, world: Any, dates: dict[str, date], check: Any) -> None:
    page.get_by_role("link", name="Record a strategy discussion").click()
    then_the_heading_is(page, "Record a strategy discussion")
    check(page)
    fill_date(
        page, "Date of the decision that there is reasonable cause to suspect significant harm", *dmy(dates["strategy"])
    )
    choose(page, "Is the child in immediate danger?", "No")
    fill_date(page, "Date the strategy discussion was held", *dmy(dates["strategy"]))
    page.get_by_label("Sexual abuse in the family setting").check()
    page.get_by_label("Local authority", exact=True).select_option(str(world.social_worker.pk))
    page.get_by_label("Police", exact=True).select_option(str(world.police_officer.pk))
    page.get_by_label("Health", exact=True).select_option(str(world.health_visitor.pk))
    choose(page, "Is this health representative experienced in child sexual abuse?", "No")
    page.get_by_label("Education", exact=True).select_option(str(world.school_dsl.pk))
    page.get_by_label("Information shared").fill("The child told their teacher about touching at home.")
    page.get_by_label("Decisions").fill("Joint section 47 enquiry with police; ABE interview; medical.")
    page.get_by_label("The child's wishes and feelings, in their own words").fill(
        "I told Miss because I want it to stop."
    )
    choose(page, "Outcome", "Section 47 enquiry")
    page.get_by_role("button", name="Save").click()
    # M14: refused until an experienced health representative takes part.
    csa_rule = "Sexual abuse is among the concerns: an experienced health representative must take part"
    then_the_error_summary_links_each_problem_to_its_field(
        page, "Record a strategy discussion", {csa_rule: "id_health_is_experienced"}
    )
    check(page)
    # Any health attendee may be the experienced one (M14): a second health visitor, marked on their own answer.
    page.get_by_label("Someone else who took part (optional, person 2)").select_option(
        str(world.other_health_visitor.pk)
    )
    page.get_by_role("group", name="Is person 2 an experienced health representative? (optional)").get_by_label(
        "Yes, from health and experienced in child sexual abuse"
    ).check()
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "The section 47 enquiry has started")
    check(page)


def when_they_record_the_section_47_team_and_outcome(
    page: Page, world: Any, dates: dict[str, date], check: Any
) -> None:
    page.get_by_role("link", name="Record the team and outcome").click()
    then_the_heading_is(page, "Section 47 enquiry: team and outcome")
    check(page)
    page.get_by_label("Lead child protection practitioner").select_option(str(world.social_worker.pk))
    page.get_by_label("Findings").fill("Consistent account; medical findings support it.")
    page.get_by_label("The child's wishes and feelings, in their own words").fill("I want to stay at Nan's.")
    choose(page, "Outcome", "Concerns substantiated: initial child protection conference")
    fill_date(page, "Date of the outcome", *dmy(dates["s47_outcome"]))
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Section 47 enquiry outcome recorded")
    check(page)


def when_they_arrange_a_conference(page: Page, world: Any, day: date, kind: str, check: Any) -> None:
    page.get_by_role("link", name="Arrange a conference").click()
    then_the_heading_is(page, "Arrange a child protection conference")
    check(page)
    choose(page, "Which conference", kind)
    fill_date(page, "Date of the conference", *dmy(day))
    page.get_by_label("Chair").select_option(str(world.iro.pk))
    page.get_by_label("Family members invited, and how").fill("Mother, by letter and phone")
    page.get_by_role("button", name="Arrange the conference").click()
    then_a_success_banner_says(page, "Conference arranged")
    check(page)


def when_a_partner_sends_their_report(page: Page, sign_in_as: Any, user: Any, concerns: str, check: Any) -> None:
    sign_in_as(user)
    page.goto("/")
    page.get_by_role("link", name="Conferences").click()
    then_the_heading_is(page, "Conferences you are invited to")
    check(page)
    page.get_by_role("link", name="Send your report").click()
    check(page)
    page.get_by_label("Your agency's involvement with the child and family").fill("Known to us for two years.")
    page.get_by_label("What your agency knows and is worried about").fill(concerns)
    choose(page, "Has this report been shared with the family?", "Yes")
    page.get_by_role("button", name="Send the report").click()
    then_a_success_banner_says(page, "Your report has been sent to the conference")
    check(page)


def when_the_conference_outcome_is_recorded(
    page: Page, day: date, decision: str, check: Any, *, category: str = "", step_down: bool = False
) -> None:
    page.get_by_role("link", name="Record the outcome").click()
    check(page)
    fill_date(page, "Date the conference was held", *dmy(day))
    choose(page, "Parents' participation", "Attended throughout")
    page.get_by_label("The child's wishes and feelings, in their own words").fill("Wants to feel safe at home.")
    page.get_by_label("How the child's wishes and feelings were gathered (optional)").fill(
        "Seen alone at school, using words and pictures"
    )
    choose(page, "Decision", decision)
    if category:
        page.get_by_label(category, exact=True).check()
    page.get_by_label("Outline plan").fill("Therapeutic support; safety plan; police liaison.")
    if step_down:
        choose(page, "Does the family step down to Family Help?", "Yes")
    page.get_by_label("Minutes", exact=True).fill("Full minutes, with every agency's contribution.")
    page.get_by_label("Minutes: the parents' version").fill("What was decided and why, in plain words.")
    page.get_by_role("button", name="Record the outcome").click()
    then_a_success_banner_says(page, "Conference recorded")
    check(page)


def test_strategy_discussion_to_plan_to_review_and_step_down_with_police_and_health_taking_part(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = given_a_child_in_family_help_allocated_to_the_social_worker(world)
    dates = journey_dates()
    sign_in_as(world.user("social_worker"))
    when_the_social_worker_opens_child_protection(page, child, assert_accessible)
    when_they_record_the_strategy_discussion(page, world, dates, assert_accessible)
    when_they_record_the_section_47_team_and_outcome(page, world, dates, assert_accessible)
    when_they_arrange_a_conference(page, world, dates["icpc"], "Initial child protection conference", assert_accessible)

    # The police officer and the health visitor, through their own logins.
    when_a_partner_sends_their_report(
        page, sign_in_as, world.user("police_officer"), "Previous call-outs for domestic abuse.", assert_accessible
    )
    when_a_partner_sends_their_report(
        page, sign_in_as, world.user("health_visitor"), "Missed developmental checks.", assert_accessible
    )
    # The police officer sees the child protection work they are part of.
    page.goto(f"/children/{child.pk}/child-protection/")
    then_the_heading_is(page, child.full_name)
    expect(page.get_by_role("link", name="Record a strategy discussion")).to_have_count(0)
    assert_accessible(page)

    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/child-protection/")
    page.get_by_role("link", name="Initial child protection conference").click()
    expect(page.get_by_text("Previous call-outs for domestic abuse.")).to_be_visible()
    expect(page.get_by_text("Missed developmental checks.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "child-protection-conference-pack")
    when_the_conference_outcome_is_recorded(
        page,
        dates["icpc"],
        "The child is to be (or remain) the subject of a child protection plan",
        assert_accessible,
        category="Sexual abuse in the family setting",
    )
    page.get_by_role("button", name="Share the minutes").click()
    then_a_success_banner_says(page, "Minutes shared")
    assert_accessible(page)
    page.get_by_role("link", name="The parents' version of the minutes").click()
    expect(page.get_by_text("What was decided and why, in plain words.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/children/{child.pk}/child-protection/")
    expect(page.get_by_text("Child protection plan", exact=True)).to_be_visible()
    page.get_by_role("link", name="Record a core group meeting").click()
    assert_accessible(page)
    fill_date(page, "Date of the core group meeting", *dmy(dates["core_group"]))
    page.get_by_label("Progress against the plan").fill("Safety plan agreed; therapy referral made.")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Core group meeting recorded")
    assert_accessible(page)

    when_they_arrange_a_conference(
        page, world, dates["review"], "Review child protection conference", assert_accessible
    )
    page.get_by_role("link", name="Review child protection conference").click()
    assert_accessible(page)
    when_the_conference_outcome_is_recorded(
        page, dates["review"], "No child protection plan: the plan ends", assert_accessible, step_down=True
    )
    page.goto(f"/children/{child.pk}/child-protection/")
    expect(page.get_by_text("Ended at a review conference")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "child-protection-record")

    # Every clock met on time, and the family is back in Family Help in the same episode.
    met = {d.rule_code: d for d in Deadline.objects.filter(child=child)}
    for rule in (
        "strategy_discussion",
        "initial_child_protection_conference",
        "first_core_group",
        "first_review_conference",
    ):
        met_on = met[rule].met_on
        assert met_on is not None and met_on <= met[rule].due_on, rule
    assert met["initial_child_protection_conference"].met_on == dates["icpc"]
    episode = CaseEpisode.objects.get(child=child)
    assert episode.tier == EpisodeTier.FAMILY_HELP

    # Least privilege: the plan ended months ago (and the minutes window after the review with it), so the police
    # officer's part is over: neither the child protection record nor Family Help's notes.
    sign_in_as(world.user("police_officer"))
    response = page.goto(f"/children/{child.pk}/child-protection/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
