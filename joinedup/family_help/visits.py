"""What a visit does for Family Help's local visiting rule (joinedup/core/visits.py, issue 18).

Opening Family Help starts a `family_help_visit` clock for each child the family's Family Help covers
(services/cases.py; 20 working days by default, a local rule the project added beyond RULES.md: see
timescales/rules.toml). While the child's Family Help is open, a visit at which the child was seen meets the open
clock and starts the next from this visit; a child not seen meets nothing and the clock keeps running. Closing
Family Help withdraws the clock (services/cases.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q

from joinedup.core.visits import ChildVisited, VisitClock, VisitProblem, late_visit_problem
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import open_clocks_a_visit_meets
from joinedup.ui.govuk import uk_date

from .models import FamilyHelpChild

FAMILY_HELP_VISIT = "family_help_visit"


def _in_family_help(child_id: int, on: date) -> FamilyHelpChild | None:
    """The child's place in a Family Help case open on `on`, if any."""
    return (
        FamilyHelpChild.objects.filter(child_id=child_id, case__opened_on__lte=on, added_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .filter(Q(case__closed_on__isnull=True) | Q(case__closed_on__gte=on))
        .select_related("case")
        .order_by("-case__opened_on", "-id")
        .first()
    )


def _due(child_id: int, on: date) -> list[Deadline]:
    """The child's open Family Help visit clocks this visit meets."""
    return open_clocks_a_visit_meets(child_id=child_id, rule_codes=[FAMILY_HELP_VISIT], on=on)


def check(visit: ChildVisited) -> Iterator[VisitProblem]:
    if not visit.seen or visit.late_reason or _in_family_help(visit.child.pk, visit.visited_on) is None:
        return
    late = [d for d in _due(visit.child.pk, visit.visited_on) if d.due_on < visit.visited_on]
    if late:
        yield late_visit_problem(visit, duty="Family Help visit", due_on=uk_date(late[0].due_on))


def record(visit: ChildVisited) -> None:
    if not visit.seen:
        return  # only a visit at which the child was seen meets the duty
    place = _in_family_help(visit.child.pk, visit.visited_on)
    if place is None:
        return  # not in Family Help that day
    for deadline in _due(visit.child.pk, visit.visited_on):
        timescales.deadline_meet(
            actor=visit.actor, deadline=deadline, met_on=visit.visited_on, late_reason=visit.late_reason
        )
    later = Deadline.objects.filter(
        child_id=visit.child.pk, rule_code=FAMILY_HELP_VISIT, started_on__gt=visit.visited_on
    ).exists()
    if place.case.closed_on is None and place.ended_on is None and not later:
        timescales.deadline_start(
            actor=visit.actor,
            rule_code=FAMILY_HELP_VISIT,
            child=visit.child,
            subject=visit.visit_child,
            started_on=visit.visited_on,
        )


VISIT_CLOCKS = [VisitClock("family_help.visit", record=record, check=check)]
