"""Choices for child protection, in the guidance's words (Working Together 2026, chapter 3; CIN census)."""

from django.db import models


class Agency(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education or early years"
    OTHER = "other", "Other agency"


class StrategyOutcome(models.TextChoices):
    SECTION_47 = "section_47", "Section 47 enquiry"
    NO_SECTION_47 = "no_section_47", "No section 47 enquiry: continue assessment or Family Help"


class ThresholdView(models.TextChoices):
    """An agency's view, at the strategy discussion, on whether there is reasonable cause to suspect that the child
    is suffering, or likely to suffer, significant harm (the threshold for a section 47 enquiry)."""

    MET = "met", "Yes: there is reasonable cause to suspect significant harm"
    NOT_MET = "not_met", "No: there is not reasonable cause to suspect significant harm"
    UNSURE = "unsure", "Not sure yet"


class TeamMemberRole(models.TextChoices):
    """The multi-agency child protection team (Working Together 2026): at least these four."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    POLICE_OFFICER = "police_officer", "Police officer"
    HEALTH_PROFESSIONAL = "health_professional", "Registered health professional"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class Section47Outcome(models.TextChoices):
    INITIAL_CONFERENCE = "initial_conference", "Concerns substantiated: initial child protection conference"
    FAMILY_HELP = "family_help", "Concerns substantiated, no conference: Family Help"
    NO_FURTHER_ACTION = "no_further_action", "Concerns not substantiated: no further action"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    PRE_BIRTH = "pre_birth", "Pre-birth child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in child protection conference"


# Conferences that may start a plan.
STARTING_KINDS = frozenset({ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH, ConferenceKind.TRANSFER_IN})


class ConferenceStatus(models.TextChoices):
    ARRANGED = "arranged", "Arranged"
    HELD = "held", "Held"


class ConferenceDecision(models.TextChoices):
    PLAN = "plan", "The child is to be the subject of a child protection plan"
    NO_PLAN = "no_plan", "No child protection plan (or the plan ends)"


class ParentsParticipation(models.TextChoices):
    ATTENDED = "attended", "Attended throughout"
    PART = "part", "Attended in part"
    WRITTEN = "written", "Contributed in writing"
    DID_NOT_TAKE_PART = "did_not_take_part", "Did not take part"


class MinutesVersion(models.TextChoices):
    FULL = "full", "Full minutes"
    PARENTS = "parents", "Parents' version"


class PlanEndReason(models.TextChoices):
    REVIEW_CONFERENCE = "review_conference", "Ended at a review conference"
    TURNED_18 = "turned_18", "The child turned 18"
    DIED = "died", "The child died"
    MOVED_AWAY = "moved_away", "The child moved to another local authority"


class PreProceedingsOutcome(models.TextChoices):
    PROCEEDINGS_ISSUED = "proceedings_issued", "Care proceedings issued"
    DIVERTED = "diverted", "Proceedings avoided: concerns reduced"
    STEP_DOWN = "step_down", "Proceedings avoided: stepped down to Family Help"
    OTHER = "other", "Other"


# The CIN census categories of abuse (CPPinitialCategory / CPPlatestCategory); several categories are MUL.
CIN_MULTIPLE = "MUL"
CIN_CATEGORY_LABELS = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple",
}
