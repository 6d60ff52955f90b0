"""What a visit does for a looked-after child's regulation 28 visiting clocks (joinedup/core/visits.py, issue 18).

A visit on a day the child lived in a placement is one of that placement's statutory visits (a StatutoryVisit linked
to the child's part of the visit, keeping the placement and so the visiting pattern of the day). When the child was
seen it meets the visiting clock that was running (the first visit to a new placement, or the pattern's next) and,
when it is the latest visit to a placement still open, starts the next by the placement's pattern
(services/visits.py: `next_visit_rule`). A child not seen meets nothing: the clock keeps running."""

from __future__ import annotations

from collections.abc import Iterator

from joinedup.audit import services as auditor
from joinedup.core.visits import ChildVisited, VisitClock, VisitProblem, late_visit_problem
from joinedup.timescales.selectors import open_clocks_a_visit_meets
from joinedup.ui.govuk import uk_date

from .models import LookedAfterReview, StatutoryVisit
from .services._common import VISIT_RULES, clock_start, clocks_meet, practitioner
from .services.periods import _lock_child, placement_on
from .services.visits import next_visit_rule


def check(visit: ChildVisited) -> Iterator[VisitProblem]:
    if not visit.seen or visit.late_reason:
        return
    if placement_on(visit.child, visit.visited_on) is None:
        return
    clocks = open_clocks_a_visit_meets(child_id=visit.child.pk, rule_codes=VISIT_RULES, on=visit.visited_on)
    late = [clock for clock in clocks if clock.due_on < visit.visited_on]
    if late:
        yield late_visit_problem(visit, duty="statutory visit", due_on=uk_date(late[0].due_on))


def record(visit: ChildVisited) -> None:
    child = visit.child
    _lock_child(child)
    placement = placement_on(child, visit.visited_on)
    if placement is None:
        return  # not looked after that day: not a statutory visit
    row = StatutoryVisit(
        child=child,
        placement=placement,
        visit_child=visit.visit_child,
        recorded_by=practitioner(visit.actor),
        visited_by=practitioner(visit.actor),
        visited_on=visit.visited_on,
        child_seen=visit.seen,
        child_seen_alone=visit.seen_alone,
        reason_not_seen_alone=visit.reason_not_seen_alone,
    )
    row.full_clean()
    row.save()
    auditor.record_created(actor=visit.actor, obj=row, child_id=child.pk)
    if not visit.seen:
        return  # only a visit at which the child was seen meets the duty; otherwise the clock keeps running
    earlier = StatutoryVisit.objects.filter(placement=placement).exclude(pk=row.pk)
    clocks_meet(
        actor=visit.actor,
        child=child,
        rule_codes=VISIT_RULES,
        met_on=visit.visited_on,
        late_reason=visit.late_reason,
        subjects=[placement, *earlier],
    )
    later = earlier.filter(child_seen=True, visited_on__gt=visit.visited_on).exists()
    if placement.ended_on is None and not later:
        first_review_held = LookedAfterReview.objects.filter(
            period_id=placement.period_id, held_on__lte=visit.visited_on
        ).exists()
        rule, interval = next_visit_rule(placement, visit.visited_on, first_review_held=first_review_held)
        clock_start(
            actor=visit.actor,
            rule_code=rule,
            child=child,
            subject=row,
            started_on=visit.visited_on,
            interval=interval,
        )


VISIT_CLOCKS = [VisitClock("children_in_care.regulation_28_visit", record=record, check=check)]
