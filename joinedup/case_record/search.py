"""Search across case notes: PostgreSQL's full-text search ('english': "visits" finds "visited"), answered from a GIN
index over the note's three texts (migration 0002, PostgreSQL only); SQLite (development, tests) keeps a
case-insensitive substring match. The query's expression is the index's, word for word, so the planner can use it."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_INDEX = "case_note_fts_idx"
# The indexed document: the note's account, the child's words and the worker's analysis.
FTS_DOCUMENT = (
    "to_tsvector('english'::regconfig, coalesce(what_happened, '') || ' ' || coalesce(childs_words, '') || ' ' "
    "|| coalesce(analysis, ''))"
)

# Constant SQL, the user's words passed as a parameter only.
FTS_MATCHING_NOTES = (
    f"SELECT id FROM case_record_casenote WHERE {FTS_DOCUMENT} "  # noqa: S608
    "@@ websearch_to_tsquery('english'::regconfig, %s)"
)


def full_text() -> bool:
    return connection.vendor == "postgresql"


def note_link_matches(q: str) -> Q:
    """The condition on CaseNoteChild for notes matching `q`."""
    if full_text():
        return Q(note_id__in=RawSQL(FTS_MATCHING_NOTES, [q]))  # noqa: S611 (constant SQL; the query is a parameter)
    return Q(note__what_happened__icontains=q) | Q(note__childs_words__icontains=q) | Q(note__analysis__icontains=q)


def words(q: str) -> list[str]:
    """The query's words, for finding where a (stemmed) match is in the text: "visits" -> "visit"."""
    found = [w for w in re.findall(r"\w+", q.lower()) if len(w) > 2]
    return [w[:-1] if len(w) > 4 and w.endswith("s") else w for w in found] or [q.lower()]


def first_match(text: str, q: str) -> int:
    """Where the text first matches the query (the whole phrase, else any of its words); -1 if nowhere."""
    lowered = text.lower()
    at = lowered.find(q.lower())
    if at >= 0:
        return at
    hits = [i for i in (lowered.find(w[: max(4, len(w) - 2)]) for w in words(q)) if i >= 0]
    return min(hits) if hits else -1
