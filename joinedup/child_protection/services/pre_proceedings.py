"""Pre-proceedings (the CIN census module): the start, with the letter before proceedings and the offer of family
group decision making; meetings; the outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors
from joinedup.family_help.codes import FgdmContext
from joinedup.family_help.services import fgdm_offer
from joinedup.people.models import Person

from ..codes import PreProceedingsOutcome
from ..errors import ChildProtectionError as E
from ..models import PreProceedings, PreProceedingsMeeting
from ._common import not_in_future, open_episode, require


def pre_proceedings_start(
    *,
    actor: Any,
    child: Person,
    started_on: date,
    letter_before_proceedings_on: date | None,
    family_group_decision_making_offered: bool | None,
    not_offered_reason: str = "",
) -> PreProceedings:
    """Pre-proceedings start, with the letter before proceedings and the offer of family group decision making the
    authority must make before applying for an order (recorded through family_help.services.fgdm_offer, context
    pre-proceedings), or why it is not in the child's interests."""
    require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    if family_group_decision_making_offered is False and not not_offered_reason.strip():
        errors.add(
            "not_offered_reason",
            "Say why family group decision making is not in the child's interests",
            E.REQUIRED,
        )
    not_in_future(errors, "started_on", started_on, "The date pre-proceedings started")
    not_in_future(errors, "letter_before_proceedings_on", letter_before_proceedings_on, "The date of the letter")
    if letter_before_proceedings_on is not None and letter_before_proceedings_on < started_on:
        errors.add("letter_before_proceedings_on", "The letter must be on or after the start", E.ORDER_OF_DATES)
    if PreProceedings.objects.filter(child=child, ended_on__isnull=True).exists():
        errors.add("started_on", "The child is already in pre-proceedings", E.PRE_PROCEEDINGS_OPEN)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        record = PreProceedings.objects.create(
            episode=open_episode(child),
            child=child,
            started_on=started_on,
            letter_before_proceedings_on=letter_before_proceedings_on,
            family_group_decision_making_offered=family_group_decision_making_offered,
        )
        if family_group_decision_making_offered is not None:
            record.family_group_decision_making = fgdm_offer(
                actor=actor,
                episode=record.episode,
                offered_on=started_on,
                context=FgdmContext.PRE_PROCEEDINGS,
                not_offered_reason="" if family_group_decision_making_offered else not_offered_reason,
            )
            record.save(update_fields=["family_group_decision_making", "updated_at"])
        auditor.record_created(actor=actor, obj=record, child_id=child.pk)
    return record


def pre_proceedings_meeting_add(
    *, actor: Any, pre_proceedings: PreProceedings, held_on: date, notes: str
) -> PreProceedingsMeeting:
    require(actor, Permission.RECORD_CHILD_PROTECTION, pre_proceedings.child)
    errors = FieldErrors()
    not_in_future(errors, "held_on", held_on, "The date of the meeting")
    if held_on < pre_proceedings.started_on:
        errors.add("held_on", "The meeting must be on or after pre-proceedings started", E.ORDER_OF_DATES)
    if not notes.strip():
        errors.add("notes", "Enter what was agreed", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        meeting = PreProceedingsMeeting.objects.create(
            pre_proceedings=pre_proceedings, held_on=held_on, notes=notes.strip()
        )
        auditor.record_created(actor=actor, obj=meeting, child_id=pre_proceedings.child_id)
    return meeting


def pre_proceedings_end(*, actor: Any, pre_proceedings: PreProceedings, ended_on: date, outcome: str) -> PreProceedings:
    require(actor, Permission.RECORD_CHILD_PROTECTION, pre_proceedings.child)
    errors = FieldErrors()
    not_in_future(errors, "ended_on", ended_on, "The date pre-proceedings ended")
    if ended_on < pre_proceedings.started_on:
        errors.add("ended_on", "The end must be on or after the start", E.ORDER_OF_DATES)
    if outcome not in PreProceedingsOutcome.values:
        errors.add("outcome", "Choose the outcome", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        auditor.record_fields_changed(
            actor=actor,
            obj=pre_proceedings,
            child_id=pre_proceedings.child_id,
            changes={"ended_on": ended_on, "outcome": outcome},
        )
    return pre_proceedings
