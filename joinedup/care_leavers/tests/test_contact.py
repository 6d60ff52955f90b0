"""The personal adviser's contact with a care leaver (issue 18, the one visit): the care leaver record opening starts
the local care_leaver_contact clock (8 weeks by default), a visit or contact at which the young person was seen meets
it and starts the next, one at which they were not seen meets nothing, and the clock is withdrawn when the leaving
care support ends (21, or 25 on request). Due dates by hand in the comments."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.care_leavers import services
from joinedup.care_leavers.tasks import care_leavers_daily
from joinedup.children_in_care import services as care
from joinedup.children_in_care.tests.conftest import foster_placement
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.timescales.models import Deadline
from joinedup.visits import services as visits
from joinedup.visits.models import VisitChild

pytestmark = pytest.mark.django_db
RULE = "care_leaver_contact"


@pytest.fixture
def former(world: World, today: date) -> Any:
    """Born 10 May 2006 (16 on 10 May 2022, 21 on 10 May 2027), looked after from 1 June 2020 to their 18th
    birthday; an eligible child from their 16th birthday."""
    actor = world.user("social_worker")
    child = ChildFactory(given_name="Ola", family_name="Adeyemi", date_of_birth=date(2006, 5, 10))
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    care.looked_after_start(
        actor=actor,
        child=child,
        details=care.LookedAfterStart(
            started_on=date(2020, 6, 1),
            legal_status="C2",
            category_of_need="N1",
            placement=foster_placement(),
            care_plan_due_on=date(2020, 6, 1),
        ),
    )
    care.looked_after_end(actor=actor, child=child, ended_on=date(2024, 5, 10), reason_ceased="E17")
    return child


def _contact(world: World, child: Any, on: date, *, seen: bool, late_reason: str = "") -> None:
    visits.visit_record(
        actor=world.user("social_worker"),
        details=visits.VisitDetails(visited_on=on, kind="elsewhere", account="Met at college", late_reason=late_reason),
        children=[
            visits.ChildAnswers(child.pk, seen=seen, seen_alone=seen, reason_not_seen="" if seen else "Did not come")
        ],
    )


def test_the_care_leaver_record_opening_starts_the_contact_clock_carried_by_the_personal_adviser(
    world: World, former: Any
) -> None:
    adviser = PractitionerFactory(role=Role.PERSONAL_ADVISER, team=world.team_a)
    services.personal_adviser_appoint(
        actor=world.user("social_worker"), child=former, adviser=adviser, started_on=date(2022, 5, 10)
    )
    services.eligible_child_record(
        actor=world.user("social_worker"), child=former, became_eligible_on=date(2022, 5, 10)
    )
    clock = Deadline.objects.get(child=former, rule_code=RULE)
    assert (clock.started_on, clock.due_on) == (date(2022, 5, 10), date(2022, 7, 5))  # + 8 weeks (56 days)
    assert clock.assignee == adviser


def test_a_contact_seeing_the_young_person_meets_the_clock_and_the_support_ending_withdraws_it(
    world: World, former: Any
) -> None:
    services.eligible_child_record(
        actor=world.user("social_worker"), child=former, became_eligible_on=date(2022, 5, 10)
    )
    first = Deadline.objects.get(child=former, rule_code=RULE)
    # Overdue since 5 July 2022: a contact after it needs a reason, and nothing is saved without one.
    with pytest.raises(ValidationError) as exc:
        _contact(world, former, date(2027, 4, 1), seen=True)
    assert set(exc.value.error_dict) == {"late_reason"}
    assert not VisitChild.objects.filter(child=former).exists()
    _contact(world, former, date(2027, 4, 1), seen=False)  # not seen: meets nothing
    first.refresh_from_db()
    assert first.met_on is None
    _contact(world, former, date(2027, 4, 2), seen=True, late_reason="Lost touch; found through the college")
    first.refresh_from_db()
    assert first.met_on == date(2027, 4, 2)
    running = Deadline.objects.get(child=former, rule_code=RULE, met_on__isnull=True)
    assert (running.started_on, running.due_on) == (date(2027, 4, 2), date(2027, 5, 28))  # + 56 days
    # The day before the 21st birthday the support continues; on it, it ends and the daily job withdraws the clock.
    assert care_leavers_daily.call(today="2027-05-09") == []
    assert care_leavers_daily.call(today="2027-05-10") == [{"deadline": running.pk, "child": former.pk}]
    assert not Deadline.objects.filter(child=former, rule_code=RULE, met_on__isnull=True).exists()
    # A contact after the support ended starts nothing ...
    _contact(world, former, date(2027, 5, 15), seen=True)
    assert not Deadline.objects.filter(child=former, rule_code=RULE, met_on__isnull=True).exists()
    # ... until the young person asks for support to 25: the clock starts again, and runs past 21.
    services.support_to_25_request(actor=world.user("social_worker"), child=former, requested_on=date(2027, 5, 20))
    again = Deadline.objects.get(child=former, rule_code=RULE, met_on__isnull=True)
    assert (again.started_on, again.due_on) == (date(2027, 5, 20), date(2027, 7, 15))
    assert care_leavers_daily.call(today="2027-07-01") == []


def test_a_visit_to_a_child_with_no_care_leaver_record_starts_no_contact_clock(world: World, former: Any) -> None:
    _contact(world, former, date(2027, 4, 1), seen=True)
    assert not Deadline.objects.filter(rule_code=RULE).exists()
