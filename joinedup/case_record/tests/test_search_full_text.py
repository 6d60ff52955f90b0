"""Search across notes: full-text search on PostgreSQL ('english' stemming, answered from the GIN index), a
substring match on SQLite. Each test runs on whichever database the suite uses; the suite is run on both."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from joinedup.core.tests.personas import World

from .. import selectors, services
from ..search import FTS_INDEX, full_text

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the substring fallback is SQLite's")


def _note(world: World, what_happened: str, words: str = "", analysis: str = "") -> Any:
    return services.note_record(
        actor=world.user("social_worker"),
        child_ids=[world.allocated_child.pk],
        note_type="visit",
        occurred_on=timezone.localdate(),
        child_seen=True,
        child_seen_alone=True,
        what_happened=what_happened,
        childs_words=words,
        analysis=analysis,
    )


def _found(world: World, q: str) -> list[str]:
    return [h.snippet for h in selectors.search_notes(actor=world.user("social_worker"), q=q)]


def test_given_notes_then_a_word_in_any_of_the_three_texts_is_found_on_either_database(world: World) -> None:
    _note(world, "Visited at home; the kitchen was bare.", words="I am frightened of the dogs")
    _note(world, "Phone call with school.", analysis="Mum's drinking is the main risk")
    assert len(_found(world, "frightened")) == 1
    assert len(_found(world, "drinking")) == 1
    assert _found(world, "giraffe") == []
    assert "frightened" in _found(world, "frightened")[0]


@on_postgresql
def test_given_postgresql_then_search_is_full_text_with_english_stemming(world: World) -> None:
    assert full_text()
    _note(world, "Visited the family; the children were playing outside.")
    found = _found(world, "visits")  # "visits" and "visited" share the stem "visit"
    assert len(found) == 1 and "Visited" in found[0]
    assert len(_found(world, "children playing")) == 1  # every word, in any order
    assert _found(world, "isit") == []  # whole words, not fragments


@on_postgresql
def test_given_postgresql_then_the_notes_full_text_index_exists_and_answers_the_search(world: World) -> None:
    from joinedup.case_record.search import FTS_MATCHING_NOTES

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [FTS_INDEX])
        row = cursor.fetchone()
        assert row is not None and "USING gin" in row[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + FTS_MATCHING_NOTES, ["frightened"])
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert FTS_INDEX in plan


@on_sqlite
def test_given_sqlite_then_search_is_a_substring_match(world: World) -> None:
    assert not full_text()
    _note(world, "Visited the family; the children were playing outside.")
    assert len(_found(world, "isit")) == 1
    assert _found(world, "visits") == []
