"""The home page per role (issue 19): what each person acts on first, every child it names audited in one bulk
write, in a fixed number of queries for each role however much waits."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.access import services as access_services
from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.case_record.models import CaseNoteDraft, SupervisionRecord
from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.front_door.models import InformationRequest
from joinedup.people.factories import ChildFactory
from joinedup.timescales import services as timescales


def _caseload(world: World, n: int) -> list[Any]:
    """`n` more children allocated to the social worker, each with an assessment clock (the first one overdue)."""
    today = timezone.localdate()
    children = []
    for i in range(n):
        child = ChildFactory(given_name=f"Held{i}", family_name="Child")
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
        timescales.deadline_start(
            actor=world.user("social_worker"), rule_code="single_assessment", child=child, subject=f"a-{i}",
            started_on=today - timedelta(days=100 if i == 0 else 3),
        )  # fmt: skip
        children.append(child)
    return children


def _work_for_the_manager(world: World, n: int) -> None:
    """`n` supervision records waiting for the team manager's sign-off, and children waiting for a worker."""
    today = timezone.localdate()
    for i in range(n):
        child = ChildFactory(given_name=f"Supervised{i}", family_name="Child")
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
        SupervisionRecord.objects.create(
            child=child, held_on=today, worker=world.social_worker, supervisor=world.team_manager,
            discussion="Discussed.", decisions="Visit weekly.", recorded_by=world.user("social_worker"),
        )  # fmt: skip
        waiting = ChildFactory(given_name=f"Waiting{i}", family_name="Child")
        CaseEpisodeFactory(child=waiting, started_on=today - timedelta(days=i + 1), referral_source="1A")
        InvolvementFactory(practitioner=world.team_manager, child=waiting, team=world.team_a, role="core_group_member")


_REFERENCES = count(1)


def _requests_for_partners(world: World, n: int) -> None:
    """`n` open information requests to each partner organisation, about children they work with."""
    from joinedup.front_door.models import Contact

    today = timezone.localdate()
    for i in range(n):
        child = ChildFactory(given_name=f"Asked{i}", family_name="Child", profile__school=world.school)
        contact = Contact.objects.create(
            reference=f"C-HOME-{next(_REFERENCES)}", received_at=timezone.now(), received_on=today,
            decision_due_on=today, channel="phone", source="1A", kind="concern", urgency="urgent",
            immediate_danger=False, child=child,
        )  # fmt: skip
        for organisation in (world.police, world.health_visiting, world.school):
            InformationRequest.objects.create(
                contact=contact, to_organisation=organisation, question="Known?", is_urgent=i == 0,
                requested_by=world.user("front_door"), requested_on=today, due_on=today + timedelta(days=1),
            )  # fmt: skip
        for partner in (world.police_officer, world.health_visitor, world.school_dsl):
            InvolvementFactory(practitioner=partner, child=child, role=InvolvementRole.OTHER_PROFESSIONAL)


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


# Each role's home page, in queries (the session, the user, the permissions asked, one per work source (the
# partnership's look-agains and learning's actions for anyone, issue 22), the page's own reads and the bulk audit
# write): the same however many children and items there are.
QUERIES = {
    "social_worker": 27,
    "team_manager": 41,
    "front_door": 19,
    "school_dsl": 23,
    "police_officer": 23,
    "health_visitor": 23,
    "analyst": 19,
}


@pytest.mark.parametrize("role", list(QUERIES))
def test_each_roles_home_reads_a_fixed_number_of_queries(world: World, client_for: Any, role: str) -> None:
    client = client_for(role)
    client.get("/")
    _caseload(world, 1)
    _work_for_the_manager(world, 1)
    _requests_for_partners(world, 1)
    few = _queries(client)
    _caseload(world, 4)
    _work_for_the_manager(world, 4)
    _requests_for_partners(world, 4)
    many = _queries(client)
    assert few == many == QUERIES[role]


def test_the_social_workers_home_shows_their_children_next_due_and_counts(world: World, client_for: Any) -> None:
    held = _caseload(world, 2)
    # A child the worker may see through a core group only is not in their caseload.
    other = ChildFactory(given_name="Only", family_name="Visible")
    InvolvementFactory(practitioner=world.social_worker, child=other, role=InvolvementRole.CORE_GROUP_MEMBER)
    CaseNoteDraft.objects.create(author=world.user("social_worker"), child=world.allocated_child, data={})
    html = client_for("social_worker").get("/").content.decode()
    assert 'id="caseload-count">3<' in html  # Ellie and the two held
    assert 'id="overdue-count">1<' in html and 'id="due-this-week-count">0<' in html
    children = html[html.index('id="your-children"') :]
    assert "Only Visible" not in children
    # The overdue child first, tagged; then the one due later; Ellie has nothing open.
    assert children.index("Held0 Child") < children.index("Held1 Child") < children.index("Ellie Marsden")
    overdue_row = children[children.index("Held0 Child") : children.index("Held1 Child")]
    assert "Overdue" in overdue_row and "govuk-tag--red" in overdue_row
    assert "Nothing open" in children[children.index("Ellie Marsden") :]
    assert "Your drafts (1)" in html and "Case note about Ellie Marsden" in html
    # Every child named, once each, in one bulk write of list events.
    listed = AuditEvent.objects.filter(actor=world.user("social_worker"), action=AuditAction.LISTED)
    people = {e.child_id for e in listed if e.object_type == "people.person"}
    assert people == {world.allocated_child.pk, *(c.pk for c in held)}
    assert {e.object_type for e in listed} == {"people.person", "case_record.casenotedraft"}


def test_the_team_managers_home_shows_sign_offs_allocation_and_break_glass(world: World, client_for: Any) -> None:
    _work_for_the_manager(world, 2)
    access_services.break_glass_start(
        actor=world.user("social_worker"), child_id=world.unallocated_child.pk, reason="Police called out of hours"
    )
    html = client_for("team_manager").get("/").content.decode()
    assert "Waiting for your sign-off (2)" in html and "About Supervised0 Child" in html
    assert "Children waiting for a worker</h2>" in html and "2 children are waiting for a worker" in html
    assert "Access to review (1)" in html and f"Emergency access by {world.social_worker.full_name}" in html
    assert "caseloads and sign-offs" in html and "Children awaiting allocation" in html
    # The social worker has none of the manager's work.
    worker = client_for("social_worker").get("/").content.decode()
    assert "Waiting for your sign-off" not in worker and "Access to review" not in worker


def test_partners_see_their_requests_and_the_children_they_work_with(world: World, client_for: Any) -> None:
    _requests_for_partners(world, 2)
    for role in ("police_officer", "health_visitor", "school_dsl"):
        html = client_for(role).get("/").content.decode()
        assert "Requests to answer (2)" in html, role
        assert html.index("Urgent information request about Asked0 Child") < html.index(
            "Information request about Asked1 Child"
        ), role
        assert "Children you work with" in html and "Asked1 Child" in html, role
        assert "Your children" not in html, role
    other = client_for("other_school_dsl").get("/").content.decode()
    assert "Asked0 Child" not in other and "Nothing is waiting for you" in other


def test_the_front_door_home_leads_to_the_queue_and_the_analysts_to_their_tools(world: World, client_for: Any) -> None:
    front_door = client_for("front_door").get("/").content.decode()
    assert 'href="/front-door/"' in front_door and "Go to the front door queue" in front_door
    analyst = client_for("analyst").get("/").content.decode()
    assert "Your tools" in analyst and 'href="/insight/"' in analyst and "Ellie Marsden" not in analyst


def test_an_independent_reviewing_officers_home_lists_the_children_they_review(world: World, client_for: Any) -> None:
    """An IRO holds no allocation, so their caseload would be empty; their home lists the children they review."""
    reviewed = ChildFactory(given_name="Reviewed", family_name="Child")
    InvolvementFactory(practitioner=world.iro, child=reviewed, role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER)
    ended = ChildFactory(given_name="Ended", family_name="Child")
    InvolvementFactory(
        practitioner=world.iro,
        child=ended,
        role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
        started_on=timezone.localdate() - timedelta(days=90),
        ended_on=timezone.localdate() - timedelta(days=1),
    )
    html = client_for("iro").get("/").content.decode()
    children = html[html.index('id="your-children"') :]
    assert "Reviewed Child" in children and "Ended Child" not in children
    assert 'id="caseload-count">1<' in html and "child you review" in html
