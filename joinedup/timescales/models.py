"""Local rule settings, deadlines (one row per statutory clock) and the notifications about them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel

from .engine import DeadlineStatus, deadline_status
from .rules import RULES, Rule


def record_key(record: models.Model) -> str:
    """The subject key of a deadline about a record: 'app_label.model:pk'. Services, pages and the synthetic
    authority all name a record this one way."""
    return f"{record._meta.label_lower}:{record.pk}"


class LocalRuleSetting(models.Model):
    """One change to a local protocol's figure, in force for clocks started on or after `effective_from`.
    Rows are never deleted: the history says which figure applied to any clock. With no row, the default in
    rules.toml applies."""

    rule_code = models.CharField(max_length=60, help_text="A rule code from rules.toml")
    interval = models.CharField(max_length=40)
    period = models.PositiveSmallIntegerField(default=0, help_text="Which period of the interval (0 for the first)")
    figure = models.PositiveIntegerField()
    effective_from = models.DateField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["rule_code", "interval", "period", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "interval", "period", "effective_from"], name="one_local_setting_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule_code}.{self.interval}[{self.period}] = {self.figure} from {self.effective_from}"


class Deadline(TimeStampedModel):
    """A statutory clock: created by the service that records the triggering event, recomputed when that
    event's date is corrected, met when the thing is done. Worklists read these; they never recompute."""

    rule_code = models.CharField(max_length=60, help_text="A rule code from rules.toml")
    interval = models.CharField(max_length=40, help_text="The rule's interval that applies (its headline one usually)")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="deadlines")
    subject_key = models.CharField(
        max_length=120, help_text="What the clock is about: 'app_label.model:id' of the triggering record"
    )
    started_on = models.DateField(help_text="The clock's start date (what it means is the rule's clock start)")
    started_at = models.DateTimeField(null=True, blank=True, help_text="The start instant, for rules in hours")
    due_on = models.DateField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="The due instant, for rules in hours")
    anchored_on = models.DateField(
        null=True,
        blank=True,
        help_text="For an interval counted in weeks of pregnancy: the expected date of delivery it counts back from",
    )
    figure_applied = models.CharField(max_length=80, help_text="The figure used, e.g. '15 working days'")
    is_local = models.BooleanField(default=False, help_text="A local protocol, shown as 'local' wherever it is used")
    met_on = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    assignee = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines"
    )
    team = models.ForeignKey("agencies.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["assignee", "due_on"], condition=Q(met_on__isnull=True), name="deadline_open_assignee_idx"
            ),
            models.Index(fields=["team", "due_on"], condition=Q(met_on__isnull=True), name="deadline_open_team_idx"),
            models.Index(fields=["due_on"], condition=Q(met_on__isnull=True), name="deadline_open_due_idx"),
            models.Index(fields=["child", "due_on"], name="deadline_child_idx"),
            models.Index(fields=["started_on", "rule_code"], name="deadline_started_rule_idx"),
            models.Index(fields=["subject_key"], name="deadline_subject_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "rule_code", "interval", "subject_key"], name="one_deadline_per_rule_and_subject"
            ),
            models.CheckConstraint(
                condition=Q(met_on__isnull=True) | Q(met_on__gte=models.F("started_on")),
                name="deadline_met_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Deadline {self.pk}: {self.rule_code} due {self.due_on}"

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_code]

    def status_on(self, today: date) -> DeadlineStatus:
        return deadline_status(due_on=self.due_on, met_on=self.met_on, today=today)

    def days_until_due(self, today: date) -> int:
        """Calendar days from `today` to the due date (negative when overdue)."""
        return (self.due_on - today).days


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    OVERDUE_IN_TEAM = "overdue_in_team", "Overdue in your team"


class Notification(models.Model):
    """An in-app notice about one deadline for one practitioner (sent once per kind), shown on My work and,
    where the practitioner has an email address, emailed without any child's name."""

    recipient = models.ForeignKey("agencies.Practitioner", on_delete=models.CASCADE, related_name="notifications")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "deadline", "kind"], name="one_notification_per_kind")
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for deadline {self.deadline_id}"
