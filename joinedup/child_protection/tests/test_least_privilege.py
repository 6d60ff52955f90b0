"""Least privilege (ADR 0013, amended): a partner's involvement gained by taking part in child protection work
ends when that work ends, through one service (involvements_end_with_the_work), audited; an involvement from
anything else stays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import Involvement, InvolvementRole, InvolvementWork
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import child_is_visible_to
from joinedup.audit.models import AuditEvent
from joinedup.core.voice import ChildVoice
from joinedup.timescales.calendar import CALENDAR, add_months

from .. import services
from ..codes import (
    ConferenceDecision,
    ConferenceKind,
    Section47Outcome,
    StrategyOutcome,
    TeamMemberRole,
    ThresholdView,
)
from ..selectors import (
    CONFERENCE_MINUTES_WINDOW,
    STRATEGY_CONTRIBUTION_WINDOW_WORKING_DAYS,
    practitioner_takes_part,
    strategy_contribution_due,
)
from .conftest import Journey, working_day_on_or_before

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")


def midday(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UK)


def cp_involvements(journey: Journey, practitioner: Any) -> list[Involvement]:
    return list(
        Involvement.objects.filter(
            child=journey.child, practitioner=practitioner, work=InvolvementWork.CHILD_PROTECTION
        ).order_by("id")
    )


def ended_audited(involvement: Involvement, on: date) -> bool:
    return AuditEvent.objects.filter(
        action="updated",
        object_type="access.involvement",
        object_id=str(involvement.pk),
        history__after__ended_on=on.isoformat(),
    ).exists()


def test_given_no_section_47_and_no_contribution_then_the_police_officer_takes_part_to_the_window_s_last_day(
    journey: Journey, client_for: Any
) -> None:
    held = working_day_on_or_before(timezone.localdate() - timedelta(days=21))
    last_day = strategy_contribution_due(held)
    # Working days, not calendar days: the window always spans a weekend.
    assert last_day == CALENDAR.add_working_days(held, STRATEGY_CONTRIBUTION_WINDOW_WORKING_DAYS)
    assert (last_day - held).days >= STRATEGY_CONTRIBUTION_WINDOW_WORKING_DAYS + 2
    record_url = reverse("child_protection:record", args=[journey.child.pk])
    police = journey.world.police_officer
    with time_machine.travel(midday(held), tick=False):
        journey.strategy(held, outcome=StrategyOutcome.NO_SECTION_47)
        involvement = Involvement.objects.get(child=journey.child, practitioner=police)
        assert involvement.ended_on == last_day  # created by the discussion, to end with the window
        assert involvement.work == InvolvementWork.CHILD_PROTECTION
        assert ended_audited(involvement, last_day)
        assert client_for("police_officer").get(record_url).status_code == 200  # the day itself
    with time_machine.travel(midday(held + timedelta(days=1)), tick=False):  # the next day: still in the window
        assert practitioner_takes_part(police.pk, journey.child.pk)
        assert client_for("police_officer").get(record_url).status_code == 200
    with time_machine.travel(midday(last_day), tick=False):  # the window's last day
        assert practitioner_takes_part(police.pk, journey.child.pk)
        assert client_for("police_officer").get(record_url).status_code == 200
    with time_machine.travel(midday(last_day + timedelta(days=1)), tick=False):  # the day after
        assert not practitioner_takes_part(police.pk, journey.child.pk)
        assert not child_is_visible_to(police.user, journey.child.pk)
        assert client_for("police_officer").get(record_url).status_code == 404
        assert client_for("social_worker").get(record_url).status_code == 200


def test_given_no_section_47_when_the_police_officer_records_their_contribution_then_their_part_ends_that_day(
    journey: Journey, client_for: Any
) -> None:
    held = working_day_on_or_before(timezone.localdate() - timedelta(days=21))
    contributed = CALENDAR.add_working_days(held, 2)  # inside the window
    record_url = reverse("child_protection:record", args=[journey.child.pk])
    w = journey.world
    with time_machine.travel(midday(held), tick=False):
        discussion = journey.strategy(held, outcome=StrategyOutcome.NO_SECTION_47)
    with time_machine.travel(midday(contributed), tick=False):
        services.strategy_contribution_record(
            actor=w.user("police_officer"),
            discussion=discussion,
            details=services.ContributionDetails(
                information_shared="One call-out to the address last year; no further police concerns.",
                threshold_view=ThresholdView.NOT_MET,
            ),
        )
        [police] = cp_involvements(journey, w.police_officer)
        assert police.ended_on == contributed  # their part done: it ends today, not with the window
        assert ended_audited(police, contributed)
        assert client_for("police_officer").get(record_url).status_code == 200  # the day itself
        # Health, who has not recorded theirs yet, keeps the window.
        assert [i.ended_on for i in cp_involvements(journey, w.health_visitor)] == [strategy_contribution_due(held)]
    with time_machine.travel(midday(contributed + timedelta(days=1)), tick=False):
        assert not practitioner_takes_part(w.police_officer.pk, journey.child.pk)
        assert client_for("police_officer").get(record_url).status_code == 404
        assert practitioner_takes_part(w.health_visitor.pk, journey.child.pk)
        assert client_for("health_visitor").get(record_url).status_code == 200


def test_given_a_contribution_recorded_on_a_partner_s_behalf_after_the_window_then_it_does_not_extend_their_part(
    journey: Journey,
) -> None:
    held = working_day_on_or_before(timezone.localdate() - timedelta(days=21))
    last_day = strategy_contribution_due(held)
    w = journey.world
    with time_machine.travel(midday(held), tick=False):
        discussion = journey.strategy(held, outcome=StrategyOutcome.NO_SECTION_47)
    late = last_day + timedelta(days=3)
    with time_machine.travel(midday(late), tick=False):
        services.strategy_contribution_record(
            actor=journey.actor,
            discussion=discussion,
            details=services.ContributionDetails(
                information_shared="Health visitor's notes, read out at the discussion.",
                threshold_view=ThresholdView.UNSURE,
                on_behalf_of=w.health_visitor,
            ),
        )
        assert [i.ended_on for i in cp_involvements(journey, w.health_visitor)] == [last_day]
        assert not practitioner_takes_part(w.health_visitor.pk, journey.child.pk)


def test_given_a_section_47_that_ends_in_no_further_action_then_the_team_loses_sight_after_the_outcome(
    journey: Journey, client_for: Any, start: date
) -> None:
    w = journey.world
    sd = journey.strategy(start)
    police_involvement = cp_involvements(journey, w.police_officer)[0]
    assert police_involvement.ended_on is None  # the enquiry is open: the part continues
    assert practitioner_takes_part(w.police_officer.pk, journey.child.pk, on=start + timedelta(days=1))
    concluded = CALENDAR.add_working_days(start, 5)
    services.section_47_record(
        actor=journey.actor,
        enquiry=sd.enquiry,
        details=services.EnquiryDetails(
            voice=ChildVoice(words="I want to feel safe at home."),
            lead_practitioner=w.social_worker,
            members=[
                (w.social_worker, TeamMemberRole.SOCIAL_WORKER),
                (w.police_officer, TeamMemberRole.POLICE_OFFICER),
                (w.health_visitor, TeamMemberRole.HEALTH_PROFESSIONAL),
            ],
            findings="Injury explained by an accident at nursery, confirmed by staff.",
            outcome=Section47Outcome.NO_FURTHER_ACTION,
            concluded_on=concluded,
        ),
    )
    for practitioner in (w.police_officer, w.health_visitor, w.school_dsl):
        for involvement in cp_involvements(journey, practitioner):
            involvement.refresh_from_db()
            assert involvement.ended_on == concluded
            assert ended_audited(involvement, concluded)
        assert practitioner_takes_part(practitioner.pk, journey.child.pk, on=concluded)
        assert not practitioner_takes_part(practitioner.pk, journey.child.pk, on=concluded + timedelta(days=1))
    url = reverse("child_protection:record", args=[journey.child.pk])
    assert client_for("police_officer").get(url).status_code == 404
    assert client_for("health_visitor").get(url).status_code == 404
    assert client_for("social_worker").get(url).status_code == 200


def test_given_the_plan_ends_at_a_review_with_step_down_then_the_core_group_loses_the_record_and_gets_no_family_help(
    journey: Journey, client_for: Any, start: date
) -> None:
    from joinedup.family_help.models import FamilyHelpCase

    w = journey.world
    plan = journey.to_plan(start)
    dsl_core = Involvement.objects.get(
        child=journey.child, practitioner=w.school_dsl, role=InvolvementRole.CORE_GROUP_MEMBER
    )
    assert dsl_core.ended_on is None
    review_day = add_months(plan.started_on, 3)
    # The school is in the core group but not invited to this review; health is invited.
    review = services.conference_arrange(
        actor=journey.actor,
        child=journey.child,
        details=services.ArrangeDetails(
            kind=ConferenceKind.REVIEW, planned_for=review_day, chair=w.iro, invitees=[w.health_visitor], plan=plan
        ),
    )
    journey.hold(review, review_day, decision=ConferenceDecision.NO_PLAN, harms=(), step_down=True)
    for involvement in cp_involvements(journey, w.school_dsl):
        involvement.refresh_from_db()
        assert involvement.ended_on == review_day  # the day the plan ended
        assert ended_audited(involvement, review_day)
    health_until = review_day + CONFERENCE_MINUTES_WINDOW  # invited: the minutes window after the review
    for involvement in cp_involvements(journey, w.health_visitor):
        involvement.refresh_from_db()
        assert involvement.ended_on == health_until
    assert practitioner_takes_part(w.health_visitor.pk, journey.child.pk, on=health_until)
    assert not practitioner_takes_part(w.health_visitor.pk, journey.child.pk, on=health_until + timedelta(days=1))
    assert not practitioner_takes_part(w.school_dsl.pk, journey.child.pk, on=review_day + timedelta(days=1))
    case = FamilyHelpCase.objects.get(child=journey.child, closed_on__isnull=True)
    family_record = reverse("family_help:family_record", args=[case.pk])
    record = reverse("child_protection:record", args=[journey.child.pk])
    for name in ("school_dsl", "health_visitor", "police_officer"):
        client = client_for(name)
        assert client.get(record).status_code == 404
        assert client.get(family_record).status_code == 404
    assert client_for("social_worker").get(family_record).status_code == 200


def test_given_an_independent_involvement_when_the_child_protection_work_ends_then_it_is_kept(
    journey: Journey, client_for: Any, start: date
) -> None:
    w = journey.world
    front_door = InvolvementFactory(
        practitioner=w.police_officer,
        child=journey.child,
        role=InvolvementRole.POLICE_CONTACT,
        started_on=start - timedelta(days=30),
    )
    journey.strategy(start, outcome=StrategyOutcome.NO_SECTION_47)
    front_door.refresh_from_db()
    assert front_door.ended_on is None  # not created by child protection: untouched
    front_door.refresh_from_db()
    assert front_door.work == ""
    police = w.police_officer.user
    assert child_is_visible_to(police, journey.child.pk)  # what the front door involvement gives, kept
    assert not has_permission(police, Permission.VIEW_CHILD_PROTECTION, journey.child)  # the part is over
    assert (
        client_for("police_officer").get(reverse("child_protection:record", args=[journey.child.pk])).status_code == 404
    )
    # Health's involvement did come from the discussion, and ends with its contribution window.
    assert [i.ended_on for i in cp_involvements(journey, w.health_visitor)] == [strategy_contribution_due(start)]


def test_given_a_partner_in_the_minutes_window_when_they_take_part_again_then_their_involvement_is_open_again(
    journey: Journey, start: date
) -> None:
    w = journey.world
    plan = journey.to_plan(start)
    review_day = working_day_on_or_before(timezone.localdate() - timedelta(days=5))
    review = journey.arrange(ConferenceKind.REVIEW, review_day, plan=plan)
    journey.hold(review, review_day, decision=ConferenceDecision.NO_PLAN, harms=(), late_reason="Chair unavailable")
    [police] = [i for i in cp_involvements(journey, w.police_officer) if i.role == InvolvementRole.POLICE_CONTACT]
    assert police.ended_on == review_day + CONFERENCE_MINUTES_WINDOW  # still inside the window
    # A new concern: a strategy discussion starting an enquiry, the police officer taking part again.
    journey.strategy(working_day_on_or_before(timezone.localdate()))
    police.refresh_from_db()
    assert police.ended_on is None  # the same involvement, open-ended once more
    assert ended_audited(police, review_day + CONFERENCE_MINUTES_WINDOW)
    assert AuditEvent.objects.filter(
        action="updated", object_type="access.involvement", object_id=str(police.pk), history__after__ended_on=None
    ).exists()
    assert practitioner_takes_part(w.police_officer.pk, journey.child.pk, on=timezone.localdate() + timedelta(days=60))


# Session, user, second factor, practitioner, access scope, the part the partner takes (one UNION), audit write,
# then the page's own reads, and the roles of their involvements (whether the record's navigation shows them the care
# history, as a nurse, carer or designated teacher would see it).
PARTNER_RECORD_PAGE_QUERIES = 33  # with the core group's carers (issue 18) and the agencies' contributions (issue 19)


def test_a_partner_s_record_page_reads_a_fixed_number_of_queries(
    journey: Journey, client_for: Any, start: date, django_assert_num_queries: Any
) -> None:
    plan = journey.to_plan(start)
    client = client_for("police_officer")
    url = reverse("child_protection:record", args=[journey.child.pk])
    assert client.get(url).status_code == 200
    with django_assert_num_queries(PARTNER_RECORD_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    services.core_group_record(
        actor=journey.actor,
        plan=plan,
        held_on=CALENDAR.add_working_days(plan.started_on, 5),
        attended="All",
        progress="Good",
    )
    with django_assert_num_queries(PARTNER_RECORD_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_given_a_plan_ended_by_the_daily_run_then_the_core_group_s_involvements_end_that_day_audited_with_no_actor(
    journey: Journey, start: date
) -> None:
    from django.core.management import call_command

    w = journey.world
    journey.to_plan(start)
    died = timezone.localdate() - timedelta(days=3)
    journey.child.date_of_death = died
    journey.child.save()
    call_command("child_protection_daily", stdout=None)
    [core] = Involvement.objects.filter(
        child=journey.child, practitioner=w.school_dsl, role=InvolvementRole.CORE_GROUP_MEMBER
    )
    assert core.ended_on == died
    event = AuditEvent.objects.get(
        action="updated", object_type="access.involvement", object_id=str(core.pk), history__after__ended_on=str(died)
    )
    assert event.actor_id is None
    assert not practitioner_takes_part(w.school_dsl.pk, journey.child.pk)


def test_given_an_enquiry_recommending_a_conference_then_the_team_takes_part_until_it_is_held(
    journey: Journey, start: date
) -> None:
    w = journey.world
    sd = journey.strategy(start)
    concluded = CALENDAR.add_working_days(start, 2)
    journey.enquiry_outcome(sd.enquiry, concluded)  # recommends an initial conference
    later = CALENDAR.add_working_days(start, 10)
    assert practitioner_takes_part(w.police_officer.pk, journey.child.pk, on=later)  # the conference is to come
    assert all(i.ended_on is None for i in cp_involvements(journey, w.police_officer))
    day = CALENDAR.add_working_days(start, 14)
    conference = services.conference_arrange(
        actor=journey.actor,
        child=journey.child,
        details=services.ArrangeDetails(
            kind=ConferenceKind.INITIAL, planned_for=day, chair=w.iro, invitees=[w.health_visitor], enquiry=sd.enquiry
        ),
    )
    journey.hold(conference, day, decision=ConferenceDecision.NO_PLAN, harms=())
    # The police officer (in the team, not invited) stops the day the conference was held; health, invited, after
    # the minutes window.
    assert {i.ended_on for i in cp_involvements(journey, w.police_officer)} == {day}
    assert {i.ended_on for i in cp_involvements(journey, w.health_visitor)} == {day + CONFERENCE_MINUTES_WINDOW}
    assert not practitioner_takes_part(w.police_officer.pk, journey.child.pk, on=day + timedelta(days=1))
