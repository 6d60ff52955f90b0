"""Health checks, education, missing episodes and return home interviews, and the partners who record them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.children_in_care import services
from joinedup.children_in_care.errors import CareError
from joinedup.children_in_care.models import MissingEpisode, PeriodOfCare, SchoolChange
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.harms.models import ChildRiskIndicator, RiskIndicatorEscalation
from joinedup.people.models import ChildProfile
from joinedup.timescales.models import Deadline
from joinedup.visits.testing import visit_one

pytestmark = pytest.mark.django_db

StartCare = Callable[..., PeriodOfCare]


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, set[str]]:
    return {name: {e.code for e in errors} for name, errors in exc.value.error_dict.items()}  # type: ignore[misc]


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2027, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def nurse(world: World) -> Any:
    return PractitionerFactory(user__username="lac.nurse", role=Role.LOOKED_AFTER_CHILDREN_NURSE)


@pytest.fixture
def teacher(world: World) -> Any:
    return PractitionerFactory(user__username="dt", role=Role.DESIGNATED_TEACHER, organisation=world.school)


def involve(world: World, partner: Any, role: str) -> None:
    services.care_partner_add(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        partner=partner,
        role=role,
        started_on=date(2027, 11, 2),
    )


def test_the_nurse_records_health_assessments_only_while_involved(
    world: World, today: date, start_care: StartCare, nurse: Any
) -> None:
    start_care(date(2027, 11, 1))
    with pytest.raises(NotFoundOrNotPermitted):
        services.health_assessment_record(actor=nurse.user, child=world.allocated_child, assessed_on=date(2027, 11, 20))
    involve(world, nurse, InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE)
    services.health_assessment_record(actor=nurse.user, child=world.allocated_child, assessed_on=date(2027, 11, 20))
    met = Deadline.objects.get(rule_code="initial_health_assessment")
    assert met.met_on == date(2027, 11, 20)
    assert Deadline.objects.get(rule_code="review_health_assessment_5_plus").due_on == date(2028, 11, 20)
    with pytest.raises(NotFoundOrNotPermitted):  # the nurse does not record visits
        visit_one(actor=nurse.user, child=world.allocated_child, visited_on=date(2027, 11, 21))


def test_a_partner_must_hold_the_matching_role(world: World, today: date, start_care: StartCare, nurse: Any) -> None:
    start_care(date(2027, 11, 1))
    with pytest.raises(ValidationError) as exc:
        involve(world, nurse, InvolvementRole.DESIGNATED_TEACHER)
    assert codes(exc) == {"partner": {CareError.WRONG_PARTNER_ROLE}}


def test_a_health_assessment_before_the_child_was_looked_after_is_refused(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1))
    with pytest.raises(ValidationError) as exc:
        services.health_assessment_record(
            actor=world.user("social_worker"), child=world.allocated_child, assessed_on=date(2027, 10, 30)
        )
    assert codes(exc) == {"assessed_on": {CareError.NOT_LOOKED_AFTER}}


def test_sdq_needs_a_score_or_a_reason(world: World, today: date) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    with pytest.raises(ValidationError) as exc:
        services.strengths_and_difficulties_record(actor=actor, child=child, completed_on=date(2027, 11, 1), score=None)
    assert codes(exc) == {"score": {CareError.SDQ_SCORE_OR_REASON}}
    with pytest.raises(ValidationError) as exc:
        services.strengths_and_difficulties_record(actor=actor, child=child, completed_on=date(2027, 11, 1), score=41)
    assert codes(exc) == {"score": {CareError.SDQ_SCORE_RANGE}}
    sdq = services.strengths_and_difficulties_record(actor=actor, child=child, completed_on=date(2027, 11, 1), score=14)
    assert sdq.score == 14
    services.dental_check_record(actor=actor, child=child, checked_on=date(2027, 10, 1))
    services.immunisation_status_record(actor=actor, child=child, recorded_on=date(2027, 10, 1), is_up_to_date=True)


def test_the_designated_teacher_records_the_personal_education_plan_and_school_changes(
    world: World, today: date, start_care: StartCare, teacher: Any
) -> None:
    start_care(date(2027, 11, 1))
    involve(world, teacher, InvolvementRole.DESIGNATED_TEACHER)
    plan = services.personal_education_plan_record(
        actor=teacher.user,
        child=world.allocated_child,
        details=services.PersonalEducationPlanDetails(held_on=date(2027, 11, 10), designated_teacher_id=teacher.pk),
    )
    assert (plan.kind, plan.school) == ("initial", world.school)
    assert Deadline.objects.get(rule_code="personal_education_plan").met_on == date(2027, 11, 10)
    review = services.personal_education_plan_record(
        actor=teacher.user,
        child=world.allocated_child,
        details=services.PersonalEducationPlanDetails(held_on=date(2027, 11, 25)),
    )
    assert review.kind == "review"
    new_school = OrganisationFactory(name="Hillside Academy", organisation_type="school", urn="777777")
    services.school_change_record(
        actor=teacher.user, child=world.allocated_child, school_id=new_school.pk, changed_on=date(2027, 11, 29)
    )
    assert ChildProfile.objects.get(person=world.allocated_child).school == new_school
    assert SchoolChange.objects.get().previous_school == world.school
    with pytest.raises(ValidationError) as exc:
        services.school_change_record(
            actor=world.user("social_worker"),
            child=world.allocated_child,
            school_id=new_school.pk,
            changed_on=date(2027, 11, 30),
        )
    assert codes(exc) == {"school": {CareError.SAME_SCHOOL}}


# -- missing episodes ------------------------------------------------------------------------------------------


def test_a_missing_episode_sets_the_flag_and_the_return_starts_the_interview_clock(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1))
    actor, child = world.user("social_worker"), world.allocated_child
    episode = services.missing_episode_start(actor=actor, child=child, kind="M", started_at=at(20, 22))
    assert ChildProfile.objects.get(person=child).is_missing
    assert episode.placement is not None  # missing from the placement
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_start(actor=actor, child=child, kind="A", started_at=at(21, 1))
    assert codes(exc) == {"started_at": {CareError.ALREADY_MISSING}}
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_end(actor=actor, episode=episode, ended_at=at(20, 21))
    assert codes(exc) == {"ended_at": {CareError.ENDS_BEFORE_IT_STARTS}}
    assert MissingEpisode.objects.get().ended_at is None  # nothing half-saved
    services.missing_episode_end(actor=actor, episode=episode, ended_at=at(21, 9))
    assert not ChildProfile.objects.get(person=child).is_missing
    clock = Deadline.objects.get(rule_code="return_home_interview")
    assert clock.due_at == at(24, 9)  # Sunday 21 November 09:00 + 72 hours
    services.return_home_interview_record(
        actor=actor, episode=episode, offered_at=at(22, 15), accepted=True, held_on=date(2027, 11, 23), outcome="Talked"
    )
    clock.refresh_from_db()
    assert (clock.met_on, clock.status_on(today).value) == (date(2027, 11, 22), "met")


def test_an_interview_cannot_be_held_if_declined_or_offered_before_the_return(
    world: World, today: date, start_care: StartCare
) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    episode = services.missing_episode_start(actor=actor, child=child, kind="M", started_at=at(20, 22))
    services.missing_episode_end(actor=actor, episode=episode, ended_at=at(21, 9))
    with pytest.raises(ValidationError) as exc:
        services.return_home_interview_record(
            actor=actor, episode=episode, offered_at=at(22, 9), accepted=False, held_on=date(2027, 11, 23)
        )
    assert codes(exc) == {"held_on": {CareError.HELD_NEEDS_ACCEPTED}}
    with pytest.raises(ValidationError) as exc:
        services.return_home_interview_record(actor=actor, episode=episode, offered_at=at(21, 8), accepted=None)
    assert codes(exc) == {"offered_at": {CareError.BEFORE_RETURN}}


def test_correcting_the_return_recomputes_the_interview_clock(world: World, today: date) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    episode = services.missing_episode_start(actor=actor, child=child, kind="A", started_at=at(20, 22))
    services.missing_episode_end(actor=actor, episode=episode, ended_at=at(21, 9))
    services.missing_episode_return_correct(actor=actor, episode=episode, ended_at=at(22, 18))
    assert Deadline.objects.get(rule_code="return_home_interview").due_at == at(25, 18)


def test_repeated_missing_episodes_raise_the_front_doors_exploitation_prompt(
    world: World, today: date, start_care: StartCare
) -> None:
    """Each episode is an early indicator (harms app); the third within its window raises the escalation (M8)."""
    start_care(date(2027, 9, 1))
    actor, child = world.user("social_worker"), world.allocated_child
    for day in (5, 12, 19):
        episode = services.missing_episode_start(actor=actor, child=child, kind="M", started_at=at(day, 20))
        services.missing_episode_end(actor=actor, episode=episode, ended_at=at(day, 23))
    indicators = ChildRiskIndicator.objects.filter(child=child)
    assert indicators.count() == 3
    assert {i.indicator.code for i in indicators} == {"missing_from_placement"}
    escalation = RiskIndicatorEscalation.objects.get(child=child)
    assert escalation.indicator_count == 3


def test_a_foster_carer_reports_a_missing_episode_for_the_child_placed_with_them(
    world: World, today: date, start_care: StartCare
) -> None:
    carer = PractitionerFactory(user__username="foster.carer", role=Role.FOSTER_CARER)
    from joinedup.children_in_care.tests.conftest import foster_placement

    start_care(date(2027, 11, 1), placement=foster_placement(carer_practitioner_id=carer.pk))
    episode = services.missing_episode_start(
        actor=carer.user, child=world.allocated_child, kind="A", started_at=at(25, 21)
    )
    services.missing_episode_end(actor=carer.user, episode=episode, ended_at=at(26, 7))
    with pytest.raises(NotFoundOrNotPermitted):  # the interview is the local authority's
        services.return_home_interview_record(actor=carer.user, episode=episode, offered_at=at(26, 9), accepted=True)
    with pytest.raises(NotFoundOrNotPermitted):  # nor does the carer record health assessments
        services.health_assessment_record(actor=carer.user, child=world.allocated_child, assessed_on=date(2027, 11, 20))
    services.dental_check_record(actor=carer.user, child=world.allocated_child, checked_on=date(2027, 11, 20))
