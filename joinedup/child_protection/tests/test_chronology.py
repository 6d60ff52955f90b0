"""Child protection's significant events reach the multi-agency chronology (the chronology app's registry): the strategy
discussion, the section 47 outcome, conferences with their decision and category, the plan's start and end, and
core groups; for the local authority's caseworkers, and for partners while they take part in the work."""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.chronology.registry import gather
from joinedup.core.chronology import Period
from joinedup.timescales.calendar import CALENDAR, add_months
from joinedup.visits import services as visits
from joinedup.visits.models import VisitKind

from .. import services
from ..codes import ConferenceDecision, ConferenceKind
from .conftest import Journey

pytestmark = pytest.mark.django_db


def test_the_journeys_significant_events_are_in_the_chronology(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    services.core_group_record(
        actor=journey.actor,
        plan=plan,
        held_on=CALENDAR.add_working_days(plan.started_on, 5),
        attended="All",
        progress="Good",
    )
    review_day = add_months(plan.started_on, 3)
    review = journey.arrange(ConferenceKind.REVIEW, review_day, plan=plan)
    journey.hold(review, review_day, decision=ConferenceDecision.NO_PLAN, harms=())
    gathered = gather(children=[journey.child.pk], user=journey.actor)
    mine = [e for e in gathered.entries if e.source_key.startswith("child_protection.")]
    titles = [e.title for e in mine]
    assert titles == [
        "Strategy discussion",
        "Section 47 enquiry outcome",
        "Initial child protection conference",
        "Child protection plan started",
        "Core group meeting",
        "Review child protection conference",
        "Child protection plan ended",
    ]
    assert "category: Physical abuse" in mine[2].detail
    assert len({e.source_key for e in mine}) == len(mine)
    in_period = gather(children=[journey.child.pk], user=journey.actor, period=Period(start=review_day))
    assert {e.title for e in in_period.entries if e.source_key.startswith("child_protection.")} == {
        "Review child protection conference",
        "Child protection plan ended",
    }
    # The plan ended months ago, and with it the police officer's part in the work: they see none of it now.
    police = gather(children=[journey.child.pk], user=journey.world.user("police_officer"))
    assert not [e for e in police.entries if e.source_key.startswith("child_protection.")]


def test_a_partner_taking_part_sees_the_work_and_a_visits_date_only(journey: Journey, start: date) -> None:
    plan = journey.to_plan(start)
    visits.visit_record(
        actor=journey.actor,
        details=visits.VisitDetails(
            visited_on=CALENDAR.add_working_days(plan.started_on, 3),
            kind=VisitKind.HOME,
            late_reason="Arranged around school.",
        ),
        children=[
            visits.ChildAnswers(
                child_id=journey.child.pk,
                seen=True,
                seen_alone=False,
                reason_not_seen_alone="Mum would not leave the room.",
            )
        ],
    )
    police = gather(children=[journey.child.pk], user=journey.world.user("police_officer")).entries
    titles = [e.title for e in police if e.source_key.startswith(("child_protection.", "visits."))]
    assert titles == [
        "Strategy discussion",
        "Section 47 enquiry outcome",
        "Initial child protection conference",
        "Child protection plan started",
        "The child was visited",
    ]
    visit = police[-1]
    assert visit.source_key.startswith("visits.") and visit.detail == "" and visit.url == ""  # the day alone
    worker = gather(children=[journey.child.pk], user=journey.actor).entries
    assert [e.title for e in worker if e.source_key.startswith("visits.")] == ["Home visit: seen, not alone"]
