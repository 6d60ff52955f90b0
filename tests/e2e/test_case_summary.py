"""The case summary in the browser (issue 18, item 2): a child on a child protection plan and in Family Help reads,
on their summary, both plans in force (the child protection plan's categories of abuse and its next review
conference), their words at the conference linked to it, and their greater-risk flags; at a desktop's width and a
phone's (390 px), each passing the accessibility check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.child_protection.codes import ConferenceKind, ConferenceStatus
from joinedup.child_protection.factories import ChildProtectionPlanFactory, ConferenceFactory
from joinedup.family_help.factories import FamilyHelpCaseFactory, FamilyPlanFactory
from joinedup.harms.models import HarmType
from joinedup.harms.services import harm_taxonomy_sync

from .steps import then_the_heading_is

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def test_a_worker_reads_every_plan_in_force_and_the_childs_words_on_the_case_summary(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    harm_taxonomy_sync()
    child = world.allocated_child
    profile = child.child_profile
    profile.is_missing = True
    profile.save()
    started = dt.date.today() - dt.timedelta(days=80)
    plan = ChildProtectionPlanFactory(
        child=child,
        started_on=started,
        harms=list(HarmType.objects.filter(cin_category_of_abuse="NEG")[:1]),
        starting_conference__child_voice_words="I want Mum to stop shouting",
    )
    review = dt.date.today() + dt.timedelta(days=10)
    ConferenceFactory(
        child=child, kind=ConferenceKind.REVIEW, status=ConferenceStatus.ARRANGED, planned_for=review, plan=plan
    )
    FamilyPlanFactory(case=FamilyHelpCaseFactory(child=child, lead_practitioner=world.school_dsl), goals=["Calm"])
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/case-summary/")
    then_the_heading_is(page, child.full_name)
    plans = page.locator("#plan ~ h3")
    expect(plans.filter(has_text="Child protection plan")).to_have_count(1)
    expect(plans.filter(has_text="Family plan")).to_have_count(1)
    expect(page.get_by_text("Category of abuse: Neglect.")).to_be_visible()
    expect(page.get_by_text(f"Next review conference arranged for {review.day} {review:%B %Y}.")).to_be_visible()
    expect(page.get_by_text("“I want Mum to stop shouting”")).to_be_visible()
    words_from = page.get_by_role("link", name=f"Initial child protection conference, {started.day} {started:%B %Y}")
    expect(words_from).to_be_visible()
    expect(page.get_by_text("Greater-risk flag: Missing")).to_be_visible()
    expect(page.get_by_text("No plan is in force.")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size(PHONE_390)
    expect(words_from).to_be_visible()
    assert_accessible(page)
    screenshot(page, "case-summary-every-plan")
    words_from.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Initial child protection conference")
