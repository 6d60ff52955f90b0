"""Every write to people, child profiles, relationships and households. Each is one transaction with its
audit events; nothing is half-saved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.access.models import BreakGlassAccess, Involvement, RestrictedRecordGrant
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import people_searchable_by, practitioner_of
from joinedup.agencies.models import Organisation, OrganisationType
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec
from joinedup.core.errors import DomainValidationError, FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.people.codes import (
    MALE_CARER_TYPES,
    Disability,
    Ethnicity,
    FatherStatus,
    ImmigrationStatus,
    RelationshipType,
    Sex,
    SpecialEducationalNeeds,
)
from joinedup.people.errors import PeopleError
from joinedup.people.identifiers import nhs_number_is_valid, normalise_nhs_number, upn_is_valid
from joinedup.people.matching import LIKELY_MATCH_THRESHOLD, MatchQuery, apply_name_keys
from joinedup.people.models import (
    ChildProfile,
    Household,
    HouseholdMember,
    Person,
    PersonDisability,
    PreviousAbuseOrNeglect,
    Relationship,
)
from joinedup.people.selectors import person_in_network, person_match_candidates

SCHOOL_TYPES = (OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS)
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$")
OLDEST_DATE_OF_BIRTH = date(1900, 1, 1)
# A young person stays on the record to 25 (care leavers); children are created under 18 and up to 25 only
# for care leavers and young people with EHC plans, so the record itself accepts up to 25.
OLDEST_CHILD_RECORD_AGE_YEARS = 25


@dataclass
class PersonDetails:
    given_name: str = ""
    family_name: str = ""
    known_as: str = ""
    date_of_birth: date | None = None
    sex: str = Sex.UNKNOWN
    gender: str = ""
    nhs_number: str = ""
    ethnicity: str = Ethnicity.NOBT
    first_language: str = ""
    interpreter_needed: bool = False
    religion: str = ""
    immigration_status: str = ImmigrationStatus.NOT_KNOWN
    is_young_parent: bool = False
    # Blank unless the person chose to share it (M2: "parent LGBTQIA identity where shared"); never asked as required.
    lgbtqia_identity_shared: str = ""
    address: str = ""
    postcode: str = ""
    disabilities: list[str] = field(default_factory=list)


@dataclass
class ChildDetails:
    is_unborn: bool = False
    expected_date_of_delivery: date | None = None
    pregnant_person_id: int | None = None
    upn: str = ""
    uln: str = ""
    special_educational_needs: str = SpecialEducationalNeeds.NOT_KNOWN
    school_id: int | None = None
    gp_practice_id: int | None = None
    father_status: str = ""
    father_not_known_reason: str = ""
    is_restricted: bool = False


def _validate_person(details: PersonDetails, *, errors: FieldErrors, today: date) -> None:
    if not details.family_name.strip():
        errors.add("family_name", "Enter a family name (surname)", PeopleError.FAMILY_NAME_REQUIRED)
    if details.nhs_number:
        details.nhs_number = normalise_nhs_number(details.nhs_number)
        if not nhs_number_is_valid(details.nhs_number):
            errors.add(
                "nhs_number",
                "Enter a valid NHS number: 10 digits, like 485 777 3456",
                PeopleError.INVALID_NHS_NUMBER,
            )
    if details.date_of_birth:
        if details.date_of_birth > today:
            errors.add("date_of_birth", "Date of birth must be today or in the past", PeopleError.DATE_IN_FUTURE)
        elif details.date_of_birth < OLDEST_DATE_OF_BIRTH:
            errors.add("date_of_birth", "Date of birth must be after 1 January 1900", PeopleError.DATE_TOO_EARLY)
    if details.postcode:
        details.postcode = details.postcode.strip().upper()
        if not _POSTCODE.match(details.postcode):
            errors.add("postcode", "Enter a real postcode, like LS1 4AP", PeopleError.INVALID_POSTCODE)
    for code in details.disabilities:
        if code not in Disability.values:
            errors.add("disabilities", "Select a disability from the list", "invalid_choice")


def expected_date_of_delivery_is_believable(expected: date, today: date) -> bool:
    """An unborn child's expected date of delivery: at most 42 weeks ahead, and up to 6 weeks past (a baby overdue, or
    born but not yet recorded). Asked when the record is made and whenever the date is changed."""
    return today - timedelta(weeks=6) <= expected <= today + timedelta(weeks=42)


def _validate_child(details: PersonDetails, child: ChildDetails, *, errors: FieldErrors, today: date) -> None:
    if child.is_unborn:
        if not child.expected_date_of_delivery:
            errors.add(
                "expected_date_of_delivery",
                "Enter the expected date of delivery for an unborn child",
                PeopleError.UNBORN_NEEDS_EXPECTED_DATE,
            )
        elif not expected_date_of_delivery_is_believable(child.expected_date_of_delivery, today):
            errors.add(
                "expected_date_of_delivery",
                "Expected date of delivery must be within the next 42 weeks",
                PeopleError.EXPECTED_DATE_OUT_OF_RANGE,
            )
        if details.date_of_birth:
            errors.add(
                "date_of_birth",
                "An unborn child has no date of birth yet; enter the expected date of delivery instead",
                PeopleError.UNBORN_HAS_DATE_OF_BIRTH,
            )
    elif details.date_of_birth and details.date_of_birth < today.replace(
        year=today.year - OLDEST_CHILD_RECORD_AGE_YEARS
    ):
        errors.add(
            "date_of_birth",
            "A child or young person's record is for people aged under 25",
            PeopleError.CHILD_TOO_OLD,
        )
    if child.father_status not in FatherStatus.values:
        errors.add(
            "father_status",
            "Say whether the child's father or male carer is known",
            PeopleError.FATHER_STATUS_REQUIRED,
        )
    elif child.father_status != FatherStatus.RECORDED and not child.father_not_known_reason.strip():
        errors.add(
            "father_not_known_reason",
            "Say why the father or male carer is not recorded",
            PeopleError.FATHER_REASON_REQUIRED,
        )
    if child.upn and not upn_is_valid(child.upn):
        errors.add(
            "upn",
            "Enter a valid unique pupil number: a letter, 11 digits and a digit or letter",
            PeopleError.INVALID_UPN,
        )


def _build_person(details: PersonDetails) -> Person:
    person = Person(
        given_name=details.given_name.strip(),
        family_name=details.family_name.strip(),
        known_as=details.known_as.strip(),
        date_of_birth=details.date_of_birth,
        sex=details.sex,
        gender=details.gender,
        nhs_number=details.nhs_number or None,
        ethnicity=details.ethnicity,
        first_language=details.first_language,
        interpreter_needed=details.interpreter_needed,
        religion=details.religion,
        immigration_status=details.immigration_status,
        is_young_parent=details.is_young_parent,
        lgbtqia_identity_shared=details.lgbtqia_identity_shared.strip(),
        address=details.address,
        postcode=details.postcode,
    )
    apply_name_keys(person)
    return person


def _save_new(person: Person) -> None:
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if person.nhs_number and Person.objects.filter(nhs_number=person.nhs_number).exists():
            raise field_error(
                "nhs_number", "A person with this NHS number is already recorded", PeopleError.DUPLICATE_NHS_NUMBER
            ) from exc
        raise


def _likely_matches_exist(details: PersonDetails) -> bool:
    query = MatchQuery(
        details.given_name, details.family_name, details.date_of_birth, details.nhs_number, details.postcode
    )
    return any(m.score >= LIKELY_MATCH_THRESHOLD for m in person_match_candidates(query=query))


def _check_duplicates(details: PersonDetails, *, matches_reviewed: bool) -> None:
    if details.nhs_number and Person.objects.filter(nhs_number=details.nhs_number).exists():
        raise field_error(
            "nhs_number",
            "A person with this NHS number is already recorded: open their record instead",
            PeopleError.DUPLICATE_NHS_NUMBER,
        )
    if not matches_reviewed and _likely_matches_exist(details):
        raise field_error(
            "__all__",
            "This person may already be recorded. Check the possible matches before creating a new record",
            PeopleError.POSSIBLE_DUPLICATE,
        )


def _set_disabilities(person: Person, codes: list[str]) -> None:
    PersonDisability.objects.filter(person=person).delete()
    PersonDisability.objects.bulk_create([PersonDisability(person=person, code=c) for c in sorted(set(codes))])


def person_create(*, actor: Any, details: PersonDetails, matches_reviewed: bool = False) -> Person:
    """Record an adult or family member (not a child with their own record)."""
    if not has_permission(actor, Permission.CREATE_PERSON):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    _validate_person(details, errors=errors, today=timezone.localdate())
    errors.raise_if_any()
    with transaction.atomic():
        _check_duplicates(details, matches_reviewed=matches_reviewed)
        person = _build_person(details)
        _save_new(person)
        _set_disabilities(person, details.disabilities)
        auditor.record_created(actor=actor, obj=person, child_id=None)
    return person


def child_create(*, actor: Any, details: PersonDetails, child: ChildDetails, matches_reviewed: bool = False) -> Person:
    """Record a child (born or unborn) with their child profile."""
    if not has_permission(actor, Permission.CREATE_PERSON):
        raise NotFoundOrNotPermitted
    today = timezone.localdate()
    errors = FieldErrors()
    _validate_person(details, errors=errors, today=today)
    _validate_child(details, child, errors=errors, today=today)
    errors.raise_if_any()
    if child.is_unborn:
        details.sex = Sex.UNKNOWN
    with transaction.atomic():
        _check_duplicates(details, matches_reviewed=matches_reviewed or child.is_unborn)
        person = _build_person(details)
        person.is_child_record = True
        person.is_restricted = child.is_restricted
        _save_new(person)
        _set_disabilities(person, details.disabilities)
        profile = ChildProfile(
            person=person,
            is_unborn=child.is_unborn,
            expected_date_of_delivery=child.expected_date_of_delivery,
            pregnant_person_id=child.pregnant_person_id,
            upn=child.upn.strip().upper(),
            uln=child.uln.strip(),
            special_educational_needs=child.special_educational_needs,
            school_id=child.school_id,
            gp_practice_id=child.gp_practice_id,
            father_status=child.father_status,
            father_not_known_reason=child.father_not_known_reason.strip(),
        )
        profile.full_clean(exclude=["person"])
        profile.save()
        if child.pregnant_person_id:
            Relationship.objects.create(
                from_person_id=child.pregnant_person_id,
                to_person=person,
                relationship_type=RelationshipType.EXPECTANT_PARENT,
                has_parental_responsibility=True,
            )
        auditor.record_created(actor=actor, obj=person, child_id=person.pk)
        auditor.record_created(actor=actor, obj=profile, child_id=person.pk)
    return person


PERSON_EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "known_as",
    "date_of_birth",
    "sex",
    "gender",
    "nhs_number",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "religion",
    "immigration_status",
    "is_young_parent",
    "lgbtqia_identity_shared",
    "address",
    "postcode",
)
# What identifies a person: changing any of these is a correction that needs a reason, kept in the audit event.
IDENTITY_FIELDS = frozenset({"given_name", "family_name", "date_of_birth", "nhs_number"})
# A child's profile fields the "Change details" page and the API change (M2); the rest have their own journeys (the
# father or male carer through the family network, looked after and missing through care and missing episodes).
CHILD_PROFILE_EDITABLE_FIELDS = (
    "expected_date_of_delivery",
    "upn",
    "uln",
    "special_educational_needs",
    "school_id",
)
_ULN = re.compile(r"^\d{10}$")


def person_details_of(person: Person) -> PersonDetails:
    """A person's details as recorded: what the "Change details" page starts from, and what a partial API change
    (PATCH) is applied to."""
    values: dict[str, Any] = {name: getattr(person, name) for name in PERSON_EDITABLE_FIELDS}
    values["nhs_number"] = person.nhs_number or ""
    return PersonDetails(**values, disabilities=sorted(d.code for d in person.disabilities.all()))


def child_details_of(profile: ChildProfile) -> ChildDetails:
    return ChildDetails(
        is_unborn=profile.is_unborn,
        expected_date_of_delivery=profile.expected_date_of_delivery,
        upn=profile.upn,
        uln=profile.uln,
        special_educational_needs=profile.special_educational_needs,
        school_id=profile.school_id,
        father_status=profile.father_status,
        father_not_known_reason=profile.father_not_known_reason,
    )


def _may_change_person(actor: Any, person: Person, for_child: Person | None) -> int | None:
    """Whether `actor` may change `person`, and the child whose record the change belongs to. A child's record is
    changed by those who may change the child; anyone else through a child whose network they are in, by those who
    may change that child (so the change is on that child's record and in its history). Raises otherwise."""
    if person.is_child_record:
        if not has_permission(actor, Permission.CHANGE_CHILD, person):
            raise NotFoundOrNotPermitted
        return person.pk
    if (
        for_child is None
        or not for_child.is_child_record
        or not has_permission(actor, Permission.CHANGE_CHILD, for_child)
        or not person_in_network(child=for_child, person=person)
    ):
        raise NotFoundOrNotPermitted
    return for_child.pk


def _validate_profile_change(
    details: PersonDetails, child: ChildDetails, *, profile: ChildProfile, errors: FieldErrors, today: date
) -> None:
    if profile.is_unborn:
        if details.date_of_birth:
            errors.add(
                "date_of_birth",
                "An unborn child has no date of birth yet; change the expected date of delivery instead",
                PeopleError.UNBORN_HAS_DATE_OF_BIRTH,
            )
        if not child.expected_date_of_delivery:
            errors.add(
                "expected_date_of_delivery",
                "Enter the expected date of delivery for an unborn child",
                PeopleError.UNBORN_NEEDS_EXPECTED_DATE,
            )
        elif child.expected_date_of_delivery != profile.expected_date_of_delivery and not (
            expected_date_of_delivery_is_believable(child.expected_date_of_delivery, today)
        ):
            errors.add(
                "expected_date_of_delivery",
                "Expected date of delivery must be within the next 42 weeks",
                PeopleError.EXPECTED_DATE_OUT_OF_RANGE,
            )
    if child.upn.strip() and not upn_is_valid(child.upn.strip().upper()):
        errors.add(
            "upn",
            "Enter a valid unique pupil number: a letter, 11 digits and a digit or letter",
            PeopleError.INVALID_UPN,
        )
    if child.uln.strip() and not _ULN.match(child.uln.strip()):
        errors.add("uln", "Enter a valid unique learner number: 10 digits", PeopleError.INVALID_ULN)
    if child.special_educational_needs not in SpecialEducationalNeeds.values:
        errors.add("special_educational_needs", "Select the child's special educational needs", "invalid_choice")
    if (
        child.school_id is not None
        and not Organisation.objects.filter(pk=child.school_id, organisation_type__in=SCHOOL_TYPES).exists()
    ):
        errors.add("school", "Select a school or setting from the list", "invalid_choice")


def _validate_choices(details: PersonDetails, errors: FieldErrors) -> None:
    for name, choices, message in (
        ("sex", Sex.values, "Select the person's sex, or Not known"),
        ("ethnicity", Ethnicity.values, "Select the person's ethnicity from the list"),
        ("immigration_status", ImmigrationStatus.values, "Select the person's immigration status from the list"),
    ):
        if getattr(details, name) not in choices:
            errors.add(name, message, "invalid_choice")


def person_update(
    *,
    actor: Any,
    person: Person,
    details: PersonDetails,
    child: ChildDetails | None = None,
    reason: str = "",
    for_child: Person | None = None,
) -> Person:
    """Correct or bring up to date a person's details (M2): a child's record (with their child profile, `child`), or
    someone in a child's network (`for_child`). Each change is audited with its values before and after; changing a
    name, date of birth or NHS number needs a `reason`, kept with the event. Nothing is saved if anything is wrong."""
    child_id = _may_change_person(actor, person, for_child)
    today = timezone.localdate()
    errors = FieldErrors()
    _validate_person(details, errors=errors, today=today)
    _validate_choices(details, errors)
    profile = ChildProfile.objects.filter(person=person).first() if person.is_child_record else None
    if profile is not None and child is not None:
        _validate_profile_change(details, child, profile=profile, errors=errors, today=today)
    errors.raise_if_any()
    reason = reason.strip()
    with transaction.atomic(), auditor.audit_last():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        before = auditor.model_values(locked, PERSON_EDITABLE_FIELDS)
        disabilities_before = sorted(PersonDisability.objects.filter(person=locked).values_list("code", flat=True))
        if (
            details.nhs_number
            and details.nhs_number != locked.nhs_number
            and Person.objects.filter(nhs_number=details.nhs_number).exclude(pk=locked.pk).exists()
        ):
            raise field_error(
                "nhs_number", "A person with this NHS number is already recorded", PeopleError.DUPLICATE_NHS_NUMBER
            )
        for name in PERSON_EDITABLE_FIELDS:
            value = getattr(details, name)
            if isinstance(value, str):
                value = value.strip()
            setattr(locked, name, value or None if name == "nhs_number" else value)
        after = auditor.model_values(locked, PERSON_EDITABLE_FIELDS)
        changed_identity = sorted(n for n in IDENTITY_FIELDS if before[n] != after[n])
        if changed_identity and not reason:
            raise field_error(
                "reason",
                "Enter why you are changing the person's name, date of birth or NHS number",
                PeopleError.REASON_REQUIRED,
            )
        disabilities = sorted(set(details.disabilities))
        before["disabilities"], after["disabilities"] = disabilities_before, disabilities
        if any(before[n] != after[n] for n in after):
            apply_name_keys(locked)
            locked.full_clean()
            locked.save()
            if disabilities != disabilities_before:
                _set_disabilities(locked, disabilities)
            if (before["address"], before["postcode"]) != (after["address"], after["postcode"]):
                _household_address_corrected(actor=actor, person=locked, child_id=child_id)
            auditor.record_updated(
                actor=actor, obj=locked, child_id=child_id, before=before, after=after, reason=reason
            )
        if profile is not None and child is not None:
            _child_profile_update(actor=actor, profile=profile, child=child, reason=reason)
    return locked


def _child_profile_update(*, actor: Any, profile: ChildProfile, child: ChildDetails, reason: str) -> None:
    locked = ChildProfile.objects.select_for_update().get(pk=profile.pk)
    changes: dict[str, Any] = {
        "upn": child.upn.strip().upper(),
        "uln": child.uln.strip(),
        "special_educational_needs": child.special_educational_needs,
        "school_id": child.school_id,
    }
    if locked.is_unborn:
        changes["expected_date_of_delivery"] = child.expected_date_of_delivery
    if any(getattr(locked, name) != value for name, value in changes.items()):
        auditor.record_fields_changed(
            actor=actor, obj=locked, child_id=locked.person_id, changes=changes, full_clean=True
        )


def _household_address_corrected(*, actor: Any, person: Person, child_id: int | None) -> None:
    """A corrected address is the household's: everyone living there now takes it (a move is household_move)."""
    current = HouseholdMember.objects.filter(person=person, ended_on__isnull=True).select_related("household").first()
    if current is None or not person.postcode:  # an address taken off one person is not taken off the household
        return
    household = current.household
    if (household.address, household.postcode) == (person.address, person.postcode):
        return
    auditor.record_fields_changed(
        actor=actor,
        obj=household,
        child_id=child_id,
        changes={"address": person.address, "postcode": person.postcode},
    )
    others = HouseholdMember.objects.filter(household=household, ended_on__isnull=True).exclude(person=person)
    Person.objects.filter(pk__in=others.values("person_id")).update(address=person.address, postcode=person.postcode)


# -- relationships and households over time (M3) ----------------------------------------------------------------


def _ending_date(ended_on: date | None, started_on: date | None, *, name: str, today: date) -> date:
    errors = FieldErrors()
    if ended_on is None:
        errors.add(name, "Enter the date it ended", PeopleError.END_DATE_REQUIRED)
    elif ended_on > today:
        errors.add(name, "The date it ended must be today or in the past", PeopleError.DATE_IN_FUTURE)
    elif started_on is not None and ended_on < started_on:
        errors.add(
            name,
            f"The date it ended must be on or after the date it started ({started_on:%-d %B %Y})",
            PeopleError.END_BEFORE_START,
        )
    errors.raise_if_any()
    assert ended_on is not None
    return ended_on


def relationship_end(*, actor: Any, relationship: Relationship, ended_on: date | None) -> Relationship:
    """End a relationship with a child from a date (a step-parent who has left the family, a foster carer the child
    no longer lives with). It stays on the record with its dates; the family network shows current ones."""
    child = relationship.to_person if relationship.to_person.is_child_record else relationship.from_person
    if not child.is_child_record or not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    today = timezone.localdate()
    with transaction.atomic(), auditor.audit_last():
        locked = Relationship.objects.select_for_update().get(pk=relationship.pk)
        if locked.ended_on is not None:
            raise field_error("ended_on", "This relationship has already ended", PeopleError.ALREADY_ENDED)
        day = _ending_date(ended_on, locked.started_on, name="ended_on", today=today)
        auditor.record_fields_changed(actor=actor, obj=locked, child_id=child.pk, changes={"ended_on": day})
    return locked


def household_leave(
    *,
    actor: Any,
    child: Person,
    person: Person,
    ended_on: date | None,
    new_address: str = "",
    new_postcode: str = "",
) -> HouseholdMember:
    """Record that `person` no longer lives with the child from a date, and where they moved to when known (a new
    household at that address). Their time in the household stays on the record with its dates."""
    if not has_permission(actor, Permission.CHANGE_CHILD, child) or person.pk == child.pk:
        raise NotFoundOrNotPermitted
    if person.is_child_record and not has_permission(actor, Permission.CHANGE_CHILD, person):
        raise NotFoundOrNotPermitted
    today = timezone.localdate()
    new_postcode = new_postcode.strip().upper()
    if new_address.strip() and not _POSTCODE.match(new_postcode):
        raise field_error("new_postcode", "Enter a real postcode, like LS1 4AP", PeopleError.INVALID_POSTCODE)
    with transaction.atomic(), auditor.audit_last():
        households = HouseholdMember.objects.filter(person=child, ended_on__isnull=True).values("household_id")
        member = (
            HouseholdMember.objects.select_for_update()
            .filter(person=person, ended_on__isnull=True, household_id__in=households)
            .first()
        )
        if member is None:
            raise field_error("ended_on", "They do not live with the child", PeopleError.NOT_IN_HOUSEHOLD)
        day = _ending_date(ended_on, member.started_on, name="ended_on", today=today)
        auditor.record_fields_changed(actor=actor, obj=member, child_id=child.pk, changes={"ended_on": day})
        if new_address.strip():
            _move_to(
                actor=actor,
                people=[person],
                address=new_address,
                postcode=new_postcode,
                moved_on=day,
                child_id=child.pk,
            )
    return member


def household_move(
    *, actor: Any, child: Person, people: list[Person], address: str, postcode: str, moved_on: date | None
) -> Household:
    """Record a move of address (M3): the child, and whoever moves with them, live at a new address from a date.
    The old address stays on the record with its dates (the household history); those who stay keep it."""
    if not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    for person in people:
        if person.is_child_record and not has_permission(actor, Permission.CHANGE_CHILD, person):
            raise NotFoundOrNotPermitted
    today = timezone.localdate()
    errors = FieldErrors()
    if not address.strip():
        errors.add("address", "Enter the new address", PeopleError.ADDRESS_REQUIRED)
    postcode = postcode.strip().upper()
    if not _POSTCODE.match(postcode):
        errors.add("postcode", "Enter a real postcode, like LS1 4AP", PeopleError.INVALID_POSTCODE)
    if moved_on is None:
        errors.add("moved_on", "Enter the date they moved", PeopleError.END_DATE_REQUIRED)
    elif moved_on > today:
        errors.add("moved_on", "The date they moved must be today or in the past", PeopleError.DATE_IN_FUTURE)
    errors.raise_if_any()
    assert moved_on is not None
    movers = [child, *[p for p in people if p.pk != child.pk]]
    with transaction.atomic(), auditor.audit_last():
        household_ids = HouseholdMember.objects.filter(person=child, ended_on__isnull=True).values("household_id")
        living_with_child = set(
            HouseholdMember.objects.filter(household_id__in=household_ids, ended_on__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        if any(p.pk not in living_with_child for p in movers[1:]):
            raise field_error("people", "Choose people who live with the child", PeopleError.NOT_IN_HOUSEHOLD)
        started = HouseholdMember.objects.filter(person_id__in=[p.pk for p in movers], ended_on__isnull=True)
        if any(m.started_on and m.started_on > moved_on for m in started):
            raise field_error(
                "moved_on",
                "The date they moved must be after they came to live at their current address",
                PeopleError.END_BEFORE_START,
            )
        household = _move_to(
            actor=actor, people=movers, address=address, postcode=postcode, moved_on=moved_on, child_id=child.pk
        )
    return household


def _move_to(
    *, actor: Any, people: list[Person], address: str, postcode: str, moved_on: date, child_id: int
) -> Household:
    """Inside a service's transaction: a new household at the address, the people in it from `moved_on`, their
    current household memberships ended that day. Someone with an address but no household yet keeps that address as
    a household they lived in until then (so no address is lost). Each person's address changes with before/after."""
    household = Household.objects.create(address=address.strip(), postcode=postcode)
    auditor.record_created(actor=actor, obj=household, child_id=child_id)
    for person in people:
        locked = Person.objects.select_for_update().get(pk=person.pk)
        current = HouseholdMember.objects.filter(person=locked, ended_on__isnull=True)
        ended = current.update(ended_on=moved_on)
        if (
            not ended
            and locked.postcode
            and not HouseholdMember.objects.filter(person=locked).exclude(household=household).exists()
        ):
            old = Household.objects.create(address=locked.address, postcode=locked.postcode)
            HouseholdMember.objects.create(household=old, person=locked, ended_on=moved_on)
        HouseholdMember.objects.create(household=household, person=locked, started_on=moved_on)
        auditor.record_fields_changed(
            actor=actor,
            obj=locked,
            child_id=locked.pk if locked.is_child_record else child_id,
            changes={"address": household.address, "postcode": household.postcode},
        )
    return household


def relationship_add(
    *,
    actor: Any,
    from_person: Person,
    to_person: Person,
    relationship_type: RelationshipType,
    has_parental_responsibility: bool = False,
    is_significant: bool = False,
    started_on: date | None = None,
) -> Relationship:
    """Record that `from_person` is the `relationship_type` of `to_person`. A father or male carer recorded
    for a child sets the child's father status to recorded."""
    child = to_person if to_person.is_child_record else from_person if from_person.is_child_record else None
    if child is None or not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    if from_person.pk == to_person.pk:
        raise field_error("to_person", "A person cannot be related to themselves", PeopleError.SAME_PERSON)
    with transaction.atomic(), auditor.audit_last():
        relationship, created = Relationship.objects.get_or_create(
            from_person=from_person,
            to_person=to_person,
            relationship_type=relationship_type,
            defaults={
                "has_parental_responsibility": has_parental_responsibility,
                "is_significant": is_significant,
                "started_on": started_on,
            },
        )
        if created:
            auditor.record_created(actor=actor, obj=relationship, child_id=child.pk)
        if relationship_type in MALE_CARER_TYPES and to_person.is_child_record:
            profile = ChildProfile.objects.select_for_update().get(person=to_person)
            if profile.father_status != FatherStatus.RECORDED:
                before = {"father_status": profile.father_status}
                profile.father_status = FatherStatus.RECORDED
                profile.save(update_fields=["father_status", "updated_at"])
                auditor.record_updated(
                    actor=actor,
                    obj=profile,
                    child_id=to_person.pk,
                    before=before,
                    after={"father_status": profile.father_status},
                )
    return relationship


def household_create(
    *, actor: Any, address: str, postcode: str, members: list[Person], started_on: date | None = None
) -> Household:
    """A household at an address; its members move out of any current household and take its address."""
    children = [m for m in members if m.is_child_record]
    for child in children:
        if not has_permission(actor, Permission.CHANGE_CHILD, child):
            raise NotFoundOrNotPermitted
    if not children and not has_permission(actor, Permission.CREATE_PERSON):
        raise NotFoundOrNotPermitted
    postcode = postcode.strip().upper()
    if not _POSTCODE.match(postcode):
        raise field_error("postcode", "Enter a real postcode, like LS1 4AP", PeopleError.INVALID_POSTCODE)
    today = started_on or timezone.localdate()
    with transaction.atomic():
        household = Household.objects.create(address=address.strip(), postcode=postcode)
        for member in members:
            HouseholdMember.objects.filter(person=member, ended_on__isnull=True).update(ended_on=today)
            HouseholdMember.objects.create(household=household, person=member, started_on=today)
            Person.objects.filter(pk=member.pk).update(address=household.address, postcode=postcode)
        auditor.audit_events_record(
            actor=actor,
            events=[
                EventSpec(AuditAction.CREATED, household._meta.label_lower, household.pk),
                *[
                    EventSpec(AuditAction.UPDATED, "people.person", child.pk, child.pk, changed_fields=("household",))
                    for child in children
                ],
            ],
        )
    return household


# Links to a person that person_merge handles itself (or that must stay with the duplicate: merged_into).
_MERGE_HANDLED = {
    ("people.person", "merged_into"),
    ("people.childprofile", "person"),
    ("people.relationship", "from_person"),
    ("people.relationship", "to_person"),
    ("people.householdmember", "person"),
    ("access.involvement", "child"),
    ("access.restrictedrecordgrant", "child"),
    ("access.breakglassaccess", "child"),
}


def _records_moved_to(*, keep: Person, duplicate: Person) -> list[str]:
    """Every other record that points at the duplicate (contacts, episodes, deadlines, care records, notes, plans,
    whatever app holds them) is moved to the kept person, found from the model graph so that a new kind of record
    is never left behind. A record of which a person may hold only one (an open care period, a care leaver's
    record) that both hold refuses the whole merge, with what to correct first; nothing is half-merged."""
    moved: list[str] = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many:
            continue  # the through model's own foreign key is in this list too, and moves the link
        field = relation.field  # type: ignore[union-attr]
        model: Any = relation.related_model
        if (model._meta.label_lower, field.name) in _MERGE_HANDLED:
            continue
        records = model._default_manager.filter(**{field.name: duplicate})
        if relation.one_to_one and model._default_manager.filter(**{field.name: keep}).exists():
            if records.exists():
                raise _merge_conflict(model)
            continue
        try:
            with transaction.atomic():
                if records.update(**{field.name: keep}):
                    moved.append(model._meta.label_lower)
        except IntegrityError as error:
            raise _merge_conflict(model) from error
    return moved


def _merge_conflict(model: Any) -> DomainValidationError:
    return field_error(
        "duplicate",
        f"Both records hold {model._meta.verbose_name_plural} that cannot be combined (for example, both are open). "
        "Correct one record first, then merge",
        PeopleError.MERGE_CONFLICT,
    )


def person_merge(*, actor: Any, keep: Person, duplicate: Person) -> Person:
    """Merge a duplicate record into the one kept. Nothing is deleted: relationships, households,
    involvements and every later record point at the kept person; the duplicate stays, marked merged, so
    its history and audit trail remain readable."""

    if not has_permission(actor, Permission.MERGE_PEOPLE):
        raise NotFoundOrNotPermitted
    for person in (keep, duplicate):
        if person.is_child_record and not has_permission(actor, Permission.CHANGE_CHILD, person):
            raise NotFoundOrNotPermitted
    if keep.pk == duplicate.pk:
        raise field_error("duplicate", "Choose two different records to merge", PeopleError.SAME_PERSON)
    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
        if keep.merged_into_id or duplicate.merged_into_id:
            raise field_error("duplicate", "One of these records has already been merged", PeopleError.ALREADY_MERGED)
        moved: list[str] = []
        for rel in Relationship.objects.filter(from_person=duplicate):
            if (
                rel.to_person_id != keep.pk
                and not Relationship.objects.filter(
                    from_person=keep, to_person_id=rel.to_person_id, relationship_type=rel.relationship_type
                ).exists()
            ):
                Relationship.objects.filter(pk=rel.pk).update(from_person=keep)
                moved.append("relationships")
        for rel in Relationship.objects.filter(to_person=duplicate):
            if (
                rel.from_person_id != keep.pk
                and not Relationship.objects.filter(
                    from_person_id=rel.from_person_id, to_person=keep, relationship_type=rel.relationship_type
                ).exists()
            ):
                Relationship.objects.filter(pk=rel.pk).update(to_person=keep)
                moved.append("relationships")
        if Involvement.objects.filter(child=duplicate).update(child=keep):
            moved.append("involvements")
        RestrictedRecordGrant.objects.filter(child=duplicate).update(child=keep)
        BreakGlassAccess.objects.filter(child=duplicate).update(child=keep)
        if not HouseholdMember.objects.filter(person=keep, ended_on__isnull=True).exists():
            HouseholdMember.objects.filter(person=duplicate).update(person=keep)
        moved += _records_moved_to(keep=keep, duplicate=duplicate)
        # Fill gaps in the kept record from the duplicate, never overwrite.
        filled = []
        for name in ("nhs_number", "date_of_birth", "known_as", "first_language", "religion", "address", "postcode"):
            if not getattr(keep, name) and getattr(duplicate, name):
                filled.append(name)
        duplicate_nhs = duplicate.nhs_number
        duplicate.merged_into = keep
        duplicate.nhs_number = None
        duplicate.save(update_fields=["merged_into", "nhs_number", "updated_at"])
        for name in filled:
            setattr(keep, name, duplicate_nhs if name == "nhs_number" else getattr(duplicate, name))
        if duplicate.is_child_record and not keep.is_child_record:
            keep.is_child_record = True
            filled.append("is_child_record")
            ChildProfile.objects.filter(person=duplicate).update(person=keep)
        keep.is_restricted = keep.is_restricted or duplicate.is_restricted
        keep.save()
        for person in (keep, duplicate):
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.MERGED,
                object_type="people.person",
                object_id=person.pk,
                child_id=person.pk if person.is_child_record else None,
                changed_fields=sorted(set(moved + filled + ["merged_into"])),
                reason=f"Record {duplicate.pk} merged into record {keep.pk}",
            )
    return keep


def household_join(*, actor: Any, child: Person, person: Person) -> HouseholdMember:
    """Record that `person` lives with `child`: in the child's current household, made from the child's
    address when the child has none yet."""
    if not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    with transaction.atomic(), auditor.audit_last():
        current = (
            HouseholdMember.objects.filter(person=child, ended_on__isnull=True).select_related("household").first()
        )
        if current is None:
            if not child.postcode:
                raise field_error(
                    "lives_with_child",
                    "Record the child's address before adding who lives with them",
                    PeopleError.INVALID_POSTCODE,
                )
            household = Household.objects.create(address=child.address, postcode=child.postcode)
            auditor.record_created(actor=actor, obj=household, child_id=child.pk)
            HouseholdMember.objects.create(household=household, person=child, started_on=timezone.localdate())
        else:
            household = current.household
        today = timezone.localdate()
        HouseholdMember.objects.filter(person=person, ended_on__isnull=True).exclude(household=household).update(
            ended_on=today
        )
        member, created = HouseholdMember.objects.get_or_create(
            household=household, person=person, ended_on=None, defaults={"started_on": today}
        )
        if created:
            Person.objects.filter(pk=person.pk).update(address=household.address, postcode=household.postcode)
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="people.household",
                object_id=household.pk,
                child_id=child.pk,
                changed_fields=["members"],
            )
    return member


@dataclass
class FamilyMemberDetails:
    relationship_type: str
    has_parental_responsibility: bool = False
    is_significant: bool = False
    lives_with_child: bool = False


def family_member_add(
    *,
    actor: Any,
    child: Person,
    member: FamilyMemberDetails,
    person: PersonDetails | None = None,
    existing_person_id: int | None = None,
    matches_reviewed: bool = False,
) -> Relationship:
    """Add someone to a child's family network (M3): a new person, or one already recorded (chosen from the
    likely matches), with their relationship to the child, parental responsibility and whether they live with
    the child. One transaction: nothing is half-saved."""
    if not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    if member.relationship_type not in RelationshipType.values or member.relationship_type == "expectant_parent":
        raise field_error("relationship_type", "Select how this person is related to the child", "invalid_choice")
    with transaction.atomic(), auditor.audit_last():
        if existing_person_id is not None:
            found = people_searchable_by(actor).filter(pk=existing_person_id).first()
            if found is None or found.pk == child.pk:
                raise NotFoundOrNotPermitted
            relative = found
        else:
            if person is None:
                raise field_error("family_name", "Enter the person's last name", PeopleError.FAMILY_NAME_REQUIRED)
            relative = person_create(actor=actor, details=person, matches_reviewed=matches_reviewed)
        relationship = relationship_add(
            actor=actor,
            from_person=relative,
            to_person=child,
            relationship_type=RelationshipType(member.relationship_type),
            has_parental_responsibility=member.has_parental_responsibility,
            is_significant=member.is_significant,
        )
        if member.lives_with_child:
            household_join(actor=actor, child=child, person=relative)
    return relationship


# -- previous abuse or neglect, a greater-risk flag (M9; issue 18) ---------------------------------------------------


def _reason_given(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise field_error("reason", f"Enter why {what}", PeopleError.REASON_REQUIRED)
    return reason


def previous_abuse_or_neglect_record(*, actor: Any, child: Person, reason: str) -> PreviousAbuseOrNeglect:
    """Record that the child has experienced abuse or neglect before, and why (what the record cannot show by itself:
    harm in another authority, a disclosure). The child then carries the greater-risk flag wherever they appear."""
    if not child.is_child_record or not has_permission(actor, Permission.RECORD_PREVIOUS_ABUSE_OR_NEGLECT, child):
        raise NotFoundOrNotPermitted
    reason = _reason_given(reason, "you are recording previous abuse or neglect")
    with transaction.atomic(), auditor.audit_last():
        Person.objects.select_for_update().filter(pk=child.pk).first()  # one practitioner at a time, per child
        if PreviousAbuseOrNeglect.objects.filter(child=child, removed_at__isnull=True).exists():
            raise field_error(
                "reason",
                "Previous abuse or neglect is already recorded for this child",
                PeopleError.PREVIOUS_ABUSE_ALREADY_RECORDED,
            )
        record = PreviousAbuseOrNeglect(
            child=child, reason=reason, recorded_by=practitioner_of(actor), recorded_at=timezone.now()
        )
        record.full_clean()
        record.save()
        auditor.record_created(actor=actor, obj=record, child_id=child.pk)
    return record


def previous_abuse_or_neglect_remove(*, actor: Any, child: Person, reason: str) -> PreviousAbuseOrNeglect:
    """Remove a practitioner's record of previous abuse or neglect, with why. It stays on the record as removed, with
    who removed it. What the child protection records show (a plan, a substantiated enquiry) is not removed."""
    if not child.is_child_record or not has_permission(actor, Permission.RECORD_PREVIOUS_ABUSE_OR_NEGLECT, child):
        raise NotFoundOrNotPermitted
    reason = _reason_given(reason, "you are removing it")
    with transaction.atomic(), auditor.audit_last():
        record = PreviousAbuseOrNeglect.objects.select_for_update().filter(child=child, removed_at__isnull=True).first()
        if record is None:
            raise field_error(
                "reason",
                "No practitioner has recorded previous abuse or neglect for this child",
                PeopleError.PREVIOUS_ABUSE_NOT_RECORDED,
            )
        removed_by = practitioner_of(actor)
        auditor.record_fields_changed(
            actor=actor,
            obj=record,
            child_id=child.pk,
            changes={"removed_at": timezone.now(), "removed_by_id": removed_by.pk if removed_by else None},
            unrecorded={"removal_reason": reason},
        )
    return record


# The history path (ADR 0028): people brought in from another system by `imports`. No permission check (the
# caller is the imports system actor, which every check refuses) and no matching prompt (the import matched
# first); the import audits every row it creates, as its last writes, in one transaction with them.


def person_history_record(*, details: PersonDetails, child: ChildDetails | None = None) -> Person:
    """A person (and, for a child, their child profile) as another system recorded them."""
    person = _build_person(details)
    person.is_child_record = child is not None
    _save_new(person)
    _set_disabilities(person, details.disabilities)
    if child is not None:
        ChildProfile.objects.create(
            person=person,
            is_unborn=child.is_unborn,
            expected_date_of_delivery=child.expected_date_of_delivery,
            upn=child.upn.strip().upper(),
            father_status=child.father_status,
            father_not_known_reason=child.father_not_known_reason.strip(),
        )
    return person


def person_history_update(*, person: Person, details: PersonDetails, upn: str = "") -> list[str]:
    """Fill in what another system knows and the record does not (a blank field, an unknown code): never
    overwrites what is recorded. Returns the fields it filled."""
    filled: list[str] = []
    for name, value, unknown in (
        ("given_name", details.given_name.strip(), ""),
        ("date_of_birth", details.date_of_birth, None),
        ("sex", details.sex, Sex.UNKNOWN),
        ("ethnicity", details.ethnicity, Ethnicity.NOBT),
        ("nhs_number", details.nhs_number or None, None),
        ("address", details.address.strip(), ""),
        ("postcode", details.postcode.strip(), ""),
    ):
        if value not in (None, "", unknown) and getattr(person, name) in (None, "", unknown):
            setattr(person, name, value)
            filled.append(name)
    if filled:
        if "given_name" in filled:
            apply_name_keys(person)
        person.save()
    if details.disabilities and not PersonDisability.objects.filter(person=person).exists():
        _set_disabilities(person, details.disabilities)
        filled.append("disabilities")
    profile = getattr(person, "child_profile", None)
    if upn and profile is not None and not profile.upn:
        profile.upn = upn.strip().upper()
        profile.save(update_fields=["upn", "updated_at"])
        filled.append("upn")
    return filled


def relationship_history_record(
    *, from_person: Person, to_person: Person, relationship_type: str, has_parental_responsibility: bool
) -> Relationship | None:
    """A relationship another system recorded; None when the record already holds it."""
    relationship, created = Relationship.objects.get_or_create(
        from_person=from_person,
        to_person=to_person,
        relationship_type=relationship_type,
        defaults={"has_parental_responsibility": has_parental_responsibility},
    )
    return relationship if created else None
