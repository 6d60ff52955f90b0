"""The front door's triage of a contact (M12): confirming which child's record it is about (or making one),
working notes, and information requests to partner agencies with their own deadlines, answered through the
partner portal. Each service is one transaction with its audit events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.harms.services import child_risk_indicators_record_for_event
from joinedup.people.codes import FatherStatus
from joinedup.people.models import Person
from joinedup.records import services as people_services
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import due_date_in_force

from ..codes import ChildMatch
from ..errors import FrontDoorError
from ..models import Contact, ContactNote, InformationRequest
from .alerts import repeated_indicators_alert

CONTACT_DECISION = "contact_decision"
INFORMATION_REQUEST = "information_request"


def _check_can_triage(actor: Any, contact: Contact) -> None:
    if not has_permission(actor, Permission.TRIAGE_CONTACT, contact):
        raise NotFoundOrNotPermitted


def _check_open(contact: Contact) -> None:
    if not contact.is_open:
        raise field_error("contact", "This contact has been decided", FrontDoorError.CONTACT_ALREADY_DECIDED)


def source_key(contact: Contact) -> str:
    return f"front_door.contact:{contact.pk}"


def contact_child_confirm(
    *, actor: Any, contact: Contact, child_id: int, how: ChildMatch = ChildMatch.CONFIRMED_BY_FRONT_DOOR
) -> Contact:
    """The front door confirms which child's record the contact is about. The contact_decision clock (one working
    day) gets its deadline row now, started on the day the contact arrived, so it is due when the contact said;
    the early indicators reported are recorded on the child, which may prompt the manager (M8)."""
    _check_can_triage(actor, contact)
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        raise NotFoundOrNotPermitted
    with transaction.atomic(), auditor.audit_last():
        current = Contact.objects.select_for_update().get(pk=contact.pk)
        _check_open(current)
        if current.child_id is not None and current.child_match != ChildMatch.CHOSEN_BY_REFERRER:
            raise field_error(
                "child",
                f"This contact is already about record {current.child_id}. If that record and this one are the same "
                "child, merge them from the child's record",
                FrontDoorError.CHILD_ALREADY_LINKED,
            )
        auditor.record_fields_changed(
            actor=actor, obj=current, child_id=child.pk, changes={"child_id": child.pk, "child_match": how}
        )
        timescales.deadline_start(
            actor=actor,
            rule_code=CONTACT_DECISION,
            child=child,
            subject=current,
            started_on=current.received_on,
            assignee=practitioner_of(actor),
        )
        indicators = list(current.indicators.all())
        if indicators:
            recorded = child_risk_indicators_record_for_event(
                actor=actor,
                child=child,
                indicators=indicators,
                observed_on=current.received_on,
                source_key=source_key(current),
            )
            if recorded.escalation is not None:
                repeated_indicators_alert(escalation=recorded.escalation, contact=current)
    contact.refresh_from_db()
    return contact


def contact_child_create(*, actor: Any, contact: Contact) -> Contact:
    """No record is this child: make one from what the contact says (the father or male carer to be asked about at
    the first contact with the family), then confirm it. One transaction."""
    _check_can_triage(actor, contact)
    _check_open(contact)
    with transaction.atomic(), auditor.audit_last():
        child = people_services.child_create(
            actor=actor,
            details=people_services.PersonDetails(
                given_name=contact.child_given_name,
                family_name=contact.child_family_name,
                date_of_birth=contact.child_date_of_birth,
                nhs_number=contact.child_nhs_number,
                address=contact.child_address,
                postcode=contact.child_postcode,
            ),
            child=people_services.ChildDetails(
                is_unborn=contact.child_is_unborn,
                expected_date_of_delivery=contact.child_expected_date_of_delivery,
                school_id=contact.child_school_id,
                father_status=FatherStatus.NOT_KNOWN,
                father_not_known_reason="Not yet asked: the record was made from a contact to the front door. Ask at "
                "the first contact with the family.",
            ),
            matches_reviewed=True,
        )
        return contact_child_confirm(
            actor=actor, contact=contact, child_id=child.pk, how=ChildMatch.CREATED_BY_FRONT_DOOR
        )


def contact_note_add(*, actor: Any, contact: Contact, text: str) -> ContactNote:
    """A working note: for the front door only, never shown to the referrer or any partner."""
    _check_can_triage(actor, contact)
    if not text.strip():
        raise field_error("text", "Write the note", FrontDoorError.NOTE_REQUIRED)
    with transaction.atomic():
        note = ContactNote.objects.create(contact=contact, author=actor, text=text.strip())
        auditor.record_created(actor=actor, obj=note, child_id=contact.child_id)
    return note


@dataclass(frozen=True)
class Ask:
    """One agency asked, and the person in it, if a named one."""

    to_organisation_id: int
    to_practitioner_id: int | None = None


def _check_ask(
    errors: FieldErrors, ask: Ask, *, one_of_several: bool
) -> tuple[Organisation, Practitioner | None] | None:
    """The agency and person of one request, or the problems with them (keyed by the agency when one of several)."""
    suffix = f":{ask.to_organisation_id}" if one_of_several else ""
    organisation = Organisation.objects.filter(pk=ask.to_organisation_id).first()
    if organisation is None or organisation.organisation_type == OrganisationType.LOCAL_AUTHORITY:
        errors.add("to_organisation", "Choose a partner agency to ask", FrontDoorError.NOT_A_PARTNER_AGENCY)
        return None
    addressee: Practitioner | None = None
    if ask.to_practitioner_id is not None:
        addressee = Practitioner.objects.filter(pk=ask.to_practitioner_id, organisation=organisation).first()
        if addressee is None:
            errors.add(
                f"to_practitioner{suffix}",
                f"Choose someone who works in {organisation.name}, the agency you are asking",
                FrontDoorError.PRACTITIONER_NOT_IN_ORGANISATION,
            )
            return None
    return organisation, addressee


def information_requests_create(
    *, actor: Any, contact: Contact, asks: list[Ask], question: str, is_urgent: bool
) -> list[InformationRequest]:
    """Ask several partner agencies the same question in one go: one request to each, each with its own deadline
    (information_request: urgent or other, from the rule data). Every agency and person is checked before the first
    request is written; a person named under an agency must work in it (an error keyed `to_practitioner:<agency>`)."""
    _check_can_triage(actor, contact)
    _check_open(contact)
    if contact.child_id is None:
        raise field_error(
            "contact",
            "Confirm which child this is before asking other agencies",
            FrontDoorError.CHILD_NOT_IDENTIFIED_YET,
        )
    errors = FieldErrors()
    if not asks:
        errors.add("to_organisation", "Select at least one agency to ask", FrontDoorError.NOT_A_PARTNER_AGENCY)
    if len({a.to_organisation_id for a in asks}) != len(asks):
        errors.add("to_organisation", "Ask each agency once", FrontDoorError.NOT_A_PARTNER_AGENCY)
    checked = [_check_ask(errors, ask, one_of_several=True) for ask in asks]
    if not question.strip():
        errors.add("question", "Write what you need to know", FrontDoorError.QUESTION_REQUIRED)
    errors.raise_if_any()
    child = Person.objects.get(pk=contact.child_id)
    with transaction.atomic(), auditor.audit_last():
        return [
            _request_write(actor, contact, child, organisation, addressee, question, is_urgent)
            for organisation, addressee in (c for c in checked if c is not None)
        ]


def information_request_create(
    *,
    actor: Any,
    contact: Contact,
    to_organisation_id: int,
    question: str,
    is_urgent: bool,
    to_practitioner_id: int | None = None,
) -> InformationRequest:
    """Ask a partner agency what it knows. Its deadline (information_request: urgent or other, from the rule data)
    is carried by the front door practitioner who asked, so they chase it."""
    _check_can_triage(actor, contact)
    _check_open(contact)
    if contact.child_id is None:
        raise field_error(
            "contact",
            "Confirm which child this is before asking other agencies",
            FrontDoorError.CHILD_NOT_IDENTIFIED_YET,
        )
    errors = FieldErrors()
    checked = _check_ask(errors, Ask(to_organisation_id, to_practitioner_id), one_of_several=False)
    if checked is None:
        errors.raise_if_any()
    assert checked is not None
    if not question.strip():
        raise field_error("question", "Write what you need to know", FrontDoorError.QUESTION_REQUIRED)
    organisation, addressee = checked
    child = Person.objects.get(pk=contact.child_id)
    with transaction.atomic(), auditor.audit_last():
        return _request_write(actor, contact, child, organisation, addressee, question, is_urgent)


def _request_write(
    actor: Any,
    contact: Contact,
    child: Person,
    organisation: Organisation,
    addressee: Practitioner | None,
    question: str,
    is_urgent: bool,
) -> InformationRequest:
    """One request, its own deadline, the contact's count of open requests and the audit event; in the caller's
    transaction."""
    today = timezone.localdate()
    interval = "urgent" if is_urgent else "other"
    request = InformationRequest.objects.create(
        contact=contact,
        to_organisation=organisation,
        to_practitioner=addressee,
        question=question.strip(),
        is_urgent=is_urgent,
        requested_by=actor,
        requested_on=today,
        due_on=due_date_in_force(INFORMATION_REQUEST, today, interval=interval),
    )
    deadline = timescales.deadline_start(
        actor=actor,
        rule_code=INFORMATION_REQUEST,
        interval=interval,
        child=child,
        subject=request,
        started_on=today,
        assignee=practitioner_of(actor),
    )
    if deadline.due_on != request.due_on:  # the same rule and figure: never differs, but the deadline decides
        InformationRequest.objects.filter(pk=request.pk).update(due_on=deadline.due_on)
        request.due_on = deadline.due_on
    Contact.objects.filter(pk=contact.pk).update(open_information_requests=F("open_information_requests") + 1)
    auditor.record_created(actor=actor, obj=request, child_id=contact.child_id)
    if addressee is not None:
        request_id, due_on, name = request.pk, request.due_on, organisation.name
        transaction.on_commit(lambda: _email_addressee(addressee, request_id, due_on, name))
    return request


def _email_addressee(addressee: Practitioner, request_id: int, due_on: Any, organisation: str) -> None:
    address = addressee.email or (addressee.user.email if addressee.user_id and addressee.user else "")
    if not address:
        return
    mail.send_mail(
        subject="JoinedUp: the front door has asked you for information",
        message=(
            f"The front door has asked {organisation} for information (request {request_id}), due "
            f"{due_on:%d %B %Y}.\n\nSign in to JoinedUp and open Concerns, then Requests to answer. This email "
            "names no child."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
        fail_silently=True,
    )


def information_request_answer(*, actor: Any, request: InformationRequest, response: str) -> InformationRequest:
    """A partner answers the front door's request. Its deadline is met today (late, when after its due date)."""
    if not has_permission(actor, Permission.ANSWER_INFORMATION_REQUEST, request):
        raise NotFoundOrNotPermitted
    if not response.strip():
        raise field_error("response", "Write your answer", FrontDoorError.RESPONSE_REQUIRED)
    today = timezone.localdate()
    with transaction.atomic(), auditor.audit_last():
        current = InformationRequest.objects.select_for_update().select_related("contact").get(pk=request.pk)
        if current.responded_at is not None:
            raise field_error("response", "This request has already been answered", FrontDoorError.ALREADY_ANSWERED)
        deadline = Deadline.objects.filter(
            rule_code=INFORMATION_REQUEST, subject_key=timescales.subject_key_of(current), met_on__isnull=True
        ).first()
        if deadline is not None:
            # Met before the answer is saved: the partner may meet this clock while the request is theirs to answer.
            timescales.deadline_meet(
                actor=actor,
                deadline=deadline,
                met_on=today,
                late_reason="Answered by the partner agency after the due date" if today > deadline.due_on else "",
            )
        current.response = response.strip()
        current.responded_at = timezone.now()
        current.responded_by = actor
        current.save(update_fields=["response", "responded_at", "responded_by", "updated_at"])
        Contact.objects.filter(pk=current.contact_id, open_information_requests__gt=0).update(
            open_information_requests=F("open_information_requests") - 1
        )
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type="front_door.informationrequest",
            object_id=current.pk,
            child_id=current.contact.child_id,
            changed_fields=["response", "responded_at"],
        )
    return current
