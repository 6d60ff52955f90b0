"""The child's episode of need (the CIN census's CIN details) and the transitions that move it: opened, stepped up,
stepped down, closed. episodes/services.py is the only code that writes either (ADR 0019).

CaseEpisode was front_door's model until ADR 0019; its table keeps its name (`front_door_caseepisode`), so nothing
in the database moved, only Django's idea of which app owns it."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from joinedup.core.models import TimeStampedModel

from .codes import ClosureReason, EpisodeTier, ReferralSource, TransitionKind, TransitionReason


class CaseEpisode(TimeStampedModel):
    """The child's episode of need, from referral to closure: the CIN census's CIN details. Assessments, the
    Family Help plan, strategy discussions, section 47 enquiries, conferences and the child protection plan sit
    within it; step-up and step-down change its tier, not the episode (M1). Every change of its tier or closure is
    an EpisodeTransition, written by episodes/services.py."""

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


class TransitionIsImmutable(Exception):
    """A transition row, once written, is history: it is never changed or deleted."""


def _refuse(what: str) -> NoReturn:
    raise TransitionIsImmutable(f"An episode transition cannot be {what}: it is the episode's history")


class EpisodeTransitionQuerySet(models.QuerySet["EpisodeTransition"]):
    def update(self, **kwargs: Any) -> int:
        _refuse("updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("deleted")


class EpisodeTransition(models.Model):
    """One move of an episode of need: opened into a tier, stepped up or down between tiers, or closed; when, why
    (a code and the words), by whom, and as which decision (the public service the user called, so a move made by
    a nested step says whose decision it was). Append-only."""

    episode = models.ForeignKey(CaseEpisode, on_delete=models.PROTECT, related_name="transitions")
    kind = models.CharField(max_length=12, choices=TransitionKind.choices)
    from_tier = models.CharField(
        max_length=20, choices=EpisodeTier.choices, blank=True, help_text="Empty when the episode opens"
    )
    to_tier = models.CharField(
        max_length=20, choices=EpisodeTier.choices, blank=True, help_text="Empty when the episode closes"
    )
    happened_on = models.DateField()
    reason = models.CharField(max_length=30, choices=TransitionReason.choices)
    reason_text = models.TextField(blank=True)
    closure_reason = models.CharField(
        max_length=3, choices=ClosureReason.choices, blank=True, help_text="CIN census reason, when it closes"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The user whose decision it was; empty only for history written in bulk",
    )
    decided_as = models.CharField(
        max_length=80, help_text="The decision it ran as: the public service called, e.g. app.service_name"
    )
    source_type = models.CharField(max_length=80, blank=True, help_text="The record of that decision (app.model)")
    source_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EpisodeTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["episode", "happened_on"], name="episode_transition_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(decided_as=""), name="episode_transition_decided_as"),
            models.CheckConstraint(
                condition=(
                    Q(kind=TransitionKind.OPENED, from_tier="", closure_reason="") & ~Q(to_tier="")
                    | Q(kind=TransitionKind.CLOSED, to_tier="") & ~Q(from_tier="") & ~Q(closure_reason="")
                    | Q(kind__in=[TransitionKind.STEPPED_UP, TransitionKind.STEPPED_DOWN], closure_reason="")
                    & ~Q(from_tier="")
                    & ~Q(to_tier="")
                    & ~Q(from_tier=F("to_tier"))
                ),
                name="episode_transition_shape",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} episode {self.episode_id} on {self.happened_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("changed")
        # Always an INSERT: a new object given an existing row's id fails rather than overwriting that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse("deleted")
