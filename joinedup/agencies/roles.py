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
    # Children in care and care leavers (issue 8)
    LOOKED_AFTER_CHILDREN_NURSE = "looked_after_children_nurse", "Looked-after children's nurse"
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher for looked-after children"
    FOSTER_CARER = "foster_carer", "Foster carer"
    RESIDENTIAL_CARE_WORKER = "residential_care_worker", "Residential care worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser (leaving care)"


# Local authority children's services staff who carry or oversee casework; personal advisers carry leaving care
# casework (issue 8).
LOCAL_AUTHORITY_CASEWORK_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.FAMILY_HELP_LEAD_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.FRONT_DOOR_PRACTITIONER,
        Role.INDEPENDENT_REVIEWING_OFFICER,
        Role.PERSONAL_ADVISER,
    }
)

# Roles only a social worker registered with Social Work England may hold: their registration number is what the
# SSDA903 reports as the child's social worker (SW_ID).
SOCIAL_WORK_ENGLAND_REGISTERED_ROLES = frozenset(
    {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.INDEPENDENT_REVIEWING_OFFICER}
)

# Partners who work with children in care (issue 8): the looked-after children's nurse, the designated teacher and
# carers. Like every partner, they see only the children they work with.
CARE_PARTNER_ROLES = frozenset(
    {Role.LOOKED_AFTER_CHILDREN_NURSE, Role.DESIGNATED_TEACHER, Role.FOSTER_CARER, Role.RESIDENTIAL_CARE_WORKER}
)

# Practitioners in partner agencies: they see only the children they are involved with.
PARTNER_ROLES = (
    frozenset(
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
    | CARE_PARTNER_ROLES
)
