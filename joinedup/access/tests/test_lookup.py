"""The one way to reach a child's record (issue 16): access_child and access_child_record."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.access.lookup import access_child, access_child_record
from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def test_a_child_the_user_sees_and_may_act_on_is_returned_and_the_read_audited_with_a_purpose(world: World) -> None:
    user = world.user("social_worker")
    with assert_audit_events(("viewed", "people.person")) as events:
        child = access_child(user, world.allocated_child.pk, permission=Permission.CHANGE_CHILD, purpose="A form")
    assert child == world.allocated_child
    assert events[0].reason == "A form"
    with assert_audit_events():
        access_child(user, world.allocated_child.pk, permission=Permission.VIEW_CHILD)  # no purpose: not audited


@pytest.mark.parametrize(
    ("persona", "permission"),
    [
        ("other_team_worker", Permission.VIEW_CHILD),  # cannot see the child
        ("school_dsl", Permission.CHANGE_CHILD),  # sees the pupil, may not change the record
        ("analyst", Permission.VIEW_CHILD),  # aggregates only
    ],
)
def test_a_child_out_of_scope_or_without_the_permission_is_not_found_and_nothing_is_audited(
    world: World, persona: str, permission: Permission
) -> None:
    with assert_audit_events(), pytest.raises(NotFoundOrNotPermitted):
        access_child(world.user(persona), world.allocated_child.pk, permission=permission, purpose="A form")


def test_a_child_that_does_not_exist_answers_as_one_the_user_may_not_see(world: World) -> None:
    with pytest.raises(NotFoundOrNotPermitted):
        access_child(world.user("front_door"), 10**9, permission=Permission.VIEW_CHILD)


def test_a_record_is_reached_through_its_child_and_carries_the_child_as_read(world: World) -> None:
    involvement = Involvement.objects.get(child=world.allocated_child, practitioner=world.social_worker)
    with assert_audit_events(("viewed", "access.involvement")):
        found = access_child_record(
            world.user("social_worker"), Involvement, involvement.pk, permission=Permission.VIEW_CHILD, purpose="Why"
        )
    assert found == involvement
    assert found.child == world.allocated_child
    with pytest.raises(NotFoundOrNotPermitted):
        access_child_record(
            world.user("other_team_worker"), Involvement, involvement.pk, permission=Permission.VIEW_CHILD
        )
    with pytest.raises(NotFoundOrNotPermitted):
        access_child_record(world.user("social_worker"), Involvement, 10**9, permission=Permission.VIEW_CHILD)


def test_not_found_or_not_permitted_is_a_404_wherever_it_is_raised(world: World, client_for: Any) -> None:
    """Views no longer catch it: a page and an API view both answer 404 for a child the user may not see."""
    client = client_for("other_team_worker")
    assert client.get(f"/children/{world.allocated_child.pk}/child-protection/").status_code == 404
    assert client.get(f"/api/v1/children/{world.allocated_child.pk}/").status_code == 404
