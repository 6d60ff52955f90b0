"""The chronology's one write: the audit of its export. The practitioners' marks and analysis are the case record's
writes (case_record/services.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.people.models import Person


def chronology_exported(*, actor: Any, child: Person, entries: int) -> None:
    """Audit the chronology's export as a PDF. The object type is the one written since the export began (it names
    the chronology, which the case record served then), so the trail reads the same before and after."""
    with transaction.atomic():
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.EXPORTED,
            object_type="case_record.chronology",
            object_id=child.pk,
            child_id=child.pk,
            reason=f"Chronology exported as PDF ({entries} entries)",
        )
