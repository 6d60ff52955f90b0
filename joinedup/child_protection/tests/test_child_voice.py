"""The child's voice at a strategy discussion (M26; issue 18): the child's wishes and feelings in their own words,
or why they could not be obtained, shown on the child protection record and (the words) on the case summary."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

from django.urls import reverse

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.child_protection.models import Section47Enquiry, StrategyDiscussion, StrategyParticipant

from .conftest import Journey
from .test_views_and_access import d, strategy_post

WORDS = "I told Miss because I want it to stop. I want to stay with Nan."


def counts() -> tuple[int, int, int, int]:
    return (
        StrategyDiscussion.objects.count(),
        StrategyParticipant.objects.count(),
        Section47Enquiry.objects.count(),
        AuditEvent.objects.filter(action=AuditAction.CREATED).count(),  # the page shown again is a read
    )


def post(journey: Journey, client: Any, start: date, **voice: str) -> Any:
    data = strategy_post(journey, start, ["physical_abuse"], experienced="no")
    data.pop("child_voice_words")
    return client.post(reverse("child_protection:strategy_discussion_new", args=[journey.child.pk]), {**data, **voice})


def test_neither_words_nor_a_reason_is_refused_and_saves_nothing(
    journey: Journey, client_for: Any, start: date
) -> None:
    before = counts()
    response = post(journey, client_for("social_worker"), start)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and 'href="#id_child_voice_words"' in html
    assert "Enter the child's wishes and feelings in their own words, or select why they could not be obtained" in html
    assert counts() == before


def test_the_words_show_on_the_record_and_the_case_summary(journey: Journey, client_for: Any, start: date) -> None:
    client = client_for("social_worker")
    assert post(journey, client, start, child_voice_words=WORDS).status_code == 302
    assert StrategyDiscussion.objects.get().child_voice_words == WORDS
    record = unescape(client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode())
    assert f"In their own words: {WORDS}" in record
    summary = client.get(f"/children/{journey.child.pk}/case-summary/")
    assert summary.status_code == 200
    assert WORDS in unescape(summary.content.decode())


def test_a_reason_is_shown_as_the_reason(journey: Journey, client_for: Any, start: date) -> None:
    client = client_for("social_worker")
    response = post(
        journey,
        client,
        start,
        child_voice_not_obtained="cannot_communicate",
        child_voice_not_obtained_detail="Non-verbal; the speech and language therapist will help at the next visit.",
    )
    assert response.status_code == 302
    record = unescape(client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode())
    assert "Not obtained: Not able to communicate them, even with support" in record
    assert "the speech and language therapist will help" in record


# -- the section 47 enquiry's outcome ---------------------------------------------------------------------------


def enquiry_post(journey: Journey, on: date, **voice: str) -> dict[str, Any]:
    w = journey.world
    return {
        "lead_practitioner": str(w.social_worker.pk),
        "social_worker": str(w.social_worker.pk),
        "police_officer": str(w.police_officer.pk),
        "health_professional": str(w.health_visitor.pk),
        "findings": "Consistent account; medical findings support it.",
        "outcome": "initial_conference",
        **d("concluded_on", on),
        **voice,
    }


def test_an_enquiry_outcome_without_words_or_a_reason_is_refused_and_changes_nothing(
    journey: Journey, client_for: Any, start: date
) -> None:
    enquiry = journey.strategy(start).enquiry
    before = counts()
    response = client_for("social_worker").post(
        reverse("child_protection:enquiry_record", args=[enquiry.pk]), enquiry_post(journey, start)
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "govuk-error-summary" in html and 'href="#id_child_voice_words"' in html
    assert counts() == before
    enquiry.refresh_from_db()
    assert enquiry.concluded_on is None and enquiry.outcome == "" and not enquiry.team_members.exists()


def test_an_enquiry_outcome_shows_the_words_on_the_record_and_the_summary(
    journey: Journey, client_for: Any, start: date
) -> None:
    enquiry = journey.strategy(start).enquiry
    client = client_for("social_worker")
    words = "I want to stay at Nan's until it is safe."
    response = client.post(
        reverse("child_protection:enquiry_record", args=[enquiry.pk]),
        enquiry_post(journey, start, child_voice_words=words),
    )
    assert response.status_code == 302
    record = unescape(client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode())
    assert f"In their own words: {words}" in record
    summary = unescape(client.get(f"/children/{journey.child.pk}/case-summary/").content.decode())
    assert words in summary and "Section 47 enquiry outcome" in summary


def test_an_enquiry_outcome_shows_a_reason_as_the_reason(journey: Journey, client_for: Any, start: date) -> None:
    enquiry = journey.strategy(start).enquiry
    client = client_for("social_worker")
    response = client.post(
        reverse("child_protection:enquiry_record", args=[enquiry.pk]),
        enquiry_post(
            journey,
            start,
            child_voice_not_obtained="declined",
            child_voice_not_obtained_detail="Did not want to talk after the interview; advocate offered.",
        ),
    )
    assert response.status_code == 302
    record = unescape(client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode())
    assert "Not obtained: Declined to share them" in record and "advocate offered" in record
