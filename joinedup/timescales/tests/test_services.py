"""Deadline and local-setting services: due dates, refusals with field errors, permissions and audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from joinedup.audit.models import AuditAction, AuditEvent, RecordHistory
from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.engine import DeadlineStatus
from joinedup.timescales.errors import TimescalesError
from joinedup.timescales.models import Deadline, LocalRuleSetting
from joinedup.timescales.selectors import due_date_in_force

pytestmark = pytest.mark.django_db

StartDeadline = Callable[..., Deadline]


def codes(exc: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in exc.error_dict.items()}  # type: ignore[misc]


# -- starting a clock -------------------------------------------------------------------------------------------


def test_starting_a_clock_computes_the_due_date_assigns_the_allocated_worker_and_audits(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    with assert_audit_events((AuditAction.CREATED, "timescales.deadline")) as events:
        deadline = start_deadline("initial_child_protection_conference", date(2026, 12, 18))
    # RULES.md's example: strategy discussion Friday 18 December 2026 -> Wednesday 13 January 2027.
    assert deadline.due_on == date(2027, 1, 13)
    assert deadline.assignee == world.social_worker
    assert deadline.team == world.team_a
    assert deadline.figure_applied == "15 working days"
    assert not deadline.is_local
    assert deadline.status_on(today) == DeadlineStatus.OPEN
    assert events[0].child_id == world.allocated_child.pk
    assert events[0].object_id == str(deadline.pk)


def test_a_start_date_in_the_future_is_refused_with_a_field_error(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    with assert_audit_events(), pytest.raises(ValidationError) as exc:
        start_deadline("single_assessment", today + timedelta(days=1))
    assert codes(exc.value) == {"started_on": {TimescalesError.START_IN_FUTURE}}
    assert not Deadline.objects.exists()


def test_a_start_instant_in_the_future_is_refused(world: World, today: date, start_deadline: StartDeadline) -> None:
    later_today = datetime(2027, 1, 13, 11, 0, tzinfo=UTC)  # "now" is 10:00
    with pytest.raises(ValidationError) as exc:
        start_deadline("return_home_interview", today, started_at=later_today)
    assert codes(exc.value) == {"started_on": {TimescalesError.START_IN_FUTURE}}


def test_an_unknown_rule_is_a_field_error(world: World, today: date, start_deadline: StartDeadline) -> None:
    with pytest.raises(ValidationError) as exc:
        start_deadline("initial_conference", today)
    assert codes(exc.value) == {"rule_code": {TimescalesError.UNKNOWN_RULE}}


def test_the_same_clock_cannot_start_twice_for_the_same_record(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    start_deadline("single_assessment", today, subject="front_door.referral:7")
    with pytest.raises(ValidationError) as exc:
        start_deadline("single_assessment", today, subject="front_door.referral:7")
    assert codes(exc.value) == {"subject": {TimescalesError.DUPLICATE_DEADLINE}}


def test_a_return_home_interview_is_due_72_hours_after_the_return(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    returned = datetime(2027, 1, 12, 21, 30, tzinfo=UTC)  # Tuesday evening
    deadline = start_deadline("return_home_interview", date(2027, 1, 12), started_at=returned)
    assert deadline.due_at == returned + timedelta(hours=72)
    assert deadline.due_on == date(2027, 1, 15)


def test_an_interval_other_than_the_headline_can_be_started(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    deadline = start_deadline("strategy_discussion", today, interval="immediate_danger")
    assert deadline.due_on == today
    assert deadline.is_local
    assert deadline.figure_applied == "the same day"


# -- meeting it -------------------------------------------------------------------------------------------------


def test_meeting_a_deadline_on_time_is_audited_with_the_fields_changed(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    deadline = start_deadline("contact_decision", date(2027, 1, 12))
    with assert_audit_events((AuditAction.UPDATED, "timescales.deadline")) as events:
        services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=today)
    assert deadline.met_on == today
    assert deadline.status_on(today) == DeadlineStatus.MET
    assert events[0].changed_fields == ["met_on"]
    assert RecordHistory.objects.get(audit_event=events[0]).after == {"met_on": "2027-01-13"}


def test_meeting_a_deadline_late_needs_a_reason(world: World, today: date, start_deadline: StartDeadline) -> None:
    deadline = start_deadline("contact_decision", date(2027, 1, 8))  # due Monday 11 January
    with assert_audit_events(), pytest.raises(ValidationError) as exc:
        services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=today)
    assert codes(exc.value) == {"late_reason": {TimescalesError.LATE_REASON_REQUIRED}}
    services.deadline_meet(
        actor=world.user("social_worker"), deadline=deadline, met_on=today, late_reason="Referrer unreachable"
    )
    assert deadline.status_on(today) == DeadlineStatus.MET_LATE
    assert deadline.late_reason == "Referrer unreachable"


@pytest.mark.parametrize(
    ("met_on", "code"),
    [
        (date(2027, 1, 14), TimescalesError.MET_IN_FUTURE),
        (date(2027, 1, 7), TimescalesError.MET_BEFORE_START),
    ],
)
def test_a_completion_in_the_future_or_before_the_start_is_refused(
    world: World, today: date, start_deadline: StartDeadline, met_on: date, code: str
) -> None:
    deadline = start_deadline("single_assessment", date(2027, 1, 8))
    with assert_audit_events(), pytest.raises(ValidationError) as exc:
        services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=met_on)
    assert codes(exc.value) == {"met_on": {code}}


def test_a_deadline_is_met_once(world: World, today: date, start_deadline: StartDeadline) -> None:
    deadline = start_deadline("single_assessment", date(2027, 1, 8))
    services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=today)
    with pytest.raises(ValidationError) as exc:
        services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=today)
    assert codes(exc.value) == {"met_on": {TimescalesError.ALREADY_MET}}


# -- correcting the triggering date -----------------------------------------------------------------------------


def test_correcting_the_triggering_date_recomputes_and_audits(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    icpc = start_deadline("initial_child_protection_conference", date(2027, 1, 8), subject="cp.strategy:1")
    outcome = start_deadline("section_47_outcome", date(2027, 1, 8), subject="cp.strategy:1")
    with assert_audit_events(
        (AuditAction.UPDATED, "timescales.deadline"), (AuditAction.UPDATED, "timescales.deadline")
    ) as events:
        moved = services.deadline_recompute_for_subject(
            actor=world.user("social_worker"), subject="cp.strategy:1", started_on=date(2027, 1, 11)
        )
    assert [d.pk for d in moved] == [icpc.pk, outcome.pk]
    icpc.refresh_from_db()
    # Monday 11 January 2027 + 15 working days (no holiday): Monday 1 February.
    assert (icpc.started_on, icpc.due_on) == (date(2027, 1, 11), date(2027, 2, 1))
    assert set(events[0].changed_fields) == {"started_on", "due_on"}


def test_correcting_to_a_future_date_is_refused(world: World, today: date, start_deadline: StartDeadline) -> None:
    start_deadline("single_assessment", date(2027, 1, 8), subject="front_door.referral:3")
    with assert_audit_events(), pytest.raises(ValidationError) as exc:
        services.deadline_recompute_for_subject(
            actor=world.user("social_worker"), subject="front_door.referral:3", started_on=date(2027, 2, 1)
        )
    assert codes(exc.value) == {"started_on": {TimescalesError.START_IN_FUTURE}}


def test_correcting_to_after_the_completion_is_refused(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    deadline = start_deadline("single_assessment", date(2027, 1, 4), subject="front_door.referral:4")
    services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=date(2027, 1, 8))
    with pytest.raises(ValidationError) as exc:
        services.deadline_recompute_for_subject(
            actor=world.user("social_worker"), subject="front_door.referral:4", started_on=date(2027, 1, 11)
        )
    assert codes(exc.value) == {"started_on": {TimescalesError.MET_BEFORE_START}}


# -- local settings ---------------------------------------------------------------------------------------------


def test_a_local_setting_applies_only_to_clocks_started_after_it(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    before = start_deadline("strategy_discussion", date(2027, 1, 12))  # default 1 working day: Wed 13
    assert before.due_on == date(2027, 1, 13)
    with assert_audit_events((AuditAction.SETTING_CHANGED, "timescales.localrulesetting")) as events:
        services.local_rule_setting_change(
            actor=world.user("administrator"),
            rule_code="strategy_discussion",
            interval="standard",
            figure=2,
            effective_from=today,
            reason="Partnership protocol, January 2027",
        )
    history = RecordHistory.objects.get(audit_event=events[0])
    assert (history.before["figure"], history.after["figure"]) == (1, 2)
    after = start_deadline("strategy_discussion", today)  # Wed 13 + 2 working days: Fri 15
    assert (after.due_on, after.figure_applied) == (date(2027, 1, 15), "2 working days")
    before.refresh_from_db()
    assert before.due_on == date(2027, 1, 13), "a clock already running keeps its figure"
    # Recomputing the earlier clock on its own start date still uses the figure in force then.
    services.deadline_recompute_for_subject(
        actor=world.user("social_worker"), subject=before.subject_key, started_on=before.started_on
    )
    before.refresh_from_db()
    assert before.due_on == date(2027, 1, 13)
    # And the engine wrapper picks the setting in force on each start date.
    assert due_date_in_force("strategy_discussion", date(2027, 1, 12)) == date(2027, 1, 13)
    assert due_date_in_force("strategy_discussion", date(2027, 1, 13)) == date(2027, 1, 15)


def test_a_scheduled_setting_waits_for_its_date(world: World, today: date) -> None:
    services.local_rule_setting_change(
        actor=world.user("administrator"),
        rule_code="child_protection_visit",
        interval="standard",
        figure=15,
        effective_from=date(2027, 2, 1),
    )
    # From Wed 13 Jan: 10 working days is Wed 27 Jan; from Mon 1 Feb, 15 working days is Mon 22 Feb.
    assert due_date_in_force("child_protection_visit", today) == date(2027, 1, 27)
    assert due_date_in_force("child_protection_visit", date(2027, 2, 1)) == date(2027, 2, 22)
    with time_machine.travel("2027-02-01 09:00:00+00:00", tick=False):
        assert due_date_in_force("child_protection_visit", date(2027, 2, 1)) == date(2027, 2, 22)


def test_a_second_change_on_the_same_day_replaces_the_first(world: World, today: date) -> None:
    for figure in (12, 11):
        services.local_rule_setting_change(
            actor=world.user("administrator"),
            rule_code="transfer_in_conference",
            interval="standard",
            figure=figure,
            effective_from=today,
        )
    assert list(LocalRuleSetting.objects.values_list("figure", flat=True)) == [11]
    assert AuditEvent.objects.filter(action=AuditAction.SETTING_CHANGED).count() == 2


def test_the_pre_birth_conference_week_can_be_changed(world: World, today: date) -> None:
    services.local_rule_setting_change(
        actor=world.user("administrator"),
        rule_code="pre_birth_conference",
        interval="conference",
        figure=30,
        effective_from=today,
    )
    # EDD Friday 30 April 2027: week 30 of pregnancy is 10 weeks before, Friday 19 February 2027.
    assert due_date_in_force("pre_birth_conference", date(2027, 4, 30)) == date(2027, 2, 19)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"rule_code": "initial_child_protection_conference"}, "rule_code", TimescalesError.NOT_A_LOCAL_RULE),
        ({"rule_code": "no_such_rule"}, "rule_code", TimescalesError.UNKNOWN_RULE),
        ({"interval": "no_such_interval"}, "rule_code", TimescalesError.UNKNOWN_RULE),
        ({"figure": 0}, "figure", TimescalesError.FIGURE_OUT_OF_RANGE),
        ({"figure": 261}, "figure", TimescalesError.FIGURE_OUT_OF_RANGE),
        ({"effective_from": date(2027, 1, 12)}, "effective_from", TimescalesError.EFFECTIVE_FROM_IN_PAST),
    ],
)
def test_a_bad_local_setting_is_refused_with_a_field_error(
    world: World, today: date, changes: dict[str, Any], field: str, code: str
) -> None:
    arguments: dict[str, Any] = {
        "rule_code": "strategy_discussion",
        "interval": "standard",
        "figure": 2,
        "effective_from": today,
    }
    with assert_audit_events(), pytest.raises(ValidationError) as exc:
        services.local_rule_setting_change(actor=world.user("administrator"), **{**arguments, **changes})
    assert codes(exc.value) == {field: {code}}


def test_the_immediate_danger_figure_may_stay_at_zero(world: World, today: date) -> None:
    services.local_rule_setting_change(
        actor=world.user("administrator"),
        rule_code="strategy_discussion",
        interval="immediate_danger",
        figure=0,
        effective_from=today,
    )


@pytest.mark.parametrize("persona", ["team_manager", "social_worker", "analyst"])
def test_only_an_administrator_changes_local_settings(world: World, today: date, persona: str) -> None:
    with assert_audit_events(), pytest.raises(NotFoundOrNotPermitted):
        services.local_rule_setting_change(
            actor=world.user(persona),
            rule_code="strategy_discussion",
            interval="standard",
            figure=2,
            effective_from=today,
        )
