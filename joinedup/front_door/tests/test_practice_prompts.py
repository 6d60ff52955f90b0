"""Practice prompts (M32; issue 18) at the front door's decision: the prompts that apply to the child are asked, each
answer is recorded (who, when, which decision, the words asked) and shown on the contact; a required prompt left
unanswered is a 400 with the GOV.UK error summary, and nothing is saved."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.front_door import services
from joinedup.front_door.models import Contact, ContactDecision, DecisionHarm
from joinedup.prompts.models import PracticePrompt, PromptAnswer

from .conftest import RaiseConcern

pytestmark = pytest.mark.django_db

QUESTION = "Has the child been seen as a child first, and their vulnerability recognised?"


def confirmed_contact(world: World, raise_concern: RaiseConcern) -> Contact:
    contact = raise_concern()
    return services.contact_child_confirm(
        actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
    )


def decide(client: Any, contact: Contact, **more: str) -> Any:
    return client.post(
        f"/front-door/contacts/{contact.pk}/decision/",
        {"outcome": "family_help", "harms": ["physical_abuse"], "rationale": "Needs help.",
         "feedback_to_referrer": "Family Help will be in touch.", "child_voice_words": "I like school.", **more},
    )  # fmt: skip


def counts() -> tuple[int, int, int, int]:
    created = AuditEvent.objects.filter(action=AuditAction.CREATED).count()
    return ContactDecision.objects.count(), DecisionHarm.objects.count(), PromptAnswer.objects.count(), created


@pytest.fixture
def prompt(db: Any) -> PracticePrompt:
    return PracticePrompt.objects.create(
        moment="contact_decision", applies_to="all", question=QUESTION, guidance="Adultification.", is_required=True
    )


def test_a_required_prompt_left_unanswered_is_refused_and_saves_nothing(
    world: World, client_for: Any, raise_concern: RaiseConcern, prompt: PracticePrompt
) -> None:
    contact = confirmed_contact(world, raise_concern)
    client = client_for("front_door")
    page = unescape(client.get(f"/front-door/contacts/{contact.pk}/decision/").content.decode())
    assert "Practice prompts" in page and QUESTION in page and f'name="prompt_{prompt.pk}"' in page
    before = counts()
    response = decide(client, contact, **{f"prompt_{prompt.pk}": "  "})
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#id_prompt_{prompt.pk}"' in html
    assert f"Answer the practice prompt: {QUESTION}" in html
    assert counts() == before
    contact.refresh_from_db()
    assert contact.status == "awaiting_decision"


def test_each_answer_is_recorded_and_shown_on_the_contact_with_the_words_asked(
    world: World, client_for: Any, raise_concern: RaiseConcern, prompt: PracticePrompt
) -> None:
    contact = confirmed_contact(world, raise_concern)
    client = client_for("front_door")
    answer = "Yes: she is 14 and was treated as a victim, not as someone who chose to go."
    assert decide(client, contact, **{f"prompt_{prompt.pk}": answer}).status_code == 302
    decision = ContactDecision.objects.get(contact=contact)
    row = PromptAnswer.objects.get(prompt=prompt)
    assert (row.record_type, row.record_id, row.child_id, row.moment) == (
        "front_door.contactdecision", decision.pk, world.allocated_child.pk, "contact_decision",
    )  # fmt: skip
    assert row.answered_by == world.user("front_door") and row.answered_at is not None
    assert row.question_asked == QUESTION and row.answer == answer
    assert AuditEvent.objects.filter(object_type="prompts.promptanswer", object_id=str(row.pk)).exists()
    prompt.question = "Reworded later"
    prompt.save()
    page = unescape(client.get(f"/front-door/contacts/{contact.pk}/").content.decode())
    assert "Practice prompts at this decision" in page and QUESTION in page and answer in page
    assert "Reworded later" not in page


def test_a_prompt_for_another_group_is_not_asked(world: World, client_for: Any, raise_concern: RaiseConcern) -> None:
    PracticePrompt.objects.create(moment="contact_decision", applies_to="babies", question="Who saw the baby?")
    contact = confirmed_contact(world, raise_concern)  # the allocated child is not a baby
    client = client_for("front_door")
    page = client.get(f"/front-door/contacts/{contact.pk}/decision/").content.decode()
    assert "Who saw the baby?" not in page
    assert decide(client, contact).status_code == 302
