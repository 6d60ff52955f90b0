"""Practitioner roles: what a person does, in the guidance's words. Permissions are derived in access/."""

from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    FAMILY_HELP_LEAD_PRACTITIONER = "family_help_lead_practitioner", "Family Help lead practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    FRONT_DOOR_PRACTITIONER = "front_door_practitioner", "Front door (MASH) practitioner"
    DESIGNATED_SAFEGUARDING_LEAD = "designated_safeguarding_lead", "Designated safeguarding lead"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    GP = "gp", "General practitioner"
    MIDWIFE = "midwife", "Midwife"
    POLICE_OFFICER = "police_officer", "Police officer"
    EARLY_YEARS_PRACTITIONER = "early_years_practitioner", "Early years practitioner"
    YOUTH_WORKER = "youth_worker", "Youth or voluntary sector worker"
    INDEPENDENT_REVIEWING_OFFICER = "independent_reviewing_officer", "Independent reviewing officer"
    ANALYST = "analyst", "Analyst"
    PARTNERSHIP_LEAD = "partnership_lead", "Safeguarding partnership lead"
    ADMINISTRATOR = "administrator", "Administrator"


# Local authority children's services staff who carry or oversee casework.
LOCAL_AUTHORITY_CASEWORK_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.FAMILY_HELP_LEAD_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.FRONT_DOOR_PRACTITIONER,
        Role.INDEPENDENT_REVIEWING_OFFICER,
    }
)

# Practitioners in partner agencies: they see only the children they are involved with.
PARTNER_ROLES = frozenset(
    {
        Role.DESIGNATED_SAFEGUARDING_LEAD,
        Role.HEALTH_VISITOR,
        Role.GP,
        Role.MIDWIFE,
        Role.POLICE_OFFICER,
        Role.EARLY_YEARS_PRACTITIONER,
        Role.YOUTH_WORKER,
    }
)
