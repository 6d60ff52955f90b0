"""The synthetic authority's care histories: realistic proportions, valid records, demo caseloads with overdue
work, care leavers to 25."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from joinedup.access.scopes import children_visible_to
from joinedup.care_leavers.models import CareLeaver, CareLeaverCircumstances, PathwayPlan
from joinedup.children_in_care.codes import FOSTER_PLACEMENTS
from joinedup.children_in_care.models import CareEpisode, LookedAfterReview, PeriodOfCare, Placement, SchoolTerm
from joinedup.people.models import ChildProfile
from joinedup.synthetic.generator import generate
from joinedup.timescales.models import Deadline

AS_OF = date(2026, 11, 20)


@pytest.mark.django_db
def test_care_histories_in_realistic_proportions() -> None:
    generate(seed=4, children=6000, as_of=AS_OF)
    open_periods = PeriodOfCare.objects.filter(ended_on__isnull=True)
    looked_after = open_periods.count()
    assert 30 <= looked_after <= 55  # about 70 in 10,000 children: 42
    assert ChildProfile.objects.filter(is_looked_after=True).count() == looked_after
    current = Counter(Placement.objects.filter(ended_on__isnull=True).values_list("placement_type", flat=True))
    foster = sum(n for kind, n in current.items() if kind in FOSTER_PLACEMENTS)
    assert foster / looked_after > 0.45  # mostly foster care
    reasons = Counter(PeriodOfCare.objects.exclude(reason_ceased="").values_list("reason_ceased", flat=True))
    assert reasons["E11"] + reasons["E12"] > 0 or reasons["E45"] + reasons["E46"] + reasons["E47"] > 0
    moves = Counter(PeriodOfCare.objects.values_list("placements__period_id", flat=True))
    assert any(n > 1 for n in moves.values())  # some placement moves
    # Every period's episodes start with "S" and run without a gap to the end of care.
    for period in PeriodOfCare.objects.prefetch_related("episodes")[:40]:
        episodes = sorted(period.episodes.all(), key=lambda e: e.started_on)
        assert episodes[0].reason_new_episode == "S" and episodes[0].started_on == period.started_on
        for before, after in itertools.pairwise(episodes):
            assert before.ended_on == after.started_on and before.reason_ceased == "X1"
        assert episodes[-1].ended_on == period.ended_on
    assert CareEpisode.objects.filter(ended_on__isnull=True).count() == looked_after
    # Care leavers to 25, with pathway plans and what they were doing around their birthdays.
    leavers = CareLeaver.objects.select_related("child")
    ages = [(AS_OF - leaver.child.date_of_birth).days // 365 for leaver in leavers if leaver.child.date_of_birth]
    assert max(ages) >= 21 and min(ages) <= 18
    assert PathwayPlan.objects.exists() and CareLeaverCircumstances.objects.exists()
    assert SchoolTerm.objects.exists()  # term dates of the schools looked-after children attend


@pytest.mark.django_db
def test_demo_users_have_looked_after_children_and_overdue_work() -> None:
    generate(seed=1, children=1500, as_of=AS_OF)
    users = {u.username: u for u in get_user_model().objects.all()}
    for username in ("lac.nurse", "designated.teacher", "foster.carer", "personal.adviser"):
        assert username in users
    social_worker = users["social.worker"]
    looked_after = children_visible_to(social_worker).filter(child_profile__is_looked_after=True)
    assert looked_after.count() >= 4
    worker = social_worker.practitioner
    overdue = Deadline.objects.filter(assignee=worker, met_on__isnull=True, due_on__lt=AS_OF)
    assert overdue.filter(rule_code__contains="visit").exists()
    iro = users["iro"].practitioner
    assert Deadline.objects.filter(
        assignee=iro, met_on__isnull=True, due_on__lt=AS_OF, rule_code__endswith="review"
    ).exists()
    assert LookedAfterReview.objects.filter(chair=iro).exists()
    assert children_visible_to(users["lac.nurse"]).exists()
    assert children_visible_to(users["foster.carer"]).count() >= 1
