"""The front door's decision (M12): recorded with its rationale, what the referrer is told and the harms the
front door identified; signed off by a manager (never the person who decided); the referrer told the outcome
(feedback deadline); a referral opens the child's episode of need, or joins the one open."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.core.voice import ChildVoice
from joinedup.episodes import selectors as episode_selectors
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import TransitionReason
from joinedup.harms.models import HarmType
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.services import prompt_answers_record, prompts_asked
from joinedup.timescales import services as timescales
from joinedup.timescales.calendar import add_months
from joinedup.timescales.models import Deadline

from ..codes import (
    STATUS_TRANSITIONS,
    TIER_FOR_OUTCOME,
    ContactChannel,
    ContactStatus,
    DecisionOutcome,
    FeedbackMethod,
    SignOff,
)
from ..errors import FrontDoorError
from ..models import Contact, ContactDecision, DecisionHarm, Referral, ReferrerFeedback
from .triage import CONTACT_DECISION

REFERRER_FEEDBACK = "referrer_feedback"
STRATEGY_DISCUSSION = "strategy_discussion"
SINGLE_ASSESSMENT = "single_assessment"
RE_REFERRAL_MONTHS = 12


def _move(contact: Contact, to: ContactStatus) -> None:
    if to not in STATUS_TRANSITIONS[contact.status]:
        raise field_error(
            "contact",
            f"A contact that is {contact.get_status_display().lower()} cannot be {to.label.lower()}",
            "bad_transition",
        )
    contact.status = to


def contact_decision_record(
    *,
    actor: Any,
    contact: Contact,
    outcome: str,
    rationale: str,
    feedback_to_referrer: str,
    harm_codes: list[str],
    voice: ChildVoice,
    prompt_answers: Mapping[int, str] | None = None,
) -> ContactDecision:
    """Record the decision, for a manager to sign off. Referral outcomes need the child's record confirmed; a
    strategy discussion needs the harms there is reasonable cause to suspect; every decision, the child's wishes and
    feelings in their own words or why they could not be obtained, and the practice prompts asked of the child here
    (a required one must be answered)."""
    if not has_permission(actor, Permission.TRIAGE_CONTACT, contact):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if outcome not in DecisionOutcome.values:
        errors.add("outcome", "Select the decision", "required")
    if not rationale.strip():
        errors.add("rationale", "Say why: the reasons for this decision", FrontDoorError.RATIONALE_REQUIRED)
    if not feedback_to_referrer.strip():
        errors.add(
            "feedback_to_referrer",
            "Write what the person who raised the concern will be told",
            FrontDoorError.FEEDBACK_REQUIRED,
        )
    voice = voice.check(errors)
    asked = prompts_asked(moment=PromptMoment.CONTACT_DECISION, children=[contact.child] if contact.child else [])
    answers = asked.check(prompt_answers or {}, errors)
    harms = list(HarmType.objects.filter(code__in=set(harm_codes)))
    unknown = set(harm_codes) - {h.code for h in harms}
    if unknown:
        errors.add("harms", f"Unknown harm: {', '.join(sorted(unknown))}", FrontDoorError.UNKNOWN_HARM)
    if outcome in DecisionOutcome.values:
        chosen = DecisionOutcome(outcome)
        if chosen.opens_referral and contact.child_id is None:
            errors.add(
                "outcome",
                f"Confirm which child this is before deciding on {chosen.label.lower()}: a referral is recorded on "
                "the child's record",
                FrontDoorError.CHILD_NOT_IDENTIFIED_YET,
            )
        if chosen == DecisionOutcome.STRATEGY_DISCUSSION and not harms:
            errors.add(
                "harms",
                "Select the harms there is reasonable cause to suspect the child is suffering or likely to suffer",
                FrontDoorError.DECISION_HARMS_REQUIRED,
            )
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = Contact.objects.select_for_update().get(pk=contact.pk)
        if current.status != ContactStatus.AWAITING_DECISION:
            raise field_error(
                "outcome",
                "A decision on this contact is already awaiting sign-off or agreed",
                FrontDoorError.CONTACT_ALREADY_DECIDED,
            )
        decision = ContactDecision.objects.create(
            contact=current,
            outcome=outcome,
            rationale=rationale.strip(),
            feedback_to_referrer=feedback_to_referrer.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
            **voice.as_fields(),
        )
        DecisionHarm.objects.bulk_create([DecisionHarm(decision=decision, harm_type=h) for h in harms])
        _move(current, ContactStatus.AWAITING_SIGN_OFF)
        current.save(update_fields=["status", "updated_at"])
        auditor.record_created(actor=actor, obj=decision, child_id=current.child_id)
        prompt_answers_record(actor=actor, asked=asked, record=decision, answers=answers)
    contact.refresh_from_db()
    return decision


@dataclass(frozen=True)
class SignedOff:
    decision: ContactDecision
    referral: Referral | None


def _open_deadline(rule_code: str, subject: Any) -> Deadline | None:
    return Deadline.objects.filter(
        rule_code=rule_code, subject_key=timescales.subject_key_of(subject), met_on__isnull=True
    ).first()


def contact_decision_sign_off(
    *, actor: Any, decision: ContactDecision, agree: bool, comment: str = "", late_reason: str = ""
) -> SignedOff:
    """A front door manager agrees the decision, or returns it with a comment. Agreeing meets the one-working-day
    clock (a reason is needed when it is late), starts the referrer feedback clock, tells a partner referrer through
    the portal at once, and for a referral opens the child's episode of need (and the clocks that follow it)."""
    if not has_permission(actor, Permission.SIGN_OFF_CONTACT_DECISION, decision):
        raise NotFoundOrNotPermitted
    today = timezone.localdate()
    with transaction.atomic(), auditor.audit_last():
        current = ContactDecision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
        contact = Contact.objects.select_for_update().get(pk=current.contact_id)
        if current.sign_off != SignOff.AWAITING:
            raise field_error(
                "agree", "This decision is not awaiting sign-off", FrontDoorError.DECISION_NOT_AWAITING_SIGN_OFF
            )
        if not agree:
            if not comment.strip():
                raise field_error(
                    "comment", "Say why you are returning the decision", FrontDoorError.RETURN_COMMENT_REQUIRED
                )
            current.sign_off = SignOff.RETURNED
            current.sign_off_comment = comment.strip()
            current.signed_off_by = actor
            current.signed_off_at = timezone.now()
            current.save()
            _move(contact, ContactStatus.AWAITING_DECISION)
            contact.save(update_fields=["status", "updated_at"])
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="front_door.contactdecision",
                object_id=current.pk,
                child_id=contact.child_id,
                changed_fields=["sign_off", "sign_off_comment"],
            )
            return SignedOff(current, None)
        if today > contact.decision_due_on and not late_reason.strip():
            raise field_error(
                "late_reason",
                "The decision was due by the end of the working day after the contact arrived: say why it is late",
                FrontDoorError.LATE_REASON_REQUIRED,
            )
        clock = _open_deadline(CONTACT_DECISION, contact)
        if clock is not None:
            timescales.deadline_meet(
                actor=actor, deadline=clock, met_on=today, late_reason=late_reason if today > clock.due_on else ""
            )
        current.sign_off = SignOff.AGREED
        current.sign_off_comment = comment.strip()
        current.late_reason = late_reason.strip() if today > contact.decision_due_on else ""
        current.signed_off_by = actor
        current.signed_off_at = timezone.now()
        current.save()
        _move(contact, ContactStatus.DECIDED)
        contact.save(update_fields=["status", "updated_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type="front_door.contactdecision",
            object_id=current.pk,
            child_id=contact.child_id,
            changed_fields=["sign_off", "signed_off_at"],
        )
        outcome = DecisionOutcome(current.outcome)
        decider = practitioner_of(current.decided_by)
        child = Person.objects.get(pk=contact.child_id) if contact.child_id else None
        referral = None
        if child is not None:
            timescales.deadline_start(
                actor=actor,
                rule_code=REFERRER_FEEDBACK,
                child=child,
                subject=current,
                started_on=today,
                assignee=decider,
            )
            if outcome.opens_referral:
                referral = _referral_open(
                    decision=episodes.Decision(actor, "front_door.contact_decision_sign_off", current),
                    contact=contact,
                    child=child,
                    outcome=outcome,
                )
            if outcome == DecisionOutcome.STRATEGY_DISCUSSION:
                timescales.deadline_start(
                    actor=actor,
                    rule_code=STRATEGY_DISCUSSION,
                    interval="immediate_danger" if contact.immediate_danger else "standard",
                    child=child,
                    subject=current,
                    started_on=today,
                    assignee=decider,
                )
        if contact.referrer_id is not None and contact.channel in (
            ContactChannel.PARTNER_PORTAL,
            ContactChannel.PARTNER_SYSTEM,
        ):
            _feedback_record(
                actor=actor, contact=contact, decision=current, method=FeedbackMethod.PORTAL, given_on=today, note=""
            )
            contact_id, reference = contact.pk, contact.reference
            transaction.on_commit(lambda: _email_referrer(contact_id, reference))
    return SignedOff(current, referral)


def _referral_open(
    *, decision: episodes.Decision, contact: Contact, child: Person, outcome: DecisionOutcome
) -> Referral:
    """The referral opens the child's episode of need in the outcome's tier, or joins the open one, stepping it up
    when the outcome's tier is higher (a referral never steps it down): episodes/services.py moves it."""
    actor = decision.actor
    referral_date = contact.received_on
    # A referral within 12 months of an earlier one: a referral recorded here, or an episode of need brought in from
    # the previous system (its referral date; ADR 0028).
    window_start = add_months(referral_date, -RE_REFERRAL_MONTHS)
    is_re_referral = Referral.objects.filter(
        child=child, referral_date__gte=window_start, referral_date__lte=referral_date
    ).exists() or episode_selectors.episode_started_between(child, window_start, referral_date)
    tier = TIER_FOR_OUTCOME[outcome]
    episode = episode_selectors.open_episode_for(child, lock=True)
    if episode is None:
        episode = episodes.episode_open(
            decision=decision,
            child=child,
            started_on=referral_date,
            referral_source=contact.source,
            tier=tier,
            reason=TransitionReason.REFERRAL,
            reason_text=f"Contact {contact.reference}: {outcome.label}",
        )
    else:
        episodes.episode_step_up(
            decision=decision,
            episode=episode,
            to_tier=tier,
            on=referral_date,
            reason=TransitionReason.REFERRAL,
            reason_text=f"Contact {contact.reference}: {outcome.label}",
        )
    referral = Referral.objects.create(
        contact=contact,
        child=child,
        referral_date=referral_date,
        source=contact.source,
        route=outcome,
        case_episode=episode,
        is_re_referral=is_re_referral,
    )
    auditor.record_created(actor=actor, obj=referral, child_id=child.pk)
    # The child and family assessment's clock runs from the referral date (not allocation): its work is the
    # assessment service's; until someone is allocated the child's allocated worker, if any, carries it.
    timescales.deadline_start(
        actor=actor, rule_code=SINGLE_ASSESSMENT, child=child, subject=referral, started_on=referral_date
    )
    return referral


def _feedback_record(
    *, actor: Any, contact: Contact, decision: ContactDecision, method: FeedbackMethod, given_on: date, note: str
) -> ReferrerFeedback:
    feedback = ReferrerFeedback.objects.create(
        contact=contact, decision=decision, method=method, given_on=given_on, given_by=actor, note=note.strip()
    )
    clock = _open_deadline(REFERRER_FEEDBACK, decision)
    if clock is not None:
        timescales.deadline_meet(
            actor=actor,
            deadline=clock,
            met_on=given_on,
            late_reason=(note.strip() or "Feedback given after the due date") if given_on > clock.due_on else "",
        )
    auditor.record_created(actor=actor, obj=feedback, child_id=contact.child_id)
    return feedback


def contact_feedback_record(
    *, actor: Any, contact: Contact, method: str, given_on: date, note: str = ""
) -> ReferrerFeedback:
    """The front door told a referrer who did not raise the concern through the portal (a caller, the public)."""
    if not has_permission(actor, Permission.TRIAGE_CONTACT, contact):
        raise NotFoundOrNotPermitted
    if method not in FeedbackMethod.values or method == FeedbackMethod.PORTAL:
        raise field_error("method", "Select how the referrer was told", "required")
    decision = contact.decisions.filter(sign_off=SignOff.AGREED).first()
    if decision is None:
        raise field_error("method", "There is no agreed decision to tell them about yet", "no_agreed_decision")
    if given_on > timezone.localdate() or given_on < timezone.localtime(decision.signed_off_at).date():
        raise field_error(
            "given_on",
            "The date they were told must be between the decision and today",
            FrontDoorError.FEEDBACK_DATE_INVALID,
        )
    with transaction.atomic():
        if ReferrerFeedback.objects.filter(decision=decision).exists():
            raise field_error(
                "method", "Feedback on this decision is already recorded", FrontDoorError.FEEDBACK_ALREADY_GIVEN
            )
        return _feedback_record(
            actor=actor, contact=contact, decision=decision, method=FeedbackMethod(method), given_on=given_on, note=note
        )


def _email_referrer(contact_id: int, reference: str) -> None:
    contact = Contact.objects.select_related("referrer__user").get(pk=contact_id)
    referrer = contact.referrer
    if referrer is None:
        return
    address = referrer.email or (referrer.user.email if referrer.user else "")
    if not address:
        return
    mail.send_mail(
        subject=f"JoinedUp: the front door has decided on concern {reference}",
        message=(
            f"The front door has decided what happens next about the concern you raised ({reference}).\n\nSign in "
            "to JoinedUp and open Concerns you have raised to read it. This email names no child."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
        fail_silently=True,
    )
