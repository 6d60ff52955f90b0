"""A child on a plan elsewhere moves into the area: the transfer-in notification and its conference clock."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors
from joinedup.people.models import Person

from ..errors import ChildProtectionError as E
from ..models import TransferIn
from ._common import clock_start, not_in_future, open_episode, require


def transfer_in_record(
    *, actor: Any, child: Person, notified_on: date, from_authority: str, previous_plan_started_on: date | None = None
) -> TransferIn:
    """A child on a plan elsewhere has moved into the area: the transfer-in conference clock starts."""
    require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    not_in_future(errors, "notified_on", notified_on, "The date of the notification")
    if not from_authority.strip():
        errors.add("from_authority", "Enter the local authority the child moved from", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        transfer = TransferIn.objects.create(
            episode=open_episode(child),
            child=child,
            notified_on=notified_on,
            from_authority=from_authority.strip(),
            previous_plan_started_on=previous_plan_started_on,
        )
        auditor.record_created(actor=actor, obj=transfer, child_id=child.pk)
        clock_start(actor, "transfer_in_conference", child, transfer, notified_on)
    return transfer
