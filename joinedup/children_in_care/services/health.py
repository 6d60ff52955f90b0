"""Health of looked-after children (CPPCR regs. 7-8): the initial health assessment, then review health
assessments every 6 months under 5 and every 12 months from 5; dental checks, immunisations and the strengths and
difficulties questionnaire (SSDA903 OC2). The looked-after children's nurse records them too."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.people.models import Person

from ..codes import REVIEW_HEALTH_ASSESSMENT_AGE, SDQ_HIGHEST_SCORE, HealthAssessmentKind, SdqReason
from ..errors import CareError
from ..models import DentalCheck, HealthAssessment, ImmunisationStatus, StrengthsAndDifficultiesQuestionnaire
from ._common import (
    HEALTH_RULES,
    age_on,
    born_child,
    choice,
    clock_start,
    clocks_meet,
    not_in_future,
    practitioner,
    require,
    uk,
)
from .periods import _lock_child, looked_after_period


def next_health_assessment_rule(dob: date, assessed_on: date) -> str:
    if age_on(dob, assessed_on) < REVIEW_HEALTH_ASSESSMENT_AGE:
        return "review_health_assessment_under_5"
    return "review_health_assessment_5_plus"


def health_assessment_record(
    *, actor: Any, child: Person, assessed_on: date, carried_out_by: str = "", late_reason: str = ""
) -> HealthAssessment:
    """The first assessment in a period of care is the initial health assessment; later ones are reviews."""
    require(actor, Permission.RECORD_HEALTH_ASSESSMENT, child)
    errors = FieldErrors()
    not_in_future(errors, "assessed_on", assessed_on, "The date of the health assessment")
    born_child(child, errors, "assessed_on", assessed_on)
    errors.raise_if_any()
    assert child.date_of_birth is not None
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period = looked_after_period(child, assessed_on, "assessed_on")
        last = HealthAssessment.objects.filter(period=period).order_by("-assessed_on").first()
        if last is not None and assessed_on <= last.assessed_on:
            raise field_error(
                "assessed_on",
                f"The last health assessment recorded was on {uk(last.assessed_on)}: record them in order",
                CareError.ASSESSMENT_OUT_OF_ORDER,
            )
        assessment = HealthAssessment(
            child=child,
            period=period,
            recorded_by=practitioner(actor),
            kind=HealthAssessmentKind.REVIEW if last else HealthAssessmentKind.INITIAL,
            assessed_on=assessed_on,
            carried_out_by=carried_out_by.strip(),
        )
        assessment.full_clean()
        assessment.save()
        auditor.record_created(actor=actor, obj=assessment, child_id=child.pk)
        clocks_meet(actor=actor, child=child, rule_codes=HEALTH_RULES, met_on=assessed_on, late_reason=late_reason)
        if period.ended_on is None:
            clock_start(
                actor=actor,
                rule_code=next_health_assessment_rule(child.date_of_birth, assessed_on),
                child=child,
                subject=assessment,
                started_on=assessed_on,
            )
    return assessment


def _simple_check(actor: Any, child: Person, field_name: str, day: date, what: str) -> None:
    require(actor, Permission.RECORD_HEALTH_CHECK, child)
    errors = FieldErrors()
    not_in_future(errors, field_name, day, what)
    born_child(child, errors, field_name, day)
    errors.raise_if_any()


def dental_check_record(*, actor: Any, child: Person, checked_on: date) -> DentalCheck:
    _simple_check(actor, child, "checked_on", checked_on, "The date of the dental check")
    with transaction.atomic():
        check = DentalCheck(child=child, recorded_by=practitioner(actor), checked_on=checked_on)
        check.full_clean()
        check.save()
        auditor.record_created(actor=actor, obj=check, child_id=child.pk)
    return check


def immunisation_status_record(
    *, actor: Any, child: Person, recorded_on: date, is_up_to_date: bool
) -> ImmunisationStatus:
    _simple_check(actor, child, "recorded_on", recorded_on, "The date")
    with transaction.atomic():
        status = ImmunisationStatus(
            child=child, recorded_by=practitioner(actor), recorded_on=recorded_on, is_up_to_date=is_up_to_date
        )
        status.full_clean()
        status.save()
        auditor.record_created(actor=actor, obj=status, child_id=child.pk)
    return status


def strengths_and_difficulties_record(
    *, actor: Any, child: Person, completed_on: date, score: int | None, reason_not_completed: str = ""
) -> StrengthsAndDifficultiesQuestionnaire:
    """A questionnaire's total difficulties score (0 to 40), or the SSDA903 reason it was not completed."""
    _simple_check(actor, child, "completed_on", completed_on, "The date of the questionnaire")
    errors = FieldErrors()
    if (score is None) == (not reason_not_completed):
        errors.add(
            "score",
            "Enter the total difficulties score, or say why the questionnaire was not completed (not both)",
            CareError.SDQ_SCORE_OR_REASON,
        )
    if score is not None and not 0 <= score <= SDQ_HIGHEST_SCORE:
        errors.add("score", f"Enter a score from 0 to {SDQ_HIGHEST_SCORE}", CareError.SDQ_SCORE_RANGE)
    if reason_not_completed:
        choice(errors, "reason_not_completed", reason_not_completed, SdqReason, "why it was not completed")
    errors.raise_if_any()
    with transaction.atomic():
        sdq = StrengthsAndDifficultiesQuestionnaire(
            child=child,
            recorded_by=practitioner(actor),
            completed_on=completed_on,
            score=score,
            reason_not_completed=reason_not_completed,
        )
        sdq.full_clean()
        sdq.save()
        auditor.record_created(actor=actor, obj=sdq, child_id=child.pk)
    return sdq
