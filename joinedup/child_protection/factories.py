"""factory_boy factories for child protection's conferences and plans. Used by the tests, never by production code.

They write rows as the database's constraints allow, as a test's starting state (no clock, no audit event, no
involvement): the services' rules are the services', and tests that exercise them call the services (the
journey in child_protection/tests/conftest.py)."""

from __future__ import annotations

from datetime import date
from typing import cast

import factory

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.episodes.factories import open_episode_of
from joinedup.harms.models import HarmType
from joinedup.people.factories import ChildFactory

from .codes import ConferenceDecision, ConferenceKind, ConferenceStatus
from .models import ChildProtectionPlan, Conference


class ConferenceFactory(factory.django.DjangoModelFactory):
    """A conference held (an initial one deciding on a plan, unless told otherwise); `status=arranged` with
    `held_on=None` for one not yet held."""

    class Meta:
        model = Conference

    child = factory.SubFactory(ChildFactory)
    episode = factory.LazyAttribute(lambda o: open_episode_of(o.child))
    kind = ConferenceKind.INITIAL
    status = ConferenceStatus.HELD
    planned_for = date(2026, 9, 14)
    held_on = factory.LazyAttribute(lambda o: o.planned_for if o.status == ConferenceStatus.HELD else None)
    chair = factory.SubFactory(PractitionerFactory, role=Role.INDEPENDENT_REVIEWING_OFFICER)
    decision = factory.LazyAttribute(lambda o: ConferenceDecision.PLAN if o.status == ConferenceStatus.HELD else "")


class ChildProtectionPlanFactory(factory.django.DjangoModelFactory):
    """A child protection plan, open unless `ended_on` is given, started at an initial conference held that day.
    Its categories of harm are `harms=[...]` (HarmType rows)."""

    class Meta:
        model = ChildProtectionPlan
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    episode = factory.LazyAttribute(lambda o: open_episode_of(o.child))
    started_on = date(2026, 9, 14)
    starting_conference = factory.SubFactory(
        ConferenceFactory, child=factory.SelfAttribute("..child"), planned_for=factory.SelfAttribute("..started_on")
    )
    initial_category = "NEG"
    latest_category = factory.SelfAttribute("initial_category")

    @factory.post_generation
    def harms(obj: ChildProtectionPlan, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.harms.set(cast(list[HarmType], extracted))
