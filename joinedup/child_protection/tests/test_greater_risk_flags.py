"""Previous abuse or neglect, a greater-risk flag (M9), shown by the child protection record itself: a child protection
plan (in force or past), an enquiry that substantiated the concerns, a conference that found a category of abuse
(issue 18)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from joinedup.core.voice import ChildVoice
from joinedup.people.selectors import child_greater_risk_flags
from joinedup.records import services as records
from joinedup.timescales.calendar import CALENDAR

from .. import services
from ..codes import ConferenceDecision, ConferenceKind, Section47Outcome, TeamMemberRole
from .conftest import Journey, working_day_on_or_before

PLAN = "Has been the subject of a child protection plan"
ENQUIRY = "A section 47 enquiry substantiated the concerns"


def previous_abuse(journey: Journey) -> tuple[str, ...] | None:
    """Why the child carries the flag, or None when they do not."""
    flags = {f.code: f for f in child_greater_risk_flags(child=journey.child)}
    found = flags.get("previous_abuse_or_neglect")
    return found.because if found else None


def conclude(journey: Journey, start: date, outcome: str) -> None:
    enquiry = journey.strategy(start).enquiry
    w = journey.world
    services.section_47_record(
        actor=journey.actor,
        enquiry=enquiry,
        details=services.EnquiryDetails(
            voice=ChildVoice(words="I want to feel safe at home."),
            lead_practitioner=w.social_worker,
            members=[
                (w.social_worker, TeamMemberRole.SOCIAL_WORKER),
                (w.police_officer, TeamMemberRole.POLICE_OFFICER),
                (w.health_visitor, TeamMemberRole.HEALTH_PROFESSIONAL),
            ],
            findings="What the enquiry found.",
            outcome=outcome,
            concluded_on=CALENDAR.add_working_days(start, 2),
        ),
    )


def test_a_past_child_protection_plan_flags_previous_abuse_or_neglect(journey: Journey, start: date) -> None:
    assert previous_abuse(journey) is None
    plan = journey.to_plan(start)
    assert PLAN in (previous_abuse(journey) or ())
    review_day = working_day_on_or_before(plan.started_on + timedelta(days=80))
    review = journey.arrange(ConferenceKind.REVIEW, review_day, plan=plan)
    journey.hold(review, review_day, decision=ConferenceDecision.NO_PLAN)
    plan.refresh_from_db()
    assert plan.ended_on is not None  # the plan is past
    assert PLAN in (previous_abuse(journey) or ())


def test_a_substantiated_enquiry_flags_it_and_an_unsubstantiated_one_does_not(journey: Journey, start: date) -> None:
    conclude(journey, start, Section47Outcome.NO_FURTHER_ACTION)
    assert previous_abuse(journey) is None
    conclude(journey, working_day_on_or_before(start + timedelta(days=40)), Section47Outcome.FAMILY_HELP)
    assert previous_abuse(journey) == (ENQUIRY,)


def test_removing_a_practitioners_record_leaves_what_the_child_protection_record_shows(
    journey: Journey, start: date, client_for: Any
) -> None:
    journey.to_plan(start)
    records.previous_abuse_or_neglect_record(actor=journey.actor, child=journey.child, reason="A disclosure at school")
    assert "Recorded by a practitioner" in (previous_abuse(journey) or ())
    records.previous_abuse_or_neglect_remove(actor=journey.actor, child=journey.child, reason="Wrong child")
    because = previous_abuse(journey) or ()
    assert PLAN in because and "Recorded by a practitioner" not in because
    html = client_for("social_worker").get(f"/children/{journey.child.pk}/").content.decode()
    assert "Previous abuse or neglect" in html and PLAN in html
