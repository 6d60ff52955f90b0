"""The one way to reach a child's record (issue 16): every view, API view and service that opens a child, or a
record that belongs to a child, asks here. A record the actor may not see and a record that does not exist answer
alike (NotFoundOrNotPermitted, which pages and the API answer as 404), so nobody learns a record exists."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

from joinedup.audit import services as auditor
from joinedup.core.actors import Actor
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.models import Person

from .permissions import Permission
from .policy import child_read_through_scope, has_permission
from .scopes import children_visible_to

RecordT = TypeVar("RecordT", bound=models.Model)


def access_child(actor: Actor, child_id: int, *, permission: Permission, purpose: str = "") -> Person:
    """The child with `child_id`, when the actor may see them (access/scopes.py) and holds `permission` on them.
    With a purpose (a page that shows the child), the read is in the audit trail, in the same transaction."""
    with transaction.atomic():
        child = children_visible_to(actor).select_related("child_profile").filter(pk=child_id).first()
        if child is None:
            raise NotFoundOrNotPermitted
        child_read_through_scope(actor, child)
        if not has_permission(actor, permission, child):
            raise NotFoundOrNotPermitted
        if purpose:
            auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason=purpose)
    return child


def access_child_record(
    actor: Actor,
    model: type[RecordT],
    record_id: int,
    *,
    permission: Permission,
    purpose: str = "",
    queryset: models.QuerySet[RecordT] | None = None,
) -> RecordT:
    """A record that belongs to a child (its `child` field), when the actor may reach its child with `permission`.
    `queryset` may narrow or prefetch (it must be of `model`). With a purpose, the read of the record is audited."""
    rows = queryset if queryset is not None else model._default_manager.all()
    with transaction.atomic():
        record = rows.filter(pk=record_id).first()
        if record is None:
            raise NotFoundOrNotPermitted
        child = access_child(actor, record.child_id, permission=permission)  # type: ignore[attr-defined]
        record.child = child  # type: ignore[attr-defined]  # the child as read through the scope
        if purpose:
            auditor.record_viewed(actor=actor, obj=record, child_id=child.pk, reason=purpose)
    return record
