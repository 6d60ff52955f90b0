"""The rest of Assessment and Family Help in the browser, each page checked for accessibility: a manager rewords a
practice prompt; family group decision making offered, accepted and held; a health visitor joins the team around
the family; Family Help closed with a CIN census reason; an action of the family plan marked done and a network
member's engagement changed; an unborn child's pre-birth assessment and the birth recorded on the same record."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.assessments import services as assessments
from joinedup.assessments.testing import referral_made
from joinedup.family_help import services as family_help
from joinedup.family_help.codes import ActionStatus, NetworkEngagement
from joinedup.family_help.models import FamilyHelpCase, FamilyNetworkMember, PlanAction
from joinedup.family_help.tests.builders import each_child_says, plan_prompt_answers
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.prompts.models import PracticePrompt
from joinedup.ui.govuk import uk_date

from .steps import at_desktop_width, at_phone_width, fill_date, then_a_success_banner_says

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("practice_prompts")]


def dmy(days_ago: int = 0) -> tuple[str, str, str]:
    day = timezone.localdate() - timedelta(days=days_ago)
    return str(day.day), str(day.month), str(day.year)


def given_family_help_led_by_the_school(world: Any) -> FamilyHelpCase:
    harm_taxonomy_sync()  # the browser tests' database is emptied between tests
    today = timezone.localdate()
    referral = referral_made(world, child=world.allocated_child, on=today - timedelta(days=30))
    assessment = assessments.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=today - timedelta(days=29)
    )
    return family_help.family_help_open(
        actor=world.user("social_worker"),
        episode=assessment.case_episode,
        lead_practitioner=world.school_dsl,
        opened_on=today - timedelta(days=20),
    )


def test_a_manager_rewords_a_practice_prompt(page: Page, world: Any, sign_in_as: Any, assert_accessible: Any) -> None:
    sign_in_as(world.user("team_manager"))
    page.goto("/practice-prompts/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Hidden harms")).click()
    assert_accessible(page)
    page.get_by_label("Question").fill("Hidden harms: what might we not be seeing yet?")
    page.get_by_role("button", name="Save the prompt").click()
    then_a_success_banner_says(page, "Practice prompt saved")
    expect(page.get_by_role("link", name="Hidden harms: what might we not be seeing yet?")).to_be_visible()
    assert_accessible(page)
    assert PracticePrompt.objects.filter(question="Hidden harms: what might we not be seeing yet?").exists()


def test_family_group_decision_making_a_team_member_and_closing_family_help(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    case = given_family_help_led_by_the_school(world)
    sign_in_as(world.user("social_worker"))
    page.goto(f"/family-help/{case.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Offer family group decision making").click()
    assert_accessible(page)
    fill_date(page, "Date family group decision making was offered", *dmy(10))
    page.get_by_role("button", name="Record the offer").click()
    then_a_success_banner_says(page, "Family group decision making recorded")
    page.get_by_role("link", name=re.compile("^Record the answer")).click()
    assert_accessible(page)
    page.get_by_role("group", name="The family's answer").get_by_label("Accepted").check()
    fill_date(page, "Date the family answered", *dmy(9))
    page.get_by_role("button", name="Record the answer").click()
    page.get_by_role("link", name=re.compile("^Record the meeting")).click()
    assert_accessible(page)
    fill_date(page, "Date of the meeting", *dmy(2))
    page.get_by_label("The outcome").fill("Grandma does the school run on Tuesdays and Thursdays.")
    page.get_by_role("button", name="Record the meeting").click()
    then_a_success_banner_says(page, "Meeting and outcome recorded")
    expect(page.get_by_role("cell", name="Grandma does the school run on Tuesdays and Thursdays.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add to the team around the family").click()
    assert_accessible(page)
    page.get_by_label("Practitioner").select_option(str(world.health_visitor.pk))
    page.get_by_label("What they bring to the family's plan").fill("Health visiting for the youngest")
    fill_date(page, "Date they joined", *dmy(1))
    page.get_by_role("button", name="Add to the team").click()
    then_a_success_banner_says(page, "Added to the team around the family")
    page.get_by_role("link", name="Close Family Help").click()
    assert_accessible(page)
    page.get_by_role("button", name="Close Family Help").click()
    expect(page).to_have_title(re.compile("^Error: Close Family Help"))
    assert_accessible(page)
    fill_date(page, "Date Family Help closed", *dmy())
    page.get_by_label("RC7: Services ceased for any other reason").check()
    page.get_by_role("button", name="Close Family Help").click()
    then_a_success_banner_says(page, "Family Help closed")
    expect(page.locator(".govuk-tag", has_text="Closed")).to_be_visible()
    assert_accessible(page)
    assert not Involvement.objects.filter(
        practitioner=world.school_dsl, role=InvolvementRole.LEAD_PRACTITIONER, ended_on__isnull=True
    ).exists()


def test_the_lead_practitioner_marks_an_action_done_and_changes_a_network_members_engagement(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    case = given_family_help_led_by_the_school(world)
    today = timezone.localdate()
    family_help.family_plan_agree(
        actor=world.user("school_dsl"),
        case=case,
        agreed_on=today - timedelta(days=10),
        family_words="Calmer mornings.",
        child_voices=each_child_says(case, "Breakfast at home."),
        goals=[
            family_help.GoalInput(
                goal="The children get to school on time",
                actions=[family_help.ActionInput("Breakfast club place", "Mrs Patel, school", today)],
            )
        ],
        prompt_answers=plan_prompt_answers(case),
    )
    family_help.family_network_member_add(
        actor=world.user("school_dsl"),
        case=case,
        name="Grandma Jean",
        relationship_to_family="Grandmother",
        engagement=NetworkEngagement.CONTACTED,
    )
    sign_in_as(world.user("school_dsl"))
    page.goto(f"/family-help/{case.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Update the action: Breakfast club place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update an action of the family plan")
    assert_accessible(page)
    page.get_by_role("group", name="Has it been done?").get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Action updated.")
    expect(page.get_by_role("row", name=re.compile("Breakfast club place"))).to_contain_text("Done")
    assert_accessible(page)
    page.get_by_role("link", name="Change how Grandma Jean is engaged").click()
    assert_accessible(page)
    page.get_by_role("group", name="How are they engaged?").get_by_label("Engaged in the plan").check()
    page.get_by_label("Support they offer").fill("The school run on Wednesdays")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Grandma Jean's engagement is updated.")
    expect(page.get_by_role("row", name=re.compile("Grandma Jean"))).to_contain_text("Engaged in the plan")
    assert_accessible(page)
    at_phone_width(page)  # the family's record and the new forms fit a phone too
    assert_accessible(page)
    page.get_by_role("link", name="Update the action: Breakfast club place").click()
    assert_accessible(page)
    at_desktop_width(page)
    action = PlanAction.objects.get(goal__plan__case=case)
    member = FamilyNetworkMember.objects.get(case=case)
    assert action.status == ActionStatus.DONE
    assert (member.engagement, member.support_offered) == (NetworkEngagement.ENGAGED, "The school run on Wednesdays")


def test_a_pre_birth_assessment_and_the_birth_on_the_same_record(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    harm_taxonomy_sync()
    today = timezone.localdate()
    unborn: Any = ChildFactory(
        given_name="", family_name="Haddad", date_of_birth=None, sex="U",
        profile__is_unborn=True, profile__expected_date_of_delivery=today + timedelta(days=70),
    )  # fmt: skip
    InvolvementFactory.create(
        practitioner=world.social_worker, child=unborn, team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, started_on=today - timedelta(days=40),
    )  # fmt: skip
    referral_made(world, child=unborn, on=today - timedelta(days=10))
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{unborn.pk}/assessment-and-family-help/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Start the assessment")).click()
    fill_date(page, "Date the assessment started", *dmy(9))
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-birth assessment")
    expect(page.get_by_text("Pre-birth conference due by")).to_be_visible()
    assert_accessible(page)
    assessment_url = page.url
    # A scan moves the expected date two weeks on: the pre-birth conference moves with it (32 weeks of pregnancy).
    page.goto(f"/children/{unborn.pk}/assessment-and-family-help/")
    page.get_by_role("link", name="Change the expected date of delivery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the expected date of delivery")
    assert_accessible(page)
    too_late = today + timedelta(weeks=44)
    fill_date(page, "Expected date of delivery", str(too_late.day), str(too_late.month), str(too_late.year))
    page.get_by_role("button", name="Change the date").click()
    expect(page.get_by_role("alert")).to_contain_text("Expected date of delivery must be within the next 42 weeks")
    assert_accessible(page)
    moved = today + timedelta(days=84)
    fill_date(page, "Expected date of delivery", str(moved.day), str(moved.month), str(moved.year))
    page.get_by_role("button", name="Change the date").click()
    then_a_success_banner_says(page, f"The pre-birth conference is now due by {uk_date(moved - timedelta(weeks=8))}")
    assert_accessible(page)
    page.goto(assessment_url)
    due_row = page.locator(".govuk-summary-list__row", has_text="Pre-birth conference due by")
    expect(due_row).to_contain_text(uk_date(moved - timedelta(weeks=8)))
    page.goto(f"/children/{unborn.pk}/birth/")
    assert_accessible(page)
    fill_date(page, "Date of birth", *dmy())
    page.get_by_label("Given name").fill("Layla")
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_role("button", name="Record the birth").click()
    then_a_success_banner_says(page, "The unborn child's record is now the child's record")
    expect(page.get_by_role("link", name=re.compile("Pre-birth assessment"))).to_be_visible()
    assert_accessible(page)
    person = Person.objects.select_related("child_profile").get(pk=unborn.pk)
    assert person.given_name == "Layla" and not person.child_profile.is_unborn
