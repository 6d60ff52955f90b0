"""Allocating a child's work to a social worker, and moving it: who may, what moves with it, bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.episodes.models import CaseEpisode
from joinedup.oversight import services
from joinedup.oversight.selectors import ALLOCATION_PAGE_SIZE, awaiting_allocation
from joinedup.oversight.services import AllocationError
from joinedup.timescales import services as timescales


def _new_worker(world: World, **kw: Any) -> Any:
    return PractitionerFactory(
        user__username=kw.pop("username", "new.worker"),
        given_name="Amara",
        family_name="Osei",
        role=Role.SOCIAL_WORKER,
        organisation=world.local_authority,
        team=world.team_a,
        **kw,
    )


def _episode(child: Any, started_on: Any) -> CaseEpisode:
    return CaseEpisodeFactory(child=child, started_on=started_on, referral_source="1A", tier="family_help")


def test_reallocation_moves_the_previous_workers_open_clocks_and_leaves_the_iros(world: World) -> None:
    today = timezone.localdate()
    child = world.allocated_child
    worker_clock = timescales.deadline_start(
        actor=world.user("social_worker"),
        rule_code="single_assessment",
        child=child,
        subject="assessment-1",
        started_on=today - timedelta(days=5),
    )
    iro_clock = timescales.deadline_start(
        actor=world.user("social_worker"),
        rule_code="first_looked_after_review",
        child=child,
        subject="review-1",
        started_on=today - timedelta(days=5),
        assignee=world.iro,
    )
    assert worker_clock.assignee == world.social_worker
    new_worker = _new_worker(world)

    with assert_audit_events(
        ("updated", "access.involvement"), ("created", "access.involvement"), ("updated", "timescales.deadline")
    ):
        result = services.allocation_change(
            actor=world.user("team_manager"),
            child=child,
            practitioner=new_worker,
            started_on=today,
            reason="Ellie's worker is moving to another team",
            reason_for_change="TSPROC",
        )

    assert result.deadlines_moved == 1
    worker_clock.refresh_from_db()
    iro_clock.refresh_from_db()
    assert worker_clock.assignee == new_worker and worker_clock.team == world.team_a
    assert iro_clock.assignee == world.iro
    previous = Involvement.objects.get(pk=result.previous.pk)  # type: ignore[union-attr]
    assert previous.ended_on == today - timedelta(days=1)
    now = Involvement.objects.get(child=child, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, ended_on__isnull=True)
    assert now.practitioner == new_worker
    # The SSDA903 social worker episode's reason for the change (SW_REASON) is the one chosen.
    assert now.reason_for_social_worker_change == "TSPROC"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"reason": ""}, "reason", AllocationError.REASON_REQUIRED),
        ({"reason_for_change": ""}, "reason_for_change", AllocationError.CHANGE_REASON_REQUIRED),
        ({"reason_for_change": "FCONTA"}, "reason_for_change", AllocationError.CHANGE_REASON_REQUIRED),
        ({"reason_for_change": "MOVED"}, "reason_for_change", AllocationError.CHANGE_REASON_REQUIRED),
        ({"started_on_days": 1}, "started_on", AllocationError.DATE_IN_FUTURE),
        ({"started_on_days": -4000}, "started_on", AllocationError.DATE_BEFORE_CURRENT),
        ({"same_worker": True}, "practitioner", AllocationError.ALREADY_ALLOCATED),
        ({"police": True}, "practitioner", AllocationError.NOT_ALLOCATABLE),
    ],
    ids=[
        "no-reason-for-a-move",
        "no-coded-reason-for-a-move",
        "first-contact-is-not-a-move",
        "not-a-dfe-reason",
        "future-date",
        "before-the-current-allocation",
        "same-worker",
        "not-a-social-worker",
    ],
)
def test_bad_allocations_are_refused_and_change_nothing(
    world: World, change: dict[str, Any], field: str, code: str
) -> None:
    today = timezone.localdate()
    practitioner = _new_worker(world)
    if change.get("same_worker"):
        practitioner = world.social_worker
    if change.get("police"):
        practitioner = world.police_officer
    before = list(Involvement.objects.filter(child=world.allocated_child).values_list("pk", "ended_on"))

    with pytest.raises(ValidationError) as refused:
        services.allocation_change(
            actor=world.user("team_manager"),
            child=world.allocated_child,
            practitioner=practitioner,
            started_on=today + timedelta(days=change.get("started_on_days", 0)),
            reason=change.get("reason", "Moving teams"),
            reason_for_change=change.get("reason_for_change", "ORGRST"),
        )

    assert refused.value.error_dict[field][0].code == code
    assert list(Involvement.objects.filter(child=world.allocated_child).values_list("pk", "ended_on")) == before


def test_only_a_manager_who_sees_the_child_may_allocate(world: World) -> None:
    new_worker = _new_worker(world)
    for actor in ("social_worker", "other_team_manager", "school_dsl", "analyst"):
        with pytest.raises(NotFoundOrNotPermitted):
            services.allocation_change(
                actor=world.user(actor),
                child=world.allocated_child,
                practitioner=new_worker,
                started_on=timezone.localdate(),
                reason="Moving",
            )


def test_the_front_door_manager_allocates_a_referred_child_and_its_assessment_clock_moves(world: World) -> None:
    today = timezone.localdate()
    manager = _front_door_manager(world)
    child = world.unallocated_child
    _episode(child, today - timedelta(days=2))
    clock = timescales.deadline_start(
        actor=world.user("front_door"),
        rule_code="single_assessment",
        child=child,
        subject="referral-1",
        started_on=today - timedelta(days=2),
    )
    assert clock.assignee is None

    result = services.allocation_change(
        actor=manager.user, child=child, practitioner=world.other_team_worker, started_on=today
    )

    clock.refresh_from_db()
    assert clock.assignee == world.other_team_worker and clock.team == world.team_b
    # A first allocation is the child's first contact with a social worker (SSDA903 SW_REASON FCONTA).
    assert result.involvement.reason_for_social_worker_change == "FCONTA"


def _signed_in(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _front_door_manager(world: World) -> Any:
    manager = PractitionerFactory(
        user__username="mash.manager",
        role=Role.TEAM_MANAGER,
        organisation=world.local_authority,
        team=world.front_door_team,
    )
    world.front_door_team.manager = manager
    world.front_door_team.save()
    return manager


def test_the_awaiting_allocation_page_lists_unallocated_children_in_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    client = _signed_in(_front_door_manager(world).user)
    _episode(world.unallocated_child, today - timedelta(days=3))
    _episode(world.allocated_child, today - timedelta(days=3))
    client.get("/allocations/")
    with django_assert_num_queries(QUERIES):
        response = client.get("/allocations/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kacper Nowak" in html and "Ellie Marsden" not in html  # Ellie already has a worker
    for n in range(5):
        from joinedup.people.factories import ChildFactory

        _episode(ChildFactory(given_name=f"Child{n}", family_name="Waiting"), today - timedelta(days=n))
    with django_assert_num_queries(QUERIES):  # the same however many children wait
        assert client.get("/allocations/").content.decode().count('/allocate/"') == 6  # Kacper and five more
    assert _signed_in(world.social_worker.user).get("/allocations/").status_code == 404


# The greater-risk flags of the page in one query (issue 18); the page count, one more (issue 19); the children of
# workers who moved team, one more (issue 20).
QUERIES = 16


def _children_waiting(n: int, started_on: Any, **person: Any) -> list[Any]:
    """n children, each with an open episode of need that began on `started_on`, made in bulk."""
    from joinedup.people.factories import ChildProfileFactory, PersonFactory
    from joinedup.people.models import ChildProfile, Person

    people = Person.objects.bulk_create(
        PersonFactory.build_batch(n, **{"is_child_record": True, "date_of_birth": date(2016, 3, 27), **person})
    )
    ChildProfile.objects.bulk_create([ChildProfileFactory.build(person=p) for p in people])
    CaseEpisode.objects.bulk_create(
        [
            CaseEpisodeFactory.build(child=p, started_on=started_on, referral_source="1A", tier="family_help")
            for p in people
        ]
    )
    return people


def test_a_flagged_child_past_row_200_is_on_page_1_and_every_child_is_reached_page_by_page(
    world: World, django_assert_num_queries: Any
) -> None:
    """The order is made in SQL before the page is cut: the list had ordered by greater-risk flags in Python after
    its first 200 rows, so a flagged child who had waited least never surfaced."""
    today = timezone.localdate()
    manager = _front_door_manager(world)
    client = _signed_in(manager.user)
    _children_waiting(240, today - timedelta(days=30), family_name="Waiting")
    # Waited least of all (row 241 by waiting time), but a baby under one: a greater-risk flag.
    [baby] = _children_waiting(
        1, today - timedelta(days=1), given_name="Tobi", family_name="Flagged", date_of_birth=today - timedelta(days=60)
    )
    html = client.get("/allocations/").content.decode()
    assert html.count('/allocate/"') == ALLOCATION_PAGE_SIZE
    assert html.index("Tobi Flagged") < html.index(" Waiting</a>")  # first, before every child without a flag
    assert "Baby under one" in html
    assert "Showing 1 to 50 of 241 children." in html
    assert 'class="govuk-pagination' in html and 'href="?page=5"' in html and 'href="?page=2"' in html
    last = client.get("/allocations/?page=5").content.decode()
    assert last.count('/allocate/"') == 241 - 4 * ALLOCATION_PAGE_SIZE  # the last 41: nobody is cut off
    assert "Tobi Flagged" not in last
    assert "Tobi Flagged" in client.get("/allocations/?page=not-a-number").content.decode()  # page 1
    seen = [r.child.pk for n in range(1, 6) for r in awaiting_allocation(actor=manager.user, page=n).rows]
    assert len(seen) == len(set(seen)) == 241 and seen[0] == baby.pk  # each child once, on one page
    with django_assert_num_queries(QUERIES):  # as many as with six children: the same whatever the number
        client.get("/allocations/?page=3")


def test_the_awaiting_allocation_page_shows_each_childs_greater_risk_flags_in_plain_words(world: World) -> None:
    from joinedup.people.factories import ChildFactory

    today = timezone.localdate()
    client = _signed_in(_front_door_manager(world).user)
    baby = ChildFactory(given_name="Tobi", family_name="Waiting", date_of_birth=today - timedelta(days=60))
    _episode(baby, today - timedelta(days=3))
    _episode(world.unallocated_child, today - timedelta(days=3))
    html = client.get("/allocations/").content.decode()
    tobi_row = html[html.index("Tobi Waiting") : html.index("Kacper Nowak")]
    assert "Baby under one" in tobi_row and "govuk-tag" in tobi_row
    assert "Baby under one" not in html[html.index("Kacper Nowak") :]


def test_the_allocate_page_explains_bad_input_and_a_social_worker_gets_404(world: World, client_for: Any) -> None:
    assert client_for("social_worker").get(f"/children/{world.allocated_child.pk}/allocate/").status_code == 404
    client = client_for("team_manager")
    page = client.get(f"/children/{world.allocated_child.pk}/allocate/")
    assert page.status_code == 200 and "Amara" not in page.content.decode()
    new_worker = _new_worker(world)
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(
        f"/children/{world.allocated_child.pk}/allocate/",
        {
            "practitioner": str(new_worker.pk),
            "started_on_0": str(future.day),
            "started_on_1": str(future.month),
            "started_on_2": str(future.year),
            "reason": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "today or in the past" in html
    assert not Involvement.objects.filter(practitioner=new_worker).exists()


def test_moving_the_work_on_the_allocate_page_asks_for_the_dfe_reason_and_records_it(
    world: World, client_for: Any
) -> None:
    client = client_for("team_manager")
    url = f"/children/{world.allocated_child.pk}/allocate/"
    assert "Reason for the change of social worker" in client.get(url).content.decode()
    new_worker = _new_worker(world)
    today = timezone.localdate()
    form = {
        "practitioner": str(new_worker.pk),
        "started_on_0": str(today.day),
        "started_on_1": str(today.month),
        "started_on_2": str(today.year),
        "reason": "Ellie's worker is off for three months",
    }

    refused = client.post(url, {**form, "reason_for_change": ""})
    assert refused.status_code == 200
    assert "Choose the reason the child" in refused.content.decode()  # the error, by the field
    assert not Involvement.objects.filter(practitioner=new_worker).exists()

    moved = client.post(url, {**form, "reason_for_change": "ABSENC"})
    assert moved.status_code == 302
    assert Involvement.objects.get(practitioner=new_worker).reason_for_social_worker_change == "ABSENC"
