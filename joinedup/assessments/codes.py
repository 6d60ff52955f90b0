"""Codes for assessments: the CIN census factors identified at the end of assessment, outcomes, statuses, and who
practice prompts apply to. The factor codes are the DfE's (Children in need census guide, AssessmentFactors);
the returns read them from here."""

from __future__ import annotations

from django.db import models


class AssessmentKind(models.TextChoices):
    SINGLE = "single", "Single assessment"
    PRE_BIRTH = "pre_birth", "Pre-birth assessment"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    AUTHORISED = "authorised", "Authorised"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    FAMILY_HELP = "family_help", "Family Help"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"


class AssessmentFactor(models.TextChoices):
    """CIN census factors identified at the end of assessment. 18A and 19A are not to be used from 2024-25
    (rules 8945Q, 8950Q), so they are not offered."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: concerns about the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: concerns about a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: concerns about another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: concerns about the child"
    DRUGS_PARENT = "2B", "Drug misuse: concerns about a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: concerns about another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child is the subject"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: a parent or carer is the subject"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: another person in the household is the subject"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: concerns about the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: concerns about a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: concerns about another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: concerns about the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: concerns about a parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: concerns about another person in the household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: concerns about the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: concerns about a parent or carer"
    PHYSICAL_DISABILITY_OTHER = "6C", "Physical disability or illness: concerns about another person in the household"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATELY_FOSTERED_OVERSEAS_RETURN = "8B", "Privately fostered: overseas, intending to return"
    PRIVATELY_FOSTERED_OVERSEAS_STAY = "8C", "Privately fostered: overseas, intending to stay"
    PRIVATELY_FOSTERED_EDUCATION = "8D", "Privately fostered: UK, educational placement"
    PRIVATELY_FOSTERED_FAMILY = "8E", "Privately fostered: UK, alternative family arrangement"
    PRIVATELY_FOSTERED_OTHER = "8F", "Privately fostered: other"
    UNACCOMPANIED_ASYLUM_SEEKING = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CHILD_SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Abuse or neglect: neglect"
    EMOTIONAL_ABUSE = "17A", "Abuse or neglect: emotional abuse"
    PHYSICAL_ABUSE_CHILD_ON_CHILD = "18B", "Abuse or neglect: physical abuse, child on child"
    PHYSICAL_ABUSE_ADULT_ON_CHILD = "18C", "Abuse or neglect: physical abuse, adult on child"
    SEXUAL_ABUSE_CHILD_ON_CHILD = "19B", "Abuse or neglect: sexual abuse, child on child"
    SEXUAL_ABUSE_ADULT_ON_CHILD = "19C", "Abuse or neglect: sexual abuse, adult on child"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FEMALE_GENITAL_MUTILATION = "22A", "Female genital mutilation"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CHILD_CRIMINAL_EXPLOITATION = "24A", "Child criminal exploitation"


class PrimaryNeed(models.TextChoices):
    """The CIN census primary need code (PrimaryNeedCode, N1-N9): the main reason the child needs services, as the
    assessment found it. N9 is for a child assessed as not in need; N0 (not stated) is never chosen."""

    ABUSE_OR_NEGLECT = "N1", "Abuse or neglect"
    CHILDS_DISABILITY = "N2", "Child's disability or illness"
    PARENTAL_DISABILITY = "N3", "Parental disability or illness"
    FAMILY_IN_ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_IN_NEED = "N9", "Cases other than children in need"


# Factors and harms that mean sexual abuse is among the concerns (M14: an experienced health representative must be
# part of the assessment).
SEXUAL_ABUSE_FACTORS = frozenset({"11A", "19B", "19C"})
SEXUAL_ABUSE_HARMS = frozenset({"sexual_abuse", "child_sexual_exploitation"})
