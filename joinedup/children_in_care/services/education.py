"""Education of looked-after children: personal education plans with the virtual school (the first, for an
emergency placement, within the `personal_education_plan` timescale; then reviewed termly) and school changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.people.models import ChildProfile, Person

from ..codes import PersonalEducationPlanKind
from ..errors import CareError
from ..models import PersonalEducationPlan, SchoolChange
from ._common import EDUCATION_RULES, born_child, clocks_meet, not_in_future, practitioner, require
from .periods import _lock_child, looked_after_period

SCHOOL_TYPES = (OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS)


@dataclass
class PersonalEducationPlanDetails:
    held_on: date
    school_id: int | None = None
    designated_teacher_id: int | None = None
    virtual_school_contact: str = ""
    targets: str = ""
    late_reason: str = ""


def _school(errors: FieldErrors, field_name: str, school_id: int | None) -> Organisation | None:
    if school_id is None:
        return None
    school = Organisation.objects.filter(pk=school_id, organisation_type__in=SCHOOL_TYPES).first()
    if school is None:
        errors.add(field_name, "Select a school or early years setting", CareError.NOT_A_SCHOOL)
    return school


def personal_education_plan_record(
    *, actor: Any, child: Person, details: PersonalEducationPlanDetails
) -> PersonalEducationPlan:
    require(actor, Permission.RECORD_CARE_EDUCATION, child)
    errors = FieldErrors()
    not_in_future(errors, "held_on", details.held_on, "The date of the personal education plan meeting")
    born_child(child, errors, "held_on", details.held_on)
    school = _school(errors, "school", details.school_id)
    teacher = None
    if details.designated_teacher_id is not None:
        teacher = Practitioner.objects.filter(pk=details.designated_teacher_id, role=Role.DESIGNATED_TEACHER).first()
        if teacher is None:
            errors.add("designated_teacher", "Select the school's designated teacher", CareError.WRONG_PARTNER_ROLE)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period = looked_after_period(child, details.held_on, "held_on")
        first = not PersonalEducationPlan.objects.filter(period=period).exists()
        if school is None:
            profile = ChildProfile.objects.filter(person=child).select_related("school").first()
            school = profile.school if profile else None
        plan = PersonalEducationPlan(
            child=child,
            period=period,
            recorded_by=practitioner(actor),
            kind=PersonalEducationPlanKind.INITIAL if first else PersonalEducationPlanKind.REVIEW,
            held_on=details.held_on,
            school=school,
            designated_teacher=teacher,
            virtual_school_contact=details.virtual_school_contact.strip(),
            targets=details.targets.strip(),
        )
        plan.full_clean()
        plan.save()
        auditor.record_created(actor=actor, obj=plan, child_id=child.pk)
        if first:
            clocks_meet(
                actor=actor,
                child=child,
                rule_codes=EDUCATION_RULES,
                met_on=details.held_on,
                late_reason=details.late_reason,
                subjects=[period],
            )
    return plan


def school_change_record(
    *, actor: Any, child: Person, school_id: int | None, changed_on: date, reason: str = ""
) -> SchoolChange:
    """The child changes school: the change is kept as history and the child's record shows the new school (so
    the new school's designated safeguarding lead sees the child, and the old one no longer does)."""
    require(actor, Permission.RECORD_CARE_EDUCATION, child)
    errors = FieldErrors()
    not_in_future(errors, "changed_on", changed_on, "The date the child changed school")
    born_child(child, errors, "changed_on", changed_on)
    school = _school(errors, "school", school_id)
    if school is None and not errors:
        errors.add("school", "Select the new school", CareError.NOT_A_SCHOOL)
    errors.raise_if_any()
    assert school is not None
    with transaction.atomic(), auditor.audit_last():
        profile = ChildProfile.objects.select_for_update().get(person=child)
        if profile.school_id == school.pk:
            raise field_error("school", "This is the child's school already", CareError.SAME_SCHOOL)
        change = SchoolChange(
            child=child,
            recorded_by=practitioner(actor),
            school=school,
            previous_school_id=profile.school_id,
            changed_on=changed_on,
            reason=reason.strip(),
        )
        change.full_clean()
        change.save()
        auditor.record_created(actor=actor, obj=change, child_id=child.pk)
        before = {"school": profile.school_id}
        profile.school = school
        profile.save(update_fields=["school", "updated_at"])
        auditor.record_updated(actor=actor, obj=profile, child_id=child.pk, before=before, after={"school": school.pk})
    return change
