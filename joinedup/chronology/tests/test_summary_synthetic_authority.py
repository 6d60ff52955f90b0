"""For every child of a 3,000-child synthetic authority, the case summary's plan in force agrees with the record
(issue 18, item 2): the summary (chronology.selectors.case_summary_get, fed by each app's summary sources) against
what each part of the record's own selectors say is in force, child by child. One generation serves the whole test,
as of 30 April 2027 and read on that day."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import Any

import pytest
import time_machine

from joinedup.care_leavers.models import PathwayPlan
from joinedup.child_protection.selectors import open_plan_for
from joinedup.children_in_care.selectors import current_or_last_period
from joinedup.children_in_care.services.periods import care_plan_in_force
from joinedup.chronology.selectors import case_summary_get
from joinedup.family_help.models import FamilyHelpChild, FamilyPlan
from joinedup.family_help.selectors import family_help_cases_for_child
from joinedup.people.models import Person
from joinedup.synthetic.generator import generate

AS_OF = dt.date(2027, 4, 30)
CHILDREN = 3000


def _plans_the_record_has_in_force(child: Person, today: dt.date) -> set[tuple[str, dt.date]]:
    """Each plan in force, as its own part of the record says: (its kind, the day it was agreed or started)."""
    found: set[tuple[str, dt.date]] = set()
    plan = open_plan_for(child)  # the child protection record's open plan
    if plan is not None:
        found.add(("Child protection plan", plan.started_on))
    # The family's record: an open case shows the children it covers now, and the plan not replaced.
    for case in family_help_cases_for_child(child=child):
        covered = FamilyHelpChild.objects.filter(case=case, child=child, ended_on__isnull=True).exists()
        if case.is_open and covered:
            family_plan = FamilyPlan.objects.filter(case=case, replaced_on__isnull=True).first()
            if family_plan is not None:
                found.add(("Family plan", family_plan.agreed_on))
    period = current_or_last_period(child=child)  # the care history's current period, and its plan in force
    if period is not None and period.ended_on is None:
        care_plan = care_plan_in_force(period, today)
        if care_plan is not None:
            found.add(("Care plan", care_plan.agreed_on))
    pathway = PathwayPlan.objects.filter(child=child).order_by("agreed_on", "id").last()  # the leaving care record's
    if pathway is not None:
        found.add(("Pathway plan", pathway.agreed_on))
    return found


@pytest.mark.django_db(transaction=False)
def test_given_a_synthetic_authority_then_every_childs_summary_has_the_plans_the_record_has_in_force() -> None:
    started = time.monotonic()
    ctx = generate(seed=1, children=CHILDREN, as_of=AS_OF)
    generated = time.monotonic() - started
    reader: Any = ctx.demo_practitioners["social.worker"].user
    kinds: Counter[str] = Counter()
    disagreements = []
    with time_machine.travel(dt.datetime(2027, 4, 30, 10, tzinfo=dt.UTC), tick=False):
        children = list(Person.objects.filter(child_profile__isnull=False).order_by("id"))
        assert len(children) >= CHILDREN
        for child in children:
            summary = case_summary_get(actor=reader, child=child)
            shown = {(item.title, item.on) for item in summary.plan}
            expected = _plans_the_record_has_in_force(child, AS_OF)
            if shown != expected:
                disagreements.append((child.pk, sorted(shown, key=str), sorted(expected, key=str)))
            kinds.update(kind for kind, _ in expected)
            if not expected:
                kinds["none"] += 1
    assert disagreements == []
    # Every kind of plan is in force for some of the authority's children, so each was compared (and some have none).
    for kind in ("Child protection plan", "Family plan", "Care plan", "Pathway plan", "none"):
        assert kinds[kind] > 0, (kind, kinds)
    elapsed = time.monotonic() - started
    print(f"generated in {generated:.1f} s; {len(children)} summaries compared, {elapsed:.1f} s in all; {dict(kinds)}")
