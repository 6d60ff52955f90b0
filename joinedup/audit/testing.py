"""Test helpers: assert exactly which audit events a block of code wrote (STYLE 6.6), pin their trail, and check
that a service appends them as its last writes (ADR 0003)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from .models import AuditEvent, RecordHistory


@contextmanager
def assert_audit_events(*expected: tuple[str, str]) -> Iterator[list[AuditEvent]]:
    """`expected` lists (action, object_type) pairs, in order, e.g. ("created", "people.person")."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    written: list[AuditEvent] = []
    yield written
    written.extend(AuditEvent.objects.filter(id__gt=last).order_by("id"))
    got = [(e.action, e.object_type) for e in written]
    assert got == list(expected), f"audit events written: {got}, expected: {list(expected)}"


def trail_of(events: Iterable[AuditEvent], child_id: int | None = None) -> list[tuple[Any, ...]]:
    """What a test pins of each event, in order: the action, the object type, the changed fields, the reason (its
    numbers, which are ids and dates, as #), whose record (the child's, another's, none) and the names of the fields
    whose before and after values the record history keeps."""
    trail: list[tuple[Any, ...]] = []
    for event in events:
        history = RecordHistory.objects.filter(audit_event=event).first()
        whose = None if event.child_id is None else "child" if event.child_id == child_id else "other"
        trail.append(
            (
                event.action,
                event.object_type,
                tuple(event.changed_fields),
                re.sub(r"\d+", "#", event.reason),
                whose,
                (tuple(sorted(history.before)), tuple(sorted(history.after))) if history is not None else None,
            )
        )
    return trail


@contextmanager
def audit_trail_written(child_id: int | None = None) -> Iterator[list[tuple[Any, ...]]]:
    """The trail (`trail_of`) of the events the block wrote, filled in when the block ends."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    trail: list[tuple[Any, ...]] = []
    yield trail
    trail.extend(trail_of(AuditEvent.objects.filter(id__gt=last).order_by("id"), child_id))


# Trail entries (`trail_of`) for pinning a service's events, on the child's record.
Event = tuple[Any, ...]


def created(object_type: str, whose: str = "child") -> Event:
    return ("created", object_type, (), "", whose, None)


def updated(object_type: str, *fields: str) -> Event:
    """Updated, with the before and after values of `fields` in the record history."""
    return ("updated", object_type, fields, "", "child", (fields, fields))


def withdrawn(reason: str) -> Event:
    """A clock withdrawn by timescales.deadline_withdraw."""
    return ("deleted", "timescales.deadline", ("withdrawn",), reason, "child", (WITHDRAWN_FIELDS, ()))


def withdrawn_by_the_daily_run(reason: str) -> Event:
    fields = ("due_on", "interval", "rule_code", "started_on", "subject_key")
    return ("deleted", "timescales.deadline", ("withdrawn",), reason, "child", (fields, ()))


def episode_moved(reason: str) -> Event:
    return ("updated", "episodes.caseepisode", ("tier",), reason, "child", (("tier",), ("tier",)))


WITHDRAWN_FIELDS = ("assignee_id", "due_on", "interval", "rule_code", "started_on", "subject_key", "team_id")
CLOCK = created("timescales.deadline")
MET = updated("timescales.deadline", "met_on")
INVOLVED = created("access.involvement")
ENDED = updated("access.involvement", "ended_on")


AUDIT_TABLES = frozenset({"audit_auditchainhead", "audit_auditevent", "audit_recordhistory"})
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def assert_audit_written_last() -> Iterator[list[str]]:
    """Fail unless the block's audit writes come after every other write: once the chain head is read (and, on
    PostgreSQL, locked until the commit), nothing but the audit tables is written. Yields the tables touched, in
    order ("audit_auditchainhead" when the head is read)."""
    touched: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        written = _WRITE.match(sql)
        if written:
            touched.append(written.group(1))
        elif "audit_auditchainhead" in sql:
            touched.append("audit_auditchainhead")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield touched
    first_audit = next((i for i, table in enumerate(touched) if table in AUDIT_TABLES), len(touched))
    after = [table for table in touched[first_audit:] if table not in AUDIT_TABLES]
    assert touched[first_audit:], "the block wrote no audit event"
    assert not after, f"written after the audit chain was taken: {after} (in order: {touched})"
