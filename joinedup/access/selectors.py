from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.people.models import Person

from .models import BreakGlassAccess, Involvement, InvolvementRole
from .permissions import Permission
from .policy import has_permission
from .scopes import children_visible_to, is_front_door_member, practitioner_of


def break_glass_awaiting_review(*, actor: Any) -> QuerySet[BreakGlassAccess]:
    """Break-glass accesses by members of the teams this user manages that nobody has reviewed yet."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return BreakGlassAccess.objects.none()
    team_ids = list(practitioner.managed_teams.values_list("id", flat=True))
    if not team_ids:
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(user__practitioner__team_id__in=team_ids, reviewed_at__isnull=True)
        .exclude(user_id=actor.pk)
        .select_related("user", "user__practitioner")
        .order_by("created_at")
    )


def restricted_records_overview(*, actor: Any) -> list[dict[str, Any]]:
    """Restricted records (by number only, never names) and who holds a grant to each."""
    from joinedup.access.permissions import Permission
    from joinedup.access.policy import has_permission
    from joinedup.people.models import Person

    from .models import RestrictedRecordGrant

    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        return []
    grants: dict[int, list[RestrictedRecordGrant]] = {}
    for grant in RestrictedRecordGrant.objects.filter(revoked_at__isnull=True).select_related("user", "granted_by"):
        grants.setdefault(grant.child_id, []).append(grant)
    ids = Person.objects.filter(is_restricted=True, is_child_record=True).order_by("id").values_list("id", flat=True)
    return [{"record": pk, "grants": grants.get(pk, [])} for pk in ids]


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
    from .services import ALLOCATABLE_ROLES

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
    from joinedup.episodes.models import CaseEpisode
    from joinedup.timescales.models import Deadline

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
