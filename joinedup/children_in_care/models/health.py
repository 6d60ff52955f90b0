"""Health of looked-after children (CPPCR regs. 7-8; SSDA903 OC2): health assessments, dental checks,
immunisations and the strengths and difficulties questionnaire."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ..codes import SDQ_HIGHEST_SCORE, HealthAssessmentKind, SdqReason
from .base import CareRecord
from .period import PeriodOfCare


class HealthAssessment(CareRecord):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(max_length=10, choices=HealthAssessmentKind.choices)
    assessed_on = models.DateField()
    carried_out_by = models.CharField(max_length=200, blank=True, help_text="The doctor or nurse")

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["child", "assessed_on"], name="health_assessment_child_idx")]

    def __str__(self) -> str:
        return f"{self.kind} health assessment on {self.assessed_on}"


class DentalCheck(CareRecord):
    checked_on = models.DateField()

    class Meta:
        ordering = ["checked_on", "id"]
        indexes = [models.Index(fields=["child", "checked_on"], name="dental_check_child_idx")]

    def __str__(self) -> str:
        return f"Dental check on {self.checked_on}"


class ImmunisationStatus(CareRecord):
    recorded_on = models.DateField()
    is_up_to_date = models.BooleanField("immunisations up to date")

    class Meta:
        ordering = ["recorded_on", "id"]
        verbose_name_plural = "immunisation statuses"
        indexes = [models.Index(fields=["child", "recorded_on"], name="immunisation_child_idx")]

    def __str__(self) -> str:
        return f"Immunisations {'up to date' if self.is_up_to_date else 'not up to date'} on {self.recorded_on}"


class StrengthsAndDifficultiesQuestionnaire(CareRecord):
    completed_on = models.DateField(help_text="The date of the questionnaire, or of the decision not to complete it")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason_not_completed = models.CharField(max_length=4, choices=SdqReason.choices, blank=True)

    class Meta:
        ordering = ["completed_on", "id"]
        indexes = [models.Index(fields=["child", "completed_on"], name="sdq_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(score__isnull=False) & Q(reason_not_completed=""))
                | (Q(score__isnull=True) & ~Q(reason_not_completed="")),
                name="sdq_score_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=SDQ_HIGHEST_SCORE), name="sdq_score_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"SDQ on {self.completed_on}"
