"""A plan ends automatically, and is flagged, when the child turns 18, dies or moves away (the daily run)."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.core.actors import system_actor
from joinedup.episodes.codes import ClosureReason
from joinedup.timescales.models import Deadline

from .. import services
from ..models import ChildProtectionPlan
from .conftest import Journey

pytestmark = pytest.mark.django_db

DAILY_JOBS = system_actor("daily-jobs")


def plan_for(journey: Journey, start: date) -> ChildProtectionPlan:
    return journey.to_plan(start)


def test_given_a_child_turning_18_when_the_daily_run_runs_then_the_plan_ends_flagged_and_its_clocks_stop(
    journey: Journey, start: date
) -> None:
    plan = plan_for(journey, start)
    eighteenth = timezone.localdate() - timedelta(days=2)
    journey.child.date_of_birth = eighteenth.replace(year=eighteenth.year - 18)
    journey.child.save()
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    out = StringIO()
    call_command("child_protection_daily", stdout=out)
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (eighteenth, "turned_18")
    # No user did this: every event the run wrote (the plan's end, the clocks withdrawn) names the daily jobs.
    written = AuditEvent.objects.filter(id__gt=before)
    assert written.exists()
    assert set(written.values_list("actor_id", "actor_system")) == {(None, "daily-jobs")}
    assert plan.ended_automatically and plan.flagged_for_review
    assert not Deadline.objects.filter(child=journey.child, met_on__isnull=True, rule_code__in=services.PLAN_RULES)
    assert AuditEvent.objects.filter(object_type="timescales.deadline", action="deleted").exists()
    assert "1 plan ended automatically" in out.getvalue()
    call_command("child_protection_daily", stdout=(again := StringIO()))
    assert "0 plans ended automatically" in again.getvalue()


def test_given_a_child_who_died_then_the_plan_ends_on_the_date_of_death(journey: Journey, start: date) -> None:
    plan = plan_for(journey, start)
    died = timezone.localdate() - timedelta(days=5)
    journey.child.date_of_death = died
    journey.child.save()
    services.plans_end_automatically(actor=DAILY_JOBS)
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason, plan.flagged_for_review) == (died, "died", True)


def test_given_a_child_who_moved_away_then_the_plan_ends_when_the_episode_closed(journey: Journey, start: date) -> None:
    plan = plan_for(journey, start)
    closed = timezone.localdate() - timedelta(days=1)
    episode = journey.episode
    episode.closed_on = closed
    episode.closure_reason = ClosureReason.TRANSFERRED_TO_ANOTHER_AUTHORITY
    episode.save()
    services.plans_end_automatically(actor=DAILY_JOBS)
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (closed, "moved_away")


def test_a_child_under_18_living_here_keeps_their_plan(journey: Journey, start: date) -> None:
    plan = plan_for(journey, start)
    assert services.plans_end_automatically(actor=DAILY_JOBS) == []
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_the_flag_shows_on_the_childs_record(journey: Journey, start: date, client_for: object) -> None:
    from django.urls import reverse

    plan_for(journey, start)
    journey.child.date_of_death = timezone.localdate()
    journey.child.save()
    services.plans_end_automatically(actor=DAILY_JOBS)
    page = client_for("social_worker").get(reverse("child_protection:record", args=[journey.child.pk]))  # type: ignore[operator]
    assert "ended automatically" in page.content.decode()


# -- the daily task (ADR 0017): what the command did, run by the task worker --------------------------------------


def _turned_18_two_days_ago(journey: Journey, start: date) -> tuple[ChildProtectionPlan, date]:
    plan = plan_for(journey, start)
    eighteenth = timezone.localdate() - timedelta(days=2)
    journey.child.date_of_birth = eighteenth.replace(year=eighteenth.year - 18)
    journey.child.save()
    return plan, eighteenth


def test_the_daily_task_ends_the_plan_as_the_daily_jobs_and_says_which(journey: Journey, start: date) -> None:
    from django_tasks import TaskResultStatus

    from ..tasks import child_protection_daily

    plan, eighteenth = _turned_18_two_days_ago(journey, start)
    result = child_protection_daily.enqueue(today=timezone.localdate().isoformat())  # run at once in tests
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == [{"plan": plan.pk, "on": eighteenth.isoformat(), "reason": "turned_18"}]
    plan.refresh_from_db()
    assert (plan.ended_on, plan.ended_automatically, plan.flagged_for_review) == (eighteenth, True, True)
    assert not Deadline.objects.filter(child=journey.child, met_on__isnull=True, rule_code__in=services.PLAN_RULES)
    assert set(AuditEvent.objects.values_list("actor_system", flat=True).filter(actor__isnull=True)) == {"daily-jobs"}


def test_the_command_prints_each_plan_and_can_enqueue_instead(journey: Journey, start: date) -> None:
    plan, eighteenth = _turned_18_two_days_ago(journey, start)
    out = StringIO()
    call_command("child_protection_daily", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Enqueued task ")
    plan.refresh_from_db()
    assert plan.ended_on == eighteenth  # the tests' queue runs a task as it is enqueued
    other = StringIO()
    call_command("child_protection_daily", "--today", timezone.localdate().isoformat(), stdout=other)
    assert other.getvalue() == "0 plans ended automatically\n"


def test_the_command_prints_each_plan_it_ended(journey: Journey, start: date) -> None:
    plan, eighteenth = _turned_18_two_days_ago(journey, start)
    out = StringIO()
    call_command("child_protection_daily", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Plan {plan.pk} ended {eighteenth.isoformat()}: turned_18",
        "1 plan ended automatically",
    ]


def test_the_scheduler_runs_it_daily_from_half_past_midnight(journey: Journey, start: date) -> None:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    import time_machine

    from joinedup.tasks.models import PeriodicTaskRun

    plan, eighteenth = _turned_18_two_days_ago(journey, start)
    london = ZoneInfo("Europe/London")
    today = timezone.localdate()
    with time_machine.travel(datetime.combine(today, time(0, 29), tzinfo=london), tick=False) as clock:
        call_command("run_periodic_tasks", stdout=StringIO())
        plan.refresh_from_db()
        assert plan.ended_on is None
        clock.move_to(datetime.combine(today, time(0, 30), tzinfo=london))
        call_command("run_periodic_tasks", stdout=(out := StringIO()))
    assert "Enqueued joinedup.child_protection.tasks.child_protection_daily" in out.getvalue()
    plan.refresh_from_db()
    assert plan.ended_on == eighteenth
    assert PeriodicTaskRun.objects.filter(
        task_path="joinedup.child_protection.tasks.child_protection_daily", run_on=today
    ).exists()
