"""Who may see and record each part of a looked-after child's care: every permission with an allowed and a refused
user, including partners (STYLE 6.5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(world: World) -> dict[str, Any]:
    """A nurse, a designated teacher and a foster carer, each involved with the allocated child; and one of each
    kind not involved."""
    made: dict[str, Any] = {}
    for name, role, involvement in [
        ("nurse", Role.LOOKED_AFTER_CHILDREN_NURSE, InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE),
        ("teacher", Role.DESIGNATED_TEACHER, InvolvementRole.DESIGNATED_TEACHER),
        ("carer", Role.FOSTER_CARER, InvolvementRole.FOSTER_CARER),
    ]:
        made[name] = PractitionerFactory(role=role)
        made[f"other_{name}"] = PractitionerFactory(role=role)
        InvolvementFactory(
            practitioner=made[name], child=world.allocated_child, role=involvement, started_on=date(2026, 1, 5)
        )
    InvolvementFactory(
        practitioner=world.iro,
        child=world.allocated_child,
        role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
        started_on=date(2026, 1, 5),
    )
    return made


def may(user: Any, permission: Permission, child: Any) -> bool:
    return has_permission(user, permission, child)


# (permission, who may, who may not) by persona or partner name.
CASES = [
    (
        Permission.VIEW_CARE_RECORD,
        ["social_worker", "team_manager", "iro"],
        ["nurse", "carer", "front_door", "other_team_worker"],
    ),
    (Permission.RECORD_CARE, ["social_worker", "team_manager"], ["iro", "nurse", "teacher", "carer", "front_door"]),
    (Permission.RECORD_LOOKED_AFTER_REVIEW, ["iro", "social_worker"], ["nurse", "other_team_worker"]),
    (Permission.VIEW_CURRENT_PLACEMENT, ["social_worker", "nurse", "teacher", "carer"], ["other_nurse", "school_dsl"]),
    (Permission.VIEW_CARE_HEALTH, ["social_worker", "nurse", "carer"], ["teacher", "other_nurse", "school_dsl"]),
    (Permission.RECORD_HEALTH_ASSESSMENT, ["social_worker", "nurse"], ["carer", "teacher", "other_nurse", "iro"]),
    (Permission.RECORD_HEALTH_CHECK, ["nurse", "carer"], ["teacher", "other_carer"]),
    (Permission.VIEW_CARE_EDUCATION, ["teacher", "carer", "iro"], ["nurse", "other_teacher", "school_dsl"]),
    (Permission.RECORD_CARE_EDUCATION, ["teacher", "social_worker"], ["carer", "nurse", "other_teacher"]),
    (Permission.VIEW_MISSING_EPISODES, ["carer", "social_worker"], ["teacher", "nurse", "other_carer"]),
    (Permission.RECORD_MISSING_EPISODE, ["carer", "social_worker"], ["teacher", "other_carer", "iro"]),
    (Permission.RECORD_RETURN_HOME_INTERVIEW, ["social_worker"], ["carer", "iro"]),
    (Permission.VIEW_CARE_LEAVER, ["social_worker", "iro"], ["carer", "nurse"]),
    (Permission.RECORD_CARE_LEAVER, ["social_worker"], ["iro", "carer"]),
]


@pytest.mark.parametrize(("permission", "allowed", "refused"), CASES, ids=[str(c[0]) for c in CASES])
def test_care_permissions(
    world: World, partners: dict[str, Any], permission: Permission, allowed: list[str], refused: list[str]
) -> None:
    def user(name: str) -> Any:
        return partners[name].user if name in partners else world.user(name)

    for name in allowed:
        assert may(user(name), permission, world.allocated_child), f"{name} should be allowed {permission}"
    for name in refused:
        assert not may(user(name), permission, world.allocated_child), f"{name} should be refused {permission}"


def test_a_partners_access_ends_with_their_involvement(world: World, partners: dict[str, Any]) -> None:
    from joinedup.access.models import Involvement

    Involvement.objects.filter(practitioner=partners["nurse"]).update(ended_on=date(2026, 6, 1))
    assert not may(partners["nurse"].user, Permission.VIEW_CARE_HEALTH, world.allocated_child)


def test_the_children_in_care_list_is_for_care_workers(world: World, partners: dict[str, Any]) -> None:
    assert has_permission(world.user("iro"), Permission.VIEW_CHILDREN_IN_CARE_LIST)
    assert not has_permission(partners["carer"].user, Permission.VIEW_CHILDREN_IN_CARE_LIST)
    assert not has_permission(world.user("front_door"), Permission.VIEW_CHILDREN_IN_CARE_LIST)
