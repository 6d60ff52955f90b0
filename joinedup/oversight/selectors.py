"""Reads for allocation: whom a manager may allocate to, and the children waiting for a worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, is_front_door_member, practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.episodes.models import CaseEpisode
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline

from .services import ALLOCATABLE_ROLES

# -- Allocation ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationCandidate:
    practitioner: Practitioner
    team_name: str
    open_cases: int

    @property
    def label(self) -> str:
        cases = "1 child" if self.open_cases == 1 else f"{self.open_cases} children"
        return f"{self.practitioner.full_name} ({self.team_name}, {cases} allocated)"


@dataclass(frozen=True)
class AwaitingAllocation:
    child: Person
    episode_started_on: date
    tier: str
    next_due_on: date | None


def allocation_candidates(*, actor: Any) -> list[AllocationCandidate]:
    """Whom this manager may allocate a child's work to, each with how many children they hold now: the front door's
    manager may allocate to any social worker in the authority, another manager to the members of their teams.
    Two queries whatever the number of workers."""
    practitioner = practitioner_of(actor)
    if practitioner is None or not has_permission(actor, Permission.VIEW_AWAITING_ALLOCATION):
        return []
    workers = Practitioner.objects.filter(
        role__in=ALLOCATABLE_ROLES, user__is_active=True, organisation_id=practitioner.organisation_id
    )
    if not is_front_door_member(practitioner):
        workers = workers.filter(team__in=practitioner.managed_teams.all())
    today = timezone.localdate()
    open_cases = Count(
        "involvements",
        filter=Q(involvements__role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
        & (Q(involvements__ended_on__isnull=True) | Q(involvements__ended_on__gte=today)),
    )
    rows = workers.select_related("team").annotate(open_cases=open_cases).order_by("team__name", "family_name", "id")
    return [
        AllocationCandidate(w, w.team.name if w.team else "no team", w.open_cases)  # type: ignore[attr-defined]
        for w in rows
    ]


def awaiting_allocation(*, actor: Any, limit: int = 200) -> list[AwaitingAllocation]:
    """Children with an open episode of need and no allocated social worker, among those this manager may see, the
    longest waiting first, with the soonest open statutory clock. Every child listed is audited in one append."""
    if not has_permission(actor, Permission.VIEW_AWAITING_ALLOCATION):
        return []
    today = timezone.localdate()
    allocated = Involvement.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    ).values("child_id")
    episodes = (
        CaseEpisode.objects.filter(closed_on__isnull=True, child__in=children_visible_to(actor))
        .exclude(child_id__in=allocated)
        .select_related("child", "child__child_profile")
        .annotate(
            next_due_on=Subquery(
                Deadline.objects.filter(child_id=OuterRef("child_id"), met_on__isnull=True)
                .order_by("due_on")
                .values("due_on")[:1]
            )
        )
        .order_by("started_on", "id")[:limit]
    )
    rows = [
        AwaitingAllocation(e.child, e.started_on, e.get_tier_display(), e.next_due_on)  # type: ignore[attr-defined]
        for e in episodes
    ]
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.LISTED, "people.person", r.child.pk, child_id=r.child.pk) for r in rows
            ],
        )
    return rows
