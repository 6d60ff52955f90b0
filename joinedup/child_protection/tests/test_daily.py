"""A plan ends automatically, and is flagged, when the child turns 18, dies or moves away (the daily run)."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.episodes.codes import ClosureReason
from joinedup.timescales.models import Deadline

from .. import services
from ..models import ChildProtectionPlan
from .conftest import Journey

pytestmark = pytest.mark.django_db


def plan_for(journey: Journey, start: date) -> ChildProtectionPlan:
    return journey.to_plan(start)


def test_given_a_child_turning_18_when_the_daily_run_runs_then_the_plan_ends_flagged_and_its_clocks_stop(
    journey: Journey, start: date
) -> None:
    plan = plan_for(journey, start)
    eighteenth = timezone.localdate() - timedelta(days=2)
    journey.child.date_of_birth = eighteenth.replace(year=eighteenth.year - 18)
    journey.child.save()
    out = StringIO()
    call_command("child_protection_daily", stdout=out)
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (eighteenth, "turned_18")
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
    services.plans_end_automatically()
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason, plan.flagged_for_review) == (died, "died", True)


def test_given_a_child_who_moved_away_then_the_plan_ends_when_the_episode_closed(journey: Journey, start: date) -> None:
    plan = plan_for(journey, start)
    closed = timezone.localdate() - timedelta(days=1)
    episode = journey.episode
    episode.closed_on = closed
    episode.closure_reason = ClosureReason.TRANSFERRED_TO_ANOTHER_AUTHORITY
    episode.save()
    services.plans_end_automatically()
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (closed, "moved_away")


def test_a_child_under_18_living_here_keeps_their_plan(journey: Journey, start: date) -> None:
    plan = plan_for(journey, start)
    assert services.plans_end_automatically() == []
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_the_flag_shows_on_the_childs_record(journey: Journey, start: date, client_for: object) -> None:
    from django.urls import reverse

    plan_for(journey, start)
    journey.child.date_of_death = timezone.localdate()
    journey.child.save()
    services.plans_end_automatically()
    page = client_for("social_worker").get(reverse("child_protection:record", args=[journey.child.pk]))  # type: ignore[operator]
    assert "ended automatically" in page.content.decode()
