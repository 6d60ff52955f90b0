"""Who sees which contacts, decided in access/scopes.py: the front door every contact except those about a
restricted record it holds no grant to; a partner those they (or, for a DSL, their setting) raised; local authority
caseworkers those about the children they may see."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.access.models import RestrictedRecordGrant
from joinedup.agencies.factories import PractitionerFactory
from joinedup.core.tests.personas import World
from joinedup.front_door import services
from joinedup.front_door.selectors import contacts_visible_to, information_requests_visible_to
from joinedup.people.models import Person

from .conftest import RaiseConcern, child_described, concern_details

pytestmark = pytest.mark.django_db


def test_each_user_sees_the_contacts_their_role_and_work_justify(world: World, raise_concern: RaiseConcern) -> None:
    pupil = raise_concern(child_record_id=world.allocated_child.pk)
    # A colleague at the same school (the DSL oversees the setting's concerns).
    colleague = PractitionerFactory(
        user__username="deputy.dsl", organisation=world.school, role="designated_safeguarding_lead"
    )
    by_colleague = services.contact_receive(
        actor=colleague.user, channel="partner_portal", child=child_described(world), concern=concern_details()
    ).contact
    by_police = raise_concern("police_officer", idempotency_key="police")
    visible = {name: set(contacts_visible_to(world.user(name)).values_list("id", flat=True)) for name in (
        "front_door", "school_dsl", "other_school_dsl", "police_officer", "health_visitor", "social_worker",
        "other_team_worker", "analyst")}  # fmt: skip
    assert visible["front_door"] == {pupil.pk, by_colleague.pk, by_police.pk}
    assert visible["school_dsl"] == {pupil.pk, by_colleague.pk}
    assert visible["police_officer"] == {by_police.pk}
    assert visible["other_school_dsl"] == visible["health_visitor"] == visible["analyst"] == set()
    assert visible["social_worker"] == {pupil.pk}  # the allocated child's contact (linked to the record)
    assert visible["other_team_worker"] == set()


def test_a_contact_about_a_restricted_record_needs_a_grant(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern(child_record_id=world.allocated_child.pk)
    unlinked = raise_concern(idempotency_key="unlinked")
    Person.objects.filter(pk=world.allocated_child.pk).update(is_restricted=True)
    front_door = world.user("front_door")
    assert set(contacts_visible_to(front_door).values_list("id", flat=True)) == {unlinked.pk}
    RestrictedRecordGrant.objects.create(
        child=world.allocated_child, user=front_door, granted_by=world.user("team_manager"), reason="MASH lead"
    )
    assert set(contacts_visible_to(front_door).values_list("id", flat=True)) == {contact.pk, unlinked.pk}


def test_information_requests_reach_the_named_person_or_their_agency(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    named = services.information_request_create(
        actor=world.user("front_door"), contact=contact, to_organisation_id=world.health_visiting.pk, question="?",
        is_urgent=False, to_practitioner_id=world.health_visitor.pk,
    )  # fmt: skip
    anyone = services.information_request_create(
        actor=world.user("front_door"), contact=contact, to_organisation_id=world.police.pk, question="?",
        is_urgent=False,
    )  # fmt: skip
    ids = {name: set(information_requests_visible_to(world.user(name)).values_list("id", flat=True)) for name in (
        "health_visitor", "other_health_visitor", "police_officer", "school_dsl", "front_door")}  # fmt: skip
    assert ids["health_visitor"] == {named.pk}
    assert ids["other_health_visitor"] == set()  # named to a colleague
    assert ids["police_officer"] == {anyone.pk}  # to the agency, nobody named
    assert ids["school_dsl"] == set()
    assert ids["front_door"] == {named.pk, anyone.pk}


def test_the_front_door_teams_manager_sees_the_whole_authority_as_its_practitioners_do(
    world: World, mash_manager: Any
) -> None:
    from joinedup.access.scopes import children_visible_to

    every_child = set(Person.objects.filter(is_child_record=True).values_list("id", flat=True))
    assert set(children_visible_to(mash_manager.user).values_list("id", flat=True)) == every_child
    assert set(children_visible_to(world.user("front_door")).values_list("id", flat=True)) == every_child
    # Another team's manager still sees only their team's children.
    assert set(children_visible_to(world.user("other_team_manager")).values_list("id", flat=True)) == set()
