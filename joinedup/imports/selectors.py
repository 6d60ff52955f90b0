"""What the administrator's page reads: the imports run so far."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.core.errors import NotFoundOrNotPermitted

from .models import ImportRun

RECENT = 20


def import_runs_recent(*, actor: Any) -> QuerySet[ImportRun]:
    """The latest imports, newest first, with who ran them (no child's record: counts only)."""
    if not has_permission(actor, Permission.IMPORT_HISTORY):
        raise NotFoundOrNotPermitted
    return ImportRun.objects.select_related("run_by").order_by("-created_at", "-id")[:RECENT]
