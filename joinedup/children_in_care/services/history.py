"""The history path for children in care (ADR 0028): periods of care, their legal statuses, placements and
SSDA903 episodes, looked-after reviews and missing episodes another system recorded, written as they happened.
The live services refuse a back-dated record and start the statutory clocks; history needs neither. No permission
is checked (the caller is the imports system actor) and the caller audits every row, last, in its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import models
from django.utils import timezone

from joinedup.agencies.models import Practitioner
from joinedup.people.models import ChildProfile, Person

from ..codes import (
    CONNECTED_PERSON_PLACEMENTS,
    PLACED_WITH_PARENTS,
    URN_PLACEHOLDER,
    PermanencePlan,
    ReasonEpisodeCeased,
    VisitingPattern,
)
from ..models import CareEpisode, LegalStatus, LookedAfterReview, MissingEpisode, PeriodOfCare, Placement

# SSDA903 reasons for a new episode that change the legal status, and those that change the placement.
_NEW_LEGAL_STATUS = frozenset({"S", "L", "T", "U"})
_NEW_PLACEMENT = frozenset({"S", "P", "T", "B", "U"})


@dataclass(frozen=True)
class EpisodeHistory:
    """One SSDA903 Episodes row."""

    started_on: date
    reason_new: str
    legal_status: str
    category_of_need: str
    place: str
    provider: str
    ended_on: date | None
    reason_ceased: str
    reason_place_change: str
    home_postcode: str
    placement_postcode: str
    urn: str


def _visiting_pattern(place: str) -> str:
    if place in PLACED_WITH_PARENTS:
        return VisitingPattern.PLACED_WITH_PARENTS
    if place in CONNECTED_PERSON_PLACEMENTS:
        return VisitingPattern.CONNECTED_PERSON
    return VisitingPattern.STANDARD


def period_of_care_history_record(
    *,
    child: Person,
    episodes: list[EpisodeHistory],
    is_unaccompanied_asylum_seeking: bool = False,
    unaccompanied_asylum_seeking_ceased_on: date | None = None,
) -> tuple[PeriodOfCare, list[models.Model]]:
    """A period of care from its episodes (in order; the first started it, the last ended it or is open): a legal
    status starts with each episode that changed it (RNE S, L, T or U), a placement with each that changed it (S,
    P, T, B or U) and ends, with the reason it changed, when the next one starts. Returns the period and every row
    written for it."""
    first, last = episodes[0], episodes[-1]
    ended = last.ended_on if last.reason_ceased and last.reason_ceased != ReasonEpisodeCeased.X1 else None
    period = PeriodOfCare.objects.create(
        child=child,
        started_on=first.started_on,
        ended_on=ended,
        reason_ceased=last.reason_ceased if ended else "",
        category_of_need=first.category_of_need,
        is_unaccompanied_asylum_seeking=is_unaccompanied_asylum_seeking,
        unaccompanied_asylum_seeking_ceased_on=unaccompanied_asylum_seeking_ceased_on,
        home_postcode=first.home_postcode,
    )
    written: list[models.Model] = []
    status: LegalStatus | None = None
    placement: Placement | None = None
    for i, e in enumerate(episodes):
        later = episodes[i + 1 :]
        if status is None or e.reason_new in _NEW_LEGAL_STATUS:
            status_ends = next((n.started_on for n in later if n.reason_new in _NEW_LEGAL_STATUS), ended)
            status = LegalStatus.objects.create(
                child=child, period=period, code=e.legal_status, started_on=e.started_on, ended_on=status_ends
            )
            written.append(status)
        if placement is None or e.reason_new in _NEW_PLACEMENT:
            following = next((n for n in later if n.reason_new in _NEW_PLACEMENT), None)
            # The placement changed at the end of the episode before the next placement: its reason is on that
            # episode (REASON_PLACE_CHANGE).
            closing = episodes[episodes.index(following) - 1] if following is not None else None
            placement = Placement.objects.create(
                child=child,
                period=period,
                placement_type=e.place,
                provider=e.provider,
                started_on=e.started_on,
                ended_on=following.started_on if following is not None else ended,
                reason_for_change=(closing.reason_place_change if closing is not None else ""),
                urn=e.urn if e.urn != URN_PLACEHOLDER else "",
                postcode=e.placement_postcode,
                visiting_pattern=_visiting_pattern(e.place),
                care_plan_due_on=e.started_on,
            )
            written.append(placement)
        written.append(
            CareEpisode.objects.create(
                child=child,
                period=period,
                started_on=e.started_on,
                ended_on=e.ended_on,
                reason_new_episode=e.reason_new,
                legal_status=status,
                placement=placement,
                reason_ceased=e.reason_ceased,
            )
        )
    if ended is None:
        ChildProfile.objects.filter(person=child).update(is_looked_after=True, updated_at=timezone.now())
    return period, written


def looked_after_review_history_record(
    *, period: PeriodOfCare, held_on: date, participation: str, chair: Practitioner
) -> LookedAfterReview:
    """A looked-after review held in the period, numbered after the reviews the period already has. The SSDA903
    return does not carry the permanence plan the second review confirms: it is recorded as "other"."""
    number = LookedAfterReview.objects.filter(period=period).count() + 1
    return LookedAfterReview.objects.create(
        child_id=period.child_id,
        period=period,
        held_on=held_on,
        number=number,
        chair=chair,
        participation=participation,
        permanence_plan=PermanencePlan.OTHER if number == 2 else "",
    )


def _at_midday(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def missing_episode_history_record(*, child: Person, kind: str, started_on: date, ended_on: date | None) -> Any:
    """A time the child was missing (M) or away without authorisation (A), by day (the SSDA903 return holds no
    times: midday is recorded)."""
    return MissingEpisode.objects.create(
        child=child,
        kind=kind,
        started_at=_at_midday(started_on),
        ended_at=_at_midday(ended_on) if ended_on else None,
    )
