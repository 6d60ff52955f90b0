from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import BreakGlassAccess
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
