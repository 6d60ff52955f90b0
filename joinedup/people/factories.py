"""factory_boy factories for people, children and their relationships. Used by the tests and the synthetic
authority's stages, never by production code.

A person's name search keys come from `people.matching.name_keys`, the function the services use, so a built person
is found like a real one; `PersonFactory.build(...)` computes them too, without saving. The factories write rows as
the database's constraints allow; the rules a service applies on top (a child's record, a sibling's reciprocal
relationship) are the services', and tests that exercise them call the services."""

from __future__ import annotations

from datetime import date

import factory

from .codes import FatherStatus, RelationshipType, Sex
from .matching import name_keys
from .models import ChildProfile, Person, Relationship


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
    profile = factory.RelatedFactory("joinedup.people.factories.ChildProfileFactory", factory_related_name="person")


class ChildProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildProfile

    person = factory.SubFactory(ChildFactory, profile=None)
    father_status = FatherStatus.NOT_KNOWN
    father_not_known_reason = "Not asked yet in this test"


class RelationshipFactory(factory.django.DjangoModelFactory):
    """One relationship row, from one person to another; a sibling's reciprocal row is a second one."""

    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory)
    to_person = factory.SubFactory(ChildFactory)
    relationship_type = RelationshipType.MOTHER
