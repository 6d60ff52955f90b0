"""factory_boy factories for assessments. Used by the tests, never by production code: rows as the database's
constraints allow, with no referral, clock or audit event (tests of the services' rules call the services:
assessments/testing.py)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from joinedup.episodes.factories import open_episode_of
from joinedup.people.factories import ChildFactory

from .models import SingleAssessment


class SingleAssessmentFactory(factory.django.DjangoModelFactory):
    """A single assessment in progress in the child's episode of need."""

    class Meta:
        model = SingleAssessment

    child = factory.SubFactory(ChildFactory)
    case_episode = factory.LazyAttribute(lambda o: open_episode_of(o.child))
    referral_date = date(2026, 9, 1)
    started_on = factory.SelfAttribute("referral_date")
    due_on = factory.LazyAttribute(lambda o: o.referral_date + timedelta(days=63))
