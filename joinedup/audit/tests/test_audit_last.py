"""audit_last: a service's audit events, its own and its nested steps', are held and appended together as the last
writes of its transaction, in the order they were recorded, so the chain head is locked only for the commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from joinedup.audit.models import AuditAction, AuditEvent, RecordHistory
from joinedup.audit.selectors import audit_chain_verify
from joinedup.audit.services import NoActor, audit_event_record, audit_last, record_viewed
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def _record(world: World, object_id: int, **history: dict[str, object]) -> AuditEvent:
    return audit_event_record(
        actor=world.user("social_worker"),
        action=AuditAction.UPDATED,
        object_type="people.person",
        object_id=object_id,
        child_id=world.allocated_child.pk,
        changed_fields=["family_name"],
        **history,
    )


def test_held_events_are_appended_when_the_block_ends_in_the_order_recorded(world: World) -> None:
    with transaction.atomic(), audit_last():
        first = _record(world, 1, before={"family_name": "A"}, after={"family_name": "B"})
        record_viewed(actor=world.user("social_worker"), obj=world.allocated_child, child_id=world.allocated_child.pk)
        _record(world, 3)
        assert first.pk is None and not AuditEvent.objects.exists()
    events = list(AuditEvent.objects.order_by("id"))
    assert [(e.action, e.object_id) for e in events] == [
        (AuditAction.UPDATED, "1"),
        (AuditAction.VIEWED, str(world.allocated_child.pk)),
        (AuditAction.UPDATED, "3"),
    ]
    assert first.pk == events[0].pk  # the caller's event is the one appended
    history = RecordHistory.objects.get()
    assert history.audit_event_id == first.pk
    assert (history.before, history.after) == ({"family_name": "A"}, {"family_name": "B"})
    assert events[1].previous_hash == events[0].hash and events[2].previous_hash == events[1].hash
    assert audit_chain_verify().intact


def test_a_block_inside_another_leaves_its_events_to_the_outer_one(world: World) -> None:
    with transaction.atomic(), audit_last():
        _record(world, 1)
        with transaction.atomic(), audit_last():
            _record(world, 2)
        assert not AuditEvent.objects.exists()
        _record(world, 3)
    assert list(AuditEvent.objects.order_by("id").values_list("object_id", flat=True)) == ["1", "2", "3"]


def test_a_failed_block_inside_another_drops_the_events_it_held(world: World) -> None:
    with transaction.atomic(), audit_last():
        _record(world, 1)
        with pytest.raises(ValueError), transaction.atomic(), audit_last():
            _record(world, 2)
            raise ValueError("the nested step failed and rolled back")
        _record(world, 3)
    assert list(AuditEvent.objects.order_by("id").values_list("object_id", flat=True)) == ["1", "3"]
    assert audit_chain_verify().intact


def test_a_failed_block_appends_nothing(world: World) -> None:
    with pytest.raises(ValueError), transaction.atomic(), audit_last():
        _record(world, 1)
        raise ValueError
    assert not AuditEvent.objects.exists()
    # Outside any block, events are appended at once again.
    with transaction.atomic():
        _record(world, 2)
        assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_holding_is_refused_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError), audit_last():
        pass


def test_an_event_with_no_actor_is_refused_when_it_is_recorded_not_when_it_would_be_appended(world: World) -> None:
    with transaction.atomic(), audit_last():
        with pytest.raises(NoActor):
            audit_event_record(actor=None, action=AuditAction.VIEWED, object_type="people.person", object_id=1)
        _record(world, 2)
    assert AuditEvent.objects.count() == 1
