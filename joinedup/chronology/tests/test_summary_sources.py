"""The case summary is fed by every part of the record (issue 18, item 2): the plan in force whatever its kind (a
Family Help family plan, a child protection plan with its categories of abuse and next review conference, a care
plan, a pathway plan), each declared as a summary source in its own app's chronology.py; the child's words from
every part that records them, most recent first, each saying where it came from; the open clocks in plain words;
the people who matter to the child as the record's family network has them; and a fixed number of queries however
long the record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.assessments.factories import SingleAssessmentFactory
from joinedup.care_leavers.factories import PathwayPlanFactory
from joinedup.case_record import services as case_record
from joinedup.child_protection.codes import ConferenceKind, ConferenceStatus
from joinedup.child_protection.factories import ChildProtectionPlanFactory, ConferenceFactory
from joinedup.child_protection.tests.conftest import Journey
from joinedup.children_in_care.factories import CarePlanFactory, LookedAfterReviewFactory, PeriodOfCareFactory
from joinedup.chronology.registry import gather_summary, registered_summary_sources
from joinedup.core.summary import VOICE_PER_SOURCE, SummarySection
from joinedup.core.tests.personas import World
from joinedup.family_help.factories import FamilyHelpCaseFactory, FamilyPlanFactory
from joinedup.front_door.services.triage import contact_child_confirm
from joinedup.harms.models import HarmType
from joinedup.people.factories import PersonFactory, RelationshipFactory
from joinedup.people.models import Household, HouseholdMember, Person
from joinedup.timescales.models import Deadline

from .conftest import Siblings

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def on_the_day() -> Iterator[None]:
    with time_machine.travel("2026-12-07 10:00:00+00:00", tick=False):
        yield


@pytest.fixture
def today() -> dt.date:  # the front door's raise_concern asks for it
    return TODAY


def _page(client: Any, child: Person) -> str:
    response = client.get(reverse("chronology:summary", args=[child.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def _section(html: str, start: str, end: str) -> str:
    return html.split(f'id="{start}"', 1)[1].split(f'id="{end}"', 1)[0]


def _plan(html: str) -> str:
    return re.sub(r"\s+", " ", _section(html, "plan", "overdue"))


def _voice(html: str) -> list[tuple[str, str]]:
    """(the words, where and when) for each of the child's words shown, in the order shown."""
    section = _section(html, "voice", "people")
    shown = re.findall(r"<p class=\"govuk-body\">“([^”]*)”</p><p class=\"govuk-body-s[^\"]*\">(.*?)</p>", section)
    return [(words, re.sub(r"<[^>]+>", "", where)) for words, where in shown]


def _deadline(child: Person, rule_code: str, due_on: dt.date, **kw: Any) -> Deadline:
    return Deadline.objects.create(
        rule_code=rule_code,
        interval=kw.pop("interval", "headline"),
        child=child,
        subject_key=kw.pop("subject_key", f"test.subject:{rule_code}"),
        started_on=kw.pop("started_on", due_on - dt.timedelta(days=30)),
        due_on=due_on,
        figure_applied="3 months",
        **kw,
    )


class TestThePlanInForce:
    def test_given_a_child_on_a_plan_since_september_then_the_summary_names_it_with_its_category_and_review(
        self, world: World, journey: Journey, client_for: Any
    ) -> None:
        # The found scenario: a child protection plan since September, and the summary said "No plan is in force".
        plan = journey.to_plan(dt.date(2026, 9, 1))
        review_due = Deadline.objects.get(child=world.allocated_child, rule_code="first_review_conference").due_on
        plan_html = _plan(_page(client_for("social_worker"), world.allocated_child))
        assert "No plan is in force" not in plan_html
        assert "Child protection plan" in plan_html
        assert f"(agreed {plan.started_on.day} {plan.started_on:%B %Y})" in plan_html
        assert "Category of abuse: Physical abuse." in plan_html
        assert f"Next review conference due by {review_due.day} {review_due:%B %Y}, not yet arranged." in plan_html

    def test_given_a_review_conference_arranged_then_the_plan_gives_its_day_and_every_category_of_abuse(
        self, world: World, harms: None, client_for: Any
    ) -> None:
        child = world.allocated_child
        categories = HarmType.objects.filter(cin_category_of_abuse__in=["NEG", "EMO"]).order_by("code")
        ChildProtectionPlanFactory(child=child, latest_category="MUL", harms=list(categories))
        ConferenceFactory(
            child=child, kind=ConferenceKind.REVIEW, status=ConferenceStatus.ARRANGED, planned_for=dt.date(2027, 1, 5)
        )
        _deadline(child, "first_review_conference", dt.date(2026, 12, 14))
        plan_html = _plan(_page(client_for("social_worker"), child))
        assert "Categories of abuse: Emotional abuse, Neglect." in plan_html
        assert "Next review conference arranged for 5 January 2027." in plan_html

    def test_given_a_plan_that_ended_then_no_child_protection_plan_is_in_force(
        self, world: World, client_for: Any
    ) -> None:
        ChildProtectionPlanFactory(
            child=world.allocated_child, ended_on=dt.date(2026, 11, 2), end_reason="review_conference"
        )
        assert "No plan is in force." in _plan(_page(client_for("social_worker"), world.allocated_child))

    def test_given_a_family_plan_in_force_then_each_child_it_covers_has_it_and_no_earlier_or_closed_one(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        case = FamilyHelpCaseFactory(
            child=siblings.eldest, lead_practitioner=world.school_dsl, siblings=[siblings.middle]
        )
        FamilyPlanFactory(case=case, agreed_on=dt.date(2026, 9, 8), replaced_on=dt.date(2026, 11, 3), goals=["Old"])
        FamilyPlanFactory(case=case, agreed_on=dt.date(2026, 11, 3), goals=["Calm mornings", "School on time"])
        client = client_for("social_worker")
        for child in (siblings.eldest, siblings.middle):
            plan_html = _plan(_page(client, child))
            assert "Family plan" in plan_html and "(agreed 3 November 2026)" in plan_html
            assert f"Led by {world.school_dsl.given_name} {world.school_dsl.family_name}" in plan_html
            assert "Goals: Calm mornings; School on time." in plan_html
            assert "Old" not in plan_html
        assert "No plan is in force." in _plan(_page(client, siblings.youngest))  # not in the family's help
        case.children.filter(child=siblings.middle).update(ended_on=dt.date(2026, 11, 20))
        assert "No plan is in force." in _plan(_page(client, siblings.middle))  # no longer covered
        case.closed_on, case.closure_reason = dt.date(2026, 12, 1), "CLO"
        case.save()
        assert "No plan is in force." in _plan(_page(client, siblings.eldest))

    def test_given_a_care_plan_then_it_is_in_force_while_the_child_is_looked_after(
        self, world: World, client_for: Any
    ) -> None:
        period = PeriodOfCareFactory(child=world.allocated_child)
        CarePlanFactory(period=period, agreed_on=dt.date(2026, 6, 1), arrangements="First arrangements")
        CarePlanFactory(period=period, agreed_on=dt.date(2026, 9, 1), arrangements="Revised arrangements")
        client = client_for("social_worker")
        plan_html = _plan(_page(client, world.allocated_child))
        assert "Care plan" in plan_html and "Revised arrangements" in plan_html
        assert "First arrangements" not in plan_html
        period.ended_on, period.reason_ceased = dt.date(2026, 11, 1), "E13"
        period.save()
        assert "No plan is in force." in _plan(_page(client, world.allocated_child))

    def test_given_a_pathway_plan_then_the_latest_is_in_force(self, world: World, client_for: Any) -> None:
        PathwayPlanFactory(child=world.allocated_child, agreed_on=dt.date(2026, 4, 1), summary="The first")
        PathwayPlanFactory(child=world.allocated_child, agreed_on=dt.date(2026, 10, 1), summary="The latest")
        plan_html = _plan(_page(client_for("social_worker"), world.allocated_child))
        assert "Pathway plan" in plan_html and "The latest" in plan_html and "The first" not in plan_html

    def test_given_every_kind_of_plan_then_each_is_in_force_with_a_link_to_its_page(
        self, world: World, client_for: Any
    ) -> None:
        child = world.allocated_child
        ChildProtectionPlanFactory(child=child)
        FamilyPlanFactory(case=FamilyHelpCaseFactory(child=child))
        CarePlanFactory(period=PeriodOfCareFactory(child=child))
        PathwayPlanFactory(child=child)
        items = [
            i
            for i in gather_summary(child_id=child.pk, user=world.user("social_worker"), partner=False)
            if i.section == SummarySection.PLAN
        ]
        assert sorted(i.title for i in items) == ["Care plan", "Child protection plan", "Family plan", "Pathway plan"]
        assert all(i.url and i.on for i in items)


class TestTheChildsWords:
    def test_given_words_recorded_in_every_part_then_the_most_recent_come_first_each_saying_where(
        self, world: World, harms: None, raise_concern: Any, client_for: Any
    ) -> None:
        child = world.allocated_child
        contact = raise_concern()  # "Mum's boyfriend grabbed me when I spilt my drink."
        contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=child.pk)
        type(contact).objects.filter(pk=contact.pk).update(received_on=dt.date(2026, 7, 1))
        SingleAssessmentFactory(
            child=child, child_seen_on=dt.date(2026, 8, 1), childs_wishes_and_feelings="Assessment words"
        )
        ChildProtectionPlanFactory(
            child=child, starting_conference__child_voice_words="Conference words", started_on=dt.date(2026, 9, 1)
        )
        period = PeriodOfCareFactory(child=child, started_on=dt.date(2026, 9, 20))
        CarePlanFactory(period=period, agreed_on=dt.date(2026, 10, 1), child_voice_words="Care plan words")
        LookedAfterReviewFactory(period=period, held_on=dt.date(2026, 11, 1), child_voice_words="Review words")
        PathwayPlanFactory(child=child, agreed_on=dt.date(2026, 11, 15), child_voice_words="Pathway words")
        FamilyPlanFactory(
            case=FamilyHelpCaseFactory(child=child),
            agreed_on=dt.date(2026, 12, 1),
            voices={child: "Family plan words"},
        )
        case_record.note_record(
            actor=world.user("social_worker"),
            child_ids=[child.pk],
            note_type="visit",
            occurred_on=dt.date(2026, 12, 4),
            child_seen=True,
            child_seen_alone=True,
            what_happened="Home visit.",
            childs_words="Case note words",
        )
        shown = _voice(_page(client_for("social_worker"), child))
        assert shown == [
            ("Case note words", "Case note, 4 December 2026"),
            ("Family plan words", "Family plan, 1 December 2026"),
            ("Pathway words", "Pathway plan, 15 November 2026"),
            ("Review words", "Looked-after review, 1 November 2026"),
            ("Care plan words", "Care plan, 1 October 2026"),
            ("Conference words", "Initial child protection conference, 1 September 2026"),
        ]  # six shown: the assessment's (August) and the contact's (July) are older
        everything = {
            (i.title, i.detail)
            for i in gather_summary(child_id=child.pk, user=world.user("social_worker"), partner=False)
            if i.section == SummarySection.VOICE
        }
        assert ("Single assessment", "Assessment words") in everything
        assert ("Contact from Brookside Primary School, as they reported it", contact.childs_words) in everything

    def test_given_a_family_plan_for_brothers_and_sisters_then_its_words_are_no_one_childs_own(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        case = FamilyHelpCaseFactory(child=siblings.eldest, siblings=[siblings.middle])
        FamilyPlanFactory(case=case, childs_words="We want to stay together")
        client = client_for("social_worker")
        for child in (siblings.eldest, siblings.middle):
            assert _voice(_page(client, child)) == []

    def test_given_words_from_two_records_of_one_kind_then_their_links_say_which_is_which(
        self, world: World, client_for: Any
    ) -> None:
        child = world.allocated_child
        for n, day in enumerate((dt.date(2026, 10, 5), dt.date(2026, 11, 9))):
            ConferenceFactory(child=child, kind=ConferenceKind.REVIEW, planned_for=day, child_voice_words=f"Words {n}")
            SingleAssessmentFactory(child=child, child_seen_on=day, childs_wishes_and_feelings=f"Wishes {n}")
        section = _section(_page(client_for("social_worker"), child), "voice", "people")
        links = re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', section)
        assert len(links) == 4
        targets: dict[str, set[str]] = {}
        for href, text in links:
            targets.setdefault(text, set()).add(href)
        assert all(len(hrefs) == 1 for hrefs in targets.values()), targets  # one link text, one place
        assert "Review child protection conference, 9 November 2026" in targets

    def test_given_more_words_than_a_source_gives_then_it_gives_the_most_recent(self, world: World) -> None:
        period = PeriodOfCareFactory(child=world.allocated_child, started_on=dt.date(2025, 1, 1))
        for n in range(VOICE_PER_SOURCE + 2):
            LookedAfterReviewFactory(period=period, held_on=dt.date(2025, 2, 1 + n), child_voice_words=f"Review {n}")
        words = [
            i.detail
            for i in gather_summary(child_id=world.allocated_child.pk, user=world.user("social_worker"), partner=False)
            if i.section == SummarySection.VOICE
        ]
        assert words == [f"Review {n}" for n in reversed(range(2, VOICE_PER_SOURCE + 2))]


class TestClocksAndPeople:
    def test_given_open_clocks_then_they_are_the_childs_in_the_guidances_words_never_a_rule_code(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        _deadline(siblings.eldest, "first_review_conference", TODAY + dt.timedelta(days=5))
        _deadline(siblings.eldest, "care_plan", TODAY - dt.timedelta(days=2))
        _deadline(siblings.eldest, "a_rule_since_retired", TODAY + dt.timedelta(days=3))
        _deadline(siblings.middle, "strategy_discussion", TODAY + dt.timedelta(days=1), interval="working_days")
        html = re.sub(r"\s+", " ", _section(_page(client_for("social_worker"), siblings.eldest), "overdue", "happened"))
        assert "First child protection review conference: due" in html
        assert "Care plan in place: was due" in html
        assert "A statutory timescale: due" in html
        for code in ("first_review_conference", "care_plan", "a_rule_since_retired"):
            assert code not in html
        assert "Strategy discussion held" not in html  # the sister's clock, not this child's

    def test_given_a_family_network_then_the_summary_names_who_the_record_does(
        self, world: World, client_for: Any
    ) -> None:
        child = world.allocated_child
        mum = PersonFactory(given_name="Dawn", family_name="Marsden")
        RelationshipFactory(
            from_person=mum, to_person=child, relationship_type="mother", has_parental_responsibility=True
        )
        brother = PersonFactory(given_name="Ryan", family_name="Holt")
        RelationshipFactory(from_person=child, to_person=brother, relationship_type="half_sibling", is_significant=True)
        gone = PersonFactory(given_name="Gary", family_name="Holt")
        RelationshipFactory(
            from_person=gone, to_person=child, relationship_type="step_parent", ended_on=dt.date(2025, 1, 1)
        )
        lodger = PersonFactory(given_name="Sam", family_name="Reed")
        home = Household.objects.create(address="1 High Street", postcode="LS1 1AA")
        for person in (child, lodger):
            HouseholdMember.objects.create(household=home, person=person)
        people = re.sub(r"\s+", " ", _section(_page(client_for("social_worker"), child), "people", "harms"))
        assert "Dawn Marsden, mother (parental responsibility)" in people
        assert "Ryan Holt, Ellie is their half-sibling · significant" in people  # recorded from Ellie's side
        assert "Sam Reed, lives in the same household" in people
        assert "Gary Holt" not in people  # the relationship ended


class TestGreaterRiskFlags:
    def test_given_a_child_at_greater_risk_then_the_summarys_harms_and_risks_name_each_flag(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        profile = siblings.eldest.child_profile
        profile.is_missing, profile.is_looked_after = True, True
        profile.save()
        client = client_for("social_worker")
        risks = re.sub(r"\s+", " ", _section(_page(client, siblings.eldest), "harms", "plan"))
        assert "<li>Greater-risk flag: Missing</li>" in risks
        assert "<li>Greater-risk flag: Looked after</li>" in risks
        assert "Greater-risk flag" not in _section(_page(client, siblings.middle), "harms", "plan")


class TestQueries:
    def test_given_a_longer_record_of_every_kind_then_the_summary_reads_no_more_queries(
        self, world: World, harms: None, client_for: Any
    ) -> None:
        child = world.allocated_child
        plan = ChildProtectionPlanFactory(
            child=child,
            harms=list(HarmType.objects.exclude(cin_category_of_abuse="")[:1]),
            starting_conference__child_voice_words="Words",
        )
        case = FamilyHelpCaseFactory(child=child)
        FamilyPlanFactory(case=case, voices={child: "Words"})
        period = PeriodOfCareFactory(child=child)
        CarePlanFactory(period=period, child_voice_words="Words")
        LookedAfterReviewFactory(period=period, child_voice_words="Words")
        PathwayPlanFactory(child=child, child_voice_words="Words")
        SingleAssessmentFactory(child=child, childs_wishes_and_feelings="Words")
        client = client_for("social_worker")
        url = reverse("chronology:summary", args=[child.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as sources:
            gather_summary(child_id=child.pk, user=world.user("social_worker"), partner=False)
        # One query asks which sources have anything; each source then reads one query, whatever it finds.
        assert len(sources) == 1 + len([s for s in registered_summary_sources() if s.name in _EVERY_KIND])
        with CaptureQueriesContext(connection) as short:
            client.get(url)
        # Five times as much of everything: more categories, plans replaced, reviews, words.
        plan.harms.set(HarmType.objects.exclude(cin_category_of_abuse=""))
        for n in range(5):
            FamilyPlanFactory(
                case=case, replaced_on=dt.date(2026, 9, 8), voices={child: f"Words {n}"}, goals=["A", "B"]
            )
            CarePlanFactory(period=period, child_voice_words=f"Words {n}")
            LookedAfterReviewFactory(period=period, child_voice_words=f"Words {n}")
            PathwayPlanFactory(child=child, child_voice_words=f"Words {n}")
            SingleAssessmentFactory(child=child, childs_wishes_and_feelings=f"Words {n}")
            ConferenceFactory(child=child, kind=ConferenceKind.REVIEW, child_voice_words=f"Words {n}")
        with CaptureQueriesContext(connection) as long:
            client.get(url)
        assert len(long) == len(short)


_EVERY_KIND = {
    "people.greater_risk_flags",
    "child_protection.plan",
    "child_protection.conference_voice",
    "family_help.plan",
    "family_help.plan_voice",
    "children_in_care.care_plan",
    "children_in_care.care_plan_voice",
    "children_in_care.review_voice",
    "care_leavers.pathway_plan",
    "care_leavers.pathway_plan_voice",
    "assessments.voice",
}
