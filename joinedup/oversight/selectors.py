"""A manager's reads: whom they may allocate to and the children waiting for a worker; their teams' caseloads,
everything awaiting their sign-off and the overdue supervision actions (the oversight page)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, is_front_door_member, practitioner_of
from joinedup.access.selectors import allocations_after_moves, caseloads, open_allocations
from joinedup.agencies.models import Practitioner, Team
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.case_record.models import SupervisionAction
from joinedup.case_record.selectors import SIBLING_TYPES
from joinedup.core.sign_off import AwaitingSignOff
from joinedup.episodes.models import CaseEpisode
from joinedup.front_door.models import Contact
from joinedup.people.models import Person, Relationship
from joinedup.people.selectors import RiskFlag, children_at_greater_risk, greater_risk_flags
from joinedup.sharing.selectors import children_with_open_challenges
from joinedup.timescales.engine import Horizon
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import managed_team_ids, team_work

from . import sign_off
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
    flags: list[RiskFlag] = field(default_factory=list)  # the child's greater-risk flags (M9)
    immediate_danger: bool = False  # a contact since the episode began said the child may be in immediate danger


def allocation_candidates(*, actor: Any) -> list[AllocationCandidate]:
    """Whom this manager may allocate a child's work to, each with their caseload now (access.selectors.caseloads,
    the one figure every page shows): the front door's manager may allocate to any social worker in the authority,
    another manager to every member of their teams who may hold cases (a social worker or a team manager), whether or
    not they have signed in yet; never one whose account is closed or who has left. Two queries whatever the number
    of workers."""
    practitioner = practitioner_of(actor)
    if practitioner is None or not has_permission(actor, Permission.VIEW_AWAITING_ALLOCATION):
        return []
    workers = Practitioner.objects.filter(
        Q(user__isnull=True) | Q(user__is_active=True),
        role__in=ALLOCATABLE_ROLES,
        organisation_id=practitioner.organisation_id,
        left_on__isnull=True,
    )
    if not is_front_door_member(practitioner):
        workers = workers.filter(team__in=practitioner.managed_teams.all())
    rows = list(workers.select_related("team").order_by("team__name", "family_name", "id"))
    held = caseloads(practitioner_ids=[w.pk for w in rows])
    return [AllocationCandidate(w, w.team.name if w.team else "no team", len(held[w.pk])) for w in rows]


# Children awaiting allocation shown a page at a time, in risk order (a whole authority's list after a busy week may
# run to hundreds): every child can be reached, where the list had stopped at 200.
ALLOCATION_PAGE_SIZE = 50


@dataclass
class AwaitingAllocationPage:
    rows: list[AwaitingAllocation]  # this page's
    page: Page[Any]  # its episodes, for the page's number and count


def awaiting_allocation(*, actor: Any, page: str | int | None = None) -> AwaitingAllocationPage:
    """Children with an open episode of need whom nobody holds (no open allocation of any kind: an allocated social
    worker, a Family Help lead practitioner, a lead child protection practitioner or a personal adviser, as
    access.selectors.open_allocations), among those this manager may see, a page at a time. By risk, then waiting
    time, all in SQL before the page is cut: a child whose contact said they may be in immediate danger first, then
    children with any greater-risk flag (people.selectors.children_at_greater_risk, the rules the flags are shown
    by), then the longest waiting, then the episode; each with the soonest open statutory clock and its flags. The
    page's children are audited in one append. A fixed number of queries, whatever the number of children."""
    today = timezone.localdate()
    if not has_permission(actor, Permission.VIEW_AWAITING_ALLOCATION):
        return AwaitingAllocationPage([], Paginator(CaseEpisode.objects.none(), ALLOCATION_PAGE_SIZE).get_page(1))
    episodes = (
        CaseEpisode.objects.filter(closed_on__isnull=True, child__in=children_visible_to(actor))
        .exclude(child_id__in=open_allocations(today=today).values("child_id"))
        .select_related("child", "child__child_profile")
        .annotate(
            next_due_on=Subquery(
                Deadline.objects.filter(child_id=OuterRef("child_id"), met_on__isnull=True)
                .order_by("due_on")
                .values("due_on")[:1]
            ),
            immediate_danger=Exists(
                Contact.objects.filter(
                    child_id=OuterRef("child_id"), immediate_danger=True, received_on__gte=OuterRef("started_on")
                )
            ),
            greater_risk=Exists(children_at_greater_risk(today=today).filter(pk=OuterRef("child_id"))),
        )
        .order_by("-immediate_danger", "-greater_risk", "started_on", "id")
    )
    shown = Paginator(episodes, ALLOCATION_PAGE_SIZE).get_page(page)
    flags = greater_risk_flags(child_ids=[e.child_id for e in shown], today=today)  # one query for the page
    rows = [
        AwaitingAllocation(
            e.child,
            e.started_on,
            e.get_tier_display(),  # type: ignore[attr-defined]
            e.next_due_on,  # type: ignore[attr-defined]
            flags.get(e.child_id, []),
            immediate_danger=e.immediate_danger,  # type: ignore[attr-defined]
        )
        for e in shown
    ]
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.LISTED, "people.person", r.child.pk, child_id=r.child.pk) for r in rows
            ],
        )
    return AwaitingAllocationPage(rows, shown)


def awaiting_allocation_count(*, actor: Any, today: date | None = None) -> int:
    """How many children `awaiting_allocation` would list (its condition, uncapped), without listing them. One
    query."""
    if not has_permission(actor, Permission.VIEW_AWAITING_ALLOCATION):
        return 0
    today = today or timezone.localdate()
    return (
        CaseEpisode.objects.filter(closed_on__isnull=True, child__in=children_visible_to(actor))
        .exclude(child_id__in=open_allocations(today=today).values("child_id"))
        .values("child_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class MovedWork:
    """A child's work held by a worker who moved team: the manager decides whether to reallocate it or keep it with
    the worker in their new team."""

    involvement_id: int
    child: Person
    worker: Practitioner
    held_under: str  # the team the work is held under (the sending team)
    worker_team: str  # the team the worker is in now (the receiving team)
    sending: bool  # this manager's team sent the worker


@dataclass(frozen=True)
class MovedWorkList:
    rows: list[MovedWork]
    not_shown: int  # children a worker brought into this manager's team whose records are not open to this manager


def moved_work(*, actor: Any) -> MovedWorkList:
    """The children held by workers who moved into or out of this manager's teams (access.selectors
    .allocations_after_moves), the ones this manager may see named, each audited as listed; the rest counted. Nothing
    is orphaned by a move: each child stays allocated until a manager decides. One query when there are none; with
    some, one more to know which the manager may see, and the audit."""
    practitioner = practitioner_of(actor)
    if practitioner is None or not has_permission(actor, Permission.VIEW_AWAITING_ALLOCATION):
        return MovedWorkList([], 0)
    found = list(allocations_after_moves(team_ids=Team.objects.filter(manager_id=practitioner.pk).values("id")))
    if not found:
        return MovedWorkList([], 0)
    visible = set(children_visible_to(actor).filter(pk__in=[i.child_id for i in found]).values_list("pk", flat=True))
    rows = [
        MovedWork(
            involvement_id=i.pk,
            child=i.child,
            worker=i.practitioner,
            held_under=i.team.name if i.team else "no team",
            worker_team=i.practitioner.team.name if i.practitioner.team else "no team",
            sending=i.team is not None and i.team.manager_id == practitioner.pk,
        )
        for i in found
        if i.child_id in visible
    ]
    if rows:
        with transaction.atomic():
            auditor.audit_events_record(
                actor=actor,
                events=[
                    auditor.EventSpec(AuditAction.LISTED, "people.person", r.child.pk, child_id=r.child.pk)
                    for r in rows
                ],
            )
    return MovedWorkList(rows, len(found) - len(rows))


# -- Team oversight -----------------------------------------------------------------------------------------------

# Complexity weighting of a caseload: each child counts 1, more where the work is heavier. Documented in ADR 0010.
WEIGHT_LOOKED_AFTER = 1.5
WEIGHT_MISSING = 0.5
WEIGHT_OPEN_CHALLENGE = 0.5
WEIGHT_SIBLING_SHARED = -0.25  # a second child of a family seen together with the first costs less


@dataclass
class WorkerCaseload:
    worker: Any
    children: int
    weighted: float
    overdue: int
    awaiting_sign_off: int
    overdue_actions: int


# Decisions awaiting sign-off shown a page at a time, oldest first (a manager back from leave may have hundreds).
SIGN_OFF_PAGE_SIZE = 25


@dataclass
class TeamOversight:
    caseloads: list[WorkerCaseload]
    awaiting_sign_off: list[AwaitingSignOff]  # this page's
    overdue_actions: list[SupervisionAction]
    sign_off_page: Page[AwaitingSignOff]


def team_oversight(*, actor: Any, sign_off_page: str | int | None = None) -> TeamOversight:
    """A manager's view of their teams: caseloads weighted by complexity, every decision awaiting their sign-off
    (supervision, assessments, front door decisions: the sources each app declares in its oversight.py), overdue
    statutory work and overdue supervision actions. A fixed number of queries, whatever the number of items."""
    today = timezone.localdate()
    team_ids = managed_team_ids(actor=actor)
    members = list(Practitioner.objects.filter(team_id__in=team_ids).order_by("family_name", "given_name", "id"))
    member_ids = [m.pk for m in members]
    # The one caseload figure (access.selectors.caseloads): the same open allocations, with what weights them.
    carrying = (
        open_allocations(today=today)
        .filter(practitioner_id__in=member_ids)
        .values_list(
            "practitioner_id", "child_id", "child__child_profile__is_looked_after", "child__child_profile__is_missing"
        )
    )
    per_worker: dict[int, dict[int, tuple[bool, bool]]] = defaultdict(dict)
    for worker_id, child_id, looked_after, missing in carrying:
        per_worker[worker_id][child_id] = (bool(looked_after), bool(missing))
    all_children = {c for kids in per_worker.values() for c in kids}
    challenged = children_with_open_challenges(child_ids=all_children)
    sibling_pairs = set(
        Relationship.objects.filter(
            from_person_id__in=all_children, to_person_id__in=all_children, relationship_type__in=SIBLING_TYPES
        ).values_list("from_person_id", "to_person_id")
    )
    overdue_by_worker = {
        row.worker.pk: row.counts[Horizon.OVERDUE] for row in team_work(actor=actor, today=today) if row.worker
    }
    awaiting = sign_off.awaiting_sign_off(actor=actor, team_ids=team_ids, today=today)
    page = Paginator(awaiting, SIGN_OFF_PAGE_SIZE).get_page(sign_off_page)
    shown = list(page.object_list)
    overdue_actions = list(
        SupervisionAction.objects.filter(owner_id__in=member_ids, done_on__isnull=True, due_on__lt=today)
        .select_related("owner", "child")
        .order_by("due_on", "id")
    )
    with transaction.atomic():  # the children named on the page
        auditor.audit_events_record(
            actor=actor,
            events=sign_off.audit_events(shown)
            + [
                auditor.EventSpec(AuditAction.LISTED, "case_record.supervisionaction", a.pk, a.child_id)
                for a in overdue_actions
            ],
        )
    caseloads = []
    for member in members:
        kids = per_worker.get(member.pk, {})
        weight = 0.0
        seen: set[int] = set()
        for child_id, (looked_after, missing) in kids.items():
            weight += 1.0
            weight += WEIGHT_LOOKED_AFTER - 1.0 if looked_after else 0.0
            weight += WEIGHT_MISSING if missing else 0.0
            weight += WEIGHT_OPEN_CHALLENGE if child_id in challenged else 0.0
            if any((child_id, other) in sibling_pairs or (other, child_id) in sibling_pairs for other in seen):
                weight += WEIGHT_SIBLING_SHARED
            seen.add(child_id)
        caseloads.append(
            WorkerCaseload(
                worker=member,
                children=len(kids),
                weighted=round(weight, 2),
                overdue=overdue_by_worker.get(member.pk, 0),
                awaiting_sign_off=sum(1 for r in awaiting if r.submitted_by_id == member.pk),
                overdue_actions=sum(1 for a in overdue_actions if a.owner_id == member.pk),
            )
        )
    return TeamOversight(caseloads, shown, overdue_actions, page)
