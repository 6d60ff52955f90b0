"""Test helper: assert exactly which audit events a block of code wrote (STYLE 6.6)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .models import AuditEvent


@contextmanager
def assert_audit_events(*expected: tuple[str, str]) -> Iterator[list[AuditEvent]]:
    """`expected` lists (action, object_type) pairs, in order, e.g. ("created", "people.person")."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    written: list[AuditEvent] = []
    yield written
    written.extend(AuditEvent.objects.filter(id__gt=last).order_by("id"))
    got = [(e.action, e.object_type) for e in written]
    assert got == list(expected), f"audit events written: {got}, expected: {list(expected)}"
