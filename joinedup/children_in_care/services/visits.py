"""Statutory visits (CPPCR reg. 28, M22): the child seen, and seen alone, in their placement. A visit at which the
child was seen meets the visit clock that was running and starts the next by the placement's visiting pattern:

- standard (reg. 28(2)): every 6 weeks in the first year of the placement; after it, every 3 months when the
  placement is intended to last until the child is 18, every 6 weeks otherwise;
- placed with parents before the assessment is complete (reg. 28(3)): weekly until the first looked-after
  review, then every 6 weeks;
- connected person with temporary approval, or interim care order living with a parent (reg. 28(4)): weekly
  until the first review, then every 4 weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.people.models import Person
from joinedup.timescales.calendar import add_months

from ..codes import VisitingPattern
from ..errors import CareError
from ..models import LookedAfterReview, Placement, StatutoryVisit
from ._common import VISIT_RULES, clock_start, clocks_meet, not_in_future, practitioner, require, uk
from .periods import _lock_child, placement_on

# Regulation 28(2): "during the first year of the placement".
PLACEMENT_FIRST_YEAR_MONTHS = 12


@dataclass
class VisitDetails:
    visited_on: date
    child_seen: bool
    child_seen_alone: bool
    reason_not_seen_alone: str = ""
    late_reason: str = ""


def next_visit_rule(placement: Placement, visited_on: date, *, first_review_held: bool) -> tuple[str, str | None]:
    """The rule (and interval) of the next visit after one on `visited_on`."""
    if placement.visiting_pattern == VisitingPattern.PLACED_WITH_PARENTS:
        return "placed_with_parents_visit", "after_first_review" if first_review_held else "to_first_review"
    if placement.visiting_pattern == VisitingPattern.CONNECTED_PERSON:
        return "connected_person_visit", "after_first_review" if first_review_held else "to_first_review"
    if visited_on < add_months(placement.started_on, PLACEMENT_FIRST_YEAR_MONTHS):
        return "placement_visit_first_year", None
    if placement.is_intended_until_eighteen:
        return "placement_visit_long_term", None
    return "placement_visit_other", None


def statutory_visit_record(*, actor: Any, child: Person, details: VisitDetails) -> StatutoryVisit:
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "visited_on", details.visited_on, "The date of the visit")
    if details.child_seen_alone and not details.child_seen:
        errors.add(
            "child_seen_alone", "A child seen alone was seen: check your answers", CareError.SEEN_ALONE_NEEDS_SEEN
        )
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        placement = placement_on(child, details.visited_on)
        if placement is None:
            raise field_error(
                "visited_on",
                f"The child was not looked after (in a placement) on {uk(details.visited_on)}",
                CareError.NOT_LOOKED_AFTER,
            )
        last = StatutoryVisit.objects.filter(placement=placement).order_by("-visited_on").first()
        if last is not None and details.visited_on < last.visited_on:
            raise field_error(
                "visited_on",
                f"A later visit in this placement is recorded ({uk(last.visited_on)}): record visits in order",
                CareError.VISIT_OUT_OF_ORDER,
            )
        visit = StatutoryVisit(
            child=child,
            placement=placement,
            recorded_by=practitioner(actor),
            visited_by=practitioner(actor),
            visited_on=details.visited_on,
            child_seen=details.child_seen,
            child_seen_alone=details.child_seen_alone,
            reason_not_seen_alone=details.reason_not_seen_alone.strip() if not details.child_seen_alone else "",
        )
        visit.full_clean()
        visit.save()
        auditor.record_created(actor=actor, obj=visit, child_id=child.pk)
        if details.child_seen:
            # Only a visit at which the child was seen meets the duty; otherwise the clock keeps running.
            subjects = [placement, *StatutoryVisit.objects.filter(placement=placement).exclude(pk=visit.pk)]
            clocks_meet(
                actor=actor,
                child=child,
                rule_codes=VISIT_RULES,
                met_on=details.visited_on,
                late_reason=details.late_reason,
                subjects=subjects,
            )
            if placement.ended_on is None:
                first_review_held = LookedAfterReview.objects.filter(
                    period_id=placement.period_id, held_on__lte=details.visited_on
                ).exists()
                rule, interval = next_visit_rule(placement, details.visited_on, first_review_held=first_review_held)
                clock_start(
                    actor=actor,
                    rule_code=rule,
                    child=child,
                    subject=visit,
                    started_on=details.visited_on,
                    interval=interval,
                )
    return visit
