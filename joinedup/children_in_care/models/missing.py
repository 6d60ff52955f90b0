"""Missing and away-from-placement episodes, and the return home interview after each (M22, SSDA903 Missing)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from ..codes import MissingKind
from .base import CareRecord
from .period import Placement


class MissingEpisode(CareRecord):
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the child returned or was found")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="missing_episodes"
    )

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["child", "started_at"], name="missing_child_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="missing_episode_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_at__isnull=True), name="one_open_missing_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_at:%Y-%m-%d %H:%M}"


class ReturnHomeInterview(CareRecord):
    """The interview offered after the child returned: offered (within 72 hours), accepted or not, its outcome."""

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="return_home_interview")
    offered_at = models.DateTimeField()
    accepted = models.BooleanField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    carried_out_by = models.CharField(max_length=200, blank=True)
    outcome = models.TextField(max_length=5000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(accepted=True), name="interview_held_only_when_accepted"
            )
        ]

    def __str__(self) -> str:
        return f"Return home interview for episode {self.episode_id}"
