"""The history path for child protection (ADR 0028): section 47 enquiries, conferences and plans another system
recorded, written as they happened. The live services refuse a back-dated record, start clocks and ask for a
chair's independence; history needs none of that. No clock is started, no permission is checked (the caller is the
imports system actor) and the caller audits every row, last, in its own transaction."""

from __future__ import annotations

from datetime import date

from joinedup.agencies.models import Practitioner
from joinedup.episodes.models import CaseEpisode

from ..codes import (
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    PlanEndReason,
    Section47Outcome,
    StrategyOutcome,
)
from ..models import ChildProtectionPlan, Conference, Section47Enquiry, StrategyDiscussion

HISTORY_NOTE = "Recorded in the authority's previous case system and brought in with its history: {source}."


def section_47_history_record(
    *,
    episode: CaseEpisode,
    started_on: date,
    initial_conference_on: date | None,
    conference_not_required: bool,
    chair: Practitioner,
    source: str,
) -> tuple[StrategyDiscussion, Section47Enquiry, Conference | None]:
    """The strategy discussion that started the enquiry (held on the day it started: the census's
    S47ActualStartDate), the enquiry, and the initial conference it led to when one was held."""
    note = HISTORY_NOTE.format(source=source)
    discussion = StrategyDiscussion.objects.create(
        episode=episode,
        child_id=episode.child_id,
        reasonable_cause_on=started_on,
        held_on=started_on,
        information_shared=note,
        decisions=note,
        outcome=StrategyOutcome.SECTION_47,
    )
    concluded = initial_conference_on is not None or conference_not_required
    enquiry = Section47Enquiry.objects.create(
        episode=episode,
        child_id=episode.child_id,
        strategy_discussion=discussion,
        started_on=started_on,
        findings=note,
        outcome=(
            Section47Outcome.INITIAL_CONFERENCE
            if initial_conference_on is not None
            else Section47Outcome.NO_FURTHER_ACTION
            if conference_not_required
            else ""
        ),
        concluded_on=(initial_conference_on or started_on) if concluded else None,
    )
    conference = None
    if initial_conference_on is not None:
        conference = conference_history_record(
            episode=episode, kind=ConferenceKind.INITIAL, held_on=initial_conference_on, chair=chair, source=source
        )
        conference.enquiry = enquiry
        conference.save(update_fields=["enquiry", "updated_at"])
    return discussion, enquiry, conference


def conference_history_record(
    *, episode: CaseEpisode, kind: str, held_on: date, chair: Practitioner, source: str
) -> Conference:
    """A conference held on a day another system recorded; its decision is filled in when a plan starts from it."""
    return Conference.objects.create(
        episode=episode,
        child_id=episode.child_id,
        kind=kind,
        status=ConferenceStatus.HELD,
        planned_for=held_on,
        held_on=held_on,
        chair=chair,
        minutes=HISTORY_NOTE.format(source=source),
    )


def child_protection_plan_history_record(
    *,
    episode: CaseEpisode,
    started_on: date,
    ended_on: date | None,
    initial_category: str,
    latest_category: str,
    reviews: list[date],
    starting_conference: Conference | None,
    chair: Practitioner,
    source: str,
) -> tuple[ChildProtectionPlan, list[Conference]]:
    """A child protection plan from the conference that started it (the initial conference held that day; one is
    recorded when the history has none) to its end, with its review conferences. Returns the plan and the
    conferences written for it."""
    written: list[Conference] = []
    if starting_conference is None:
        starting_conference = conference_history_record(
            episode=episode, kind=ConferenceKind.INITIAL, held_on=started_on, chair=chair, source=source
        )
        written.append(starting_conference)
    starting_conference.decision = ConferenceDecision.PLAN
    starting_conference.save(update_fields=["decision", "updated_at"])
    plan = ChildProtectionPlan.objects.create(
        episode=episode,
        child_id=episode.child_id,
        started_on=started_on,
        starting_conference=starting_conference,
        initial_category=initial_category,
        latest_category=latest_category,
        is_repeat=ChildProtectionPlan.objects.filter(child_id=episode.child_id, started_on__lt=started_on).exists(),
        ended_on=ended_on,
        end_reason=PlanEndReason.REVIEW_CONFERENCE if ended_on else "",
    )
    starting_conference.plan = plan
    starting_conference.save(update_fields=["plan", "updated_at"])
    for day in reviews:
        review = conference_history_record(
            episode=episode, kind=ConferenceKind.REVIEW, held_on=day, chair=chair, source=source
        )
        review.plan = plan
        review.decision = ConferenceDecision.PLAN if ended_on is None or day < ended_on else ConferenceDecision.NO_PLAN
        review.save(update_fields=["plan", "decision", "updated_at"])
        written.append(review)
    return plan, written
