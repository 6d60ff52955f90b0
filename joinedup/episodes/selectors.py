"""Reads of the episode of need: the child's open episode and an episode's transitions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Exists, QuerySet

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


def episode_started_between(child: Person | int, start: date, end: date) -> bool:
    """Whether an episode of need of the child's began (was referred) between `start` and `end`, inclusive: a
    referral in the record, or one in history brought in from another system (ADR 0028), which has the episode but
    not the contact and referral the front door records."""
    child_id = child if isinstance(child, int) else child.pk
    return CaseEpisode.objects.filter(child_id=child_id, started_on__gte=start, started_on__lte=end).exists()


def episode_transitions(episode: CaseEpisode) -> QuerySet[EpisodeTransition]:
    """The episode's moves, oldest first."""
    return EpisodeTransition.objects.filter(episode=episode).order_by("happened_on", "id")


# -- Open work in an episode --------------------------------------------------------------------------------------
# An episode closes only when no work in it is open. Each app whose work sits in an episode (a Family Help case, an
# assessment in progress) says how to find its open work here, from its AppConfig.ready(): the episode app never
# imports the apps above it, and an app closing an episode need not know the others (issue 16).
OpenWork = Callable[[int], QuerySet[Any]]
_OPEN_WORK: dict[str, OpenWork] = {}


def register_open_work(kind: str, rows: OpenWork) -> None:
    """`rows(episode_id)` is a queryset of the app's open work in that episode. Registering a kind again replaces
    it (tests may)."""
    _OPEN_WORK[kind] = rows


def episode_open_work(episode: CaseEpisode | int) -> list[str]:
    """The kinds of work still open in the episode, asked in one query."""
    episode_id = episode if isinstance(episode, int) else episode.pk
    checks = {f"open_work_{n}": Exists(rows(episode_id)) for n, rows in enumerate(_OPEN_WORK.values())}
    if not checks:
        return []
    found = CaseEpisode.objects.filter(pk=episode_id).annotate(**checks).values(*checks).first() or {}
    return [kind for kind, check in zip(_OPEN_WORK, checks, strict=True) if found.get(check)]
