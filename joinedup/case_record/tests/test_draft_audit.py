"""Re-saves of a draft are audited without flooding: creating it is audited; then at most one audit row per draft per
interval (CASE_RECORD_DRAFT_AUDIT_MINUTES, 10), for the first change in it; saving the same text again writes
nothing; the audit never holds the draft's text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from joinedup.audit.models import AuditEvent
from joinedup.case_record import services
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _draft_events() -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="case_record.casenotedraft")
        .order_by("id")
        .values_list("action", "reason")
    )


def test_given_autosaves_every_few_seconds_then_one_audit_row_per_draft_per_interval(world: World) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    with time_machine.travel(START, tick=False) as clock:
        draft = services.note_draft_save(actor=actor, child=child, data={"what_happened": "Half"})
        for n in range(30):  # five seconds apart: two and a half minutes of typing
            clock.shift(dt.timedelta(seconds=5))
            services.note_draft_save(
                actor=actor, child=child, data={"what_happened": "Half" + "x" * n}, draft_id=draft.pk
            )
        assert [a for a, _ in _draft_events()] == ["created"]
        clock.shift(dt.timedelta(minutes=10))
        services.note_draft_save(actor=actor, child=child, data={"what_happened": "Later"}, draft_id=draft.pk)
        services.note_draft_save(actor=actor, child=child, data={"what_happened": "Later on"}, draft_id=draft.pk)
        assert _draft_events() == [("created", ""), ("updated", "Draft saved")]
        clock.shift(dt.timedelta(minutes=11))
        services.note_draft_save(actor=actor, child=child, data={"what_happened": "Later on"}, draft_id=draft.pk)
        assert len(_draft_events()) == 2  # the same text again: nothing changed, nothing written
        services.note_draft_save(actor=actor, child=child, data={"what_happened": "Much later"}, draft_id=draft.pk)
    assert [a for a, _ in _draft_events()] == ["created", "updated", "updated"]
    assert not AuditEvent.objects.filter(reason__contains="Much later").exists()
    updated = AuditEvent.objects.filter(object_type="case_record.casenotedraft", action="updated")
    assert [list(f) for f in updated.values_list("changed_fields", flat=True)] == [["data"], ["data"]]


def test_given_another_draft_then_its_interval_is_its_own(world: World) -> None:
    actor = world.user("social_worker")
    with time_machine.travel(START, tick=False) as clock:
        first = services.note_draft_save(actor=actor, child=world.allocated_child, data={"what_happened": "A"})
        clock.shift(dt.timedelta(minutes=10))
        second = services.note_draft_save(actor=actor, child=world.allocated_child, data={"what_happened": "B"})
        services.note_draft_save(
            actor=actor, child=world.allocated_child, data={"what_happened": "A2"}, draft_id=first.pk
        )
        services.note_draft_save(
            actor=actor, child=world.allocated_child, data={"what_happened": "B2"}, draft_id=second.pk
        )
    updated = AuditEvent.objects.filter(object_type="case_record.casenotedraft", action="updated")
    assert list(updated.values_list("object_id", flat=True)) == [str(first.pk)]
