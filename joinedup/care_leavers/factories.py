"""factory_boy factories for care leavers' pathway plans. Used by the tests, never by production code: rows as the
database's constraints allow, with no clock and no audit event (tests of the services' rules call the services)."""

from __future__ import annotations

from datetime import date

import factory

from joinedup.people.factories import ChildFactory

from .models import PathwayPlan


class PathwayPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayPlan

    child = factory.SubFactory(ChildFactory, date_of_birth=date(2009, 5, 1))
    agreed_on = date(2026, 10, 1)
    summary = "Staying with the foster carers; college in September."
