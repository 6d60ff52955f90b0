"""The front door's pages: the queue (immediate danger first, each contact's one-working-day clock, greater-risk
flags, repeats in 12 months; a pinned number of queries however long it is), a contact, confirming the child,
information requests, the decision and its sign-off, feedback, prompts and a child's front door history."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
import time_machine

from joinedup.accounts.factories import TOTPDeviceFactory
from joinedup.agencies.models import Practitioner
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.front_door import services
from joinedup.front_door.codes import ContactStatus
from joinedup.front_door.models import Contact, ContactDecision, InformationRequest, Referral
from joinedup.people.factories import ChildFactory
from joinedup.people.models import ChildProfile
from joinedup.timescales.models import Deadline

from .conftest import RaiseConcern, child_described, concern_details, through_the_pages

pytestmark = pytest.mark.django_db


def body(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def test_the_queue_is_the_front_doors(world: World, client_for: Any, today: date) -> None:
    assert "Front door" in body(client_for("front_door").get("/front-door/"))
    for name in ("school_dsl", "social_worker", "health_visitor", "analyst"):
        assert client_for(name).get("/front-door/").status_code == 404


def test_the_queue_puts_immediate_danger_first_then_the_soonest_due_with_flags(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    with time_machine.travel("2027-01-08 10:00:00+00:00", tick=False):  # Friday: due Monday 11th, now overdue
        overdue = raise_concern(idempotency_key="old")
    ChildProfile.objects.filter(person=world.allocated_child).update(is_looked_after=True)
    overdue.child = world.allocated_child
    Contact.objects.filter(pk=overdue.pk).update(child=world.allocated_child, child_match="confirmed_by_front_door")
    danger = raise_concern(concern=concern_details(immediate_danger=True), idempotency_key="danger")
    html = body(client_for("front_door").get("/front-door/"))
    assert html.index(danger.reference) < html.index(overdue.reference)
    assert "Overdue by 2 days" in html and "Looked after" in html and "Immediate danger" in html
    assert "All open (2)" in html and "Overdue (1)" in html
    assert "A child may be in immediate danger" in html  # the alert for the signed-in practitioner


def test_the_queue_reads_a_fixed_number_of_queries_and_audits_each_row(
    world: World, client_for: Any, raise_concern: RaiseConcern, django_assert_num_queries: Any
) -> None:
    children = [ChildFactory(family_name=f"Queue{n}") for n in range(12)]

    def add(n: int) -> None:
        contact = raise_concern(child=child_described(world, family_name=f"Queue{n}"), idempotency_key=f"q{n}")
        services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=children[n].pk)

    for n in range(3):
        add(n)
    client = client_for("front_door")
    client.get("/front-door/")
    # One of them reads every confirmed child's greater-risk flags, with those the record shows (issue 18).
    with django_assert_num_queries(18):
        client.get("/front-door/")
    for n in range(3, 12):
        add(n)
    before = AuditEvent.objects.count()
    with django_assert_num_queries(18):  # the same for 12 contacts as for 3
        html = body(client.get("/front-door/"))
    assert "All open (12)" in html
    listed = AuditEvent.objects.filter(id__gt=0, action=AuditAction.LISTED, object_type="front_door.contact")
    assert listed.count() >= 12 and AuditEvent.objects.count() - before == 12


def test_triage_from_confirming_the_child_to_sign_off(
    world: World, client_for: Any, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    contact = raise_concern()
    front_door = client_for("front_door")
    page = body(front_door.get(f"/front-door/contacts/{contact.pk}/"))
    assert "Ellie Marsden, record" in page and "Confirm the child" in page and "Mum's boyfriend" in page
    assert client_for("school_dsl").get(f"/front-door/contacts/{contact.pk}/").status_code == 404
    choose = body(front_door.get(f"/front-door/contacts/{contact.pk}/child/"))
    assert "Which record is this child?" in choose
    response = front_door.post(
        f"/front-door/contacts/{contact.pk}/child/", {"child_record": str(world.allocated_child.pk)}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.child == world.allocated_child
    response = front_door.post(
        f"/front-door/contacts/{contact.pk}/information-requests/new/",
        {"to_organisations": [world.health_visiting.pk],
         f"to_practitioner_{world.health_visiting.pk}": world.health_visitor.pk,
         "question": "Known to you?", "is_urgent": "yes"},
    )  # fmt: skip
    assert response.status_code == 302 and InformationRequest.objects.filter(contact=contact).exists()
    front_door.post(f"/front-door/contacts/{contact.pk}/notes/", {"text": "Spoke to the DSL again."})
    decided = front_door.post(
        f"/front-door/contacts/{contact.pk}/decision/",
        {"outcome": "family_help", "harms": ["physical_abuse", "domestic_abuse"], "rationale": "Needs help.",
         "feedback_to_referrer": "Family Help will be in touch.", "child_voice_words": "I want it to stop."},
    )  # fmt: skip
    assert decided.status_code == 302
    assert front_door.get(f"/front-door/contacts/{contact.pk}/sign-off/").status_code == 404  # not a manager
    manager = client_for("front_door")
    manager.force_login(mash_manager.user)
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDeviceFactory(user=mash_manager.user)
    session = manager.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert "Sign off the decision" in body(manager.get(f"/front-door/contacts/{contact.pk}/"))
    page = body(manager.get(f"/front-door/contacts/{contact.pk}/sign-off/"))
    assert "Needs help." in page and "Family Help" in page
    empty = body(manager.post(f"/front-door/contacts/{contact.pk}/sign-off/", {}))
    assert "Say whether you agree the decision" in empty
    response = manager.post(f"/front-door/contacts/{contact.pk}/sign-off/", {"agree": "yes"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert ContactDecision.objects.get(contact=contact).signed_off_by == mash_manager.user
    assert Referral.objects.filter(contact=contact).exists()
    done = body(manager.get(f"/front-door/contacts/{contact.pk}/"))
    assert f"Agreed by {mash_manager.full_name}," in done and "Partner portal" in done  # named, not "by manager by"


def test_a_new_record_is_made_from_a_contact_about_an_unknown_child(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern(
        child=services.ChildAsDescribed(given_name="Noah", family_name="Achterberg", date_of_birth=date(2019, 6, 2))
    )
    response = client_for("front_door").post(f"/front-door/contacts/{contact.pk}/child/", {"action": "create"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.child is not None and contact.child.family_name == "Achterberg"


def test_a_record_number_that_is_not_a_child_is_refused(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern()
    html = body(
        client_for("front_door").post(
            f"/front-door/contacts/{contact.pk}/child/", {"child_record": "other", "record_number": "999999"}
        )
    )
    assert "There is no child's record with that number" in html


def test_the_front_door_records_a_call(world: World, client_for: Any, today: date) -> None:
    client = client_for("front_door")
    assert "Record a call or email" in body(client.get("/front-door/contacts/new/"))
    check, _ = through_the_pages(
        client,
        {"channel": "phone", "source": "1A", "referrer_name": "Jean Holt", "immediate_danger": "no",
         "urgency": "standard", "child_given_name": "Ellie", "child_family_name": "Nobody-Matches",
         "child_is_unborn": "no", "child_date_of_birth_0": "27", "child_date_of_birth_1": "3",
         "child_date_of_birth_2": "2016", "kind": "request_for_support", "harms": ["neglect"],
         "what_happened": "Grandmother worried about Ellie's mum's drinking.", "family_aware": "aware",
         "consent": "given", "child_record_choice": "none"},
        start="/front-door/contacts/new/",
    )  # fmt: skip
    response = client.post(check)
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/front-door/contacts/{contact.pk}/"
    assert (contact.channel, contact.source, contact.referrer_name) == ("phone", "1A", "Jean Holt")


def test_repeated_indicators_prompt_the_allocated_worker_who_records_what_they_did(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    for n, code in enumerate(["missing_from_home", "victim_of_crime", "drawn_into_crime"]):
        contact = raise_concern(concern=concern_details(indicator_codes=[code]), idempotency_key=f"i{n}")
        services.contact_child_confirm(
            actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
        )
    worker = client_for("social_worker")
    prompts = body(worker.get("/prompts/"))
    assert f"Repeated early indicators of risk for {world.allocated_child.full_name}" in prompts  # named (issue 19)
    from joinedup.harms.models import RiskIndicatorEscalation

    escalation = RiskIndicatorEscalation.objects.get()
    page = body(worker.get(f"/prompts/repeated-indicators/{escalation.pk}/"))
    assert "Missing from home" in page and "Drawn into crime" in page
    response = worker.post(
        f"/prompts/repeated-indicators/{escalation.pk}/", {"action_taken": "Exploitation screening booked."}
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.action_taken == "Exploitation screening booked."
    assert client_for("school_dsl").get(f"/prompts/repeated-indicators/{escalation.pk}/").status_code == 404


def test_a_childs_front_door_history_is_for_caseworkers_who_may_see_the_child(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    url = f"/front-door/children/{world.allocated_child.pk}/"
    assert contact.reference in body(client_for("social_worker").get(url))
    assert contact.reference in body(client_for("front_door").get(url))
    for name in ("school_dsl", "other_team_worker", "health_visitor"):
        assert client_for(name).get(url).status_code == 404


def test_greater_risk_flags_appear_wherever_the_child_does(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    ChildProfile.objects.filter(person=world.allocated_child).update(
        is_looked_after=True, special_educational_needs="ehc_plan"
    )
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    client = client_for("front_door")
    for url in (
        "/front-door/",
        f"/front-door/contacts/{contact.pk}/",
        f"/front-door/contacts/{contact.pk}/decision/",
        f"/front-door/contacts/{contact.pk}/information-requests/new/",
        f"/front-door/children/{world.allocated_child.pk}/",
    ):
        page = body(client.get(url))
        assert "Looked after" in page and "SEND (EHC plan)" in page, url


def test_an_urgent_concern_and_a_child_in_immediate_danger_come_first_whatever_their_age_and_page(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    """A school's "Urgent: the child needs a response today" was the last row on page 2 with no tag and a calm blue
    due date (issue 19): more than a page of older, calm contacts, due sooner, must not bury it."""
    calm = concern_details(urgency="standard")
    with time_machine.travel("2027-01-11 10:00:00+00:00", tick=False):  # Monday: due Tuesday 12th, overdue now
        older = [raise_concern(concern=calm, idempotency_key=f"calm{n}") for n in range(27)]
    urgent = raise_concern(concern=concern_details(urgency="urgent"), idempotency_key="urgent")
    danger = raise_concern(concern=concern_details(immediate_danger=True), idempotency_key="danger")
    client = client_for("front_door")
    page_one = body(client.get("/front-door/"))
    assert "All open (29)" in page_one and "page=2" in page_one
    first = page_one[page_one.index("<table") :]  # the queue, not the alert about the child in danger
    danger_at, urgent_at = first.index(danger.reference), first.index(urgent.reference)
    calm_at = [first.index(c.reference) for c in older if c.reference in first]
    assert danger_at < urgent_at < min(calm_at)
    page_two = body(client.get("/front-door/?page=2"))
    second = page_two[page_two.index("<table") :]
    assert older[-1].reference in second and danger.reference not in second and urgent.reference not in second
    # Each tagged in plain words, by the GOV.UK colours: red for immediate danger and overdue, orange for today.
    danger_row = first[danger_at : first.index("</tr>", danger_at)]
    urgent_row = first[urgent_at : first.index("</tr>", urgent_at)]
    calm_row = first[calm_at[0] : first.index("</tr>", calm_at[0])]
    assert _tag(danger_row, "red", "Immediate danger") and _tag(danger_row, "red", "Respond now")
    assert "govuk-tag--blue" not in danger_row
    assert _tag(urgent_row, "orange", "Urgent: respond today") and _tag(urgent_row, "orange", "Due today")
    assert _tag(calm_row, "red", "Overdue by 1 day")


def _tag(html: str, colour: str, text: str) -> bool:
    """Is there a GOV.UK tag of `colour` saying `text` in `html`?"""
    return re.search(rf'class="govuk-tag govuk-tag--{colour}"[^>]*>\s*{re.escape(text)}\s*<', html) is not None


def test_one_submission_asks_several_agencies_each_with_its_own_request_and_deadline(
    world: World, client_for: Any, raise_concern: RaiseConcern
) -> None:
    """Information requests went one agency per form, and "Who in that agency?" listed everyone (issue 19)."""
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    client = client_for("front_door")
    url = f"/front-door/contacts/{contact.pk}/information-requests/new/"
    hv, police = world.health_visiting, world.police
    html = body(client.get(url))
    # Each agency's people listed under it alone.
    at = html.index(f'id="id_to_practitioner_{hv.pk}"')
    hv_people = html[at : html.index("</select>", at)]
    assert world.health_visitor.full_name in hv_people and world.police_officer.full_name not in hv_people
    # A person from another agency is refused, next to that agency's list; nothing is sent.
    wrong = body(
        client.post(url, {"to_organisations": [hv.pk, police.pk], "question": "Known to you?", "is_urgent": "no",
                          f"to_practitioner_{police.pk}": world.health_visitor.pk})
    )  # fmt: skip
    assert f"Choose someone who works in {police.name}, the agency you are asking" in wrong
    assert f'href="#id_to_practitioner_{police.pk}"' in wrong
    assert not InformationRequest.objects.exists()
    response = client.post(
        url,
        {"to_organisations": [hv.pk, police.pk], f"to_practitioner_{hv.pk}": world.health_visitor.pk,
         f"to_practitioner_{police.pk}": world.police_officer.pk, "question": "Known to you?", "is_urgent": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    requests = {r.to_organisation_id: r for r in InformationRequest.objects.filter(contact=contact)}
    assert set(requests) == {hv.pk, police.pk}
    assert requests[hv.pk].to_practitioner_id == world.health_visitor.pk
    assert requests[police.pk].to_practitioner_id == world.police_officer.pk
    deadlines = Deadline.objects.filter(rule_code="information_request", met_on__isnull=True)
    assert sorted(deadlines.values_list("subject_key", flat=True)) == sorted(
        f"front_door.informationrequest:{r.pk}" for r in requests.values()
    )
    contact.refresh_from_db()
    assert contact.open_information_requests == 2
    # Each keeps its own deadline: answering one meets its own alone.
    services.information_request_answer(actor=world.user("health_visitor"), request=requests[hv.pk], response="Yes.")
    assert deadlines.count() == 1
