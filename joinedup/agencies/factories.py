"""factory_boy factories for organisations, teams and practitioners. Used by the tests and the synthetic
authority's stages, never by production code."""

from __future__ import annotations

import factory

from joinedup.core.factories import UserFactory

from .models import Organisation, OrganisationType, Practitioner, Team, TeamType
from .roles import SOCIAL_WORK_ENGLAND_REGISTERED_ROLES, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    organisation_type = OrganisationType.LOCAL_AUTHORITY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    team_type = TeamType.CHILD_PROTECTION


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    user = factory.SubFactory(UserFactory)
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    role = Role.SOCIAL_WORKER
    organisation = factory.SubFactory(OrganisationFactory)
    social_work_england_number = factory.LazyAttributeSequence(
        lambda o, n: f"SW{100000 + n}" if o.role in SOCIAL_WORK_ENGLAND_REGISTERED_ROLES else ""
    )
    email = factory.LazyAttribute(lambda o: f"{o.user.username}@example.invalid" if o.user else "")
