"""The child's episode of need (the CIN census's CIN details).

CaseEpisode was front_door's model until ADR 0017; its table keeps its name (`front_door_caseepisode`), so nothing
in the database moved, only Django's idea of which app owns it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel

from .codes import ClosureReason, EpisodeTier, ReferralSource


class CaseEpisode(TimeStampedModel):
    """The child's episode of need, from referral to closure: the CIN census's CIN details. Assessments, the
    Family Help plan, strategy discussions, section 47 enquiries, conferences and the child protection plan sit
    within it; step-up and step-down change its tier, not the episode (M1)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_episodes")
    started_on = models.DateField(help_text="The referral date (CINreferralDate)")
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)
    tier = models.CharField(max_length=20, choices=EpisodeTier.choices)
    primary_need_code = models.CharField(max_length=2, blank=True, help_text="CIN census N0-N9, set at assessment")
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)

    class Meta:
        db_table = "front_door_caseepisode"
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["child", "started_on"], name="episode_child_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(closed_on__isnull=True), name="one_open_episode_per_child"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("started_on")),
                name="episode_closes_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closure_reason=""), name="closed_episode_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Episode of need {self.pk} for child {self.child_id}"
