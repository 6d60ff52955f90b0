"""SSDA903 code lists (design/RETURNS.md C2) and the other fixed vocabularies of care.

Which year's rules: the 2025-26 return's lists (Data to Insight rule set lac2025_26). Placement codes the
2025-26 return retired (H5, P2, Z1) are kept for placements that started before 1 April 2025, so history
recorded under the 2023-24 lists stays valid; new placements from that date cannot use them. The DfE's
"Children looked after return: guide" for each year is the authority where this module and the guide differ.
Stored values are the DfE's codes and never change.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from joinedup.core.carers import CarerRole as CarerRole  # the carers' roles, defined with their contract


class LegalStatusCode(models.TextChoices):
    """SSDA903 LS: the legal basis on which the child is looked after."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks, when individual episodes are recorded"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks, when agreements are recorded"
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    J1 = "J1", "Remanded to local authority accommodation or youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence or fostering requirement"


# Short breaks: not a period of care that counts towards being an eligible (care leaver) child.
SHORT_BREAK_LEGAL_STATUSES = frozenset({LegalStatusCode.V3, LegalStatusCode.V4})
# Legal statuses that are court orders placing the child for adoption.
ADOPTION_LEGAL_STATUSES = frozenset({LegalStatusCode.D1, LegalStatusCode.E1})


class CategoryOfNeed(models.TextChoices):
    """SSDA903 CIN: the main reason the child is looked after (N9 and N0 are not allowed in this return)."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE: why a new episode (a row of the Episodes table) started."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer only"
    T = "T", "Change of legal status and placement at the same time"
    B = "B", "Change of placement, same carer"
    U = "U", "Change of legal status and placement at the same time, same carer"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC. X1 ends an episode while the child stays looked after; every other code ends the period of
    care (the child ceased to be looked after)."""

    X1 = "X1", "Episode ceases, child remains looked after"
    E11 = "E11", "Adopted: application unopposed"
    E12 = "E12", "Adopted: consent dispensed with by the court"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority"
    E4A = "E4A", "Returned home to parents or relatives as part of the care plan"
    E4B = "E4B", "Returned home to parents or relatives, not as part of the care plan"
    E13 = "E13", "Left care to live with parents, relatives or others with no parental responsibility"
    E41 = "E41", "Child arrangements order (residence)"
    E45 = "E45", "Special guardianship order to former foster carers who are relatives or friends"
    E46 = "E46", "Special guardianship order to former foster carers, other"
    E47 = "E47", "Special guardianship order to relatives or friends who were not foster carers"
    E48 = "E48", "Special guardianship order to others"
    E5 = "E5", "Moved to independent living with supportive accommodation"
    E6 = "E6", "Moved to independent living without formal support"
    E7 = "E7", "Transferred to residential care funded by adult social services"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined the child is 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 or over and remained with current carers (staying put)"
    E8 = "E8", "Ceased for any other reason"


PERIOD_ENDING_REASONS = tuple(c for c in ReasonEpisodeCeased if c != ReasonEpisodeCeased.X1)
ADOPTED = frozenset({ReasonEpisodeCeased.E11, ReasonEpisodeCeased.E12})
SPECIAL_GUARDIANSHIP = frozenset(
    {ReasonEpisodeCeased.E45, ReasonEpisodeCeased.E46, ReasonEpisodeCeased.E47, ReasonEpisodeCeased.E48}
)
# Reasons that can only apply to a young person aged 18 or over on the day care ends.
EIGHTEEN_OR_OVER_REASONS = frozenset({ReasonEpisodeCeased.E17})


class PlacementType(models.TextChoices):
    """SSDA903 PLACE (2023-24 list, with K3 from 2024-25 and Z11-Z14 from 2025-26)."""

    U1 = "U1", "Foster placement with relative or friend: long-term fostering"
    U2 = "U2", "Foster placement with relative or friend who is also an approved adopter: fostering for adoption"
    U3 = "U3", "Foster placement with relative or friend: not long-term or fostering for adoption"
    U4 = "U4", "Foster placement with other foster carer: long-term fostering"
    U5 = "U5", "Foster placement with other foster carer who is also an approved adopter: fostering for adoption"
    U6 = "U6", "Foster placement with other foster carer: not long-term or fostering for adoption"
    A3 = "A3", "Placed for adoption with parental consent with current foster carer"
    A4 = "A4", "Placed for adoption with parental consent, not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order with current foster carer"
    A6 = "A6", "Placed for adoption with placement order, not with current foster carer"
    P1 = "P1", "Placed with parents or other person with parental responsibility"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Supported accommodation"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health trust or other establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "Residential school (all residential schools, except where dual-registered as a school and home)"
    P3 = "P3", "Residential employment"
    T0 = "T0", "Temporary: all types of temporary move"
    T1 = "T1", "Temporary: periods in hospital"
    T2 = "T2", "Temporary: absences of the child on holiday"
    T3 = "T3", "Temporary: accommodation while the usual foster carer is on holiday"
    T4 = "T4", "Temporary: accommodation of seven days or less, for any reason not covered by T1 to T3"
    Z11 = "Z11", "Other placement (Z11: see the DfE guide for the year)"
    Z12 = "Z12", "Other placement (Z12: see the DfE guide for the year)"
    Z13 = "Z13", "Other placement (Z13: see the DfE guide for the year)"
    Z14 = "Z14", "Other placement (Z14: see the DfE guide for the year)"
    H5 = "H5", "Semi-independent accommodation not subject to children's homes regulations (to March 2025)"
    P2 = "P2", "Independent living (to March 2025)"
    Z1 = "Z1", "Other placement (to March 2025)"


# 2025-26: H5, P2 and Z1 removed (D2I rule 146). Placements starting on or after this date cannot use them.
RETIRED_PLACEMENT_TYPES_FROM = date(2025, 4, 1)
RETIRED_PLACEMENT_TYPES = frozenset({PlacementType.H5, PlacementType.P2, PlacementType.Z1})
FOSTER_PLACEMENTS = frozenset(
    {PlacementType.U1, PlacementType.U2, PlacementType.U3, PlacementType.U4, PlacementType.U5, PlacementType.U6}
)
CONNECTED_PERSON_PLACEMENTS = frozenset({PlacementType.U1, PlacementType.U2, PlacementType.U3})
LONG_TERM_FOSTER_PLACEMENTS = frozenset({PlacementType.U1, PlacementType.U4})
ADOPTION_PLACEMENTS = frozenset({PlacementType.A3, PlacementType.A4, PlacementType.A5, PlacementType.A6})
RESIDENTIAL_PLACEMENTS = frozenset(
    {PlacementType.K1, PlacementType.K2, PlacementType.R1, PlacementType.S1, PlacementType.K3, PlacementType.H5}
)
TEMPORARY_PLACEMENTS = frozenset(
    {PlacementType.T0, PlacementType.T1, PlacementType.T2, PlacementType.T3, PlacementType.T4}
)
# PLACE_PROVIDER is not required for these (2025-26).
NO_PROVIDER_PLACEMENTS = TEMPORARY_PLACEMENTS | {
    PlacementType.Z11,
    PlacementType.Z12,
    PlacementType.Z13,
    PlacementType.Z14,
}
# The URN a foster or adoption placement gives when the authority cannot give the provider's Ofsted URN (a regional
# adoption agency, the authority's own fostering service): only these placements may use it (rule 242).
URN_PLACEHOLDER = "XXXXXXX"
URN_PLACEHOLDER_PLACEMENTS = FOSTER_PLACEMENTS | ADOPTION_PLACEMENTS
# Placements no Ofsted registration covers: they have no URN (rules 218, 222).
NO_URN_PLACEMENTS = NO_PROVIDER_PLACEMENTS | {
    PlacementType.P1,
    PlacementType.P3,
    PlacementType.R1,
    PlacementType.R2,
    PlacementType.R5,
}
# K3 (and H5 before it) require the young person to be 16 or over (D2I rule 371 from 2023-24).
SIXTEEN_PLUS_PLACEMENTS = frozenset({PlacementType.K3, PlacementType.H5})
PLACED_WITH_PARENTS = frozenset({PlacementType.P1})


class PlacementProvider(models.TextChoices):
    """SSDA903 PLACE_PROVIDER."""

    PR0 = "PR0", "Parents or other person with parental responsibility"
    PR1 = "PR1", "Own provision (by the local authority)"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision (for example an NHS trust)"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class ReasonPlacementChange(models.TextChoices):
    """SSDA903 REASON_PLACE_CHANGE: why a placement ended while the child stayed looked after."""

    CARPL = "CARPL", "Change to or implementation of the care plan"
    CLOSE = "CLOSE", "Resignation or closure of the provision"
    ALLEG = "ALLEG", "Allegation (section 47 enquiry)"
    STAND = "STAND", "Concern about the standard of care"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer requested the placement end because of the child's behaviour"
    CREQO = "CREQO", "Carer requested the placement end for another reason"
    CHILD = "CHILD", "Child requested the placement end"
    LAREQ = "LAREQ", "Responsible or area authority requested the placement end"
    PLACE = "PLACE", "Change of placement status only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class VisitingPattern(models.TextChoices):
    """Which visiting rule of the Care Planning, Placement and Case Review (England) Regulations 2010,
    regulation 28, applies to a placement. Each is a rule in timescales/rules.toml."""

    STANDARD = "standard", "Within 1 week, then every 6 weeks in the first year, then by the placement's plan"
    PLACED_WITH_PARENTS = (
        "placed_with_parents",
        "Placed with parents before the assessment is complete: weekly to the first review, then every 6 weeks",
    )
    CONNECTED_PERSON = (
        "connected_person",
        "Connected person with temporary approval, or interim care order living with a parent: "
        "weekly to the first review, then every 4 weeks",
    )


class ParticipationCode(models.TextChoices):
    """SSDA903 REVIEW_CODE: how the child took part in their review."""

    PN0 = "PN0", "Child under 4 at the time of the review"
    PN1 = "PN1", "Attended and spoke for themselves"
    PN2 = "PN2", "Attended, and an advocate spoke for them"
    PN3 = "PN3", "Attended, and conveyed their views non-verbally"
    PN4 = "PN4", "Attended, but did not convey their views"
    PN5 = "PN5", "Did not attend, but briefed an advocate to speak for them"
    PN6 = "PN6", "Did not attend, but conveyed their views by another means"
    PN7 = "PN7", "Did not attend and did not convey their views"


# PN0 applies exactly when the child is under this age on the day of the review.
PARTICIPATION_UNDER_AGE = 4


class PermanencePlan(models.TextChoices):
    """The permanence plan (Ofsted Annex A list 8), confirmed at the second looked-after review."""

    RETURN_TO_FAMILY = "return_to_family", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SPECIAL_GUARDIANSHIP_OR_CHILD_ARRANGEMENTS = (
        "sgo_or_cao",
        "Special guardianship order or child arrangements order",
    )
    SUPPORTED_LIVING = "supported_living", "Supported living in the community"
    LONG_TERM_RESIDENTIAL = "long_term_residential", "Long-term residential placement"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    OTHER = "other", "Other"


class HealthAssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


# Review health assessments: every 6 months under this age, every 12 months from it (CPPCR reg. 8).
REVIEW_HEALTH_ASSESSMENT_AGE = 5


class SdqReason(models.TextChoices):
    """SSDA903 SDQ_REASON: why a strengths and difficulties questionnaire was not completed."""

    SDQ1 = "SDQ1", "No form returned as the child was aged under 4 or over 17 at the date of the latest assessment"
    SDQ2 = "SDQ2", "Carer refused to complete and return the questionnaire"
    SDQ3 = "SDQ3", "Not possible to complete because of the severity of the child's disability"
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "Child or young person refused to allow an SDQ to be completed"


SDQ_HIGHEST_SCORE = 40


class PersonalEducationPlanKind(models.TextChoices):
    INITIAL = "initial", "Personal education plan started"
    REVIEW = "review", "Personal education plan reviewed"


class MissingKind(models.TextChoices):
    """SSDA903 MISSING."""

    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


# Early indicator (M8): this many missing or away episodes within REPEATED_MISSING_DAYS is "repeated".
REPEATED_MISSING_EPISODES = 3
REPEATED_MISSING_DAYS = 90


# -- adoption and deprivation of liberty (SSDA903 AD1, PlacedAdoption, DoLo) ------------------------------------------


class ReasonPlacedCeased(models.TextChoices):
    """SSDA903 REASON_PLACED_CEASED: why the decision that the child should be placed for adoption was reversed."""

    RD1 = "RD1", "The child's needs changed"
    RD2 = "RD2", "The court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class AdoptersSex(models.TextChoices):
    """SSDA903 SEX_ADOPTR: the sex of the adopter or adopters at the date of adoption."""

    M1 = "M1", "Single male adopter"
    F1 = "F1", "Single female adopter"
    MM = "MM", "Male couple"
    FF = "FF", "Female couple"
    MF = "MF", "Mixed-sex couple"


class AdoptersLegalStatus(models.TextChoices):
    """SSDA903 LS_ADOPTR (the codes the DfE's validator accepts, rule 177)."""

    L0 = "L0", "Single adopter"
    L11 = "L11", "Married couple (mixed sex)"
    L12 = "L12", "Civil partners (same sex)"
    L2 = "L2", "Unmarried couple in an enduring family relationship"
    L3 = "L3", "Married couple or civil partners (mixed sex, DfE code L3)"
    L4 = "L4", "Married couple or civil partners (same sex, DfE code L4)"


SINGLE_ADOPTER_SEXES = frozenset({AdoptersSex.M1, AdoptersSex.F1})
COUPLE_ADOPTER_SEXES = frozenset({AdoptersSex.MM, AdoptersSex.FF, AdoptersSex.MF})
# Which SEX_ADOPTR each LS_ADOPTR allows (DfE validation rules 514, 519, 520 and their kin in validator903).
ADOPTERS_SEX_FOR_LEGAL_STATUS: dict[str, frozenset[str]] = {
    AdoptersLegalStatus.L0: SINGLE_ADOPTER_SEXES,
    AdoptersLegalStatus.L11: frozenset({AdoptersSex.MF}),
    AdoptersLegalStatus.L12: frozenset({AdoptersSex.MM, AdoptersSex.FF}),
    AdoptersLegalStatus.L2: COUPLE_ADOPTER_SEXES,
    AdoptersLegalStatus.L3: frozenset({AdoptersSex.MF}),
    AdoptersLegalStatus.L4: frozenset({AdoptersSex.MM, AdoptersSex.FF}),
}
# 2026-27 (DfE rules 709, 710): a child under a deprivation of liberty order should be in one of these placements,
# and must not be in one of these.
DEPRIVATION_OF_LIBERTY_PLACEMENTS = frozenset({PlacementType.K2, PlacementType.Z12, PlacementType.Z13})
NOT_DEPRIVATION_OF_LIBERTY_PLACEMENTS = frozenset(
    {PlacementType.K1, PlacementType.P1, PlacementType.R5, PlacementType.K3}
)
