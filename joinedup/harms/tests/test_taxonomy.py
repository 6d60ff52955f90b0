"""The harm taxonomy as data: every harm MISSION M6 names (the 2026 additions included), stable codes, CIN census
and SSDA903 codes where one exists, and the tables kept in step with the file."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from typing import Any

import pytest

from joinedup.harms.codes import HarmGroup
from joinedup.harms.models import HarmType, RiskIndicatorType
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.harms.taxonomy import TAXONOMY, TAXONOMY_FILE, TaxonomyFileError, parse_taxonomy

pytestmark = pytest.mark.django_db

# MISSION M6, harm by harm, and M8's indicators: the code that records each.
M6_HARMS = {
    "physical_abuse": "Physical abuse",
    "emotional_abuse": "Emotional abuse",
    "sexual_abuse": "Sexual abuse",
    "sexual_abuse_in_the_family_setting": "abuse in the family setting",
    "online_csam_produced_in_the_family_setting": "online child sexual abuse material produced in family settings",
    "cybergrooming": "cybergrooming",
    "coerced_self_generated_content": "self-generated content produced under coercion",
    "neglect": "neglect",
    "domestic_abuse": "domestic abuse",
    "teenage_relationship_abuse": "teenage relationship abuse",
    "honour_based_abuse": "honour-based abuse",
    "faith_based_abuse": "faith-based abuse",
    "coercive_and_controlling_behaviour": "coercive and controlling behaviour",
    "child_criminal_exploitation": "criminal exploitation",
    "child_sexual_exploitation": "sexual exploitation",
    "serious_violence": "serious violence",
    "radicalisation": "radicalisation",
    "online_harm": "online harm",
    "harm_in_a_childrens_home": "harm in children's homes",
    "harm_in_a_foster_home": "harm in foster homes",
}
ADDED_2026 = {
    "sexual_abuse_in_the_family_setting",
    "online_csam_produced_in_the_family_setting",
    "cybergrooming",
    "coerced_self_generated_content",
    "teenage_relationship_abuse",
    "honour_based_abuse",
    "faith_based_abuse",
    "coercive_and_controlling_behaviour",
    "harm_in_a_childrens_home",
    "harm_in_a_foster_home",
}
M8_INDICATORS = {
    "missing_from_education",
    "missing_from_home",
    "missing_from_placement",
    "unexplained_gifts_or_possessions",
    "victim_of_crime",
    "drawn_into_crime",
}
# CIN census assessment factor codes in use (RETURNS.md C1; 18A and 19A are no longer used from 2024-25).
CIN_FACTORS = {
    *(f"{n}{s}" for n in range(1, 7) for s in "ABC"),
    "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
    "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
}  # fmt: skip


def test_every_harm_the_mission_names_is_in_the_taxonomy() -> None:
    codes = {h.code for h in TAXONOMY.harms}
    assert set(M6_HARMS) <= codes
    assert {h.code for h in TAXONOMY.harms if h.added_2026} == ADDED_2026
    assert {i.code for i in TAXONOMY.indicators} == M8_INDICATORS


def test_groups_in_the_file_match_the_stored_choices() -> None:
    assert [(g.code, g.label) for g in TAXONOMY.groups] == list(HarmGroup.choices)


def test_each_harm_maps_to_census_codes_where_one_exists() -> None:
    for harm in TAXONOMY.harms:
        assert harm.cin_assessment_factors, f"{harm.code} has no CIN assessment factor (use 20, other)"
        assert set(harm.cin_assessment_factors) <= CIN_FACTORS, harm.code
    assert TAXONOMY.harm("neglect").cin_category_of_abuse == "NEG"
    assert TAXONOMY.harm("physical_abuse").cin_assessment_factors == ("18B", "18C")
    assert TAXONOMY.harm("faith_based_abuse").cin_assessment_factors == ("23A",)
    assert TAXONOMY.harm("female_genital_mutilation").cin_assessment_factors == ("22A",)
    assert TAXONOMY.harm("child_criminal_exploitation").cin_assessment_factors == ("24A",)
    assert TAXONOMY.harm("child_sexual_exploitation").ssda903_category_of_need == "N1"
    assert all(set(i.cin_assessment_factors) <= CIN_FACTORS for i in TAXONOMY.indicators)


def test_a_bad_taxonomy_file_is_refused() -> None:
    data: dict[str, Any] = tomllib.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    duplicate = {**data, "harms": [*data["harms"], data["harms"][0]]}
    with pytest.raises(TaxonomyFileError, match="appears twice"):
        parse_taxonomy(duplicate)
    bad_code = {**data, "harms": [{**data["harms"][0], "cin_assessment_factors": ["99Z"]}]}
    with pytest.raises(TaxonomyFileError, match="cin_assessment_factors"):
        parse_taxonomy(bad_code)
    orphan = {**data, "harms": [{**data["harms"][0], "parent": "no_such_harm"}]}
    with pytest.raises(TaxonomyFileError, match="parent"):
        parse_taxonomy(orphan)


def test_the_tables_hold_the_taxonomy_with_parents() -> None:
    assert HarmType.objects.filter(is_active=True).count() == len(TAXONOMY.harms)
    assert RiskIndicatorType.objects.count() == len(TAXONOMY.indicators)
    cyber = HarmType.objects.select_related("parent").get(code="cybergrooming")
    assert cyber.parent is not None and cyber.parent.code == "sexual_abuse"
    assert cyber.added_2026 and cyber.cin_factor_codes == ["19B", "19C"]
    order = list(HarmType.objects.order_by("display_order").values_list("code", flat=True))
    assert order == [h.code for h in TAXONOMY.harms]


def test_sync_is_idempotent_and_retires_rather_than_deletes(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(4):  # two reads, and the savepoint around them
        assert harm_taxonomy_sync().created == 0
    smaller = replace(TAXONOMY, harms=tuple(h for h in TAXONOMY.harms if h.code != "online_harm"))
    result = harm_taxonomy_sync(taxonomy=smaller)
    assert result.created == 0 and result.updated >= 1  # the retired one, and the order of those after it
    assert HarmType.objects.get(code="online_harm").is_active is False
    harm_taxonomy_sync()
    assert HarmType.objects.get(code="online_harm").is_active is True
