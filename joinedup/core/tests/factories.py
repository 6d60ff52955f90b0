"""factory_boy factories for agencies and people. Build valid objects through the same constraints the
database enforces; for writes that carry rules (children, relationships), tests call the services."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from joinedup.access.api_scopes import SCOPES
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.accounts.models import PartnerSystem, PartnerSystemToken
from joinedup.accounts.tokens import key_new
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
from joinedup.agencies.roles import Role
from joinedup.people.codes import FatherStatus, Sex
from joinedup.people.matching import name_keys
from joinedup.people.models import ChildProfile, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery-staple")


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
    email = factory.LazyAttribute(lambda o: f"{o.user.username}@example.invalid" if o.user else "")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1990, 5, 17)
    sex = Sex.FEMALE

    @factory.post_generation
    def keys(obj: Person, create: bool, extracted: object, **kwargs: object) -> None:
        k = name_keys(obj.given_name, obj.family_name)
        obj.given_name_key, obj.family_name_key = k.given_name_key, k.family_name_key
        obj.given_name_phonetic, obj.family_name_phonetic = k.given_name_phonetic, k.family_name_phonetic
        obj.search_name = k.search_name
        if create:
            obj.save()


class ChildFactory(PersonFactory):
    date_of_birth = date(2016, 3, 27)
    is_child_record = True
    profile = factory.RelatedFactory("joinedup.core.tests.factories.ChildProfileFactory", factory_related_name="person")


class ChildProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildProfile

    person = factory.SubFactory(ChildFactory, profile=None)
    father_status = FatherStatus.NOT_KNOWN
    father_not_known_reason = "Not asked yet in this test"


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    practitioner = factory.SubFactory(PractitionerFactory)
    child = factory.SubFactory(ChildFactory)
    role = InvolvementRole.ALLOCATED_SOCIAL_WORKER
    started_on = date(2026, 1, 5)


def partner_system_token(
    *,
    practitioner: Practitioner | None = None,
    organisation: Organisation | None = None,
    scopes: list[str] | None = None,
    expires_in: timedelta = timedelta(days=30),
    name: str = "",
) -> tuple[PartnerSystemToken, str]:
    """A live API token (and its key) of a partner system acting through `practitioner`, or as itself (with its own
    account) when no practitioner is given. Every scope unless `scopes` says otherwise. Made directly, as the
    generator would: the pages and services that issue tokens are tested on their own."""
    owner: Organisation
    if practitioner is not None:
        owner = practitioner.organisation
        account = None
    else:
        owner = organisation if organisation is not None else OrganisationFactory.create()
        account = get_user_model().objects.create(username=f"partner.{uuid4().hex[:12]}")
        account.set_unusable_password()
        account.save()
    system = PartnerSystem.objects.create(
        name=name or f"System {uuid4().hex[:8]}", organisation=owner, practitioner=practitioner, account=account
    )
    new = key_new()
    now = timezone.now()
    token = PartnerSystemToken.objects.create(
        partner_system=system,
        prefix=new.prefix,
        salt=new.salt,
        secret_hash=new.secret_hash,
        scopes=[str(s) for s in SCOPES] if scopes is None else scopes,
        issued_at=min(now, now + expires_in - timedelta(days=1)),  # an expired one was issued before it expired
        expires_at=now + expires_in,
    )
    return token, new.key
