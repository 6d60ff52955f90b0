"""Reads of the episode of need: the child's open episode and an episode's transitions."""

from __future__ import annotations

from django.db.models import QuerySet

from joinedup.people.models import Person

from .models import CaseEpisode, EpisodeTransition


def open_episode_for(child: Person | int, *, lock: bool = False) -> CaseEpisode | None:
    """The child's open episode of need, if any (there is at most one). With `lock`, the row is locked for the
    caller's transaction."""
    child_id = child if isinstance(child, int) else child.pk
    qs = CaseEpisode.objects.filter(child_id=child_id, closed_on__isnull=True)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def episode_transitions(episode: CaseEpisode) -> QuerySet[EpisodeTransition]:
    """The episode's moves, oldest first."""
    return EpisodeTransition.objects.filter(episode=episode).order_by("happened_on", "id")
