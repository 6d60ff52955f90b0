"""Each time a statutory return is produced: what was produced, the validation step's result, and every
failure by child and rule (the return is produced whatever the failures; they are listed, never dropped)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.core.models import TimeStampedModel


class ReturnKind(models.TextChoices):
    CIN = "cin", "Children in need census"
    SSDA903 = "ssda903", "Children looked after return (SSDA903)"


class ReturnRun(TimeStampedModel):
    kind = models.CharField(max_length=8, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField(help_text="The collection year ends on 31 March of this year")
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    children = models.PositiveIntegerField(default=0, help_text="Children in the return")
    error_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    rules_run = models.PositiveIntegerField(default=0)
    rules_not_run = models.JSONField(default=list, blank=True, help_text="Rules that could not run on this data")
    checked_by = models.JSONField(
        default=list, blank=True, help_text="The implementations of the rules that ran, with versions and rule sets"
    )
    missing_modules = models.JSONField(default=list, blank=True, help_text="Modules left out: their app is absent")
    written_to = models.CharField(max_length=500, blank=True, help_text="Where the command wrote the files")
    content = models.BinaryField(blank=True, help_text="The return as produced (zip of files, compressed)")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.pk})"

    @property
    def file_name(self) -> str:
        return f"{self.kind}-{self.year}-{self.pk}.zip"


class ReturnRunChild(models.Model):
    """A child whose record the run carries: who may download the run is decided from these (only someone who may
    see every one of them, issue 26), and each download is in each one's access log."""

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="child_rows")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "child"], name="return_run_child_once")]

    def __str__(self) -> str:
        return f"Child {self.child_id} in return run {self.run_id}"


class ReturnFailure(models.Model):
    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="failures")
    rule = models.CharField(max_length=20, help_text="The DfE rule code")
    message = models.CharField(max_length=500)
    severity = models.CharField(max_length=8, choices=[("error", "Error"), ("query", "Query")])
    table = models.CharField(max_length=40, blank=True, help_text="SSDA903 table or CIN census module")
    la_child_id = models.CharField(max_length=20, blank=True, help_text="The child ID in the return")
    child = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=60, blank=True, help_text="Which implementation of the rule raised it")
    fields = models.JSONField(default=list, blank=True, help_text="The fields flagged, with their values")

    class Meta:
        ordering = ["la_child_id", "rule", "id"]
        indexes = [
            models.Index(fields=["run", "child"], name="return_failure_run_child_idx"),
            models.Index(fields=["run", "rule"], name="return_failure_run_rule_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for child {self.la_child_id}"
