"""Reads for sharing, scoped through access/: which challenges a user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission, is_local_authority_caseworker
from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.access.selectors import open_allocations
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.work import WorkItem, WorkKind

from .models import ChallengeStatus, EscalationLevel, ProfessionalChallenge


def challenges_visible_to(actor: Any) -> QuerySet[ProfessionalChallenge]:
    """Those involved (who raised it, their organisation, the local authority workers who may see the child) and
    the safeguarding partnership (every challenge)."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return ProfessionalChallenge.objects.none()
    if has_permission(actor, Permission.VIEW_ALL_CHALLENGES):
        return ProfessionalChallenge.objects.all()
    condition = Q(organisation_id=practitioner.organisation_id)
    if is_local_authority_caseworker(actor):
        condition |= Q(child_id__in=children_visible_to(actor).values("id"))
    return ProfessionalChallenge.objects.filter(condition)


def challenge_list(*, actor: Any, status: str = "") -> list[ProfessionalChallenge]:
    qs = challenges_visible_to(actor).select_related("child", "organisation").order_by("-raised_on", "-id")
    if status:
        qs = qs.filter(status=status)
    rows = list(qs[:200])
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.LISTED, "sharing.professionalchallenge", c.pk, c.child_id) for c in rows
            ],
        )
    return rows


def challenge_get(*, actor: Any, challenge_id: int) -> ProfessionalChallenge:
    challenge = challenges_visible_to(actor).select_related("child", "organisation").filter(pk=challenge_id).first()
    if challenge is None or not has_permission(actor, Permission.VIEW_CHALLENGE, challenge):
        raise NotFoundOrNotPermitted
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=challenge, child_id=challenge.child_id, reason="Professional challenge")
    return challenge


def open_challenge_count(*, child: Any) -> int:
    """How many professional challenges about decisions on the child's case are open (the case summary). One
    query; for a reader already allowed the child's whole record."""
    return ProfessionalChallenge.objects.filter(child=child, status=ChallengeStatus.OPEN).count()


def children_with_open_challenges(*, child_ids: Iterable[int]) -> set[int]:
    """Which of `child_ids` have an open professional challenge (a caseload's weighting). One query."""
    return set(
        ProfessionalChallenge.objects.filter(child_id__in=list(child_ids), status=ChallengeStatus.OPEN).values_list(
            "child_id", flat=True
        )
    )


# -- work waiting for a response (issue 19: the home page and My work read it through sharing/work.py) -------------


def challenges_to_respond_to_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """The open professional challenges the local authority must answer through `actor`, by the partnership's
    escalation levels: at level 1 those about a child the actor holds (access.selectors.open_allocations), at level 2
    those about a child held by a member of a team the actor manages; among the children the actor may see, and
    never one their own organisation raised. Due on the level's respond-by date. One query."""
    practitioner = practitioner_of(actor)
    if practitioner is None or not is_local_authority_caseworker(actor):
        return []
    held = open_allocations(today=today)
    condition = Q(
        level=EscalationLevel.PRACTITIONERS,
        child_id__in=held.filter(practitioner_id=practitioner.pk).values("child_id"),
    )
    condition |= Q(
        level=EscalationLevel.MANAGERS,
        child_id__in=held.filter(practitioner__team__manager_id=practitioner.pk).values("child_id"),
    )
    rows = (
        ProfessionalChallenge.objects.filter(condition, status=ChallengeStatus.OPEN)
        .filter(child_id__in=children_visible_to(actor).values("id"))
        .exclude(organisation_id=practitioner.organisation_id)
        .select_related("child", "organisation")
        .order_by("respond_by", "id")[:100]
    )
    return [
        WorkItem(
            kind=WorkKind.CHALLENGE,
            title=f"Challenge from {c.organisation.name} about {c.child.display_name}",
            url=reverse("sharing:challenge", args=[c.pk]),
            child_id=c.child_id,
            child_name=c.child.display_name,
            due_on=c.respond_by,
            since=c.raised_on,
            detail=f"They disagree with: {c.decision}",
            object_type="sharing.professionalchallenge",
            object_id=c.pk,
        )
        for c in rows
    ]
