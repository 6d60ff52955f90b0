"""The audit events the case record services write, pinned (action, object type), and appended as each service's
last writes (issue 16, audit.services.audit_last): the services that write after their first event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine

from joinedup.audit.testing import assert_audit_written_last, audit_trail_written
from joinedup.case_record import services
from joinedup.core.tests.personas import World

from .test_notes import _note

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@contextmanager
def events() -> Iterator[list[tuple[str, str]]]:
    """The (action, object type) of the events the block wrote, which must be its last writes."""
    pairs: list[tuple[str, str]] = []
    with audit_trail_written() as written, assert_audit_written_last():
        yield pairs
    pairs.extend((action, object_type) for action, object_type, *_ in written)


def test_note_draft_save_audited_again_after_the_interval(world: World) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    with time_machine.travel(START, tick=False) as clock:
        draft = services.note_draft_save(actor=actor, child=child, data={"what_happened": "Half"})
        clock.shift(dt.timedelta(minutes=11))
        with events() as written:
            services.note_draft_save(actor=actor, child=child, data={"what_happened": "Later"}, draft_id=draft.pk)
    assert written == DRAFT_SAVE


def test_note_record_from_a_draft(world: World) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    draft = services.note_draft_save(actor=actor, child=child, data={"what_happened": "Half"})
    with events() as written:
        _note(world, [child], draft=draft)
    assert written == NOTE_FROM_DRAFT


def test_note_draft_discard(world: World) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    draft = services.note_draft_save(actor=actor, child=child, data={"what_happened": "Half"})
    with events() as written:
        services.note_draft_discard(actor=actor, draft=draft)
    assert written == DRAFT_DISCARD


DRAFT_SAVE = [("updated", "case_record.casenotedraft")]
NOTE_FROM_DRAFT = [("created", "case_record.casenote")]
DRAFT_DISCARD = [("deleted", "case_record.casenotedraft")]
