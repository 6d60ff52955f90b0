"""Reads of the case record, always through access/scopes.py. Every page read of a child's record is audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from joinedup.access.scopes import children_visible_to
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.models import Person

from .models import (
    CaseNote,
    CaseNoteChild,
    CaseNoteDraft,
    ChronologyAnalysis,
    Document,
    NoteCorrection,
    NoteType,
    SupervisionAction,
    SupervisionRecord,
)
from .search import first_match, note_link_matches
from .sign_off import AwaitingSignOff, awaiting_sign_off
from .sign_off import audit_events as sign_off_audit_events

SIBLING_TYPES = ("sibling", "half_sibling", "step_sibling")


def siblings_for(*, actor: Any, child: Person) -> list[Person]:
    """The child's brothers and sisters the actor may also see (a note may be written once for them all)."""
    related = Q(relationships_from__to_person=child, relationships_from__relationship_type__in=SIBLING_TYPES) | Q(
        relationships_to__from_person=child, relationships_to__relationship_type__in=SIBLING_TYPES
    )
    ids = Person.objects.filter(related).exclude(pk=child.pk).values("id")
    return list(children_visible_to(actor).filter(id__in=ids).order_by("date_of_birth", "given_name", "id").distinct())


def draft_for(*, actor: Any, child: Person, draft_id: int | None = None) -> CaseNoteDraft | None:
    qs = CaseNoteDraft.objects.filter(author=actor, child=child)
    if draft_id is not None:
        return qs.filter(pk=draft_id).first()
    return qs.order_by("-updated_at", "-id").first()


# -- notes ---------------------------------------------------------------------------------------------------------


@dataclass
class NoteView:
    note: CaseNote
    children: list[tuple[int, str]]
    corrections: list[NoteCorrection]
    locked: bool

    def corrected(self, field_name: str) -> str | None:
        latest = [c for c in self.corrections if c.field_name == field_name]
        return latest[-1].corrected_text if latest else None


def _note_views(notes: list[CaseNote], now: dt.datetime) -> list[NoteView]:
    ids = [n.pk for n in notes]
    children: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for note_id, child_id, given, family in (
        CaseNoteChild.objects.filter(note_id__in=ids)
        .values_list("note_id", "child_id", "child__given_name", "child__family_name")
        .order_by("child__date_of_birth", "child_id")
    ):
        children[note_id].append((child_id, f"{given} {family}".strip()))
    corrections: dict[int, list[NoteCorrection]] = defaultdict(list)
    for correction in NoteCorrection.objects.filter(note_id__in=ids).order_by("created_at", "id"):
        corrections[correction.note_id].append(correction)
    return [NoteView(n, children[n.pk], corrections[n.pk], now >= n.locks_at) for n in notes]


def notes_for_child(*, actor: Any, child: Person, limit: int = 50, offset: int = 0) -> tuple[list[NoteView], int]:
    """The child's notes, newest first, with the other children each note is about and its corrections (four
    queries); the page's read audited in bulk."""
    links = CaseNoteChild.objects.filter(child=child)
    total = links.count()
    note_ids = list(
        links.order_by("-occurred_on", "-note_id").values_list("note_id", flat=True)[offset : offset + limit]
    )
    notes = sorted(CaseNote.objects.filter(pk__in=note_ids), key=lambda n: (n.occurred_on, n.pk), reverse=True)
    views = _note_views(notes, timezone.now())
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[auditor.EventSpec(AuditAction.LISTED, "case_record.casenote", n.pk, child.pk) for n in notes]
            + [auditor.EventSpec(AuditAction.VIEWED, "people.person", child.pk, child.pk, "Case notes")],
        )
    return views, total


def note_get(*, actor: Any, child: Person, note_id: int) -> NoteView:
    note = CaseNote.objects.filter(pk=note_id, child_links__child=child).first()
    if note is None:
        raise NotFoundOrNotPermitted
    (view,) = _note_views([note], timezone.now())
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=note, child_id=child.pk, reason="Case note")
    return view


def documents_for_child(*, child: Person) -> QuerySet[Document]:
    return Document.objects.filter(child=child).order_by("-created_at", "-id")


# -- the chronology's analysis column -------------------------------------------------------------------------------


def chronology_analysis_for_child(*, child: Person) -> dict[str, tuple[str, str]]:
    """The practitioners' analysis of the child's chronology: each entry's source key to (analysis, written by).
    One query."""
    return {
        key: (text, by)
        for key, text, by in ChronologyAnalysis.objects.filter(child=child).values_list(
            "source_key", "analysis", "written_by_name"
        )
    }


# -- search --------------------------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    child_id: int
    child_name: str
    kind: str
    on: dt.date
    title: str
    snippet: str
    url: str


def snippet(text: str, q: str, width: int = 160) -> str:
    at = first_match(text, q)
    if at < 0:
        return text[:width]
    start = max(0, at - width // 2)
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def _note_matches(q: str) -> Q:
    return note_link_matches(q)  # full-text search on PostgreSQL, a substring elsewhere (search.py)


def search_notes(*, actor: Any, q: str, child: Person | None = None, limit: int = 50) -> list[SearchHit]:
    """Notes matching `q` on children the actor may see (or on one child's record). Audited as a search."""
    q = q.strip()
    if len(q) < 2:
        return []
    links = CaseNoteChild.objects.filter(_note_matches(q))
    if child is not None:
        links = links.filter(child=child)
    else:
        links = links.filter(child_id__in=children_visible_to(actor).values("id"))
    rows: list[Any] = list(
        links.order_by("-occurred_on", "-note_id").values(
            "note_id",
            "child_id",
            "occurred_on",
            "note__note_type",
            "note__what_happened",
            "note__childs_words",
            "note__analysis",
            "child__given_name",
            "child__family_name",
        )[:limit]
    )
    types = dict(NoteType.choices)
    hits = []
    for r in rows:
        text = next(
            (
                r[k]
                for k in ("note__what_happened", "note__childs_words", "note__analysis")
                if first_match(r[k], q) >= 0
            ),
            r["note__what_happened"],
        )
        hits.append(
            SearchHit(
                child_id=r["child_id"],
                child_name=f"{r['child__given_name']} {r['child__family_name']}".strip(),
                kind="Case note",
                on=r["occurred_on"],
                title=types.get(r["note__note_type"], r["note__note_type"]),
                snippet=snippet(text, q),
                url=reverse("case_record:note", args=[r["child_id"], r["note_id"]]),
            )
        )
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(
                    AuditAction.SEARCHED,
                    "case_record.casenote",
                    "search",
                    child.pk if child else None,
                    reason=f"{len(hits)} results",
                )
            ]
            + [
                auditor.EventSpec(
                    AuditAction.LISTED, "case_record.casenote", h.url.rstrip("/").rsplit("/", 1)[-1], h.child_id
                )
                for h in hits
            ],
        )
    return hits


def search_notes_and_documents(*, actor: Any, child: Person, q: str) -> list[SearchHit]:
    """Search within one child's case record: their notes (audited as a search) and their documents' titles and
    file names. The chronology app adds the chronology's entries (the record's search page)."""
    q = q.strip()
    if len(q) < 2:
        return []
    hits = search_notes(actor=actor, q=q, child=child)
    name = f"{child.given_name} {child.family_name}".strip()
    for d in (
        Document.objects.filter(child=child)
        .filter(Q(title__icontains=q) | Q(original_name__icontains=q))
        .values("id", "title", "original_name", "created_at")
    ):
        hits.append(
            SearchHit(
                child.pk,
                name,
                "Document",
                timezone.localtime(d["created_at"]).date(),
                d["title"],
                d["original_name"],
                reverse("case_record:document", args=[child.pk, d["id"]]),
            )
        )
    return hits


# -- supervision and oversight -------------------------------------------------------------------------------------


def supervision_for_child(*, child: Person) -> list[SupervisionRecord]:
    return list(
        SupervisionRecord.objects.filter(child=child)
        .select_related("worker", "supervisor")
        .prefetch_related(Prefetch("actions", queryset=SupervisionAction.objects.order_by("due_on", "id")))
        .order_by("-held_on", "-id")
    )


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


def supervision_awaiting_sign_off_for_teams(*, actor: Any, team_ids: list[int]) -> list[AwaitingSignOff]:
    """Supervision records a worker in `team_ids` wrote themselves (about children the manager may see), waiting for
    their manager's sign-off; never those the manager wrote. One query, read as values (a manager may have
    hundreds). Since: when the worker recorded it."""
    rows = (
        SupervisionRecord.objects.filter(
            worker__team_id__in=team_ids,
            signed_off_at__isnull=True,
            child_id__in=children_visible_to(actor).values("id"),
        )
        .exclude(recorded_by=actor)
        .order_by("created_at", "id")
        .values_list(
            "id",
            "child_id",
            "held_on",
            "created_at",
            "worker_id",
            "worker__given_name",
            "worker__family_name",
            "child__given_name",
            "child__family_name",
            "child__child_profile__is_unborn",
        )
    )
    urls: dict[int, str] = {}
    items = []
    for pk, child_id, held_on, created_at, worker_id, w_given, w_family, given, family, unborn in rows:
        if child_id not in urls:
            urls[child_id] = reverse("case_record:supervision", args=[child_id])
        items.append(
            AwaitingSignOff(
                kind="supervision",
                what=f"Supervision of {held_on:%-d %B %Y}: decisions awaiting sign-off",
                child_id=child_id,
                # Person.display_name for a child's record: an unborn child has no first name yet.
                child_name=f"Unborn child ({family})" if unborn and not given else f"{given} {family}".strip(),
                since=timezone.localtime(created_at).date(),
                submitted_by=f"{w_given} {w_family}",
                submitted_by_id=worker_id,
                url=urls[child_id],
                object_type="case_record.supervisionrecord",
                object_id=pk,
            )
        )
    return items


def team_oversight(*, actor: Any, sign_off_page: str | int | None = None) -> TeamOversight:
    """A manager's view of their teams: caseloads weighted by complexity, every decision awaiting their sign-off
    (supervision, assessments, front door decisions: case_record.sign_off's sources), overdue statutory work and
    overdue supervision actions. A fixed number of queries, whatever the number of items."""
    from joinedup.access.models import Involvement, InvolvementRole
    from joinedup.agencies.models import Practitioner
    from joinedup.timescales.engine import Horizon
    from joinedup.timescales.selectors import managed_team_ids, team_work

    today = timezone.localdate()
    team_ids = managed_team_ids(actor=actor)
    members = list(Practitioner.objects.filter(team_id__in=team_ids).order_by("family_name", "given_name", "id"))
    member_ids = [m.pk for m in members]
    carrying = Involvement.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        practitioner_id__in=member_ids,
        role__in=[
            InvolvementRole.ALLOCATED_SOCIAL_WORKER,
            InvolvementRole.LEAD_PRACTITIONER,
            InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
            InvolvementRole.PERSONAL_ADVISER,
        ],
    ).values_list(
        "practitioner_id", "child_id", "child__child_profile__is_looked_after", "child__child_profile__is_missing"
    )
    from joinedup.sharing.models import ChallengeStatus, ProfessionalChallenge

    per_worker: dict[int, dict[int, tuple[bool, bool]]] = defaultdict(dict)
    for worker_id, child_id, looked_after, missing in carrying:
        per_worker[worker_id][child_id] = (bool(looked_after), bool(missing))
    all_children = {c for kids in per_worker.values() for c in kids}
    challenged = set(
        ProfessionalChallenge.objects.filter(child_id__in=all_children, status=ChallengeStatus.OPEN).values_list(
            "child_id", flat=True
        )
    )
    from joinedup.people.models import Relationship

    sibling_pairs = set(
        Relationship.objects.filter(
            from_person_id__in=all_children, to_person_id__in=all_children, relationship_type__in=SIBLING_TYPES
        ).values_list("from_person_id", "to_person_id")
    )
    overdue_by_worker = {
        row.worker.pk: row.counts[Horizon.OVERDUE] for row in team_work(actor=actor, today=today) if row.worker
    }
    awaiting = awaiting_sign_off(actor=actor, team_ids=team_ids, today=today)
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
            events=sign_off_audit_events(shown)
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
