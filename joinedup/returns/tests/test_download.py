"""Downloading a return (issue 26): the files are every child's record the run carries, so only someone who may see
every one of those children downloads them, and each child's access log shows the download."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.accounts.factories import TOTPDeviceFactory
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.selectors import record_access_log
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.returns import services
from joinedup.returns.models import ReturnRun, ReturnRunChild

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams_children(world: World, today: date, looked_after: Any) -> ReturnRun:
    """Ellie (team A's) and Kacper (team B's), both looked after: the SSDA903 for 2025-26 carries both."""
    looked_after(date(2025, 5, 1))
    kacper = world.unallocated_child
    InvolvementFactory(
        practitioner=world.other_team_worker, child=kacper, team=world.team_b,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    )  # fmt: skip
    looked_after(date(2025, 5, 1), child=kacper, actor=world.user("other_team_worker"))
    produced = services.return_produce(actor=world.user("team_manager"), kind="ssda903", year=2026)
    carried = set(ReturnRunChild.objects.filter(run=produced.run).values_list("child_id", flat=True))
    assert carried == {world.allocated_child.pk, kacper.pk}
    return produced.run


@pytest.fixture
def front_door_manager(world: World) -> Any:
    """The front door's manager: sees every child in the authority (but a restricted one)."""
    manager = PractitionerFactory(
        user__username="front.door.manager", role=Role.TEAM_MANAGER, organisation=world.local_authority,
        team=world.front_door_team,
    )  # fmt: skip
    world.front_door_team.manager = manager
    world.front_door_team.save()
    return manager


def exported_downloads() -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.EXPORTED, reason__endswith="downloaded")
        .order_by("id")
        .values_list("actor__username", "child_id", "object_id", "reason")
    )


@pytest.mark.parametrize("persona", ["team_manager", "other_team_manager"])
def test_a_manager_who_may_not_see_every_child_in_the_run_may_not_download_it(
    world: World, two_teams_children: ReturnRun, client_for: Any, persona: str
) -> None:
    # Each manager produces returns and sees one of the two children; the run is neither's to take away.
    client = client_for(persona)
    assert client.get(f"/returns/{two_teams_children.pk}/").status_code == 200  # their own children's failures
    assert client.get(f"/returns/{two_teams_children.pk}/download/").status_code == 404
    assert exported_downloads() == []


def test_someone_who_sees_every_child_downloads_it_and_each_childs_access_log_shows_it(
    world: World, two_teams_children: ReturnRun, front_door_manager: Any, client_for: Any
) -> None:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDeviceFactory.create(user=front_door_manager.user, name="phone", confirmed=True)
    client = Client()
    client.force_login(front_door_manager.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    run = two_teams_children
    response = client.get(f"/returns/{run.pk}/download/")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'"{run.file_name}"')
    kacper = world.unallocated_child
    assert exported_downloads() == [
        ("front.door.manager", world.allocated_child.pk, str(run.pk), "ssda903 2026 downloaded"),
        ("front.door.manager", kacper.pk, str(run.pk), "ssda903 2026 downloaded"),
    ]
    for child in (world.allocated_child, kacper):
        log = [(e.actor_id, e.action, e.reason) for e in record_access_log(child_id=child.pk)]
        assert (front_door_manager.user_id, AuditAction.EXPORTED, "ssda903 2026 downloaded") in log

    # A restricted child in the run closes it to anyone without a grant, the front door's manager too.
    Person.objects.filter(pk=kacper.pk).update(is_restricted=True)
    assert client.get(f"/returns/{run.pk}/download/").status_code == 404


def test_the_download_asks_a_fixed_number_of_queries_however_many_children_the_run_carries(
    world: World, two_teams_children: ReturnRun, front_door_manager: Any, django_assert_num_queries: Any
) -> None:
    actor = front_door_manager.user
    with django_assert_num_queries(9):
        services.return_download(actor=actor, run_id=two_teams_children.pk)
    more = [ChildFactory(family_name=f"Extra{i}") for i in range(6)]
    ReturnRunChild.objects.bulk_create([ReturnRunChild(run=two_teams_children, child=c) for c in more])
    actor = type(actor).objects.get(pk=actor.pk)  # a new request: nothing remembered about the user
    with django_assert_num_queries(9):
        services.return_download(actor=actor, run_id=two_teams_children.pk)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED, reason__endswith="downloaded").count() == 2 + 8


def test_runs_produced_before_the_children_were_kept_get_them_from_the_audit_trail(
    world: World, two_teams_children: ReturnRun
) -> None:
    migration = importlib.import_module("joinedup.returns.migrations.0002_return_run_children")
    expected = set(ReturnRunChild.objects.values_list("run_id", "child_id"))
    ReturnRunChild.objects.all().delete()
    migration.children_from_the_audit_trail(apps, None)
    assert set(ReturnRunChild.objects.values_list("run_id", "child_id")) == expected
