"""Moving a child's open clocks to the worker their work is allocated to (issue 18; oversight's allocation calls it,
and its tests take every rule in turn): what moves, what is left alone, and what the audit trail keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from joinedup.audit.models import AuditAction, RecordHistory
from joinedup.audit.testing import assert_audit_events
from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.models import Deadline
from joinedup.timescales.rules import RULES, CarriedBy

pytestmark = pytest.mark.django_db


def test_every_role_a_rule_may_belong_to_says_who_carries_it_in_that_role() -> None:
    # A new kind of carrier in rules.py needs its own role here, or allocation could not decide whose its clocks are.
    assert set(services.OWN_ROLE) == set(CarriedBy) - {CarriedBy.ALLOCATED_WORKER}
    assert {rule.carried_by for rule in RULES.values()} <= set(CarriedBy)


def test_open_clocks_move_with_who_carried_them_in_the_record_history_and_met_ones_stay(
    world: World, today: date, start_deadline: Callable[..., Deadline]
) -> None:
    open_clock = start_deadline("child_protection_visit", date(2027, 1, 11))
    met = start_deadline("core_group_interval", date(2027, 1, 4))
    services.deadline_meet(actor=world.user("social_worker"), deadline=met, met_on=date(2027, 1, 12))
    already = start_deadline("single_assessment", date(2027, 1, 4), assignee=world.other_team_worker)
    new_worker = world.other_team_worker

    with assert_audit_events((AuditAction.UPDATED, "timescales.deadline")) as written:
        moved = services.deadlines_reassign(
            actor=world.user("team_manager"),
            child=world.allocated_child,
            practitioner=new_worker,
            reason="Moving teams",
        )

    assert [d.pk for d in moved] == [open_clock.pk]
    open_clock.refresh_from_db()
    met.refresh_from_db()
    assert (open_clock.assignee, open_clock.team) == (new_worker, world.team_b)
    assert (met.assignee, met.team) == (world.social_worker, world.team_a)  # history is not rewritten
    assert Deadline.objects.get(pk=already.pk).assignee == new_worker  # already theirs: nothing to record
    (event,) = written
    assert (event.object_id, event.child_id, event.reason) == (
        str(open_clock.pk),
        world.allocated_child.pk,
        "Moving teams",
    )
    history = RecordHistory.objects.get(audit_event=event)
    assert history.before == {"assignee_id": world.social_worker.pk, "team_id": world.team_a.pk}
    assert history.after == {"assignee_id": new_worker.pk, "team_id": world.team_b.pk}


def test_nothing_to_move_writes_nothing(world: World, today: date) -> None:
    with assert_audit_events():
        assert (
            services.deadlines_reassign(
                actor=world.user("team_manager"), child=world.allocated_child, practitioner=world.other_team_worker
            )
            == []
        )
