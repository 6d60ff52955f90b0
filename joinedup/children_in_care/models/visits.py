"""Statutory visits to a looked-after child in their placement (CPPCR reg. 28, M22)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .base import CareRecord
from .period import Placement


class StatutoryVisit(CareRecord):
    """A visit to a looked-after child in their placement, as regulation 28 counts it (the placement, and so the
    visiting pattern, of the day): the subject of the next visit's clock. Since issue 18 a visit is recorded once
    (joinedup/visits/) and this row is the children in care app's part of that child's visit (`visit_child`),
    written by children_in_care/visits.py."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="visits")
    visit_child = models.OneToOneField(
        "visits.VisitChild", null=True, blank=True, on_delete=models.CASCADE, related_name="statutory_visit"
    )
    visited_on = models.DateField()
    visited_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    child_seen = models.BooleanField()
    child_seen_alone = models.BooleanField()
    reason_not_seen_alone = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["visited_on", "id"]
        indexes = [models.Index(fields=["child", "visited_on"], name="visit_child_visited_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen_alone=False) | Q(child_seen=True), name="seen_alone_only_when_seen"
            )
        ]

    def __str__(self) -> str:
        return f"Visit {self.pk} on {self.visited_on}"
