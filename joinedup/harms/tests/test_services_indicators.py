"""Early indicators recorded on a child (M8): three within 90 days prompt the lead practitioner and manager, once
per window; acknowledging the prompt needs someone who may change the child's record."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.harms.models import ChildRiskIndicator, RiskIndicatorEscalation, RiskIndicatorType
from joinedup.harms.services import child_risk_indicators_record_for_event, risk_indicator_escalation_acknowledge
from joinedup.harms.taxonomy import TAXONOMY

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 13)


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel("2027-01-13 10:00:00+00:00", tick=False):
        yield TODAY


def indicators(*codes: str) -> list[RiskIndicatorType]:
    return list(RiskIndicatorType.objects.filter(code__in=codes))


def record(world: World, codes: tuple[str, ...], observed_on: date, source: str) -> Any:
    return child_risk_indicators_record_for_event(
        actor=world.user("front_door"),
        child=world.allocated_child,
        indicators=indicators(*codes),
        observed_on=observed_on,
        source_key=source,
    )


def test_indicators_are_recorded_on_the_child_once_per_source_and_audited(world: World) -> None:
    with assert_audit_events(("created", "harms.childriskindicator"), ("created", "harms.childriskindicator")):
        result = record(world, ("missing_from_home", "victim_of_crime"), TODAY, "front_door.contact:1")
    assert len(result.indicators) == 2 and result.escalation is None
    again = record(world, ("missing_from_home",), TODAY, "front_door.contact:1")
    assert again.indicators == []
    assert ChildRiskIndicator.objects.filter(child=world.allocated_child).count() == 2


def test_the_escalation_count_within_the_window_prompts_once(world: World) -> None:
    rule = TAXONOMY.escalation
    assert (rule.count, rule.days) == (3, 90)
    record(world, ("missing_from_home",), TODAY - timedelta(days=89), "front_door.contact:1")
    record(world, ("unexplained_gifts_or_possessions",), TODAY - timedelta(days=30), "front_door.contact:2")
    with assert_audit_events(("created", "harms.childriskindicator"), ("created", "harms.riskindicatorescalation")):
        third = record(world, ("drawn_into_crime",), TODAY, "front_door.contact:3")
    assert third.escalation is not None and third.escalation.indicator_count == 3
    fourth = record(world, ("victim_of_crime",), TODAY, "front_door.contact:4")
    assert fourth.escalation is None  # one prompt per window
    assert RiskIndicatorEscalation.objects.filter(child=world.allocated_child).count() == 1


def test_indicators_outside_the_window_do_not_prompt(world: World) -> None:
    record(world, ("missing_from_home",), TODAY - timedelta(days=90), "front_door.contact:1")
    record(world, ("unexplained_gifts_or_possessions",), TODAY - timedelta(days=30), "front_door.contact:2")
    assert record(world, ("drawn_into_crime",), TODAY, "front_door.contact:3").escalation is None


def test_an_indicator_seen_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        record(world, ("missing_from_home",), TODAY + timedelta(days=1), "front_door.contact:1")
    assert caught.value.error_dict["observed_on"][0].code == "indicator_date_in_future"
    assert not ChildRiskIndicator.objects.exists()


def test_the_allocated_worker_acknowledges_the_prompt_and_a_partner_cannot(world: World) -> None:
    for n, code in enumerate(("missing_from_home", "victim_of_crime", "drawn_into_crime")):
        result = record(world, (code,), TODAY - timedelta(days=n), f"front_door.contact:{n}")
    escalation = result.escalation
    assert escalation is not None
    with pytest.raises(NotFoundOrNotPermitted):
        risk_indicator_escalation_acknowledge(actor=world.user("school_dsl"), escalation=escalation, action_taken="x")
    with pytest.raises(ValidationError):
        risk_indicator_escalation_acknowledge(actor=world.user("social_worker"), escalation=escalation, action_taken="")
    with assert_audit_events(("updated", "harms.riskindicatorescalation")):
        done = risk_indicator_escalation_acknowledge(
            actor=world.user("social_worker"), escalation=escalation, action_taken="Discussed at exploitation meeting"
        )
    assert done.acknowledged_at is not None and done.acknowledged_by == world.user("social_worker")
