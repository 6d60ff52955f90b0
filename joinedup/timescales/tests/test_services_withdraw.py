"""Withdrawing a clock that no longer applies (children in care: the child left care, the placement ended)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from joinedup.audit.models import AuditAction, AuditEvent, RecordHistory
from joinedup.audit.testing import assert_audit_events
from joinedup.core.tests.personas import World
from joinedup.timescales import services
from joinedup.timescales.errors import TimescalesError
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db


def test_an_open_deadline_is_withdrawn_with_its_reason_and_values_in_the_audit_trail(
    world: World, today: date, start_deadline: Callable[..., Deadline]
) -> None:
    deadline = start_deadline("first_looked_after_review", date(2027, 1, 4))
    with assert_audit_events((AuditAction.DELETED, "timescales.deadline")):
        services.deadline_withdraw(actor=world.user("social_worker"), deadline=deadline, reason="Child left care")
    assert not Deadline.objects.filter(pk=deadline.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETED)
    assert (event.reason, event.child_id, event.object_id) == (
        "Child left care",
        world.allocated_child.pk,
        str(deadline.pk),
    )
    assert RecordHistory.objects.get(audit_event=event).before["rule_code"] == "first_looked_after_review"


def test_a_met_deadline_is_never_withdrawn(world: World, today: date, start_deadline: Callable[..., Deadline]) -> None:
    deadline = start_deadline("first_looked_after_review", date(2027, 1, 4))
    services.deadline_meet(actor=world.user("social_worker"), deadline=deadline, met_on=date(2027, 1, 11))
    with pytest.raises(ValidationError) as exc:
        services.deadline_withdraw(actor=world.user("social_worker"), deadline=deadline, reason="Child left care")
    assert exc.value.error_dict["met_on"][0].code == TimescalesError.ALREADY_MET  # type: ignore[attr-defined]
    assert Deadline.objects.filter(pk=deadline.pk).exists()


def test_a_reason_is_required(world: World, today: date, start_deadline: Callable[..., Deadline]) -> None:
    deadline = start_deadline("first_looked_after_review", date(2027, 1, 4))
    with pytest.raises(ValidationError) as exc:
        services.deadline_withdraw(actor=world.user("social_worker"), deadline=deadline, reason="  ")
    assert exc.value.error_dict["reason"][0].code == TimescalesError.REASON_REQUIRED  # type: ignore[attr-defined]
    assert Deadline.objects.filter(pk=deadline.pk).exists()
