"""factory_boy factory for a practitioner's involvement with a child. Used by the tests and the synthetic
authority's stages, never by production code."""

from __future__ import annotations

from datetime import date

import factory

from joinedup.agencies.factories import PractitionerFactory
from joinedup.people.factories import ChildFactory

from .models import Involvement, InvolvementRole


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    practitioner = factory.SubFactory(PractitionerFactory)
    child = factory.SubFactory(ChildFactory)
    role = InvolvementRole.ALLOCATED_SOCIAL_WORKER
    started_on = date(2026, 1, 5)
