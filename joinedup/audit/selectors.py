from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import AuditAction, AuditEvent
from .services import GENESIS_HASH, event_hash, hashed_fields


@dataclass(frozen=True)
class ChainVerification:
    event_count: int
    intact: bool
    first_broken_event_id: int | None = None


def audit_chain_verify(*, batch_size: int = 5000) -> ChainVerification:
    """Recompute every event's hash in order; the first event whose stored hashes disagree breaks the chain."""
    previous = GENESIS_HASH
    count = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            count += 1
            if event.previous_hash != previous or event.hash != event_hash(previous, hashed_fields(event)):
                return ChainVerification(
                    event_count=AuditEvent.objects.count(), intact=False, first_broken_event_id=event.id
                )
            previous = event.hash
            last_id = event.id
    return ChainVerification(event_count=count, intact=True)


def record_access_log(*, child_id: int, limit: int = 200) -> QuerySet[AuditEvent]:
    """Who has opened, changed or exported this child's record, newest first."""
    return (
        AuditEvent.objects.filter(child_id=child_id)
        .exclude(action=AuditAction.LISTED)
        .select_related("actor", "actor__practitioner", "actor__practitioner__organisation")
        .order_by("-occurred_at", "-id")[:limit]
    )
