"""Alerts to practitioners: in-app rows written in the transaction of what raised them, emails sent after it
commits. Emails carry ids and the contact's reference only, never a child's details."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Practitioner, TeamType
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.harms.models import RiskIndicatorEscalation
from joinedup.ui.govuk import uk_datetime

from ..codes import AlertKind
from ..models import Contact, DutyAlert

logger = logging.getLogger(__name__)

# Who carries a child's work, and so is prompted about repeated indicators (M8), with their team's manager.
LEAD_ROLES = (
    InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    InvolvementRole.LEAD_PRACTITIONER,
    InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
)


def front_door_members() -> list[Practitioner]:
    """The duty team: everyone in the front door, by role or by team."""
    return list(
        Practitioner.objects.filter(
            Q(role=Role.FRONT_DOOR_PRACTITIONER) | Q(team__team_type=TeamType.FRONT_DOOR)
        ).select_related("user")
    )


def front_door_managers() -> list[Practitioner]:
    return list(
        Practitioner.objects.filter(
            Q(team__team_type=TeamType.FRONT_DOOR, role=Role.TEAM_MANAGER)
            | Q(managed_teams__team_type=TeamType.FRONT_DOOR)
        )
        .distinct()
        .select_related("user")
    )


def _create(alerts: list[DutyAlert]) -> list[DutyAlert]:
    """Alerts are raised once (per contact, per prompt): plain inserts, emailed after the transaction commits."""
    created = DutyAlert.objects.bulk_create(alerts)
    ids = [a.pk for a in created]
    transaction.on_commit(lambda: alerts_email(alert_ids=ids))
    return created


def immediate_danger_alert(*, contact: Contact) -> list[DutyAlert]:
    """The person who raised the contact says the child is in immediate danger: alert the whole duty team now."""
    now = timezone.now()
    return _create(
        [
            DutyAlert(recipient=p, kind=AlertKind.IMMEDIATE_DANGER, contact=contact, created_at=now)
            for p in front_door_members()
        ]
    )


def repeated_indicators_alert(*, escalation: RiskIndicatorEscalation, contact: Contact | None) -> list[DutyAlert]:
    """Prompt the child's lead practitioner (allocated worker) and their team's manager; when nobody carries the
    child's work, the front door's managers."""
    today = timezone.localdate()
    leads = (
        Involvement.objects.filter(child_id=escalation.child_id, role__in=LEAD_ROLES)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("practitioner__team__manager", "team__manager")
    )
    recipients: dict[int, Practitioner] = {}
    for involvement in leads:
        recipients[involvement.practitioner_id] = involvement.practitioner
        team = involvement.team or involvement.practitioner.team
        if team is not None and team.manager is not None:
            recipients[team.manager.pk] = team.manager
    if not recipients:
        recipients = {p.pk: p for p in front_door_managers()}
    now = timezone.now()
    return _create(
        [
            DutyAlert(
                recipient=p, kind=AlertKind.REPEATED_INDICATORS, escalation=escalation, contact=contact, created_at=now
            )
            for p in recipients.values()
        ]
    )


def duty_alert_acknowledge(*, actor: Any, alert: DutyAlert) -> DutyAlert:
    """The recipient has seen the alert and acted on it."""
    if not has_permission(actor, Permission.ACKNOWLEDGE_ALERT, alert):
        raise NotFoundOrNotPermitted
    with transaction.atomic():
        current = DutyAlert.objects.select_for_update().get(pk=alert.pk)
        if current.acknowledged_at is None:
            current.acknowledged_at = timezone.now()
            current.save(update_fields=["acknowledged_at"])
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="front_door.dutyalert",
                object_id=current.pk,
                child_id=current.contact.child_id if current.contact_id and current.contact else None,
                changed_fields=["acknowledged_at"],
            )
    return current


def _email_body(alerts: Iterable[DutyAlert]) -> str:
    lines = ["Sign in to JoinedUp now and open the front door.", ""]
    for alert in alerts:
        if alert.kind == AlertKind.IMMEDIATE_DANGER and alert.contact is not None:
            lines.append(
                f"- Contact {alert.contact.reference} (id {alert.contact_id}), received "
                f"{uk_datetime(alert.contact.received_at)}, says a child may be in immediate danger. The person "
                "who raised it was told to call 999."
            )
        else:
            child_id = alert.escalation.child_id if alert.escalation else ""
            lines.append(
                f"- Repeated early indicators of risk for record number {child_id} (prompt {alert.escalation_id}): "
                "look at the child's record and say what you have done."
            )
    lines += ["", "This email names no child. Each alert is sent once."]
    return "\n".join(lines)


def alerts_email(*, alert_ids: list[int]) -> int:
    """Email each recipient their new alerts (one message each). A failed send is logged and left for the next
    run; the in-app alert is already there."""
    pending = (
        DutyAlert.objects.filter(pk__in=alert_ids, emailed_at__isnull=True)
        .select_related("recipient__user", "contact", "escalation")
        .order_by("recipient_id", "id")
    )
    by_recipient: dict[int, list[DutyAlert]] = {}
    for alert in pending:
        by_recipient.setdefault(alert.recipient_id, []).append(alert)
    sent = 0
    now = timezone.now()
    with mail.get_connection() as connection:
        for alerts in by_recipient.values():
            recipient = alerts[0].recipient
            address = recipient.email or (recipient.user.email if recipient.user else "")
            if not address:
                continue
            urgent = any(a.kind == AlertKind.IMMEDIATE_DANGER for a in alerts)
            subject = (
                "JoinedUp: a child may be in immediate danger" if urgent else "JoinedUp: repeated early indicators"
            )
            try:
                mail.EmailMessage(
                    subject=subject,
                    body=_email_body(alerts),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[address],
                    connection=connection,
                ).send()
            except Exception:
                logger.exception("front door alert email failed for practitioner %s", recipient.pk)
                continue
            DutyAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(emailed_at=now)
            sent += 1
    return sent
