"""The care history's longer tables as the rows the official govukTable macro takes, built in Python.

A child ten years in care has dozens of placements, reviews, visits and missing episodes, and this page is read all
day. Building each cell in Jinja (attribute lookups, filters, a dict literal a cell) cost as much as the macro that
renders it; here it costs a fraction. The markup is still the macro's; only the cells' contents are made here, with
the same words the template used. Text cells are escaped by the macro; the few HTML cells are escaped here.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from markupsafe import Markup

from joinedup.ui.govuk import uk_date, uk_datetime

from .models import LookedAfterReview, MissingEpisode, Placement, StatutoryVisit

if TYPE_CHECKING:
    from .selectors import CareHistory

MISSING_SHOWN = 20
Cell = dict[str, Any]
Row = list[Cell]


@cache
def _labels(model: type[Any], field: str) -> dict[str, str]:
    return {str(value): str(label) for value, label in model._meta.get_field(field).flatchoices}


def _dates(started_on: Any, ended_on: Any) -> str:
    return f"{uk_date(started_on)} to {uk_date(ended_on) if ended_on else 'now'}"


def placement_rows(placements: list[Placement]) -> list[Row]:
    types, reasons = _labels(Placement, "placement_type"), _labels(Placement, "reason_for_change")
    rows: list[Row] = []
    for pl in placements:
        where = [
            pl.carer.full_name if pl.carer else "",
            pl.setting_name,
            pl.postcode,
            "" if pl.is_in_authority is None else ("in the area" if pl.is_in_authority else "out of the area"),
        ]
        rows.append(
            [
                {"text": f"{pl.placement_type}: {types.get(pl.placement_type, pl.placement_type)}"},
                {"text": ", ".join(part for part in where if part) or "Not recorded"},
                {"text": _dates(pl.started_on, pl.ended_on)},
                {"text": reasons.get(pl.reason_for_change, pl.reason_for_change) if pl.reason_for_change else ""},
            ]
        )
    return rows


def review_rows(reviews: list[LookedAfterReview]) -> list[Row]:
    """Latest first."""
    participation = _labels(LookedAfterReview, "participation")
    plans = _labels(LookedAfterReview, "permanence_plan")
    rows: list[Row] = []
    for r in reversed(reviews):
        decisions = list(r.decisions.all())
        listed = (
            Markup('<ul class="govuk-list govuk-list--bullet govuk-body-s">{}</ul>').format(
                Markup("").join(Markup("<li>{}</li>").format(d.decision) for d in decisions)
            )
            if decisions
            else Markup("")
        )
        rows.append(
            [
                {"text": r.number},
                {"text": uk_date(r.held_on)},
                {"text": r.chair.full_name},
                {"text": r.participation, "attributes": {"title": participation.get(r.participation, "")}},
                {"text": plans.get(r.permanence_plan, r.permanence_plan) if r.permanence_plan else ""},
                {"html": listed},
            ]
        )
    return rows


def visit_rows(visits: list[StatutoryVisit]) -> list[Row]:
    """As read: latest first."""
    rows: list[Row] = []
    for v in visits:
        seen = ("Seen alone" if v.child_seen_alone else "Seen, not alone") if v.child_seen else "Not seen"
        rows.append(
            [
                {"text": uk_date(v.visited_on)},
                {"text": v.placement.placement_type},
                {"text": seen},
                {"text": v.visited_by.full_name if v.visited_by else ""},
            ]
        )
    return rows


def missing_rows(
    episodes: list[MissingEpisode], *, child_id: int, can_record_return: bool, can_record_interview: bool
) -> list[Row]:
    """As read: latest first."""
    kinds = _labels(MissingEpisode, "kind")
    rows: list[Row] = []
    for e in episodes:
        interview = _interview(e)
        started = uk_datetime(e.started_at)
        action = Markup("")
        if e.ended_at is None and can_record_return:
            action = Markup(
                '<a class="govuk-link" href="{}">Record the return<span class="govuk-visually-hidden"> from the '
                "episode starting {}</span></a>"
            ).format(reverse("children_in_care:missing_episode_end", args=[child_id, e.pk]), started)
        elif e.ended_at and interview is None and can_record_interview:
            action = Markup(
                '<a class="govuk-link" href="{}">Record the interview<span class="govuk-visually-hidden"> after the '
                "episode starting {}</span></a>"
            ).format(reverse("children_in_care:return_home_interview_record", args=[child_id, e.pk]), started)
        if interview is None:
            offered = "Not recorded"
        else:
            answer = ", accepted" if interview.accepted else (", declined" if interview.accepted is False else "")
            offered = f"Offered {uk_date(interview.offered_at)}{answer}"
        rows.append(
            [
                {"text": kinds.get(e.kind, e.kind)},
                {"text": started},
                {"text": uk_datetime(e.ended_at) if e.ended_at else "Still missing"},
                {"text": offered},
                {"html": action},
            ]
        )
    return rows


def _interview(episode: MissingEpisode) -> Any:
    try:
        return episode.return_home_interview  # read with the episode (select_related): no query
    except ObjectDoesNotExist:
        return None


def care_history_rows(history: CareHistory) -> dict[str, Any]:
    """The rows of the tables this reader may see: placements by period, reviews, visits, missing episodes."""
    rows: dict[str, Any] = {}
    if history.can["record"]:
        rows["placements"] = {p.pk: placement_rows(list(p.placements.all())) for p in history.periods}
        rows["reviews"] = review_rows(history.reviews)
        rows["visits"] = visit_rows(history.visits)
    if history.can["missing"]:
        rows["missing"] = missing_rows(
            history.missing_episodes[:MISSING_SHOWN],
            child_id=history.child.pk,
            can_record_return=history.can["record_missing"],
            can_record_interview=history.can["record_return_home_interview"],
        )
    return rows
