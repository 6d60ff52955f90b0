"""Where person matching finds its candidates when a name is common (M5, ADR 0007): more namesakes than it reads."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from joinedup.people.factories import PersonFactory
from joinedup.people.matching import MatchQuery, name_keys
from joinedup.people.models import Person
from joinedup.people.selectors import CANDIDATE_LIMIT, person_match_candidates


def _namesakes(count: int, given: str, family: str) -> list[Person]:
    """People of one name, born on the first of a month from 1950 on."""
    keys = name_keys(given, family)
    return Person.objects.bulk_create(
        Person(
            given_name=given,
            family_name=family,
            date_of_birth=date(1950 + i // 12, i % 12 + 1, 1),
            given_name_key=keys.given_name_key,
            family_name_key=keys.family_name_key,
            given_name_phonetic=keys.given_name_phonetic,
            family_name_phonetic=keys.family_name_phonetic,
            search_name=keys.search_name,
        )
        for i in range(count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entered", "why"),
    [
        (date(2015, 3, 28), "a day out"),
        (date(2016, 3, 27), "the year one out"),
        (date(2015, 4, 27), "the month one out"),
    ],
)
def test_a_date_of_birth_one_slip_out_finds_the_person_among_many_namesakes(entered: date, why: str) -> None:
    _namesakes(CANDIDATE_LIMIT + 20, "Oliver", "Smith")
    target = PersonFactory(given_name="Oliver", family_name="Smith", date_of_birth=date(2015, 3, 27))
    results = person_match_candidates(query=MatchQuery("Oliver", "Smith", entered))
    assert results[0].person_id == target.pk, why
    assert "Date of birth differs by one part" in results[0].reasons, why


@pytest.mark.django_db
def test_a_date_of_birth_one_slip_out_alone_does_not_make_a_stranger_a_match() -> None:
    PersonFactory(given_name="Oliver", family_name="Smith", date_of_birth=date(2015, 3, 27))
    stranger = PersonFactory(given_name="Priya", family_name="Sharma", date_of_birth=date(2015, 3, 28))
    results = person_match_candidates(query=MatchQuery("Oliver", "Smith", date(2015, 3, 27)))
    assert stranger.pk not in [r.person_id for r in results]


@pytest.mark.django_db
def test_among_more_namesakes_than_are_read_the_earliest_records_come_first() -> None:
    namesakes = _namesakes(CANDIDATE_LIMIT + 20, "Oliver", "Smith")
    results = person_match_candidates(query=MatchQuery("Oliver", "Smith"), limit=5)
    assert [r.person_id for r in results] == sorted(p.pk for p in namesakes)[:5]
    assert all(r.reasons == ["Name matches"] for r in results)


@pytest.mark.django_db
def test_a_misspelt_common_name_still_finds_the_person_by_date_of_birth() -> None:
    _namesakes(CANDIDATE_LIMIT + 20, "Oliver", "Smith")
    target = PersonFactory(given_name="Oliver", family_name="Smith", date_of_birth=date(2015, 3, 27))
    results = person_match_candidates(query=MatchQuery("Olivre", "Smiht", date(2015, 3, 27)))
    assert results[0].person_id == target.pk
    assert "Date of birth matches" in results[0].reasons


@pytest.mark.django_db
@pytest.mark.parametrize(
    "misspelt",
    [
        "Ilingwerth",
        pytest.param(
            "Yllingwerth",  # sounds different (Metaphone), so only the trigram dictionary finds it
            marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's"),
        ),
    ],
)
def test_a_misspelt_name_without_a_date_of_birth_finds_the_person(misspelt: str) -> None:
    target = PersonFactory(given_name="Siobhan", family_name="Illingworth", date_of_birth=None)
    PersonFactory(given_name="Wendy", family_name="Hughes")
    results = person_match_candidates(query=MatchQuery("Siobhan", misspelt))
    assert [r.person_id for r in results] == [target.pk]
    assert results[0].reasons == ["Name is similar"]


@pytest.mark.django_db
def test_a_surname_alone_finds_people_with_that_surname_or_that_forename() -> None:
    surname = PersonFactory(given_name="Amira", family_name="Hussain", date_of_birth=None)
    forename = PersonFactory(given_name="Hussein", family_name="Ali", date_of_birth=None)
    PersonFactory(given_name="Wendy", family_name="Hughes")
    results = person_match_candidates(query=MatchQuery("", "Hussain"))
    assert {r.person_id for r in results} == {surname.pk, forename.pk}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the name key dictionary is PostgreSQL's")
def test_the_name_key_dictionary_follows_inserts_and_renames() -> None:
    person = PersonFactory(given_name="Zainab", family_name="Okonkwo")
    Person.objects.filter(pk=person.pk).update(family_name_key="okonkwo-adeyemi")

    with connection.cursor() as cursor:
        cursor.execute("SELECT part, key FROM people_name_key WHERE key LIKE 'okonkwo%%' OR key = 'zainab'")
        assert set(cursor.fetchall()) == {("g", "zainab"), ("f", "okonkwo"), ("f", "okonkwo-adeyemi")}
