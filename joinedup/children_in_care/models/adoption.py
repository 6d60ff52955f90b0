"""Adoption and deprivation of liberty in the care record (SSDA903 PlacedAdoption, AD1 and DoLo; Annex A list 10).

`AdoptionDecision`: the agency decision maker's decision that a looked-after child should be placed for adoption
(SSDA903 DATE_PLACED, which is also AD1 DATE_INT), made inside a period of care; and, when it is reversed, the date
of the decision that the child should no longer be placed for adoption and why (DATE_PLACED_CEASED,
REASON_PLACED_CEASED). One open decision per period at a time.

`AdopterMatch`: the match of the child with their prospective adopters (AD1 DATE_MATCH, FOSTER_CARE, NB_ADOPTR,
SEX_ADOPTR, LS_ADOPTR), one per decision, on or after it.

`DeprivationOfLibertyOrder`: a court order authorising the deprivation of a looked-after child's liberty
(2026-27 DoLo: DOLO_START, DOLO_END), inside a period of care.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from ..codes import AdoptersLegalStatus, AdoptersSex, ReasonPlacedCeased
from .base import CareRecord
from .period import PeriodOfCare


class AdoptionDecision(CareRecord):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="adoption_decisions")
    decided_on = models.DateField(help_text="The agency decision maker's decision that the child should be placed")
    ceased_on = models.DateField(
        null=True, blank=True, help_text="The date of the decision that the child should no longer be placed"
    )
    reason_ceased = models.CharField(max_length=3, choices=ReasonPlacedCeased.choices, blank=True)

    class Meta:
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["child", "decided_on"], name="adoption_decision_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | Q(ceased_on__gte=F("decided_on")),
                name="adoption_decision_ceased_after_decided",
            ),
            models.CheckConstraint(
                condition=(Q(ceased_on__isnull=True) & Q(reason_ceased=""))
                | (Q(ceased_on__isnull=False) & ~Q(reason_ceased="")),
                name="adoption_decision_ceased_with_a_reason",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(ceased_on__isnull=True), name="one_open_adoption_decision_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Should be placed for adoption from {self.decided_on}"

    @property
    def is_open(self) -> bool:
        return self.ceased_on is None


class AdopterMatch(CareRecord):
    decision = models.OneToOneField(AdoptionDecision, on_delete=models.PROTECT, related_name="match")
    matched_on = models.DateField(help_text="SSDA903 DATE_MATCH")
    adopters_are_foster_carers = models.BooleanField(help_text="SSDA903 FOSTER_CARE")
    number_of_adopters = models.PositiveSmallIntegerField(help_text="SSDA903 NB_ADOPTR")
    adopters_sex = models.CharField(max_length=2, choices=AdoptersSex.choices, help_text="SSDA903 SEX_ADOPTR")
    adopters_legal_status = models.CharField(
        max_length=3, choices=AdoptersLegalStatus.choices, help_text="SSDA903 LS_ADOPTR"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(number_of_adopters__in=[1, 2]), name="adopter_match_one_or_two_adopters")
        ]

    def __str__(self) -> str:
        return f"Matched with adopters on {self.matched_on}"


class DeprivationOfLibertyOrder(CareRecord):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="deprivation_of_liberty_orders")
    started_on = models.DateField(help_text="SSDA903 DOLO_START")
    ended_on = models.DateField(null=True, blank=True, help_text="SSDA903 DOLO_END")

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["child", "started_on"], name="dolo_child_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="dolo_ends_after_start"
            ),
            models.UniqueConstraint(fields=["child"], condition=Q(ended_on__isnull=True), name="one_open_dolo"),
        ]

    def __str__(self) -> str:
        return f"Deprivation of liberty order from {self.started_on}"
