"""The pages: person search, the child's record, adding a child, the access log; 404 for what is not yours."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from markupsafe import escape

from joinedup.access.factories import InvolvementFactory
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db


def test_child_record_shows_identity_family_involvements_and_flags(world: World, client_for: Any) -> None:
    page = client_for("social_worker").get(f"/children/{world.allocated_child.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Ellie Marsden",
        "Who the child is",
        "Family network",
        "Who is involved",
        "Allocated social worker",
        "Brookside Primary School",
        "Father or male carer",
    ):
        assert text in html


def test_child_record_is_404_for_someone_not_involved_and_the_refusal_is_not_audited(
    world: World, client_for: Any
) -> None:
    page = client_for("other_team_worker").get(f"/children/{world.allocated_child.pk}/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEWED).exists()


def test_opening_a_record_is_audited_and_managers_see_who_has_viewed_it(world: World, client_for: Any) -> None:
    client_for("social_worker").get(f"/children/{world.allocated_child.pk}/")
    manager = client_for("team_manager")
    record = manager.get(f"/children/{world.allocated_child.pk}/").content.decode()
    assert "Who has viewed this record" in record
    log = manager.get(f"/children/{world.allocated_child.pk}/access-log/").content.decode()
    assert escape(world.social_worker.full_name) in log
    assert client_for("social_worker").get(f"/children/{world.allocated_child.pk}/access-log/").status_code == 404


def test_the_access_log_names_a_system_actor_by_what_it_is(world: World, client_for: Any) -> None:
    from django.db import transaction

    from joinedup.audit.services import record_updated
    from joinedup.core.actors import SYSTEM_ACTORS, system_actor

    child = world.allocated_child
    with transaction.atomic():
        record_updated(actor=system_actor("daily-jobs"), obj=child, child_id=child.pk, before={}, after={})
    log = client_for("team_manager").get(f"/children/{child.pk}/access-log/").content.decode()
    assert SYSTEM_ACTORS["daily-jobs"].replace("'", "&#39;") in log


def test_person_search_finds_a_misspelled_name_by_post(world: World, client_for: Any) -> None:
    page = client_for("front_door").post("/people/search/", {"given_name": "Elly", "family_name": "Marsdon"})
    html = page.content.decode()
    assert "Ellie Marsden" in html
    assert "Name is similar" in html
    assert AuditEvent.objects.filter(action=AuditAction.SEARCHED).count() == 1


def test_person_search_without_terms_explains_what_to_enter(world: World, client_for: Any) -> None:
    html = client_for("front_door").post("/people/search/", {}).content.decode()
    assert "There is a problem" in html
    assert "Enter a name or an NHS number to search" in html


def test_person_search_with_an_impossible_date_says_so(world: World, client_for: Any) -> None:
    html = (
        client_for("front_door")
        .post(
            "/people/search/",
            {
                "family_name": "Marsden",
                "date_of_birth_0": "31",
                "date_of_birth_1": "2",
                "date_of_birth_2": "2015",
            },
        )
        .content.decode()
    )
    assert "The date of birth must be a real date" in html


def test_partner_search_only_finds_children_they_may_see(world: World, client_for: Any) -> None:
    html = client_for("other_school_dsl").post("/people/search/", {"family_name": "Marsden"}).content.decode()
    assert "Ellie Marsden" not in html


def test_search_offers_break_glass_for_a_record_the_worker_cannot_open(world: World, client_for: Any) -> None:
    html = client_for("other_team_worker").post("/people/search/", {"family_name": "Marsden"}).content.decode()
    assert "Ellie Marsden" in html
    assert f"/children/{world.allocated_child.pk}/break-glass/" in html
    assert f'href="/children/{world.allocated_child.pk}/"' not in html


def test_break_glass_page_opens_the_record(world: World, client_for: Any) -> None:
    client = client_for("other_team_worker")
    url = f"/children/{world.allocated_child.pk}/break-glass/"
    short = client.post(url, {"reason": "urgent"}).content.decode()
    assert "at least 20 characters" in short
    response = client.post(url, {"reason": "Police at the door out of hours; need to know who has PR"})
    assert response.status_code == 302
    assert client.get(f"/children/{world.allocated_child.pk}/").status_code == 200


VALID_CHILD = {
    "is_unborn": "no",
    "given_name": "Amara",
    "family_name": "Campbell",
    "date_of_birth_0": "9",
    "date_of_birth_1": "4",
    "date_of_birth_2": "2018",
    "sex": "F",
    "nhs_number": "943 476 5919",
    "ethnicity": "BCRB",
    "special_educational_needs": "none",
    "father_status": "not_known",
    "father_not_known_reason": "Mother has not said",
}


def test_adding_a_child_creates_the_record_and_opens_it(world: World, client_for: Any) -> None:
    response = client_for("front_door").post("/children/new/", VALID_CHILD)
    child = Person.objects.get(family_name="Campbell")
    assert response["Location"] == f"/children/{child.pk}/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nhs_number": "1234567890"}, "Enter a valid NHS number"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "The date of birth must be a real date"),
        (
            {"is_unborn": "yes", "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "Enter the expected date of delivery for an unborn child",
        ),
        ({"father_status": ""}, "father or male carer is known"),
        ({"family_name": "x" * 150}, "Last name must be 100 characters or fewer"),
        ({"date_of_birth_2": "2099"}, "Date of birth must be today or in the past"),
    ],
)
def test_bad_input_on_add_a_child_is_explained_and_nothing_saved(
    world: World, client_for: Any, changes: dict[str, str], message: str
) -> None:
    response = client_for("front_door").post("/children/new/", {**VALID_CHILD, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: Add a child" in html
    assert not Person.objects.filter(family_name__in=["Campbell", "x" * 150]).exists()


def test_adding_a_child_who_may_already_exist_shows_the_matches_first(world: World, client_for: Any) -> None:
    client = client_for("front_door")
    data = {
        **VALID_CHILD,
        "given_name": "Ellie",
        "family_name": "Marsden",
        "nhs_number": "",
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2016",
    }
    html = client.post("/children/new/", data).content.decode()
    assert "This child may already have a record" in html
    assert 'name="matches_reviewed" value="True"' in html
    assert Person.objects.filter(family_name="Marsden").count() == 1
    client.post("/children/new/", {**data, "matches_reviewed": "True"})
    assert Person.objects.filter(family_name="Marsden").count() == 2


def test_partners_cannot_add_children(world: World, client_for: Any) -> None:
    assert client_for("school_dsl").get("/children/new/").status_code == 404


def test_children_list_query_count_is_fixed(world: World, client_for: Any, django_assert_num_queries: Any) -> None:
    client = client_for("front_door")
    client.get("/children/")
    for _ in range(15):
        InvolvementFactory(practitioner=world.social_worker, child=ChildFactory(), team=world.team_a)
    # 9 to read the page, 1 for every child's greater-risk flags (issue 18), and 5 for the list event of every child
    # on it (savepoint, lock the chain head, insert all, move the head, release): the same 15 however many children
    # (issue 26).
    with django_assert_num_queries(15):
        page = client.get("/children/")
    assert page.status_code == 200


def test_home_page_by_role(world: World, client_for: Any) -> None:
    social_worker = client_for("social_worker").get("/").content.decode()
    assert "Your children" in social_worker and "Ellie Marsden" in social_worker
    analyst = client_for("analyst").get("/").content.decode()
    assert "Your tools" in analyst and "not individual children" in analyst and "Ellie Marsden" not in analyst


def test_unknown_page_is_the_designed_404(client: Client, db: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_merging_a_duplicate_from_the_childs_record(world: World, client_for: Any) -> None:
    duplicate = ChildFactory(
        given_name="Elly",
        family_name="Marsden",
        date_of_birth=world.allocated_child.date_of_birth,
        profile__school=world.school,
    )
    client = client_for("front_door")
    url = f"/children/{world.allocated_child.pk}/merge/"
    page = client.get(url).content.decode()
    assert f"record {duplicate.pk}" in page
    refused = client.post(url, {"duplicate": duplicate.pk}).content.decode()
    assert "Confirm you have checked these records are the same person" in refused
    response = client.post(url, {"duplicate": duplicate.pk, "confirm": "on"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == world.allocated_child.pk
    assert AuditEvent.objects.filter(action=AuditAction.MERGED).count() == 2


def test_merge_page_is_404_without_the_merge_permission(world: World, client_for: Any) -> None:
    assert client_for("social_worker").get(f"/children/{world.allocated_child.pk}/merge/").status_code == 404


FATHER = {
    "relationship_type": "father",
    "given_name": "Marcus",
    "family_name": "Marsden",
    "sex": "M",
    "has_parental_responsibility": "yes",
    "lives_with_child": "no",
}


def test_adding_a_child_whose_father_is_known_asks_for_him_next(world: World, client_for: Any) -> None:
    client = client_for("front_door")
    response = client.post(
        "/children/new/", {**VALID_CHILD, "father_status": "recorded", "father_not_known_reason": ""}
    )
    child = Person.objects.get(family_name="Campbell")
    assert response["Location"] == f"/children/{child.pk}/family/add/?relationship=father"
    record = client.get(f"/children/{child.pk}/").content.decode()
    assert "is not in the family network yet" in record


def test_adding_the_father_to_the_family_network(world: World, client_for: Any) -> None:
    client = client_for("social_worker")
    url = f"/children/{world.allocated_child.pk}/family/add/"
    assert "Fathers and male carers matter" in client.get(url).content.decode()
    response = client.post(url, FATHER)
    assert response.status_code == 302
    record = client.get(f"/children/{world.allocated_child.pk}/").content.decode()
    assert "Marcus Marsden" in record
    world.allocated_child.child_profile.refresh_from_db()
    assert world.allocated_child.child_profile.father_status == "recorded"


def test_a_person_already_recorded_is_offered_and_linked_not_duplicated(world: World, client_for: Any) -> None:
    from joinedup.people.factories import PersonFactory

    existing = PersonFactory(given_name="Marcus", family_name="Marsden", date_of_birth=None)
    client = client_for("social_worker")
    url = f"/children/{world.allocated_child.pk}/family/add/"
    page = client.post(url, FATHER).content.decode()
    assert "This person may already be recorded" in page
    client.post(url, {**FATHER, "existing_person": existing.pk})
    assert Person.objects.filter(family_name="Marsden", given_name="Marcus").count() == 1
    assert existing.relationships_from.get().to_person == world.allocated_child


def test_living_with_the_child_puts_them_in_the_childs_household(world: World, client_for: Any) -> None:
    child = world.allocated_child
    child.address, child.postcode = "4 Rosebank Terrace", "LS6 2AB"
    child.save()
    client_for("social_worker").post(f"/children/{child.pk}/family/add/", {**FATHER, "lives_with_child": "yes"})
    marcus = Person.objects.get(given_name="Marcus")
    assert marcus.postcode == "LS6 2AB"
    record = client_for("social_worker").get(f"/children/{child.pk}/").content.decode()
    assert "Marcus Marsden" in record


def test_family_network_bad_input_and_access(world: World, client_for: Any) -> None:
    url = f"/children/{world.allocated_child.pk}/family/add/"
    html = (
        client_for("social_worker").post(url, {**FATHER, "family_name": "", "relationship_type": ""}).content.decode()
    )
    assert "Enter the person&#39;s last name" in html or "Enter the person's last name" in html
    assert "Select how this person is related to the child" in html
    assert client_for("other_team_worker").get(url).status_code == 404
    assert client_for("school_dsl").get(url).status_code == 404
    assert not Person.objects.filter(given_name="Marcus").exists()


def test_the_child_record_links_caseworkers_to_the_childs_contacts_and_referrals_and_partners_not(
    world: World, client_for: Any
) -> None:
    link = f'href="/front-door/children/{world.allocated_child.pk}/"'
    assert link in client_for("social_worker").get(f"/children/{world.allocated_child.pk}/").content.decode()
    partner_page = client_for("school_dsl").get(f"/children/{world.allocated_child.pk}/")
    assert partner_page.status_code == 200 and link not in partner_page.content.decode()
