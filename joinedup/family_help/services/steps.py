"""Step-up to child protection and step-down to Family Help (M1), inside the same episode of need and keeping the
lead practitioner: from Family Help's own pages, or as part of a child protection decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import EpisodeTier, TransitionReason
from joinedup.episodes.models import CaseEpisode

from ..codes import FamilyHelpStatus, StepDirection
from ..errors import FamilyHelpError
from ..models import FamilyHelpCase, FamilyHelpStep
from ._common import locked_open_case, not_future, require
from .cases import lead_change, open_case


def step_up_to_child_protection(
    *, actor: Any, family_help_case: FamilyHelpCase, on: date, reason: str
) -> FamilyHelpStep:
    """Record the step-up to child protection inside the same episode of need. The Family Help case stays the
    family's service and keeps its lead practitioner; child protection runs alongside."""
    require(actor, Permission.MANAGE_FAMILY_HELP, family_help_case.child)
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", "Say why the family is stepping up to child protection", FamilyHelpError.REASON_REQUIRED)
    not_future(errors, "on", on, "date of the step-up")
    if on < family_help_case.opened_on:
        errors.add("on", "The step-up cannot be dated before Family Help started", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(family_help_case)
        if current.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE:
            raise field_error(
                "on", "The family has already stepped up to child protection", FamilyHelpError.ALREADY_STEPPED_UP
            )
        step = _step_up(
            decision=episodes.Decision(actor, "family_help.step_up_to_child_protection"),
            case=current,
            on=on,
            reason=reason,
            why=TransitionReason.FAMILY_HELP_STEP_UP,
        )
    family_help_case.refresh_from_db()
    return step


def family_help_step_up_for_decision(
    *, decision: episodes.Decision, episode: CaseEpisode, on: date, reason: str, why: TransitionReason
) -> FamilyHelpStep | None:
    """Step the family's open Family Help in this episode up to child protection as part of another service's
    decision (a strategy discussion that starts a section 47 enquiry). No user permission is checked here: the
    public service the user called checked its own, once, and this runs as that decision whoever recorded it.
    Nothing happens (None) when there is no open Family Help in the episode, it has already stepped up, or the
    decision is dated before Family Help started."""
    case = (
        FamilyHelpCase.objects.select_for_update()
        .filter(case_episode_id=episode.pk, closed_on__isnull=True)
        .order_by("-opened_on", "-id")
        .first()
    )
    if case is None or case.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE or on < case.opened_on:
        return None
    return _step_up(decision=decision, case=case, on=on, reason=reason, why=why)


def _step_up(
    *, decision: episodes.Decision, case: FamilyHelpCase, on: date, reason: str, why: TransitionReason
) -> FamilyHelpStep:
    """The step-up's writes, on a locked open case: the step, the case's status, then the episode's tier (through
    episodes/services.py), all inside the caller's transaction."""
    actor = decision.actor
    step = FamilyHelpStep.objects.create(
        case=case,
        direction=StepDirection.UP,
        on=on,
        reason=reason.strip(),
        lead_practitioner_id=case.lead_practitioner_id,
        recorded_by=actor,
    )
    auditor.record_created(actor=actor, obj=step, child_id=case.child_id)
    auditor.record_fields_changed(
        actor=actor, obj=case, child_id=case.child_id, changes={"status": FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE}
    )
    episodes.episode_step_up(
        decision=decision if decision.record is not None else decision.about(step),
        episode=case.case_episode,
        to_tier=EpisodeTier.CHILD_PROTECTION,
        on=on,
        reason=why,
        reason_text=reason,
    )
    return step


def step_down_to_family_help(
    *,
    actor: Any,
    episode: CaseEpisode,
    on: date,
    reason: str,
    lead_practitioner: Practitioner | None = None,
) -> FamilyHelpCase:
    """The family continues in Family Help in the same episode of need, stepping down from child protection. The
    open Family Help case continues; where there is none, one opens, keeping the previous lead practitioner in this
    episode (or the child's last one) unless another is named."""
    require(actor, Permission.MANAGE_FAMILY_HELP, episode.child)
    return family_help_step_down_for_decision(
        decision=episodes.Decision(actor, "family_help.step_down_to_family_help"),
        episode=episode,
        on=on,
        reason=reason,
        lead_practitioner=lead_practitioner,
        why=TransitionReason.FAMILY_HELP_STEP_DOWN,
    )


def family_help_step_down_for_decision(
    *,
    decision: episodes.Decision,
    episode: CaseEpisode,
    on: date,
    reason: str,
    why: TransitionReason,
    lead_practitioner: Practitioner | None = None,
) -> FamilyHelpCase:
    """Step down to Family Help as part of another service's decision (a review conference that ends the child
    protection plan): no user permission is checked here; the public service the user called checked its own, and
    this runs as that decision whoever recorded it (an IRO chairing the review, say)."""
    actor = decision.actor
    child = episode.child
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", "Say why the family is stepping down to Family Help", FamilyHelpError.REASON_REQUIRED)
    not_future(errors, "on", on, "date of the step-down")
    if episode.closed_on is not None:
        errors.add("episode", "The child's episode of need is closed", FamilyHelpError.EPISODE_CLOSED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        locked = CaseEpisode.objects.select_for_update().get(pk=episode.pk)
        case = FamilyHelpCase.objects.select_for_update().filter(case_episode=locked, closed_on__isnull=True).first()
        if case is None:
            previous = (
                FamilyHelpCase.objects.filter(case_episode=locked).order_by("-opened_on", "-id").first()
                or FamilyHelpCase.objects.filter(child=child).order_by("-opened_on", "-id").first()
            )
            lead = lead_practitioner or (previous.lead_practitioner if previous is not None else None)
            if lead is None:
                raise field_error(
                    "lead_practitioner",
                    "Name the lead practitioner who will lead the family's Family Help",
                    FamilyHelpError.LEAD_REQUIRED,
                )
            case = open_case(
                actor=actor,
                episode=locked,
                lead_practitioner=lead,
                opened_on=max(on, locked.started_on),
                team=previous.team if previous is not None else None,
            )
        elif lead_practitioner is not None and lead_practitioner.pk != case.lead_practitioner_id:
            case = lead_change(actor=actor, case=case, lead_practitioner=lead_practitioner, on=on)
        step = FamilyHelpStep.objects.create(
            case=case,
            direction=StepDirection.DOWN,
            on=on,
            reason=reason.strip(),
            lead_practitioner_id=case.lead_practitioner_id,
            recorded_by=actor,
        )
        auditor.record_created(actor=actor, obj=step, child_id=child.pk)
        if case.status != FamilyHelpStatus.OPEN:
            auditor.record_fields_changed(
                actor=actor, obj=case, child_id=child.pk, changes={"status": FamilyHelpStatus.OPEN}
            )
        locked.refresh_from_db()
        if locked.tier == EpisodeTier.CHILD_PROTECTION:
            episodes.episode_step_down(
                decision=decision if decision.record is not None else decision.about(step),
                episode=locked,
                to_tier=EpisodeTier.FAMILY_HELP,
                on=on,
                reason=why,
                reason_text=reason,
            )
    case.refresh_from_db()
    return case
