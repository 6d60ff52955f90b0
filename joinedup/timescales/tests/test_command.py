"""manage.py timescale RULE_CODE DATE [DATE ...] and manage.py notify_deadlines."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.models import Notification, NotificationKind

REPO = Path(__file__).resolve().parents[3]


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("timescale", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_prints_the_due_date_of_each_start_in_order() -> None:
    # RULES.md's example, then Thu 23 Dec 2027 (Fri 24 is 1; 25-28 closed; 29, 30, 31 are 2-4; 1-3 Jan closed;
    # 4-7 Jan are 5-8; 10-14 Jan 9-13; Mon 17 14, Tue 18 15).
    assert run("initial_child_protection_conference", "2026-12-18", "2027-12-23") == ["2027-01-13", "2028-01-18"]


@pytest.mark.django_db
def test_an_interval_can_be_named() -> None:
    assert run("strategy_discussion", "2027-01-08", "--interval", "immediate_danger") == ["2027-01-08"]
    assert run("placed_with_parents_visit", "2027-01-08", "--interval", "after_first_review") == ["2027-02-19"]


@pytest.mark.django_db
def test_pre_birth_conference_counts_back_from_the_expected_date_of_delivery() -> None:
    assert run("pre_birth_conference", "2027-06-01") == ["2027-04-06"]  # 8 weeks before 1 June


@pytest.mark.django_db
def test_return_home_interview_prints_the_date_72_hours_on() -> None:
    assert run("return_home_interview", "2027-01-08") == ["2027-01-11"]


@pytest.mark.django_db
def test_uses_the_local_figure_in_force_on_each_start_date(world: World, today: date) -> None:
    services.local_rule_setting_change(
        actor=world.user("administrator"),
        rule_code="referrer_feedback",
        interval="standard",
        figure=5,
        effective_from=today,
    )
    # Tue 12 Jan (before the change): 3 working days, Fri 15. Wed 13 Jan: 5 working days, Wed 20.
    assert run("referrer_feedback", "2027-01-12", "2027-01-13") == ["2027-01-15", "2027-01-20"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no_such_rule", "2026-12-18"], "Unknown rule 'no_such_rule'"),
        (["care_plan", "2026-13-01"], "Not a date: '2026-13-01'"),
        (["care_plan", "18/12/2026"], "Not a date: '18/12/2026'"),
        (["care_plan", "20261218"], "Not a date: '20261218'"),
        (["care_plan", "2026-12-18", "--interval", "weekly"], "has no interval 'weekly'"),
    ],
)
def test_errors_are_clear(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


@pytest.mark.django_db
def test_a_bad_date_anywhere_prints_nothing() -> None:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("timescale", "care_plan", "2026-12-18", "tomorrow", stdout=out)
    assert out.getvalue() == ""


def test_the_command_line_exits_non_zero_with_the_message_on_stderr(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "manage.py", "timescale", "initial_child_protection_conference", "2026-12-18"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"},
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1] == "2027-01-13"
    bad = subprocess.run(
        [sys.executable, "manage.py", "timescale", "nope", "2026-12-18"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"},
        check=False,
    )
    assert bad.returncode != 0
    assert "Unknown rule 'nope'" in bad.stderr and bad.stdout == ""


# -- notify_deadlines ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_deadlines_tells_the_worker_and_the_manager_once(world: World, today: date, start_deadline: Any) -> None:
    overdue = start_deadline("contact_decision", date(2027, 1, 8))  # due Mon 11 Jan
    soon = start_deadline("placement_plan", date(2027, 1, 8))  # 5 working days: Fri 15 Jan (within 2 working days)
    later = start_deadline("single_assessment", date(2027, 1, 8))
    out = StringIO()
    call_command("notify_deadlines", stdout=out)
    assert out.getvalue().strip() == "3 notifications, 2 emails"
    got = set(Notification.objects.values_list("recipient_id", "deadline_id", "kind"))
    assert got == {
        (world.social_worker.pk, overdue.pk, NotificationKind.OVERDUE),
        (world.social_worker.pk, soon.pk, NotificationKind.DUE_SOON),
        (world.team_manager.pk, overdue.pk, NotificationKind.OVERDUE_IN_TEAM),
    }
    assert not Notification.objects.filter(deadline=later).exists()
    assert {tuple(m.to) for m in mail.outbox} == {(world.social_worker.email,), (world.team_manager.email,)}
    for message in mail.outbox:
        for name in ("Ellie", "Marsden", world.allocated_child.full_name):
            assert name not in message.subject and name not in message.body
        assert f"Deadline {overdue.pk}:" in message.body
        assert "contact_decision" in message.body
    # A second run sends nothing new.
    out = StringIO()
    call_command("notify_deadlines", stdout=out)
    assert out.getvalue().strip() == "0 notifications, 0 emails"
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_met_deadline_is_not_notified(world: World, today: date, start_deadline: Any) -> None:
    deadline = start_deadline("contact_decision", date(2027, 1, 8))
    services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=today, late_reason="Ill")
    out = StringIO()
    call_command("notify_deadlines", "--today", "2027-01-13", stdout=out)
    assert out.getvalue().strip() == "0 notifications, 0 emails"


@pytest.mark.django_db
def test_notify_deadlines_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="Not a date"):
        call_command("notify_deadlines", "--today", "13/01/2027")


# -- the daily task (ADR 0017): what notify_deadlines did, run by the task worker -------------------------------


@pytest.mark.django_db
def test_the_notify_task_sends_what_the_command_sent_once(world: World, today: date, start_deadline: Any) -> None:
    from django_tasks import TaskResultStatus

    from joinedup.timescales.tasks import notify_deadlines

    start_deadline("contact_decision", date(2027, 1, 8))  # overdue: the worker and their manager
    start_deadline("placement_plan", date(2027, 1, 8))  # due soon: the worker
    result = notify_deadlines.enqueue(today=today.isoformat())  # run at once in tests
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"notifications": 3, "emails": 2}
    assert Notification.objects.count() == 3 and len(mail.outbox) == 2
    assert notify_deadlines.enqueue(today=today.isoformat()).return_value == {"notifications": 0, "emails": 0}


@pytest.mark.django_db
def test_notify_deadlines_can_enqueue_instead_of_running(world: World, today: date, start_deadline: Any) -> None:
    start_deadline("contact_decision", date(2027, 1, 8))
    out = StringIO()
    call_command("notify_deadlines", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Enqueued task ")
    assert Notification.objects.count() == 2  # the tests' queue runs a task as it is enqueued


@pytest.mark.django_db
def test_the_scheduler_notifies_daily_from_six_in_the_morning(world: World, start_deadline: Any) -> None:
    import time_machine

    from joinedup.tasks.models import PeriodicTaskRun

    with time_machine.travel("2027-01-13 05:59:00+00:00", tick=False) as clock:
        start_deadline("contact_decision", date(2027, 1, 8))
        call_command("run_periodic_tasks", stdout=StringIO())
        assert not Notification.objects.exists()
        clock.move_to("2027-01-13 06:00:00+00:00")
        call_command("run_periodic_tasks", stdout=StringIO())
        assert Notification.objects.count() == 2 and len(mail.outbox) == 2
        clock.move_to("2027-01-13 18:00:00+00:00")
        call_command("run_periodic_tasks", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert PeriodicTaskRun.objects.filter(task_path="joinedup.timescales.tasks.notify_deadlines").count() == 1
