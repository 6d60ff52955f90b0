"""What a visit (or other direct contact) does for the personal adviser's contact with a care leaver
(joinedup/core/visits.py, issue 18).

Opening a care leaver record (services.py: `eligible_child_record`, or a request for support to 25 that opens one)
starts a `care_leaver_contact` clock (every 8 weeks by default: a local default for the statutory guidance's
expectation, timescales/rules.toml). While the young person has a personal adviser (to 21, or to 25 when they asked:
`personal_adviser_until`), a visit or contact at which they were seen meets the open clock and starts the next from
it; a young person not seen meets nothing and the clock keeps running. The daily job withdraws the clock when the
leaving care support ends (services.py: `contact_clocks_end_with_support`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.models import Practitioner
from joinedup.core.visits import ChildVisited, VisitClock, VisitProblem, late_visit_problem
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import open_clocks_a_visit_meets
from joinedup.ui.govuk import uk_date

from .eligibility import personal_adviser_until
from .models import CareLeaver

CARE_LEAVER_CONTACT = "care_leaver_contact"


def opened_on(leaver: CareLeaver) -> date | None:
    """The day the care leaver record opened: the child became eligible, or (with no such day) asked for support
    to 25."""
    return leaver.became_eligible_on or leaver.support_to_25_requested_on


def support_ends_on(leaver: CareLeaver) -> date | None:
    """The day the leaving care support ends: the 21st birthday, or the 25th when the young person asked."""
    if leaver.child.date_of_birth is None:
        return None
    return personal_adviser_until(
        date_of_birth=leaver.child.date_of_birth, support_to_25_requested=bool(leaver.support_to_25_requested_on)
    )


def _supported(child_id: int, on: date) -> CareLeaver | None:
    """The young person's care leaver record, when on `on` it was open and the leaving care support had not ended."""
    leaver = CareLeaver.objects.filter(child_id=child_id).select_related("child").first()
    if leaver is None:
        return None
    opened, ends = opened_on(leaver), support_ends_on(leaver)
    if opened is None or ends is None or not opened <= on < ends:
        return None
    return leaver


def adviser(child: Person, on: date) -> Practitioner | None:
    """The young person's personal adviser on `on`, who carries the contact clock (rules.toml: carried_by)."""
    involvement = (
        Involvement.objects.filter(child=child, role=InvolvementRole.PERSONAL_ADVISER, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("practitioner")
        .order_by("-started_on", "-id")
        .first()
    )
    return involvement.practitioner if involvement is not None else None


def _due(child_id: int, on: date) -> list[Deadline]:
    """The open contact clocks this visit meets."""
    return open_clocks_a_visit_meets(child_id=child_id, rule_codes=[CARE_LEAVER_CONTACT], on=on)


def check(visit: ChildVisited) -> Iterator[VisitProblem]:
    if not visit.seen or visit.late_reason or _supported(visit.child.pk, visit.visited_on) is None:
        return
    late = [d for d in _due(visit.child.pk, visit.visited_on) if d.due_on < visit.visited_on]
    if late:
        yield late_visit_problem(
            visit, duty="contact with their personal adviser", due_on=uk_date(late[0].due_on), kind="contact"
        )


def record(visit: ChildVisited) -> None:
    if not visit.seen:
        return  # only a contact at which the young person was seen meets the duty
    leaver = _supported(visit.child.pk, visit.visited_on)
    if leaver is None:
        return
    for deadline in _due(visit.child.pk, visit.visited_on):
        timescales.deadline_meet(
            actor=visit.actor, deadline=deadline, met_on=visit.visited_on, late_reason=visit.late_reason
        )
    later = Deadline.objects.filter(
        child_id=visit.child.pk, rule_code=CARE_LEAVER_CONTACT, started_on__gt=visit.visited_on
    ).exists()
    if not later:
        timescales.deadline_start(
            actor=visit.actor,
            rule_code=CARE_LEAVER_CONTACT,
            child=visit.child,
            subject=visit.visit_child,
            started_on=visit.visited_on,
            assignee=adviser(visit.child, visit.visited_on),
        )


VISIT_CLOCKS = [VisitClock("care_leavers.contact", record=record, check=check)]
