"""The synthetic authority's partner systems (issue 26, ADR 0022): the demo school's management information system
and the police case system, each acting through the demo practitioner of its organisation, and the integrated care
board's child health system, acting as itself. None has a token: the administrator issues one on
/partner-systems/ (README, "API"), and it is shown once there, as in production.

Written directly, without services or audit events, like the rest of the generator (ADR 0006)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from joinedup.accounts.models import PartnerSystem
from joinedup.synthetic.builders import GenerationContext


def stage_partner_systems(ctx: GenerationContext) -> None:
    demo = ctx.demo_practitioners
    school_dsl, police_officer = demo["school.dsl"], demo["police.officer"]
    admin = demo["admin"].user
    school = school_dsl.organisation
    health_system = get_user_model()(username="partner.child-health-information-system", first_name="Child health")
    health_system.set_unusable_password()
    health_system.save()
    systems = [
        PartnerSystem(
            name=f"{school.name} management information system",
            organisation=school,
            practitioner=school_dsl,
            registered_by=admin,
        ),
        PartnerSystem(
            name="County Police case management system",
            organisation=police_officer.organisation,
            practitioner=police_officer,
            registered_by=admin,
        ),
        PartnerSystem(
            name="Child Health Information System",
            organisation=ctx.organisations["icb"][0],
            account=health_system,
            registered_by=admin,
        ),
    ]
    PartnerSystem.objects.bulk_create(systems)
    ctx.counts["partner_systems"] = len(systems)
