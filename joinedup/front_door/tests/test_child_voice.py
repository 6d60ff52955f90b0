"""The child's voice at the front door's decision (M26; issue 18): the child's wishes and feelings in their own words,
or why they could not be obtained, asked at every decision, shown on the contact and (the words) on the case
summary."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.front_door import services
from joinedup.front_door.models import Contact, ContactDecision, DecisionHarm

from .conftest import RaiseConcern

pytestmark = pytest.mark.django_db

WORDS = "I don't want to go home when he is there. I want to stay at Nan's."


def confirmed_contact(world: World, raise_concern: RaiseConcern) -> Contact:
    contact = raise_concern()
    return services.contact_child_confirm(
        actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
    )


def decide(client: Any, contact: Contact, **voice: str) -> Any:
    return client.post(
        f"/front-door/contacts/{contact.pk}/decision/",
        {"outcome": "family_help", "harms": ["physical_abuse"], "rationale": "Needs help.",
         "feedback_to_referrer": "Family Help will be in touch.", **voice},
    )  # fmt: skip


def counts() -> tuple[int, int, int]:
    created = AuditEvent.objects.filter(action=AuditAction.CREATED).count()  # the page shown again is a read
    return ContactDecision.objects.count(), DecisionHarm.objects.count(), created


def test_a_decision_with_neither_words_nor_a_reason_is_refused_and_saves_nothing(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = confirmed_contact(world, raise_concern)
    client = client_for("front_door")
    client.get(f"/front-door/contacts/{contact.pk}/decision/")
    before = counts()
    response = decide(client, contact)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and 'href="#id_child_voice_words"' in html
    assert "Enter the child's wishes and feelings in their own words, or select why they could not be obtained" in html
    assert counts() == before
    contact.refresh_from_db()
    assert contact.status == "awaiting_decision"


def test_a_reason_without_saying_what_was_tried_is_refused(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = confirmed_contact(world, raise_concern)
    client = client_for("front_door")
    client.get(f"/front-door/contacts/{contact.pk}/decision/")
    before = counts()
    response = decide(client, contact, child_voice_not_obtained="not_yet_seen")
    assert response.status_code == 400
    assert 'href="#id_child_voice_not_obtained_detail"' in response.content.decode()
    assert counts() == before


def test_the_childs_words_show_on_the_contact_and_the_case_summary(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = confirmed_contact(world, raise_concern)
    client = client_for("front_door")
    assert decide(client, contact, child_voice_words=WORDS).status_code == 302
    decision = ContactDecision.objects.get(contact=contact)
    assert decision.child_voice_words == WORDS and decision.child_voice_not_obtained == ""
    page = unescape(client.get(f"/front-door/contacts/{contact.pk}/").content.decode())
    assert f"In their own words: {WORDS}" in page
    summary = client_for("social_worker").get(f"/children/{world.allocated_child.pk}/case-summary/")
    assert summary.status_code == 200
    html = unescape(summary.content.decode())
    assert WORDS in html and "At the front door's decision" in html


def test_a_reason_is_shown_as_the_reason(world: World, client_for: Any, raise_concern: RaiseConcern) -> None:
    contact = confirmed_contact(world, raise_concern)
    client = client_for("front_door")
    response = decide(
        client,
        contact,
        child_voice_not_obtained="not_yet_seen",
        child_voice_not_obtained_detail="To be seen at school on Monday by the social worker.",
    )
    assert response.status_code == 302
    page = unescape(client.get(f"/front-door/contacts/{contact.pk}/").content.decode())
    assert "Not obtained: Not yet seen" in page and "To be seen at school on Monday" in page
    summary = unescape(
        client_for("social_worker").get(f"/children/{world.allocated_child.pk}/case-summary/").content.decode()
    )
    assert "At the front door's decision" not in summary  # a reason is not the child's words
