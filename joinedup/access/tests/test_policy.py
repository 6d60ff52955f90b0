"""Every access rule with at least one allowed and one refused user (STYLE 6.5)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from joinedup.access import services
from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import BreakGlassAccess, InvolvementRole, RestrictedRecordGrant
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, people_searchable_by
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory

pytestmark = pytest.mark.django_db


def sees(world: World, who: str, child: object) -> bool:
    return has_permission(world.user(who), Permission.VIEW_CHILD, child)


def test_allocated_social_worker_sees_their_child_but_another_teams_worker_does_not(world: World) -> None:
    assert sees(world, "social_worker", world.allocated_child)
    assert not sees(world, "other_team_worker", world.allocated_child)


def test_social_worker_does_not_see_a_child_nobody_in_their_team_works_with(world: World) -> None:
    assert not sees(world, "social_worker", world.unallocated_child)


def test_team_manager_sees_their_teams_work_but_another_teams_manager_does_not(world: World) -> None:
    assert sees(world, "team_manager", world.allocated_child)
    assert not sees(world, "other_team_manager", world.allocated_child)


def test_a_team_colleague_sees_work_allocated_to_the_team(world: World) -> None:
    colleague_child = ChildFactory()
    InvolvementFactory(practitioner=world.team_manager, child=colleague_child, team=world.team_a)
    assert sees(world, "social_worker", colleague_child)
    assert not sees(world, "other_team_worker", colleague_child)


def test_front_door_sees_every_child_but_a_partner_does_not(world: World) -> None:
    assert sees(world, "front_door", world.unallocated_child)
    assert not sees(world, "police_officer", world.unallocated_child)


def test_school_dsl_sees_their_pupils_but_not_another_schools(world: World) -> None:
    assert sees(world, "school_dsl", world.allocated_child)
    assert not sees(world, "school_dsl", world.unallocated_child)
    assert not sees(world, "other_school_dsl", world.allocated_child)


def test_health_visitor_sees_only_children_they_are_involved_with(world: World) -> None:
    InvolvementFactory(
        practitioner=world.health_visitor, child=world.unallocated_child, role=InvolvementRole.HEALTH_VISITOR
    )
    assert sees(world, "health_visitor", world.unallocated_child)
    assert not sees(world, "other_health_visitor", world.unallocated_child)


def test_an_ended_involvement_no_longer_opens_the_record(world: World) -> None:
    today = timezone.localdate()
    InvolvementFactory(
        practitioner=world.police_officer,
        child=world.unallocated_child,
        role=InvolvementRole.POLICE_CONTACT,
        started_on=today - timedelta(days=90),
        ended_on=today - timedelta(days=1),
    )
    assert not sees(world, "police_officer", world.unallocated_child)


def test_analyst_and_administrator_see_no_individual_child(world: World) -> None:
    assert not sees(world, "analyst", world.allocated_child)
    assert not sees(world, "administrator", world.allocated_child)
    assert children_visible_to(world.user("analyst")).count() == 0


def test_restricted_record_needs_an_explicit_grant(world: World) -> None:
    child = world.allocated_child
    child.is_restricted = True
    child.save()
    assert not sees(world, "social_worker", child)
    assert not sees(world, "front_door", child)
    services.restricted_access_grant(
        actor=world.user("team_manager"),
        child=child,
        user=world.user("social_worker"),
        reason="Allocated worker; not related",
    )
    assert sees(world, "social_worker", child)
    assert not sees(world, "front_door", child)


def test_only_managers_and_administrators_grant_restricted_access(world: World) -> None:
    with pytest.raises(NotFoundOrNotPermitted):
        services.restricted_access_grant(
            actor=world.user("social_worker"), child=world.allocated_child, user=world.user("front_door"), reason="x"
        )
    assert not RestrictedRecordGrant.objects.exists()


def test_revoked_grant_closes_the_record_again(world: World) -> None:
    child = world.allocated_child
    child.is_restricted = True
    child.save()
    grant = services.restricted_access_grant(
        actor=world.user("administrator"), child=child, user=world.user("social_worker"), reason="Allocated worker"
    )
    services.restricted_access_revoke(actor=world.user("administrator"), grant=grant)
    assert not sees(world, "social_worker", child)


def test_break_glass_opens_a_record_for_a_limited_time(world: World) -> None:
    worker = world.user("other_team_worker")
    assert not sees(world, "other_team_worker", world.allocated_child)
    access = services.break_glass_start(
        actor=worker,
        child_id=world.allocated_child.pk,
        reason="Police at the door out of hours; need to know who has PR",
    )
    worker._joinedup_practitioner = None
    assert sees(world, "other_team_worker", world.allocated_child)
    BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not sees(world, "other_team_worker", world.allocated_child)


def test_break_glass_needs_a_real_reason_and_a_casework_role(world: World) -> None:
    with pytest.raises(Exception, match="at least"):
        services.break_glass_start(
            actor=world.user("other_team_worker"), child_id=world.allocated_child.pk, reason="urgent"
        )
    with pytest.raises(NotFoundOrNotPermitted):
        services.break_glass_start(
            actor=world.user("police_officer"),
            child_id=world.allocated_child.pk,
            reason="Police at the door out of hours; need to know who has PR",
        )
    assert not BreakGlassAccess.objects.exists()


def test_break_glass_does_not_open_a_restricted_record(world: World) -> None:
    child = world.unallocated_child
    child.is_restricted = True
    child.save()
    with pytest.raises(NotFoundOrNotPermitted):
        services.break_glass_start(
            actor=world.user("other_team_worker"),
            child_id=child.pk,
            reason="Police at the door out of hours; need to know who has PR",
        )


def test_break_glass_is_flagged_to_the_manager_for_review(
    world: World, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    from joinedup.access.selectors import break_glass_awaiting_review

    world.other_team_manager.email = "manager-b@example.invalid"
    world.other_team_manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        access = services.break_glass_start(
            actor=world.user("other_team_worker"),
            child_id=world.allocated_child.pk,
            reason="Police at the door out of hours; need to know who has PR",
        )
    assert list(break_glass_awaiting_review(actor=world.user("other_team_manager"))) == [access]
    assert list(break_glass_awaiting_review(actor=world.user("team_manager"))) == []
    assert [m.to for m in mailoutbox] == [["manager-b@example.invalid"]]
    assert world.allocated_child.family_name not in mailoutbox[0].body
    with pytest.raises(NotFoundOrNotPermitted):
        services.break_glass_review(actor=world.user("team_manager"), access=access, note="Seen")
    services.break_glass_review(actor=world.user("other_team_manager"), access=access, note="Justified")
    assert list(break_glass_awaiting_review(actor=world.user("other_team_manager"))) == []


def test_person_search_scope_local_authority_caseworkers_search_the_authority_partners_do_not(world: World) -> None:
    assert people_searchable_by(world.user("social_worker")).filter(pk=world.unallocated_child.pk).exists()
    assert not people_searchable_by(world.user("police_officer")).filter(pk=world.unallocated_child.pk).exists()


def test_only_casework_roles_create_people_and_only_managers_see_the_access_log(world: World) -> None:
    assert has_permission(world.user("front_door"), Permission.CREATE_PERSON)
    assert not has_permission(world.user("school_dsl"), Permission.CREATE_PERSON)
    assert has_permission(world.user("team_manager"), Permission.VIEW_RECORD_ACCESS_LOG, world.allocated_child)
    assert not has_permission(world.user("social_worker"), Permission.VIEW_RECORD_ACCESS_LOG, world.allocated_child)


def test_only_casework_roles_change_a_child(world: World) -> None:
    assert has_permission(world.user("social_worker"), Permission.CHANGE_CHILD, world.allocated_child)
    assert not has_permission(world.user("school_dsl"), Permission.CHANGE_CHILD, world.allocated_child)


def test_inactive_user_sees_nothing(world: World) -> None:
    user = world.user("front_door")
    user.is_active = False
    user.save()
    assert not sees(world, "front_door", world.allocated_child)


def test_every_permission_is_declared_once_in_the_one_table() -> None:
    """Issue 16: a permission's rule is read from access/policy.py's PERMISSIONS, not found by running the module."""
    import rules

    from joinedup.access.policy import PERMISSIONS

    assert set(PERMISSIONS) == set(Permission)
    for permission, rule in PERMISSIONS.items():
        assert rules.permissions.permissions[str(permission)] is rule
    source = (Path(__file__).resolve().parents[1] / "policy.py").read_text(encoding="utf-8")
    assert "set_perm" not in source
    assert source.count("rules.add_perm(") == 1
