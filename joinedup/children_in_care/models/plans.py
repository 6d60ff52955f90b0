"""Care plans (CPPCR reg. 4) and placement plans (reg. 9)."""

from __future__ import annotations

from django.db import models

from joinedup.core.voice import ChildVoiceFields

from ..codes import PermanencePlan
from .base import CareRecord
from .period import PeriodOfCare, Placement


class CarePlan(ChildVoiceFields, CareRecord):
    """The child's care plan: each agreed revision is a new row, so the plan in force on any date is known. Each
    carries the child's wishes and feelings in their own words, or why they could not be obtained (M26)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="care_plans")
    agreed_on = models.DateField()
    permanence_plan = models.CharField(
        max_length=24,
        choices=PermanencePlan.choices,
        blank=True,
        help_text="Confirmed at the second looked-after review; may be left open before it",
    )
    arrangements = models.TextField(
        max_length=5000, help_text="How the child's needs will be met: health, education, identity, contact"
    )

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["child", "agreed_on"], name="care_plan_child_agreed_idx")]

    def __str__(self) -> str:
        return f"Care plan {self.pk} agreed {self.agreed_on}"


class PlacementPlan(CareRecord):
    """The placement plan agreed with the carer (CPPCR reg. 9)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="placement_plans")
    agreed_on = models.DateField()
    summary = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["child", "agreed_on"], name="placement_plan_child_idx")]

    def __str__(self) -> str:
        return f"Placement plan {self.pk} agreed {self.agreed_on}"
