"""Triage (M12): the front door confirms the child's record (the one-working-day clock gets its deadline, due as
the contact said), early indicators go on the child and repeated ones prompt the lead practitioner and manager;
information requests to partner agencies have their own deadlines and are answered through the portal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.front_door import services
from joinedup.front_door.codes import AlertKind, ChildMatch
from joinedup.front_door.models import Contact, DutyAlert
from joinedup.harms.models import ChildRiskIndicator, RiskIndicatorEscalation
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline

from .conftest import TODAY, RaiseConcern, concern_details

pytestmark = pytest.mark.django_db


def test_confirming_the_child_starts_the_decision_clock_from_receipt_and_records_indicators(
    world: World, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern()
    with assert_audit_events(
        ("updated", "front_door.contact"), ("created", "timescales.deadline"), ("created", "harms.childriskindicator")
    ):
        services.contact_child_confirm(
            actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
        )
    assert contact.child == world.allocated_child and contact.child_match == ChildMatch.CONFIRMED_BY_FRONT_DOOR
    clock = Deadline.objects.get(rule_code="contact_decision", subject_key=f"front_door.contact:{contact.pk}")
    assert clock.started_on == contact.received_on and clock.due_on == contact.decision_due_on
    assert clock.assignee == world.front_door and clock.team == world.front_door_team
    assert (
        ChildRiskIndicator.objects.get(child=world.allocated_child).indicator.code == "unexplained_gifts_or_possessions"
    )


def test_a_contact_confirmed_late_has_its_clock_from_the_day_it_arrived(
    world: World, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern()
    with time_machine.travel("2027-01-18 09:00:00+00:00", tick=False):
        services.contact_child_confirm(
            actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
        )
    clock = Deadline.objects.get(rule_code="contact_decision")
    assert (clock.started_on, clock.due_on) == (TODAY, date(2027, 1, 14))


def test_only_the_front_door_confirms_and_a_confirmed_child_is_not_swapped(
    world: World, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern()
    for name in ("school_dsl", "social_worker", "health_visitor"):
        with pytest.raises(NotFoundOrNotPermitted):
            services.contact_child_confirm(actor=world.user(name), contact=contact, child_id=world.allocated_child.pk)
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    with pytest.raises(ValidationError) as caught:
        services.contact_child_confirm(
            actor=world.user("front_door"), contact=contact, child_id=world.unallocated_child.pk
        )
    assert caught.value.error_dict["child"][0].code == "child_already_linked"


def test_a_child_with_no_record_gets_one_made_from_the_contact(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern(
        child=services.ChildAsDescribed(given_name="Noah", family_name="Achterberg", date_of_birth=date(2019, 6, 2))
    )
    services.contact_child_create(actor=world.user("front_door"), contact=contact)
    child = Person.objects.get(family_name="Achterberg")
    assert child.is_child_record and child.child_profile.father_status == "not_known"
    assert contact.child == child and contact.child_match == ChildMatch.CREATED_BY_FRONT_DOOR


def test_three_indicators_in_90_days_prompt_the_lead_practitioner_and_their_manager(
    world: World, raise_concern: RaiseConcern, django_capture_on_commit_callbacks: Any
) -> None:
    codes = ["missing_from_home", "victim_of_crime", "drawn_into_crime"]
    for n, code in enumerate(codes):
        with time_machine.travel(f"2027-01-{11 + n:02d} 10:00:00+00:00", tick=False):
            contact = raise_concern(concern=concern_details(indicator_codes=[code]))
            with django_capture_on_commit_callbacks(execute=True):
                services.contact_child_confirm(
                    actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
                )
    escalation = RiskIndicatorEscalation.objects.get(child=world.allocated_child)
    assert escalation.indicator_count == 3
    alerts = DutyAlert.objects.filter(kind=AlertKind.REPEATED_INDICATORS, escalation=escalation)
    assert {a.recipient for a in alerts} == {world.social_worker, world.team_manager}
    assert all("Marsden" not in m.body and "Ellie" not in m.body for m in mail.outbox)


def test_information_requests_need_the_child_and_a_partner_agency_and_have_their_own_deadline(
    world: World, raise_concern: RaiseConcern, django_capture_on_commit_callbacks: Any
) -> None:
    contact = raise_concern()
    front_door = world.user("front_door")
    with pytest.raises(ValidationError) as caught:
        services.information_request_create(
            actor=front_door, contact=contact, to_organisation_id=world.health_visiting.pk, question="?", is_urgent=True
        )
    assert caught.value.error_dict["contact"][0].code == "child_not_identified_yet"
    services.contact_child_confirm(actor=front_door, contact=contact, child_id=world.allocated_child.pk)
    with pytest.raises(ValidationError) as caught:
        services.information_request_create(
            actor=front_door, contact=contact, to_organisation_id=world.local_authority.pk, question="?", is_urgent=True
        )
    assert caught.value.error_dict["to_organisation"][0].code == "not_a_partner_agency"
    with pytest.raises(ValidationError) as caught:
        services.information_request_create(
            actor=front_door, contact=contact, to_organisation_id=world.health_visiting.pk, question="?",
            is_urgent=True, to_practitioner_id=world.police_officer.pk,
        )  # fmt: skip
    assert caught.value.error_dict["to_practitioner"][0].code == "practitioner_not_in_organisation"
    with django_capture_on_commit_callbacks(execute=True):
        urgent = services.information_request_create(
            actor=front_door, contact=contact, to_organisation_id=world.health_visiting.pk,
            question="Is the family known to health visiting? Any concerns about the younger sibling?",
            is_urgent=True, to_practitioner_id=world.health_visitor.pk,
        )  # fmt: skip
    other = services.information_request_create(
        actor=front_door, contact=contact, to_organisation_id=world.police.pk, question="Any call-outs to the address?",
        is_urgent=False,
    )  # fmt: skip
    assert urgent.due_on == date(2027, 1, 14)  # 1 working day
    assert other.due_on == date(2027, 1, 18)  # 3 working days, over the weekend
    clock = Deadline.objects.get(subject_key=f"front_door.informationrequest:{urgent.pk}")
    assert (clock.rule_code, clock.interval, clock.due_on) == ("information_request", "urgent", urgent.due_on)
    assert Contact.objects.get(pk=contact.pk).open_information_requests == 2
    assert [m.to for m in mail.outbox] == [[world.health_visitor.email]]
    assert "Ellie" not in mail.outbox[0].body


def test_the_named_health_visitor_answers_and_the_deadline_is_met(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    request = services.information_request_create(
        actor=world.user("front_door"), contact=contact, to_organisation_id=world.health_visiting.pk,
        question="Known to you?", is_urgent=True, to_practitioner_id=world.health_visitor.pk,
    )  # fmt: skip
    for name in ("other_health_visitor", "school_dsl", "front_door", "police_officer"):
        with pytest.raises(NotFoundOrNotPermitted):
            services.information_request_answer(actor=world.user(name), request=request, response="x")
    with pytest.raises(ValidationError):
        services.information_request_answer(actor=world.user("health_visitor"), request=request, response="  ")
    with time_machine.travel("2027-01-15 11:00:00+00:00", tick=False):
        answered = services.information_request_answer(
            actor=world.user("health_visitor"), request=request, response="Known: the younger sibling missed checks."
        )
    assert answered.responded_by == world.user("health_visitor")
    clock = Deadline.objects.get(subject_key=f"front_door.informationrequest:{request.pk}")
    assert clock.met_on == date(2027, 1, 15) and clock.late_reason  # due Thursday 14th: late
    assert Contact.objects.get(pk=contact.pk).open_information_requests == 0
    with pytest.raises(ValidationError) as caught:
        services.information_request_answer(actor=world.user("health_visitor"), request=request, response="again")
    assert caught.value.error_dict["response"][0].code == "already_answered"


def test_working_notes_are_the_front_doors(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern()
    with pytest.raises(NotFoundOrNotPermitted):
        services.contact_note_add(actor=world.user("school_dsl"), contact=contact, text="note")
    note = services.contact_note_add(actor=world.user("front_door"), contact=contact, text="Rang school back.")
    assert note.author == world.user("front_door")
