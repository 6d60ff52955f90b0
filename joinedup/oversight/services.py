"""Allocation (issue 16 moved it here from access/): a manager gives a child's work to a social worker, and the open
statutory clocks move with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline

# -- Allocation ---------------------------------------------------------------------------------------------------
# Roles a child's work may be allocated to: the allocated social worker (a team manager may hold cases too).
ALLOCATABLE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})


class AllocationError(StrEnum):
    NOT_ALLOCATABLE = "not_allocatable"
    ALREADY_ALLOCATED = "already_allocated"
    DATE_IN_FUTURE = "date_in_future"
    DATE_BEFORE_CURRENT = "date_before_current_allocation"
    REASON_REQUIRED = "reason_required"


@dataclass(frozen=True)
class AllocationResult:
    involvement: Involvement
    previous: Involvement | None
    deadlines_moved: int


def allocation_change(
    *, actor: Any, child: Person, practitioner: Practitioner, started_on: date, reason: str = ""
) -> AllocationResult:
    """Allocate the child's work to a social worker, or reallocate it: the current allocation ends the day before the
    new one starts, and every open statutory clock the previous worker carried (or nobody carried) moves to the new
    worker and their team, so nothing due is left on a worklist nobody reads. Clocks carried by someone else (the
    independent reviewing officer's reviews) stay where they are. A reallocation needs a reason. One transaction,
    audited: the involvements and each clock that moved."""
    if not has_permission(actor, Permission.ALLOCATE_CASE, child):
        raise NotFoundOrNotPermitted
    if practitioner.role not in ALLOCATABLE_ROLES or practitioner.user is None or not practitioner.user.is_active:
        raise field_error(
            "practitioner", "Choose a social worker who can hold the child's work", AllocationError.NOT_ALLOCATABLE
        )
    if started_on > timezone.localdate():
        raise field_error(
            "started_on", "The allocation date must be today or in the past", AllocationError.DATE_IN_FUTURE
        )
    with transaction.atomic():
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
            auditor.record_fields_changed(
                actor=actor, obj=current, child_id=child.pk, changes={"ended_on": started_on - timedelta(days=1)}
            )
        involvement = Involvement.objects.create(
            child=child,
            practitioner=practitioner,
            team=practitioner.team,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
            started_on=started_on,
        )
        auditor.record_created(actor=actor, obj=involvement, child_id=child.pk)
        carried = Q(assignee__isnull=True)
        if current is not None:
            carried |= Q(assignee_id=current.practitioner_id)
        moving = list(
            Deadline.objects.select_for_update()
            .filter(carried, child=child, met_on__isnull=True)
            .values_list("pk", flat=True)
        )
        Deadline.objects.filter(pk__in=moving).update(assignee=practitioner, team=practitioner.team)
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(
                    AuditAction.UPDATED,
                    "timescales.deadline",
                    pk,
                    child_id=child.pk,
                    changed_fields=("assignee", "team"),
                    reason=reason.strip()[:200],
                )
                for pk in moving
            ],
        )
    return AllocationResult(involvement=involvement, previous=current, deadlines_moved=len(moving))
