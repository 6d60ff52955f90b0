"""Adoption (the agency decision maker's decision, its reversal, the match with adopters) and deprivation of
liberty orders: each validation, nothing half-saved, every write audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from joinedup.audit.testing import assert_audit_events
from joinedup.children_in_care import services
from joinedup.children_in_care.errors import CareError
from joinedup.children_in_care.models import (
    AdopterMatch,
    AdoptionDecision,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
)
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db

StartCare = Callable[..., PeriodOfCare]


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, set[str]]:
    return {name: {e.code for e in errors} for name, errors in exc.value.error_dict.items()}  # type: ignore[misc]


def decide(world: World, on: date) -> AdoptionDecision:
    return services.adoption_decision_record(
        actor=world.user("social_worker"), child=world.allocated_child, decided_on=on
    )


def match(world: World, decision: AdoptionDecision, on: date, **overrides: object) -> AdopterMatch:
    values: dict[str, object] = {
        "matched_on": on,
        "adopters_are_foster_carers": False,
        "number_of_adopters": 2,
        "adopters_sex": "MF",
        "adopters_legal_status": "L11",
    }
    values.update(overrides)
    return services.adopter_match_record(actor=world.user("social_worker"), decision=decision, **values)  # type: ignore[arg-type]


def test_given_a_looked_after_child_when_the_decision_is_recorded_then_it_is_in_the_period_and_audited(
    world: World, today: date, start_care: StartCare
) -> None:
    period = start_care(date(2027, 1, 4))
    with assert_audit_events(("created", "children_in_care.adoptiondecision")):
        decision = decide(world, date(2027, 5, 10))
    assert decision.period_id == period.pk
    assert decision.is_open


def test_given_no_period_of_care_on_the_date_when_the_decision_is_recorded_then_a_field_error_and_nothing_saved(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    with pytest.raises(ValidationError) as exc:
        decide(world, date(2026, 12, 1))
    assert codes(exc) == {"decided_on": {CareError.OUTSIDE_PERIOD_OF_CARE}}
    with pytest.raises(ValidationError) as exc:
        decide(world, date(2027, 12, 2))
    assert codes(exc) == {"decided_on": {CareError.DATE_IN_FUTURE}}
    assert not AdoptionDecision.objects.exists()


def test_given_an_open_decision_when_another_is_recorded_then_it_is_refused(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decide(world, date(2027, 5, 10))
    with pytest.raises(ValidationError) as exc:
        decide(world, date(2027, 6, 10))
    assert codes(exc) == {"decided_on": {CareError.ADOPTION_DECISION_OPEN}}
    assert AdoptionDecision.objects.count() == 1


def test_given_a_decision_when_it_is_reversed_then_the_date_and_reason_are_kept_and_a_new_decision_may_follow(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decision = decide(world, date(2027, 5, 10))
    actor = world.user("social_worker")
    with pytest.raises(ValidationError) as exc:
        services.adoption_decision_reverse(actor=actor, decision=decision, ceased_on=date(2027, 5, 9), reason="RD1")
    assert codes(exc) == {"ceased_on": {CareError.ENDS_BEFORE_IT_STARTS}}
    with pytest.raises(ValidationError) as exc:
        services.adoption_decision_reverse(actor=actor, decision=decision, ceased_on=date(2027, 7, 1), reason="RD9")
    assert codes(exc) == {"reason": {CareError.INVALID_CHOICE}}
    decision.refresh_from_db()
    assert decision.ceased_on is None and decision.reason_ceased == ""
    with assert_audit_events(("updated", "children_in_care.adoptiondecision")):
        services.adoption_decision_reverse(actor=actor, decision=decision, ceased_on=date(2027, 7, 1), reason="RD3")
    decision.refresh_from_db()
    assert (decision.ceased_on, decision.reason_ceased) == (date(2027, 7, 1), "RD3")
    with pytest.raises(ValidationError) as exc:
        decide(world, date(2027, 6, 30))
    assert codes(exc) == {"decided_on": {CareError.EVENTS_AFTER_DATE}}
    assert decide(world, date(2027, 8, 1)).is_open


def test_given_a_decision_when_the_match_is_recorded_then_it_comes_on_or_after_it_and_is_audited(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decision = decide(world, date(2027, 5, 10))
    with pytest.raises(ValidationError) as exc:
        match(world, decision, date(2027, 5, 9))
    assert codes(exc) == {"matched_on": {CareError.MATCH_BEFORE_DECISION}}
    assert not AdopterMatch.objects.exists()
    with assert_audit_events(("created", "children_in_care.adoptermatch")):
        m = match(world, decision, date(2027, 11, 1))
    assert (m.number_of_adopters, m.adopters_sex, m.adopters_legal_status) == (2, "MF", "L11")
    with assert_audit_events(("updated", "children_in_care.adoptermatch")):
        m = match(
            world, decision, date(2027, 11, 2), number_of_adopters=1, adopters_sex="F1", adopters_legal_status="L0"
        )
    assert AdopterMatch.objects.get().adopters_sex == "F1"


@pytest.mark.parametrize(
    ("number", "sex", "legal_status", "field"),
    [
        (1, "MF", "L0", "adopters_sex"),  # one adopter must be single
        (2, "F1", "L2", "adopters_sex"),  # two adopters must be a couple
        (2, "MM", "L11", "adopters_legal_status"),  # L11 is a mixed-sex married couple
        (2, "MF", "L12", "adopters_legal_status"),  # L12 is civil partners of the same sex
        (1, "M1", "L2", "adopters_legal_status"),  # L2 is a couple
        (3, "MF", "L11", "number_of_adopters"),
    ],
)
def test_given_inconsistent_adopters_when_the_match_is_recorded_then_a_field_error_and_nothing_saved(
    world: World, today: date, start_care: StartCare, number: int, sex: str, legal_status: str, field: str
) -> None:
    start_care(date(2027, 1, 4))
    decision = decide(world, date(2027, 5, 10))
    with pytest.raises(ValidationError) as exc:
        match(
            world,
            decision,
            date(2027, 10, 1),
            number_of_adopters=number,
            adopters_sex=sex,
            adopters_legal_status=legal_status,
        )
    assert field in codes(exc)
    assert not AdopterMatch.objects.exists()


def test_given_a_reversed_decision_when_a_match_is_recorded_then_it_is_refused(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decision = decide(world, date(2027, 5, 10))
    services.adoption_decision_reverse(
        actor=world.user("social_worker"), decision=decision, ceased_on=date(2027, 6, 1), reason="RD2"
    )
    with pytest.raises(ValidationError) as exc:
        match(world, decision, date(2027, 7, 1))
    assert codes(exc) == {"matched_on": {CareError.ADOPTION_DECISION_REVERSED}}


def test_given_a_match_when_the_decision_date_is_corrected_past_it_then_it_is_refused(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decision = decide(world, date(2027, 5, 10))
    match(world, decision, date(2027, 9, 1))
    actor = world.user("social_worker")
    with pytest.raises(ValidationError) as exc:
        services.adoption_decision_correct(actor=actor, decision=decision, decided_on=date(2027, 9, 2))
    assert codes(exc) == {"decided_on": {CareError.MATCH_BEFORE_DECISION}}
    with assert_audit_events(("updated", "children_in_care.adoptiondecision")):
        services.adoption_decision_correct(actor=actor, decision=decision, decided_on=date(2027, 5, 1))
    decision.refresh_from_db()
    assert decision.decided_on == date(2027, 5, 1)


def test_given_a_child_adopted_when_the_decision_is_reversed_then_it_is_refused(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2026, 1, 5), legal_status="E1")
    decision = decide(world, date(2026, 3, 2))
    match(world, decision, date(2026, 9, 1))
    services.looked_after_end(
        actor=world.user("social_worker"), child=world.allocated_child, ended_on=date(2027, 3, 1), reason_ceased="E11"
    )
    with pytest.raises(ValidationError) as exc:
        services.adoption_decision_reverse(
            actor=world.user("social_worker"), decision=decision, ceased_on=date(2027, 3, 1), reason="RD4"
        )
    assert codes(exc) == {"ceased_on": {CareError.ADOPTED}}


def test_given_a_user_who_may_not_record_care_when_they_record_adoption_then_not_found(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    with pytest.raises(NotFoundOrNotPermitted):
        services.adoption_decision_record(
            actor=world.user("school_dsl"), child=world.allocated_child, decided_on=date(2027, 5, 1)
        )
    with pytest.raises(NotFoundOrNotPermitted):
        services.deprivation_of_liberty_order_record(
            actor=world.user("school_dsl"), child=world.allocated_child, started_on=date(2027, 5, 1)
        )
    assert not AdoptionDecision.objects.exists() and not DeprivationOfLibertyOrder.objects.exists()


def test_given_a_looked_after_child_when_a_deprivation_of_liberty_order_is_recorded_and_ended_then_both_audited(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    actor = world.user("social_worker")
    with assert_audit_events(("created", "children_in_care.deprivationoflibertyorder")):
        order = services.deprivation_of_liberty_order_record(
            actor=actor, child=world.allocated_child, started_on=date(2027, 4, 1)
        )
    with pytest.raises(ValidationError) as exc:
        services.deprivation_of_liberty_order_end(actor=actor, order=order, ended_on=date(2027, 3, 31))
    assert codes(exc) == {"ended_on": {CareError.ENDS_BEFORE_IT_STARTS}}
    with assert_audit_events(("updated", "children_in_care.deprivationoflibertyorder")):
        services.deprivation_of_liberty_order_end(actor=actor, order=order, ended_on=date(2027, 6, 30))
    order.refresh_from_db()
    assert order.ended_on == date(2027, 6, 30)


def test_given_bad_dates_when_a_deprivation_of_liberty_order_is_recorded_then_field_errors_and_nothing_saved(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    services.looked_after_end(
        actor=world.user("social_worker"), child=world.allocated_child, ended_on=date(2027, 8, 1), reason_ceased="E4A"
    )
    actor, child = world.user("social_worker"), world.allocated_child
    cases = [
        ({"started_on": date(2026, 12, 1)}, "started_on", CareError.OUTSIDE_PERIOD_OF_CARE),
        ({"started_on": date(2027, 5, 1), "ended_on": date(2027, 4, 1)}, "ended_on", CareError.ENDS_BEFORE_IT_STARTS),
        ({"started_on": date(2027, 5, 1), "ended_on": date(2027, 9, 1)}, "ended_on", CareError.OUTSIDE_PERIOD_OF_CARE),
    ]
    for kwargs, field, code in cases:
        with pytest.raises(ValidationError) as exc:
            services.deprivation_of_liberty_order_record(actor=actor, child=child, **kwargs)  # type: ignore[arg-type]
        assert codes(exc) == {field: {code}}
    services.deprivation_of_liberty_order_record(
        actor=actor, child=child, started_on=date(2027, 3, 1), ended_on=date(2027, 5, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.deprivation_of_liberty_order_record(actor=actor, child=child, started_on=date(2027, 4, 1))
    assert codes(exc) == {"started_on": {CareError.ORDERS_OVERLAP}}
    assert DeprivationOfLibertyOrder.objects.count() == 1


def test_given_an_order_recorded_with_wrong_dates_when_they_are_corrected_then_both_change_and_are_audited(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    actor, child = world.user("social_worker"), world.allocated_child
    order = services.deprivation_of_liberty_order_record(actor=actor, child=child, started_on=date(2027, 4, 1))
    other = services.deprivation_of_liberty_order_record(
        actor=actor, child=child, started_on=date(2027, 2, 1), ended_on=date(2027, 2, 28)
    )
    with assert_audit_events(("updated", "children_in_care.deprivationoflibertyorder")):
        services.deprivation_of_liberty_order_correct(
            actor=actor, order=order, started_on=date(2027, 3, 15), ended_on=date(2027, 9, 30)
        )
    order.refresh_from_db()
    assert (order.started_on, order.ended_on) == (date(2027, 3, 15), date(2027, 9, 30))
    # Into the other order, before care began, ending before it starts, in the future: refused, nothing changed.
    cases = [
        ({"started_on": date(2027, 2, 20), "ended_on": None}, "started_on", CareError.ORDERS_OVERLAP),
        ({"started_on": date(2026, 12, 1), "ended_on": None}, "started_on", CareError.OUTSIDE_PERIOD_OF_CARE),
        ({"started_on": date(2027, 5, 1), "ended_on": date(2027, 4, 1)}, "ended_on", CareError.ENDS_BEFORE_IT_STARTS),
    ]
    for kwargs, field, code in cases:
        with pytest.raises(ValidationError) as exc:
            services.deprivation_of_liberty_order_correct(actor=actor, order=order, **kwargs)  # type: ignore[arg-type]
        assert codes(exc) == {field: {code}}
    with pytest.raises(ValidationError) as exc:
        services.deprivation_of_liberty_order_correct(
            actor=actor, order=order, started_on=date(2028, 1, 5), ended_on=None
        )
    assert set(codes(exc)) == {"started_on"}
    order.refresh_from_db()
    other.refresh_from_db()
    assert (order.started_on, order.ended_on) == (date(2027, 3, 15), date(2027, 9, 30))
    assert (other.started_on, other.ended_on) == (date(2027, 2, 1), date(2027, 2, 28))
    with pytest.raises(NotFoundOrNotPermitted):
        services.deprivation_of_liberty_order_correct(
            actor=world.user("school_dsl"), order=order, started_on=date(2027, 3, 16), ended_on=None
        )
