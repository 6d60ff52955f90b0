"""Auditing a page of rows: a list page or an API answer records that it showed each row (one LISTED event a row,
in three queries however many rows), in the one transaction of the read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction

from .models import AuditAction
from .services import EventSpec, audit_events_record


def _own_child(row: Any) -> int | None:
    return row.child_id  # type: ignore[no-any-return]


def audit_rows_listed(
    *,
    actor: Any,
    rows: Iterable[models.Model],
    child_id: int | Callable[[Any], int | None] = _own_child,
    object_type: str = "",
) -> None:
    """Record that `actor` was shown `rows`. Each event names its row by model (`object_type`, the row's own by
    default) and its child: `child_id` is the one child every row belongs to, or how to find each row's child (its
    own `child_id` by default; `lambda person: person.pk` when the rows are the children themselves)."""
    child_of = child_id if callable(child_id) else (lambda _row: child_id)
    with transaction.atomic():
        audit_events_record(
            actor=actor,
            events=[
                EventSpec(AuditAction.LISTED, object_type or row._meta.label_lower, row.pk, child_id=child_of(row))
                for row in rows
            ],
        )
