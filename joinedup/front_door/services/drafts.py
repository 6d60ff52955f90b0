"""A concern told to the front door page by page (the question pages): a partner raising it, the front door recording
a call or an email, or a member of the public. The answers are kept on the server as they go, so a time-out loses
nothing: a partner's and the front door's tied to them, the public's to an unguessable token in their browser's
session, kept a day. Sending or recording checks every answer at once (contacts.contact_receive, the only writer of
a contact) and the draft goes with the contact it made, in one transaction."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error

from ..codes import ChildMatch, ContactChannel
from ..errors import FrontDoorError
from ..models import ConcernDraft, DraftJourney
from .contacts import ChildAsDescribed, ConcernDetails, ContactReceived, ReferrerDetails, contact_receive
from .triage import contact_child_confirm

Answers = dict[str, list[str]]

# A member of the public's draft is kept this long after they start it, then purged (tasks.front_door_daily).
PUBLIC_DRAFT_KEPT = timedelta(hours=24)
# Who may keep a draft of each journey (the public's is kept by the public form's system actor, for anyone).
JOURNEY_PERMISSION = {
    DraftJourney.PARTNER: Permission.RAISE_CONCERN,
    DraftJourney.FRONT_DOOR: Permission.WORK_IN_FRONT_DOOR,
}
JOURNEY_CHANNELS = {
    DraftJourney.PARTNER: (ContactChannel.PARTNER_PORTAL,),
    DraftJourney.FRONT_DOOR: (ContactChannel.PHONE, ContactChannel.EMAIL),
    DraftJourney.PUBLIC: (ContactChannel.PUBLIC_FORM,),
}


def _check_can_keep(actor: Any, journey: str) -> None:
    permission = JOURNEY_PERMISSION.get(DraftJourney(journey))
    if permission is not None and not has_permission(actor, permission):
        raise NotFoundOrNotPermitted


def _check_is_theirs(actor: Any, draft: ConcernDraft, now: datetime | None = None) -> None:
    """A partner's or the front door's draft is its owner's alone; the public's is open while it has not expired (the
    caller found it by the token in the person's session: selectors.public_draft_get)."""
    _check_can_keep(actor, draft.journey)
    if draft.journey == DraftJourney.PUBLIC:
        if draft.expires_at is None or draft.expires_at <= (now or timezone.now()):
            raise NotFoundOrNotPermitted
    elif draft.owner_id is None or draft.owner_id != getattr(actor, "pk", None):
        raise NotFoundOrNotPermitted


def concern_draft_start(
    *, actor: Any, answers: Answers, child_id: int | None = None, journey: str = DraftJourney.PARTNER
) -> ConcernDraft:
    """Start a draft with the first page's answers. A partner may start it from a child's record they can see
    (`child_id`: the child is known, not asked for again). A member of the public's draft (`actor` the public form's
    system actor) gets an unguessable token for their session and is kept a day."""
    journey = DraftJourney(journey)
    _check_can_keep(actor, journey)
    if child_id is not None and journey != DraftJourney.PARTNER:
        raise NotFoundOrNotPermitted
    child = access_child(actor, child_id, permission=Permission.VIEW_CHILD) if child_id is not None else None
    public = journey == DraftJourney.PUBLIC
    with transaction.atomic(), auditor.audit_last():
        draft = ConcernDraft.objects.create(
            journey=journey,
            owner=None if public else actor,
            child=child,
            answers=_clean(answers),
            idempotency_key=uuid.uuid4().hex,
            token=secrets.token_urlsafe(32) if public else "",
            expires_at=timezone.now() + PUBLIC_DRAFT_KEPT if public else None,
        )
        auditor.record_created(actor=actor, obj=draft, child_id=draft.child_id)
    return draft


def concern_draft_save(*, actor: Any, draft: ConcernDraft, answers: Answers) -> ConcernDraft:
    """Keep a page's answers on the draft, as typed, whatever they are: the checks come when it is sent."""
    _check_is_theirs(actor, draft)
    changed = sorted(name for name, values in _clean(answers).items() if draft.answers.get(name) != values)
    if not changed:
        return draft
    with transaction.atomic(), auditor.audit_last():
        current = ConcernDraft.objects.select_for_update().get(pk=draft.pk)
        current.answers = {**current.answers, **_clean(answers)}
        current.save(update_fields=["answers", "updated_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type="front_door.concerndraft",
            object_id=current.pk,
            child_id=current.child_id,
            changed_fields=changed,
        )
    return current


def concern_draft_send(
    *,
    actor: Any,
    draft: ConcernDraft,
    child: ChildAsDescribed,
    concern: ConcernDetails,
    child_record_id: int | None = None,
    channel: ContactChannel | None = None,
    referrer: ReferrerDetails | None = None,
    source: str = "",
) -> ContactReceived:
    """Send (or, for the front door, record) the draft: contact_receive checks everything before its first write (a
    DomainValidationError with every problem at once, the draft kept); the draft is removed with the contact made.

    The partner's `child_record_id` is a child they work with, kept as the referrer's choice for the front door to
    confirm; the front door's is its own possible-match step, so the record is confirmed with the contact, in the
    same transaction. The public never chooses a record."""
    journey = DraftJourney(draft.journey)
    _check_is_theirs(actor, draft)
    channel = channel or JOURNEY_CHANNELS[journey][0]
    if channel not in JOURNEY_CHANNELS[journey]:
        raise NotFoundOrNotPermitted
    if journey == DraftJourney.PUBLIC:
        child_record_id = None
    confirm_id = child_record_id if journey == DraftJourney.FRONT_DOOR else None
    if confirm_id is not None and not children_visible_to(actor).filter(pk=confirm_id).exists():
        raise field_error(
            "child_record", "Choose one of the records shown, or none of them", FrontDoorError.NO_SUCH_CHILD_RECORD
        )
    with transaction.atomic(), auditor.audit_last():
        received = contact_receive(
            actor=actor,
            channel=channel,
            child=child,
            concern=concern,
            referrer=referrer,
            source=source,
            child_record_id=None if journey != DraftJourney.PARTNER else (draft.child_id or child_record_id),
            idempotency_key=draft.idempotency_key,
        )
        if confirm_id is not None and received.contact.child_id is None:
            contact_child_confirm(
                actor=actor, contact=received.contact, child_id=confirm_id, how=ChildMatch.CONFIRMED_BY_FRONT_DOOR
            )
        deleted, _ = ConcernDraft.objects.filter(pk=draft.pk).delete()
        if deleted:
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.DELETED,
                object_type="front_door.concerndraft",
                object_id=draft.pk,
                child_id=draft.child_id,
                reason=f"Sent as contact {received.contact.reference}",
            )
    return received


def public_drafts_purge(*, actor: Any, now: datetime | None = None) -> int:
    """Remove the public's drafts kept longer than a day (they were never sent): what a member of the public typed is
    kept no longer than it is needed. Run daily as the system actor; returns how many went."""
    moment = now or timezone.now()
    with transaction.atomic(), auditor.audit_last():
        expired = list(
            ConcernDraft.objects.select_for_update()
            .filter(journey=DraftJourney.PUBLIC, expires_at__lte=moment)
            .values_list("pk", flat=True)
        )
        ConcernDraft.objects.filter(pk__in=expired).delete()
        for pk in expired:
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.DELETED,
                object_type="front_door.concerndraft",
                object_id=pk,
                child_id=None,
                reason="A public report not sent within a day",
            )
    return len(expired)


def _clean(answers: Answers) -> Answers:
    """Only text, as lists of strings, kept short enough for a form's fields (the longest takes 10,000)."""
    return {str(k)[:80]: [str(v)[:10_100] for v in values][:50] for k, values in answers.items()}
