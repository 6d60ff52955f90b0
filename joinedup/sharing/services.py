"""Writes for sharing: partners' shared events and professional challenge and escalation (M27)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import DomainValidationError, NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person

from .models import ChallengeStatus, ChallengeStep, EscalationLevel, ProfessionalChallenge, SharedEvent

# The partnership's escalation protocol (a local protocol, not a statutory timescale): each level answers within
# this many working days (England and Wales bank holidays excluded, through timescales' working-day calendar).
WORKING_DAYS_PER_LEVEL = 5

FUTURE = "The date must be today or in the past"


def _who(actor: Any) -> tuple[str, Any]:
    practitioner = practitioner_of(actor)
    if practitioner is None:
        raise NotFoundOrNotPermitted
    return f"{practitioner.given_name} {practitioner.family_name}", practitioner.organisation


def respond_by(start: dt.date) -> dt.date:
    from joinedup.timescales.calendar import CALENDAR

    return CALENDAR.add_working_days(start, WORKING_DAYS_PER_LEVEL)


def shared_event_record(
    *,
    actor: Any,
    child: Person,
    occurred_on: dt.date,
    agency: str,
    event_type: str,
    title: str,
    detail: str,
    shared_with_partners: bool = False,
) -> SharedEvent:
    """A partner shares an event from their agency into the child's chronology."""
    errors: dict[str, list[ValidationError]] = {}
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [ValidationError(FUTURE, code="future")]
    if not title.strip():
        errors["title"] = [ValidationError("Enter what happened, in a few words", code="required")]
    if not detail.strip():
        errors["detail"] = [ValidationError("Enter what the local authority needs to know", code="required")]
    if errors:
        raise DomainValidationError(errors)
    with transaction.atomic():
        if not has_permission(actor, Permission.SHARE_EVENT, child):
            raise NotFoundOrNotPermitted
        name, organisation = _who(actor)
        event = SharedEvent.objects.create(
            child=child,
            occurred_on=occurred_on,
            agency=agency,
            event_type=event_type,
            title=title.strip(),
            detail=detail.strip(),
            organisation=organisation,
            shared_by=actor,
            shared_by_name=name,
            shared_with_partners=shared_with_partners,
        )
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.SHARED,
            object_type="sharing.sharedevent",
            object_id=event.pk,
            child_id=child.pk,
        )
    return event


def challenge_raise(
    *,
    actor: Any,
    child: Person,
    decision: str,
    disagreement: str,
    outcome_sought: str = "",
    raised_on: dt.date | None = None,
) -> ProfessionalChallenge:
    """Record a disagreement about a decision (level 1: practitioner to practitioner)."""
    raised_on = raised_on or timezone.localdate()
    errors: dict[str, list[ValidationError]] = {}
    if not decision.strip():
        errors["decision"] = [ValidationError("Enter the decision you disagree with", code="required")]
    if not disagreement.strip():
        errors["disagreement"] = [ValidationError("Enter why you disagree", code="required")]
    if raised_on > timezone.localdate():
        errors["raised_on"] = [ValidationError(FUTURE, code="future")]
    if errors:
        raise DomainValidationError(errors)
    with transaction.atomic():
        if not has_permission(actor, Permission.RAISE_CHALLENGE, child):
            raise NotFoundOrNotPermitted
        name, organisation = _who(actor)
        challenge = ProfessionalChallenge.objects.create(
            reference="PC-" + secrets.token_hex(4).upper(),
            child=child,
            decision=decision.strip(),
            disagreement=disagreement.strip(),
            outcome_sought=outcome_sought.strip(),
            raised_on=raised_on,
            raised_by=actor,
            raised_by_name=name,
            organisation=organisation,
            level=EscalationLevel.PRACTITIONERS,
            respond_by=respond_by(raised_on),
        )
        ChallengeStep.objects.create(
            challenge=challenge,
            kind=ChallengeStep.Kind.RAISED,
            level=challenge.level,
            on=raised_on,
            note=challenge.disagreement,
            by=actor,
            by_name=name,
            organisation_name=organisation.name,
        )
        auditor.record_created(actor=actor, obj=challenge, child_id=child.pk)
    return challenge


def _step(actor: Any, challenge: ProfessionalChallenge, kind: str, note: str, on: dt.date) -> ChallengeStep:
    if not has_permission(actor, Permission.RESPOND_TO_CHALLENGE, challenge):
        raise NotFoundOrNotPermitted
    if challenge.status != ChallengeStatus.OPEN:
        raise field_error("challenge", "This challenge has been resolved", "resolved")
    if not note.strip():
        raise field_error("note", "Enter what was said or decided", "required")
    if on > timezone.localdate():
        raise field_error("on", FUTURE, "future")
    if on < challenge.raised_on:
        raise field_error("on", "The date must be on or after the day the challenge was raised", "before_raised")
    name, organisation = _who(actor)
    return ChallengeStep.objects.create(
        challenge=challenge,
        kind=kind,
        level=challenge.level,
        on=on,
        note=note.strip(),
        by=actor,
        by_name=name,
        organisation_name=organisation.name,
    )


def challenge_respond(*, actor: Any, challenge: ProfessionalChallenge, note: str, on: dt.date) -> ChallengeStep:
    with transaction.atomic():
        challenge = ProfessionalChallenge.objects.select_for_update().get(pk=challenge.pk)
        step = _step(actor, challenge, ChallengeStep.Kind.RESPONSE, note, on)
        auditor.record_created(actor=actor, obj=step, child_id=challenge.child_id)
    return step


def challenge_escalate(
    *, actor: Any, challenge: ProfessionalChallenge, note: str, on: dt.date
) -> ProfessionalChallenge:
    """Move the challenge up one level, with a new date to answer by."""
    with transaction.atomic():
        challenge = ProfessionalChallenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.level >= EscalationLevel.PARTNERSHIP:
            raise field_error("level", "This challenge is already with the safeguarding partnership", "top_level")
        before = {"level": challenge.level, "respond_by": challenge.respond_by.isoformat()}
        challenge.level += 1
        step = _step(actor, challenge, ChallengeStep.Kind.ESCALATED, note, on)
        challenge.respond_by = respond_by(on)
        challenge.save(update_fields=["level", "respond_by", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=challenge,
            child_id=challenge.child_id,
            before=before,
            after={"level": challenge.level, "respond_by": challenge.respond_by.isoformat()},
        )
        del step
    return challenge


def challenge_resolve(*, actor: Any, challenge: ProfessionalChallenge, note: str, on: dt.date) -> ProfessionalChallenge:
    with transaction.atomic():
        challenge = ProfessionalChallenge.objects.select_for_update().get(pk=challenge.pk)
        _step(actor, challenge, ChallengeStep.Kind.RESOLVED, note, on)
        before = {"status": challenge.status}
        challenge.status = ChallengeStatus.RESOLVED
        challenge.resolved_on = on
        challenge.resolution = note.strip()
        challenge.save(update_fields=["status", "resolved_on", "resolution", "updated_at"])
        auditor.record_updated(
            actor=actor, obj=challenge, child_id=challenge.child_id, before=before, after={"status": challenge.status}
        )
    return challenge
