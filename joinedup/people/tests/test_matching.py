"""Person matching: nicknames, transliterations, typos, swapped names, dates of birth (M5)."""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.people.factories import PersonFactory
from joinedup.people.matching import LIKELY_MATCH_THRESHOLD, MatchQuery, name_key
from joinedup.people.selectors import person_match_candidates


@pytest.mark.parametrize(
    ("a", "b"),
    [("Bill", "William"), ("Mohammed", "Muhammad"), ("Mohamed", "Muhammad"), ("Zoë", "Zoe"), ("KATE", "Katherine")],
)
def test_name_keys_fold_nicknames_transliterations_and_accents(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "why"),
    [
        (MatchQuery("Bill", "Hargreaves", date(2015, 3, 27)), "nickname"),
        (MatchQuery("William", "Hargreves", date(2015, 3, 27)), "typo in surname"),
        (MatchQuery("Hargreaves", "William", date(2015, 3, 27)), "forename and surname swapped"),
        (MatchQuery("William", "Hargreaves", date(2015, 3, 28)), "date of birth one day out"),
        (MatchQuery("", "", None, nhs_number="9434765919"), "NHS number only"),
    ],
)
def test_likely_matches_are_found(query: MatchQuery, why: str) -> None:
    target = PersonFactory(
        given_name="William", family_name="Hargreaves", date_of_birth=date(2015, 3, 27), nhs_number="9434765919"
    )
    PersonFactory(given_name="Wendy", family_name="Hughes", date_of_birth=date(2001, 1, 1))
    results = person_match_candidates(query=query)
    assert results, why
    assert results[0].person_id == target.pk, why
    assert results[0].score >= LIKELY_MATCH_THRESHOLD, why


@pytest.mark.django_db
def test_day_and_month_swapped_is_a_reason() -> None:
    target = PersonFactory(given_name="Ellie", family_name="Marsden", date_of_birth=date(2016, 3, 7))
    results = person_match_candidates(query=MatchQuery("Ellie", "Marsden", date(2016, 7, 3)))
    assert results[0].person_id == target.pk
    assert "Date of birth matches with day and month swapped" in results[0].reasons


@pytest.mark.django_db
def test_transliterated_names_match() -> None:
    target = PersonFactory(given_name="Muhammad", family_name="Hussain", date_of_birth=date(2012, 6, 1))
    results = person_match_candidates(query=MatchQuery("Mohamed", "Hussein", date(2012, 6, 1)))
    assert results[0].person_id == target.pk
    assert "Date of birth matches" in results[0].reasons


@pytest.mark.django_db
def test_unrelated_people_are_not_likely_matches() -> None:
    PersonFactory(given_name="William", family_name="Hargreaves", date_of_birth=date(2015, 3, 27))
    results = person_match_candidates(query=MatchQuery("Aisha", "Okafor", date(2019, 11, 2)))
    assert all(r.score < LIKELY_MATCH_THRESHOLD for r in results)


@pytest.mark.django_db
def test_merged_records_are_not_offered() -> None:
    keep = PersonFactory(given_name="William", family_name="Hargreaves")
    PersonFactory(given_name="William", family_name="Hargreaves", merged_into=keep)
    results = person_match_candidates(query=MatchQuery("William", "Hargreaves"))
    assert [r.person_id for r in results] == [keep.pk]


@pytest.mark.django_db
def test_a_sibling_sharing_a_surname_is_not_a_likely_match() -> None:
    PersonFactory(given_name="Amara", family_name="Marsden", date_of_birth=date(2016, 3, 27))
    results = person_match_candidates(query=MatchQuery("Marcus", "Marsden"))
    assert all(r.score < LIKELY_MATCH_THRESHOLD and "Name is similar" not in r.reasons for r in results)
