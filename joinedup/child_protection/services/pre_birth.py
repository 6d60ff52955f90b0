"""The pre-birth conference clock: started once for the pregnancy when the concern is known, moved when the expected
date of delivery changes, and after the birth the first review runs from the date of birth."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from ..codes import ConferenceKind, ConferenceStatus
from ..models import ChildProtectionPlan, Conference
from ._common import clock_start, expected_date_of_delivery, is_unborn, open_clocks


def start_pre_birth(actor: Any, child: Person, subject: models.Model, on: date) -> Deadline | None:
    """The pre-birth conference clock, once for the pregnancy: it starts when the concern is known (the strategy
    discussion that started the enquiry, or the pre-birth conference being arranged) and is due at the week of
    pregnancy the rule gives, counted back from the expected date of delivery (timescales' anchored start), so the
    deadline exists, on worklists, from the first day rather than only once the expected date has come."""
    edd = expected_date_of_delivery(child)
    if edd is None or not is_unborn(child):
        return None
    if Deadline.objects.filter(
        child=child, rule_code="pre_birth_conference", interval="conference", met_on__isnull=True
    ).exists():
        return None
    return timescales.deadline_start(
        actor=actor,
        rule_code="pre_birth_conference",
        child=child,
        subject=subject,
        started_on=min(on, timezone.localdate()),
        interval="conference",
        anchored_on=edd,
    )


def pre_birth_expected_date_changed(*, actor: Any, child: Person) -> list[Deadline]:
    """The unborn child's expected date of delivery changed (assessments' service calls this inside its
    transaction): the open pre-birth conference clock moves with it, still due at the rule's week of pregnancy; the
    day it started (the concern) stays. A conference already held keeps its met clock."""
    edd = expected_date_of_delivery(child)
    if edd is None or not is_unborn(child):
        return []
    clocks = Deadline.objects.filter(
        child=child, rule_code="pre_birth_conference", interval="conference", met_on__isnull=True
    ).order_by("id")
    return [timescales.deadline_reanchor(actor=actor, deadline=clock, anchored_on=edd) for clock in clocks]


def unborn_child_born(*, actor: Any, child: Person, born_on: date) -> Deadline | None:
    """The birth of a child on a plan from a pre-birth conference (called by assessments' record-a-birth service,
    inside its transaction): the first review conference is due by the pre-birth rule's "first review after birth"
    interval, counted from the date of birth (3 months or 20 working days, whichever is sooner), instead of from
    the pre-birth conference. A plan already reviewed keeps its review clock."""
    plan = (
        ChildProtectionPlan.objects.filter(
            child=child, ended_on__isnull=True, starting_conference__kind=ConferenceKind.PRE_BIRTH
        )
        .select_for_update(of=("self",))
        .first()
    )
    if plan is None or born_on > timezone.localdate():
        return None
    if Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW, status=ConferenceStatus.HELD).exists():
        return None
    for deadline in open_clocks(child, ["first_review_conference"], [plan]):
        timescales.deadline_withdraw(
            actor=actor, deadline=deadline, reason="The child was born: the first review runs from the birth"
        )
    if open_clocks(child, ["pre_birth_conference"], [plan]):
        return None
    return clock_start(actor, "pre_birth_conference", child, plan, born_on, "first_review_after_birth")
