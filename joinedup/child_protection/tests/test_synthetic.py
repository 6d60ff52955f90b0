"""The synthetic authority's child protection work: strategy discussions with police and health, enquiries,
conferences (some late) and plans (some repeat plans), each clock a Deadline row; the demo partners have a
conference to send their report to."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db.models import F

from joinedup.synthetic.generator import generate
from joinedup.timescales.models import Deadline

from ..models import ChildProtectionPlan, Conference, ConferenceInvitation, Section47Enquiry, StrategyDiscussion

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 20)


@pytest.fixture
def authority() -> Any:
    with time_machine.travel("2026-11-20 10:00:00+00:00", tick=False):
        yield generate(seed=5, children=3000, as_of=AS_OF)


def test_strategy_discussions_enquiries_conferences_and_plans_in_realistic_proportions(authority: Any) -> None:
    discussions = StrategyDiscussion.objects.count()
    enquiries = Section47Enquiry.objects.count()
    plans = ChildProtectionPlan.objects.filter(is_repeat=False, episode__closed_on__isnull=True).count()
    assert discussions >= 20
    assert 0.6 * discussions <= enquiries <= discussions
    assert 0 < plans < enquiries
    for sd in StrategyDiscussion.objects.prefetch_related("participants")[:20]:
        assert {"local_authority", "police", "health"} <= {p.agency for p in sd.participants.all()}
    late = Deadline.objects.filter(rule_code="initial_child_protection_conference", met_on__gt=F("due_on"))
    on_time = Deadline.objects.filter(rule_code="initial_child_protection_conference", met_on__lte=F("due_on"))
    assert late.exists() and on_time.count() > late.count()
    assert ChildProtectionPlan.objects.filter(is_repeat=True).exists()
    repeat = ChildProtectionPlan.objects.filter(is_repeat=True).first()
    assert repeat is not None
    assert ChildProtectionPlan.objects.filter(child=repeat.child, started_on__lt=repeat.started_on).exists()
    assert not ChildProtectionPlan.objects.filter(ended_on__isnull=True, episode__closed_on__isnull=False).exists()
    assert {p.initial_category for p in ChildProtectionPlan.objects.all()} <= {"NEG", "PHY", "SAB", "EMO", "MUL"}


def test_the_demo_police_officer_and_health_visitor_have_a_conference_to_report_to(authority: Any) -> None:
    for username in ("police.officer", "health.visitor"):
        invited = ConferenceInvitation.objects.filter(
            practitioner__user__username=username, conference__status="arranged"
        )
        assert invited.exists(), username
    assert Conference.objects.filter(status="arranged", planned_for__gt=AS_OF).exists()


def test_partners_involvements_end_with_the_work_in_the_synthetic_authority(authority: Any) -> None:
    from joinedup.access.models import Involvement, InvolvementWork

    from ..selectors import STILL_OPEN, parts_last_days

    created = Involvement.objects.filter(work=InvolvementWork.CHILD_PROTECTION)
    assert created.count() > 0
    ended_strategy = StrategyDiscussion.objects.filter(outcome="no_section_47").values("child_id")
    assert created.filter(child_id__in=ended_strategy, ended_on__isnull=False).exists()
    assert created.filter(ended_on__isnull=True).exists()  # open work keeps its partners
    last = parts_last_days(set(created.values_list("child_id", flat=True)))
    for involvement in created:
        until = last[(involvement.child_id, involvement.practitioner_id)]
        expected = None if until is STILL_OPEN else max(until, involvement.started_on)
        assert involvement.ended_on == expected
