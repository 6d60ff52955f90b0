"""Every write of the front door, one module per part of the work: receiving contacts, triage (the child's
record, notes, information requests), decisions (sign-off, feedback, referrals and episodes of need), alerts."""

from .alerts import duty_alert_acknowledge
from .contacts import (
    ChildAsDescribed,
    ConcernDetails,
    ContactReceived,
    ReferrerDetails,
    contact_problems,
    contact_receive,
)
from .decisions import SignedOff, contact_decision_record, contact_decision_sign_off, contact_feedback_record
from .drafts import (
    PUBLIC_DRAFT_KEPT,
    concern_draft_save,
    concern_draft_send,
    concern_draft_start,
    public_drafts_purge,
)
from .triage import (
    Ask,
    contact_child_confirm,
    contact_child_create,
    contact_note_add,
    information_request_answer,
    information_request_create,
    information_requests_create,
)

__all__ = [
    "PUBLIC_DRAFT_KEPT",
    "Ask",
    "ChildAsDescribed",
    "ConcernDetails",
    "ContactReceived",
    "ReferrerDetails",
    "SignedOff",
    "concern_draft_save",
    "concern_draft_send",
    "concern_draft_start",
    "contact_child_confirm",
    "contact_child_create",
    "contact_decision_record",
    "contact_decision_sign_off",
    "contact_feedback_record",
    "contact_note_add",
    "contact_problems",
    "contact_receive",
    "duty_alert_acknowledge",
    "information_request_answer",
    "information_request_create",
    "information_requests_create",
    "public_drafts_purge",
]
