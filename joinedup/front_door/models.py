"""The front door (M11, M12): contacts (what reaches the front door, from a partner, the public or a call), the
MASH's working notes, information requests to partner agencies, decisions with manager sign-off, feedback to the
referrer, referrals and the child's episode of need, and alerts to the duty team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When

from joinedup.core.models import TimeStampedModel
from joinedup.core.voice import ChildVoiceFields
from joinedup.episodes.codes import ReferralSource
from joinedup.harms.models import HarmType, RiskIndicatorType

from .codes import (
    OPEN_STATUSES,
    AlertKind,
    ChildMatch,
    Consent,
    ContactChannel,
    ContactKind,
    ContactStatus,
    DecisionOutcome,
    FamilyAwareness,
    FeedbackMethod,
    SignOff,
    Urgency,
)

# 0 for a concern the referrer said needs a response today, 1 for the rest: the queue's second key.
URGENT_FIRST = Case(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1), output_field=models.IntegerField())


class Contact(TimeStampedModel):
    """A concern or request for support about one child, as it reached the front door. What the referrer said is
    kept as they said it; who the child is on our records is `child`, once someone has matched it."""

    reference = models.CharField(max_length=14, unique=True, help_text="Given to the person who raised it")
    received_at = models.DateTimeField()
    received_on = models.DateField(help_text="The day the contact_decision clock starts (UK date of receipt)")
    decision_due_on = models.DateField(help_text="When the decision is due: contact_decision from the rule data")
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    source = models.CharField(max_length=2, choices=ReferralSource.choices, help_text="CIN census ReferralSource")
    kind = models.CharField(max_length=24, choices=ContactKind.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    immediate_danger = models.BooleanField()
    status = models.CharField(max_length=20, choices=ContactStatus.choices, default=ContactStatus.AWAITING_DECISION)
    # Who raised it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts_raised"
    )
    referrer_organisation = models.ForeignKey(
        "agencies.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts_raised"
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_relationship = models.CharField(max_length=200, blank=True, help_text="How they know the child")
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_email = models.EmailField(blank=True)
    # The child, as described by the referrer, and the record it is matched to.
    child = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts")
    child_match = models.CharField(max_length=30, choices=ChildMatch.choices, blank=True)
    child_given_name = models.CharField(max_length=100, blank=True)
    child_family_name = models.CharField(max_length=100, blank=True)
    child_date_of_birth = models.DateField(null=True, blank=True)
    child_is_unborn = models.BooleanField(default=False)
    child_expected_date_of_delivery = models.DateField(null=True, blank=True)
    child_age_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text="An estimate, when no date")
    child_nhs_number = models.CharField(max_length=10, blank=True)
    child_address = models.CharField(max_length=300, blank=True)
    child_postcode = models.CharField(max_length=8, blank=True)
    child_school = models.ForeignKey(
        "agencies.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    child_school_name = models.CharField(max_length=200, blank=True, help_text="As the referrer gave it")
    # What was seen or heard (M11).
    what_happened = models.TextField(help_text="What has happened, or what was seen or heard")
    childs_words = models.TextField(blank=True, help_text="What the child said, in their own words")
    family_aware = models.CharField(max_length=10, choices=FamilyAwareness.choices)
    family_knows = models.TextField(blank=True, help_text="What the family knows and has said")
    consent = models.CharField(max_length=12, choices=Consent.choices)
    consent_reason = models.TextField(blank=True, help_text="Why consent was not sought, or why sharing without it")
    support_requested = models.TextField(blank=True, help_text="The support the referrer thinks would help")
    extra_familial_perpetration = models.CharField(max_length=30, blank=True)
    harms: models.ManyToManyField[HarmType, ContactHarm] = models.ManyToManyField(
        "harms.HarmType", through="ContactHarm", related_name="contacts", blank=True
    )
    indicators: models.ManyToManyField[RiskIndicatorType, ContactIndicator] = models.ManyToManyField(
        "harms.RiskIndicatorType", through="ContactIndicator", related_name="contacts", blank=True
    )
    open_information_requests = models.PositiveSmallIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    outcome_seen_at = models.DateTimeField(null=True, blank=True, help_text="When the referrer first read the outcome")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            # The MASH queue: open contacts, immediate danger first, then same-day urgency, then soonest due
            # (selectors.QUEUE_ORDER, read in this index's order).
            models.Index(
                F("immediate_danger").desc(),
                URGENT_FIRST,
                F("decision_due_on"),
                F("id"),
                condition=Q(status__in=OPEN_STATUSES),
                name="contact_queue_idx",
            ),
            # The queue's counts by view, read from the index alone (an index-only scan).
            models.Index(
                fields=["status", "open_information_requests", "decision_due_on", "child"],
                condition=Q(status__in=OPEN_STATUSES),
                name="contact_queue_counts_idx",
            ),
            models.Index(fields=["child", "received_on"], name="contact_child_idx"),
            models.Index(fields=["referrer", "-received_at"], name="contact_referrer_idx"),
            models.Index(fields=["referrer_organisation", "-received_at"], name="contact_referrer_org_idx"),
            models.Index(fields=["received_on", "source"], name="contact_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_is_unborn=False) | Q(child_date_of_birth__isnull=True),
                name="contact_unborn_child_has_no_date_of_birth",
            ),
            models.CheckConstraint(condition=Q(decision_due_on__gte=models.F("received_on")), name="contact_due_after"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def child_described_name(self) -> str:
        if self.child_is_unborn and not self.child_given_name:
            return f"Unborn child ({self.child_family_name})" if self.child_family_name else "Unborn child"
        return f"{self.child_given_name} {self.child_family_name}".strip() or "Name not given"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ContactHarm(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="harm_links")
    harm_type = models.ForeignKey("harms.HarmType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "harm_type"], name="one_row_per_contact_harm")]

    def __str__(self) -> str:
        return f"{self.harm_type_id} on contact {self.contact_id}"


class ContactIndicator(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey("harms.RiskIndicatorType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "indicator"], name="one_row_per_contact_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_id} on contact {self.contact_id}"


class ContactMatchSuggestion(models.Model):
    """A likely existing record for the child, found when the contact arrived (person matching, M5), for the
    front door to confirm or reject."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="match_suggestions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    reasons = models.CharField(max_length=500)

    class Meta:
        ordering = ["-score", "person_id"]
        constraints = [models.UniqueConstraint(fields=["contact", "person"], name="one_suggestion_per_contact_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} for contact {self.contact_id}"


class ContactNote(TimeStampedModel):
    """The MASH's working notes on a contact. Never shown to the referrer or any partner."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on contact {self.contact_id}"


class InformationRequest(TimeStampedModel):
    """The front door asks a partner agency what it knows about the child, with a deadline (local protocol
    information_request: 1 working day when urgent, 3 otherwise), answered through the partner portal."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="information_requests")
    to_organisation = models.ForeignKey(
        "agencies.Organisation", on_delete=models.PROTECT, related_name="information_requests"
    )
    to_practitioner = models.ForeignKey(
        "agencies.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_requests",
        help_text="A named person; when empty, anyone in the organisation who works with children may answer",
    )
    question = models.TextField()
    is_urgent = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField()
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_on", "id"]
        indexes = [
            models.Index(fields=["to_practitioner", "responded_at"], name="info_request_person_idx"),
            models.Index(fields=["to_organisation", "responded_at"], name="info_request_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("requested_on")), name="info_request_due_after")
        ]

    def __str__(self) -> str:
        return f"Information request {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None


class ContactDecision(ChildVoiceFields, TimeStampedModel):
    """The front door's decision on a contact, its rationale (for the MASH), what the referrer is told, the harms
    the MASH identified (several at once, M7), the child's wishes and feelings or why they could not be obtained
    (M26) and the manager's sign-off. A returned decision stays, as history."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=24, choices=DecisionOutcome.choices)
    rationale = models.TextField(help_text="Why: for the front door and the manager, never shown to the referrer")
    feedback_to_referrer = models.TextField(help_text="What the person who raised the concern is told")
    harms: models.ManyToManyField[HarmType, DecisionHarm] = models.ManyToManyField(
        "harms.HarmType", through="DecisionHarm", related_name="+", blank=True
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    sign_off = models.CharField(max_length=10, choices=SignOff.choices, default=SignOff.AWAITING)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)
    late_reason = models.TextField(blank=True, help_text="Why the decision came after its one working day")

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"], condition=Q(sign_off=SignOff.AGREED), name="one_agreed_decision_per_contact"
            ),
            models.UniqueConstraint(
                fields=["contact"], condition=Q(sign_off=SignOff.AWAITING), name="one_decision_awaiting_sign_off"
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk} on contact {self.contact_id}"


class DecisionHarm(models.Model):
    decision = models.ForeignKey(ContactDecision, on_delete=models.CASCADE, related_name="harm_links")
    harm_type = models.ForeignKey("harms.HarmType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "harm_type"], name="one_row_per_decision_harm")]

    def __str__(self) -> str:
        return f"{self.harm_type_id} on decision {self.decision_id}"


class ReferrerFeedback(TimeStampedModel):
    """The referrer was told the outcome (M12): through the portal when they raised it there, otherwise by the
    front door, recorded here."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="feedback")
    decision = models.ForeignKey(ContactDecision, on_delete=models.PROTECT, related_name="feedback")
    method = models.CharField(max_length=16, choices=FeedbackMethod.choices)
    given_on = models.DateField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, help_text="For the front door: what was said, and to whom")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision"], name="one_feedback_per_decision")]

    def __str__(self) -> str:
        return f"Feedback on contact {self.contact_id}"


class Referral(TimeStampedModel):
    """A contact the front door accepted for help or protection. It opens the child's episode of need, or joins
    the one already open. A re-referral is one within 12 months of the child's previous referral."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="referral")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    referral_date = models.DateField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    route = models.CharField(max_length=24, choices=DecisionOutcome.choices)
    case_episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="referrals")
    is_re_referral = models.BooleanField(default=False)

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [models.Index(fields=["child", "referral_date"], name="referral_child_idx")]

    def __str__(self) -> str:
        return f"Referral {self.pk} for child {self.child_id}"


class DutyAlert(models.Model):
    """An in-app alert for one practitioner, emailed (ids only, never a child's details) where they have an
    address: a contact says a child may be in immediate danger, or a child's early indicators keep repeating."""

    recipient = models.ForeignKey("agencies.Practitioner", on_delete=models.CASCADE, related_name="duty_alerts")
    kind = models.CharField(max_length=24, choices=AlertKind.choices)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    escalation = models.ForeignKey(
        "harms.RiskIndicatorEscalation", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], condition=Q(acknowledged_at__isnull=True), name="alert_open_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "contact"],
                condition=Q(contact__isnull=False),
                name="one_alert_per_contact",
            ),
            models.UniqueConstraint(
                fields=["recipient", "escalation"], condition=Q(escalation__isnull=False), name="one_alert_per_prompt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} alert {self.pk}"


class DraftJourney(models.TextChoices):
    """Who is telling the front door about a child, page by page: each journey asks its own question pages."""

    PARTNER = "partner", "A partner raising a concern"
    FRONT_DOOR = "front_door", "The front door recording a call or an email"
    PUBLIC = "public", "A member of the public reporting a concern"


class ConcernDraft(TimeStampedModel):
    """A concern being told to the front door page by page (the question pages), kept on the server as it goes so
    nothing typed is lost to a time-out: a partner raising it, the front door recording a call or an email, or a
    member of the public. The answers are kept as typed, by question; the service checks them all when it is sent
    or recorded, and the draft goes with it. `child` is set when a partner started it from a child's record they
    can see: the child is then known, and not asked for again.

    A partner's or the front door's draft is its owner's alone. A member of the public has no owner: their draft
    is opened by an unguessable `token` kept in their browser's session, and it `expires_at` a day after it was
    started (then purged daily)."""

    journey = models.CharField(max_length=16, choices=DraftJourney.choices, default=DraftJourney.PARTNER)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    child = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True, help_text="Each question's answer as typed: name -> values")
    idempotency_key = models.CharField(max_length=64, help_text="Sent with the concern: a double click makes one")
    token = models.CharField(
        max_length=64, blank=True, default="", help_text="A public draft's unguessable key, kept in the session"
    )
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When a public draft is purged")

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="concern_draft_owner_idx"),
            models.Index(fields=["expires_at"], name="concern_draft_expiry_idx"),
        ]
        constraints = [
            # The public's drafts have no owner, and are found by their token alone; everyone else's by owner.
            models.CheckConstraint(
                condition=(Q(journey="public") & Q(owner__isnull=True) & ~Q(token="") & Q(expires_at__isnull=False))
                | (~Q(journey="public") & Q(owner__isnull=False) & Q(token="")),
                name="concern_draft_owner_or_public_token",
            ),
            models.UniqueConstraint(fields=["token"], condition=~Q(token=""), name="concern_draft_token_unique"),
        ]

    def __str__(self) -> str:
        return f"Concern draft {self.pk}"
