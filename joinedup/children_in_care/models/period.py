"""Periods of care, legal statuses, placements and the SSDA903 episodes made from them (M21).

A period of care runs from the day a child starts to be looked after to the day they cease to be. Within it the
child has a legal status and a placement at every moment; each change of either starts a new SSDA903 episode
(`CareEpisode`), which the services write, never a person, so the Episodes table of the return is always
consistent with the legal statuses and placements practitioners record.

Dates are half-open: a placement that ends on the day the next starts does not overlap it ([started_on,
ended_on)). On PostgreSQL, exclusion constraints (migration 0002) also refuse overlapping periods and placements
for one child; on both databases, one open period, legal status, placement and episode per child.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from ..codes import (
    CategoryOfNeed,
    LegalStatusCode,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlacementChange,
    VisitingPattern,
)
from .base import CareRecord


def _ends_after_start(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name=f"{name}_ends_after_start"
    )


def _one_open(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["child"], condition=Q(ended_on__isnull=True), name=f"one_open_{name}")


class PeriodOfCare(CareRecord):
    """From starting to be looked after (SSDA903 RNE "S") to ceasing to be (an REC other than X1)."""

    started_on = models.DateField(help_text="The date the child started to be looked after")
    ended_on = models.DateField(null=True, blank=True, help_text="The date the child ceased to be looked after")
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    category_of_need = models.CharField(max_length=2, choices=CategoryOfNeed.choices)
    is_unaccompanied_asylum_seeking = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    unaccompanied_asylum_seeking_ceased_on = models.DateField(
        null=True, blank=True, help_text="The date UASC status ceased (SSDA903 DUC)"
    )
    home_postcode = models.CharField(
        max_length=8, blank=True, help_text="The child's home postcode when they started to be looked after"
    )

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["child", "started_on"], name="period_child_start_idx")]
        constraints = [
            _ends_after_start("period"),
            _one_open("period_of_care"),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(reason_ceased=""))
                | (Q(ended_on__isnull=False) & ~Q(reason_ceased="") & ~Q(reason_ceased=ReasonEpisodeCeased.X1)),
                name="period_ended_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Period of care {self.pk} of child {self.child_id} from {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class LegalStatus(CareRecord):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="legal_statuses")
    code = models.CharField(max_length=2, choices=LegalStatusCode.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name_plural = "legal statuses"
        indexes = [models.Index(fields=["child", "started_on"], name="legal_status_child_start_idx")]
        constraints = [_ends_after_start("legal_status"), _one_open("legal_status")]

    def __str__(self) -> str:
        return f"{self.code} from {self.started_on}"


class Placement(CareRecord):
    """Where and with whom the child lives while looked after (SSDA903 PLACE, PLACE_PROVIDER, PL_POST, URN).

    The care-plan rule (CPPCR reg. 4, M21) is held here: no placement without the care plan in force, or the date
    by which it is due, on or after the placement's start (the service also checks that date is inside the
    `care_plan` timescale, which the database cannot count)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="placements")
    placement_type = models.CharField(max_length=3, choices=PlacementType.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason_for_change = models.CharField(
        max_length=6,
        choices=ReasonPlacementChange.choices,
        blank=True,
        help_text="Why the placement ended while the child stayed looked after",
    )
    carer = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements_as_carer",
        help_text="The foster carer, kinship carer or parent the child lives with",
    )
    carer_practitioner = models.ForeignKey(
        "agencies.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_placements",
        help_text="The foster carer or residential key worker, when they use JoinedUp",
    )
    setting_name = models.CharField(
        max_length=200, blank=True, help_text="The children's home, fostering agency or other setting"
    )
    urn = models.CharField("URN", max_length=8, blank=True, help_text="Ofsted unique reference number")
    postcode = models.CharField(max_length=8, blank=True)
    is_in_authority = models.BooleanField(
        null=True, blank=True, help_text="Inside the authority's boundary (SSDA903 PL_LOCATION)"
    )
    distance_miles = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, help_text="From the child's home (SSDA903 PL_DISTANCE)"
    )
    visiting_pattern = models.CharField(max_length=20, choices=VisitingPattern.choices)
    is_intended_until_eighteen = models.BooleanField(
        default=False, help_text="Intended to last until the child is 18 (CPPCR reg. 28(2)(c)(i))"
    )
    is_emergency = models.BooleanField(default=False)
    care_plan = models.ForeignKey(
        "children_in_care.CarePlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        help_text="The care plan in force when the placement was recorded",
    )
    care_plan_due_on = models.DateField(
        null=True, blank=True, help_text="With no care plan yet: the date by which it is due (inside the timescale)"
    )

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["child", "started_on"], name="placement_child_start_idx")]
        constraints = [
            _ends_after_start("placement"),
            _one_open("placement"),
            models.CheckConstraint(
                condition=Q(care_plan__isnull=False)
                | (Q(care_plan_due_on__isnull=False) & Q(care_plan_due_on__gte=F("started_on"))),
                name="placement_has_care_plan_or_its_due_date",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=False) | Q(reason_for_change=""),
                name="placement_change_reason_only_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_type} from {self.started_on}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class CareEpisode(CareRecord):
    """One row of the SSDA903 Episodes table: a stretch of a period of care with one legal status and one
    placement. Written only by the services that record legal statuses and placements."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="episodes")
    started_on = models.DateField(help_text="SSDA903 DECOM")
    ended_on = models.DateField(null=True, blank=True, help_text="SSDA903 DEC")
    reason_new_episode = models.CharField(max_length=1, choices=ReasonNewEpisode.choices)
    legal_status = models.ForeignKey(LegalStatus, on_delete=models.PROTECT, related_name="episodes")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="episodes")
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["child", "started_on"], name="episode_child_start_idx")]
        constraints = [
            _ends_after_start("episode"),
            _one_open("episode"),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(reason_ceased=""))
                | (Q(ended_on__isnull=False) & ~Q(reason_ceased="")),
                name="episode_ended_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Episode {self.pk}: {self.reason_new_episode} from {self.started_on}"
