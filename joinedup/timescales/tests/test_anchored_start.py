"""A clock counted back from a future date (weeks of pregnancy, from the expected date of delivery): it starts
today or in the past, and is due the rule's figure before the anchor; the local figure in force on the start date
applies; no other kind of interval takes an anchor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.engine import due_date
from joinedup.timescales.errors import TimescalesError
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db

StartDeadline = Callable[..., Deadline]


def test_given_an_expected_date_to_come_when_the_clock_starts_today_then_it_is_due_at_32_weeks(
    today: date, start_deadline: StartDeadline
) -> None:
    edd = date(2027, 5, 3)
    deadline = start_deadline("pre_birth_conference", today, interval="conference", anchored_on=edd)
    assert deadline.started_on == today
    assert deadline.due_on == edd - timedelta(weeks=8) == date(2027, 3, 8)
    assert deadline.due_on == due_date("pre_birth_conference", edd, interval="conference")
    assert deadline.figure_applied


def test_given_a_local_week_of_pregnancy_in_force_on_the_start_then_the_anchored_clock_uses_it(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    services.local_rule_setting_change(
        actor=world.user("administrator"),
        rule_code="pre_birth_conference",
        interval="conference",
        figure=30,
        effective_from=today,
    )
    edd = date(2027, 5, 3)
    deadline = start_deadline("pre_birth_conference", today, interval="conference", anchored_on=edd)
    assert deadline.due_on == edd - timedelta(weeks=10)


def test_the_start_itself_may_still_not_be_in_the_future(today: date, start_deadline: StartDeadline) -> None:
    with pytest.raises(ValidationError) as exc:
        start_deadline(
            "pre_birth_conference", today + timedelta(days=1), interval="conference", anchored_on=date(2027, 5, 3)
        )
    assert {e.code for e in exc.value.error_dict["started_on"]} == {TimescalesError.START_IN_FUTURE}  # type: ignore[misc]


def test_an_interval_counted_after_its_start_takes_no_anchor(today: date, start_deadline: StartDeadline) -> None:
    with pytest.raises(ValueError):
        start_deadline("initial_child_protection_conference", today, anchored_on=today + timedelta(days=30))
    assert not Deadline.objects.exists()


def test_given_the_expected_date_moves_when_the_clock_is_reanchored_then_its_due_date_moves_and_its_start_stays(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    deadline = start_deadline("pre_birth_conference", today, interval="conference", anchored_on=date(2027, 5, 3))
    assert deadline.anchored_on == date(2027, 5, 3)
    moved = services.deadline_reanchor(
        actor=world.user("social_worker"), deadline=deadline, anchored_on=date(2027, 5, 17)
    )
    assert (moved.started_on, moved.anchored_on, moved.due_on) == (today, date(2027, 5, 17), date(2027, 3, 22))
    history = AuditEvent.objects.filter(object_type="timescales.deadline", object_id=str(deadline.pk), action="updated")
    assert [(e.history.before["due_on"], e.history.after["due_on"]) for e in history] == [("2027-03-08", "2027-03-22")]


def test_given_a_corrected_start_when_the_clock_is_recomputed_then_it_keeps_counting_back_from_its_anchor(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    """Before, a corrected start was taken for the expected date itself: the conference fell due 8 weeks before the
    concern was known."""
    edd = date(2027, 5, 3)
    deadline = start_deadline("pre_birth_conference", today, interval="conference", anchored_on=edd)
    earlier = today - timedelta(days=7)
    (moved,) = services.deadline_recompute_for_subject(
        actor=world.user("social_worker"), subject=deadline.subject_key, started_on=earlier
    )
    assert (moved.started_on, moved.anchored_on, moved.due_on) == (earlier, edd, date(2027, 3, 8))


def test_only_an_open_clock_counted_in_weeks_of_pregnancy_is_reanchored(
    world: World, today: date, start_deadline: StartDeadline
) -> None:
    actor = world.user("social_worker")
    counted_after = start_deadline("initial_child_protection_conference", today)
    with pytest.raises(ValueError):
        services.deadline_reanchor(actor=actor, deadline=counted_after, anchored_on=date(2027, 5, 3))
    held = start_deadline("pre_birth_conference", today, interval="conference", anchored_on=date(2027, 5, 3))
    services.deadline_meet(actor=actor, deadline=held, met_on=today)
    with pytest.raises(ValidationError) as exc:
        services.deadline_reanchor(actor=actor, deadline=held, anchored_on=date(2027, 5, 17))
    assert {e.code for e in exc.value.error_dict["anchored_on"]} == {TimescalesError.ALREADY_MET}  # type: ignore[misc]
    held.refresh_from_db()
    assert held.due_on == date(2027, 3, 8)
