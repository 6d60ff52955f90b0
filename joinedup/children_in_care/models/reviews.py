"""Looked-after reviews chaired by the independent reviewing officer (CPPCR regs. 32-38, M22)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from joinedup.core.voice import ChildVoiceFields

from ..codes import ParticipationCode, PermanencePlan
from .base import CareRecord
from .period import PeriodOfCare


class LookedAfterReview(ChildVoiceFields, CareRecord):
    """A looked-after review, with the child's wishes and feelings in their own words or why they could not be
    obtained (M26)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    number = models.PositiveSmallIntegerField(help_text="1 for the first review of the period of care, and so on")
    chair = models.ForeignKey(
        "agencies.Practitioner",
        on_delete=models.PROTECT,
        related_name="reviews_chaired",
        help_text="The independent reviewing officer who chaired the review",
    )
    participation = models.CharField(max_length=3, choices=ParticipationCode.choices)
    permanence_plan = models.CharField(
        max_length=24,
        choices=PermanencePlan.choices,
        blank=True,
        help_text="The permanence plan the review confirmed (required at the second review)",
    )

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["child", "held_on"], name="review_child_held_idx")]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="one_review_per_number_in_a_period"),
            models.CheckConstraint(condition=Q(number__gte=1), name="review_number_from_one"),
            models.CheckConstraint(
                condition=~Q(number=2) | ~Q(permanence_plan=""), name="second_review_confirms_permanence_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.number} held {self.held_on}"


class ReviewDecision(models.Model):
    review = models.ForeignKey(LookedAfterReview, on_delete=models.PROTECT, related_name="decisions")
    decision = models.TextField(max_length=1000)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["review_id", "position", "id"]

    def __str__(self) -> str:
        return f"Decision {self.position} of review {self.review_id}"
