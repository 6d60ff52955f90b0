"""Education of looked-after children: personal education plans with the virtual school, school changes, and
each school's term dates (PEPs are reviewed termly; terms are data per school, never guessed)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from joinedup.core.models import TimeStampedModel

from ..codes import PersonalEducationPlanKind
from .base import CareRecord
from .period import PeriodOfCare


class PersonalEducationPlan(CareRecord):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="personal_education_plans")
    kind = models.CharField(max_length=10, choices=PersonalEducationPlanKind.choices)
    held_on = models.DateField()
    school = models.ForeignKey(
        "agencies.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    designated_teacher = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    virtual_school_contact = models.CharField(max_length=200, blank=True)
    targets = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["child", "held_on"], name="pep_child_held_idx")]

    def __str__(self) -> str:
        return f"PEP {self.kind} on {self.held_on}"


class SchoolChange(CareRecord):
    school = models.ForeignKey("agencies.Organisation", on_delete=models.PROTECT, related_name="+")
    previous_school = models.ForeignKey(
        "agencies.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_on = models.DateField()
    reason = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["changed_on", "id"]
        indexes = [models.Index(fields=["child", "changed_on"], name="school_change_child_idx")]

    def __str__(self) -> str:
        return f"School change on {self.changed_on}"


class SchoolTerm(TimeStampedModel):
    school = models.ForeignKey("agencies.Organisation", on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=60)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["school_id", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="term_ends_after_it_starts"),
            models.UniqueConstraint(fields=["school", "starts_on"], name="one_term_per_school_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on:%Y}"
