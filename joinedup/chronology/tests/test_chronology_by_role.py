"""The multi-agency chronology of a child on a child protection plan, as each practitioner sees it (issue 18): every
event shown to everyone entitled to see it, under the agency that recorded it.

The scenario found: the police officer in the core group saw 0 events for a child on a plan, and the school's contact
was credited to "Children's social care". Here Ellie's school raises a concern in August; a strategy discussion
(the social worker, the police officer, the health visitor) starts a section 47 enquiry; the police send their report
to the initial conference, which starts a plan in September with the police officer and the health visitor in its
core group; a core group meets; the social worker visits on 21 November and 7 December and writes a significant case
note; the health visitor shares a missed appointment with the local authority only, and the police share an arrest
with every partner. The school took no part in the child protection work."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.case_record import services as case_record
from joinedup.case_record.models import NoteType
from joinedup.child_protection import services as cp
from joinedup.child_protection.codes import Agency as CpAgency
from joinedup.child_protection.codes import ConferenceKind, Section47Outcome, TeamMemberRole
from joinedup.child_protection.models import ChildProtectionPlan, Section47Enquiry
from joinedup.child_protection.tests.conftest import Journey
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.front_door.services.triage import contact_child_confirm
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.sharing import services as sharing
from joinedup.timescales.calendar import CALENDAR
from joinedup.visits import services as visits
from joinedup.visits.models import VisitKind

pytestmark = pytest.mark.django_db

STRATEGY_DAY = dt.date(2026, 9, 1)
VISIT_DAYS = (dt.date(2026, 11, 21), dt.date(2026, 12, 7))

# The events of the scenario, by kind (the start of each row's anchor, from its source key).
CONTACT = "front_door-contact"
CASE_NOTE = "case_record-note"
HEALTH_SHARED = "Missed 2-year review"  # shared events are told apart by their title
POLICE_SHARED = "Arrest of mum's partner"
CHILD_PROTECTION = Counter(
    {
        "child_protection-strategy_discussion": 1,
        "child_protection-section_47_outcome": 1,
        "child_protection-agency_report": 1,
        "child_protection-conference": 1,
        "child_protection-plan_started": 1,
        "child_protection-core_group": 1,
    }
)
VISIT = "visits-visit_child"  # a visit is the visits app's (one visit, recorded once), two in the scenario


class Journey3(Journey):
    """The child protection journey with the local authority, the police and health taking part (not the school)."""

    def participants(self, *, experienced_health: bool = True) -> list[cp.Participant]:
        w = self.world
        return [
            cp.Participant(CpAgency.LOCAL_AUTHORITY, w.social_worker),
            cp.Participant(CpAgency.POLICE, w.police_officer),
            cp.Participant(CpAgency.HEALTH, w.health_visitor, is_experienced_health_representative=True),
        ]

    def enquiry_outcome(self, enquiry: Section47Enquiry, on: dt.date, late_reason: str = "") -> Section47Enquiry:
        w = self.world
        return cp.section_47_record(
            actor=self.actor,
            enquiry=enquiry,
            details=cp.EnquiryDetails(
                voice=ChildVoice(words="I want to feel safe at home."),
                lead_practitioner=w.social_worker,
                members=[
                    (w.social_worker, TeamMemberRole.SOCIAL_WORKER),
                    (w.police_officer, TeamMemberRole.POLICE_OFFICER),
                    (w.health_visitor, TeamMemberRole.HEALTH_PROFESSIONAL),
                ],
                findings="Injuries consistent with the account given by the child.",
                outcome=Section47Outcome.INITIAL_CONFERENCE,
                concluded_on=on,
            ),
        )


@dataclass
class Scenario:
    world: World
    plan: ChildProtectionPlan


def _visit(actor: Any, child_id: int, day: dt.date) -> None:
    """A home visit at which the child was seen alone, recorded as every visit is (the visits app)."""
    visits.visit_record(
        actor=actor,
        details=visits.VisitDetails(visited_on=day, kind=VisitKind.HOME, late_reason="Visits arranged around school."),
        children=[visits.ChildAnswers(child_id=child_id, seen=True, seen_alone=True, childs_words="")],
    )


@pytest.fixture
def on_a_plan(world: World, today: dt.date, raise_concern: Any) -> Scenario:
    harm_taxonomy_sync()
    world.health_visitor.is_registered_health_professional = True
    world.health_visitor.save()
    child = world.allocated_child
    with time_machine.travel("2026-08-28 09:30:00+01:00", tick=False):
        contact = raise_concern()
        contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=child.pk)
    episode = CaseEpisodeFactory(
        child=child,
        started_on=dt.date(2026, 8, 28),
        referral_source=ReferralSource.SCHOOLS,
        tier=EpisodeTier.FAMILY_HELP,
    )
    journey = Journey3(world=world, child=child, episode=episode)
    strategy = journey.strategy(STRATEGY_DAY)
    journey.enquiry_outcome(strategy.enquiry, CALENDAR.add_working_days(STRATEGY_DAY, 2))
    conference_day = CALENDAR.add_working_days(STRATEGY_DAY, 14)
    conference = cp.conference_arrange(
        actor=journey.actor,
        child=child,
        details=cp.ArrangeDetails(
            kind=ConferenceKind.INITIAL,
            planned_for=conference_day,
            chair=world.iro,
            invitees=[world.police_officer, world.health_visitor],
            family_invited="Mother and father, by letter",
            enquiry=strategy.enquiry,
        ),
    )
    cp.agency_report_submit(
        actor=world.user("police_officer"),
        conference=conference,
        details=cp.AgencyReportDetails(involvement="Two call-outs this year.", concerns="Domestic abuse at home."),
    )
    plan = journey.hold(conference, conference_day).plan
    assert plan is not None
    # The independent reviewing officer who chaired it goes on to review the plan.
    InvolvementFactory(practitioner=world.iro, child=child, role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER)
    cp.core_group_record(
        actor=journey.actor,
        plan=plan,
        held_on=CALENDAR.add_working_days(conference_day, 8),
        attended="Social worker, police, health visitor, mother",
        progress="Mum has started the parenting course.",
        late_reason="The first date fell in half term.",
    )
    for day in VISIT_DAYS:
        _visit(journey.actor, child.pk, day)
    case_record.note_record(
        actor=journey.actor,
        child_ids=[child.pk],
        note_type=NoteType.MEETING,
        occurred_on=dt.date(2026, 12, 8),
        child_seen=False,
        child_seen_alone=False,
        what_happened="Confidential: mum told me about her own childhood.",
        is_significant=True,
    )
    sharing.shared_event_record(
        actor=world.user("health_visitor"),
        child=child,
        occurred_on=dt.date(2027, 1, 4),
        agency="health",
        event_type="health",
        title=HEALTH_SHARED,
        detail="Third missed appointment.",
    )
    sharing.shared_event_record(
        actor=world.user("police_officer"),
        child=child,
        occurred_on=dt.date(2027, 1, 6),
        agency="police",
        event_type="police_incident",
        title=POLICE_SHARED,
        detail="For every partner working with Ellie.",
        shared_with_partners=True,
    )
    return Scenario(world=world, plan=plan)


@dataclass(frozen=True)
class Row:
    kind: str
    agency: str
    organisation: str
    event: str


_ROW = re.compile(r'<tr class="govuk-table__row" id="([^"]+)">(.*?)</tr>', re.S)
_CELL = re.compile(r'<td class="govuk-table__cell" data-label="(\w+)">(.*?)</td>', re.S)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def _rows(client: Any, world: World) -> list[Row]:
    response = client.get(reverse("chronology:chronology", args=[world.allocated_child.pk]))
    assert response.status_code == 200
    rows = []
    for anchor, body in _ROW.findall(response.content.decode()):
        cells = dict(_CELL.findall(body))
        agency, _, organisation = cells["Agency"].partition("<br>")
        rows.append(Row(anchor.rsplit("-", 1)[0], _text(agency), _text(organisation), _text(cells["Event"])))
    return rows


def _kinds(rows: list[Row]) -> Counter[str]:
    return Counter(r.kind for r in rows if r.kind.startswith("child_protection-"))


def _one(rows: list[Row], kind: str) -> Row:
    found = [r for r in rows if r.kind == kind]
    assert len(found) == 1, (kind, rows)
    return found[0]


def _shared(rows: list[Row]) -> set[str]:
    return {
        title
        for r in rows
        if r.kind == "sharing-shared_event"
        for title in (HEALTH_SHARED, POLICE_SHARED)
        if title in r.event
    }


@pytest.mark.parametrize("who", ["social_worker", "team_manager", "front_door", "iro"])
def test_the_local_authority_sees_every_event_each_under_the_agency_that_recorded_it(
    on_a_plan: Scenario, client_for: Any, who: str
) -> None:
    rows = _rows(client_for(who), on_a_plan.world)
    assert _kinds(rows) == CHILD_PROTECTION
    assert _shared(rows) == {HEALTH_SHARED, POLICE_SHARED}
    assert _one(rows, CASE_NOTE).agency == "Children's social care"
    contact = _one(rows, CONTACT)
    assert (contact.agency, contact.organisation) == ("Education", "Brookside Primary School")
    report = _one(rows, "child_protection-agency_report")
    assert (report.agency, report.organisation) == ("Police", "County Police")
    assert "Report to the initial child protection conference from County Police" in report.event
    strategy = _one(rows, "child_protection-strategy_discussion")
    assert (strategy.agency, strategy.organisation) == ("Children's social care", "Test Borough Council")
    visits = [r for r in rows if r.kind == VISIT]
    assert len(visits) == 2 and all("seen alone" in r.event for r in visits)
    assert {(r.agency, r.organisation) for r in visits} == {("Children's social care", "Test Borough Council")}
    shared = {r.agency for r in rows if r.kind == "sharing-shared_event"}
    assert shared == {"Health", "Police"}


@pytest.mark.parametrize(
    ("who", "shared"),
    [("police_officer", {POLICE_SHARED}), ("health_visitor", {HEALTH_SHARED, POLICE_SHARED})],
)
def test_a_partner_in_the_core_group_sees_the_child_protection_work_and_what_was_shared_with_them(
    on_a_plan: Scenario, client_for: Any, who: str, shared: set[str]
) -> None:
    """The scenario found: the police officer in the core group saw 0 events."""
    rows = _rows(client_for(who), on_a_plan.world)
    assert _kinds(rows) == CHILD_PROTECTION  # the meetings, the plan's start, the core group
    assert _shared(rows) == shared
    kinds = {r.kind for r in rows}
    assert CONTACT not in kinds  # the school's contact is the school's and the front door's
    assert CASE_NOTE not in kinds  # the local authority's case notes are its own
    visits = [r for r in rows if r.kind == VISIT]
    assert len(visits) == 2 and all(r.event.endswith("The child was visited") for r in visits)  # day and agency
    report = _one(rows, "child_protection-agency_report")
    assert (report.agency, report.organisation) == ("Police", "County Police")
    assert len(rows) == sum(CHILD_PROTECTION.values()) + len(visits) + len(shared)


def test_the_school_that_raised_the_contact_sees_it_under_its_own_name_and_what_was_shared_with_it(
    on_a_plan: Scenario, client_for: Any
) -> None:
    rows = _rows(client_for("school_dsl"), on_a_plan.world)
    assert [r.kind for r in rows] == [CONTACT, "sharing-shared_event"]
    contact = rows[0]
    assert (contact.agency, contact.organisation) == ("Education", "Brookside Primary School")
    assert "Contact from Brookside Primary School" in contact.event
    assert _shared(rows) == {POLICE_SHARED}  # shared with every partner; not the health visitor's own


@pytest.mark.parametrize("who", ["other_health_visitor", "other_school_dsl"])
def test_a_partner_not_involved_sees_nothing(on_a_plan: Scenario, client_for: Any, who: str) -> None:
    url = reverse("chronology:chronology", args=[on_a_plan.world.allocated_child.pk])
    assert client_for(who).get(url).status_code == 404


def test_a_partner_who_sees_the_child_for_other_work_sees_none_of_the_child_protection_work(
    on_a_plan: Scenario, client_for: Any
) -> None:
    """A GP involved with the child for their own work, taking no part in the child protection work: they see the
    child, but of the chronology only what was shared with every partner."""
    from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory
    from joinedup.agencies.models import OrganisationType
    from joinedup.agencies.roles import Role

    world = on_a_plan.world
    practice = OrganisationFactory(name="Riverside Surgery", organisation_type=OrganisationType.GP_PRACTICE)
    world.other_health_visitor = PractitionerFactory(user__username="gp", role=Role.GP, organisation=practice)
    InvolvementFactory(practitioner=world.other_health_visitor, child=world.allocated_child, role=InvolvementRole.GP)
    rows = _rows(client_for("other_health_visitor"), world)
    assert [r.kind for r in rows] == ["sharing-shared_event"]
    assert _shared(rows) == {POLICE_SHARED}


def test_when_the_partners_part_in_the_work_ends_they_no_longer_see_it(on_a_plan: Scenario, client_for: Any) -> None:
    """Least privilege: the police officer's involvement ends with their part in the work (the plan ended)."""
    from joinedup.access.models import Involvement, InvolvementWork

    world = on_a_plan.world
    Involvement.objects.filter(practitioner=world.police_officer, work=InvolvementWork.CHILD_PROTECTION).update(
        ended_on=dt.date(2027, 1, 12)
    )
    InvolvementFactory(
        practitioner=world.police_officer, child=world.allocated_child, role=InvolvementRole.OTHER_PROFESSIONAL
    )
    rows = _rows(client_for("police_officer"), world)
    assert _kinds(rows) == Counter()
    assert _shared(rows) == {POLICE_SHARED}


def test_a_challenge_is_the_agencys_that_raised_it_and_seen_by_that_organisation(
    on_a_plan: Scenario, client_for: Any
) -> None:
    world = on_a_plan.world
    sharing.challenge_raise(
        actor=world.user("school_dsl"),
        child=world.allocated_child,
        decision="The decision not to invite the school to the core group",
        disagreement="We see Ellie every day.",
    )
    kind = "sharing-challenge"
    for who in ("social_worker", "school_dsl"):
        challenge = _one(_rows(client_for(who), world), kind)
        assert (challenge.agency, challenge.organisation) == ("Education", "Brookside Primary School")
    assert kind not in {r.kind for r in _rows(client_for("police_officer"), world)}  # another organisation's


def test_the_api_gives_a_partner_in_the_core_group_the_same_events_with_who_recorded_them(
    on_a_plan: Scenario, client_for: Any
) -> None:
    world = on_a_plan.world
    url = reverse("api:child_chronology", args=[world.allocated_child.pk])
    results = client_for("police_officer").get(url, {"page_size": 100}).json()["results"]
    kinds = Counter(r["id"].split(":")[0].replace(".", "-") for r in results)
    assert +Counter({k: v for k, v in kinds.items() if k.startswith("child_protection-")}) == CHILD_PROTECTION
    report = next(r for r in results if r["id"].startswith("child_protection.agency_report:"))
    assert (report["agency"], report["organisation"]) == ("police", "County Police")
    contact = next(
        r for r in client_for("social_worker").get(url).json()["results"] if r["id"].startswith("front_door.contact:")
    )
    assert (contact["agency"], contact["organisation"]) == ("education", "Brookside Primary School")


def test_a_partners_page_reads_a_fixed_number_of_queries_however_many_events(
    on_a_plan: Scenario, client_for: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = on_a_plan.world
    client = client_for("police_officer")
    url = reverse("chronology:chronology", args=[world.allocated_child.pk])

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    page_queries()  # the session and the practitioner, first read
    before = page_queries()
    for n in range(20):
        sharing.shared_event_record(
            actor=world.user("police_officer"),
            child=world.allocated_child,
            occurred_on=dt.date(2026, 10, 1) + dt.timedelta(days=n),
            agency="police",
            event_type="police_incident",
            title=f"Call-out {n}",
            detail="Neighbours called.",
        )
    for n in range(5):
        _visit(world.user("social_worker"), on_a_plan.plan.child_id, dt.date(2026, 12, 10) + dt.timedelta(days=n))
    assert page_queries() == before == QUERIES_FOR_A_PARTNERS_CHRONOLOGY


# The page's own (test_chronology.QUERIES_FOR_THE_CHRONOLOGY, less the analysis column a partner is not shown: 15),
# the one query asking which sources have anything for the child, the two that say which parts of the child's record
# the partner takes part in (their involvements with the child, and whether child protection gave them one:
# access/policy.partner_reader), and one for each source read: the seven of child protection, the shared events and
# the contacts (which the police officer did not raise: none is shown, but the source is asked).
QUERIES_FOR_A_PARTNERS_CHRONOLOGY = 15 + 1 + 2 + 9
