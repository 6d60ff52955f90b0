"""Every read of the front door, starting from who may see what as access/scopes.py decides it (contact_scope,
information_request_scope, children_visible_to), loading what each page shows in a fixed number of queries, and
auditing reads of a child's contact in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import is_front_door_manager
from joinedup.access.scopes import (
    children_visible_to,
    contact_scope,
    information_request_scope,
    is_front_door_member,
    practitioner_of,
)
from joinedup.audit import services as auditor
from joinedup.audit.listing import audit_rows_listed
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.sign_off import AwaitingSignOff, person_name
from joinedup.core.work import WorkItem, WorkKind, drafts_as_work
from joinedup.episodes.models import CaseEpisode
from joinedup.harms.models import ChildRiskIndicator, RiskIndicatorEscalation
from joinedup.harms.selectors import open_escalations_for_children
from joinedup.people.models import Person
from joinedup.people.selectors import RiskFlag, child_greater_risk_flags, greater_risk_flags
from joinedup.prompts.selectors import AnswerShown, prompt_answers_by_record
from joinedup.timescales.calendar import add_months
from joinedup.timescales.models import Deadline

from .codes import OPEN_STATUSES, ContactStatus, DecisionOutcome, SignOff
from .models import (
    URGENT_FIRST,
    ConcernDraft,
    Contact,
    ContactDecision,
    ContactHarm,
    ContactIndicator,
    ContactMatchSuggestion,
    DraftJourney,
    DutyAlert,
    InformationRequest,
    Referral,
)

# The queue's order: a child in immediate danger, then a referrer's "Urgent: the child needs a response today",
# then the soonest due (the contact_queue_idx index's order).
QUEUE_ORDER = (F("immediate_danger").desc(), URGENT_FIRST, "decision_due_on", "id")
QUEUE_PAGE_SIZE = 25  # the most urgent first; short enough to read on a phone (M37)
# What a contact says at length is not shown in the queue: not read for it.
QUEUE_DEFERRED = ("what_happened", "childs_words", "family_knows", "consent_reason", "support_requested")
HISTORY_MONTHS = 12


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """The contacts a user may see (access/scopes.py's contact_scope): the one source for the MASH queue, the partner
    portal and the API."""
    return Contact.objects.filter(contact_scope(user))


def information_requests_visible_to(user: Any) -> QuerySet[InformationRequest]:
    """The information requests a user may see (access/scopes.py's information_request_scope)."""
    return InformationRequest.objects.filter(information_request_scope(user))


class QueueTab:
    ALL = "all"
    AWAITING_DECISION = "awaiting_decision"
    WAITING_FOR_INFORMATION = "waiting_for_information"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    OVERDUE = "overdue"

    LABELS = {
        ALL: "All open",
        OVERDUE: "Overdue",
        AWAITING_DECISION: "Awaiting decision",
        WAITING_FOR_INFORMATION: "Waiting for information",
        AWAITING_SIGN_OFF: "Awaiting sign-off",
    }


def _tab_condition(tab: str, today: date) -> Q:
    return {
        QueueTab.ALL: Q(),
        QueueTab.OVERDUE: Q(decision_due_on__lt=today),
        QueueTab.AWAITING_DECISION: Q(status=ContactStatus.AWAITING_DECISION, open_information_requests=0),
        QueueTab.WAITING_FOR_INFORMATION: Q(status=ContactStatus.AWAITING_DECISION, open_information_requests__gt=0),
        QueueTab.AWAITING_SIGN_OFF: Q(status=ContactStatus.AWAITING_SIGN_OFF),
    }[tab]


def described_child_flags(contact: Contact, today: date) -> list[RiskFlag]:
    """Greater-risk flags (M9) from what the referrer said, before the child's record is confirmed."""
    if contact.child_is_unborn:
        return [RiskFlag("unborn", "Unborn")]
    if contact.child_date_of_birth and (today - contact.child_date_of_birth).days < 365:
        return [RiskFlag("baby_under_one", "Baby under one")]
    if contact.child_age_years == 0:
        return [RiskFlag("baby_under_one", "Baby under one")]
    return []


def contact_flags(contact: Contact, today: date, known: dict[int, list[RiskFlag]] | None = None) -> list[RiskFlag]:
    """The child's flags once the record is confirmed (from `known`, read for a whole list at once, where given),
    else what the referrer described."""
    if contact.child_id is not None:
        if known is None:
            known = greater_risk_flags(child_ids=[contact.child_id], today=today)
        return known.get(contact.child_id, [])
    return described_child_flags(contact, today)


@dataclass
class QueueRow:
    contact: Contact
    flags: list[RiskFlag]
    harms: list[str]
    harm_codes: list[str]
    contacts_in_12_months: int  # others about the same child, not counting this one
    referrals_in_12_months: int
    repeated_indicators: bool
    days_overdue: int


@dataclass
class MashQueue:
    tab: str
    rows: list[QueueRow]
    counts: dict[str, int]
    page_number: int
    page_count: int
    today: date


def _queue_counts(base: QuerySet[Contact], today: date) -> dict[str, int]:
    """How many open contacts each view of the queue holds: one count grouped by the columns of an index of the open
    contacts (status, open information requests, due date), read in its order, combined here."""
    grouped = (
        base.order_by().values_list("status", "open_information_requests", "decision_due_on").annotate(n=Count("*"))
    )
    counts = dict.fromkeys(QueueTab.LABELS, 0)
    for status, waiting, due_on, n in grouped:
        counts[QueueTab.ALL] += n
        if due_on < today:
            counts[QueueTab.OVERDUE] += n
        if status == ContactStatus.AWAITING_SIGN_OFF:
            counts[QueueTab.AWAITING_SIGN_OFF] += n
        elif waiting:
            counts[QueueTab.WAITING_FOR_INFORMATION] += n
        else:
            counts[QueueTab.AWAITING_DECISION] += n
    return counts


def _in_last_12_months(model: Any, date_field: str, since: date) -> Any:
    """How many rows of `model` about the row's child since `since`: a subquery read from the child's index."""
    counted = (
        model.objects.filter(child_id=OuterRef("child_id"), **{f"{date_field}__gte": since})
        .order_by()
        .values("child_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def mash_queue(*, actor: Any, tab: str = QueueTab.ALL, page_number: int = 1, today: date | None = None) -> MashQueue:
    """The front door's open contacts: a child in immediate danger first, then same-day urgency, then the soonest
    due; with each child's greater-risk flags, harms, repeat contacts and referrals in the last 12 months, and
    repeated early indicators.
    A fixed number of queries whatever the queue's length; every row listed is audited in one bulk append."""
    today = today or timezone.localdate()
    tab = tab if tab in QueueTab.LABELS else QueueTab.ALL
    base = contacts_visible_to(actor).filter(status__in=OPEN_STATUSES)
    counts = _queue_counts(base, today)
    page_count = max(1, -(-counts[tab] // QUEUE_PAGE_SIZE))
    page_number = min(max(1, page_number), page_count)
    start = (page_number - 1) * QUEUE_PAGE_SIZE
    since = add_months(today, -HISTORY_MONTHS)
    # The page's ids first, in queue order (an index walk that stops at the page), then only those rows with what
    # each shows: the subqueries run for the page, never for every contact a view holds.
    ids = list(
        base.filter(_tab_condition(tab, today))
        .order_by(*QUEUE_ORDER)
        .values_list("id", flat=True)[start : start + QUEUE_PAGE_SIZE]
    )
    by_id = {
        c.pk: c
        for c in Contact.objects.filter(id__in=ids)
        .select_related("child__child_profile", "referrer_organisation")
        .defer(*QUEUE_DEFERRED)
        .annotate(
            # Repeats about the same child (M12) and repeated early indicators (M8).
            contacts_12_months=_in_last_12_months(Contact, "received_on", since),
            referrals_12_months=_in_last_12_months(Referral, "referral_date", since),
            repeated_indicators=Exists(
                RiskIndicatorEscalation.objects.filter(child_id=OuterRef("child_id"), acknowledged_at__isnull=True)
            ),
        )
    }
    contacts = [by_id[i] for i in ids if i in by_id]
    harms: dict[int, list[tuple[str, str]]] = {}
    for contact_id, code, label in (
        ContactHarm.objects.filter(contact_id__in=[c.pk for c in contacts])
        .order_by("harm_type__display_order")
        .values_list("contact_id", "harm_type__code", "harm_type__label")
    ):
        harms.setdefault(contact_id, []).append((code, label))
    flags = greater_risk_flags(child_ids={c.child_id for c in contacts if c.child_id is not None}, today=today)
    rows = [
        QueueRow(
            contact=c,
            flags=contact_flags(c, today, flags),
            harms=[label for _code, label in harms.get(c.pk, [])],
            harm_codes=[code for code, _label in harms.get(c.pk, [])],
            contacts_in_12_months=max(0, c.contacts_12_months - 1) if c.child_id else 0,  # type: ignore[attr-defined]
            referrals_in_12_months=c.referrals_12_months if c.child_id else 0,  # type: ignore[attr-defined]
            repeated_indicators=bool(c.repeated_indicators),  # type: ignore[attr-defined]
            days_overdue=(today - c.decision_due_on).days,
        )
        for c in contacts
    ]
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.LISTED, "front_door.contact", c.pk, child_id=c.child_id) for c in contacts
            ],
        )
    return MashQueue(tab, rows, counts, page_number, page_count, today)


def alerts_for(*, actor: Any, limit: int = 20) -> list[DutyAlert]:
    """The user's alerts nobody has acknowledged, newest first."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return []
    return list(
        DutyAlert.objects.filter(recipient=practitioner, acknowledged_at__isnull=True)
        .select_related("contact", "escalation__child")
        .order_by("-created_at", "-id")[:limit]
    )


def alert_get(*, actor: Any, alert_id: int) -> DutyAlert:
    practitioner = practitioner_of(actor)
    alert = DutyAlert.objects.filter(pk=alert_id, recipient=practitioner).select_related("contact").first()
    if practitioner is None or alert is None:
        raise NotFoundOrNotPermitted
    return alert


# -- one contact, for the front door ----------------------------------------------------------------------------


@dataclass
class ContactHistory:
    """Repeat contacts and referrals about the same child in the last 12 months (M12), and their early indicators."""

    contacts: list[Contact] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    indicators: list[ChildRiskIndicator] = field(default_factory=list)
    open_escalation: RiskIndicatorEscalation | None = None
    open_episode: Any = None


@dataclass
class FrontDoorContact:
    contact: Contact
    flags: list[RiskFlag]
    suggestions: list[ContactMatchSuggestion]
    history: ContactHistory
    requests: list[InformationRequest]
    decisions: list[ContactDecision]
    decision_clock: Deadline | None
    prompt_answers: dict[int, list[AnswerShown]]


def contact_get(*, actor: Any, contact_id: int) -> Contact:
    """A contact the user may see, unaudited (for deciding on a page that acts on it)."""
    contact = contacts_visible_to(actor).filter(pk=contact_id).select_related("child__child_profile").first()
    if contact is None:
        raise NotFoundOrNotPermitted
    return contact


def contact_form_shown(*, actor: Any, contact: Contact, purpose: str, candidates: list[Person] | None = None) -> None:
    """A form on a contact was shown: it names the contact's child, a read audited against them, and lists the
    records it offers as the child's (`candidates`), each audited as listed, in one bulk write (issue 26)."""
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=contact, child_id=contact.child_id, reason=purpose)
        audit_rows_listed(actor=actor, rows=candidates or [], child_id=_itself)


def _itself(person: Person) -> int:
    return person.pk


def contact_for_front_door(*, actor: Any, contact_id: int, today: date | None = None) -> FrontDoorContact:
    """Everything the front door needs to triage one contact; the read is audited."""
    today = today or timezone.localdate()
    with transaction.atomic():
        contact = (
            contacts_visible_to(actor)
            .filter(pk=contact_id)
            .select_related("child__child_profile", "referrer", "referrer_organisation", "child_school", "recorded_by")
            .prefetch_related(
                Prefetch("harm_links", queryset=ContactHarm.objects.select_related("harm_type__parent")),
                Prefetch("indicator_links", queryset=ContactIndicator.objects.select_related("indicator")),
                Prefetch("notes", queryset=contact_notes()),
            )
            .first()
        )
        if contact is None:
            raise NotFoundOrNotPermitted
        auditor.record_viewed(actor=actor, obj=contact, child_id=contact.child_id)
    suggestions = list(
        contact.match_suggestions.select_related("person__child_profile").filter(person__merged_into__isnull=True)
    )
    history = ContactHistory()
    decision_clock = None
    if contact.child_id is not None:
        since = add_months(today, -HISTORY_MONTHS)
        history.contacts = list(
            Contact.objects.filter(child_id=contact.child_id, received_on__gte=since)
            .exclude(pk=contact.pk)
            .prefetch_related(Prefetch("decisions", queryset=ContactDecision.objects.filter(sign_off=SignOff.AGREED)))
            .order_by("-received_at")
        )
        history.referrals = list(
            Referral.objects.filter(child_id=contact.child_id, referral_date__gte=since).order_by("-referral_date")
        )
        history.indicators = list(
            ChildRiskIndicator.objects.filter(child_id=contact.child_id, observed_on__gte=since).select_related(
                "indicator"
            )
        )
        history.open_escalation = open_escalations_for_children([contact.child_id]).get(contact.child_id)
        history.open_episode = (
            contact.child.case_episodes.filter(closed_on__isnull=True).first() if contact.child else None
        )
        decision_clock = Deadline.objects.filter(
            rule_code="contact_decision", subject_key=f"front_door.contact:{contact.pk}"
        ).first()
    requests = list(
        contact.information_requests.select_related("to_organisation", "to_practitioner", "requested_by__practitioner")
    )
    decisions = list(
        contact.decisions.select_related("decided_by__practitioner", "signed_off_by__practitioner")
        .prefetch_related("harm_links__harm_type", "feedback")
        .order_by("decided_at")
    )
    return FrontDoorContact(
        contact=contact,
        flags=contact_flags(contact, today),
        suggestions=suggestions,
        history=history,
        requests=requests,
        decisions=decisions,
        decision_clock=decision_clock,
        prompt_answers=prompt_answers_by_record(ContactDecision, [d.pk for d in decisions]),
    )


def contact_notes() -> QuerySet[Any]:
    from .models import ContactNote

    return ContactNote.objects.select_related("author__practitioner").order_by("created_at", "id")


def decision_awaiting_sign_off(*, contact: Contact) -> ContactDecision | None:
    return contact.decisions.filter(sign_off=SignOff.AWAITING).select_related("decided_by__practitioner").first()


def child_search_candidates(*, actor: Any, contact: Contact) -> list[Person]:
    """The records suggested when the contact arrived, as people the user may open."""
    ids = list(contact.match_suggestions.values_list("person_id", flat=True))
    return list(children_visible_to(actor).filter(id__in=ids).select_related("child_profile"))


# -- the partner portal -----------------------------------------------------------------------------------------


PARTNER_STATUS = {
    ContactStatus.AWAITING_DECISION: "Being considered",
    ContactStatus.AWAITING_SIGN_OFF: "Being considered",
    ContactStatus.DECIDED: "Decided",
}


@dataclass(frozen=True)
class PartnerOutcome:
    """What a referrer is told: the decision and the words written for them. Never the front door's rationale,
    working notes, information requests or record matches."""

    outcome: str
    outcome_label: str
    feedback: str
    decided_on: date


@dataclass(frozen=True)
class PartnerConcern:
    """A concern as the person who raised it sees it: what they said, where it is, and the outcome."""

    id: int
    reference: str
    received_at: Any
    child_name: str
    child_date_of_birth: date | None
    child_expected_date_of_delivery: date | None
    kind_label: str
    urgency_label: str
    immediate_danger: bool
    what_happened: str
    childs_words: str
    family_knows: str
    consent_label: str
    consent_reason: str
    harms: tuple[str, ...]
    indicators: tuple[str, ...]
    status: str
    outcome: PartnerOutcome | None
    raised_by: str


def _partner_view(contact: Contact) -> PartnerConcern:
    agreed = next((d for d in contact.decisions.all() if d.sign_off == SignOff.AGREED), None)
    outcome = None
    if agreed is not None and agreed.signed_off_at is not None:
        outcome = PartnerOutcome(
            outcome=agreed.outcome,
            outcome_label=DecisionOutcome(agreed.outcome).label,
            feedback=agreed.feedback_to_referrer,
            decided_on=timezone.localtime(agreed.signed_off_at).date(),
        )
    return PartnerConcern(
        id=contact.pk,
        reference=contact.reference,
        received_at=contact.received_at,
        child_name=contact.child_described_name,
        child_date_of_birth=contact.child_date_of_birth,
        child_expected_date_of_delivery=contact.child_expected_date_of_delivery,
        kind_label=contact.get_kind_display(),
        urgency_label=contact.get_urgency_display(),
        immediate_danger=contact.immediate_danger,
        what_happened=contact.what_happened,
        childs_words=contact.childs_words,
        family_knows=contact.family_knows,
        consent_label=contact.get_consent_display(),
        consent_reason=contact.consent_reason,
        harms=tuple(link.harm_type.label for link in contact.harm_links.all()),
        indicators=tuple(link.indicator.label for link in contact.indicator_links.all()),
        status=PARTNER_STATUS[ContactStatus(contact.status)],
        outcome=outcome,
        raised_by=contact.referrer.full_name if contact.referrer else "",
    )


def _raised_by(actor: Any) -> QuerySet[Contact]:
    """Contacts the user may see that they, or their organisation, raised (the scope decides which)."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return Contact.objects.none()
    return contacts_visible_to(actor).filter(
        Q(referrer_id=practitioner.pk) | Q(referrer_organisation_id=practitioner.organisation_id)
    )


def _partner_prefetch(qs: QuerySet[Contact]) -> QuerySet[Contact]:
    return qs.select_related("referrer").prefetch_related(
        Prefetch(
            "harm_links", queryset=ContactHarm.objects.select_related("harm_type").order_by("harm_type__display_order")
        ),
        Prefetch("indicator_links", queryset=ContactIndicator.objects.select_related("indicator")),
        Prefetch("decisions", queryset=ContactDecision.objects.filter(sign_off=SignOff.AGREED)),
    )


def partner_concern_list(*, actor: Any, limit: int = 100) -> list[PartnerConcern]:
    """The concerns the user (or their setting) raised, newest first, with their outcomes; audited as a list."""
    contacts = list(_partner_prefetch(_raised_by(actor)).order_by("-received_at", "-id")[:limit])
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.LISTED, "front_door.contact", c.pk, child_id=c.child_id) for c in contacts
            ],
        )
    return [_partner_view(c) for c in contacts]


def partner_concern_get(*, actor: Any, contact_id: int) -> PartnerConcern:
    with transaction.atomic():
        contact = _partner_prefetch(_raised_by(actor)).filter(pk=contact_id).first()
        if contact is None:
            raise NotFoundOrNotPermitted
        auditor.record_viewed(actor=actor, obj=contact, child_id=contact.child_id)
    return _partner_view(contact)


@dataclass(frozen=True)
class RequestForPartner:
    """An information request as the agency asked sees it: the question, the child's identifying details (to find
    them in its own records), the due date and any answer. Nothing else about the contact."""

    id: int
    question: str
    is_urgent: bool
    requested_on: date
    due_on: date
    organisation: str
    child_name: str
    child_date_of_birth: date | None
    child_nhs_number: str
    child_address: str
    response: str
    responded_at: Any


def _request_view(request: InformationRequest) -> RequestForPartner:
    child = request.contact.child
    return RequestForPartner(
        id=request.pk,
        question=request.question,
        is_urgent=request.is_urgent,
        requested_on=request.requested_on,
        due_on=request.due_on,
        organisation=request.to_organisation.name,
        child_name=child.display_name if child else request.contact.child_described_name,
        child_date_of_birth=child.date_of_birth if child else None,
        child_nhs_number=(child.nhs_number or "") if child else "",
        child_address=f"{child.address}, {child.postcode}".strip(", ") if child else "",
        response=request.response,
        responded_at=request.responded_at,
    )


def partner_information_requests(*, actor: Any) -> list[RequestForPartner]:
    """Requests addressed to the user or their organisation: open ones first (urgent first, then the soonest due, so
    the overdue lead), then the last answered."""
    qs = information_requests_visible_to(actor).select_related("contact__child__child_profile", "to_organisation")
    open_requests = list(qs.filter(responded_at__isnull=True).order_by("-is_urgent", "due_on", "id")[:100])
    answered = list(qs.filter(responded_at__isnull=False).order_by("-responded_at")[:20])
    requests = open_requests + answered
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(
                    AuditAction.LISTED, "front_door.informationrequest", r.pk, child_id=r.contact.child_id
                )
                for r in requests
            ],
        )
    return [_request_view(r) for r in requests]


def partner_information_request_get(*, actor: Any, request_id: int) -> tuple[InformationRequest, RequestForPartner]:
    with transaction.atomic():
        request = (
            information_requests_visible_to(actor)
            .select_related("contact__child__child_profile", "to_organisation")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            raise NotFoundOrNotPermitted
        auditor.record_viewed(actor=actor, obj=request, child_id=request.contact.child_id)
    return request, _request_view(request)


def concern_draft_get(*, actor: Any, draft_id: int, journey: str = DraftJourney.PARTNER) -> ConcernDraft:
    """A concern the user is telling the front door page by page (a partner's, or the front door's record of a call):
    only their own, of that journey. Started from a child's record, showing it names that child: a read in the
    child's audit trail."""
    draft = (
        ConcernDraft.objects.filter(pk=draft_id, journey=journey, owner_id=getattr(actor, "pk", None))
        .exclude(journey=DraftJourney.PUBLIC)
        .select_related("child__child_profile")
        .first()
    )
    if draft is None:
        raise NotFoundOrNotPermitted
    if draft.child_id is not None:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=draft, child_id=draft.child_id, reason="Raise a concern")
    return draft


def public_draft_get(*, token: str, session_tokens: Sequence[str]) -> ConcernDraft:
    """A member of the public's report, page by page: only by the unguessable token their own browser's session
    holds, and only until it expires. Anyone else (another browser, a guessed token) finds nothing."""
    if not token or token not in session_tokens:
        raise NotFoundOrNotPermitted
    draft = ConcernDraft.objects.filter(journey=DraftJourney.PUBLIC, token=token, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise NotFoundOrNotPermitted
    return draft


def concern_drafts_of(*, actor: Any, journey: str = DraftJourney.PARTNER, limit: int = 5) -> list[ConcernDraft]:
    """The concerns (or calls) the user started and has not sent (or recorded) yet, the latest first, to continue."""
    return list(
        ConcernDraft.objects.filter(owner_id=getattr(actor, "pk", None), journey=journey)
        .exclude(journey=DraftJourney.PUBLIC)
        .order_by("-updated_at", "-id")[:limit]
    )


def concern_drafts_work(*, actor: Any, today: date) -> list[WorkItem]:
    """The concerns a partner started and has not sent, and the calls or emails the front door started and has not
    recorded, as the owner's drafts on their home page and My work (a draft is seen only by its owner). One query;
    a draft started from a child's record names the child only while the owner may still see them."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    drafts = (
        ConcernDraft.objects.filter(owner_id=actor.pk, journey__in=[DraftJourney.PARTNER, DraftJourney.FRONT_DOOR])
        .filter(Q(child__isnull=True) | Q(child_id__in=children_visible_to(actor).values("id")))
        .select_related("child")
        .order_by("updated_at", "id")[:100]
    )
    return drafts_as_work(
        drafts,
        title=_draft_title,
        url=_draft_url,
        object_type="front_door.concerndraft",
    )


def _draft_title(draft: ConcernDraft) -> str:
    """What the draft is about, in words: the child it names, as typed so far."""
    if draft.child is not None:
        name = draft.child.display_name
    else:
        name = " ".join((draft.answers.get(f) or [""])[0] for f in ("child_given_name", "child_family_name")).strip()
    about = f"about {name}" if name else "about a child not named yet"
    if draft.journey == DraftJourney.FRONT_DOOR:
        return f"Call or email {about}, not recorded yet"
    return f"Concern {about}, not sent yet"


def _draft_url(draft: ConcernDraft) -> str:
    if draft.journey == DraftJourney.FRONT_DOOR:
        return reverse("front_door:contact_draft_check", args=[draft.pk])
    return reverse("front_door:concern_check", args=[draft.pk])


# -- a child's front door history -------------------------------------------------------------------------------


@dataclass
class ChildFrontDoorHistory:
    child: Person
    flags: list[RiskFlag]
    contacts: list[Contact]
    referrals: list[Referral]
    episodes: list[Any]
    indicators: list[ChildRiskIndicator]
    escalations: list[RiskIndicatorEscalation]


def child_front_door_history(*, actor: Any, child_id: int) -> ChildFrontDoorHistory:
    """Every contact about a child the user may see, referrals, episodes of need and early indicators; audited."""
    child = access_child(actor, child_id, permission=Permission.VIEW_CHILD, purpose="front door history")
    return ChildFrontDoorHistory(
        child=child,
        flags=child_greater_risk_flags(child=child),
        contacts=list(
            contacts_visible_to(actor)
            .filter(child=child)
            .select_related("referrer_organisation")
            .prefetch_related(Prefetch("decisions", queryset=ContactDecision.objects.filter(sign_off=SignOff.AGREED)))
            .order_by("-received_at")
        ),
        referrals=list(Referral.objects.filter(child=child).order_by("-referral_date")),
        episodes=list(CaseEpisode.objects.filter(child=child).order_by("-started_on")),
        indicators=list(ChildRiskIndicator.objects.filter(child=child).select_related("indicator")),
        escalations=list(RiskIndicatorEscalation.objects.filter(child=child)),
    )


def escalation_for(*, actor: Any, escalation_id: int) -> RiskIndicatorEscalation:
    escalation = RiskIndicatorEscalation.objects.filter(pk=escalation_id).select_related("child").first()
    if escalation is None or not children_visible_to(actor).filter(pk=escalation.child_id).exists():
        raise NotFoundOrNotPermitted
    return escalation


def decisions_awaiting_sign_off_for_teams(*, actor: Any, team_ids: list[int]) -> list[AwaitingSignOff]:
    """For the oversight page (front_door/oversight.py): front door decisions made by members of `team_ids` that wait
    for a manager's sign-off, on contacts the manager may see; never the manager's own. One query."""
    if not is_front_door_manager(actor):
        return []  # only the front door's manager signs its decisions off (SIGN_OFF_CONTACT_DECISION): no query
    outcomes = dict(DecisionOutcome.choices)
    rows = (
        ContactDecision.objects.filter(
            sign_off=SignOff.AWAITING,
            decided_by__practitioner__team_id__in=team_ids,
            contact__in=contacts_visible_to(actor),
        )
        .exclude(decided_by_id=actor.pk)
        .select_related("contact__child__child_profile", "decided_by__practitioner")
        .order_by("decided_at", "id")
    )
    items = []
    for d in rows:
        contact = d.contact
        child = contact.child
        described = f"{contact.child_given_name} {contact.child_family_name}".strip() or "Child not yet identified"
        items.append(
            AwaitingSignOff(
                kind="contact_decision",
                what=f"Front door decision on contact {contact.reference}: {outcomes.get(d.outcome, d.outcome)}",
                child_id=contact.child_id,
                child_name=child.display_name if child is not None else described,
                since=timezone.localtime(d.decided_at).date(),
                submitted_by=person_name(d.decided_by),
                submitted_by_id=getattr(getattr(d.decided_by, "practitioner", None), "pk", None),
                url=reverse("front_door:sign_off", args=[contact.pk]),
                object_type="front_door.contactdecision",
                object_id=d.pk,
            )
        )
    return items


def open_episode_for_child(*, child: Person) -> dict[str, Any] | None:
    """The child's open episode of need, if any: when it started and its tier (the case summary). One query."""
    row: Any = (
        CaseEpisode.objects.filter(child=child, closed_on__isnull=True)
        .order_by("-started_on")
        .values("started_on", "tier")
        .first()
    )
    return dict(row) if row is not None else None


# -- work waiting for a partner (issue 19: the home page and My work read it through front_door/work.py) -----------


def information_requests_to_answer_work(*, actor: Any, today: date) -> list[WorkItem]:
    """The open information requests `actor` is to answer: those addressed to them by name, or to their
    organisation with nobody named (access/scopes.py's information_request_scope, the scope answering is decided
    by). The front door asks them and never answers, so it gets none. Urgent ones are flagged. One query."""
    practitioner = practitioner_of(actor)
    if practitioner is None or is_front_door_member(practitioner):
        return []
    rows = (
        InformationRequest.objects.filter(information_request_scope(actor), responded_at__isnull=True)
        .select_related("contact__child", "requested_by__practitioner")
        .order_by("due_on", "id")[:100]
    )
    items = []
    for r in rows:
        contact = r.contact
        child = contact.child
        name = child.display_name if child is not None else contact.child_described_name
        asker = person_name(r.requested_by)
        items.append(
            WorkItem(
                kind=WorkKind.REQUEST,
                title=f"{'Urgent information' if r.is_urgent else 'Information'} request about {name}",
                url=reverse("front_door:information_request_answer", args=[r.pk]),
                child_id=contact.child_id,
                child_name=name,
                due_on=r.due_on,
                is_urgent=r.is_urgent,
                since=r.requested_on,
                detail=f"Asked by {asker}, front door" if asker else "Asked by the front door",
                object_type="front_door.informationrequest",
                object_id=r.pk,
            )
        )
    return items
