"""Harm types and early indicators (loaded from data/taxonomy.toml), the indicators recorded on a child, and the
prompts that repeated indicators raise (M6-M8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel

from .codes import HarmGroup


class HarmType(models.Model):
    """One harm of the 2026 definitions. Rows mirror taxonomy.toml (harm_taxonomy_sync); codes never change."""

    code = models.CharField(max_length=80, unique=True)
    group = models.CharField(max_length=40, choices=HarmGroup.choices)
    label = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="forms")
    cin_assessment_factors = models.CharField(
        max_length=60, blank=True, help_text="CIN census assessment factor codes, space-separated"
    )
    cin_category_of_abuse = models.CharField(max_length=3, blank=True, help_text="CIN census category of abuse")
    ssda903_category_of_need = models.CharField(max_length=2, blank=True, help_text="SSDA903 category of need")
    added_2026 = models.BooleanField(default=False, help_text="Added or made explicit by Working Together 2026")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Offered for new records")

    class Meta:
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.label

    @property
    def cin_factor_codes(self) -> list[str]:
        return self.cin_assessment_factors.split()

    @property
    def is_extra_familial(self) -> bool:
        return self.group == HarmGroup.EXTRA_FAMILIAL


class RiskIndicatorType(models.Model):
    """An early indicator of risk outside the home (M8). Rows mirror taxonomy.toml."""

    code = models.CharField(max_length=80, unique=True)
    label = models.CharField(max_length=200)
    description = models.TextField()
    cin_assessment_factors = models.CharField(max_length=60, blank=True)
    ssda903_missing = models.CharField(max_length=1, blank=True, help_text="SSDA903 Missing file code")
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.label


class ChildRiskIndicator(TimeStampedModel):
    """An early indicator recorded on a child's record, from the concern or record that reported it."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_indicators")
    indicator = models.ForeignKey(RiskIndicatorType, on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField(help_text="When it was seen or reported")
    source_key = models.CharField(
        max_length=120, help_text="What reported it: 'app_label.model:id', e.g. 'front_door.contact:12'"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["child", "observed_on"], name="child_indicator_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "indicator", "source_key"], name="one_indicator_per_child_and_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} on child {self.child_id}"


class RiskIndicatorEscalation(TimeStampedModel):
    """Repeated indicators for one child (for example three in 90 days): the prompt to the lead practitioner and
    manager (M8), open until someone acknowledges it with what they did."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_escalations")
    triggered_on = models.DateField()
    indicator_count = models.PositiveSmallIntegerField()
    window_days = models.PositiveSmallIntegerField()
    source_key = models.CharField(max_length=120, help_text="The record whose indicators reached the threshold")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action_taken = models.TextField(blank=True)

    class Meta:
        ordering = ["-triggered_on", "-id"]
        indexes = [
            models.Index(fields=["child", "triggered_on"], name="escalation_child_idx"),
            models.Index(
                fields=["triggered_on"], condition=Q(acknowledged_at__isnull=True), name="escalation_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Repeated indicators for child {self.child_id} on {self.triggered_on}"
