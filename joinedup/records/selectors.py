"""Reads of people for a user: scoped by access/ and, for a child's record, audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.access.scopes import children_visible_to, people_searchable_by
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.selectors import record_access_log
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.matching import (
    MatchQuery,
)
from joinedup.people.models import Person
from joinedup.people.selectors import RiskFlag, greater_risk_flags, person_match_candidates


@dataclass
class SearchResult:
    person: Person
    score: int
    reasons: list[str]
    can_open: bool
    # The child's greater-risk flags (M9), for a child whose record the user may open; none for anyone else.
    flags: list[RiskFlag] = field(default_factory=list)


def person_search(*, actor: Any, query: MatchQuery, limit: int = 20) -> list[SearchResult]:
    """Person search for a user: only people they may search; whether they may open each record; audited."""
    base = people_searchable_by(actor).filter(merged_into__isnull=True)
    matches = person_match_candidates(query=query, base=base, limit=limit)
    ids = [m.person_id for m in matches]
    people = Person.objects.select_related("child_profile").in_bulk(ids)
    visible = set(children_visible_to(actor).filter(id__in=ids).values_list("id", flat=True))
    flags = greater_risk_flags(child_ids=visible)
    results = [
        SearchResult(
            person=people[m.person_id],
            score=m.score,
            reasons=m.reasons,
            can_open=(m.person_id in visible) or not people[m.person_id].is_child_record,
            flags=flags.get(m.person_id, []),
        )
        for m in matches
        if m.person_id in people
    ]
    with transaction.atomic():
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.SEARCHED,
            object_type="people.person",
            object_id="search",
            changed_fields=[f"results:{len(results)}"],
        )
    return results


def child_list(*, actor: Any) -> QuerySet[Person]:
    """The children a user may see, ready for a list page or the API list."""
    return (
        children_visible_to(actor)
        .select_related("child_profile", "child_profile__school")
        .order_by("family_name", "given_name", "id")
    )


def child_get(*, actor: Any, child_id: int, purpose: str = "") -> Person:
    """One child's record, if the user may see it, with the read audited in the same transaction."""
    with transaction.atomic():
        child = (
            children_visible_to(actor)
            .select_related(
                "child_profile", "child_profile__school", "child_profile__gp_practice", "child_profile__pregnant_person"
            )
            .prefetch_related("disabilities")
            .filter(pk=child_id)
            .first()
        )
        if child is None:
            raise NotFoundOrNotPermitted
        auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason=purpose)
    return child


def child_access_log_get(*, actor: Any, child_id: int) -> tuple[Person, list[AuditEvent]]:
    """The child and who has opened, changed or exported their record, for someone who may read the log; reading
    it is a read of the record, audited first (so the reader is the newest in it)."""
    child = access_child(
        actor, child_id, permission=Permission.VIEW_RECORD_ACCESS_LOG, purpose="Who has viewed this record"
    )
    return child, list(record_access_log(child_id=child.pk))


def child_involvements(*, child: Person) -> QuerySet[Involvement]:
    today = timezone.localdate()
    return (
        Involvement.objects.filter(child=child)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("practitioner", "practitioner__organisation", "team")
        .order_by("role", "started_on")
    )


def child_duplicate_candidates(*, actor: Any, child: Person, limit: int = 10) -> list[SearchResult]:
    """Records that may be the same child, for merging: likely matches the user may open, not the child."""
    query = MatchQuery(child.given_name, child.family_name, child.date_of_birth, child.nhs_number or "", child.postcode)
    base = children_visible_to(actor).exclude(pk=child.pk)
    matches = [m for m in person_match_candidates(query=query, base=base, limit=limit) if m.score >= 50]
    people = Person.objects.select_related("child_profile").in_bulk([m.person_id for m in matches])
    return [SearchResult(people[m.person_id], m.score, m.reasons, True) for m in matches if m.person_id in people]
