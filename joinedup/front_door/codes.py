"""Stable vocabularies of the front door. Stored values never change; labels are the guidance's words. The CIN
census ReferralSource, the episode's tiers and closure reasons are the episode of need's (episodes/codes.py)."""

from __future__ import annotations

from django.db import models

from joinedup.episodes.codes import EpisodeTier, ReferralSource


class ContactChannel(models.TextChoices):
    PARTNER_PORTAL = "partner_portal", "Partner portal"
    PUBLIC_FORM = "public_form", "Public form"
    PHONE = "phone", "Phone call to the front door"
    EMAIL = "email", "Email to the front door"
    PARTNER_SYSTEM = "partner_system", "Partner system (API)"


class ContactKind(models.TextChoices):
    CONCERN = "concern", "A concern that a child is being harmed or is at risk of harm"
    REQUEST_FOR_SUPPORT = "request_for_support", "A request for support for a child and their family"


class Urgency(models.TextChoices):
    URGENT = "urgent", "Urgent: the child needs a response today"
    STANDARD = "standard", "Not urgent"


class FamilyAwareness(models.TextChoices):
    AWARE = "aware", "Yes, the family knows"
    NOT_AWARE = "not_aware", "No, the family does not know"


class Consent(models.TextChoices):
    """Consent to share with the front door (M11, M24): given, or why it was not sought, or refused."""

    GIVEN = "given", "Yes, the family agreed to this concern being shared"
    NOT_SOUGHT = "not_sought", "No, consent was not sought"
    REFUSED = "refused", "The family refused, and I am sharing without consent"


class ContactStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting manager sign-off"
    DECIDED = "decided", "Decided"


OPEN_STATUSES = (ContactStatus.AWAITING_DECISION, ContactStatus.AWAITING_SIGN_OFF)

# The transitions a contact's status may take (STYLE 6.4): from -> allowed next statuses.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ContactStatus.AWAITING_DECISION: frozenset({ContactStatus.AWAITING_SIGN_OFF}),
    ContactStatus.AWAITING_SIGN_OFF: frozenset({ContactStatus.DECIDED, ContactStatus.AWAITING_DECISION}),
    ContactStatus.DECIDED: frozenset(),
}


class ChildMatch(models.TextChoices):
    """How the contact came to name a child's record."""

    CHOSEN_BY_REFERRER = "chosen_by_referrer", "Chosen by the person who raised it"
    CONFIRMED_BY_FRONT_DOOR = "confirmed_by_front_door", "Confirmed by the front door"
    CREATED_BY_FRONT_DOOR = "created_by_front_door", "New record made by the front door"


class DecisionOutcome(models.TextChoices):
    """The front door's decision (M12)."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    UNIVERSAL_SERVICES = "universal_services", "Signpost to universal or community help"
    FAMILY_HELP = "family_help", "Family Help"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    CHILDREN_IN_CARE = "children_in_care", "Children in care route"

    @property
    def opens_referral(self) -> bool:
        return self in REFERRAL_OUTCOMES

    @property
    def hint(self) -> str:
        return {
            "no_further_action": "Nothing more is needed from children's services",
            "universal_services": "The family is told about help from universal services or the community",
            "family_help": "Targeted help for the family (early help and child in need as one service)",
            "strategy_discussion": "There is reasonable cause to suspect the child is suffering, or likely to suffer, "
            "significant harm",
            "children_in_care": "The child may need to be looked after",
        }[self.value]


REFERRAL_OUTCOMES = frozenset(
    {DecisionOutcome.FAMILY_HELP, DecisionOutcome.STRATEGY_DISCUSSION, DecisionOutcome.CHILDREN_IN_CARE}
)


class SignOff(models.TextChoices):
    AWAITING = "awaiting", "Awaiting sign-off"
    AGREED = "agreed", "Agreed by manager"
    RETURNED = "returned", "Returned by manager"


class FeedbackMethod(models.TextChoices):
    PORTAL = "portal", "Partner portal, with an email to say it is there"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    NOT_POSSIBLE = "not_possible", "Not possible (anonymous, or no way to reach them)"


TIER_FOR_OUTCOME = {
    DecisionOutcome.FAMILY_HELP: EpisodeTier.FAMILY_HELP,
    DecisionOutcome.STRATEGY_DISCUSSION: EpisodeTier.CHILD_PROTECTION,
    DecisionOutcome.CHILDREN_IN_CARE: EpisodeTier.CHILDREN_IN_CARE,
}


class AlertKind(models.TextChoices):
    IMMEDIATE_DANGER = "immediate_danger", "A child may be in immediate danger"
    REPEATED_INDICATORS = "repeated_indicators", "Repeated early indicators of risk"


class PublicRelationship(models.TextChoices):
    """How a member of the public knows the child (their CIN census referral source, 1A-1D)."""

    SELF = "self", "I am the child or young person"
    FAMILY = "family", "A family member, relative or carer"
    ACQUAINTANCE = "acquaintance", "A friend, neighbour or childminder"
    OTHER = "other", "Someone else"


SOURCE_FOR_PUBLIC = {
    PublicRelationship.SELF: ReferralSource.INDIVIDUAL_SELF,
    PublicRelationship.FAMILY: ReferralSource.INDIVIDUAL_FAMILY,
    PublicRelationship.ACQUAINTANCE: ReferralSource.INDIVIDUAL_ACQUAINTANCE,
    PublicRelationship.OTHER: ReferralSource.INDIVIDUAL_OTHER,
}
