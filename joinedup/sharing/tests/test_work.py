"""Professional challenges the local authority must answer, as work on the home page and My work (issue 19)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.core.tests.personas import World
from joinedup.core.work import WorkKind
from joinedup.sharing import services
from joinedup.sharing.selectors import challenges_to_respond_to_work


def test_a_challenge_waits_for_the_worker_at_level_1_and_their_manager_at_level_2(
    world: World, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    challenge = services.challenge_raise(
        actor=world.user("school_dsl"),
        child=world.allocated_child,
        decision="No further action on the school's concern",
        disagreement="Ellie has told us twice she is frightened at home.",
    )
    worker = world.user("social_worker")
    worker.practitioner  # noqa: B018 (loaded, as inside a request)
    with django_assert_num_queries(2):  # who the person is (their role, teams or scope), then the rows
        (item,) = challenges_to_respond_to_work(actor=worker, today=today)
    assert item.kind == WorkKind.CHALLENGE and item.object_id == challenge.pk
    assert item.title == "Challenge from Brookside Primary School about Ellie Marsden"
    assert item.due_on == challenge.respond_by and item.url == f"/challenges/{challenge.pk}/"
    # At level 1 the manager, another team's worker and the school that raised it have nothing to answer.
    for name in ("team_manager", "other_team_worker", "school_dsl", "police_officer"):
        assert challenges_to_respond_to_work(actor=world.user(name), today=today) == []
    services.challenge_escalate(actor=world.user("school_dsl"), challenge=challenge, note="No answer", on=today)
    assert challenges_to_respond_to_work(actor=worker, today=today) == []
    (managers,) = challenges_to_respond_to_work(actor=world.user("team_manager"), today=today)
    assert managers.object_id == challenge.pk
    assert challenges_to_respond_to_work(actor=world.user("other_team_manager"), today=today) == []
