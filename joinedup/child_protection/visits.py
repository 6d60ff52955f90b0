"""What a visit does for the child protection plan's visiting clock (joinedup/core/visits.py, issue 18).

A visit while a plan is in force is one of the plan's visits (a ChildProtectionVisit linked to the child's part of
the visit). When the child was seen, it meets the open child protection visit clock and starts the next one from this
visit; a child not seen meets nothing and the clock keeps running. A visit on a day no plan was in force is not a
child protection visit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q

from joinedup.access.scopes import practitioner_of
from joinedup.audit import services as auditor
from joinedup.core.visits import ChildVisited, VisitClock, VisitProblem, late_visit_problem
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import open_clocks_a_visit_meets
from joinedup.ui.govuk import uk_date

from .models import ChildProtectionPlan, ChildProtectionVisit
from .services._common import clock_start

RULE = "child_protection_visit"


def _plan_on(child_id: int, on: date) -> ChildProtectionPlan | None:
    return (
        ChildProtectionPlan.objects.filter(child_id=child_id, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .order_by("-started_on", "-id")
        .first()
    )


def _due(plan: ChildProtectionPlan, on: date) -> list[Deadline]:
    """The plan's open visit clocks this visit meets: those started on or before it."""
    keys = [timescales.subject_key_of(plan)] + [timescales.subject_key_of(v) for v in plan.visits.all()]
    return open_clocks_a_visit_meets(child_id=plan.child_id, rule_codes=[RULE], on=on, subject_keys=keys)


def check(visit: ChildVisited) -> Iterator[VisitProblem]:
    if not visit.seen or visit.late_reason:
        return
    plan = _plan_on(visit.child.pk, visit.visited_on)
    if plan is None:
        return
    for deadline in _due(plan, visit.visited_on):
        if deadline.due_on < visit.visited_on:
            yield late_visit_problem(visit, duty="child protection visit", due_on=uk_date(deadline.due_on))
            return


def record(visit: ChildVisited) -> None:
    plan = _plan_on(visit.child.pk, visit.visited_on)
    if plan is None:
        return
    row = ChildProtectionVisit.objects.create(
        plan=plan,
        visit_child=visit.visit_child,
        visited_on=visit.visited_on,
        visited_by=practitioner_of(visit.actor),
        child_seen=visit.seen,
        child_seen_alone=visit.seen_alone,
        reason_not_seen_alone=visit.reason_not_seen_alone,
    )
    auditor.record_created(actor=visit.actor, obj=row, child_id=plan.child_id)
    if not visit.seen:
        return  # only a visit at which the child was seen meets the duty
    for deadline in _due(plan, visit.visited_on):
        timescales.deadline_meet(
            actor=visit.actor, deadline=deadline, met_on=visit.visited_on, late_reason=visit.late_reason
        )
    later = plan.visits.filter(child_seen=True, visited_on__gt=visit.visited_on).exists()
    if plan.ended_on is None and not later:
        clock_start(visit.actor, RULE, plan.child, row, visit.visited_on)


VISIT_CLOCKS = [VisitClock("child_protection.plan_visit", record=record, check=check)]
