"""The oversight page's "decisions awaiting your sign-off": every kind a manager signs off (supervision, assessments
awaiting authorisation, front door decisions), only from the teams they manage, oldest first, in a fixed number of
queries, audited in bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.models import Practitioner
from joinedup.assessments import services as assessments
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.testing import complete_details, front_door_manager, referral_made
from joinedup.audit.models import AuditEvent
from joinedup.case_record import services as case_record
from joinedup.case_record.models import SupervisionRecord
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.front_door import services as front_door
from joinedup.front_door.codes import Consent, ContactChannel, DecisionOutcome, FamilyAwareness, Urgency
from joinedup.front_door.models import ContactDecision
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.oversight import selectors, services
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person

TODAY = dt.date(2027, 1, 13)  # the front door conftest's `today`: Wednesday 13 January 2027
# The whole oversight page (session, caseloads, one query per sign-off source, the bulk audit): 3 items or 9. One
# more since issue 19: the team's work it reads counts each worker's caseload (access.selectors.caseloads).
OVERSIGHT_PAGE_QUERIES = 25


@pytest.fixture(autouse=True)
def harm_taxonomy(db: Any) -> None:
    """Assessments and front door decisions name harms from the taxonomy."""
    harm_taxonomy_sync()


@dataclass
class Awaiting:
    manager: Practitioner
    supervision: SupervisionRecord
    assessment: SingleAssessment
    decision: ContactDecision


def _supervision(world: World, worker: str, child: Person) -> SupervisionRecord:
    return case_record.supervision_record(
        actor=world.user(worker),
        child=child,
        held_on=TODAY - dt.timedelta(days=2),
        worker_id=getattr(world, worker).pk,
        discussion="Reflective discussion",
        decisions="Stay on the plan",
    )


def _assessment(world: World, child: Person, *, worker: Practitioner, referral_on: dt.date) -> SingleAssessment:
    referral = referral_made(world, child=child, on=referral_on)
    assessment = assessments.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=referral_on, worker=worker
    )
    assessments.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )
    return assessment


def _decision(world: World, child: Person) -> ContactDecision:
    received = front_door.contact_receive(
        actor=world.user("front_door"),
        channel=ContactChannel.PHONE,
        child=front_door.ChildAsDescribed(
            given_name=child.given_name, family_name=child.family_name, date_of_birth=child.date_of_birth
        ),
        concern=front_door.ConcernDetails(
            what_happened="Neighbours heard shouting late at night.",
            childs_words="",
            family_aware=FamilyAwareness.AWARE,
            family_knows="Told by the police.",
            consent=Consent.GIVEN,
            urgency=Urgency.STANDARD,
            immediate_danger=False,
            harm_codes=["neglect"],
        ),
        source="2A",
    )
    contact = received.contact
    front_door.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=child.pk)
    contact.refresh_from_db()
    return front_door.contact_decision_record(
        actor=world.user("front_door"),
        contact=contact,
        outcome=DecisionOutcome.FAMILY_HELP,
        rationale="Needs are clear.",
        feedback_to_referrer="Family Help will be offered.",
        harm_codes=["neglect"],
        voice=ChildVoice(words="I want it to stop."),
    )


def _team_b_child(world: World) -> Person:
    child: Person = ChildFactory(given_name="Kacper", family_name="Nowak")  # type: ignore[assignment]
    InvolvementFactory(
        practitioner=world.other_team_worker,
        child=child,
        team=world.team_b,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    )
    return child


@pytest.fixture
def awaiting(world: World, today: dt.date) -> Awaiting:
    """The front door's manager also manages team A: a supervision record, an assessment proposing an outcome
    and a front door decision all wait for them; team B's supervision and assessment do not."""
    manager = front_door_manager(world)
    world.mash_manager = manager  # type: ignore[attr-defined]  # for client_for("mash_manager")
    world.team_a.manager = manager
    world.team_a.save()
    with time_machine.travel("2027-01-11 09:30:00+00:00", tick=False):  # Monday: two working days waiting
        supervision = _supervision(world, "social_worker", world.allocated_child)
    assessment = _assessment(world, world.allocated_child, worker=world.social_worker, referral_on=dt.date(2027, 1, 4))
    decision = _decision(world, world.allocated_child)
    # Team B's: not for this manager.
    kacper = _team_b_child(world)
    _supervision(world, "other_team_worker", kacper)
    InvolvementFactory(
        practitioner=world.social_worker, child=kacper, team=world.team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    )
    _assessment(world, kacper, worker=world.other_team_worker, referral_on=dt.date(2027, 1, 5))
    return Awaiting(manager, supervision, assessment, decision)


def _items(manager: Practitioner) -> list[Any]:
    return selectors.team_oversight(actor=manager.user).awaiting_sign_off


class TestDecisionsAwaitingSignOff:
    def test_given_items_of_every_kind_then_the_manager_sees_their_teams_oldest_first_with_who_and_since(
        self, world: World, awaiting: Awaiting
    ) -> None:
        items = _items(awaiting.manager)
        assert [(i.kind, i.object_id, i.since, i.working_days) for i in items] == [
            ("supervision", awaiting.supervision.pk, dt.date(2027, 1, 11), 2),
            ("assessment", awaiting.assessment.pk, TODAY, 0),
            ("contact_decision", awaiting.decision.pk, TODAY, 0),
        ]
        assert all(i.child_id == world.allocated_child.pk for i in items)
        worker, door = world.social_worker, world.front_door
        assert [(i.submitted_by, i.submitted_by_id) for i in items] == [
            (f"{worker.given_name} {worker.family_name}", worker.pk),
            (f"{worker.given_name} {worker.family_name}", worker.pk),
            (f"{door.given_name} {door.family_name}", door.pk),
        ]
        assessment = next(i for i in items if i.kind == "assessment")
        assert assessment.url == reverse("assessments:assessment_authorise", args=[awaiting.assessment.pk])
        assert "awaiting authorisation" in assessment.what and "Family Help" in assessment.what

    def test_given_another_teams_manager_then_they_see_only_their_own_teams_items(
        self, world: World, awaiting: Awaiting
    ) -> None:
        items = _items(world.other_team_manager)
        assert {i.kind for i in items} == {"supervision", "assessment"}
        assert all(i.submitted_by_id == world.other_team_worker.pk for i in items)
        assert awaiting.supervision.pk not in {i.object_id for i in items if i.kind == "supervision"}
        assert not any(i.kind == "contact_decision" for i in items)

    def test_given_the_page_then_each_item_links_the_child_and_the_page_where_the_manager_signs_it_off(
        self, world: World, awaiting: Awaiting, client_for: Any
    ) -> None:
        client = client_for("mash_manager")
        html = client.get(reverse("oversight:oversight")).content.decode()
        assert reverse("records:child_record", args=[world.allocated_child.pk]) in html
        for item in _items(awaiting.manager):
            assert item.url in html
            assert client.get(item.url).status_code == 200, item.url
        assert "working days)" in html and "Nowak" not in html

    def test_given_each_item_signed_off_then_it_disappears(self, world: World, awaiting: Awaiting) -> None:
        manager = awaiting.manager.user
        services.supervision_sign_off(actor=manager, record=awaiting.supervision)
        assert {i.kind for i in _items(awaiting.manager)} == {"assessment", "contact_decision"}
        awaiting.assessment.refresh_from_db()
        assessments.assessment_prompts_answer(
            actor=world.user("social_worker"),
            assessment=awaiting.assessment,
            answers={p.pk: "Considered" for p in _prompts(awaiting.assessment)},
        )
        assessments.single_assessment_authorise(actor=manager, assessment=awaiting.assessment, authorised_on=TODAY)
        assert {i.kind for i in _items(awaiting.manager)} == {"contact_decision"}
        front_door.contact_decision_sign_off(actor=manager, decision=awaiting.decision, agree=True)
        assert _items(awaiting.manager) == []

    def test_given_items_then_the_page_audits_them_in_bulk(self, world: World, awaiting: Awaiting) -> None:
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        _items(awaiting.manager)
        listed = set(AuditEvent.objects.filter(id__gt=last, action="listed").values_list("object_type", "object_id"))
        assert {
            ("case_record.supervisionrecord", str(awaiting.supervision.pk)),
            ("assessments.singleassessment", str(awaiting.assessment.pk)),
            ("front_door.contactdecision", str(awaiting.decision.pk)),
        } <= listed

    def test_given_more_items_of_every_kind_then_the_page_reads_them_in_the_same_number_of_queries(
        self, world: World, awaiting: Awaiting, client_for: Any, django_assert_num_queries: Any
    ) -> None:
        client = client_for("mash_manager")
        url = reverse("oversight:oversight")
        client.get(url)  # the session and the calendar warmed
        with CaptureQueriesContext(connection) as before:
            assert client.get(url).status_code == 200
        for n in range(2):
            sibling: Person = ChildFactory(given_name=f"Sib{n}", family_name="Marsden")  # type: ignore[assignment]
            InvolvementFactory(
                practitioner=world.social_worker,
                child=sibling,
                team=world.team_a,
                role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
            )
            _supervision(world, "social_worker", sibling)
            _assessment(world, sibling, worker=world.social_worker, referral_on=dt.date(2027, 1, 6 + n))
            _decision(world, sibling)
        assert len(_items(awaiting.manager)) == 9
        with django_assert_num_queries(OVERSIGHT_PAGE_QUERIES):
            html = client.get(url).content.decode()
        assert html.count(">Sign off<span") == 9
        assert len(before.captured_queries) == OVERSIGHT_PAGE_QUERIES

    def test_given_more_than_a_page_then_the_oldest_come_first_and_the_rest_on_the_next_page(
        self, world: World, awaiting: Awaiting, client_for: Any
    ) -> None:
        more = selectors.SIGN_OFF_PAGE_SIZE  # with the fixture's three: a full page and three more
        for _ in range(more):
            _supervision(world, "social_worker", world.allocated_child)
        everything = selectors.team_oversight(actor=awaiting.manager.user).sign_off_page.paginator.object_list
        assert len(everything) == more + 3
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        first = selectors.team_oversight(actor=awaiting.manager.user)
        assert first.awaiting_sign_off == everything[: selectors.SIGN_OFF_PAGE_SIZE]
        assert first.awaiting_sign_off[0].object_id == awaiting.supervision.pk  # the oldest, two working days
        listed = AuditEvent.objects.filter(id__gt=last, action="listed", object_type="case_record.supervisionrecord")
        assert listed.count() == sum(1 for i in first.awaiting_sign_off if i.kind == "supervision")
        worker_row = next(c for c in first.caseloads if c.worker.pk == world.social_worker.pk)
        assert worker_row.awaiting_sign_off == more + 2  # the caseload counts them all
        client = client_for("mash_manager")
        html = client.get(reverse("oversight:oversight")).content.decode()
        assert html.count(">Sign off<span") == selectors.SIGN_OFF_PAGE_SIZE
        assert f"1 to {selectors.SIGN_OFF_PAGE_SIZE} of {more + 3}" in html and "?page=2#awaiting-sign-off" in html
        html = client.get(reverse("oversight:oversight") + "?page=2").content.decode()
        assert html.count(">Sign off<span") == 3


def _prompts(assessment: SingleAssessment) -> list[Any]:
    from joinedup.prompts.codes import PromptMoment
    from joinedup.prompts.targeting import prompts_for_child

    return list(prompts_for_child(child=assessment.child, moment=PromptMoment.ASSESSMENT))
