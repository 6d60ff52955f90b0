"""The auditor: every read and write of a child's record calls one of these inside the same transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from joinedup.core.actors import SystemActor
from joinedup.core.requestcontext import current_request_id

from .models import AuditAction, AuditChainHead, AuditEvent, RecordHistory

GENESIS_HASH = "0" * 64


def event_hash(previous_hash: str, fields: Mapping[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{previous_hash}|{canonical}".encode()).hexdigest()


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    """The fields a hash covers: everything but the id and the hashes themselves. The system actor's name is
    covered only when there is one, so events written before it existed hash exactly as they did (ADR 0018)."""
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
    if event.actor_system:
        fields["actor_system"] = event.actor_system
    return fields


class NoActor(RuntimeError):
    """An audit event was to be written without saying who did it: neither a signed-in user nor a named system
    actor (core/actors.py). Nothing is written."""


def require_actor(actor: Any) -> None:
    """Raise `NoActor` unless `actor` is a signed-in user or a named system actor: for services to check before
    their first write that the audit event they end with can be written."""
    _actor_columns(actor)


def _actor_columns(actor: Any) -> tuple[int | None, str]:
    """(the user's id, the system actor's name): exactly one is set."""
    if isinstance(actor, SystemActor):
        return None, actor.name
    pk = getattr(actor, "pk", None) if actor is not None else None
    if pk is None or not getattr(actor, "is_authenticated", False):
        raise NoActor(
            f"An audit event needs an actor: a user or a named system actor (core.actors.system_actor), not {actor!r}"
        )
    return pk, ""


@dataclass(frozen=True)
class EventSpec:
    """One event to append (see `audit_events_record`)."""

    action: AuditAction
    object_type: str
    object_id: object
    child_id: int | None = None
    reason: str = ""
    changed_fields: tuple[str, ...] = ()


def audit_events_record(*, actor: Any, events: Sequence[EventSpec]) -> list[AuditEvent]:
    """Append events to the chain in one go (a list page audits every row it shows: three queries in all,
    however many rows). Must run inside the caller's transaction, so the events and what they record commit
    or roll back together. `actor` is the signed-in user or a named system actor; anything else (None, an
    anonymous user) raises `NoActor`. Inside `audit_last`, the events are held and appended when it ends."""
    rows = _events(actor, events)
    _record([(row, None) for row in rows])
    return rows


def audit_event_record(
    *,
    actor: Any,
    action: AuditAction,
    object_type: str,
    object_id: object,
    child_id: int | None = None,
    reason: str = "",
    changed_fields: Iterable[str] = (),
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, with the record's before and after values where given."""
    spec = EventSpec(action, object_type, object_id, child_id, reason, tuple(changed_fields))
    (event,) = _events(actor, [spec])
    history = None
    if before is not None or after is not None:
        history = RecordHistory(before=dict(before or {}), after=dict(after or {}))
    _record([(event, history)])
    return event


# An event to append, with the record history that goes with it.
_Entry = tuple[AuditEvent, RecordHistory | None]
# The events recorded inside `audit_last`, not yet appended; None outside it.
_held: ContextVar[list[_Entry] | None] = ContextVar("audit_events_held", default=None)


@contextmanager
def audit_last() -> Iterator[None]:
    """Inside a service's transaction, hold every audit event the block records, its own and its nested steps'
    (the clocks timescales starts, the episode's moves, another app's service), and append them together, in the
    order they were recorded, as the block's last writes. Appending locks the chain head until the commit (ADR
    0003), so every other audited write and page read waits while the rest of the transaction runs: with the
    events last, it waits for the commit only. The events are the ones that would have been appended one by one,
    in the same order, with the same record history; each is stamped with the time it is appended, so the chain's
    times still rise with its order. A block inside another leaves its events to the outer one; a block that fails
    drops the events it held, as its writes roll back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of what they record")
    outer = _held.get()
    if outer is not None:
        mark = len(outer)
        try:
            yield
        except BaseException:
            del outer[mark:]
            raise
        return
    held: list[_Entry] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    _append(held)


def _events(actor: Any, events: Sequence[EventSpec]) -> list[AuditEvent]:
    """The events to append, not yet timed or hashed; checks the transaction and the actor first."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of what they record")
    actor_id, actor_system = _actor_columns(actor)
    return [
        AuditEvent(
            actor_id=actor_id,
            actor_system=actor_system,
            action=spec.action,
            object_type=spec.object_type,
            object_id=str(spec.object_id),
            child_id=spec.child_id,
            reason=spec.reason,
            changed_fields=sorted(spec.changed_fields),
        )
        for spec in events
    ]


def _record(entries: list[_Entry]) -> None:
    held = _held.get()
    if held is not None:
        held.extend(entries)
    else:
        _append(entries)


def _append(entries: Sequence[_Entry]) -> None:
    """Lock the chain head, time and hash the events in order, and write them with their record history."""
    if not entries:
        return
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH, "event_count": 0}
    )
    now = timezone.now()
    request_id = current_request_id() if current_request_id() != "-" else ""
    previous = head.last_hash
    for event, _history in entries:
        event.occurred_at = now
        event.request_id = request_id
        event.previous_hash = previous
        event.hash = event_hash(previous, hashed_fields(event))
        previous = event.hash
    AuditEvent.objects.bulk_create([event for event, _history in entries])
    histories = []
    for event, history in entries:
        if history is not None:
            history.audit_event = event
            histories.append(history)
    RecordHistory.objects.bulk_create(histories)
    AuditChainHead.objects.filter(id=1).update(last_hash=previous, event_count=models.F("event_count") + len(entries))


def record_viewed(*, actor: Any, obj: models.Model, child_id: int | None, reason: str = "") -> AuditEvent:
    return audit_event_record(
        actor=actor,
        action=AuditAction.VIEWED,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        child_id=child_id,
        reason=reason,
    )


def record_created(*, actor: Any, obj: models.Model, child_id: int | None) -> AuditEvent:
    return audit_event_record(
        actor=actor,
        action=AuditAction.CREATED,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        child_id=child_id,
    )


def record_updated(
    *,
    actor: Any,
    obj: models.Model,
    child_id: int | None,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    reason: str = "",
) -> AuditEvent:
    """An edit, with the values of the fields it changed before and after, and why where a reason is asked for (a
    correction of a person's name, date of birth or NHS number), kept in the hashed event."""
    changed = [k for k in after if before.get(k) != after.get(k)]
    return audit_event_record(
        actor=actor,
        action=AuditAction.UPDATED,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        child_id=child_id,
        reason=reason,
        changed_fields=changed,
        before={k: before.get(k) for k in changed},
        after={k: after.get(k) for k in changed},
    )


def record_fields_changed(
    *,
    actor: Any,
    obj: models.Model,
    child_id: int | None,
    changes: Mapping[str, Any],
    full_clean: bool = False,
    unrecorded: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Set `changes` on `obj` (already locked by the caller, inside its transaction), save just those fields (and
    `updated_at` where the model keeps one), and record the change with its before and after values. With
    `full_clean`, the model's own validation runs on the changed object before it is saved. `unrecorded` fields are
    set and saved with them but are not in the event (who signed it off, a free-text note)."""
    fields = tuple(changes)
    also = dict(unrecorded or {})
    before = model_values(obj, fields)
    for name, value in {**changes, **also}.items():
        setattr(obj, name, value)
    if full_clean:
        obj.full_clean()
    saved = [*fields, *also]
    has_updated_at = any(f.name == "updated_at" for f in obj._meta.concrete_fields)
    obj.save(update_fields=[*saved, "updated_at"] if has_updated_at else saved)
    return record_updated(actor=actor, obj=obj, child_id=child_id, before=before, after=model_values(obj, fields))


def model_values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values as JSON-safe data, for record history."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values
