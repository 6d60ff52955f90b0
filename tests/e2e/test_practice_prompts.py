"""Practice prompts at the front door's decision (M32; issue 18), in the browser: a required prompt for the child is
asked; sending the decision without answering it gives the GOV.UK error summary linking to it; answered, the
decision is sent and the contact shows the answer. Axe checks every page, at 1280 px and at 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from joinedup.front_door import services
from joinedup.front_door.tests.conftest import child_described, concern_details
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.prompts.models import PracticePrompt, PromptAnswer

from .steps import then_a_success_banner_says, then_the_heading_is

pytestmark = pytest.mark.browser

QUESTION = "Has the child been seen as a child first, and their vulnerability recognised?"
ANSWER = "Yes: Ellie is 10; we read the school's account as a child's disclosure, not as bad behaviour."


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_front_door_answers_a_required_prompt_at_its_decision(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, viewport: dict[str, int]
) -> None:
    harm_taxonomy_sync()  # a browser test starts from empty tables
    PracticePrompt.objects.create(moment="contact_decision", applies_to="all", question=QUESTION, is_required=True)
    contact = services.contact_receive(
        actor=world.user("school_dsl"),
        channel="partner_portal",
        child=child_described(world),
        concern=concern_details(),
    ).contact
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    page.set_viewport_size(viewport)
    sign_in_as(world.user("front_door"))
    page.goto(f"/front-door/contacts/{contact.pk}/decision/")
    then_the_heading_is(page, "Record the decision")
    expect(page.get_by_role("heading", name="Practice prompts")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="What is your decision?").get_by_label("Family Help", exact=True).check()
    page.get_by_label("Why? Your rationale").fill("Bruising with a disclosure; the family agree to help.")
    page.get_by_label("What will the person who raised it be told?").fill("Family Help will be in touch this week.")
    page.get_by_label("The child's wishes and feelings, in their own words").fill("I want it to stop.")
    page.get_by_role("button", name="Send for sign-off").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Answer the practice prompt: {QUESTION}")
    assert_accessible(page)
    assert not PromptAnswer.objects.exists()
    summary.get_by_role("link", name=f"Answer the practice prompt: {QUESTION}").click()
    expect(page.get_by_label(QUESTION)).to_be_focused()
    page.get_by_label(QUESTION).fill(ANSWER)
    page.get_by_role("button", name="Send for sign-off").click()
    then_a_success_banner_says(page, "Decision recorded. It is now awaiting a manager's sign-off.")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    assert_accessible(page)
    assert PromptAnswer.objects.get().answer == ANSWER
