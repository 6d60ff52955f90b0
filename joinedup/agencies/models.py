"""Organisations, their teams and practitioners, and the safeguarding partners (M4)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from joinedup.core.chronology import Agency
from joinedup.core.models import TimeStampedModel

from .roles import Role


class OrganisationType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early years setting"
    GP_PRACTICE = "gp_practice", "GP practice"
    HEALTH_VISITING = "health_visiting", "Health visiting service"
    MIDWIFERY = "midwifery", "Midwifery service"
    HOSPITAL = "hospital", "Hospital"
    INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
    POLICE = "police", "Police"
    YOUTH_JUSTICE = "youth_justice", "Youth justice service"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary and community sector"
    ADULT_SERVICES = "adult_services", "Adult services"


# The organisations of the health partner (the agency "health" in a strategy discussion, a conference, a report).
HEALTH_ORGANISATION_TYPES = frozenset(
    {
        OrganisationType.GP_PRACTICE,
        OrganisationType.HEALTH_VISITING,
        OrganisationType.HOSPITAL,
        OrganisationType.INTEGRATED_CARE_BOARD,
        OrganisationType.MIDWIFERY,
    }
)

# The agency each type of organisation is in the multi-agency chronology (joinedup/core/chronology.py): an event an
# organisation recorded is attributed to its own agency, never to children's social care by default.
CHRONOLOGY_AGENCY: dict[str, Agency] = {
    OrganisationType.LOCAL_AUTHORITY: Agency.CHILDRENS_SOCIAL_CARE,
    OrganisationType.SCHOOL: Agency.EDUCATION,
    OrganisationType.EARLY_YEARS: Agency.EARLY_YEARS,
    **{kind: Agency.HEALTH for kind in HEALTH_ORGANISATION_TYPES},
    OrganisationType.POLICE: Agency.POLICE,
    OrganisationType.YOUTH_JUSTICE: Agency.YOUTH_JUSTICE,
    OrganisationType.VOLUNTARY_SECTOR: Agency.VOLUNTARY_SECTOR,
    OrganisationType.ADULT_SERVICES: Agency.OTHER,
}


def chronology_agency(organisation_type: str | None, default: Agency = Agency.OTHER) -> Agency:
    """The chronology's agency for an organisation of `organisation_type` (`default` when none is known)."""
    return CHRONOLOGY_AGENCY.get(organisation_type or "", default)


class SafeguardingPartnerRole(models.TextChoices):
    """The three statutory safeguarding partners (Children Act 2004 s16E)."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
    CHIEF_OFFICER_OF_POLICE = "chief_officer_of_police", "Chief officer of police"


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200)
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    urn = models.CharField("URN", max_length=8, blank=True, help_text="School unique reference number")
    ods_code = models.CharField("ODS code", max_length=10, blank=True, help_text="NHS organisation code")
    police_force_code = models.CharField(
        "Police force code", max_length=2, blank=True, help_text="The Home Office's two-digit code of a police force"
    )
    safeguarding_partner_role = models.CharField(max_length=32, choices=SafeguardingPartnerRole.choices, blank=True)
    is_relevant_agency = models.BooleanField(
        default=True, help_text="Named as a relevant agency in the local safeguarding arrangements"
    )
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["safeguarding_partner_role"],
                condition=~models.Q(safeguarding_partner_role=""),
                name="one_organisation_per_safeguarding_partner_role",
            ),
            models.UniqueConstraint(fields=["urn"], condition=~models.Q(urn=""), name="unique_school_urn"),
            models.UniqueConstraint(
                fields=["police_force_code"], condition=~models.Q(police_force_code=""), name="unique_police_force_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamType(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (MASH)"
    FAMILY_HELP = "family_help", "Family Help"
    CHILD_PROTECTION = "child_protection", "Multi-agency child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    INDEPENDENT_REVIEWING = "independent_reviewing", "Independent reviewing service"
    PERFORMANCE = "performance", "Performance and insight"
    PARTNERSHIP = "partnership", "Safeguarding partnership"
    PARTNER_AGENCY = "partner_agency", "Partner agency team"


class Team(TimeStampedModel):
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    team_type = models.CharField(max_length=32, choices=TeamType.choices)
    manager = models.ForeignKey(
        "Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practitioner(TimeStampedModel):
    """Someone who works with children, in any agency. A practitioner may or may not sign in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="practitioner"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="practitioners")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    is_designated_safeguarding_lead = models.BooleanField(default=False)
    is_registered_health_professional = models.BooleanField(default=False)
    is_caldicott_guardian = models.BooleanField(
        default=False,
        help_text="The organisation's Caldicott Guardian (or their deputy), who protects the confidentiality of "
        "people's records: reviews break-glass access by anyone with no line manager to review it",
    )
    is_delegated_safeguarding_partner = models.BooleanField(
        default=False,
        help_text="Named by one of the three safeguarding partners (the local authority, the integrated care board, "
        "the chief officer of police) as its delegate: manages serious incidents, rapid reviews and learning with the "
        "partnership lead (Working Together 2023, chapter 2)",
    )
    social_work_england_number = models.CharField(
        "Social Work England registration number",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^SW[0-9]{2,10}$",
                "Enter the Social Work England registration number as it is on the register, like SW123456",
            )
        ],
        help_text="A registered social worker's number on the Social Work England register, which the SSDA903 "
        "return gives as the child's social worker (SW_ID)",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    left_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day an administrator recorded that they left: their account is closed and they hold no "
        "child's work (access/staff.py: practitioner_deactivate)",
    )

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
