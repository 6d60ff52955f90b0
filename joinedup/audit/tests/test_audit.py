"""The audit trail: append-only, hash-chained, verified by `manage.py audit_verify`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.selectors import audit_chain_verify
from joinedup.audit.services import audit_event_record
from joinedup.core.tests.personas import World
from joinedup.records.selectors import child_get

pytestmark = pytest.mark.django_db


def _write_events(world: World, n: int) -> None:
    for _ in range(n):
        child_get(actor=world.user("social_worker"), child_id=world.allocated_child.pk)


def test_reading_a_childs_record_writes_a_chained_event(world: World) -> None:
    _write_events(world, 3)
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in events] == [AuditAction.VIEWED] * 3
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    assert audit_chain_verify().intact


def test_audit_verify_reports_the_count_and_an_intact_chain(world: World) -> None:
    _write_events(world, 4)
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().splitlines() == ["4 events", "hash chain intact"]


def test_audit_verify_fails_when_an_event_is_altered(world: World) -> None:
    _write_events(world, 4)
    victim = AuditEvent.objects.order_by("id")[1]
    # Bypass the model's append-only guard, as someone with database access might.
    AuditEvent.objects.filter(pk=victim.pk).update(actor=world.user("front_door"))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=out)
    assert out.getvalue().splitlines()[0] == "4 events"
    assert f"BROKEN at event {victim.pk}" in out.getvalue()


def test_audit_verify_fails_when_an_event_is_deleted(world: World) -> None:
    _write_events(world, 3)
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[1].pk)._raw_delete("default")
    assert not audit_chain_verify().intact


def test_events_cannot_be_changed_or_deleted_through_the_model(world: World) -> None:
    _write_events(world, 1)
    event = AuditEvent.objects.get()
    event.reason = "tampered"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_events_are_only_written_inside_the_recorded_transaction() -> None:
    assert not transaction.get_connection().in_atomic_block
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_event_record(actor=None, action=AuditAction.VIEWED, object_type="people.person", object_id=1)
    assert not AuditEvent.objects.exists()


def test_a_refused_read_writes_no_event(world: World) -> None:
    from joinedup.core.errors import NotFoundOrNotPermitted

    with pytest.raises(NotFoundOrNotPermitted):
        child_get(actor=world.user("other_team_worker"), child_id=world.allocated_child.pk)
    assert not AuditEvent.objects.exists()
