"""Receiving a contact (M11): from a partner, the public or a call; the harms, the child's words, consent and
urgency; likely matches kept for the front door; immediate danger alerts the duty team at once; bad input is
refused with every problem named and nothing saved; a double submission makes one contact."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.audit.models import AuditEvent
from joinedup.audit.services import NoActor
from joinedup.audit.testing import assert_audit_events
from joinedup.core.actors import system_actor
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import ReferralSource
from joinedup.front_door import services
from joinedup.front_door.codes import AlertKind, ContactChannel, ContactStatus, PublicRelationship
from joinedup.front_door.models import Contact, DutyAlert
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import due_date_in_force

from .conftest import TODAY, RaiseConcern, child_described, concern_details

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> dict[str, set[str]]:
    return {name: {e.code or "" for e in errors} for name, errors in exc.error_dict.items()}


def test_a_school_raises_a_concern_with_two_harms_and_an_early_indicator(
    world: World, raise_concern: RaiseConcern
) -> None:
    with assert_audit_events(("created", "front_door.contact")):
        contact = raise_concern()
    assert contact.reference.startswith("FD-") and len(contact.reference) == 12
    assert contact.source == ReferralSource.SCHOOLS
    assert contact.referrer == world.school_dsl and contact.referrer_organisation == world.school
    assert contact.status == ContactStatus.AWAITING_DECISION
    assert contact.received_on == TODAY
    # One working day, from the rule data: Wednesday's contact is due on Thursday.
    assert contact.decision_due_on == due_date_in_force("contact_decision", TODAY) == date(2027, 1, 14)
    assert sorted(contact.harms.values_list("code", flat=True)) == ["domestic_abuse", "physical_abuse"]
    assert list(contact.indicators.values_list("code", flat=True)) == ["unexplained_gifts_or_possessions"]
    assert contact.childs_words == "Mum's boyfriend grabbed me when I spilt my drink."
    # The existing record is found for the front door to confirm; the child is not linked until it does.
    assert contact.child is None
    assert contact.match_suggestions.first().person == world.allocated_child  # type: ignore[union-attr]
    assert not Deadline.objects.exists()


def test_a_partner_may_say_which_of_their_pupils_it_is_but_not_name_another_child(
    world: World, raise_concern: RaiseConcern
) -> None:
    contact = raise_concern(child_record_id=world.allocated_child.pk)
    assert contact.child == world.allocated_child and contact.child_match == "chosen_by_referrer"
    with pytest.raises(ValidationError) as caught:
        raise_concern(child_record_id=world.unallocated_child.pk)  # at the other school: not theirs to see
    assert codes(caught.value) == {"child_record": {"no_such_child_record"}}


def test_the_police_are_the_police_source_and_the_public_are_individuals_or_anonymous(
    world: World, raise_concern: RaiseConcern
) -> None:
    assert raise_concern("police_officer").source == ReferralSource.POLICE
    assert raise_concern("health_visitor").source == ReferralSource.HEALTH_VISITOR
    anonymous = services.contact_receive(
        actor=system_actor("public-form"),
        channel=ContactChannel.PUBLIC_FORM,
        child=services.ChildAsDescribed(given_name="Tyler", age_years=8, address="12 Acacia Road"),
        concern=concern_details(harm_codes=[], indicator_codes=[]),
    ).contact
    assert anonymous.source == ReferralSource.ANONYMOUS and anonymous.recorded_by is None
    grandmother = services.contact_receive(
        actor=system_actor("public-form"),
        channel=ContactChannel.PUBLIC_FORM,
        child=services.ChildAsDescribed(given_name="Tyler", age_years=8, address="12 Acacia Road"),
        concern=concern_details(harm_codes=["neglect"]),
        referrer=services.ReferrerDetails(name="Jean Holt", relationship=PublicRelationship.FAMILY),
    ).contact
    assert grandmother.source == ReferralSource.INDIVIDUAL_FAMILY


def test_a_contact_from_the_public_form_is_audited_as_the_public_form_and_never_as_no_one(world: World) -> None:
    received = services.contact_receive(
        actor=system_actor("public-form"),
        channel=ContactChannel.PUBLIC_FORM,
        child=services.ChildAsDescribed(given_name="Tyler", age_years=8, address="12 Acacia Road"),
        concern=concern_details(harm_codes=[], indicator_codes=[]),
    ).contact
    event = AuditEvent.objects.get(object_type="front_door.contact", object_id=str(received.pk))
    assert (event.actor_id, event.actor_system) == (None, "public-form")
    with pytest.raises(NoActor):
        services.contact_receive(
            actor=None,
            channel=ContactChannel.PUBLIC_FORM,
            child=services.ChildAsDescribed(given_name="Tyler", age_years=8, address="12 Acacia Road"),
            concern=concern_details(harm_codes=[], indicator_codes=[]),
        )
    assert Contact.objects.count() == 1


def test_a_call_recorded_by_the_front_door_needs_its_source(world: World, today: date) -> None:
    with pytest.raises(ValidationError) as caught:
        services.contact_receive(
            actor=world.user("front_door"), channel=ContactChannel.PHONE, child=child_described(world),
            concern=concern_details(),
        )  # fmt: skip
    assert codes(caught.value) == {"source": {"source_required"}}
    with pytest.raises(NotFoundOrNotPermitted):
        services.contact_receive(
            actor=world.user("school_dsl"), channel=ContactChannel.PHONE, child=child_described(world),
            concern=concern_details(), source="6",
        )  # fmt: skip


def test_analysts_cannot_raise_concerns(world: World, raise_concern: RaiseConcern) -> None:
    with pytest.raises(NotFoundOrNotPermitted):
        raise_concern("analyst")


def test_immediate_danger_alerts_the_duty_team_at_once_without_naming_the_child(
    world: World, raise_concern: RaiseConcern, mash_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        contact = raise_concern(concern=concern_details(immediate_danger=True, urgency="urgent"))
    alerts = DutyAlert.objects.filter(contact=contact, kind=AlertKind.IMMEDIATE_DANGER)
    assert {a.recipient for a in alerts} == {world.front_door, mash_manager}
    assert all(a.emailed_at is not None for a in alerts)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "immediate danger" in message.subject
        assert contact.reference in message.body and f"id {contact.pk}" in message.body
        for personal in ("Ellie", "Marsden", "bruising", "boyfriend"):
            assert personal not in message.body and personal not in message.subject


def test_no_alert_and_no_email_when_the_child_is_not_in_immediate_danger(
    world: World, raise_concern: RaiseConcern, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        raise_concern()
    assert not DutyAlert.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    ("child", "concern", "expected"),
    [
        pytest.param(
            {"given_name": "", "family_name": "", "date_of_birth": None, "school_id": None},
            {},
            {"child": {"child_not_identifiable"}},
            id="no-child-identifiable",
        ),
        pytest.param(
            {"date_of_birth": None, "school_id": None},
            {},
            {"child": {"child_not_identifiable"}},
            id="a-name-and-nothing-to-find-them-by",
        ),
        pytest.param(
            {"date_of_birth": TODAY + timedelta(days=30)},
            {},
            {"child_date_of_birth": {"date_of_birth_in_future"}},
            id="date-of-birth-in-the-future",
        ),
        pytest.param({"date_of_birth": date(2005, 1, 1)}, {}, {"child_date_of_birth": {"not_a_child"}}, id="an-adult"),
        pytest.param(
            {"is_unborn": True, "date_of_birth": date(2020, 1, 1), "expected_date_of_delivery": None},
            {},
            {
                "child_date_of_birth": {"unborn_has_date_of_birth"},
                "child_expected_date_of_delivery": {"unborn_needs_expected_date_of_delivery"},
            },
            id="unborn-with-a-date-of-birth",
        ),
        pytest.param(
            {"age_years": 3},
            {},
            {"child_age_years": {"age_contradicts_date_of_birth"}},
            id="age-contradicts-date-of-birth",
        ),
        pytest.param(
            {},
            {"consent": "given", "family_aware": "not_aware", "consent_reason": ""},
            {"consent": {"consent_contradicts_family_awareness"}},
            id="consent-given-but-family-unaware",
        ),
        pytest.param(
            {},
            {"immediate_danger": True, "urgency": "standard"},
            {"urgency": {"immediate_danger_not_urgent"}},
            id="immediate-danger-but-not-urgent",
        ),
        pytest.param(
            {},
            {"harm_codes": ["child_criminal_exploitation"], "extra_familial_perpetration": ""},
            {"extra_familial_perpetration": {"extra_familial_perpetration_required"}},
            id="extra-familial-harm-without-who",
        ),
        pytest.param(
            {},
            {"extra_familial_perpetration": "group"},
            {"extra_familial_perpetration": {"extra_familial_perpetration_without_extra_familial_harm"}},
            id="who-without-extra-familial-harm",
        ),
        pytest.param(
            {},
            {"harm_codes": [], "what_happened": " ", "immediate_danger": None, "consent_reason": ""},
            {
                "what_happened": {"what_happened_required"},
                "harms": {"harms_required"},
                "immediate_danger": {"immediate_danger_required"},
                "consent_reason": {"consent_reason_required"},
            },
            id="nothing-said",
        ),
        pytest.param({}, {"harm_codes": ["made_up"]}, {"harms": {"unknown_harm"}}, id="unknown-harm"),
    ],
)
def test_bad_input_is_refused_with_every_problem_named_and_nothing_saved(
    world: World, raise_concern: RaiseConcern, child: dict[str, Any], concern: dict[str, Any], expected: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        raise_concern(child=child_described(world, **child), concern=concern_details(**concern))
    assert codes(caught.value) == expected
    assert not Contact.objects.exists()
    assert not DutyAlert.objects.exists()


def test_a_double_submission_makes_one_contact(world: World, raise_concern: RaiseConcern) -> None:
    first = services.contact_receive(
        actor=world.user("school_dsl"), channel=ContactChannel.PARTNER_PORTAL, child=child_described(world),
        concern=concern_details(), idempotency_key="a" * 32,
    )  # fmt: skip
    again = services.contact_receive(
        actor=world.user("school_dsl"), channel=ContactChannel.PARTNER_PORTAL, child=child_described(world),
        concern=concern_details(), idempotency_key="a" * 32,
    )  # fmt: skip
    assert first.created and not again.created and again.contact.pk == first.contact.pk
    assert Contact.objects.count() == 1
    with pytest.raises(ValidationError) as caught:
        services.contact_receive(
            actor=world.user("police_officer"), channel=ContactChannel.PARTNER_PORTAL, child=child_described(world),
            concern=concern_details(), idempotency_key="a" * 32,
        )  # fmt: skip
    assert codes(caught.value) == {"idempotency_key": {"idempotency_key_reused"}}


def test_a_failure_after_receipt_saves_nothing(world: World, raise_concern: RaiseConcern) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        raise_concern()
        raise RuntimeError("the request failed after the contact was written")
    assert not Contact.objects.exists()
