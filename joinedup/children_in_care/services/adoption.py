"""Adoption and deprivation of liberty (SSDA903 PlacedAdoption, AD1, DoLo; Annex A list 10).

The agency decision maker's decision that the child should be placed for adoption is made inside a period of care;
one open decision per period at a time. Reversing it records the date of the decision that the child should no
longer be placed for adoption and the reason (RD1-RD4). The match with adopters comes on or after the decision,
with the adopters' number, sex and legal status consistent as the DfE's rules require. A deprivation of liberty
order (DoLo, from 2026-27) runs inside a period of care; a child's orders do not overlap.

Every service checks RECORD_CARE, writes in one transaction, audits each write, and raises field errors with nothing
saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.people.models import Person

from ..codes import (
    ADOPTED,
    ADOPTERS_SEX_FOR_LEGAL_STATUS,
    COUPLE_ADOPTER_SEXES,
    SINGLE_ADOPTER_SEXES,
    AdoptersLegalStatus,
    AdoptersSex,
    ReasonPlacedCeased,
)
from ..errors import CareError
from ..models import AdopterMatch, AdoptionDecision, DeprivationOfLibertyOrder, PeriodOfCare
from ._common import choice, not_in_future, practitioner, require, uk
from .periods import _lock_child


def _period_on(child: Person, day: date) -> PeriodOfCare | None:
    """The child's period of care that includes `day` (an ended period includes its last day)."""
    return (
        PeriodOfCare.objects.filter(child=child, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .order_by("-started_on", "-id")
        .first()
    )


def _require_period(child: Person, field: str, day: date, what: str) -> PeriodOfCare:
    period = _period_on(child, day)
    if period is None:
        raise field_error(
            field, f"{what} must be on a day the child was looked after", CareError.OUTSIDE_PERIOD_OF_CARE
        )
    return period


def _inside(period: PeriodOfCare, field: str, day: date, what: str) -> None:
    if day < period.started_on or (period.ended_on is not None and day > period.ended_on):
        end = uk(period.ended_on) if period.ended_on else "now"
        raise field_error(
            field,
            f"{what} must be inside the period of care ({uk(period.started_on)} to {end})",
            CareError.OUTSIDE_PERIOD_OF_CARE,
        )


# -- the agency decision maker's decision ------------------------------------------------------------------------


def adoption_decision_record(*, actor: Any, child: Person, decided_on: date) -> AdoptionDecision:
    """The agency decision maker decided that the child should be placed for adoption (SSDA903 DATE_PLACED)."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "decided_on", decided_on, "The date of the decision")
    errors.raise_if_any()
    with transaction.atomic():
        _lock_child(child)
        period = _require_period(child, "decided_on", decided_on, "The date of the decision")
        earlier = AdoptionDecision.objects.filter(period=period).order_by("-decided_on", "-id")
        for decision in earlier:
            if decision.ceased_on is None:
                raise field_error(
                    "decided_on",
                    f"A decision that the child should be placed for adoption is already recorded "
                    f"({uk(decision.decided_on)}): correct it, or record that it was reversed",
                    CareError.ADOPTION_DECISION_OPEN,
                )
            if decision.ceased_on > decided_on:
                raise field_error(
                    "decided_on",
                    f"An earlier decision was reversed on {uk(decision.ceased_on)}: a new decision comes after that",
                    CareError.EVENTS_AFTER_DATE,
                )
        decision = AdoptionDecision(child=child, period=period, recorded_by=practitioner(actor), decided_on=decided_on)
        decision.full_clean()
        decision.save()
        auditor.record_created(actor=actor, obj=decision, child_id=child.pk)
    return decision


def adoption_decision_correct(*, actor: Any, decision: AdoptionDecision, decided_on: date) -> AdoptionDecision:
    """The date of the decision was recorded wrongly: it stays inside its period, before any match or reversal."""
    child = decision.child
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "decided_on", decided_on, "The date of the decision")
    errors.raise_if_any()
    with transaction.atomic():
        _lock_child(child)
        decision = AdoptionDecision.objects.select_for_update().select_related("period").get(pk=decision.pk)
        _inside(decision.period, "decided_on", decided_on, "The date of the decision")
        if decision.ceased_on is not None and decided_on > decision.ceased_on:
            raise field_error(
                "decided_on",
                f"The decision was reversed on {uk(decision.ceased_on)}: it was made on or before that",
                CareError.EVENTS_AFTER_DATE,
            )
        match = AdopterMatch.objects.filter(decision=decision).first()
        if match is not None and decided_on > match.matched_on:
            raise field_error(
                "decided_on",
                f"The child was matched with adopters on {uk(match.matched_on)}: the decision came on or before that",
                CareError.MATCH_BEFORE_DECISION,
            )
        auditor.record_fields_changed(
            actor=actor, obj=decision, child_id=child.pk, changes={"decided_on": decided_on}, full_clean=True
        )
    return decision


def adoption_decision_reverse(
    *, actor: Any, decision: AdoptionDecision, ceased_on: date, reason: str
) -> AdoptionDecision:
    """The decision that the child should no longer be placed for adoption (DATE_PLACED_CEASED and its reason)."""
    child = decision.child
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "ceased_on", ceased_on, "The date of the decision")
    choice(errors, "reason", reason, ReasonPlacedCeased, "why the child should no longer be placed for adoption")
    errors.raise_if_any()
    with transaction.atomic():
        _lock_child(child)
        decision = AdoptionDecision.objects.select_for_update().select_related("period").get(pk=decision.pk)
        if decision.ceased_on is not None:
            raise field_error("ceased_on", "The decision is already recorded as reversed", CareError.ALREADY_RECORDED)
        if ceased_on < decision.decided_on:
            raise field_error(
                "ceased_on",
                f"The decision that the child should be placed for adoption was made on {uk(decision.decided_on)}: "
                "it was reversed on or after that",
                CareError.ENDS_BEFORE_IT_STARTS,
            )
        _inside(decision.period, "ceased_on", ceased_on, "The date of the decision")
        if decision.period.reason_ceased in ADOPTED:
            raise field_error("ceased_on", "The child was adopted: the decision cannot be reversed", CareError.ADOPTED)
        auditor.record_fields_changed(
            actor=actor,
            obj=decision,
            child_id=child.pk,
            changes={"ceased_on": ceased_on, "reason_ceased": reason},
            full_clean=True,
        )
    return decision


# -- matching with adopters ----------------------------------------------------------------------------------------


def _adopters_check(errors: FieldErrors, number: int | None, sex: str, legal_status: str) -> None:
    if number not in (1, 2):
        errors.add("number_of_adopters", "Select one adopter or two", CareError.INVALID_CHOICE)
    choice(errors, "adopters_sex", sex, AdoptersSex, "the sex of the adopter or adopters")
    choice(errors, "adopters_legal_status", legal_status, AdoptersLegalStatus, "the adopters' legal status")
    if errors:
        return
    if number == 1 and sex not in SINGLE_ADOPTER_SEXES:
        errors.add("adopters_sex", "One adopter: select single male or single female", CareError.ADOPTERS_INCONSISTENT)
    if number == 2 and sex not in COUPLE_ADOPTER_SEXES:
        errors.add("adopters_sex", "Two adopters: select the couple's sexes", CareError.ADOPTERS_INCONSISTENT)
    if sex not in ADOPTERS_SEX_FOR_LEGAL_STATUS[legal_status]:
        label = AdoptersLegalStatus(legal_status).label
        errors.add(
            "adopters_legal_status",
            f"{legal_status} ({label}) does not fit the adopters' sex {sex}",
            CareError.ADOPTERS_INCONSISTENT,
        )


def adopter_match_record(
    *,
    actor: Any,
    decision: AdoptionDecision,
    matched_on: date,
    adopters_are_foster_carers: bool,
    number_of_adopters: int | None,
    adopters_sex: str,
    adopters_legal_status: str,
) -> AdopterMatch:
    """The child was matched with their prospective adopters (SSDA903 AD1), on or after the decision. Recording it
    again corrects the match."""
    child = decision.child
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "matched_on", matched_on, "The date of matching")
    _adopters_check(errors, number_of_adopters, adopters_sex, adopters_legal_status)
    errors.raise_if_any()
    with transaction.atomic():
        _lock_child(child)
        decision = AdoptionDecision.objects.select_for_update().select_related("period").get(pk=decision.pk)
        if decision.ceased_on is not None:
            raise field_error(
                "matched_on",
                f"The decision was reversed on {uk(decision.ceased_on)}: a match needs a decision in force",
                CareError.ADOPTION_DECISION_REVERSED,
            )
        if matched_on < decision.decided_on:
            raise field_error(
                "matched_on",
                f"The decision that the child should be placed for adoption was made on {uk(decision.decided_on)}: "
                "matching comes on or after it",
                CareError.MATCH_BEFORE_DECISION,
            )
        _inside(decision.period, "matched_on", matched_on, "The date of matching")
        values = {
            "matched_on": matched_on,
            "adopters_are_foster_carers": adopters_are_foster_carers,
            "number_of_adopters": number_of_adopters,
            "adopters_sex": adopters_sex,
            "adopters_legal_status": adopters_legal_status,
        }
        match = AdopterMatch.objects.select_for_update().filter(decision=decision).first()
        if match is None:
            match = AdopterMatch(child=child, decision=decision, recorded_by=practitioner(actor), **values)
            match.full_clean()
            match.save()
            auditor.record_created(actor=actor, obj=match, child_id=child.pk)
        else:
            auditor.record_fields_changed(actor=actor, obj=match, child_id=child.pk, changes=values, full_clean=True)
    return match


# -- deprivation of liberty orders ---------------------------------------------------------------------------------


def _dolo_checks(child: Person, started_on: date, ended_on: date | None, exclude: int | None = None) -> PeriodOfCare:
    period = _require_period(child, "started_on", started_on, "The start of the order")
    if ended_on is not None:
        if ended_on < started_on:
            raise field_error(
                "ended_on",
                f"The order started on {uk(started_on)}: it ends on or after that",
                CareError.ENDS_BEFORE_IT_STARTS,
            )
        _inside(period, "ended_on", ended_on, "The end of the order")
    others = DeprivationOfLibertyOrder.objects.filter(child=child)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for other in others:
        other_end = other.ended_on or date.max
        this_end = ended_on or date.max
        if other.started_on <= this_end and started_on <= other_end:
            raise field_error(
                "started_on",
                f"Another order from {uk(other.started_on)} overlaps these dates",
                CareError.ORDERS_OVERLAP,
            )
    return period


def _may_record_order(actor: Any, child: Person, started_on: date, ended_on: date | None) -> None:
    """Who may record or correct an order, and dates that have come (before anything is locked)."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "started_on", started_on, "The start of the order")
    not_in_future(errors, "ended_on", ended_on, "The end of the order")
    errors.raise_if_any()


def deprivation_of_liberty_order_record(
    *, actor: Any, child: Person, started_on: date, ended_on: date | None = None
) -> DeprivationOfLibertyOrder:
    """A court order authorising the deprivation of the looked-after child's liberty (SSDA903 DoLo)."""
    _may_record_order(actor, child, started_on, ended_on)
    with transaction.atomic():
        _lock_child(child)
        period = _dolo_checks(child, started_on, ended_on)
        order = DeprivationOfLibertyOrder(
            child=child, period=period, recorded_by=practitioner(actor), started_on=started_on, ended_on=ended_on
        )
        order.full_clean()
        order.save()
        auditor.record_created(actor=actor, obj=order, child_id=child.pk)
    return order


def deprivation_of_liberty_order_end(
    *, actor: Any, order: DeprivationOfLibertyOrder, ended_on: date
) -> DeprivationOfLibertyOrder:
    """The order ended (or its end date was recorded wrongly and is corrected)."""
    child = order.child
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "ended_on", ended_on, "The end of the order")
    errors.raise_if_any()
    with transaction.atomic():
        _lock_child(child)
        order = DeprivationOfLibertyOrder.objects.select_for_update().get(pk=order.pk)
        _dolo_checks(child, order.started_on, ended_on, exclude=order.pk)
        auditor.record_fields_changed(
            actor=actor, obj=order, child_id=child.pk, changes={"ended_on": ended_on}, full_clean=True
        )
    return order


def deprivation_of_liberty_order_correct(
    *, actor: Any, order: DeprivationOfLibertyOrder, started_on: date, ended_on: date | None
) -> DeprivationOfLibertyOrder:
    """The order's dates were recorded wrongly: both are corrected together, inside a period of care (the one the
    corrected start falls in) and clear of the child's other orders; before and after in the record history."""
    child = order.child
    _may_record_order(actor, child, started_on, ended_on)
    with transaction.atomic():
        _lock_child(child)
        order = DeprivationOfLibertyOrder.objects.select_for_update().get(pk=order.pk)
        period = _dolo_checks(child, started_on, ended_on, exclude=order.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=order,
            child_id=child.pk,
            changes={"started_on": started_on, "ended_on": ended_on, "period_id": period.pk},
            full_clean=True,
        )
    return order
