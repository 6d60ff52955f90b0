"""The synthetic authority's assessments and Family Help: realistic numbers, some late, some stepped up and down,
consistent with the front door's clocks, deterministic for a seed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from joinedup.access.models import Involvement
from joinedup.assessments.models import SingleAssessment
from joinedup.family_help.models import FamilyHelpCase, FamilyHelpStep, FamilyPlanReview
from joinedup.front_door.models import Referral
from joinedup.synthetic.generator import generate
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 20)


@pytest.fixture
def authority() -> Any:
    with time_machine.travel("2026-11-20 10:00:00+00:00", tick=False):
        yield generate(seed=11, children=1500, as_of=AS_OF)


def test_assessments_and_family_help_in_realistic_numbers(authority: Any) -> None:
    counts = authority.counts
    referrals = Referral.objects.filter(referral_date__lte=AS_OF).count()
    assert counts["assessments"] == SingleAssessment.objects.count() and counts["assessments"] >= 0.9 * referrals
    assert 0 < counts["assessments_late"] < counts["assessments"] * 0.5
    assert counts["family_help_cases"] > 20 and counts["family_help_open"] > 5
    assert counts["family_plan_reviews"] > counts["family_help_cases"] / 2
    assert counts["stepped_up"] > 0 and 0 < counts["stepped_down"] <= counts["stepped_up"]
    assert FamilyHelpStep.objects.exists() and FamilyPlanReview.objects.exists()
    # Each authorised assessment agrees with its clock.
    for a in SingleAssessment.objects.filter(status="authorised").select_related("referral")[:200]:
        clock = Deadline.objects.get(rule_code="single_assessment", subject_key=f"front_door.referral:{a.referral_id}")
        assert clock.met_on == a.completed_on and clock.due_on == a.due_on
    # Every open case's lead practitioner holds an open involvement with the child.
    for case in FamilyHelpCase.objects.filter(closed_on__isnull=True)[:100]:
        assert Involvement.objects.filter(
            practitioner_id=case.lead_practitioner_id,
            child_id=case.child_id,
            role="lead_practitioner",
            ended_on__isnull=True,
        ).exists()
    partner_led = FamilyHelpCase.objects.exclude(lead_practitioner__role="family_help_lead_practitioner").count()
    assert partner_led > 0
    print(counts)
