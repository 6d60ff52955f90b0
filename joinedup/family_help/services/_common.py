"""What the Family Help services share: the permission check, dates not in the future, the open case locked for a
write, the children the case covers, and the plan's review clock (the local family_help_review rule)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline

from ..errors import FamilyHelpError
from ..models import FamilyHelpCase, FamilyHelpChild, FamilyPlan, FamilyPlanReview

FAMILY_HELP_REVIEW = "family_help_review"


def not_future(errors: FieldErrors, name: str, day: date, what: str) -> None:
    if day > timezone.localdate():
        errors.add(name, f"The {what} must be today or in the past", FamilyHelpError.DATE_INVALID)


def require(actor: Any, permission: Permission, child: Person) -> None:
    if not has_permission(actor, permission, child):
        raise NotFoundOrNotPermitted


def locked_open_case(case: FamilyHelpCase) -> FamilyHelpCase:
    current = FamilyHelpCase.objects.select_for_update().get(pk=case.pk)
    if current.closed_on is not None:
        raise field_error("case", "This Family Help case is closed", FamilyHelpError.CASE_CLOSED)
    return current


def case_child_ids(case: FamilyHelpCase, *, open_only: bool = True) -> list[int]:
    qs = FamilyHelpChild.objects.filter(case=case)
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    return list(qs.values_list("child_id", flat=True))


def review_clock(case: FamilyHelpCase) -> Deadline | None:
    return (
        Deadline.objects.filter(
            rule_code=FAMILY_HELP_REVIEW,
            child_id=case.child_id,
            met_on__isnull=True,
            subject_key__in=_subject_keys(case),
        )
        .order_by("due_on")
        .first()
    )


def _subject_keys(case: FamilyHelpCase) -> list[str]:
    plan_keys = [
        f"family_help.familyplan:{pk}" for pk in FamilyPlan.objects.filter(case=case).values_list("pk", flat=True)
    ]
    review_keys = [
        f"family_help.familyplanreview:{pk}"
        for pk in FamilyPlanReview.objects.filter(case=case).values_list("pk", flat=True)
    ]
    return plan_keys + review_keys
