"""A manager's writes. Allocation (issue 16 moved it here from access/): a manager gives a child's work to a social
worker, and the open statutory clocks move with it. Supervision (issue 16 moved it here from case_record/): the
manager signs off decisions a worker recorded, and an action agreed in supervision is closed when it is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole, SocialWorkerChangeReason
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.selectors import allocations_after_moves
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.case_record.models import SupervisionAction, SupervisionRecord
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.selectors import managed_team_ids

# -- Allocation ---------------------------------------------------------------------------------------------------
# Roles a child's work may be allocated to: the allocated social worker (a team manager may hold cases too).
ALLOCATABLE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


class AllocationError(StrEnum):
    NOT_ALLOCATABLE = "not_allocatable"
    ALREADY_ALLOCATED = "already_allocated"
    DATE_IN_FUTURE = "date_in_future"
    DATE_BEFORE_CURRENT = "date_before_current_allocation"
    REASON_REQUIRED = "reason_required"
    CHANGE_REASON_REQUIRED = "change_reason_required"


# The reasons a child's work moves from one social worker to another (every SW_REASON but first contact).
MOVE_REASONS = frozenset(SocialWorkerChangeReason.values) - {SocialWorkerChangeReason.FCONTA}


@dataclass(frozen=True)
class AllocationResult:
    involvement: Involvement
    previous: Involvement | None
    deadlines_moved: int


def allocation_change(
    *,
    actor: Any,
    child: Person,
    practitioner: Practitioner,
    started_on: date,
    reason: str = "",
    reason_for_change: str = "",
) -> AllocationResult:
    """Allocate the child's work to a social worker, or reallocate it: the current allocation ends the day before the
    new one starts, and every open statutory clock of the child's work moves to the new worker and their team,
    whoever carried it (the front door, the previous worker, a Family Help lead practitioner, nobody), so nothing due
    is left on a worklist nobody reads. Clocks that belong to someone else's role stay with them: the independent
    reviewing officer's reviews, a partner agency's, a care leaver's personal adviser's, the front door's own work on
    a contact (rules.toml `carried_by`; timescales.deadlines_reassign decides). A reallocation needs a reason, in
    words and as one of the DfE's reasons for a change of social worker (`reason_for_change`, SSDA903 SW_REASON,
    not FCONTA); a first allocation is FCONTA (first contact or re-referral). One transaction, audited: the
    involvements and each clock that moved, with who carried it before."""
    if not has_permission(actor, Permission.ALLOCATE_CASE, child):
        raise NotFoundOrNotPermitted
    # A worker who has not signed in yet may hold cases; one whose account is closed, or who has left, may not.
    if (
        practitioner.role not in ALLOCATABLE_ROLES
        or practitioner.left_on is not None
        or (practitioner.user is not None and not practitioner.user.is_active)
    ):
        raise field_error(
            "practitioner", "Choose a social worker who can hold the child's work", AllocationError.NOT_ALLOCATABLE
        )
    if started_on > timezone.localdate():
        raise field_error(
            "started_on", "The allocation date must be today or in the past", AllocationError.DATE_IN_FUTURE
        )
    with transaction.atomic(), auditor.audit_last():
        current = (
            Involvement.objects.select_for_update()
            .filter(child=child, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
            .order_by("-started_on")
            .first()
        )
        if current is not None:
            if current.practitioner_id == practitioner.pk:
                raise field_error(
                    "practitioner",
                    f"{practitioner.full_name} already holds this child's work",
                    AllocationError.ALREADY_ALLOCATED,
                )
            if started_on <= current.started_on:
                raise field_error(
                    "started_on",
                    f"The new allocation must start after the current one, which started on "
                    f"{current.started_on:%-d %B %Y}",
                    AllocationError.DATE_BEFORE_CURRENT,
                )
            if not reason.strip():
                raise field_error(
                    "reason", "Say why the child's work is moving to another worker", AllocationError.REASON_REQUIRED
                )
            if reason_for_change not in MOVE_REASONS:
                raise field_error(
                    "reason_for_change",
                    "Choose the reason the child's social worker is changing",
                    AllocationError.CHANGE_REASON_REQUIRED,
                )
            auditor.record_fields_changed(
                actor=actor, obj=current, child_id=child.pk, changes={"ended_on": started_on - timedelta(days=1)}
            )
        involvement = Involvement.objects.create(
            child=child,
            practitioner=practitioner,
            team=practitioner.team,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
            started_on=started_on,
            reason_for_social_worker_change=(
                reason_for_change if current is not None else SocialWorkerChangeReason.FCONTA
            ),
        )
        auditor.record_created(actor=actor, obj=involvement, child_id=child.pk)
        moved = timescales.deadlines_reassign(actor=actor, child=child, practitioner=practitioner, reason=reason)
    return AllocationResult(involvement=involvement, previous=current, deadlines_moved=len(moved))


def allocation_keep_with_worker(*, actor: Any, involvement_id: int) -> Involvement:
    """After a worker moved team (access/staff.py: practitioner_move), a manager who oversees the child's work keeps it
    with the worker: the allocation is held under the worker's new team from now on, so its manager oversees it, and
    the child's open clocks move to that team. Only a manager of the sending or the receiving team, who may record on
    the child. One transaction, audited with the team before and after."""
    found = (
        allocations_after_moves(team_ids=managed_team_ids(actor=actor))
        .select_related("practitioner__user")
        .filter(pk=involvement_id)
        .first()
    )
    if found is None or not has_permission(actor, Permission.ALLOCATE_CASE, found.child):
        raise NotFoundOrNotPermitted
    with transaction.atomic(), auditor.audit_last():
        involvement = Involvement.objects.select_for_update().select_related("practitioner").get(pk=found.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=involvement,
            child_id=involvement.child_id,
            changes={"team_id": involvement.practitioner.team_id},
        )
        timescales.deadlines_reassign(
            actor=actor,
            child=found.child,
            practitioner=involvement.practitioner,
            reason="Kept with the worker after they moved team",
        )
    return involvement


# -- Supervision --------------------------------------------------------------------------------------------------
SUPERVISION_SIGNED_OFF = "This supervision record is already signed off"
ACTION_ALREADY_DONE = "This action is already marked as done"
ACTION_DONE_IN_FUTURE = "The date the action was done must be today or in the past"
ACTION_DONE_BEFORE_SUPERVISION = "The action cannot have been done before the supervision that agreed it"


def supervision_sign_off(*, actor: Any, record: SupervisionRecord) -> SupervisionRecord:
    """The worker's manager signs off the decisions the worker recorded from supervision. Audited."""
    with transaction.atomic():
        record = SupervisionRecord.objects.select_for_update().select_related("worker").get(pk=record.pk)
        if not has_permission(actor, Permission.SIGN_OFF_SUPERVISION, record):
            raise NotFoundOrNotPermitted
        if record.signed_off_at is not None:
            raise field_error("record", SUPERVISION_SIGNED_OFF, "signed_off")
        record.signed_off_by = actor
        record.signed_off_at = timezone.now()
        record.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
        auditor.record_updated(
            actor=actor, obj=record, child_id=record.child_id, before={"signed_off": False}, after={"signed_off": True}
        )
    return record


def supervision_action_done(*, actor: Any, action: SupervisionAction, done_on: date) -> SupervisionAction:
    """Close an action agreed in supervision: whoever may record the child's supervision (the worker who owns the
    action, their manager) marks it done on `done_on`. It then leaves the overdue lists (the oversight page, the case
    summary). Once done it stays done. One transaction, audited."""
    if done_on > timezone.localdate():
        raise field_error("done_on", ACTION_DONE_IN_FUTURE, "future")
    with transaction.atomic():
        action = SupervisionAction.objects.select_for_update().select_related("child", "record").get(pk=action.pk)
        if not has_permission(actor, Permission.RECORD_SUPERVISION, action.child):
            raise NotFoundOrNotPermitted
        if action.done_on is not None:
            raise field_error("action", ACTION_ALREADY_DONE, "done")
        if done_on < action.record.held_on:
            raise field_error("done_on", ACTION_DONE_BEFORE_SUPERVISION, "before_supervision")
        action.done_on = done_on
        action.save(update_fields=["done_on"])
        auditor.record_updated(
            actor=actor,
            obj=action,
            child_id=action.child_id,
            before={"done_on": None},
            after={"done_on": done_on.isoformat()},
        )
    return action
