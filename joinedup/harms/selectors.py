"""Every read of harms: the harm types and indicators offered, grouped for checkboxes, and a child's recent
indicators and open prompts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .codes import HarmGroup
from .models import HarmType, RiskIndicatorEscalation, RiskIndicatorType
from .taxonomy import TAXONOMY


def harm_types_offered() -> list[HarmType]:
    """Active harm types in taxonomy order (one query)."""
    return list(HarmType.objects.filter(is_active=True).select_related("parent").order_by("display_order"))


def harm_types_all() -> QuerySet[HarmType]:
    return HarmType.objects.select_related("parent").order_by("display_order")


@dataclass(frozen=True)
class HarmGroupRows:
    code: str
    label: str
    harms: list[HarmType]


def harm_groups(harms: list[HarmType]) -> list[HarmGroupRows]:
    """Harms by group, in the taxonomy's order of groups (for checkboxes and the definitions page)."""
    return [
        HarmGroupRows(group.code, HarmGroup(group.code).label, [h for h in harms if h.group == group.code])
        for group in TAXONOMY.groups
        if any(h.group == group.code for h in harms)
    ]


def risk_indicator_types_offered() -> list[RiskIndicatorType]:
    return list(RiskIndicatorType.objects.filter(is_active=True).order_by("display_order"))


def open_escalations_for_children(child_ids: list[int]) -> dict[int, RiskIndicatorEscalation]:
    """The newest unacknowledged prompt for each of these children (one query)."""
    found: dict[int, RiskIndicatorEscalation] = {}
    for escalation in RiskIndicatorEscalation.objects.filter(
        child_id__in=child_ids, acknowledged_at__isnull=True
    ).order_by("child_id", "-triggered_on", "-id"):
        found.setdefault(escalation.child_id, escalation)
    return found
