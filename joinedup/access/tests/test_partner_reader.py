"""What a partner reads of a child's record in the multi-agency chronology (issue 18): the parts of the record they
take part in, each given by the permission that opens that part's own pages to them (CHRONOLOGY_PARTS), so the
chronology and the pages never disagree; a local authority caseworker reads the whole record."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole, InvolvementWork
from joinedup.access.policy import CHRONOLOGY_PARTS, has_permission, partner_reader
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory
from joinedup.agencies.models import OrganisationType
from joinedup.agencies.roles import Role
from joinedup.core.chronology import RecordPart
from joinedup.core.tests.personas import World
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db


def _parts(world: World, who: str) -> frozenset[str]:
    reader = partner_reader(world.user(who), [world.allocated_child.pk])
    assert reader is not None
    return reader.parts.get(world.allocated_child.pk, frozenset())


def _permitted(world: World, who: str) -> frozenset[str]:
    child = Person.objects.get(pk=world.allocated_child.pk)
    return frozenset(
        part.value
        for part, permission in CHRONOLOGY_PARTS.items()
        if has_permission(world.user(who), permission, child)
    )


def test_a_local_authority_caseworker_reads_the_whole_record(world: World) -> None:
    for who in ("social_worker", "team_manager", "front_door", "iro"):
        assert partner_reader(world.user(who), [world.allocated_child.pk]) is None


def test_a_partner_taking_part_in_child_protection_reads_that_part(world: World) -> None:
    child = world.allocated_child
    for who, role in (
        (world.police_officer, InvolvementRole.POLICE_CONTACT),
        (world.health_visitor, InvolvementRole.CORE_GROUP_MEMBER),
    ):
        InvolvementFactory(practitioner=who, child=child, role=role, work=InvolvementWork.CHILD_PROTECTION)
    assert _parts(world, "police_officer") == {RecordPart.CHILD_PROTECTION, RecordPart.MISSING}
    assert _parts(world, "health_visitor") == {RecordPart.CHILD_PROTECTION}
    for who in ("police_officer", "health_visitor"):
        assert _parts(world, who) == _permitted(world, who)


def test_the_same_involvement_given_for_other_work_reads_no_child_protection(world: World) -> None:
    InvolvementFactory(
        practitioner=world.health_visitor, child=world.allocated_child, role=InvolvementRole.HEALTH_VISITOR
    )
    assert _parts(world, "health_visitor") == frozenset() == _permitted(world, "health_visitor")


def test_an_ended_part_is_no_longer_read(world: World) -> None:
    InvolvementFactory(
        practitioner=world.police_officer,
        child=world.allocated_child,
        role=InvolvementRole.POLICE_CONTACT,
        work=InvolvementWork.CHILD_PROTECTION,
        ended_on=dt.date(2026, 2, 1),
    )
    InvolvementFactory(
        practitioner=world.police_officer, child=world.allocated_child, role=InvolvementRole.OTHER_PROFESSIONAL
    )
    assert _parts(world, "police_officer") == frozenset()


def test_the_school_sees_its_pupil_but_takes_part_in_nothing(world: World) -> None:
    assert _parts(world, "school_dsl") == frozenset() == _permitted(world, "school_dsl")


@pytest.mark.parametrize(
    ("role", "involvement", "parts"),
    [
        (Role.YOUTH_WORKER, InvolvementRole.LEAD_PRACTITIONER, {RecordPart.FAMILY_HELP}),
        (Role.YOUTH_WORKER, InvolvementRole.FAMILY_HELP_TEAM_MEMBER, {RecordPart.FAMILY_HELP}),
        (Role.FOSTER_CARER, InvolvementRole.FOSTER_CARER, {RecordPart.PLACEMENT, RecordPart.MISSING}),
        (Role.LOOKED_AFTER_CHILDREN_NURSE, InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE, {RecordPart.PLACEMENT}),
        (Role.DESIGNATED_TEACHER, InvolvementRole.DESIGNATED_TEACHER, {RecordPart.PLACEMENT}),
    ],
)
def test_each_partners_parts_are_those_their_permissions_open(
    world: World, role: str, involvement: str, parts: set[str]
) -> None:
    organisation = OrganisationFactory(name="Partner", organisation_type=OrganisationType.VOLUNTARY_SECTOR)
    world.other_health_visitor = PractitionerFactory(user__username="partner", role=role, organisation=organisation)
    InvolvementFactory(practitioner=world.other_health_visitor, child=world.allocated_child, role=involvement)
    assert _parts(world, "other_health_visitor") == parts == _permitted(world, "other_health_visitor")
