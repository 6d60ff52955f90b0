"""Which practice prompts a child is asked about (M32): the groups, each from the record, in one function."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from joinedup.care_leavers.models import CareLeaver
from joinedup.family_help.codes import NetworkEngagement
from joinedup.family_help.factories import FamilyHelpCaseFactory
from joinedup.family_help.models import FamilyNetworkMember
from joinedup.people.codes import RelationshipType, Sex
from joinedup.people.factories import ChildFactory, PersonFactory, RelationshipFactory
from joinedup.people.models import PersonDisability
from joinedup.prompts.codes import PromptGroup, PromptMoment
from joinedup.prompts.targeting import (
    FIGURES,
    ChildFacts,
    ParentFacts,
    groups_for,
    groups_for_child,
    load_figures,
    prompts_for_child,
)

ON = date(2027, 3, 15)
G = PromptGroup


def _facts(**kw: Any) -> ChildFacts:
    values: dict[str, Any] = {"age": 7, "is_unborn": False, "ethnicity": "WBRI", "is_disabled": False}
    values.update(kw)
    return ChildFacts(**values)


def _parent(**kw: Any) -> ParentFacts:
    values: dict[str, Any] = {
        "person_id": 1,
        "is_parent": True,
        "is_male_carer": False,
        "age": 34,
        "is_care_leaver": False,
        "is_engaged": True,
        "lgbtqia_shared": False,
    }
    values.update(kw)
    return ParentFacts(**values)


def test_the_figures_are_data_in_targeting_toml() -> None:
    figures = load_figures()
    assert figures.older_child_from_age == 10 and figures.young_parent_under_age == 21
    assert figures.baby_under_age == 1 and {"BCRB", "BAFR", "MWBC"} <= figures.black_mixed_heritage_ethnicities


@pytest.mark.parametrize(
    ("facts", "inside", "outside"),
    [
        (_facts(age=None, is_unborn=True), {G.BABIES}, {G.OLDER_CHILDREN}),
        (_facts(age=0), {G.BABIES}, {G.OLDER_CHILDREN}),
        (_facts(age=1), set(), {G.BABIES, G.OLDER_CHILDREN}),
        (_facts(age=9), set(), {G.OLDER_CHILDREN}),
        (_facts(age=10), {G.OLDER_CHILDREN}, {G.BABIES}),
        (_facts(age=15, is_disabled=True), {G.DISABLED_CHILDREN}, set()),
    ],
)
def test_age_bands_and_disability(facts: ChildFacts, inside: set[str], outside: set[str]) -> None:
    groups = groups_for(facts)
    assert G.ALL_CHILDREN in groups and inside <= groups and not (outside & groups)


@pytest.mark.parametrize("ethnicity", ["BCRB", "BAFR", "BOTH", "MWBC", "MWBA", "MOTH"])
def test_black_and_mixed_heritage_children_are_asked_about_adultification_older_ones_especially(
    ethnicity: str,
) -> None:
    young = groups_for(_facts(age=6, ethnicity=ethnicity))
    older = groups_for(_facts(age=14, ethnicity=ethnicity))
    assert G.BLACK_MIXED_HERITAGE in young and G.BLACK_MIXED_HERITAGE_OLDER not in young
    assert {G.BLACK_MIXED_HERITAGE, G.BLACK_MIXED_HERITAGE_OLDER} <= older


@pytest.mark.parametrize("ethnicity", ["WBRI", "AIND", "CHNE", "NOBT", "REFU"])
def test_other_ethnicities_are_not_in_the_adultification_groups(ethnicity: str) -> None:
    groups = groups_for(_facts(age=14, ethnicity=ethnicity))
    assert not {G.BLACK_MIXED_HERITAGE, G.BLACK_MIXED_HERITAGE_OLDER} & groups


def test_a_young_parent_is_under_21_or_a_care_leaver() -> None:
    limit = FIGURES.young_parent_under_age
    assert G.YOUNG_PARENT in groups_for(_facts(parents=(_parent(age=limit - 1),)))
    assert G.YOUNG_PARENT not in groups_for(_facts(parents=(_parent(age=limit),)))
    assert G.YOUNG_PARENT in groups_for(_facts(parents=(_parent(age=24, is_care_leaver=True),)))
    # a young carer who is not the child's parent (a parent's partner) does not make a young parent
    assert G.YOUNG_PARENT not in groups_for(_facts(parents=(_parent(age=19, is_parent=False),)))


def test_a_father_or_male_carer_not_engaged_and_an_lgbtqia_parent_where_shared() -> None:
    assert G.FATHER_NOT_ENGAGED in groups_for(_facts(parents=(_parent(is_male_carer=True, is_engaged=False),)))
    assert G.FATHER_NOT_ENGAGED not in groups_for(_facts(parents=(_parent(is_male_carer=True, is_engaged=True),)))
    assert G.FATHER_NOT_ENGAGED not in groups_for(_facts(parents=(_parent(is_engaged=False),)))
    assert G.LGBTQIA_PARENT in groups_for(_facts(parents=(_parent(lgbtqia_shared=True),)))
    assert G.LGBTQIA_PARENT not in groups_for(_facts(parents=(_parent(lgbtqia_shared=False),)))


# -- from the record ----------------------------------------------------------------------------------------


def test_the_record_places_the_child_in_each_group(db: Any) -> None:
    child = ChildFactory(date_of_birth=date(2013, 1, 2), ethnicity="MWBC")
    assert groups_for_child(child, ON) >= {G.OLDER_CHILDREN, G.BLACK_MIXED_HERITAGE, G.BLACK_MIXED_HERITAGE_OLDER}
    assert not groups_for_child(child, ON) & {G.YOUNG_PARENT, G.FATHER_NOT_ENGAGED, G.LGBTQIA_PARENT, G.BABIES}
    PersonDisability.objects.create(person=child, code="COMM")
    assert G.DISABLED_CHILDREN in groups_for_child(child, ON)


def test_a_young_parent_from_the_record_by_age_or_as_a_care_leaver(db: Any) -> None:
    child = ChildFactory(date_of_birth=date(2026, 6, 1))
    mother = PersonFactory(date_of_birth=date(2006, 4, 1))  # 20 on ON
    RelationshipFactory(from_person=mother, to_person=child, relationship_type=RelationshipType.MOTHER)
    assert G.YOUNG_PARENT in groups_for_child(child, ON)
    assert G.YOUNG_PARENT not in groups_for_child(child, date(2027, 4, 1))  # 21 by then
    CareLeaver.objects.create(child=mother, became_eligible_on=date(2022, 4, 1))
    assert G.YOUNG_PARENT in groups_for_child(child, date(2027, 4, 1))


def test_a_father_not_yet_engaged_until_the_work_records_him(db: Any) -> None:
    child = ChildFactory()
    father = PersonFactory(sex=Sex.MALE)
    RelationshipFactory(from_person=father, to_person=child, relationship_type=RelationshipType.FATHER)
    assert G.FATHER_NOT_ENGAGED in groups_for_child(child, ON)
    case = FamilyHelpCaseFactory(child=child)
    member = FamilyNetworkMember.objects.create(
        case=case, person=father, name="Dad", relationship_to_family="Father", engagement="contacted"
    )
    assert G.FATHER_NOT_ENGAGED in groups_for_child(child, ON)
    member.engagement = NetworkEngagement.ENGAGED
    member.save()
    assert G.FATHER_NOT_ENGAGED not in groups_for_child(child, ON)


def test_a_male_carer_who_has_left_is_not_asked_about(db: Any) -> None:
    child = ChildFactory()
    RelationshipFactory(
        from_person=PersonFactory(sex=Sex.MALE),
        to_person=child,
        relationship_type=RelationshipType.MALE_CARER,
        ended_on=date(2026, 1, 1),
    )
    assert G.FATHER_NOT_ENGAGED not in groups_for_child(child, ON)


def test_an_lgbtqia_parent_only_where_the_parent_shared_it(db: Any) -> None:
    child = ChildFactory()
    parent = PersonFactory(lgbtqia_identity_shared="")
    RelationshipFactory(from_person=parent, to_person=child, relationship_type=RelationshipType.MOTHER)
    assert G.LGBTQIA_PARENT not in groups_for_child(child, ON)
    assert not any(p.applies_to == G.LGBTQIA_PARENT for p in prompts_for_child(child=child, moment="conference"))
    parent.lgbtqia_identity_shared = "Lesbian"
    parent.save()
    assert G.LGBTQIA_PARENT in groups_for_child(child, ON)
    asked = prompts_for_child(child=child, moment=PromptMoment.CONFERENCE)
    assert any(p.applies_to == G.LGBTQIA_PARENT for p in asked)
