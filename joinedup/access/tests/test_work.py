"""Break-glass accesses to review, as work on the reviewer's home page and My work (issue 19)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.access import services
from joinedup.access.selectors import break_glass_reviews_work
from joinedup.core.tests.personas import World
from joinedup.core.work import WorkKind


def test_the_line_manager_reviews_a_break_glass_access_and_nobody_else_sees_it(
    world: World, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    access = services.break_glass_start(
        actor=world.user("social_worker"), child_id=world.unallocated_child.pk, reason="Police called out of hours"
    )
    manager = world.user("team_manager")
    manager.practitioner  # noqa: B018 (loaded, as inside a request)
    with django_assert_num_queries(2):  # who the person is (their role, teams or scope), then the rows
        (item,) = break_glass_reviews_work(actor=manager, today=today)
    assert item.kind == WorkKind.REVIEW and item.object_id == access.pk
    assert item.title == f"Emergency access by {world.social_worker.full_name}"
    assert "Police called out of hours" in item.detail and item.url == f"/break-glass/{access.pk}/review/"
    assert item.child_id is None and "Kacper" not in item.title + item.detail  # the reviewer may not see the child
    # Not the other team's manager, not the worker themselves, not a partner.
    for name in ("other_team_manager", "social_worker", "police_officer"):
        assert break_glass_reviews_work(actor=world.user(name), today=today) == []
    services.break_glass_review(actor=manager, access=access, note="Justified: out-of-hours call.")
    assert break_glass_reviews_work(actor=manager, today=today) == []
