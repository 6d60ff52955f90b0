"""Reading visits: a child's visits, one visit as one child's record shows it, when a child was last seen (and
seen alone), and the brothers and sisters a visit may be recorded for at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q
from django.urls import reverse

from joinedup.access.scopes import children_visible_to
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.work import WorkItem, drafts_as_work
from joinedup.people.models import Person

from .models import Visit, VisitChild, VisitDraft

SIBLING_TYPES = ("sibling", "half_sibling", "step_sibling")


@dataclass(frozen=True)
class LastSeen:
    last_seen: dt.date | None
    last_seen_alone: dt.date | None


def last_seen_get(*, child_id: int) -> LastSeen:
    """When the child was last seen, and last seen alone, at a visit: one query. Reads no user: the caller has
    already been allowed to see the child."""
    row = VisitChild.objects.filter(child_id=child_id).aggregate(
        last_seen=Max("visited_on", filter=Q(seen=True)),
        last_seen_alone=Max("visited_on", filter=Q(seen_alone=True)),
    )
    return LastSeen(row["last_seen"], row["last_seen_alone"])


def visits_for_child(*, child: Person, limit: int = 50) -> list[VisitChild]:
    """The child's visits, latest first, each with its shared part (the caller has allowed the actor the child)."""
    return list(
        VisitChild.objects.filter(child=child)
        .select_related("visit")
        .order_by("-visited_on", "-visit__visited_at", "-visit_id")[:limit]
    )


@dataclass
class VisitView:
    visit: Visit
    mine: VisitChild
    others: list[str]  # the other children present whom the actor may see, by name


def visit_for_child_get(*, actor: Any, child: Person, visit_id: int) -> VisitView:
    """One visit as `child`'s record shows it: the shared part and this child's own answers only (never a brother's
    or sister's words), with the names of the other children present whom the actor may see."""
    mine = VisitChild.objects.select_related("visit").filter(visit_id=visit_id, child=child).first()
    if mine is None:
        raise NotFoundOrNotPermitted
    other_ids = VisitChild.objects.filter(visit_id=visit_id).exclude(child=child).values("child_id")
    others = [p.display_name for p in children_visible_to(actor).filter(id__in=other_ids).order_by("date_of_birth")]
    return VisitView(mine.visit, mine, others)


def siblings_for(*, actor: Any, child: Person) -> list[Person]:
    """The child's brothers and sisters the actor may see (a visit may be recorded once for them all)."""
    related = Q(relationships_from__to_person=child, relationships_from__relationship_type__in=SIBLING_TYPES) | Q(
        relationships_to__from_person=child, relationships_to__relationship_type__in=SIBLING_TYPES
    )
    ids = Person.objects.filter(related).exclude(pk=child.pk).values("id")
    return list(children_visible_to(actor).filter(id__in=ids).order_by("date_of_birth", "given_name", "id").distinct())


def draft_for(*, actor: Any, child: Person, draft_id: int | None = None) -> VisitDraft | None:
    qs = VisitDraft.objects.filter(author=actor, child=child)
    if draft_id is not None:
        return qs.filter(pk=draft_id).first()
    return qs.order_by("-updated_at", "-id").first()


# -- work waiting for the author (issue 19: the home page and My work read it through visits/work.py) --------------


def visit_drafts_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """The visits `actor` started recording and has not recorded, about children they may still see (a draft is
    seen only by its author), the oldest first. One query."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    drafts = (
        VisitDraft.objects.filter(author_id=actor.pk, child_id__in=children_visible_to(actor).values("id"))
        .select_related("child")
        .order_by("updated_at", "id")[:100]
    )
    return drafts_as_work(
        drafts,
        title=lambda d: f"Visit to {d.child.display_name}",
        url=lambda d: reverse("visits:visit_new", args=[d.child_id]) + f"?draft={d.pk}",
        object_type="visits.visitdraft",
    )
