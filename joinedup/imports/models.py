"""Each import of history (a CIN census return, an SSDA903 return's CSVs, a people export) and every row it
created, linked back to the file and line it came from (ADR 0028). The domain apps' own tables are untouched: an
imported record is one that has an ImportedRecord row pointing at it (a matched person has one too)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from joinedup.core.models import TimeStampedModel


class ImportKind(models.TextChoices):
    CIN = "cin", "Children in need census (XML)"
    SSDA903 = "ssda903", "Children looked after return (SSDA903 CSV files)"
    PEOPLE = "people", "People and relationships (CSV)"


class ImportRun(TimeStampedModel):
    """One import that wrote something. A dry run, a rejected file or a run that found nothing new writes no run."""

    kind = models.CharField(max_length=8, choices=ImportKind.choices)
    source_name = models.CharField(max_length=300, help_text="The file or folder brought in (its name only)")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person who ran it; the work is the imports system actor's (ADR 0018)",
    )
    collection_year = models.PositiveSmallIntegerField(null=True, blank=True)
    created = models.JSONField(default=dict, help_text="How many rows of each kind it created")
    children = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk}"


class ImportedRecord(models.Model):
    """A row the import created (or, for a person, matched: so the next import finds them by the source's id), by
    content type and id, with the source file and line it came from and the key that names it in that source (what
    makes a second import of the same file change nothing)."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    source_file = models.CharField(max_length=300)
    line = models.PositiveIntegerField(null=True, blank=True)
    source_key = models.CharField(max_length=200, help_text="e.g. cin:child:ABC123, ssda903:episode:ABC123:2025-04-01")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="imported_record_once"),
            models.UniqueConstraint(fields=["source_key"], name="imported_source_key_once"),
        ]
        indexes = [models.Index(fields=["content_type", "source_key"], name="imported_record_key_idx")]

    def __str__(self) -> str:
        return f"{self.source_key} from {self.source_file}:{self.line or '-'}"
