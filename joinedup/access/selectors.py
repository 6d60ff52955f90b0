from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from joinedup.people.models import Person

from .models import BreakGlassAccess, RestrictedRecordGrant
from .permissions import Permission
from .policy import has_permission
from .scopes import practitioner_of


def break_glass_awaiting_review(*, actor: Any) -> QuerySet[BreakGlassAccess]:
    """Break-glass accesses by members of the teams this user manages that nobody has reviewed yet."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return BreakGlassAccess.objects.none()
    team_ids = list(practitioner.managed_teams.values_list("id", flat=True))
    if not team_ids:
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(user__practitioner__team_id__in=team_ids, reviewed_at__isnull=True)
        .exclude(user_id=actor.pk)
        .select_related("user", "user__practitioner")
        .order_by("created_at")
    )


def restricted_records_overview(*, actor: Any) -> list[dict[str, Any]]:
    """Restricted records (by number only, never names) and who holds a grant to each."""
    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        return []
    grants: dict[int, list[RestrictedRecordGrant]] = {}
    for grant in RestrictedRecordGrant.objects.filter(revoked_at__isnull=True).select_related("user", "granted_by"):
        grants.setdefault(grant.child_id, []).append(grant)
    ids = Person.objects.filter(is_restricted=True, is_child_record=True).order_by("id").values_list("id", flat=True)
    return [{"record": pk, "grants": grants.get(pk, [])} for pk in ids]
