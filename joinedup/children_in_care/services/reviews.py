"""Looked-after reviews (CPPCR regs. 32-38, M22): chaired by the child's independent reviewing officer, with the
child's participation (SSDA903 REVIEW_CODE) and the review's decisions; the permanence plan confirmed at the
second review. Each review meets the review clock that was running and starts the next: 3 months after the
first review, then 6-monthly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.core.voice import ChildVoice
from joinedup.people.models import Person

from ..codes import PARTICIPATION_UNDER_AGE, ParticipationCode, PermanencePlan
from ..errors import CareError
from ..models import LookedAfterReview, ReviewDecision
from ._common import (
    REVIEW_RULES,
    age_on,
    choice,
    clock_start,
    clocks_meet,
    independent_reviewing_officer_of,
    not_in_future,
    practitioner,
    require,
    uk,
)
from .periods import _lock_child, looked_after_period

MOST_DECISIONS = 30


@dataclass
class ReviewDetails:
    held_on: date
    chair_id: int | None
    participation: str
    permanence_plan: str = ""
    decisions: list[str] = field(default_factory=list)
    late_reason: str = ""
    # The child's wishes and feelings, or why they could not be obtained: required (M26), checked with the rest.
    voice: ChildVoice = field(default_factory=ChildVoice)


def next_review_rule(number: int) -> str:
    """The clock a review starts: the second review after the first, later reviews after every other one."""
    return "second_looked_after_review" if number == 1 else "subsequent_looked_after_review"


def looked_after_review_record(*, actor: Any, child: Person, details: ReviewDetails) -> LookedAfterReview:
    require(actor, Permission.RECORD_LOOKED_AFTER_REVIEW, child)
    errors = FieldErrors()
    not_in_future(errors, "held_on", details.held_on, "The date of the review")
    choice(errors, "participation", details.participation, ParticipationCode, "how the child took part")
    if details.permanence_plan:
        choice(errors, "permanence_plan", details.permanence_plan, PermanencePlan, "the permanence plan")
    chair = Practitioner.objects.filter(pk=details.chair_id).first() if details.chair_id else None
    if chair is None or chair.role != Role.INDEPENDENT_REVIEWING_OFFICER:
        errors.add(
            "chair",
            "Select the independent reviewing officer who chaired the review",
            CareError.NOT_AN_INDEPENDENT_REVIEWING_OFFICER,
        )
    if child.date_of_birth and details.participation in ParticipationCode.values:
        under = age_on(child.date_of_birth, details.held_on) < PARTICIPATION_UNDER_AGE
        if under != (details.participation == ParticipationCode.PN0):
            errors.add(
                "participation",
                "Use PN0 exactly when the child is under 4 on the day of the review"
                if under
                else "The child was 4 or over at the review: say how they took part",
                CareError.PARTICIPATION_AGE,
            )
    decisions = [d.strip() for d in details.decisions if d.strip()]
    if len(decisions) > MOST_DECISIONS:
        errors.add("decisions", f"Record at most {MOST_DECISIONS} decisions", CareError.TOO_LONG)
    voice = details.voice.check(errors)
    errors.raise_if_any()
    assert chair is not None
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period = looked_after_period(child, details.held_on, "held_on", ": reviews are for looked-after children")
        last = LookedAfterReview.objects.filter(period=period).order_by("-number").first()
        if last is not None and details.held_on <= last.held_on:
            raise field_error(
                "held_on",
                f"The last review recorded was held on {uk(last.held_on)}: record reviews in the order they were held",
                CareError.REVIEW_OUT_OF_ORDER,
            )
        number = last.number + 1 if last else 1
        if number == 2 and not details.permanence_plan:
            raise field_error(
                "permanence_plan",
                "The second review confirms the permanence plan: select it",
                CareError.PERMANENCE_PLAN_REQUIRED,
            )
        review = LookedAfterReview(
            child=child,
            period=period,
            recorded_by=practitioner(actor),
            held_on=details.held_on,
            number=number,
            chair=chair,
            participation=details.participation,
            permanence_plan=details.permanence_plan,
            **voice.as_fields(),
        )
        review.full_clean()
        review.save()
        ReviewDecision.objects.bulk_create(
            [ReviewDecision(review=review, decision=text, position=n) for n, text in enumerate(decisions, start=1)]
        )
        auditor.record_created(actor=actor, obj=review, child_id=child.pk)
        clocks_meet(
            actor=actor, child=child, rule_codes=REVIEW_RULES, met_on=details.held_on, late_reason=details.late_reason
        )
        if period.ended_on is None:
            clock_start(
                actor=actor,
                rule_code=next_review_rule(number),
                child=child,
                subject=review,
                started_on=details.held_on,
                assignee=independent_reviewing_officer_of(child) or chair,
            )
    return review
