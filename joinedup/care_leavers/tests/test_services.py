"""Care leavers' services: eligibility and the needs assessment clock, pathway plans reviewed at most every 6 months,
the personal adviser to 21 and to 25 on request, in touch/activity/accommodation around each birthday, staying put.
Due dates are worked out by hand in the comments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.care_leavers import services
from joinedup.care_leavers.errors import CareLeaverError
from joinedup.care_leavers.models import CareLeaverCircumstances, StayingPut
from joinedup.children_in_care import services as care
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.people.factories import ChildFactory
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, set[str]]:
    return {name: {e.code for e in errors} for name, errors in exc.value.error_dict.items()}  # type: ignore[misc]


@pytest.fixture
def young_person(world: World, today: date, start_care: Callable[..., Any]) -> Any:
    """Born 15 January 2010 (16 on 15 January 2026); looked after from 1 December 2025."""
    child = ChildFactory(given_name="Jade", family_name="Okonkwo", date_of_birth=date(2010, 1, 15))
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    start_care(date(2025, 12, 1), child=child)
    return child


def test_eligibility_starts_the_needs_assessment_clock(world: World, young_person: Any) -> None:
    actor = world.user("social_worker")
    with pytest.raises(ValidationError) as exc:  # 90 days looked after: not yet 13 weeks
        services.eligible_child_record(actor=actor, child=young_person, became_eligible_on=date(2026, 2, 28))
    assert codes(exc) == {"became_eligible_on": {CareLeaverError.NOT_ELIGIBLE}}
    services.eligible_child_record(actor=actor, child=young_person, became_eligible_on=date(2026, 3, 1))
    clock = Deadline.objects.get(rule_code="eligible_child_needs_assessment")
    assert clock.due_on == date(2026, 6, 1)  # 1 March + 3 months
    services.needs_assessment_record(actor=actor, child=young_person, completed_on=date(2026, 5, 20))
    clock.refresh_from_db()
    assert clock.met_on == date(2026, 5, 20)
    with pytest.raises(ValidationError) as exc:
        services.eligible_child_record(actor=actor, child=young_person, became_eligible_on=date(2026, 3, 2))
    assert codes(exc) == {"became_eligible_on": {CareLeaverError.ALREADY_RECORDED}}


PATHWAY = [
    # (agreed or reviewed on, late reason, the next review due by hand)
    (date(2026, 4, 20), "", date(2026, 10, 20)),  # the plan: + 6 months
    (date(2026, 10, 19), "", date(2027, 4, 19)),  # reviewed a day early
    (date(2027, 4, 30), "The young person asked to move it after exams", date(2027, 10, 30)),  # 11 days late
]


def test_pathway_plan_reviews_at_most_every_six_months(world: World, young_person: Any) -> None:
    actor = world.user("social_worker")
    services.pathway_plan_record(
        actor=actor,
        child=young_person,
        details=services.PathwayPlanDetails(
            voice=ChildVoice(words="I want to go to college in September."), agreed_on=PATHWAY[0][0]
        ),
    )
    assert Deadline.objects.get(rule_code="pathway_plan_review", met_on__isnull=True).due_on == PATHWAY[0][2]
    with pytest.raises(ValidationError) as exc:
        services.pathway_plan_review_record(actor=actor, child=young_person, reviewed_on=PATHWAY[2][0])
    assert set(exc.value.error_dict) == {"late_reason"}  # the review due 20 October 2026, half a year late
    for reviewed_on, late, due in PATHWAY[1:]:
        services.pathway_plan_review_record(actor=actor, child=young_person, reviewed_on=reviewed_on, late_reason=late)
        assert Deadline.objects.get(rule_code="pathway_plan_review", met_on__isnull=True).due_on == due
    statuses = [
        d.status_on(date(2027, 12, 1)).value
        for d in Deadline.objects.filter(met_on__isnull=False).filter(rule_code="pathway_plan_review").order_by("id")
    ]
    assert statuses == ["met", "met_late"]
    with pytest.raises(ValidationError) as exc:
        services.pathway_plan_review_record(actor=actor, child=young_person, reviewed_on=date(2027, 4, 1))
    assert codes(exc) == {"reviewed_on": {CareLeaverError.REVIEW_OUT_OF_ORDER}}


def test_a_personal_adviser_to_21_and_to_25_on_request(world: World, today: date) -> None:
    actor = world.user("social_worker")
    adviser = PractitionerFactory(role=Role.PERSONAL_ADVISER, team=world.team_a)
    # Born 10 May 2006: 21 on 10 May 2027. Looked after from 14 to 18.
    former = ChildFactory(date_of_birth=date(2006, 5, 10))
    InvolvementFactory(practitioner=world.social_worker, child=former, team=world.team_a)
    from joinedup.children_in_care.tests.conftest import foster_placement

    care.looked_after_start(
        actor=actor,
        child=former,
        details=care.LookedAfterStart(
            started_on=date(2020, 6, 1),
            legal_status="C2",
            category_of_need="N1",
            placement=foster_placement(),
            care_plan_due_on=date(2020, 6, 1),
        ),
    )
    care.looked_after_end(actor=actor, child=former, ended_on=date(2024, 5, 10), reason_ceased="E17")
    with pytest.raises(ValidationError) as exc:  # 21 and over, without asking for support to 25
        services.personal_adviser_appoint(actor=actor, child=former, adviser=adviser, started_on=date(2027, 6, 1))
    assert codes(exc) == {"started_on": {CareLeaverError.TOO_OLD_FOR_ADVISER}}
    with pytest.raises(ValidationError) as exc:  # before the 21st birthday there is nothing to ask for
        services.support_to_25_request(actor=actor, child=former, requested_on=date(2027, 5, 9))
    assert codes(exc) == {"requested_on": {CareLeaverError.REQUEST_NEEDS_TWENTY_ONE}}
    services.support_to_25_request(actor=actor, child=former, requested_on=date(2027, 5, 20))
    involvement = services.personal_adviser_appoint(
        actor=actor, child=former, adviser=adviser, started_on=date(2027, 6, 1)
    )
    assert involvement.role == "personal_adviser"
    not_an_adviser = world.social_worker
    with pytest.raises(ValidationError) as exc:
        services.personal_adviser_appoint(
            actor=actor, child=former, adviser=not_an_adviser, started_on=date(2027, 6, 2)
        )
    assert codes(exc) == {"adviser": {CareLeaverError.NOT_A_PERSONAL_ADVISER}}


def test_circumstances_around_each_birthday(world: World, young_person: Any) -> None:
    actor = world.user("social_worker")
    details = services.CircumstancesDetails(
        birthday=17, recorded_on=date(2027, 2, 16), in_touch="YES", activity="F2", accommodation="C"
    )
    with pytest.raises(ValidationError) as exc:  # 17 on 15 January 2027: the window closes 15 February
        services.circumstances_record(actor=actor, child=young_person, details=details)
    assert codes(exc) == {"accommodation_suitable": {CareLeaverError.SUITABILITY_REQUIRED}}
    details.accommodation_suitable = True
    with pytest.raises(ValidationError) as exc:
        services.circumstances_record(actor=actor, child=young_person, details=details)
    assert codes(exc) == {"recorded_on": {CareLeaverError.OUTSIDE_BIRTHDAY_WINDOW}}
    details.recorded_on = date(2027, 1, 20)
    services.circumstances_record(actor=actor, child=young_person, details=details)
    with pytest.raises(ValidationError) as exc:
        services.circumstances_record(actor=actor, child=young_person, details=details)
    assert codes(exc) == {"birthday": {CareLeaverError.ALREADY_RECORDED}}
    refused = services.CircumstancesDetails(birthday=16, recorded_on=date(2026, 1, 20), in_touch="NO")
    with pytest.raises(ValidationError) as exc:
        services.circumstances_record(actor=actor, child=young_person, details=refused)
    assert codes(exc) == {"birthday": {CareLeaverError.BIRTHDAY_OUT_OF_RANGE}}
    row = CareLeaverCircumstances.objects.get()
    assert (row.in_touch, row.activity, row.accommodation, row.accommodation_suitable) == ("YES", "F2", "C", True)


def test_staying_put_from_18_after_care_ends(world: World, today: date, start_care: Callable[..., Any]) -> None:
    actor = world.user("social_worker")
    young_person = ChildFactory(date_of_birth=date(2009, 11, 20))  # 18 on 20 November 2027
    InvolvementFactory(practitioner=world.social_worker, child=young_person, team=world.team_a)
    start_care(date(2027, 3, 1), child=young_person)
    with pytest.raises(ValidationError) as exc:
        services.staying_put_start(actor=actor, child=young_person, started_on=date(2027, 11, 20))
    assert codes(exc) == {"started_on": {CareLeaverError.STILL_LOOKED_AFTER}}
    care.looked_after_end(actor=actor, child=young_person, ended_on=date(2027, 11, 20), reason_ceased="E17")
    with pytest.raises(ValidationError) as exc:
        services.staying_put_start(actor=actor, child=young_person, started_on=date(2027, 11, 19))
    assert codes(exc) == {"started_on": {CareLeaverError.STAYING_PUT_AGE}}
    arrangement = services.staying_put_start(actor=actor, child=young_person, started_on=date(2027, 11, 20))
    assert arrangement.carer is not None and arrangement.carer.family_name == "Holloway"  # the last foster carer
    with pytest.raises(ValidationError) as exc:
        services.staying_put_end(actor=actor, child=young_person, ended_on=date(2027, 11, 19))
    assert codes(exc) == {"ended_on": {CareLeaverError.ENDS_BEFORE_IT_STARTS}}
    services.staying_put_end(actor=actor, child=young_person, ended_on=date(2027, 11, 30))
    assert StayingPut.objects.get().ended_on == date(2027, 11, 30)


def test_only_leaving_care_workers_record(world: World, young_person: Any) -> None:
    with pytest.raises(NotFoundOrNotPermitted):
        services.pathway_plan_record(
            actor=world.user("iro"),
            child=young_person,
            details=services.PathwayPlanDetails(
                voice=ChildVoice(words="I want to go to college in September."), agreed_on=date(2026, 4, 20)
            ),
        )
