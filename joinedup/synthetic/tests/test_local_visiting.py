"""The synthetic authority's local visiting clocks (issue 18's family_help_visit and care_leaver_contact): every
child in Family Help today and every care leaver supported today carries exactly one running clock, carried by
their lead practitioner or personal adviser; each earlier clock was met by a visit at which the child was seen, and
the next started from it, as the services and visits do one by one."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
import time_machine

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.care_leavers.models import CareLeaver
from joinedup.care_leavers.visits import opened_on, support_ends_on
from joinedup.family_help.models import FamilyHelpChild
from joinedup.synthetic.generator import generate
from joinedup.timescales.models import Deadline
from joinedup.visits.models import VisitChild

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 20)


@pytest.fixture
def authority() -> Any:
    with time_machine.travel("2026-11-20 10:00:00+00:00", tick=False):
        yield generate(seed=5, children=1500, as_of=AS_OF)


def _chain_holds(rule_code: str, child_id: int) -> Deadline:
    """The child's clocks under the rule run one after another, each met on a day the child was seen; the last
    one runs today. Returns the running one."""
    clocks = list(Deadline.objects.filter(rule_code=rule_code, child_id=child_id).order_by("started_on", "id"))
    assert clocks, f"child {child_id} carries no {rule_code} clock"
    seen_on = set(VisitChild.objects.filter(child_id=child_id, seen=True).values_list("visited_on", flat=True))
    for earlier, later in itertools.pairwise(clocks):
        assert earlier.met_on is not None and earlier.met_on in seen_on
        assert later.started_on == earlier.met_on
        assert later.subject_key.startswith("visits.visitchild:")
        assert bool(earlier.late_reason) == (earlier.met_on > earlier.due_on)
    running = clocks[-1]
    assert running.met_on is None and running.started_on <= AS_OF
    return running


def test_local_visiting_clocks_run_as_the_services_would_run_them(authority: Any) -> None:
    """One authority for both rules (generating it is the slow part)."""
    _each_child_in_family_help_today_carries_one_running_visit_clock(authority)
    _each_care_leaver_supported_today_carries_one_running_contact_clock()


def _each_child_in_family_help_today_carries_one_running_visit_clock(authority: Any) -> None:
    places = FamilyHelpChild.objects.filter(case__closed_on__isnull=True, ended_on__isnull=True).select_related("case")
    assert places.count() > 5
    for place in places:
        running = _chain_holds("family_help_visit", place.child_id)
        assert running.assignee_id == place.case.lead_practitioner_id
    # Most are visited in time: the demo shows a few overdue, not all.
    running_clocks = Deadline.objects.filter(rule_code="family_help_visit", met_on__isnull=True)
    assert running_clocks.filter(due_on__lt=AS_OF).count() <= running_clocks.count() / 3
    assert authority.counts["local_visits_written"] > 0


def _each_care_leaver_supported_today_carries_one_running_contact_clock() -> None:
    advised = set(
        Involvement.objects.filter(role=InvolvementRole.PERSONAL_ADVISER, ended_on__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    supported = [
        leaver
        for leaver in CareLeaver.objects.select_related("child")
        if leaver.child_id in advised
        and (opened := opened_on(leaver)) is not None
        and (ends := support_ends_on(leaver)) is not None
        and opened <= AS_OF < ends
    ]
    assert supported
    for leaver in supported:
        running = _chain_holds("care_leaver_contact", leaver.child_id)
        assert running.assignee_id is not None
    # None is carried for a young person whose support has ended.
    ended = [leaver.child_id for leaver in CareLeaver.objects.all() if leaver not in supported]
    assert not Deadline.objects.filter(
        rule_code="care_leaver_contact", child_id__in=ended, met_on__isnull=True
    ).exists()
