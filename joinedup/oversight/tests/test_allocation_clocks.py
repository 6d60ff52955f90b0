"""Allocation moves every open clock of the child's work to the new worker and their team, whoever carried it: the
front door, the previous worker, a Family Help lead practitioner, nobody (issue 18). Clocks that belong to someone
else's role stay with them: the IRO's reviews, a partner agency's, a care leaver's personal adviser's, the front
door's own work on a contact, the safeguarding partners'. One test per rule in rules.toml, so a new rule is covered
as soon as it is added; then the case that was found, through the front door and My work."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import PractitionerFactory, TeamFactory
from joinedup.agencies.models import Practitioner, TeamType
from joinedup.agencies.roles import Role
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.front_door import services as front_door
from joinedup.front_door.tests.conftest import (  # noqa: F401 (fixtures)
    RaiseConcern,
    child_described,
    harm_taxonomy,
    mash_manager,
    raise_concern,
)
from joinedup.oversight import services
from joinedup.oversight.tests.test_allocation import _signed_in
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.timescales.rules import RULES, CarriedBy, Counting, Rule

pytestmark = pytest.mark.django_db


def _practitioner(world: World, username: str, role: Role, team_type: TeamType) -> Any:
    team = TeamFactory(name=username, organisation=world.local_authority, team_type=team_type)
    return PractitionerFactory(user__username=username, role=role, organisation=world.local_authority, team=team)


def _in_own_role(world: World, carried_by: CarriedBy) -> Practitioner:
    """Someone who carries a clock of this rule in the role it belongs to."""
    return {
        CarriedBy.FRONT_DOOR: lambda: world.front_door,
        CarriedBy.INDEPENDENT_REVIEWING_OFFICER: lambda: world.iro,
        CarriedBy.PERSONAL_ADVISER: lambda: _practitioner(
            world, "personal.adviser", Role.PERSONAL_ADVISER, TeamType.CARE_LEAVERS
        ),
        CarriedBy.SAFEGUARDING_PARTNERS: lambda: _practitioner(
            world, "partnership.lead", Role.PARTNERSHIP_LEAD, TeamType.PARTNERSHIP
        ),
    }[carried_by]()


def _clock(world: World, rule: Rule, child: Person, carrier: Practitioner | None, name: str) -> Deadline:
    today = timezone.localdate()
    headline = rule.headline
    anchored = today + timedelta(weeks=20) if headline.counting == Counting.WEEKS_OF_PREGNANCY else None
    clock = timescales.deadline_start(
        actor=world.user("team_manager"),
        rule_code=rule.code,
        child=child,
        subject=f"test.{name}:1",
        started_on=today - timedelta(days=1),
        assignee=carrier,
        anchored_on=anchored,
    )
    if carrier is None:  # nobody carries it (deadline_start would give it to the allocated worker, where there is one)
        Deadline.objects.filter(pk=clock.pk).update(assignee=None, team=None)
        clock.refresh_from_db()
    assert clock.assignee == carrier and clock.met_on is None
    return clock


@pytest.mark.parametrize("first_allocation", [True, False], ids=["first-allocation", "reallocation"])
@pytest.mark.parametrize("code", list(RULES))
def test_allocation_moves_each_kind_of_clock_unless_it_is_someone_elses_role(
    world: World,
    code: str,
    first_allocation: bool,
    mash_manager: Practitioner,  # noqa: F811
) -> None:
    rule = RULES[code]
    if first_allocation:  # a referred child no one holds yet: the front door's manager allocates them
        child, manager = world.unallocated_child, mash_manager
        CaseEpisodeFactory(child=child, started_on=timezone.localdate(), referral_source="1A", tier="family_help")
    else:  # the allocated child's work moves from their worker in team A to one in team B
        child, manager = world.allocated_child, world.team_manager
    lead_practitioner = _practitioner(
        world, "lead.practitioner", Role.FAMILY_HELP_LEAD_PRACTITIONER, TeamType.FAMILY_HELP
    )
    carriers: dict[str, Practitioner | None] = {
        "nobody": None,
        "front_door": world.front_door,
        "front_door_manager": mash_manager,  # a team manager, in the front door's team
        "lead_practitioner": lead_practitioner,
        "police_officer": world.police_officer,  # a partner agency's practitioner
        "health_visitor": world.health_visitor,
    }
    if not first_allocation:
        carriers["previous_worker"] = world.social_worker
    if rule.carried_by != CarriedBy.ALLOCATED_WORKER:
        carriers["own_role"] = _in_own_role(world, rule.carried_by)
    clocks = {name: _clock(world, rule, child, carrier, name) for name, carrier in carriers.items()}
    new_worker = world.other_team_worker  # in team B; the previous worker is in team A

    result = services.allocation_change(
        actor=manager.user,
        child=child,
        practitioner=new_worker,
        started_on=timezone.localdate(),
        reason="" if first_allocation else "The worker is moving to another team",
        reason_for_change="" if first_allocation else "TSPROC",
    )

    staying = {"police_officer", "health_visitor"}  # partners' clocks stay with them
    if rule.carried_by == CarriedBy.SAFEGUARDING_PARTNERS:
        # The safeguarding partners' own clocks (a serious incident's, issue 22) are not the child's worker's to know
        # of: none moves, whoever carries it, nobody included.
        staying |= set(carriers)
    elif rule.carried_by != CarriedBy.ALLOCATED_WORKER:
        staying.add("own_role")  # the IRO's, the personal adviser's, the front door's, the partnership's
        if rule.carried_by == CarriedBy.FRONT_DOOR:
            staying |= {"front_door", "front_door_manager"}
    for name, clock in clocks.items():
        clock.refresh_from_db()
        carrier = carriers[name]
        if name in staying:
            assert (clock.assignee, clock.team) == (carrier, carrier.team if carrier else None), (code, name)
        else:
            assert (clock.assignee, clock.team) == (new_worker, world.team_b), (code, name)
    moved = [clock.pk for name, clock in clocks.items() if name not in staying]
    assert result.deadlines_moved == len(moved)
    # Each clock that moved is audited, with who carried it before.
    events = AuditEvent.objects.filter(object_type="timescales.deadline", action="updated", child_id=child.pk)
    assert sorted(int(e.object_id) for e in events) == sorted(moved)


# -- the case that was found ---------------------------------------------------------------------------------------


def test_the_front_doors_strategy_discussion_clock_moves_on_allocation_and_leaves_its_my_work(
    world: World,
    today: date,
    raise_concern: RaiseConcern,  # noqa: F811
    mash_manager: Practitioner,  # noqa: F811
    client_for: Any,
) -> None:
    # A school raises a concern about Kacper; the front door decides a strategy discussion is needed and its manager
    # agrees: the strategy discussion is due the next working day, on the front door worker's list.
    child = world.unallocated_child
    contact = raise_concern(
        "other_school_dsl",
        child=child_described(
            world,
            given_name=child.given_name,
            family_name=child.family_name,
            date_of_birth=child.date_of_birth,
            school_id=world.other_school.pk,
        ),
    )
    front_door.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=child.pk)
    decision = front_door.contact_decision_record(
        actor=world.user("front_door"),
        contact=contact,
        outcome="strategy_discussion",
        rationale="A disclosure of physical harm by an adult in the household.",
        feedback_to_referrer="A strategy discussion will be held.",
        harm_codes=["physical_abuse"],
        voice=ChildVoice(words="I want it to stop."),
    )
    front_door.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    strategy = Deadline.objects.get(child=child, rule_code="strategy_discussion")
    assessment = Deadline.objects.get(child=child, rule_code="single_assessment")
    assert strategy.assignee == world.front_door and strategy.due_on == date(2027, 1, 14)
    assert "Strategy discussion held" in client_for("front_door").get("/my-work/").content.decode()

    # The front door's manager allocates Kacper to a social worker, on the allocate page.
    response = _signed_in(mash_manager.user).post(
        f"/children/{child.pk}/allocate/",
        {
            "practitioner": str(world.social_worker.pk),
            "started_on_0": str(today.day),
            "started_on_1": str(today.month),
            "started_on_2": str(today.year),
            "reason": "",
        },
    )
    assert response.status_code == 302

    strategy.refresh_from_db()
    assessment.refresh_from_db()
    assert (strategy.assignee, strategy.team) == (world.social_worker, world.team_a)
    assert (assessment.assignee, assessment.team) == (world.social_worker, world.team_a)
    front_doors = client_for("front_door").get("/my-work/").content.decode()
    workers = client_for("social_worker").get("/my-work/").content.decode()
    assert "Strategy discussion held" not in front_doors
    assert "Strategy discussion held" in workers and "Kacper Nowak" in workers
    assert world.social_worker.involvements.filter(child=child, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER).exists()
