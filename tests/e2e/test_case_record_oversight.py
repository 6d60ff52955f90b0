"""The manager's oversight and the child's record's sub-navigation in the browser (M28, issue 9):

- a manager opens Oversight, finds an assessment awaiting authorisation among the decisions awaiting their sign-off,
  follows its link, authorises it, and it is no longer waiting;
- a manager finds an overdue supervision action on Oversight, follows it to the child's supervision page and marks
  it done, and it is no longer overdue;
- the child's record shows its sections in a "Child's record" navigation: a social worker all of them, a school's
  designated safeguarding lead only the chronology, a manager the access log and Allocate/Merge.

Every page passes the accessibility check."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.assessments import services as assessments
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.case_record import services as case_record
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child

from .steps import at_desktop_width, at_phone_width, fill_date, then_a_success_banner_says, then_the_heading_is

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("practice_prompts")]


def given_an_assessment_awaiting_authorisation(world: Any) -> Any:
    """The social worker (team A) has recorded the whole assessment with an outcome proposed, prompts answered."""
    harm_taxonomy_sync()  # the browser tests' database is emptied between tests
    today = timezone.localdate()
    referral = referral_made(world, child=world.allocated_child, on=today - timedelta(days=20))
    worker = world.user("social_worker")
    assessment = assessments.single_assessment_start(
        actor=worker, referral=referral, started_on=today - timedelta(days=14), worker=world.social_worker
    )
    assessments.single_assessment_record(
        actor=worker,
        assessment=assessment,
        details=complete_details(child_seen_on=today - timedelta(days=10)),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )
    prompts = prompts_for_child(child=world.allocated_child, moment=PromptMoment.ASSESSMENT)
    assessments.assessment_prompts_answer(
        actor=worker, assessment=assessment, answers={p.pk: "Considered with the family." for p in prompts}
    )
    return assessment


def test_a_manager_finds_an_assessment_awaiting_authorisation_on_oversight_and_authorises_it(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_an_assessment_awaiting_authorisation(world)
    sign_in_as(world.user("team_manager"))
    page.goto("/")
    page.get_by_role("link", name="Oversight").click()
    then_the_heading_is(page, "Team oversight")
    waiting = page.locator("table", has_text="Awaiting")
    row = waiting.get_by_role("row").filter(has_text="Single assessment awaiting authorisation")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name=world.allocated_child.display_name, exact=True)).to_be_visible()
    worker = world.social_worker
    expect(row).to_contain_text(f"{worker.given_name} {worker.family_name}")
    expect(row).to_contain_text(re.compile(r"\(\d+ working days?\)"))
    screenshot(page, "oversight-awaiting-sign-off")
    assert_accessible(page)
    row.get_by_role("link", name=re.compile("^Sign off")).click()
    then_the_heading_is(page, "Authorise the assessment")
    assert_accessible(page)
    today = timezone.localdate()
    fill_date(page, "Date authorised", str(today.day), str(today.month), str(today.year))
    page.get_by_role("button", name="Authorise").click()
    then_a_success_banner_says(page, "Assessment authorised")
    page.get_by_role("link", name="Oversight").click()
    expect(page.get_by_text("Nothing is waiting for your sign-off.")).to_be_visible()
    assert_accessible(page)


def given_an_overdue_supervision_action(world: Any) -> None:
    """The social worker recorded supervision ten days ago with an action due three days ago, not yet done."""
    today = timezone.localdate()
    case_record.supervision_record(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        held_on=today - timedelta(days=10),
        worker_id=world.social_worker.pk,
        discussion="Reflective discussion about school attendance.",
        decisions="Stay on the plan.",
        actions=[("Tell the school about the plan", today - timedelta(days=3))],
    )


def test_a_manager_finds_an_overdue_supervision_action_on_oversight_and_marks_it_done(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    given_an_overdue_supervision_action(world)
    child = world.allocated_child
    sign_in_as(world.user("team_manager"))
    page.goto("/")
    page.get_by_role("link", name="Oversight").click()
    then_the_heading_is(page, "Team oversight")
    overdue = page.get_by_role("listitem").filter(has_text="Tell the school about the plan")
    expect(overdue).to_have_count(1)
    overdue.get_by_role("link", name=re.compile(rf"^{child.display_name}\s*: supervision$")).click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/supervision/#action-\d+$"))
    action = page.get_by_role("listitem").filter(has_text="Tell the school about the plan")
    expect(action).to_contain_text("Overdue")
    screenshot(page, "supervision-action-overdue")
    assert_accessible(page)
    action.get_by_role("button", name=re.compile(r"^Mark as done\s*: Tell the school about the plan$")).click()
    then_a_success_banner_says(page, "Action marked as done: Tell the school about the plan")
    action = page.get_by_role("listitem").filter(has_text="Tell the school about the plan")
    expect(action).to_contain_text("· done")
    expect(action).not_to_contain_text("Overdue")
    expect(action.get_by_role("button")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Oversight").click()
    expect(page.get_by_text("No supervision action is overdue.")).to_be_visible()


def _record_sections(page: Page) -> list[str]:
    nav = page.get_by_role("navigation", name="Child's record")
    expect(nav).to_be_visible()
    return [t.strip() for t in nav.get_by_role("link").all_inner_texts()]


def test_the_childs_record_shows_each_user_only_the_sections_they_may_open(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    child = world.allocated_child
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/")
    assert _record_sections(page) == [
        "Overview",
        "Family network",
        "Case summary",
        "Case notes",
        "Visits",
        "Chronology",
        "Contacts and referrals",
        "Assessment and Family Help",
        "Child protection",
        "Care history",
        "Documents",
        "Supervision",
        "Search this record",
    ]
    nav = page.get_by_role("navigation", name="Child's record")
    expect(nav.locator("[aria-current=page]")).to_have_text("Overview")
    screenshot(page, "child-record-sections")
    assert_accessible(page)
    nav.get_by_role("link", name="Chronology").click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/chronology/$"))
    expect(page.get_by_role("navigation", name="Child's record").locator("[aria-current=page]")).to_have_text(
        "Chronology"
    )
    assert_accessible(page)
    at_phone_width(page)
    page.goto(f"/children/{child.pk}/")
    screenshot(page, "child-record-sections-phone")
    assert_accessible(page)
    at_desktop_width(page)

    sign_in_as(world.user("school_dsl"))
    page.goto(f"/children/{child.pk}/")
    assert _record_sections(page) == ["Overview", "Family network", "Chronology"]
    expect(page.get_by_role("link", name="Raise a professional challenge")).to_be_visible()
    assert_accessible(page)

    sign_in_as(world.user("team_manager"))
    page.goto(f"/children/{child.pk}/")
    assert _record_sections(page)[-1] == "Who has viewed this record"
    expect(page.get_by_role("link", name="Allocate the child's work")).to_be_visible()
    expect(page.get_by_role("link", name="Merge a duplicate record into this one")).to_be_visible()
    page.get_by_role("link", name="Who has viewed this record").click()
    then_the_heading_is(page, "Who has viewed this record")
    assert_accessible(page)
