"""Care leavers' vocabularies: the categories of the Children (Leaving Care) Act 2000 as amended, and the SSDA903
OC3 code lists (design/RETURNS.md C2), 2025-26 return."""

from __future__ import annotations

from django.db import models


class CareLeaverCategory(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible child"
    RELEVANT = "relevant", "Relevant child"
    FORMER_RELEVANT = "former_relevant", "Former relevant child"
    QUALIFYING = "qualifying", "Qualifying care leaver"


class InTouch(models.TextChoices):
    """SSDA903 IN_TOUCH."""

    YES = "YES", "Yes, the authority is in touch"
    NO = "NO", "No, the authority is not in touch"
    DIED = "DIED", "The young person has died"
    REFU = "REFU", "The young person refuses contact"
    NREQ = "NREQ", "The young person no longer requires services"
    RHOM = "RHOM", "The young person returned home for 6 months or more"


class Activity(models.TextChoices):
    """SSDA903 ACTIV: the young person's main activity."""

    F1 = "F1", "Full-time higher education"
    P1 = "P1", "Part-time higher education"
    F2 = "F2", "Full-time other education"
    P2 = "P2", "Part-time other education"
    F4 = "F4", "Full-time employment"
    P4 = "P4", "Part-time employment"
    F5 = "F5", "Full-time training or apprenticeship"
    P5 = "P5", "Part-time training or apprenticeship"
    G4 = "G4", "Not in education, employment or training: illness or disability"
    G5 = "G5", "Not in education, employment or training: other reasons"
    G6 = "G6", "Not in education, employment or training: pregnancy or parenting"
    NOT_APPLICABLE = "0", "Not applicable"


class Accommodation(models.TextChoices):
    """SSDA903 ACCOM letter (the return adds 1 for suitable, 2 for unsuitable)."""

    B = "B", "With parents or relatives"
    C = "C", "Community home or other form of residential care"
    D = "D", "Semi-independent, transitional accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings, without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyers and similar supported accommodation"
    U = "U", "Independent living"
    V = "V", "Emergency accommodation"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carers"
    NOT_APPLICABLE = "0", "Not applicable"


# OC3 information is gathered around each birthday from 17 to 25 (SSDA903 covers 17-21, and 22-25 since 2023).
FIRST_OC3_BIRTHDAY = 17
LAST_OC3_BIRTHDAY = 25
# The window around a birthday in which the information is gathered (DfE SSDA903 guide): from 3 months before the
# birthday to 1 month after it.
OC3_MONTHS_BEFORE_BIRTHDAY = 3
OC3_MONTHS_AFTER_BIRTHDAY = 1

# Ages that matter (Children Act 1989 s23CZB, s23CZA; design/RULES.md).
ELIGIBLE_FROM_AGE = 16
LOOKED_AFTER_SINCE_AGE = 14
ELIGIBLE_WEEKS_LOOKED_AFTER = 13
ADULT_AGE = 18
PERSONAL_ADVISER_TO_AGE = 21
PERSONAL_ADVISER_ON_REQUEST_TO_AGE = 25
STAYING_PUT_TO_AGE = 21
