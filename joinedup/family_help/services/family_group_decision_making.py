"""Family group decision making: the offer (in Family Help, or before proceedings), the family's answer, the
meeting and its outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors
from joinedup.episodes.models import CaseEpisode

from ..codes import FgdmContext, FgdmResponse
from ..errors import FamilyHelpError
from ..models import FamilyGroupDecisionMaking, FamilyHelpCase
from ._common import not_future, require


def fgdm_offer(
    *,
    actor: Any,
    episode: CaseEpisode,
    offered_on: date,
    context: str = FgdmContext.FAMILY_HELP,
    case: FamilyHelpCase | None = None,
    not_offered_reason: str = "",
) -> FamilyGroupDecisionMaking:
    """Offer family group decision making (or record why it is not in the child's interests). Child protection
    uses this with context pre_proceedings before applying for a care or supervision order."""
    child = episode.child
    require(
        actor,
        Permission.RECORD_FAMILY_HELP if context == FgdmContext.FAMILY_HELP else Permission.MANAGE_FAMILY_HELP,
        child,
    )
    errors = FieldErrors()
    if context not in FgdmContext.values:
        errors.add("context", "Select the context of the offer", FamilyHelpError.CONTEXT_INVALID)
    not_future(errors, "offered_on", offered_on, "date it was offered")
    if offered_on < episode.started_on:
        errors.add("offered_on", "The offer cannot be dated before the referral", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        if case is None:
            case = FamilyHelpCase.objects.filter(case_episode=episode, closed_on__isnull=True).first()
        fgdm = FamilyGroupDecisionMaking.objects.create(
            case=case,
            child=child,
            case_episode=episode,
            context=context,
            offered_on=offered_on,
            response=FgdmResponse.NOT_IN_CHILDS_INTERESTS if not_offered_reason.strip() else FgdmResponse.AWAITING,
            responded_on=offered_on if not_offered_reason.strip() else None,
            not_offered_reason=not_offered_reason.strip(),
            recorded_by=actor,
        )
        auditor.record_created(actor=actor, obj=fgdm, child_id=child.pk)
    return fgdm


def fgdm_response_record(
    *, actor: Any, fgdm: FamilyGroupDecisionMaking, response: str, responded_on: date
) -> FamilyGroupDecisionMaking:
    require(actor, Permission.RECORD_FAMILY_HELP, fgdm.child)
    errors = FieldErrors()
    if response not in (FgdmResponse.ACCEPTED, FgdmResponse.DECLINED):
        errors.add("response", "Select whether the family accepted", FamilyHelpError.FGDM_RESPONSE_INVALID)
    not_future(errors, "responded_on", responded_on, "date the family answered")
    if responded_on < fgdm.offered_on:
        errors.add("responded_on", "The answer cannot come before the offer", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = FamilyGroupDecisionMaking.objects.select_for_update().get(pk=fgdm.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={"response": response, "responded_on": responded_on},
        )
    return current


def fgdm_meeting_record(
    *, actor: Any, fgdm: FamilyGroupDecisionMaking, meeting_on: date, outcome: str
) -> FamilyGroupDecisionMaking:
    require(actor, Permission.RECORD_FAMILY_HELP, fgdm.child)
    fgdm.refresh_from_db()
    errors = FieldErrors()
    if fgdm.response != FgdmResponse.ACCEPTED:
        errors.add("meeting_on", "Record the family's acceptance before the meeting", FamilyHelpError.FGDM_NOT_ACCEPTED)
    not_future(errors, "meeting_on", meeting_on, "date of the meeting")
    if meeting_on < fgdm.offered_on:
        errors.add("meeting_on", "The meeting cannot come before the offer", FamilyHelpError.DATE_INVALID)
    if not outcome.strip():
        errors.add("outcome", "Record the outcome of the meeting", FamilyHelpError.FGDM_OUTCOME_REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = FamilyGroupDecisionMaking.objects.select_for_update().get(pk=fgdm.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={"meeting_on": meeting_on, "outcome": outcome.strip()},
        )
    return current
