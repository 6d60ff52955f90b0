"""The case record's part of the multi-agency chronology (joinedup/core/chronology.py): the events practitioners
mark significant by hand, and case notes marked significant. Declared here, read by the chronology app
(ChronologyConfig.ready); read for local authority caseworkers only. The analysis column is the case record's too
(``ChronologyAnalysis``, read through selectors.chronology_analysis_for_child)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models.functions import Substr
from django.urls import reverse

from joinedup.core.chronology import Agency, ChronologyEntry, ChronologySource, EventType, Period

from .models import CaseNoteChild, NoteType, SignificantEvent


def significant_events(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(SignificantEvent.objects.filter(child_id__in=children), "occurred_on")
    for pk, child_id, on, agency, kind, title, detail, by in rows.values_list(
        "id", "child_id", "occurred_on", "agency", "event_type", "title", "detail", "recorded_by_name"
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=agency,
            event_type=kind,
            title=title,
            detail=detail,
            recorded_by=by,
            source_key=f"case_record.significant_event:{pk}",
        )


def significant_notes(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    types = dict(NoteType.choices)
    prefixes = {c: reverse("case_record:notes", args=[c]) for c in set(children)}
    rows = period.filter(
        CaseNoteChild.objects.filter(child_id__in=children, note__is_significant=True), "occurred_on"
    ).values_list(
        "note_id",
        "child_id",
        "occurred_on",
        "note__note_type",
        Substr("note__what_happened", 1, 300),
        "note__author_name",
    )
    for note_id, child_id, on, kind, what, by in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.DIRECT_WORK
            if kind == NoteType.DIRECT_WORK
            else EventType.VISIT
            if kind in (NoteType.VISIT, NoteType.JOINT_VISIT)
            else EventType.CASE_NOTE,
            title=types.get(kind, kind),
            detail=what,
            url=f"{prefixes[child_id]}{note_id}/",
            recorded_by=by,
            source_key=f"case_record.note:{note_id}",
        )


# presence: the rows each source reads, so the chronology asks once whether the child has any (one query for all).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "case_record.significant_events",
        significant_events,
        presence=lambda children: SignificantEvent.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "case_record.significant_notes",
        significant_notes,
        presence=lambda children: CaseNoteChild.objects.filter(child_id__in=children, note__is_significant=True),
    ),
]
