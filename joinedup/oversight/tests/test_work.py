"""A manager's work on their home page and My work (issue 19): decisions waiting for their sign-off, through the
sign-off registry, and the children waiting for a worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.case_record.models import SupervisionRecord
from joinedup.core.tests.personas import World
from joinedup.core.work import WorkKind
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.oversight.work import allocation_waiting_work, sign_offs_waiting_work
from joinedup.people.factories import ChildFactory
from joinedup.timescales import work_reader


def test_sign_offs_wait_for_the_teams_manager_only(world: World, django_assert_max_num_queries: Any) -> None:
    today = timezone.localdate()
    record = SupervisionRecord.objects.create(
        child=world.allocated_child, held_on=today, worker=world.social_worker, supervisor=world.team_manager,
        discussion="Discussed.", decisions="Visit weekly.", recorded_by=world.user("social_worker"),
    )  # fmt: skip
    manager = world.user("team_manager")
    manager.practitioner  # noqa: B018 (loaded, as inside a request)
    sources = len(work_reader.sources())
    with django_assert_max_num_queries(2 + sources):  # the teams, then one query a sign-off source
        items = sign_offs_waiting_work(actor=manager, today=today)
    (item,) = [i for i in items if i.object_type == "case_record.supervisionrecord"]
    assert item.kind == WorkKind.SIGN_OFF and item.object_id == record.pk and item.child_name == "Ellie Marsden"
    assert item.detail == f"Sent by {world.social_worker.full_name}"
    for name in ("other_team_manager", "social_worker", "police_officer"):
        assert sign_offs_waiting_work(actor=world.user(name), today=today) == []


def test_the_children_waiting_for_a_worker_are_one_item_for_a_manager_who_allocates(
    world: World, django_assert_max_num_queries: Any
) -> None:
    today = timezone.localdate()
    manager = world.user("team_manager")
    manager.practitioner  # noqa: B018
    assert allocation_waiting_work(actor=manager, today=today) == []
    CaseEpisodeFactory(child=world.allocated_child, started_on=today - timedelta(days=3), referral_source="1A")
    assert allocation_waiting_work(actor=manager, today=today) == []  # Ellie has a worker
    waiting = ChildFactory(given_name="Waiting", family_name="Child")  # seen by the manager, held by nobody
    InvolvementFactory(practitioner=world.team_manager, child=waiting, team=world.team_a, role="core_group_member")
    CaseEpisodeFactory(child=waiting, started_on=today - timedelta(days=3), referral_source="1A")
    with django_assert_max_num_queries(3):
        (item,) = allocation_waiting_work(actor=manager, today=today)
    assert item.kind == WorkKind.ALLOCATION and item.title == "1 child is waiting for a worker"
    assert item.url == "/allocations/"
    assert allocation_waiting_work(actor=world.user("social_worker"), today=today) == []
