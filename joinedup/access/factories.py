"""factory_boy factory for a practitioner's involvement with a child, and a partner system's live API token. Used by
the tests and the synthetic authority's stages, never by production code."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from joinedup.accounts.models import PartnerSystem, PartnerSystemToken
from joinedup.accounts.tokens import key_new
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory
from joinedup.agencies.models import Organisation, Practitioner
from joinedup.people.factories import ChildFactory

from .api_scopes import SCOPES
from .models import Involvement, InvolvementRole


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
