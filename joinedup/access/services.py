"""Writes about access itself: break-glass, its review, restricted-record grants. All audited."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import EnrolmentLink, enrolment_token_hash, enrolment_token_new
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person

from .models import BreakGlassAccess, Involvement, InvolvementRole, RestrictedRecordGrant
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


# -- Setting up an authenticator app (issue 26) -----------------------------------------------------------------------
# A first authenticator app is set up only through a one-time link an administrator issues for a named user, not with
# the password alone; a user who has one replaces it with a code from it (second_factor_replace).

_LINK_PROBLEMS = {
    "not_found": "This enrolment link is not valid. Ask your administrator for a new one.",
    "someone_else": "This enrolment link was issued to someone else. Ask your administrator for a link in your name.",
    "used": "This enrolment link has already been used. Ask your administrator for a new one.",
    "expired": "This enrolment link has expired. Ask your administrator for a new one.",
}
WRONG_CODE = "The security code is wrong or has expired. Enter the newest code."


def enrolment_link_issue(*, actor: Any, username: str) -> tuple[EnrolmentLink, str]:
    """Issue a one-time link for a named, active user to set up an authenticator app (their first, or a new one
    when the phone is lost: using the link replaces the app they had); any earlier link of theirs not yet used ends.
    Returns the link and its token, which is shown once to the administrator and never stored (only its hash is)."""
    if not has_permission(actor, Permission.ISSUE_ENROLMENT_LINK):
        raise NotFoundOrNotPermitted
    username = username.strip()
    if not username:
        raise field_error("username", "Enter the username of the person the link is for", "username_required")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise field_error("username", "There is no active user with this username", "no_such_user")
    auditor.require_actor(actor)
    with transaction.atomic():
        return enrolment_link_create(actor=actor, user=user)


def enrolment_link_create(*, actor: Any, user: Any) -> tuple[EnrolmentLink, str]:
    """Inside the caller's transaction (and permission check): a new one-time link for `user`, ending any earlier
    link of theirs not yet used, both audited. Returns the link and its token (shown once, never stored). Issuing a
    link and inviting a new user (access/staff.py: user_invite) both make their links here."""
    token = enrolment_token_new()
    now = timezone.now()
    # One live link per person: a new one ends any earlier link of theirs not yet used.
    earlier = list(
        EnrolmentLink.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, expires_at__gt=now)
        .values_list("pk", flat=True)
    )
    EnrolmentLink.objects.filter(pk__in=earlier).update(expires_at=now)
    link = EnrolmentLink.objects.create(
        user=user,
        issued_by=actor,
        token_hash=enrolment_token_hash(token),
        issued_at=now,
        expires_at=now + settings.JOINEDUP_ENROLMENT_LINK_LIFETIME,
    )
    auditor.audit_events_record(
        actor=actor,
        events=[
            *(
                auditor.EventSpec(AuditAction.UPDATED, "accounts.enrolmentlink", pk, changed_fields=("expires_at",))
                for pk in earlier
            ),
            auditor.EventSpec(AuditAction.CREATED, "accounts.enrolmentlink", link.pk),
        ],
    )
    return link, token


def enrolment_link_problem(*, link: EnrolmentLink | None, user: Any) -> str | None:
    """Why `user` may not use `link`, in words for them, or None when they may."""
    if link is None:
        return _LINK_PROBLEMS["not_found"]
    if link.user_id != user.pk:
        return _LINK_PROBLEMS["someone_else"]
    if link.used_at is not None:
        return _LINK_PROBLEMS["used"]
    if link.expires_at <= timezone.now():
        return _LINK_PROBLEMS["expired"]
    return None


def second_factor_enrol_by_link(*, actor: Any, token: str, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the authenticator app `device` for the signed-in `actor` with a code from it, through the one-time
    link `token` issued to them: the link is used up, and any app they had before is replaced."""
    auditor.require_actor(actor)
    if device.user_id != actor.pk or device.confirmed:
        raise NotFoundOrNotPermitted
    token_hash = enrolment_token_hash(token)
    _refuse_link(EnrolmentLink.objects.filter(token_hash=token_hash).first(), actor)
    # Outside the transaction: a wrong code counts towards the device's throttling even though nothing else is written.
    if not device.verify_token(code):
        raise field_error("code", WRONG_CODE, "wrong_code")
    with transaction.atomic():
        link = EnrolmentLink.objects.select_for_update().filter(token_hash=token_hash).first()
        link = _refuse_link(link, actor)  # again, under the lock: two tabs cannot both use it
        replaced = list(TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk))
        replaced_pks = [old.pk for old in replaced]
        for old in replaced:
            old.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.UPDATED, "accounts.enrolmentlink", link.pk, changed_fields=("used_at",)),
                *(auditor.EventSpec(AuditAction.DELETED, "otp_totp.totpdevice", pk) for pk in replaced_pks),
                auditor.EventSpec(AuditAction.CREATED, "otp_totp.totpdevice", device.pk),
            ],
        )
    return device


def _refuse_link(link: EnrolmentLink | None, user: Any) -> EnrolmentLink:
    problem = enrolment_link_problem(link=link, user=user)
    if problem is not None or link is None:
        raise field_error("code", problem or _LINK_PROBLEMS["not_found"], "link_refused")
    return link


def second_factor_replace(*, actor: Any, device: TOTPDevice, current_code: str, code: str) -> TOTPDevice:
    """Replace the signed-in `actor`'s authenticator app with `device` (a new phone): a code from the app they have
    now, and one from the new app, confirm it. No administrator's link is needed."""
    auditor.require_actor(actor)
    if device.user_id != actor.pk or device.confirmed:
        raise NotFoundOrNotPermitted
    current = TOTPDevice.objects.filter(user=actor, confirmed=True).first()
    if current is None:
        raise NotFoundOrNotPermitted
    if not current.verify_token(current_code):
        raise field_error("current_code", WRONG_CODE, "wrong_code")
    if not device.verify_token(code):
        raise field_error("code", WRONG_CODE, "wrong_code")
    with transaction.atomic():
        replaced = list(TOTPDevice.objects.filter(user=actor, confirmed=True))
        replaced_pks = [old.pk for old in replaced]
        for old in replaced:
            old.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        auditor.audit_events_record(
            actor=actor,
            events=[
                *(auditor.EventSpec(AuditAction.DELETED, "otp_totp.totpdevice", pk) for pk in replaced_pks),
                auditor.EventSpec(AuditAction.CREATED, "otp_totp.totpdevice", device.pk),
            ],
        )
    return device


def social_worker_allocation_history_record(
    *, child: Person, practitioner: Any, started_on: date, ended_on: date | None, reason: str
) -> Involvement:
    """A social worker's allocation to a child as another system recorded it (the history path, ADR 0028; SSDA903
    SWEpisodes), in the practitioner's own team. One still open gives the practitioner the access an allocation
    gives, as the allocation it is. No permission is checked (the caller is the imports system actor) and the
    caller audits it."""
    return Involvement.objects.create(
        practitioner=practitioner,
        child=child,
        team_id=practitioner.team_id,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=started_on,
        ended_on=ended_on,
        reason_for_social_worker_change=reason,
    )
