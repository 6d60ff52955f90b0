"""A concern raised page by page (the question pages): the answers are kept on the server, tied to the partner, as
they go, so a time-out loses nothing; sending checks every answer at once (contacts.contact_receive) and the draft
goes with the contact it made, in one transaction."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted

from ..codes import ContactChannel
from ..models import ConcernDraft
from .contacts import ChildAsDescribed, ConcernDetails, ContactReceived, contact_receive

Answers = dict[str, list[str]]


def _check_can_raise(actor: Any) -> None:
    if not has_permission(actor, Permission.RAISE_CONCERN):
        raise NotFoundOrNotPermitted


def concern_draft_start(*, actor: Any, answers: Answers, child_id: int | None = None) -> ConcernDraft:
    """A partner starts a concern with the first page's answers; about a child whose record they can see, when
    `child_id` is given (started from that record: the child is known, not asked for again)."""
    _check_can_raise(actor)
    child = access_child(actor, child_id, permission=Permission.VIEW_CHILD) if child_id is not None else None
    with transaction.atomic(), auditor.audit_last():
        draft = ConcernDraft.objects.create(
            owner=actor, child=child, answers=_clean(answers), idempotency_key=uuid.uuid4().hex
        )
        auditor.record_created(actor=actor, obj=draft, child_id=draft.child_id)
    return draft


def concern_draft_save(*, actor: Any, draft: ConcernDraft, answers: Answers) -> ConcernDraft:
    """Keep a page's answers on the partner's draft, as typed, whatever they are: the checks come when it is sent."""
    _check_can_raise(actor)
    if draft.owner_id != actor.pk:
        raise NotFoundOrNotPermitted
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
) -> ContactReceived:
    """Send the draft to the front door: contact_receive checks everything before its first write (a
    DomainValidationError with every problem at once, the draft kept); the draft is removed with the contact made."""
    _check_can_raise(actor)
    if draft.owner_id != actor.pk:
        raise NotFoundOrNotPermitted
    with transaction.atomic(), auditor.audit_last():
        received = contact_receive(
            actor=actor,
            channel=ContactChannel.PARTNER_PORTAL,
            child=child,
            concern=concern,
            child_record_id=draft.child_id if draft.child_id is not None else child_record_id,
            idempotency_key=draft.idempotency_key,
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


def _clean(answers: Answers) -> Answers:
    """Only text, as lists of strings, kept short enough for a form's fields (the longest takes 10,000)."""
    return {str(k)[:80]: [str(v)[:10_100] for v in values][:50] for k, values in answers.items()}
