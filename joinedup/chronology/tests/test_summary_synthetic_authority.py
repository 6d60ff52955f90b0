"""For every child of a 3,000-child synthetic authority, the case summary's plan in force and last seen agree with the
record (issue 18, items 1 and 2): the summary (chronology.selectors.case_summary_get, fed by each app's summary
sources) against what each part of the record's own selectors say is in force, child by child, and its "last seen"
and "last seen alone" against the visits each part of the record holds (the child protection plan's visits, the
looked-after child's statutory visits, the case notes of a visit), each of which is one of the child's visits. One
generation serves the whole test, as of 30 April 2027 and read on that day."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import Any

import pytest
import time_machine

from joinedup.care_leavers.models import PathwayPlan
from joinedup.child_protection.models import ChildProtectionVisit
from joinedup.child_protection.selectors import open_plan_for
from joinedup.children_in_care.models import StatutoryVisit
from joinedup.children_in_care.selectors import current_or_last_period
from joinedup.children_in_care.services.periods import care_plan_in_force
from joinedup.chronology.selectors import case_summary_get
from joinedup.family_help.models import FamilyHelpChild, FamilyPlan
from joinedup.family_help.selectors import family_help_cases_for_child
from joinedup.people.models import Person
from joinedup.synthetic.generator import generate
from joinedup.visits.models import VisitChild

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


def _seen_as_each_part_of_the_record_has_it() -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """Every child's last seen and last seen alone, as the child protection plans' visits, the statutory visits of
    children in care and the visits recorded since (the visits app, which holds the case notes of a visit too) have
    it; each plan or statutory visit must be one of the child's visits (checked), so nothing recorded is lost."""
    seen: dict[int, list[dt.date]] = {}
    alone: dict[int, list[dt.date]] = {}
    unlinked = []
    for cp in ChildProtectionVisit.objects.select_related("plan").order_by("id"):
        if cp.visit_child_id is None:
            unlinked.append(("child protection visit", cp.pk))
        if cp.child_seen:
            seen.setdefault(cp.plan.child_id, []).append(cp.visited_on)
        if cp.child_seen_alone:
            alone.setdefault(cp.plan.child_id, []).append(cp.visited_on)
    for sv in StatutoryVisit.objects.order_by("id"):
        if sv.visit_child_id is None:
            unlinked.append(("statutory visit", sv.pk))
        if sv.child_seen:
            seen.setdefault(sv.child_id, []).append(sv.visited_on)
        if sv.child_seen_alone:
            alone.setdefault(sv.child_id, []).append(sv.visited_on)
    for vc in VisitChild.objects.order_by("id"):
        if vc.seen:
            seen.setdefault(vc.child_id, []).append(vc.visited_on)
        if vc.seen_alone:
            alone.setdefault(vc.child_id, []).append(vc.visited_on)
    assert unlinked == [], "every visit a part of the record holds is one of the child's visits"
    children = set(seen) | set(alone)
    return {c: (max(seen.get(c, []), default=None), max(alone.get(c, []), default=None)) for c in children}


@pytest.mark.django_db(transaction=False)
def test_every_childs_summary_has_the_plans_in_force_and_the_last_seen_the_record_has() -> None:
    started = time.monotonic()
    ctx = generate(seed=1, children=CHILDREN, as_of=AS_OF)
    generated = time.monotonic() - started
    reader: Any = ctx.demo_practitioners["social.worker"].user
    kinds: Counter[str] = Counter()
    disagreements = []
    seen_disagreements = []
    seen_by_the_record = _seen_as_each_part_of_the_record_has_it()
    with time_machine.travel(dt.datetime(2027, 4, 30, 10, tzinfo=dt.UTC), tick=False):
        children = list(Person.objects.filter(child_profile__isnull=False).order_by("id"))
        assert len(children) >= CHILDREN
        for child in children:
            summary = case_summary_get(actor=reader, child=child)
            shown = {(item.title, item.on) for item in summary.plan}
            expected = _plans_the_record_has_in_force(child, AS_OF)
            if shown != expected:
                disagreements.append((child.pk, sorted(shown, key=str), sorted(expected, key=str)))
            last_seen = seen_by_the_record.get(child.pk, (None, None))
            if (summary.last_seen, summary.last_seen_alone) != last_seen:
                seen_disagreements.append((child.pk, (summary.last_seen, summary.last_seen_alone), last_seen))
            if last_seen[0] is not None:
                kinds["seen"] += 1
            kinds.update(kind for kind, _ in expected)
            if not expected:
                kinds["none"] += 1
    assert disagreements == []
    assert seen_disagreements == []
    # Every kind of plan is in force for some of the authority's children, so each was compared (and some have none).
    for kind in ("Child protection plan", "Family plan", "Care plan", "Pathway plan", "none", "seen"):
        assert kinds[kind] > 0, (kind, kinds)
    elapsed = time.monotonic() - started
    print(f"generated in {generated:.1f} s; {len(children)} summaries compared, {elapsed:.1f} s in all; {dict(kinds)}")
