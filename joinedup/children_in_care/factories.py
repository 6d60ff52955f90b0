"""factory_boy factories for periods of care, care plans and looked-after reviews. Used by the tests, never by
production code: rows as the database's constraints allow, with no placement, episode, clock or audit event (tests of
the services' rules start care through the services: children_in_care/tests/conftest.py's `start_care`)."""

from __future__ import annotations

from datetime import date

import factory

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.people.factories import ChildFactory

from .codes import ParticipationCode, PermanencePlan
from .models import CarePlan, LookedAfterReview, PeriodOfCare


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    """A period of care, open unless `ended_on` and `reason_ceased` are given."""

    class Meta:
        model = PeriodOfCare

    child = factory.SubFactory(ChildFactory)
    started_on = date(2026, 6, 1)
    category_of_need = "N1"


class CarePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarePlan

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    agreed_on = factory.SelfAttribute("period.started_on")
    arrangements = "Long-term foster care with her brother; weekly contact with Mum."


class LookedAfterReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LookedAfterReview

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    held_on = date(2026, 8, 20)
    number = factory.Sequence(lambda n: n + 1)
    chair = factory.SubFactory(PractitionerFactory, role=Role.INDEPENDENT_REVIEWING_OFFICER)
    participation = ParticipationCode.PN1
    permanence_plan = PermanencePlan.LONG_TERM_FOSTERING
