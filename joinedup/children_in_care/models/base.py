"""What every record of a child's care shares: the child it is about, who recorded it and when."""

from __future__ import annotations

from django.db import models

from joinedup.core.models import TimeStampedModel


class CareRecord(TimeStampedModel):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
