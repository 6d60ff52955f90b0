"""Keeping what a worker has typed in a long form (a case note, a visit): the draft, audited without flooding.

One rule for every kind of draft (ADR 0014): creating a draft is audited; re-saving it (autosave, every few seconds)
is audited at most once per draft per `draft_audit_interval()`. The record shows that and when the draft changed,
never its text. A draft model has `author`, `child`, `data` (JSON), `audited_at` and `updated_at`."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from . import services as auditor
from .models import AuditAction

Draft = TypeVar("Draft", bound=models.Model)

# Form fields that are the form's machinery, not what the worker typed.
NOT_TYPED = ("csrfmiddlewaretoken", "draft_id", "action")


def draft_audit_interval() -> dt.timedelta:
    """At most one audit row per draft per this many minutes of re-saving (autosave posts every few seconds)."""
    return dt.timedelta(minutes=getattr(settings, "CASE_RECORD_DRAFT_AUDIT_MINUTES", 10))


def draft_keep(
    model: type[Draft], *, actor: Any, child: Any, data: dict[str, Any], draft_id: int | None = None
) -> Draft:
    """Keep what `actor` has typed about `child`, exactly as typed (valid or not), in their draft `draft_id` or a new
    one: one transaction, the audit event last."""
    clean = {k: v for k, v in data.items() if k not in NOT_TYPED}
    manager: Any = model._default_manager
    with transaction.atomic(), auditor.audit_last():
        draft = None
        if draft_id is not None:
            draft = manager.select_for_update().filter(pk=draft_id, author=actor, child=child).first()
        if draft is None:
            draft = manager.create(author=actor, child=child, data=clean, audited_at=timezone.now())
            auditor.record_created(actor=actor, obj=draft, child_id=child.pk)
        elif draft.data != clean:
            draft.data = clean
            fields = ["data", "updated_at"]
            now = timezone.now()
            if draft.audited_at is None or now - draft.audited_at >= draft_audit_interval():
                # Re-saves audited without flooding: the first change in each interval (ADR 0014), never the text.
                draft.audited_at = now
                fields.append("audited_at")
                auditor.audit_event_record(
                    actor=actor,
                    action=AuditAction.UPDATED,
                    object_type=model._meta.label_lower,
                    object_id=draft.pk,
                    child_id=child.pk,
                    reason="Draft saved",
                    changed_fields=["data"],
                )
            draft.save(update_fields=fields)
    return draft
