"""What the children-in-care services share: permission checks, dates and ages, the child profile flags, and
starting, meeting and withdrawing the statutory clocks (each a timescales Deadline)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted
from joinedup.people.models import ChildProfile, Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from ..errors import CareError

# The statutory clocks of a looked-after child (timescales/rules.toml codes), by what they are about.
REVIEW_RULES = ("first_looked_after_review", "second_looked_after_review", "subsequent_looked_after_review")
VISIT_RULES = (
    "first_placement_visit",
    "placement_visit_first_year",
    "placement_visit_long_term",
    "placement_visit_other",
    "placed_with_parents_visit",
    "connected_person_visit",
)
HEALTH_RULES = ("initial_health_assessment", "review_health_assessment_under_5", "review_health_assessment_5_plus")
EDUCATION_RULES = ("personal_education_plan",)
PLAN_RULES = ("care_plan", "placement_plan")
# Clocks that stop when the child ceases to be looked after.
LOOKED_AFTER_RULES = REVIEW_RULES + VISIT_RULES + HEALTH_RULES + EDUCATION_RULES + PLAN_RULES

ADULT_AGE = 18


def require(actor: Any, permission: Permission, child: Person) -> None:
    if not child.is_child_record or not has_permission(actor, permission, child):
        raise NotFoundOrNotPermitted


def practitioner(actor: Any) -> Practitioner | None:
    return practitioner_of(actor)


def birthday(dob: date, years: int) -> date:
    """The day a person born on `dob` turns `years` (a 29 February birthday falls on 1 March in other years)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def age_on(dob: date, on: date) -> int:
    years = on.year - dob.year
    return years if on >= birthday(dob, years) else years - 1


def not_in_future(errors: FieldErrors, field: str, value: date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        errors.add(field, f"{what} must be today or in the past", CareError.DATE_IN_FUTURE)


def instant_not_in_future(errors: FieldErrors, field: str, value: datetime | None, what: str) -> None:
    if value is not None and value > timezone.now():
        errors.add(field, f"{what} must be now or in the past", CareError.DATE_IN_FUTURE)


def choice(errors: FieldErrors, field: str, value: str, choices: type[models.TextChoices], what: str) -> None:
    if value not in choices.values:
        errors.add(field, f"Select {what}", CareError.INVALID_CHOICE)


def born_child(child: Person, errors: FieldErrors, field: str, on: date | None) -> None:
    """The child is born and was born by `on`."""
    profile: ChildProfile | None = getattr(child, "child_profile", None)
    if profile is None or profile.is_unborn or child.date_of_birth is None:
        errors.add(
            field, "Record the child's date of birth first: care is recorded for a child once born", CareError.NOT_BORN
        )
    elif on is not None and on < child.date_of_birth:
        errors.add(field, "The date must be on or after the child's date of birth", CareError.BEFORE_BIRTH)


def uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# -- the child profile's flags (M9) ----------------------------------------------------------------------------


def profile_flag_set(*, actor: Any, child: Person, name: str, value: bool) -> None:
    """Set `is_looked_after` or `is_missing` on the child's profile (the greater-risk flags), audited. Runs inside
    the caller's transaction."""
    if name not in ("is_looked_after", "is_missing"):
        raise ValueError(name)
    profile = ChildProfile.objects.select_for_update().get(person=child)
    if getattr(profile, name) == value:
        return
    before = {name: getattr(profile, name)}
    setattr(profile, name, value)
    profile.save(update_fields=[name, "updated_at"])
    auditor.record_updated(actor=actor, obj=profile, child_id=child.pk, before=before, after={name: value})


# -- involvements ------------------------------------------------------------------------------------------------


def open_involvements(child: Person, role: str, on: date | None = None) -> models.QuerySet[Involvement]:
    on = on or timezone.localdate()
    return Involvement.objects.filter(child=child, role=role).filter(
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=on)
    )


def involvement_start(
    *, actor: Any, child: Person, practitioner: Practitioner, role: str, started_on: date, team: Any = None
) -> Involvement:
    involvement = Involvement(
        practitioner=practitioner,
        child=child,
        role=role,
        started_on=started_on,
        team=team if team is not None else practitioner.team,
    )
    involvement.full_clean()
    involvement.save()
    auditor.record_created(actor=actor, obj=involvement, child_id=child.pk)
    return involvement


def involvements_end(*, actor: Any, involvements: Iterable[Involvement], ended_on: date) -> None:
    """End involvements on `ended_on` (their last day); one that started later than that is ended the day it
    started."""
    for involvement in involvements:
        before = {"ended_on": involvement.ended_on.isoformat() if involvement.ended_on else None}
        involvement.ended_on = max(ended_on, involvement.started_on)
        involvement.save(update_fields=["ended_on", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=involvement,
            child_id=involvement.child_id,
            before=before,
            after={"ended_on": involvement.ended_on.isoformat()},
        )


def independent_reviewing_officer_of(child: Person) -> Practitioner | None:
    involvement = (
        open_involvements(child, InvolvementRole.INDEPENDENT_REVIEWING_OFFICER)
        .select_related("practitioner")
        .order_by("-started_on", "-id")
        .first()
    )
    return involvement.practitioner if involvement else None


# -- statutory clocks ----------------------------------------------------------------------------------------------


def subject_key(obj: models.Model) -> str:
    return timescales.subject_key_of(obj)


def clock_start(
    *,
    actor: Any,
    rule_code: str,
    child: Person,
    subject: models.Model,
    started_on: date,
    interval: str | None = None,
    assignee: Practitioner | None = None,
    started_at: datetime | None = None,
) -> Deadline:
    """Start a statutory clock about `subject`. Without an assignee the child's allocated worker carries it (the
    timescales default), or else the practitioner recording the event when they are a local authority worker."""
    if assignee is None and not _has_allocated_worker(child):
        own = practitioner_of(actor)
        if own is not None and own.organisation.organisation_type == "local_authority":
            assignee = own
    return timescales.deadline_start(
        actor=actor,
        rule_code=rule_code,
        child=child,
        subject=subject,
        started_on=started_on,
        interval=interval,
        assignee=assignee,
        started_at=started_at,
    )


def _has_allocated_worker(child: Person) -> bool:
    return bool(open_involvements(child, InvolvementRole.ALLOCATED_SOCIAL_WORKER).exists())


def open_clocks(
    child: Person, rule_codes: Iterable[str], *, subjects: Iterable[models.Model] | None = None
) -> list[Deadline]:
    qs = Deadline.objects.filter(child=child, rule_code__in=list(rule_codes), met_on__isnull=True)
    if subjects is not None:
        qs = qs.filter(subject_key__in=[subject_key(s) for s in subjects])
    return list(qs.select_related("child").order_by("started_on", "id"))


def clocks_meet(
    *,
    actor: Any,
    child: Person,
    rule_codes: Iterable[str],
    met_on: date,
    late_reason: str = "",
    subjects: Iterable[models.Model] | None = None,
) -> list[Deadline]:
    """Meet the open clocks of these rules (about these subjects, when given) that started on or before `met_on`.
    A late one needs `late_reason`: the timescales service says so as a field error on `late_reason`."""
    met = []
    for deadline in open_clocks(child, rule_codes, subjects=subjects):
        if deadline.started_on <= met_on:
            met.append(timescales.deadline_meet(actor=actor, deadline=deadline, met_on=met_on, late_reason=late_reason))
    return met


def clocks_withdraw(
    *,
    actor: Any,
    child: Person,
    rule_codes: Iterable[str],
    reason: str,
    subjects: Iterable[models.Model] | None = None,
) -> int:
    deadlines = open_clocks(child, rule_codes, subjects=subjects)
    for deadline in deadlines:
        timescales.deadline_withdraw(actor=actor, deadline=deadline, reason=reason)
    return len(deadlines)
