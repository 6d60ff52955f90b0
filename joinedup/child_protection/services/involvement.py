"""The involvements child protection gives practitioners while they take part in the work (access/scopes.py lets
them see the child through these), and their end with the work: least privilege."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole, InvolvementWork
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.people.models import Person

from ..selectors import STILL_OPEN, part_last_days

# A partner's involvement with the child while they take part in child protection work, by their role: it is
# what lets them see the child at all (access/scopes.py); what they see of the record is decided in access/.
PARTNER_INVOLVEMENT = {
    Role.POLICE_OFFICER: InvolvementRole.POLICE_CONTACT,
    Role.HEALTH_VISITOR: InvolvementRole.HEALTH_VISITOR,
    Role.GP: InvolvementRole.GP,
    Role.MIDWIFE: InvolvementRole.MIDWIFE,
    Role.DESIGNATED_SAFEGUARDING_LEAD: InvolvementRole.SCHOOL_DESIGNATED_SAFEGUARDING_LEAD,
}


def involve(actor: Any, child: Person, practitioner: Practitioner, on: date, role: str | None = None) -> None:
    """Give a partner (or the lead child protection practitioner) an open involvement with the child, once."""
    role = role or PARTNER_INVOLVEMENT.get(practitioner.role)  # type: ignore[call-overload]
    if role is None:
        if practitioner.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER):
            return
        role = InvolvementRole.OTHER_PROFESSIONAL
    today = timezone.localdate()
    current = (
        Involvement.objects.filter(practitioner=practitioner, child=child, role=role)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by(F("ended_on").asc(nulls_first=True))  # an open one first
        .first()
    )
    if current is not None:
        if current.ended_on is not None and current.work == InvolvementWork.CHILD_PROTECTION:
            # Still inside the window after earlier work ended, and taking part again: open-ended once more.
            auditor.record_fields_changed(actor=actor, obj=current, child_id=child.pk, changes={"ended_on": None})
        return
    involvement = Involvement.objects.create(
        practitioner=practitioner,
        child=child,
        role=role,
        work=InvolvementWork.CHILD_PROTECTION,
        started_on=min(on, today),
        team=practitioner.team,
    )
    auditor.record_created(actor=actor, obj=involvement, child_id=child.pk)


def involvements_end_with_the_work(*, actor: Any, child: Person) -> list[Involvement]:
    """Least privilege: an involvement child protection gave a practitioner for taking part in the work ends on the
    last day they take part (selectors.part_last_days): after a strategy discussion that decided on no enquiry,
    the day their contribution is recorded or the contribution window's last day (strategy_contribution_due), the
    day the enquiry concluded without a conference, CONFERENCE_MINUTES_WINDOW after a conference that started no
    plan, the day the plan ended. While any of their work with the child is open, it stays. Involvements from
    anywhere else (Family Help, the front door, an allocation) are never touched. Called inside the caller's
    transaction by every service that ends a piece of work (and by the daily run, as the system actor); each end
    is audited with its before and after values."""
    today = timezone.localdate()
    open_ones = list(
        Involvement.objects.select_for_update()
        .filter(child=child, work=InvolvementWork.CHILD_PROTECTION)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .order_by("id")
    )
    if not open_ones:
        return []
    last = part_last_days(child.pk, {i.practitioner_id for i in open_ones})
    ended: list[Involvement] = []
    for involvement in open_ones:
        until = last.get(involvement.practitioner_id, involvement.started_on)
        if until is STILL_OPEN:
            continue
        until = max(until, involvement.started_on)
        if involvement.ended_on == until:
            continue
        auditor.record_fields_changed(actor=actor, obj=involvement, child_id=child.pk, changes={"ended_on": until})
        ended.append(involvement)
    return ended
