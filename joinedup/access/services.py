"""Writes about access itself: break-glass, its review, restricted-record grants. All audited."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person

from .models import BreakGlassAccess, RestrictedRecordGrant
from .permissions import Permission
from .policy import has_permission
from .scopes import people_searchable_by
from .selectors import break_glass_awaiting_review, break_glass_reviewers, break_glass_uses_in_period

logger = logging.getLogger(__name__)

MINIMUM_REASON_LENGTH = 20
MAXIMUM_REASON_LENGTH = 2000


def _checked_reason(field: str, reason: str, ask: str) -> str:
    reason = reason.strip()
    if len(reason) < MINIMUM_REASON_LENGTH:
        raise field_error(field, f"{ask}, in at least {MINIMUM_REASON_LENGTH} characters", "reason_too_short")
    if len(reason) > MAXIMUM_REASON_LENGTH:
        raise field_error(field, "The reason must be 2,000 characters or fewer", "reason_too_long")
    return reason


def break_glass_start(*, actor: Any, child_id: int, reason: str) -> BreakGlassAccess:
    """Open a record the user would not otherwise see, for reading, for a limited time, with a reason. Whoever
    reviews the user's break-glass (access/selectors.py: break_glass_reviewers) is told, and told when it is repeated
    use."""
    if not has_permission(actor, Permission.BREAK_GLASS):
        raise NotFoundOrNotPermitted
    child = people_searchable_by(actor).filter(pk=child_id, is_child_record=True).first()
    if child is None:
        raise NotFoundOrNotPermitted
    reason = _checked_reason("reason", reason, "Explain why you need this record now")
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            child=child,
            user=actor,
            reason=reason,
            expires_at=timezone.now() + settings.JOINEDUP_BREAK_GLASS_DURATION,
        )
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.BREAK_GLASS,
            object_type="access.breakglassaccess",
            object_id=access.pk,
            child_id=child.pk,
            reason=reason,
        )
        transaction.on_commit(lambda: _tell_reviewers(actor, access))
    return access


def break_glass_allow_writing(*, actor: Any, child_id: int, reason: str) -> BreakGlassAccess:
    """Let the user record on a record they hold break-glass access to, until that access expires: a second reason,
    separate from the reason for reading, recorded on the access and in the audit trail for the reviewer."""
    if not has_permission(actor, Permission.BREAK_GLASS):
        raise NotFoundOrNotPermitted
    with transaction.atomic():
        access = (
            BreakGlassAccess.objects.select_for_update()
            .filter(user_id=actor.pk, child_id=child_id, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if access is None:
            raise NotFoundOrNotPermitted
        reason = _checked_reason("reason", reason, "Explain why you need to record on this record now")
        if " ".join(reason.split()).casefold() == " ".join(access.reason.split()).casefold():
            raise field_error(
                "reason",
                "Give a reason for recording that is separate from your reason for opening the record",
                "reason_not_separate",
            )
        if access.write_reason:
            return access
        access.write_reason = reason
        access.writing_allowed_at = timezone.now()
        access.save(update_fields=["write_reason", "writing_allowed_at", "updated_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.BREAK_GLASS,
            object_type="access.breakglassaccess",
            object_id=access.pk,
            child_id=access.child_id,
            reason=reason,
            changed_fields=["write_reason"],
        )
    return access


def _tell_reviewers(actor: Any, access: BreakGlassAccess) -> None:
    """Email whoever reviews the access (never its user), flagging repeated use. Ids only: no child's name."""
    uses = break_glass_uses_in_period(user_id=actor.pk, at=access.created_at)
    repeated = uses > settings.JOINEDUP_BREAK_GLASS_REPEAT_LIMIT
    body = [f"A break-glass access (reference {access.pk}) is waiting for your review."]
    if repeated:
        body.append(
            f"Repeated use: the same person has opened {uses} records by break-glass in the last "
            f"{settings.JOINEDUP_BREAK_GLASS_REPEAT_PERIOD.days} days, this one included (more than "
            f"{settings.JOINEDUP_BREAK_GLASS_REPEAT_LIMIT} is flagged)."
        )
    body.append("Review it in JoinedUp.")
    recipients = [r.email or (r.user.email if r.user else "") for r in break_glass_reviewers(user=actor)]
    recipients = [address for address in recipients if address]
    if not recipients:
        logger.warning("Break-glass access %s has nobody to tell who reviews it", access.pk)
        return
    subject = "Break-glass access to review" + (" (repeated use)" if repeated else "")
    send_mail(subject, "\n\n".join(body), settings.DEFAULT_FROM_EMAIL, recipients)


def break_glass_review(*, actor: Any, access: BreakGlassAccess, note: str) -> BreakGlassAccess:
    if not has_permission(actor, Permission.REVIEW_BREAK_GLASS):
        raise NotFoundOrNotPermitted
    if not break_glass_awaiting_review(actor=actor).filter(pk=access.pk).exists():
        raise NotFoundOrNotPermitted
    if not note.strip():
        raise field_error("note", "Record what you found when you reviewed this access", "note_required")
    with transaction.atomic():
        access.reviewed_by = actor
        access.reviewed_at = timezone.now()
        access.review_note = note.strip()[:2000]
        access.save(update_fields=["reviewed_by", "reviewed_at", "review_note", "updated_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.BREAK_GLASS_REVIEWED,
            object_type="access.breakglassaccess",
            object_id=access.pk,
            child_id=access.child_id,
        )
    return access


def restricted_access_grant(*, actor: Any, child: Person, user: Any, reason: str) -> RestrictedRecordGrant:
    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        raise NotFoundOrNotPermitted
    if not reason.strip():
        raise field_error("reason", "Say why this person needs the restricted record", "reason_required")
    with transaction.atomic():
        grant = RestrictedRecordGrant.objects.create(child=child, user=user, granted_by=actor, reason=reason.strip())
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.ACCESS_GRANTED,
            object_type="access.restrictedrecordgrant",
            object_id=grant.pk,
            child_id=child.pk,
            reason=reason.strip(),
        )
    return grant


def restricted_access_revoke(*, actor: Any, grant: RestrictedRecordGrant) -> RestrictedRecordGrant:
    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        raise NotFoundOrNotPermitted
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at", "updated_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.ACCESS_REVOKED,
            object_type="access.restrictedrecordgrant",
            object_id=grant.pk,
            child_id=grant.child_id,
        )
    return grant


def child_restrict(*, actor: Any, child_id: int, reason: str) -> Person:
    """Mark a child's record restricted (for example a staff member's own family): from now on only people
    with an explicit grant see it. The person restricting it keeps access through a grant."""
    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        raise NotFoundOrNotPermitted
    reason = reason.strip()
    if not reason:
        raise field_error("reason", "Say why this record is restricted", "reason_required")
    with transaction.atomic():
        child = Person.objects.select_for_update().filter(pk=child_id, is_child_record=True).first()
        if child is None:
            raise field_error("record", "There is no child's record with this number", "no_such_record")
        if not child.is_restricted:
            child.is_restricted = True
            child.save(update_fields=["is_restricted", "updated_at"])
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="people.person",
                object_id=child.pk,
                child_id=child.pk,
                changed_fields=["is_restricted"],
                reason=reason,
            )
    return child


def restricted_access_grant_by_username(
    *, actor: Any, child_id: int, username: str, reason: str
) -> RestrictedRecordGrant:
    """Grant a named user access to a restricted record, by the record's number."""
    if not has_permission(actor, Permission.GRANT_RESTRICTED_ACCESS):
        raise NotFoundOrNotPermitted
    child = Person.objects.filter(pk=child_id, is_child_record=True, is_restricted=True).first()
    if child is None:
        raise field_error("record", "There is no restricted record with this number", "no_such_record")
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise field_error("username", "There is no active user with this username", "no_such_user")
    if RestrictedRecordGrant.objects.filter(child=child, user=user, revoked_at__isnull=True).exists():
        raise field_error("username", "This user already has access to this record", "already_granted")
    return restricted_access_grant(actor=actor, child=child, user=user, reason=reason)
