"""The safeguarding partnership's own records (issue 22, ADR 0030): actions on inequalities found in the
disproportionality figures (M33), the independent scrutiny findings with the partnership's response, and the yearly
report (M31) with its narrative, frozen when published. None of them is a child's record: they hold figures and
words about the partnership's work, never a child."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.core.models import TimeStampedModel


class InequalityActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class InequalityAction(TimeStampedModel):
    """A disproportionality finding the partnership acts on: the figures as they stood when it was recorded (a
    snapshot: the stage, the group, its rate and relative rate index with the 95% interval, against which reference
    group, in which period), the action agreed, who owns it (in any agency) and when it is looked at again."""

    characteristic = models.CharField(max_length=30, help_text="insight/population.toml's key: ethnicity, sex, ...")
    characteristic_label = models.CharField(max_length=100)
    stage = models.CharField(max_length=40, help_text="insight.selectors.stages()'s key: referral, ...")
    stage_label = models.CharField(max_length=100)
    group = models.CharField(max_length=100)
    reference = models.CharField(max_length=100, help_text="The group the index compares with")
    period_key = models.CharField(max_length=10)
    period_label = models.CharField(max_length=100)
    team = models.ForeignKey("agencies.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The snapshot: the figures on the day the finding was recorded.
    children = models.PositiveIntegerField(null=True, blank=True)
    rate = models.FloatField(null=True, blank=True, help_text="Per 10,000 children of the group")
    index = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    finding = models.TextField(max_length=5000, help_text="What the partnership found, in its words")
    action = models.TextField(max_length=5000, help_text="The action agreed")
    owner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    look_again_on = models.DateField(help_text="When the figures are looked at again")
    status = models.CharField(
        max_length=10, choices=InequalityActionStatus.choices, default=InequalityActionStatus.OPEN
    )
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["look_again_on", "id"]
        indexes = [models.Index(fields=["status", "look_again_on"], name="partnership_ineq_due_idx")]

    def __str__(self) -> str:
        return f"InequalityAction {self.pk}"


class InequalityReview(TimeStampedModel):
    """A look again at an action on inequalities: the figures that day (the same selector, the same choices), what
    the partnership made of them, and either the next look-again date or the action closed."""

    action = models.ForeignKey(InequalityAction, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    children = models.PositiveIntegerField(null=True, blank=True)
    rate = models.FloatField(null=True, blank=True)
    index = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    note = models.TextField(max_length=5000)
    next_look_again_on = models.DateField(null=True, blank=True, help_text="Empty when the action was closed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"InequalityReview {self.pk}"


class ScrutinyFinding(TimeStampedModel):
    """A finding of the partnership's independent scrutiny (the independent scrutineer's review of the
    arrangements), with the partnership's response; reported in the yearly report of the year it was made in."""

    found_on = models.DateField()
    scrutineer = models.CharField(max_length=200, help_text="Who made the finding: the independent scrutineer")
    finding = models.TextField(max_length=5000)
    response = models.TextField(max_length=5000, blank=True, help_text="The partnership's response")
    responded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-found_on", "-id"]

    def __str__(self) -> str:
        return f"ScrutinyFinding {self.pk}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class YearlyReport(TimeStampedModel):
    """The partners' yearly report for the year ending 31 March `year`: the figures are read from the record each
    time it is shown until it is published; the lead's narrative under each heading; once published, the whole
    report as it stood (`published_html`) is frozen and shown, and written to PDF, from then on."""

    year = models.PositiveSmallIntegerField(unique=True)
    narrative = models.JSONField(default=dict, blank=True, help_text="Section key -> the lead's narrative")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_html = models.TextField(blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"YearlyReport {self.year}"
