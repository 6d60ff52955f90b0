"""Which practice prompts apply to a child (M32): a prompt names the group it is for (data, ``PracticePrompt.
applies_to``); the rules that place a child in a group are in one function, ``groups_for``, over the facts the
record gives (``child_facts``). The figures the rules use (ages, the ethnicity codes) are data in
``targeting.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils import timezone

from joinedup.people.codes import MALE_CARER_TYPES, RelationshipType
from joinedup.people.models import Person, PersonDisability, Relationship

from .codes import PromptGroup
from .facts import care_leavers, engaged_people
from .models import PracticePrompt

TARGETING_FILE = Path(__file__).with_name("targeting.toml")


@dataclass(frozen=True)
class Figures:
    older_child_from_age: int
    baby_under_age: int
    young_parent_under_age: int
    black_mixed_heritage_ethnicities: frozenset[str]


def load_figures(path: Path = TARGETING_FILE) -> Figures:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return Figures(
        older_child_from_age=int(data["older_child_from_age"]),
        baby_under_age=int(data["baby_under_age"]),
        young_parent_under_age=int(data["young_parent_under_age"]),
        black_mixed_heritage_ethnicities=frozenset(data["black_mixed_heritage_ethnicities"]),
    )


FIGURES = load_figures()

# Who counts as a parent (a young parent), and as a parent or carer (an LGBTQIA parent).
PARENTS = frozenset({RelationshipType.MOTHER, RelationshipType.FATHER, RelationshipType.EXPECTANT_PARENT})
PARENTS_AND_CARERS = PARENTS | MALE_CARER_TYPES | {RelationshipType.CARER}


@dataclass(frozen=True)
class ParentFacts:
    """A parent or carer of the child, as the record shows them."""

    person_id: int
    is_parent: bool
    is_male_carer: bool
    age: int | None
    is_care_leaver: bool
    is_engaged: bool
    lgbtqia_shared: bool


@dataclass(frozen=True)
class ChildFacts:
    age: int | None
    is_unborn: bool
    ethnicity: str
    is_disabled: bool
    parents: tuple[ParentFacts, ...] = ()


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def groups_for(facts: ChildFacts, figures: Figures = FIGURES) -> set[str]:
    """The groups a child is in: the one place the rules are."""
    groups = {PromptGroup.ALL_CHILDREN.value}
    older = facts.age is not None and facts.age >= figures.older_child_from_age
    if facts.is_unborn or (facts.age is not None and facts.age < figures.baby_under_age):
        groups.add(PromptGroup.BABIES.value)
    if older:
        groups.add(PromptGroup.OLDER_CHILDREN.value)
    if facts.is_disabled:
        groups.add(PromptGroup.DISABLED_CHILDREN.value)
    if facts.ethnicity in figures.black_mixed_heritage_ethnicities:
        groups.add(PromptGroup.BLACK_MIXED_HERITAGE.value)
        if older:
            groups.add(PromptGroup.BLACK_MIXED_HERITAGE_OLDER.value)
    for parent in facts.parents:
        if parent.is_parent and (
            parent.is_care_leaver or (parent.age is not None and parent.age < figures.young_parent_under_age)
        ):
            groups.add(PromptGroup.YOUNG_PARENT.value)
        if parent.is_male_carer and not parent.is_engaged:
            groups.add(PromptGroup.FATHER_NOT_ENGAGED.value)
        if parent.lgbtqia_shared:
            groups.add(PromptGroup.LGBTQIA_PARENT.value)
    return groups


def child_facts(child: Person, on: date | None = None) -> ChildFacts:
    """What the record says about the child and their parents and carers today (or `on`)."""
    on = on or timezone.localdate()
    profile = getattr(child, "child_profile", None)
    is_unborn = bool(profile is not None and profile.is_unborn)
    age = None if is_unborn or child.date_of_birth is None else age_on(child.date_of_birth, on)
    links = list(
        Relationship.objects.filter(to_person=child, relationship_type__in=PARENTS_AND_CARERS)
        .exclude(ended_on__lt=on)
        .select_related("from_person")
    )
    people = {r.from_person_id: r.from_person for r in links}
    kinds: dict[int, set[str]] = {}
    for r in links:
        kinds.setdefault(r.from_person_id, set()).add(r.relationship_type)
    engaged = engaged_people(child.pk, set(people))
    leavers = care_leavers(set(people))
    parents = tuple(
        ParentFacts(
            person_id=pk,
            is_parent=bool(kinds[pk] & PARENTS),
            is_male_carer=bool(kinds[pk] & MALE_CARER_TYPES),
            age=age_on(person.date_of_birth, on) if person.date_of_birth else None,
            is_care_leaver=pk in leavers,
            is_engaged=pk in engaged,
            lgbtqia_shared=bool(person.lgbtqia_identity_shared.strip()),
        )
        for pk, person in sorted(people.items())
    )
    return ChildFacts(
        age=age,
        is_unborn=is_unborn,
        ethnicity=child.ethnicity,
        is_disabled=PersonDisability.objects.filter(person=child).exists(),
        parents=parents,
    )


def groups_for_child(child: Person, on: date | None = None) -> set[str]:
    return groups_for(child_facts(child, on))


def _asked(moment: str, groups: set[str]) -> list[PracticePrompt]:
    return list(PracticePrompt.objects.filter(moment=moment, is_active=True, applies_to__in=groups))


def prompts_for_child(*, child: Person | None, moment: str, on: date | None = None) -> list[PracticePrompt]:
    """The active prompts at `moment` for this child; for a contact whose child is not yet known, those for every
    child."""
    groups = groups_for_child(child, on) if child is not None else {PromptGroup.ALL_CHILDREN.value}
    return _asked(moment, groups)


def prompts_for_children(*, children: Iterable[Person], moment: str, on: date | None = None) -> list[PracticePrompt]:
    """The prompts for a record of several children (a family plan, a visit to siblings): those that apply to any
    of them."""
    groups: set[str] = {PromptGroup.ALL_CHILDREN.value}
    for child in children:
        groups |= groups_for_child(child, on)
    return _asked(moment, groups)
