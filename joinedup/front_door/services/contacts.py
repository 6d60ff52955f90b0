"""Receiving a contact: a concern or request for support from a partner (portal or partner system), the public,
or a call or email the front door records (M11). One transaction with its audit event; the immediate danger alert
is written with it and emailed after it commits. A double submission (the same idempotency key) returns the
contact already made."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.episodes.codes import ReferralSource
from joinedup.harms.models import HarmType, RiskIndicatorType
from joinedup.people.identifiers import nhs_number_is_valid, normalise_nhs_number
from joinedup.people.matching import LIKELY_MATCH_THRESHOLD, MatchQuery
from joinedup.people.models import Person
from joinedup.people.selectors import person_match_candidates
from joinedup.timescales.selectors import due_date_in_force

from ..codes import (
    SOURCE_FOR_PUBLIC,
    Consent,
    ContactChannel,
    ContactKind,
    ContactStatus,
    FamilyAwareness,
    PublicRelationship,
    Urgency,
)
from ..errors import FrontDoorError
from ..models import Contact, ContactHarm, ContactIndicator, ContactMatchSuggestion
from .alerts import immediate_danger_alert

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0 or 1 to misread over the phone
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$")
CHILD_AGE_LIMIT_YEARS = 18
MATCH_SUGGESTIONS = 5
EDD_EARLIEST_WEEKS_AGO = 6
EDD_LATEST_WEEKS_AHEAD = 42

# The CIN census referral source for a practitioner raising a concern, from their organisation (and, in the local
# authority, their role).
SOURCE_FOR_ORGANISATION = {
    OrganisationType.SCHOOL: ReferralSource.SCHOOLS,
    OrganisationType.EARLY_YEARS: ReferralSource.EDUCATION_SERVICES,
    OrganisationType.GP_PRACTICE: ReferralSource.HEALTH_GP,
    OrganisationType.HEALTH_VISITING: ReferralSource.HEALTH_VISITOR,
    OrganisationType.MIDWIFERY: ReferralSource.HEALTH_OTHER_PRIMARY,
    OrganisationType.HOSPITAL: ReferralSource.HEALTH_OTHER,
    OrganisationType.INTEGRATED_CARE_BOARD: ReferralSource.HEALTH_OTHER,
    OrganisationType.POLICE: ReferralSource.POLICE,
    OrganisationType.YOUTH_JUSTICE: ReferralSource.LA_OTHER_INTERNAL,
    OrganisationType.VOLUNTARY_SECTOR: ReferralSource.OTHER,
    OrganisationType.ADULT_SERVICES: ReferralSource.LA_SOCIAL_CARE,
    OrganisationType.LOCAL_AUTHORITY: ReferralSource.LA_OTHER_INTERNAL,
}


def referral_source_for(practitioner: Practitioner) -> ReferralSource:
    if practitioner.role == Role.FAMILY_HELP_LEAD_PRACTITIONER:
        return ReferralSource.LA_EARLY_HELP
    return SOURCE_FOR_ORGANISATION.get(
        OrganisationType(practitioner.organisation.organisation_type), ReferralSource.OTHER
    )


@dataclass
class ChildAsDescribed:
    """Who the child is, as the person raising the concern describes them."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    is_unborn: bool = False
    expected_date_of_delivery: date | None = None
    age_years: int | None = None
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    school_id: int | None = None
    school_name: str = ""


@dataclass
class ConcernDetails:
    """What was seen or heard, the harms, the child's words, what the family knows, consent and urgency."""

    kind: str = ContactKind.CONCERN
    what_happened: str = ""
    childs_words: str = ""
    family_aware: str = ""
    family_knows: str = ""
    consent: str = ""
    consent_reason: str = ""
    support_requested: str = ""
    urgency: str = Urgency.STANDARD
    immediate_danger: bool | None = None
    harm_codes: list[str] = field(default_factory=list)
    indicator_codes: list[str] = field(default_factory=list)
    extra_familial_perpetration: str = ""


@dataclass
class ReferrerDetails:
    """A member of the public (relationship: a PublicRelationship), or a caller the front door records. All
    optional: anyone may stay anonymous."""

    name: str = ""
    relationship: str = ""
    phone: str = ""
    email: str = ""
    organisation_id: int | None = None


@dataclass(frozen=True)
class ContactReceived:
    contact: Contact
    created: bool  # False when the same submission arrived before (same idempotency key)


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _validate_child(child: ChildAsDescribed, errors: FieldErrors, today: date) -> None:
    child.given_name, child.family_name = child.given_name.strip(), child.family_name.strip()
    child.nhs_number = normalise_nhs_number(child.nhs_number)
    child.postcode = child.postcode.strip().upper()
    if child.nhs_number and not nhs_number_is_valid(child.nhs_number):
        errors.add(
            "child_nhs_number",
            "Enter a valid NHS number: 10 digits, like 485 777 3456",
            FrontDoorError.INVALID_NHS_NUMBER,
        )
    if child.postcode and not _POSTCODE.match(child.postcode):
        errors.add("child_postcode", "Enter a real postcode, like LS1 4AP", FrontDoorError.INVALID_POSTCODE)
    if child.is_unborn:
        if child.date_of_birth:
            errors.add(
                "child_date_of_birth",
                "An unborn child has no date of birth yet: give the expected date of delivery instead",
                FrontDoorError.UNBORN_HAS_DATE_OF_BIRTH,
            )
        if not child.expected_date_of_delivery:
            errors.add(
                "child_expected_date_of_delivery",
                "Enter the expected date of delivery for an unborn child",
                FrontDoorError.UNBORN_NEEDS_EXPECTED_DATE,
            )
        elif not (
            today - timedelta(weeks=EDD_EARLIEST_WEEKS_AGO)
            <= child.expected_date_of_delivery
            <= today + timedelta(weeks=EDD_LATEST_WEEKS_AHEAD)
        ):
            errors.add(
                "child_expected_date_of_delivery",
                "The expected date of delivery must be within the next 42 weeks",
                FrontDoorError.EXPECTED_DATE_OUT_OF_RANGE,
            )
    elif child.date_of_birth:
        if child.date_of_birth > today:
            errors.add(
                "child_date_of_birth",
                "The child's date of birth must be today or in the past. For a baby not yet born, say the child is "
                "unborn and give the expected date of delivery",
                FrontDoorError.DATE_OF_BIRTH_IN_FUTURE,
            )
        elif _age_on(child.date_of_birth, today) >= CHILD_AGE_LIMIT_YEARS:
            errors.add(
                "child_date_of_birth",
                "The child must be under 18. For an adult, contact adult social care",
                FrontDoorError.NOT_A_CHILD,
            )
        elif child.age_years is not None and abs(_age_on(child.date_of_birth, today) - child.age_years) > 1:
            errors.add(
                "child_age_years",
                f"The age you gave does not match the date of birth, which makes the child "
                f"{_age_on(child.date_of_birth, today)}: correct one of them",
                FrontDoorError.AGE_CONTRADICTS_DATE_OF_BIRTH,
            )
    if child.age_years is not None and child.age_years >= CHILD_AGE_LIMIT_YEARS:
        errors.add(
            "child_age_years",
            "The child must be under 18. For an adult, contact adult social care",
            FrontDoorError.NOT_A_CHILD,
        )
    named = bool(child.given_name or child.family_name)
    placed = bool(
        child.date_of_birth
        or child.expected_date_of_delivery
        or child.age_years is not None
        or child.nhs_number
        or child.address.strip()
        or child.postcode
        or child.school_id
        or child.school_name.strip()
    )
    if not (named and placed):
        errors.add(
            "child",
            "We cannot tell which child this is. Give the child's name and at least one of: date of birth or age, "
            "address or postcode, school, NHS number",
            FrontDoorError.CHILD_NOT_IDENTIFIABLE,
        )


def _validate_concern(
    concern: ConcernDetails,
    errors: FieldErrors,
    harms: list[HarmType],
    unknown_harms: list[str],
    unknown_indicators: list[str],
    *,
    harms_required: bool,
) -> None:
    if concern.kind not in ContactKind.values:
        errors.add("kind", "Say whether this is a concern or a request for support", "invalid_choice")
    if not concern.what_happened.strip():
        errors.add(
            "what_happened",
            "Say what has happened, or what you have seen or heard",
            FrontDoorError.WHAT_HAPPENED_REQUIRED,
        )
    if unknown_harms:
        errors.add("harms", f"Unknown harm: {', '.join(sorted(unknown_harms))}", FrontDoorError.UNKNOWN_HARM)
    if unknown_indicators:
        errors.add(
            "indicators",
            f"Unknown indicator: {', '.join(sorted(unknown_indicators))}",
            FrontDoorError.UNKNOWN_INDICATOR,
        )
    if harms_required and concern.kind == ContactKind.CONCERN and not harms and not unknown_harms:
        errors.add(
            "harms",
            "Select every harm the child is experiencing or at risk of: at least one for a concern",
            FrontDoorError.HARMS_REQUIRED,
        )
    extra_familial = any(h.is_extra_familial for h in harms)
    if extra_familial and not concern.extra_familial_perpetration:
        errors.add(
            "extra_familial_perpetration",
            "Say whether the harm outside the family is by an individual or a group, or that it is not known yet",
            FrontDoorError.PERPETRATION_REQUIRED,
        )
    elif concern.extra_familial_perpetration and not extra_familial:
        errors.add(
            "extra_familial_perpetration",
            "You said who is causing harm outside the family, but chose no extra-familial harm: choose the harm, or "
            "leave this blank",
            FrontDoorError.PERPETRATION_WITHOUT_EXTRA_FAMILIAL_HARM,
        )
    if concern.family_aware not in FamilyAwareness.values:
        errors.add("family_aware", "Say whether the family knows you are raising this", "required")
    if concern.consent not in Consent.values:
        errors.add("consent", "Say whether the family agreed to this being shared", "required")
    elif concern.consent != Consent.GIVEN and not concern.consent_reason.strip():
        errors.add(
            "consent_reason",
            "Say why consent was not sought, or why you are sharing without it",
            FrontDoorError.CONSENT_REASON_REQUIRED,
        )
    elif concern.consent == Consent.GIVEN and concern.family_aware == FamilyAwareness.NOT_AWARE:
        errors.add(
            "consent",
            "You said the family agreed to this being shared but does not know you are raising it: correct one answer",
            FrontDoorError.CONSENT_CONTRADICTS_FAMILY_AWARENESS,
        )
    if concern.immediate_danger is None:
        errors.add(
            "immediate_danger", "Say whether the child is in immediate danger", FrontDoorError.IMMEDIATE_DANGER_REQUIRED
        )
    elif concern.immediate_danger and concern.urgency != Urgency.URGENT:
        errors.add(
            "urgency",
            "You said the child is in immediate danger, so this is urgent: choose urgent, or correct the answer about "
            "danger",
            FrontDoorError.IMMEDIATE_DANGER_NOT_URGENT,
        )
    if concern.urgency not in Urgency.values:
        errors.add("urgency", "Say how urgent this is", "required")


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"FD-{chars[:4]}-{chars[4:]}"


def _existing_for_key(key: str, actor: Any) -> ContactReceived:
    existing = Contact.objects.get(idempotency_key=key)
    same_submitter = existing.recorded_by_id == (actor.pk if getattr(actor, "is_authenticated", False) else None)
    if not same_submitter:
        raise field_error(
            "idempotency_key", "This submission key was used for another contact", FrontDoorError.IDEMPOTENCY_KEY_REUSED
        )
    return ContactReceived(existing, created=False)


def _suggest_matches(contact: Contact) -> list[ContactMatchSuggestion]:
    """Likely existing records for the child (M5), found now so the front door can confirm one at a glance."""
    if not contact.child_family_name and not contact.child_nhs_number:
        return []
    query = MatchQuery(
        contact.child_given_name,
        contact.child_family_name,
        contact.child_date_of_birth,
        contact.child_nhs_number,
        contact.child_postcode,
    )
    base = Person.objects.filter(is_child_record=True, merged_into__isnull=True)
    matches = [
        m
        for m in person_match_candidates(query=query, base=base, limit=MATCH_SUGGESTIONS)
        if m.score >= LIKELY_MATCH_THRESHOLD
    ]
    rows = [
        ContactMatchSuggestion(
            contact=contact, person_id=m.person_id, score=m.score, reasons="; ".join(m.reasons)[:500]
        )
        for m in matches
    ]
    ContactMatchSuggestion.objects.bulk_create(rows)
    return rows


def _check_channel(actor: Any, channel: ContactChannel) -> Practitioner | None:
    """Who may raise a contact by each channel (the permission, checked once, here): a partner raising a concern,
    the front door recording a call or an email, the public form's system actor. The partner, if one."""
    authenticated = bool(getattr(actor, "is_authenticated", False))
    practitioner = practitioner_of(actor) if authenticated else None
    if channel in (ContactChannel.PARTNER_PORTAL, ContactChannel.PARTNER_SYSTEM):
        if practitioner is None or not has_permission(actor, Permission.RAISE_CONCERN):
            raise NotFoundOrNotPermitted
    elif channel in (ContactChannel.PHONE, ContactChannel.EMAIL):
        if not has_permission(actor, Permission.WORK_IN_FRONT_DOOR):
            raise NotFoundOrNotPermitted
    elif channel != ContactChannel.PUBLIC_FORM:
        raise ValueError(f"Unknown channel {channel}")
    else:
        # The public form is used by no one signed in: it passes the system actor "public-form".
        auditor.require_actor(actor)
    return practitioner


def _checked(
    actor: Any,
    channel: ContactChannel,
    child: ChildAsDescribed,
    concern: ConcernDetails,
    referrer: ReferrerDetails,
    source: str,
    child_record_id: int | None,
    today: date,
) -> tuple[FieldErrors, list[HarmType], list[RiskIndicatorType], Person | None]:
    """Every check of a contact, all at once (never in rounds): the problems found, and the harms, indicators and
    chosen child's record it names."""
    authenticated = bool(getattr(actor, "is_authenticated", False))
    errors = FieldErrors()
    _validate_child(child, errors, today)
    harms = list(HarmType.objects.filter(code__in=set(concern.harm_codes), is_active=True))
    indicators = list(RiskIndicatorType.objects.filter(code__in=set(concern.indicator_codes), is_active=True))
    _validate_concern(
        concern,
        errors,
        harms,
        sorted(set(concern.harm_codes) - {h.code for h in harms}),
        sorted(set(concern.indicator_codes) - {i.code for i in indicators}),
        # A member of the public may not know what to call the harm; a practitioner names every one that applies.
        harms_required=channel != ContactChannel.PUBLIC_FORM,
    )
    if referrer.relationship and referrer.relationship not in PublicRelationship.values:
        errors.add("referrer_relationship", "Select how you know the child", "invalid_choice")
    if channel in (ContactChannel.PHONE, ContactChannel.EMAIL) and source not in ReferralSource.values:
        errors.add("source", "Select who the contact is from", FrontDoorError.SOURCE_REQUIRED)
    chosen: Person | None = None
    if child_record_id is not None:
        chosen = children_visible_to(actor).filter(pk=child_record_id).first() if authenticated else None
        if chosen is None:
            errors.add(
                "child_record", "Choose one of the records shown, or none of them", FrontDoorError.NO_SUCH_CHILD_RECORD
            )
    return errors, harms, indicators, chosen


def contact_problems(
    *,
    actor: Any,
    channel: ContactChannel,
    child: ChildAsDescribed,
    concern: ConcernDetails,
    child_record_id: int | None = None,
    referrer: ReferrerDetails | None = None,
    source: str = "",
) -> dict[str, list[str]]:
    """What `contact_receive` would refuse in this contact, every problem at once, by the field it is about; nothing
    written. The question pages ask it before sending, to show each problem on its page."""
    _check_channel(actor, channel)
    errors, *_ = _checked(
        actor, channel, child, concern, referrer or ReferrerDetails(), source, child_record_id, timezone.localdate()
    )
    return {name: [str(e.message) for e in found] for name, found in errors.errors.items()}


def contact_receive(
    *,
    actor: Any,
    channel: ContactChannel,
    child: ChildAsDescribed,
    concern: ConcernDetails,
    referrer: ReferrerDetails | None = None,
    source: str = "",
    child_record_id: int | None = None,
    idempotency_key: str = "",
    received_at: datetime | None = None,
) -> ContactReceived:
    """Receive a contact. Partners (portal, partner systems) raise concerns as themselves, their referral source
    following from their agency; the public form needs no sign-in (its contacts are received as the system actor
    "public-form"); the front door records calls and emails with the
    source it chooses. A partner may say which of the children they work with this is (`child_record_id`); the
    front door confirms the record in triage. Likely matches across the authority are kept for the front door,
    never shown to the person raising the concern."""
    authenticated = bool(getattr(actor, "is_authenticated", False))
    practitioner = _check_channel(actor, channel)
    key = idempotency_key.strip()[:64]
    if key and Contact.objects.filter(idempotency_key=key).exists():
        return _existing_for_key(key, actor)
    now = received_at or timezone.now()
    today = timezone.localtime(now).date()
    referrer = referrer or ReferrerDetails()
    errors, harms, indicators, chosen = _checked(
        actor, channel, child, concern, referrer, source, child_record_id, today
    )
    errors.raise_if_any()
    if practitioner is not None and channel in (ContactChannel.PARTNER_PORTAL, ContactChannel.PARTNER_SYSTEM):
        source = referral_source_for(practitioner)
        organisation_id: int | None = practitioner.organisation_id
    elif channel == ContactChannel.PUBLIC_FORM:
        anonymous = not (referrer.name.strip() or referrer.phone.strip() or referrer.email.strip())
        relationship = PublicRelationship(referrer.relationship) if referrer.relationship else None
        # Anonymous (9) unless they say who they are; the child telling us themselves is never anonymous.
        if relationship == PublicRelationship.SELF or (relationship is not None and not anonymous):
            source = SOURCE_FOR_PUBLIC[relationship]
        else:
            source = ReferralSource.ANONYMOUS
        organisation_id = None
    else:
        organisation_id = referrer.organisation_id
    contact = Contact(
        received_at=now,
        received_on=today,
        decision_due_on=due_date_in_force("contact_decision", today),
        channel=channel,
        source=source,
        kind=concern.kind,
        urgency=concern.urgency,
        immediate_danger=bool(concern.immediate_danger),
        status=ContactStatus.AWAITING_DECISION,
        recorded_by=actor if authenticated else None,
        referrer=practitioner if channel in (ContactChannel.PARTNER_PORTAL, ContactChannel.PARTNER_SYSTEM) else None,
        referrer_organisation_id=organisation_id,
        referrer_name=referrer.name.strip(),
        referrer_relationship=referrer.relationship.strip(),
        referrer_phone=referrer.phone.strip(),
        referrer_email=referrer.email.strip(),
        child=chosen,
        child_match="chosen_by_referrer" if chosen else "",
        child_given_name=child.given_name,
        child_family_name=child.family_name,
        child_date_of_birth=child.date_of_birth if not child.is_unborn else None,
        child_is_unborn=child.is_unborn,
        child_expected_date_of_delivery=child.expected_date_of_delivery if child.is_unborn else None,
        child_age_years=child.age_years,
        child_nhs_number=child.nhs_number,
        child_address=child.address.strip(),
        child_postcode=child.postcode,
        child_school=Organisation.objects.filter(pk=child.school_id).first() if child.school_id else None,
        child_school_name=child.school_name.strip(),
        what_happened=concern.what_happened.strip(),
        childs_words=concern.childs_words.strip(),
        family_aware=concern.family_aware,
        family_knows=concern.family_knows.strip(),
        consent=concern.consent,
        consent_reason=concern.consent_reason.strip() if concern.consent != Consent.GIVEN else "",
        support_requested=concern.support_requested.strip(),
        extra_familial_perpetration=concern.extra_familial_perpetration,
        idempotency_key=key or None,
    )
    try:
        with transaction.atomic(), auditor.audit_last():
            for _attempt in range(5):
                contact.reference = new_reference()
                if not Contact.objects.filter(reference=contact.reference).exists():
                    break
            contact.full_clean(exclude=["harms", "indicators"])
            contact.save()
            ContactHarm.objects.bulk_create([ContactHarm(contact=contact, harm_type=h) for h in harms])
            ContactIndicator.objects.bulk_create([ContactIndicator(contact=contact, indicator=i) for i in indicators])
            if chosen is None:
                _suggest_matches(contact)
            auditor.record_created(actor=actor, obj=contact, child_id=contact.child_id)
            if contact.immediate_danger:
                immediate_danger_alert(contact=contact)
    except IntegrityError:
        # The same submission raced itself (a double click): the first one won; answer with it.
        if key and Contact.objects.filter(idempotency_key=key).exists():
            return _existing_for_key(key, actor)
        raise
    return ContactReceived(contact, created=True)
