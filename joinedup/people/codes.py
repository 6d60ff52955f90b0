"""Code lists for people, as the DfE returns use them (RETURNS.md)."""

from django.db import models


class Sex(models.TextChoices):
    """CIN census `Sex` from 2024-25 (M, F, U); U is required for an unborn child."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "None"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability"


class SpecialEducationalNeeds(models.TextChoices):
    NONE = "none", "No special educational needs"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHC_PLAN = "ehc_plan", "Education, health and care (EHC) plan"
    NOT_KNOWN = "not_known", "Not known"


class ImmigrationStatus(models.TextChoices):
    BRITISH_CITIZEN = "british_citizen", "British citizen"
    SETTLED = "settled", "Settled or pre-settled status"
    LEAVE_TO_REMAIN = "leave_to_remain", "Limited leave to remain"
    UNACCOMPANIED_ASYLUM_SEEKING = "uasc", "Unaccompanied asylum-seeking child"
    ASYLUM_SEEKER = "asylum_seeker", "Asylum seeker (with family)"
    REFUGEE = "refugee", "Refugee status"
    NO_RECOURSE = "no_recourse", "No recourse to public funds"
    NOT_KNOWN = "not_known", "Not known"


class FatherStatus(models.TextChoices):
    """Fathers and male carers are always asked about; 'not known' is an answer, never a blank."""

    RECORDED = "recorded", "Father or male carer recorded"
    NOT_KNOWN = "not_known", "Not known"
    NOT_DISCLOSED = "not_disclosed", "Parent chose not to say"


class RelationshipType(models.TextChoices):
    """Read as: the first person is the <type> of the second."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTS_PARTNER = "parents_partner", "Parent's partner"
    MALE_CARER = "male_carer", "Male carer"
    CARER = "carer", "Carer"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_OR_UNCLE = "aunt_or_uncle", "Aunt or uncle"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    STEP_SIBLING = "step_sibling", "Step-sibling"
    OTHER_FAMILY = "other_family", "Other family member"
    FAMILY_FRIEND = "family_friend", "Family friend"
    EXPECTANT_PARENT = "expectant_parent", "Pregnant person (of an unborn child)"


PARENT_TYPES = frozenset({RelationshipType.MOTHER, RelationshipType.FATHER})
MALE_CARER_TYPES = frozenset(
    {
        RelationshipType.FATHER,
        RelationshipType.STEP_PARENT,
        RelationshipType.PARENTS_PARTNER,
        RelationshipType.MALE_CARER,
    }
)
