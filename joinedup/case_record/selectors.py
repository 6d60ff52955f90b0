"""Reads of the case record, always through access/scopes.py. Every page read of a child's record is audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from joinedup.access.scopes import children_visible_to
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.sign_off import AwaitingSignOff
from joinedup.core.work import WorkItem, drafts_as_work
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


def note_get_for_change(*, actor: Any, child: Person, note_id: int, purpose: str = "") -> CaseNote:
    """A note of the child's, for a form that changes or corrects it (its service audits the write). With a purpose
    (the form shown, with the note in it), the read is audited (issue 26)."""
    note = CaseNote.objects.filter(pk=note_id, child_links__child=child).first()
    if note is None:
        raise NotFoundOrNotPermitted
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=note, child_id=child.pk, reason=purpose)
    return note


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


# -- supervision ---------------------------------------------------------------------------------------------------


def supervision_for_child(*, child: Person) -> list[SupervisionRecord]:
    return list(
        SupervisionRecord.objects.filter(child=child)
        .select_related("worker", "supervisor")
        .prefetch_related(Prefetch("actions", queryset=SupervisionAction.objects.order_by("due_on", "id")))
        .order_by("-held_on", "-id")
    )


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


# -- work waiting for the author (issue 19: the home page and My work read it through case_record/work.py) ---------


def note_drafts_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """The case notes `actor` started and has not recorded, about children they may still see (a draft is seen only
    by its author), the oldest first. One query."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    drafts = (
        CaseNoteDraft.objects.filter(author_id=actor.pk, child_id__in=children_visible_to(actor).values("id"))
        .select_related("child")
        .order_by("updated_at", "id")[:100]
    )
    return drafts_as_work(
        drafts,
        title=lambda d: f"Case note about {d.child.display_name}",
        url=lambda d: reverse("case_record:note_new", args=[d.child_id]) + f"?draft={d.pk}",
        object_type="case_record.casenotedraft",
    )
