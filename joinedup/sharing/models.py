"""What partners share into a child's record (police and health events for the chronology) and professional
challenge and escalation (M27): a disagreement about a decision, its escalation levels with dates, its resolution.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.core.chronology import AGENCY_CHOICES, EVENT_TYPE_CHOICES
from joinedup.core.models import TimeStampedModel


class SharedEvent(TimeStampedModel):
    """An event a partner agency shares with the local authority for the child's chronology (a police call-out, a
    health visitor's visit, an attendance at the emergency department). Seen by the local authority workers who
    may see the child, by the sharer's own organisation, and, when `shared_with_partners`, by every partner
    working with the child."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    agency = models.CharField(max_length=30, choices=AGENCY_CHOICES)
    event_type = models.CharField(max_length=30, choices=EVENT_TYPE_CHOICES)
    title = models.CharField(max_length=200)
    detail = models.TextField(max_length=5000)
    organisation = models.ForeignKey("agencies.Organisation", on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_by_name = models.CharField(max_length=200)
    shared_with_partners = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["child", "occurred_on"], name="shared_event_child_idx")]


class EscalationLevel(models.IntegerChoices):
    """The partnership's escalation protocol: each level a step up when the one below has not resolved it."""

    PRACTITIONERS = 1, "Level 1: practitioner to practitioner"
    MANAGERS = 2, "Level 2: manager to manager"
    SENIOR_MANAGERS = 3, "Level 3: senior managers"
    PARTNERSHIP = 4, "Level 4: the safeguarding partnership"


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class ProfessionalChallenge(TimeStampedModel):
    """A practitioner's disagreement about a decision on a child's case, tracked through the levels to resolution."""

    reference = models.CharField(max_length=12, unique=True)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=300, help_text="The decision disagreed with")
    disagreement = models.TextField(max_length=5000, help_text="Why, and what the child needs")
    outcome_sought = models.TextField(max_length=2000, blank=True)
    raised_on = models.DateField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_name = models.CharField(max_length=200)
    organisation = models.ForeignKey("agencies.Organisation", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices, default=EscalationLevel.PRACTITIONERS)
    respond_by = models.DateField(help_text="When this level should have answered")
    status = models.CharField(max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(max_length=5000, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "raised_on"], name="challenge_child_idx"),
            models.Index(fields=["status", "level"], name="challenge_status_idx"),
        ]


class ChallengeStep(TimeStampedModel):
    """One step of a challenge's history: raised, escalated, responded, resolved."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        RESPONSE = "response", "Response"
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"

    challenge = models.ForeignKey(ProfessionalChallenge, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices)
    on = models.DateField()
    note = models.TextField(max_length=5000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["on", "id"]
