"""The administrator's pages for joiners, movers and leavers (issue 20): only theirs (404 for anyone else), errors in
the GOV.UK summary with a 400, the invitation's link shown once in the answer to the form, and a fixed number of
queries however many organisations, teams and people there are."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.access import staff
from joinedup.access.factories import InvolvementFactory
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner

pytestmark = pytest.mark.django_db


def staff_pages(world: Any) -> list[str]:
    la, worker = world.local_authority.pk, world.social_worker.pk
    return [
        "/staff/",
        "/staff/organisations/new/",
        f"/staff/organisations/{la}/",
        f"/staff/organisations/{la}/change/",
        f"/staff/organisations/{la}/teams/new/",
        f"/staff/teams/{world.team_a.pk}/change/",
        f"/staff/organisations/{la}/people/new/",
        f"/staff/people/{worker}/",
        f"/staff/people/{worker}/change/",
        f"/staff/people/{worker}/move/",
        f"/staff/people/{worker}/deactivate/",
    ]


def test_the_staff_pages_are_the_administrators_alone(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    for url in staff_pages(world):
        assert admin.get(url).status_code == 200, url
    for name in ("team_manager", "social_worker", "analyst", "school_dsl", "front_door"):
        someone = client_for(name)
        for url in staff_pages(world):
            assert someone.get(url).status_code == 404, (name, url)


def test_the_administrators_home_and_menu_lead_to_the_staff_pages(world: Any, client_for: Any) -> None:
    page = client_for("administrator").get("/").content.decode()
    assert 'href="/staff/"' in page and "Organisations and staff: joiners, movers and leavers" in page
    assert 'href="/staff/"' not in client_for("team_manager").get("/").content.decode()


def test_a_school_added_with_a_bad_urn_is_refused_with_a_400_then_added(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    refused = admin.post(
        "/staff/organisations/new/", {"name": "Hillside Primary School", "organisation_type": "school", "urn": "12"}
    )
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "govuk-error-summary" in body and "Enter the URN as 6 digits, like 123456" in body
    assert 'href="#id_urn"' in body
    added = admin.post(
        "/staff/organisations/new/", {"name": "Hillside Primary School", "organisation_type": "school", "urn": "100234"}
    )
    school = Organisation.objects.get(urn="100234")
    assert added.status_code == 302 and added["Location"] == f"/staff/organisations/{school.pk}/"
    lead_form = admin.get(f"/staff/organisations/{school.pk}/people/new/?lead=yes").content.decode()
    assert "Add a designated safeguarding lead to Hillside Primary School" in lead_form


def test_the_invitation_link_is_shown_once_in_the_answer_to_the_form(world: Any, client_for: Any) -> None:
    worker = PractitionerFactory(user=None, organisation=world.local_authority, team=world.team_a)
    admin = client_for("administrator")
    refused = admin.post(f"/staff/people/{worker.pk}/invite/", {"username": "social.worker"})
    assert refused.status_code == 400 and "This username is already taken" in refused.content.decode()
    shown = admin.post(f"/staff/people/{worker.pk}/invite/", {"username": "new.worker"})
    body = shown.content.decode()
    assert shown.status_code == 200 and "/sign-in/enrol/" in body and "no-store" in shown["Cache-Control"]
    assert Practitioner.objects.get(pk=worker.pk).user.username == "new.worker"
    # Once they have an account there is nothing to invite.
    assert admin.get(f"/staff/people/{worker.pk}/invite/").status_code == 404
    assert "/sign-in/enrol/" not in admin.get(f"/staff/people/{worker.pk}/").content.decode()


def test_deactivating_needs_a_reason_and_says_what_happened(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    url = f"/staff/people/{world.social_worker.pk}/deactivate/"
    assert admin.post(url, {"reason": ""}).status_code == 400
    done = admin.post(url, {"reason": "Left the authority"}, follow=True)
    body = done.content.decode()
    assert "is deactivated: their account is closed and they are signed out everywhere" in body
    assert "Their involvement with 1 child has ended" in body
    assert admin.get(url).status_code == 404  # a leaver is not deactivated twice


def _more(world: Any, n: int) -> None:
    for _ in range(n):
        OrganisationFactory(organisation_type=OrganisationType.VOLUNTARY_SECTOR)
        team = TeamFactory(organisation=world.local_authority, manager=world.team_manager)
        PractitionerFactory(organisation=world.local_authority, team=team)


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # session, user, device, practitioner (the permission), the organisations with their counts, then the
        # session saved (a savepoint and its release around the update)
        ("list", 8),
        # as above, then the organisation, its teams, a page of its people (count and rows), its leads
        ("organisation", 12),
    ],
)
def test_the_staff_pages_ask_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any, page: str, queries: int
) -> None:
    admin = client_for("administrator")
    url = "/staff/" if page == "list" else f"/staff/organisations/{world.local_authority.pk}/"
    with django_assert_num_queries(queries):
        assert admin.get(url).status_code == 200
    _more(world, 12)
    with django_assert_num_queries(queries):
        assert admin.get(url).status_code == 200


def test_the_allocation_list_shows_a_movers_children_in_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    staff.practitioner_move(
        actor=world.user("administrator"), practitioner_id=world.social_worker.pk, team_id=world.team_b.pk
    )
    manager = client_for("team_manager")
    # A team manager's allocation list, then which of the movers' children the manager may see and the audit of
    # those listed (a savepoint, the chain head, the events and its release): the same however many there are.
    with django_assert_num_queries(MOVED_QUERIES):
        page = manager.get("/allocations/").content.decode()
    assert page.count("Keep with") == 1 and "Ellie Marsden" in page
    for _ in range(4):
        InvolvementFactory(practitioner=world.social_worker, team=world.team_a)
    with django_assert_num_queries(MOVED_QUERIES):
        page = manager.get("/allocations/").content.decode()
    assert page.count("Keep with") == 5


MOVED_QUERIES = 19
