"""The pages of issue 20: Change details (a child's, a family member's), the family network view (diagram and
table, a fixed number of queries however big the family), ending a relationship, someone moving out, a move of
address, and the history of changes. A rejected form answers 400 with its errors."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from joinedup.core.tests.personas import World
from joinedup.people.codes import RelationshipType, Sex
from joinedup.people.factories import ChildFactory, PersonFactory
from joinedup.people.models import HouseholdMember, Person, Relationship
from joinedup.records import services

pytestmark = pytest.mark.django_db


def _family(world: World, *, siblings: int = 1, grandparents: int = 1) -> tuple[Person, Person, Person]:
    child = world.allocated_child
    user = world.user("social_worker")
    mother = PersonFactory(given_name="Dawn", family_name="Marsden", sex=Sex.FEMALE)
    father = PersonFactory(given_name="Lee", family_name="Marsden", sex=Sex.MALE)
    for person, kind in ((mother, RelationshipType.MOTHER), (father, RelationshipType.FATHER)):
        services.relationship_add(
            actor=user, from_person=person, to_person=child, relationship_type=kind, has_parental_responsibility=True
        )
    household = services.household_create(
        actor=user,
        address="22 Hawthorn Road, Leeds",
        postcode="LS7 3QD",
        members=[mother, child],
        started_on=date(2020, 1, 6),
    )
    for n in range(siblings):  # a brother or sister with no worker of their own yet, who lives with the child
        sibling = ChildFactory(given_name=f"Sibling{n}", family_name="Marsden")
        Relationship.objects.create(from_person=sibling, to_person=child, relationship_type=RelationshipType.SIBLING)
        HouseholdMember.objects.create(household=household, person=sibling, started_on=date(2020, 1, 6))
    for n in range(grandparents):
        grandparent = PersonFactory(given_name=f"Gran{n}", family_name="Marsden")
        Relationship.objects.create(
            from_person=grandparent, to_person=child, relationship_type=RelationshipType.GRANDPARENT
        )
    return child, mother, father


def _form(child: Person, **changes: Any) -> dict[str, Any]:
    """What the Change details page posts for the child as recorded, with `changes`."""
    born = child.date_of_birth
    data: dict[str, Any] = {
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth_0": born.day if born else "",
        "date_of_birth_1": born.month if born else "",
        "date_of_birth_2": born.year if born else "",
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "interpreter_needed": "no",
        "immigration_status": child.immigration_status,
        "special_educational_needs": "not_known",
        "school": child.child_profile.school_id or "",
        "is_young_parent": "no",
        "address": child.address,
        "postcode": child.postcode,
    }
    data.update(changes)
    return data


def test_a_social_worker_changes_a_childs_ethnicity_and_nhs_number_with_a_reason(world: World, client_for: Any) -> None:
    child = world.allocated_child
    client = client_for("social_worker")
    page = client.get(f"/children/{child.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Gender", "Unique learner number (ULN)", "Immigration status", "Do they need an interpreter?"):
        assert label in html
    assert "LGBTQIA" not in html  # a parent's, where shared
    refused = client.post(f"/children/{child.pk}/change/", _form(child, ethnicity="BCRB", nhs_number="943 476 5919"))
    assert refused.status_code == 400
    assert "Enter why you are changing the person&#39;s name, date of birth or NHS number" in refused.content.decode()
    assert Person.objects.get(pk=child.pk).nhs_number is None
    done = client.post(
        f"/children/{child.pk}/change/",
        _form(child, ethnicity="BCRB", nhs_number="943 476 5919", reason="The GP gave the right number"),
    )
    assert done.status_code == 302 and done.url == f"/children/{child.pk}/"
    saved = Person.objects.get(pk=child.pk)
    assert (saved.ethnicity, saved.nhs_number) == ("BCRB", "9434765919")


def test_change_details_is_not_offered_to_those_who_may_not_change_the_child(world: World, client_for: Any) -> None:
    child = world.allocated_child
    assert client_for("other_team_worker").get(f"/children/{child.pk}/change/").status_code == 404
    assert client_for("school_dsl").get(f"/children/{child.pk}/change/").status_code == 404
    assert client_for("school_dsl").post(f"/children/{child.pk}/change/", _form(child)).status_code == 404


def test_a_parents_details_and_their_lgbtqia_identity_where_shared(world: World, client_for: Any) -> None:
    child, mother, _ = _family(world)
    client = client_for("social_worker")
    url = f"/children/{child.pk}/family/{mother.pk}/change/"
    html = client.get(url).content.decode()
    assert "LGBTQIA identity" in html and "Not shared" in html
    mother.refresh_from_db()
    data = {
        "given_name": "Dawn",
        "family_name": "Marsden",
        "date_of_birth_0": mother.date_of_birth.day,
        "date_of_birth_1": mother.date_of_birth.month,
        "date_of_birth_2": mother.date_of_birth.year,
        "sex": "F",
        "ethnicity": "WBRI",
        "interpreter_needed": "no",
        "immigration_status": "british_citizen",
        "is_young_parent": "no",
        "lgbtqia_shared": "yes",
        "lgbtqia_identity": "",
        "address": mother.address,
        "postcode": mother.postcode,
    }
    assert client.post(url, data).status_code == 400  # shared, but not said how
    data["lgbtqia_identity"] = "Bisexual"
    assert client.post(url, data).status_code == 302
    assert Person.objects.get(pk=mother.pk).lgbtqia_identity_shared == "Bisexual"
    # Someone who is not in this child's network is not changed through them.
    stranger = PersonFactory()
    assert client.get(f"/children/{child.pk}/family/{stranger.pk}/change/").status_code == 404


def _family_page_queries(world: World, client: Any, django_assert_num_queries: Any, expected: int) -> str:
    with django_assert_num_queries(expected):
        response = client.get(f"/children/{world.allocated_child.pk}/family/")
    assert response.status_code == 200
    return response.content.decode()


# The family network page's queries (the session, the child read and its view audited, the family network's three
# reads, who is involved, where the child has lived, the record's sections): the same for a family of 5 or of 13.
FAMILY_PAGE_QUERIES = 19


def test_the_family_network_page_draws_the_diagram_and_its_table_in_a_fixed_number_of_queries(
    world: World, client_for: Any, django_assert_num_queries: Any
) -> None:
    _family(world)
    client = client_for("social_worker")
    client.get(f"/children/{world.allocated_child.pk}/family/")  # the session's first page reads the user once
    html = _family_page_queries(world, client, django_assert_num_queries, FAMILY_PAGE_QUERIES)
    svg = re.search(r"<svg class=\"joinedup-diagram__svg\"[^>]*>", html)
    assert svg is not None and 'role="img"' in svg.group(0) and "viewBox" in svg.group(0)
    assert '<title id="family-diagram-title">Family network of Ellie Marsden</title>' in html
    assert "Lives with Ellie" in html and "Key to the diagram" in html
    table = html[html.index("People who matter to Ellie") :]
    for name in ("Dawn Marsden", "Lee Marsden", "Sibling0 Marsden", "Gran0 Marsden"):
        assert name in html and name in table
    assert "22 Hawthorn Road, Leeds, LS7 3QD" in html  # where the child has lived
    # A bigger family: the same number of queries.
    more_child = world.allocated_child
    for n in range(4):
        sibling = ChildFactory(given_name=f"More{n}", family_name="Marsden")
        Relationship.objects.create(
            from_person=sibling, to_person=more_child, relationship_type=RelationshipType.SIBLING
        )
        HouseholdMember.objects.create(
            household=HouseholdMember.objects.get(person=more_child, ended_on__isnull=True).household, person=sibling
        )
        Relationship.objects.create(
            from_person=PersonFactory(), to_person=more_child, relationship_type=RelationshipType.AUNT_OR_UNCLE
        )
    bigger = _family_page_queries(world, client, django_assert_num_queries, FAMILY_PAGE_QUERIES)
    assert "More3 Marsden" in bigger


def test_ending_a_relationship_and_someone_moving_out_from_the_family_page(world: World, client_for: Any) -> None:
    child, mother, father = _family(world)
    client = client_for("social_worker")
    relationship = Relationship.objects.get(from_person=father, to_person=child)
    url = f"/children/{child.pk}/relationships/{relationship.pk}/end/"
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.post(url, {"ended_on_0": tomorrow.day, "ended_on_1": tomorrow.month, "ended_on_2": tomorrow.year})
    assert future.status_code == 400
    today = timezone.localdate()
    day = today - timedelta(days=1)  # its last day: a relationship ended today is still today's
    done = client.post(url, {"ended_on_0": day.day, "ended_on_1": day.month, "ended_on_2": day.year})
    assert done.status_code == 302 and done.url == f"/children/{child.pk}/family/"
    assert client.get(url).status_code == 404  # ended: no longer one of the child's current relationships

    moved_out = f"/children/{child.pk}/family/{mother.pk}/moved-out/"
    assert client.get(moved_out).status_code == 200
    done = client.post(moved_out, {"ended_on_0": today.day, "ended_on_1": today.month, "ended_on_2": today.year})
    assert done.status_code == 302
    assert not HouseholdMember.objects.filter(person=mother, ended_on__isnull=True).exists()
    assert client.get(moved_out).status_code == 404  # she no longer lives with the child
    html = client.get(f"/children/{child.pk}/family/").content.decode()
    assert "Lee Marsden" not in html  # the relationship ended


def test_a_move_of_address_from_the_family_page(world: World, client_for: Any) -> None:
    child, mother, _ = _family(world, siblings=0)
    client = client_for("social_worker")
    url = f"/children/{child.pk}/move/"
    assert "Dawn Marsden" in client.get(url).content.decode()
    assert client.post(url, {"address": "", "postcode": "nowhere"}).status_code == 400
    day = timezone.localdate() - timedelta(days=2)
    done = client.post(
        url,
        {
            "address": "3 Beech Grove, Leeds",
            "postcode": "LS8 2AB",
            "moved_on_0": day.day,
            "moved_on_1": day.month,
            "moved_on_2": day.year,
            "people": [mother.pk],
        },
    )
    assert done.status_code == 302
    html = client.get(f"/children/{child.pk}/family/").content.decode()
    assert "3 Beech Grove, Leeds, LS8 2AB" in html and "22 Hawthorn Road, Leeds, LS7 3QD" in html
    assert Person.objects.get(pk=mother.pk).postcode == "LS8 2AB"


def test_the_history_of_changes_is_for_managers(world: World, client_for: Any) -> None:
    child = world.allocated_child
    client_for("social_worker").post(
        f"/children/{child.pk}/change/", _form(child, ethnicity="BCRB", religion="Christian")
    )
    html = client_for("team_manager").get(f"/children/{child.pk}/changes/").content.decode()
    assert "History of changes" in html
    assert "Ethnicity: Information not yet obtained" in html and "Black Caribbean" in html
    assert "Religion: Not recorded" in html
    assert client_for("social_worker").get(f"/children/{child.pk}/changes/").status_code == 404
