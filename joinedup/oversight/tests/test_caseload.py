"""One caseload figure (issue 19, item 7): the allocation form, team oversight, the team's work and the home page
count a worker's children the same way (access.selectors.caseloads); the form offers every worker of the team; a
child someone holds is not awaiting allocation; the waiting list goes by risk, then waiting time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.front_door import services as front_door
from joinedup.front_door.tests.conftest import concern_details, harm_taxonomy, raise_concern  # noqa: F401
from joinedup.oversight import selectors
from joinedup.oversight.tests.test_allocation import _front_door_manager, _signed_in
from joinedup.people.factories import ChildFactory
from joinedup.timescales import selectors as timescales_selectors
from joinedup.timescales import services as timescales


def _hold(world: World, child: Any, role: str, **kw: Any) -> None:
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a, role=role, **kw)


def test_every_page_shows_the_same_caseload_for_a_worker_whose_figures_disagreed(world: World, client_for: Any) -> None:
    today = timezone.localdate()
    # Ellie (the world's) is held twice: as allocated social worker and as lead child protection practitioner.
    _hold(world, world.allocated_child, InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER)
    # Two allocated social worker involvements of one child: one child, not two (the allocation list said two).
    twice = ChildFactory(given_name="Twice", family_name="Held")
    _hold(world, twice, InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    _hold(world, twice, InvolvementRole.ALLOCATED_SOCIAL_WORKER, started_on=date(2026, 2, 1))
    # Held as Family Help lead practitioner only (the allocation list did not count it; oversight did).
    _hold(world, ChildFactory(given_name="Family", family_name="Help"), InvolvementRole.LEAD_PRACTITIONER)
    # An allocation that ended yesterday, and a core group membership: neither counts anywhere.
    _hold(world, ChildFactory(), InvolvementRole.ALLOCATED_SOCIAL_WORKER, ended_on=today - timedelta(days=1))
    _hold(world, ChildFactory(), InvolvementRole.CORE_GROUP_MEMBER)
    expected = 3  # Ellie, Twice and Family

    (candidate,) = [
        c
        for c in selectors.allocation_candidates(actor=world.user("team_manager"))
        if c.practitioner == world.social_worker
    ]
    assert candidate.open_cases == expected
    allocate_page = client_for("team_manager").get(f"/children/{world.allocated_child.pk}/allocate/")
    assert f"{world.social_worker.full_name} (Child Protection A, {expected} children allocated)" in (
        allocate_page.content.decode()
    )
    (oversight_row,) = [
        c
        for c in selectors.team_oversight(actor=world.user("team_manager")).caseloads
        if c.worker == world.social_worker
    ]
    assert oversight_row.children == expected
    (team_row,) = [
        r
        for r in timescales_selectors.team_work(actor=world.user("team_manager"), today=today)
        if r.worker == world.social_worker
    ]
    assert team_row.caseload == expected
    team_page = client_for("team_manager").get("/my-work/team/").content.decode()
    assert world.social_worker.full_name in team_page and "Children held" in team_page
    home = client_for("social_worker").get("/").content.decode()
    assert f'id="caseload-count">{expected}<' in home


def test_the_allocation_form_offers_every_social_worker_of_the_managers_team(world: World, client_for: Any) -> None:
    # Team B: the world's other worker and five more, two of whom have not signed in yet (no account).
    six = [world.other_team_worker] + [
        PractitionerFactory(
            role=Role.SOCIAL_WORKER, organisation=world.local_authority, team=world.team_b, family_name=f"Worker{n}",
            **({"user": None} if n < 2 else {}),
        )
        for n in range(5)
    ]  # fmt: skip
    left = PractitionerFactory(
        role=Role.SOCIAL_WORKER, organisation=world.local_authority, team=world.team_b, family_name="Left",
        user__is_active=False,
    )  # fmt: skip
    offered = {c.practitioner for c in selectors.allocation_candidates(actor=world.user("other_team_manager"))}
    assert set(six) <= offered and left not in offered
    assert offered - set(six) == {world.other_team_manager}  # a team manager may hold cases too
    child = ChildFactory()
    InvolvementFactory(practitioner=world.other_team_worker, child=child, team=world.team_b)
    page = client_for("other_team_manager").get(f"/children/{child.pk}/allocate/").content.decode()
    assert all(f'value="{w.pk}"' in page for w in six) and f'value="{left.pk}"' not in page


def test_a_child_whose_record_names_a_lead_child_protection_practitioner_is_not_awaiting_allocation(
    world: World,
) -> None:
    today = timezone.localdate()
    manager = _front_door_manager(world)
    CaseEpisodeFactory(child=world.unallocated_child, started_on=today - timedelta(days=5), referral_source="1A")
    assert [r.child for r in selectors.awaiting_allocation(actor=manager.user).rows] == [world.unallocated_child]
    InvolvementFactory(
        practitioner=world.other_team_worker, child=world.unallocated_child, team=world.team_b,
        role=InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
    )  # fmt: skip
    assert selectors.awaiting_allocation(actor=manager.user).rows == []
    assert selectors.awaiting_allocation_count(actor=manager.user) == 0


def test_the_allocation_list_puts_immediate_danger_and_greater_risk_first_and_tags_what_is_overdue(
    world: World,
    raise_concern: Any,  # noqa: F811 (the front door's fixture, imported above)
    today: date,
) -> None:
    manager = _front_door_manager(world)
    waited_longest = ChildFactory(given_name="Longest", family_name="Waiting")
    baby = ChildFactory(given_name="Baby", family_name="Flagged", date_of_birth=today - timedelta(days=40))
    in_danger = world.unallocated_child
    for child, days in ((waited_longest, 60), (baby, 20), (in_danger, 2)):
        CaseEpisodeFactory(child=child, started_on=today - timedelta(days=days), referral_source="1A")
    contact = raise_concern(concern=concern_details(immediate_danger=True))
    front_door.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=in_danger.pk)
    timescales.deadline_start(
        actor=world.user("front_door"), rule_code="single_assessment", child=waited_longest, subject="late",
        started_on=today - timedelta(days=100),
    )  # fmt: skip
    rows = selectors.awaiting_allocation(actor=manager.user).rows
    assert [r.child for r in rows] == [in_danger, baby, waited_longest]
    assert rows[0].immediate_danger and rows[1].flags and not rows[2].flags
    html = _signed_in(manager.user).get("/allocations/").content.decode()
    assert html.index("Kacper Nowak") < html.index("Baby Flagged") < html.index("Longest Waiting")
    assert "Immediate danger" in html[html.index("Kacper Nowak") : html.index("Baby Flagged")]
    longest_row = html[html.index("Longest Waiting") :]
    assert "govuk-tag--red" in longest_row and "Overdue" in longest_row
    assert "Overdue" not in html[: html.index("Longest Waiting")]
