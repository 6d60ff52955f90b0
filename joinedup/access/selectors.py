from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.models import EnrolmentLink, enrolment_token_hash
from joinedup.agencies.models import Practitioner
from joinedup.core.work import WorkItem, WorkKind
from joinedup.people.models import Person

from .models import CASELOAD_ROLES, BreakGlassAccess, Involvement, InvolvementRole, RestrictedRecordGrant
from .permissions import Permission
from .policy import has_permission, holds_break_glass
from .scopes import practitioner_of

# Who reviews a break-glass access (issue 26). The manager of the team its user belongs to: a social worker's team
# manager; a team manager who belongs to a service team, that team's manager (the manager's manager). When that is
# nobody else (the user manages the team they belong to, belongs to no team, or their team has no manager who can sign
# in), the Caldicott Guardian reviews it. Nobody reviews, or is told about, their own access.
_HAS_NO_LINE_MANAGER = (
    Q(user__practitioner__isnull=True)
    | Q(user__practitioner__team__isnull=True)
    | Q(user__practitioner__team__manager__isnull=True)
    | Q(user__practitioner__team__manager_id=F("user__practitioner__id"))
    | Q(user__practitioner__team__manager__user__isnull=True)
    | Q(user__practitioner__team__manager__user__is_active=False)
)


def _line_manager(practitioner: Practitioner) -> Practitioner | None:
    """The manager of the team the practitioner belongs to, when that is someone else who can sign in."""
    team = practitioner.team
    manager = team.manager if team is not None else None
    if manager is None or manager.pk == practitioner.pk or manager.user is None or not manager.user.is_active:
        return None
    return manager


def break_glass_reviewers(*, user: Any) -> list[Practitioner]:
    """Who reviews (and is told of) a break-glass access by `user`: their line manager, or, when they have none but
    themselves, every Caldicott Guardian but them. Never the user."""
    practitioner = (
        Practitioner.objects.select_related("team__manager__user").filter(user_id=user.pk).first()
        if user is not None
        else None
    )
    manager = _line_manager(practitioner) if practitioner is not None else None
    if manager is not None:
        return [manager]
    return list(
        Practitioner.objects.filter(is_caldicott_guardian=True, user__is_active=True)
        .exclude(user_id=user.pk)
        .select_related("user")
        .order_by("pk")
    )


def break_glass_uses_in_period(*, user_id: int, at: Any) -> int:
    """How many break-glass accesses the user opened in the repeat period (settings) up to and including `at`."""
    since = at - settings.JOINEDUP_BREAK_GLASS_REPEAT_PERIOD
    return BreakGlassAccess.objects.filter(user_id=user_id, created_at__gt=since, created_at__lte=at).count()


def _uses_in_period() -> Coalesce:
    """For each access: the accesses by the same user in the repeat period up to and including it."""
    since = ExpressionWrapper(
        OuterRef("created_at") - Value(settings.JOINEDUP_BREAK_GLASS_REPEAT_PERIOD), output_field=DateTimeField()
    )
    uses = (
        BreakGlassAccess.objects.filter(
            user_id=OuterRef("user_id"), created_at__lte=OuterRef("created_at"), created_at__gt=since
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(uses), 0)


def break_glass_awaiting_review(*, actor: Any) -> QuerySet[BreakGlassAccess]:
    """Break-glass accesses this user reviews that nobody has reviewed yet, oldest first, each with how many its user
    opened in the repeat period (`uses_in_period`; the access's `is_repeated_use` says whether that is more than the
    limit). Never the user's own."""
    practitioner = practitioner_of(actor)
    if practitioner is None or not has_permission(actor, Permission.REVIEW_BREAK_GLASS):
        return BreakGlassAccess.objects.none()
    reviews = Q(user__practitioner__team__manager_id=practitioner.pk)
    if practitioner.is_caldicott_guardian:
        reviews |= _HAS_NO_LINE_MANAGER
    return (
        BreakGlassAccess.objects.filter(reviews, reviewed_at__isnull=True)
        .exclude(user_id=actor.pk)
        .annotate(uses_in_period=_uses_in_period())
        .select_related("user", "user__practitioner")
        .order_by("created_at")
    )


def break_glass_held(*, actor: Any, child_id: int) -> BreakGlassAccess | None:
    """The user's unexpired break-glass access to the child (one that allows writing, if any does), or None. Asks the
    database only when the user holds any break-glass access at all (known with the practitioner inside a request)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not holds_break_glass(actor):
        return None
    return (
        BreakGlassAccess.objects.filter(user_id=actor.pk, child_id=child_id, expires_at__gt=timezone.now())
        .order_by("-write_reason", "-created_at")
        .first()
    )


def restricted_records_overview(*, actor: Any) -> list[dict[str, Any]]:
    """Restricted records (by number only, never names) and who holds a grant to each."""
    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        return []
    grants: dict[int, list[RestrictedRecordGrant]] = {}
    for grant in RestrictedRecordGrant.objects.filter(revoked_at__isnull=True).select_related("user", "granted_by"):
        grants.setdefault(grant.child_id, []).append(grant)
    ids = Person.objects.filter(is_restricted=True, is_child_record=True).order_by("id").values_list("id", flat=True)
    return [{"record": pk, "grants": grants.get(pk, [])} for pk in ids]


def enrolment_links_recent(*, actor: Any, limit: int = 50) -> list[EnrolmentLink]:
    """The enrolment links issued most recently, for the administrators' page (never their tokens: only hashes are
    kept)."""
    if not has_permission(actor, Permission.ISSUE_ENROLMENT_LINK):
        return []
    return list(EnrolmentLink.objects.select_related("user", "issued_by").order_by("-issued_at", "-id")[:limit])


def enrolment_link_for_token(token: str) -> EnrolmentLink | None:
    return EnrolmentLink.objects.filter(token_hash=enrolment_token_hash(token)).first()


# -- Caseloads (issue 19, item 7) -----------------------------------------------------------------------------------
# The roles through which a practitioner holds a child's work are `CASELOAD_ROLES` (access/models.py).


def open_allocations(*, today: date | None = None) -> QuerySet[Involvement]:
    """The involvements through which someone holds a child's work today: one of `CASELOAD_ROLES`, not ended (an
    involvement ending today still holds the child today)."""
    today = today or timezone.localdate()
    return Involvement.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), role__in=CASELOAD_ROLES, practitioner__isnull=False
    )


def caseloads(*, practitioner_ids: Iterable[int], today: date | None = None) -> dict[int, set[int]]:
    """Each practitioner's caseload: the children allocated to them through an open involvement (the allocated social
    worker, the Family Help lead practitioner, the lead child protection practitioner or the personal adviser; see
    `open_allocations`). A child counts once however many of those involvements the worker holds, and not at all
    once they have all ended. This is the one caseload figure: the allocation list, team oversight, the team's work
    and the home page all count `len(caseloads(...)[worker_id])`. One query, whatever the number of workers."""
    ids = list(practitioner_ids)
    found: dict[int, set[int]] = {pk: set() for pk in ids}
    if not ids:
        return found
    for practitioner_id, child_id in (
        open_allocations(today=today).filter(practitioner_id__in=ids).values_list("practitioner_id", "child_id")
    ):
        found[practitioner_id].add(child_id)
    return found


def caseload_of(*, practitioner: Practitioner | None, today: date | None = None) -> QuerySet[Person]:
    """The children in one practitioner's caseload (as `caseloads`), as a query of people, alphabetical."""
    if practitioner is None:
        return Person.objects.none()
    held = open_allocations(today=today).filter(practitioner_id=practitioner.pk).values("child_id")
    return Person.objects.filter(pk__in=held, merged_into__isnull=True).order_by("family_name", "given_name", "id")


def reviewed_by(*, practitioner: Practitioner | None, today: date | None = None) -> QuerySet[Person]:
    """The children an independent reviewing officer reviews today (an open IRO involvement), alphabetical. Not a
    caseload in the allocation sense: a child with only an IRO still waits for a social worker."""
    if practitioner is None:
        return Person.objects.none()
    today = today or timezone.localdate()
    reviewing = Involvement.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
        practitioner_id=practitioner.pk,
    ).values("child_id")
    return Person.objects.filter(pk__in=reviewing, merged_into__isnull=True).order_by("family_name", "given_name", "id")


# -- work waiting for a reviewer (issue 19: the home page and My work read it through access/work.py) ---------------


def break_glass_reviews_work(*, actor: Any, today: date) -> list[WorkItem]:
    """The break-glass accesses `actor` reviews today that nobody has reviewed yet (`break_glass_awaiting_review`:
    the user's line manager, or the Caldicott Guardian where there is none), oldest first. The child is not named:
    the reviewer judges the reason given, and may not see the child. One query."""
    rows = list(break_glass_awaiting_review(actor=actor)[:100])
    items = []
    for access in rows:
        practitioner = getattr(access.user, "practitioner", None)
        who = practitioner.full_name if practitioner is not None else access.user.get_username()
        notes = [
            "Repeated use" if access.is_repeated_use else "",
            "Recorded on the record" if access.allows_writing else "",
        ]
        items.append(
            WorkItem(
                kind=WorkKind.REVIEW,
                title=f"Emergency access by {who}",
                url=reverse("access:break_glass_review", args=[access.pk]),
                since=timezone.localtime(access.created_at).date(),
                detail=". ".join(n for n in [f"Reason given: {access.reason}", *notes] if n),
                object_type="access.breakglassaccess",
                object_id=access.pk,
            )
        )
    return items


def allocations_after_moves(
    *, team_ids: Iterable[int] | QuerySet[Any], today: date | None = None
) -> QuerySet[Involvement]:
    """The children's work held by a worker who moved team (access/staff.py: practitioner_move), for the managers
    who decide who keeps it: allocations still held under one of `team_ids` by a worker no longer in that team (the
    sending manager's), and allocations held by a member of one of `team_ids` under another team (the receiving
    manager's). Each stays allocated until a manager reallocates it or keeps it with the worker in their new team.
    `team_ids` may be a query of team ids (a manager's teams), asked inside this one query."""
    ids = team_ids if isinstance(team_ids, QuerySet) else list(team_ids)
    moved_out = Q(team_id__in=ids) & ~Q(practitioner__team_id=F("team_id"))
    moved_in = Q(practitioner__team_id__in=ids, team__isnull=False) & ~Q(team_id=F("practitioner__team_id"))
    return (
        open_allocations(today=today)
        .filter(moved_out | moved_in)
        .select_related("child", "practitioner", "practitioner__team", "team")
        .order_by("practitioner__family_name", "practitioner_id", "child__family_name", "child_id")
    )
