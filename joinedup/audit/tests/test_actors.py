"""Who did it: every audit event names a signed-in user or a named system actor, never no one; the chain of events
written before the system actor existed still verifies beside the new ones."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.audit.models import AuditAction, AuditChainHead, AuditEvent
from joinedup.audit.selectors import audit_chain_verify
from joinedup.audit.services import GENESIS_HASH, NoActor, audit_event_record, require_actor
from joinedup.core.actors import SYSTEM_ACTORS, SystemActor, UnknownSystemActor, system_actor
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.records.selectors import child_get

pytestmark = pytest.mark.django_db


def _record(actor: Any) -> AuditEvent:
    with transaction.atomic():
        return audit_event_record(actor=actor, action=AuditAction.UPDATED, object_type="people.person", object_id=1)


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous user"])
def test_an_audit_write_with_no_actor_raises_and_writes_nothing(actor: Any) -> None:
    with pytest.raises(NoActor):
        _record(actor)
    with pytest.raises(NoActor):
        require_actor(actor)
    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()


def test_a_system_actor_is_recorded_by_name_and_no_user(world: World) -> None:
    event = _record(system_actor("daily-jobs"))
    assert (event.actor_id, event.actor_system) == (None, "daily-jobs")
    assert event.actor_system_label == SYSTEM_ACTORS["daily-jobs"]
    user_event = _record(world.user("social_worker"))
    assert (user_event.actor_id, user_event.actor_system) == (world.user("social_worker").pk, "")
    assert audit_chain_verify().intact


def test_only_declared_system_actors_exist() -> None:
    with pytest.raises(UnknownSystemActor):
        system_actor("someone")
    assert system_actor("imports") == SystemActor("imports")


def test_a_system_actor_holds_no_permission(world: World) -> None:
    actor = system_actor("daily-jobs")
    assert not has_permission(actor, Permission.VIEW_CHILD, world.allocated_child)
    assert not has_permission(actor, Permission.RECORD_CHILD_PROTECTION, world.allocated_child)
    with pytest.raises(NotFoundOrNotPermitted):
        child_get(actor=actor, child_id=world.allocated_child.pk)


def test_an_event_cannot_name_both_a_user_and_a_system_actor(world: World) -> None:
    event = AuditEvent(
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        actor=world.user("social_worker"),
        actor_system="daily-jobs",
        action=AuditAction.VIEWED,
        object_type="people.person",
        object_id="1",
        previous_hash=GENESIS_HASH,
        hash="x" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def _hash_as_before_the_system_actor(previous: str, event: AuditEvent) -> str:
    """The hash exactly as the auditor computed it before events could name a system actor (ADR 0003)."""
    fields = {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "child_id": event.child_id,
        "request_id": event.request_id,
        "reason": event.reason,
        "changed_fields": list(event.changed_fields),
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{previous}|{canonical}".encode()).hexdigest()


def test_audit_verify_passes_on_a_chain_of_old_events_then_new_ones(world: World) -> None:
    # Two events as they were stored before this change, one by a user and one by no one (the old daily run).
    previous = GENESIS_HASH
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    for n, actor_id in enumerate([world.user("social_worker").pk, None]):
        old = AuditEvent(
            occurred_at=start + timedelta(minutes=n),
            actor_id=actor_id,
            action=AuditAction.UPDATED,
            object_type="child_protection.childprotectionplan",
            object_id=str(n + 1),
            child_id=world.allocated_child.pk,
            previous_hash=previous,
        )
        old.hash = _hash_as_before_the_system_actor(previous, old)
        AuditEvent.objects.bulk_create([old])
        previous = old.hash
    AuditChainHead.objects.create(id=1, last_hash=previous, event_count=2)
    # New events on the same chain: by the daily jobs and by a user.
    daily = _record(system_actor("daily-jobs"))
    by_user = _record(world.user("social_worker"))
    assert daily.previous_hash == previous and by_user.previous_hash == daily.hash
    # A user's new event hashes exactly as before; the system actor's name is covered by its event's hash.
    assert by_user.hash == _hash_as_before_the_system_actor(daily.hash, by_user)
    assert daily.hash != _hash_as_before_the_system_actor(previous, daily)
    result = audit_chain_verify()
    assert (result.event_count, result.intact) == (4, True)
    # Changing who did it, behind the model's back, breaks the chain at that event.
    AuditEvent.objects.filter(pk=daily.pk).update(actor_system="imports")
    assert audit_chain_verify().first_broken_event_id == daily.pk
