"""The partner portal and the public form: raising a concern (with "Is this the child?" for a partner's own
pupils), the confirmation with the 999 warning, bad input kept and explained, a double click making one contact,
partners seeing only their own concerns and the outcome (never the front door's working notes or rationale),
answering information requests, and the public form's CSRF, honeypot and throttle."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from joinedup.agencies.models import Practitioner
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.front_door import services
from joinedup.front_door.models import ConcernDraft, Contact

from .conftest import RaiseConcern, through_the_pages

pytestmark = pytest.mark.django_db


def body(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def test_immediate_danger_tells_the_person_to_call_999(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    from .conftest import concern_details

    contact = raise_concern(concern=concern_details(immediate_danger=True))
    sent = body(client_for("school_dsl").get(f"/concerns/{contact.pk}/sent/"))
    assert contact.reference in sent and "Call 999 now" in sent and "duty team has been alerted" in sent


def test_partners_see_only_their_own_concerns_and_the_outcome_never_the_working_notes(
    world: World, client_for: Any, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    contact = raise_concern()
    front_door = world.user("front_door")
    services.contact_child_confirm(actor=front_door, contact=contact, child_id=world.allocated_child.pk)
    services.contact_note_add(actor=front_door, contact=contact, text="WORKING-NOTE: mother's partner known to police")
    decision = services.contact_decision_record(
        actor=front_door, contact=contact, outcome="family_help", rationale="RATIONALE-TEXT: pattern of injuries",
        feedback_to_referrer="Family Help will contact the family this week.", harm_codes=["physical_abuse"],
        voice=ChildVoice(words="I want it to stop."),
    )  # fmt: skip
    services.information_request_create(
        actor=front_door, contact=contact, to_organisation_id=world.health_visiting.pk, question="QUESTION-TEXT",
        is_urgent=True,
    )  # fmt: skip
    dsl = client_for("school_dsl")
    pending = body(dsl.get(f"/concerns/{contact.pk}/"))
    assert "Being considered" in pending and "Family Help will contact" not in pending  # not until agreed
    services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    for page in (f"/concerns/{contact.pk}/", "/concerns/"):
        html = body(dsl.get(page))
        assert contact.reference in html and "Family Help" in html
        for secret in ("WORKING-NOTE", "RATIONALE-TEXT", "QUESTION-TEXT", f"record {world.allocated_child.pk}"):
            assert secret not in html, (page, secret)
    assert "Family Help will contact the family this week." in body(dsl.get(f"/concerns/{contact.pk}/"))
    # Another school's DSL, a health visitor and the police see none of it.
    for name in ("other_school_dsl", "health_visitor", "police_officer"):
        client = client_for(name)
        assert client.get(f"/concerns/{contact.pk}/").status_code == 404
        assert contact.reference not in body(client.get("/concerns/"))


def test_the_partner_list_reads_a_fixed_number_of_queries(
    world: World, client_for: Any, raise_concern: RaiseConcern, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        raise_concern(idempotency_key=f"key-{n}")
    client = client_for("school_dsl")
    client.get("/concerns/")
    with django_assert_num_queries(21):  # with the concerns not sent yet (issue 19): one query
        client.get("/concerns/")
    for n in range(3, 8):
        raise_concern(idempotency_key=f"key-{n}")
    with django_assert_num_queries(21):  # the same for 8 concerns as for 3
        html = body(client.get("/concerns/"))
    assert html.count("/concerns/") >= 8


def test_the_named_health_visitor_answers_through_the_portal(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    request = services.information_request_create(
        actor=world.user("front_door"), contact=contact, to_organisation_id=world.health_visiting.pk,
        question="Is the family known to you?", is_urgent=True, to_practitioner_id=world.health_visitor.pk,
    )  # fmt: skip
    hv = client_for("health_visitor")
    listing = body(hv.get("/concerns/"))
    assert (
        request.question in listing
        and f"request {request.pk}" not in listing.lower()
        and "1 waiting for your answer" in listing
    )
    page = body(hv.get(f"/information-requests/{request.pk}/"))
    assert "Is the family known to you?" in page and "Ellie Marsden" in page
    assert "bruising" not in page.lower()  # the question and the child's identity, nothing else of the contact
    assert client_for("other_health_visitor").get(f"/information-requests/{request.pk}/").status_code == 404
    assert client_for("school_dsl").get(f"/information-requests/{request.pk}/").status_code == 404
    empty = body(hv.post(f"/information-requests/{request.pk}/", {"response": ""}))
    assert "Write your answer" in empty
    response = hv.post(f"/information-requests/{request.pk}/", {"response": "Known: missed checks for the baby."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.response == "Known: missed checks for the baby."


def test_a_partner_sees_requests_to_answer_urgent_first_apart_from_the_concerns_they_raised(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    """Police and health requests sat under "Concerns you have raised" (issue 19): they are work to answer, listed on
    their own, urgent first, each with its due date and Overdue when late."""
    front_door = world.user("front_door")

    def ask(urgent: bool, question: str) -> Any:
        contact = raise_concern(idempotency_key=question)
        services.contact_child_confirm(actor=front_door, contact=contact, child_id=world.allocated_child.pk)
        return services.information_request_create(
            actor=front_door, contact=contact, to_organisation_id=world.health_visiting.pk, question=question,
            is_urgent=urgent, to_practitioner_id=world.health_visitor.pk,
        )  # fmt: skip

    with time_machine.travel("2027-01-05 10:00:00+00:00", tick=False):  # due Friday 8th: overdue by the 13th
        late = ask(False, "Known to you?")
    urgent = ask(True, "Any concerns about the baby?")
    answered = ask(False, "Seen lately?")
    services.information_request_answer(actor=world.user("health_visitor"), request=answered, response="Yes.")
    html = body(client_for("health_visitor").get("/concerns/"))
    to_answer = html[html.index("Requests to answer") : html.index("Concerns you have raised")]
    assert to_answer.index(urgent.question) < to_answer.index(late.question)
    assert answered.question not in to_answer and "2 waiting for your answer" in to_answer
    late_row = to_answer[to_answer.index(late.question) :]
    assert re.search(r"govuk-tag--red\">\s*Overdue by \d+ days?\s*<", late_row) and "Due 8 January 2027" in late_row
    urgent_row = to_answer[to_answer.index(urgent.question) : to_answer.index(late.question)]
    assert re.search(r"govuk-tag--orange\">\s*Urgent\s*<", urgent_row) and "Overdue" not in urgent_row
    raised = html[html.index("Concerns you have raised") :]
    assert (
        "You have not raised any concerns yet." in raised
        and urgent.question not in raised.split("Requests you have answered")[0]
    )
    assert answered.question in raised.split("Requests you have answered")[1]


def public_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "immediate_danger": "no",
        "child_given_name": "Tyler",
        "child_age_years": "8",
        "child_address": "12 Acacia Road",
        "what_happened": "He is often left alone overnight and comes round hungry.",
        "harms": ["neglect"],
        "family_aware": "not_aware",
        "consent": "not_sought",
        "consent_reason": "I am scared of his dad.",
        "referrer_relationship": "acquaintance",
        "website_url": "",
    }
    data.update(overrides)
    return data


def report(client: Client, data: dict[str, Any]) -> Any:
    """A member of the public answers every page with `data`, then sends from "Check your answers"."""
    check, _ = through_the_pages(client, data, start="/report-a-concern/")
    return client.post(check, {"website_url": data.get("website_url", "")})


def test_the_public_form_needs_no_sign_in_and_gives_only_a_reference(world: World, today: date) -> None:
    client = Client()
    html = body(client.get("/report-a-concern/"))
    assert "Tell us you are worried about a child" in html and "Exit this page" in html
    response = report(client, public_post(immediate_danger="yes"))
    assert response.status_code == 302 and response["Location"] == "/report-a-concern/sent/"
    contact = Contact.objects.get()
    assert contact.channel == "public_form" and contact.source == "9" and contact.recorded_by is None
    assert contact.urgency == "urgent" and contact.kind == "concern"  # in danger now: urgent, as the form had it
    from joinedup.audit.models import AuditEvent

    created = AuditEvent.objects.get(object_type="front_door.contact", object_id=str(contact.pk))
    assert (created.actor_id, created.actor_system) == (None, "public-form")  # no user: the public form, by name
    sent = body(client.get("/report-a-concern/sent/"))
    assert contact.reference in sent and "Call 999 now" in sent
    assert "Tyler" not in sent and "Acacia" not in sent  # nothing of what they said comes back


def test_the_public_form_is_csrf_protected(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/report-a-concern/", public_post()).status_code == 403
    assert not Contact.objects.exists() and not ConcernDraft.objects.exists()


def test_a_bot_filling_the_honeypot_makes_nothing(world: World) -> None:
    response = Client().post("/report-a-concern/", public_post(website_url="http://spam.example"))
    assert response.status_code == 302
    assert not Contact.objects.exists() and not ConcernDraft.objects.exists()
    # Nor on the check page, should a program get that far.
    client = Client()
    check, _ = through_the_pages(client, public_post(), start="/report-a-concern/")
    assert client.post(check, {"website_url": "http://spam.example"})["Location"] == "/report-a-concern/sent/"
    assert not Contact.objects.exists()


def test_the_public_form_is_throttled_per_address_when_sending(world: World) -> None:
    client = Client()
    for n in range(10):
        assert report(client, public_post()).status_code == 302, n
    assert Contact.objects.count() == 10
    check, _ = through_the_pages(client, public_post(), start="/report-a-concern/")
    response = client.post(check)
    assert response.status_code == 429 and "call 999" in response.content.decode()
    assert Contact.objects.count() == 10 and ConcernDraft.objects.filter(token__gt="").count() == 1  # kept
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert report(other, public_post()).status_code == 302


def test_a_public_report_with_no_child_to_find_is_refused_and_kept(world: World) -> None:
    client = Client()
    response = report(client, public_post(child_address="", child_age_years=""))
    html = unescape(response.content.decode())
    assert response.status_code == 400 and "We cannot tell which child this is" in html
    assert "often left alone overnight" in html  # kept, on the check page
    assert not Contact.objects.exists() and ConcernDraft.objects.count() == 1
