"""Named personas, one per kind of user, in a small world: two local authority teams, two schools, a
health visiting service and the police. Each test says who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
from joinedup.agencies.roles import Role
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person


@dataclass
class World:
    local_authority: Organisation
    school: Organisation
    other_school: Organisation
    health_visiting: Organisation
    police: Organisation
    team_a: Team
    team_b: Team
    front_door_team: Team
    social_worker: Practitioner
    other_team_worker: Practitioner
    team_manager: Practitioner
    other_team_manager: Practitioner
    front_door: Practitioner
    school_dsl: Practitioner
    other_school_dsl: Practitioner
    health_visitor: Practitioner
    other_health_visitor: Practitioner
    police_officer: Practitioner
    iro: Practitioner
    analyst: Practitioner
    administrator: Practitioner
    # Children: allocated to team A's social worker and pupil at `school`; and one no one is involved with.
    allocated_child: Person
    unallocated_child: Person

    def user(self, name: str) -> Any:
        return getattr(self, name).user


@pytest.fixture
def world(db: Any) -> World:
    la = OrganisationFactory(name="Test Borough Council", organisation_type=OrganisationType.LOCAL_AUTHORITY)
    school = OrganisationFactory(
        name="Brookside Primary School", organisation_type=OrganisationType.SCHOOL, urn="123456"
    )
    other_school = OrganisationFactory(name="Oakdene Academy", organisation_type=OrganisationType.SCHOOL, urn="654321")
    hv = OrganisationFactory(name="Health Visiting", organisation_type=OrganisationType.HEALTH_VISITING)
    police = OrganisationFactory(name="County Police", organisation_type=OrganisationType.POLICE)
    team_a = TeamFactory(name="Child Protection A", organisation=la, team_type=TeamType.CHILD_PROTECTION)
    team_b = TeamFactory(name="Child Protection B", organisation=la, team_type=TeamType.CHILD_PROTECTION)
    fd_team = TeamFactory(name="Front Door", organisation=la, team_type=TeamType.FRONT_DOOR)

    def person(username: str, role: Role, org: Organisation, team: Team | None = None, **kw: Any) -> Practitioner:
        return PractitionerFactory(user__username=username, role=role, organisation=org, team=team, **kw)

    manager = person("team.manager", Role.TEAM_MANAGER, la, team_a)
    team_a.manager = manager
    team_a.save()
    other_manager = person("other.manager", Role.TEAM_MANAGER, la, team_b)
    team_b.manager = other_manager
    team_b.save()
    w = World(
        local_authority=la,
        school=school,
        other_school=other_school,
        health_visiting=hv,
        police=police,
        team_a=team_a,
        team_b=team_b,
        front_door_team=fd_team,
        social_worker=person("social.worker", Role.SOCIAL_WORKER, la, team_a),
        other_team_worker=person("other.worker", Role.SOCIAL_WORKER, la, team_b),
        team_manager=manager,
        other_team_manager=other_manager,
        front_door=person("front.door", Role.FRONT_DOOR_PRACTITIONER, la, fd_team),
        school_dsl=person(
            "school.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, school, is_designated_safeguarding_lead=True
        ),
        other_school_dsl=person(
            "other.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, other_school, is_designated_safeguarding_lead=True
        ),
        health_visitor=person("health.visitor", Role.HEALTH_VISITOR, hv),
        other_health_visitor=person("other.hv", Role.HEALTH_VISITOR, hv),
        police_officer=person("police.officer", Role.POLICE_OFFICER, police),
        iro=person("iro", Role.INDEPENDENT_REVIEWING_OFFICER, la),
        analyst=person("analyst", Role.ANALYST, la),
        administrator=person("admin", Role.ADMINISTRATOR, la),
        allocated_child=ChildFactory(given_name="Ellie", family_name="Marsden", profile__school=school),
        unallocated_child=ChildFactory(given_name="Kacper", family_name="Nowak", profile__school=other_school),
    )
    InvolvementFactory(
        practitioner=w.social_worker, child=w.allocated_child, team=team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    )
    return w


@pytest.fixture
def client_for(world: World) -> Any:
    """A test client signed in as a persona with a verified second factor: `client_for("social_worker")`."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(name: str) -> Client:
        user = world.user(name)
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return make
