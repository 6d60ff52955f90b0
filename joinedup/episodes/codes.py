"""Stable vocabularies of the episode of need. Stored values never change; labels are the guidance's words.

ReferralSource, EpisodeTier and ClosureReason were the front door's (front_door/codes.py) until the episode of need
had its own app (ADR 0019); their values are unchanged."""

from __future__ import annotations

from django.db import models


class ReferralSource(models.TextChoices):
    """Children in Need census ReferralSource codes (RETURNS.md C1), used for contacts and referrals alike."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and childminders)"
    INDIVIDUAL_SELF = "1C", "Individual: the child themselves"
    INDIVIDUAL_OTHER = "1D", "Individual: other (including strangers)"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health: other primary health services"
    HEALTH_A_AND_E = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other (for example a hospice)"
    HOUSING = "4", "Housing (local authority or housing association)"
    LA_SOCIAL_CARE = "5A", "Local authority services: social care (for example adult social care)"
    LA_OTHER_INTERNAL = "5B", "Local authority services: other internal (for example youth justice)"
    LA_EXTERNAL = "5C", "Local authority services: external (another authority's services)"
    LA_EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    OTHER = "8", "Other (children's centres, independent providers, voluntary organisations)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"

    @property
    def family(self) -> str:
        """The national statistics' grouping: individual, schools, health, police, other."""
        if self.value.startswith("1"):
            return "individual"
        if self.value.startswith("2"):
            return "schools"
        if self.value.startswith("3"):
            return "health"
        if self.value == "6":
            return "police"
        return "other"


class EpisodeTier(models.TextChoices):
    """The tier the child's episode of need is in (M1); step-up and step-down change it inside one episode."""

    FAMILY_HELP = "family_help", "Family Help"
    CHILD_PROTECTION = "child_protection", "Multi-agency child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"


# Lowest first: a step-up moves an episode later in this list, a step-down earlier.
TIER_ORDER = (EpisodeTier.FAMILY_HELP, EpisodeTier.CHILD_PROTECTION, EpisodeTier.CHILDREN_IN_CARE)


def tier_rank(tier: str) -> int:
    return TIER_ORDER.index(EpisodeTier(tier))


class ClosureReason(models.TextChoices):
    """CIN census ReasonForClosure (DfE Children in need census guide)."""

    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CHILD_ARRANGEMENTS_ORDER = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP_ORDER = "RC4", "Special guardianship order"
    TRANSFERRED_TO_ANOTHER_AUTHORITY = "RC5", "Transferred to services of another local authority"
    TRANSFERRED_TO_ADULT_SERVICES = "RC6", "Transferred to adult social care services"
    SERVICES_CEASED = "RC7", "Services ceased for any other reason, including the child no longer in need"
    CLOSED_AFTER_ASSESSMENT_NFA = "RC8", "Case closed after assessment, no further action"
    CLOSED_AFTER_ASSESSMENT_EARLY_HELP = "RC9", "Case closed after assessment, referred to early help"


class TransitionKind(models.TextChoices):
    """What one transition row records: the episode opened, moved between tiers, or closed."""

    OPENED = "opened", "Opened"
    STEPPED_UP = "stepped_up", "Stepped up"
    STEPPED_DOWN = "stepped_down", "Stepped down"
    CLOSED = "closed", "Closed"


class TransitionReason(models.TextChoices):
    """Why the episode moved, coded (the free text beside it says more)."""

    REFERRAL = "referral", "A referral the front door accepted"
    FAMILY_HELP_STEP_UP = "family_help_step_up", "Family Help stepped up to child protection"
    SECTION_47 = "section_47", "A strategy discussion started a section 47 enquiry"
    CHILD_PROTECTION_PLAN = "child_protection_plan", "A conference started a child protection plan"
    CHILD_PROTECTION_PLAN_ENDED = "child_protection_plan_ended", "A review conference ended the child protection plan"
    FAMILY_HELP_STEP_DOWN = "family_help_step_down", "Stepped down to Family Help"
    FAMILY_HELP_CLOSED = "family_help_closed", "Family Help closed"
    ASSESSMENT_NO_FURTHER_ACTION = "assessment_no_further_action", "Assessment authorised: no further action"
    RECORDED_HISTORY = "recorded_history", "History written in bulk (the synthetic authority or an import)"
