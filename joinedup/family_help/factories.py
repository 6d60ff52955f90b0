"""factory_boy factories for Family Help's cases and family plans. Used by the tests, never by production code.

They write rows as the database's constraints allow, as a test's starting state (no clock, no involvement, no audit
event): tests that exercise the services' rules call the services (family_help/tests/builders.py)."""

from __future__ import annotations

from datetime import date
from typing import cast

import factory

from joinedup.agencies.factories import PractitionerFactory
from joinedup.core.factories import UserFactory
from joinedup.episodes.factories import open_episode_of
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person

from .models import FamilyHelpCase, FamilyHelpChild, FamilyPlan, FamilyPlanChildVoice, PlanGoal


class FamilyHelpCaseFactory(factory.django.DjangoModelFactory):
    """An open Family Help case in the child's episode of need, covering the child (and `siblings=[...]`)."""

    class Meta:
        model = FamilyHelpCase
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    case_episode = factory.LazyAttribute(lambda o: open_episode_of(o.child))
    opened_on = date(2026, 9, 1)
    lead_practitioner = factory.SubFactory(PractitionerFactory)

    @factory.post_generation
    def siblings(obj: FamilyHelpCase, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for child in [obj.child, *cast(list[Person], extracted or [])]:
                FamilyHelpChild.objects.create(case=obj, child=child, added_on=obj.opened_on)


class FamilyPlanFactory(factory.django.DjangoModelFactory):
    """The family plan in force on a case (one goal unless `goals=[...]` says which), or an earlier one with
    `replaced_on`."""

    class Meta:
        model = FamilyPlan
        skip_postgeneration_save = True

    case = factory.SubFactory(FamilyHelpCaseFactory)
    agreed_on = date(2026, 9, 8)
    family_words = "We want calmer mornings."
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def goals(obj: FamilyPlan, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for order, goal in enumerate(cast(list[str], extracted or ["Mornings are calm"])):
                PlanGoal.objects.create(plan=obj, goal=goal, display_order=order)

    @factory.post_generation
    def voices(obj: FamilyPlan, create: bool, extracted: object, **kwargs: object) -> None:
        """`voices={child: "their words"}`: each child's own words at the plan (FamilyPlanChildVoice)."""
        if create and extracted:
            for child, words in cast(dict[Person, str], extracted).items():
                FamilyPlanChildVoice.objects.create(plan=obj, child=child, child_voice_words=words)
