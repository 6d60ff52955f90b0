"""The small authority the generated access test (test_every_page.py) walks every page in.

One login for each demo login of the synthetic authority and one for every other role; two sides, each with a child
of every kind the pages need (Family Help, child protection, in care, a care leaver, unborn) and a record of every
kind for it, made through the services (records with no rules worth running, such as a stored document or a return
run, are written directly). Every login may see side A's children (by team, involvement or school); no login may see
side B's, but the front door, which sees the whole authority: for its logins side B's children are restricted
records, held by no grant. Each child's family name is its own, so a page that shows a child can be told by it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from joinedup.access import services as access_services
from joinedup.access.factories import InvolvementFactory, partner_system_token
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.accounts.models import PartnerSystemToken
from joinedup.agencies.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
from joinedup.agencies.roles import Role
from joinedup.assessments import services as assessments
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.case_record import services as case_record
from joinedup.case_record.models import CaseNoteDraft, Document, SupervisionAction
from joinedup.child_protection import services as child_protection
from joinedup.child_protection.codes import ConferenceKind
from joinedup.child_protection.models import StrategyAction
from joinedup.child_protection.tests.conftest import Journey
from joinedup.children_in_care import services as care
from joinedup.children_in_care.models import AdoptionDecision
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.family_help import services as family_help
from joinedup.family_help.codes import NetworkEngagement
from joinedup.family_help.tests.builders import agreed_plan
from joinedup.front_door import services as front_door
from joinedup.front_door.codes import AlertKind, Consent, ContactChannel, FamilyAwareness, Urgency
from joinedup.front_door.models import DutyAlert
from joinedup.harms.models import RiskIndicatorEscalation
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.learning import services as learning
from joinedup.learning.models import AbuseOrNeglect, IncidentOutcome, IncidentSetting
from joinedup.people.codes import RelationshipType
from joinedup.people.factories import ChildFactory, PersonFactory, RelationshipFactory
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.models import PracticePrompt
from joinedup.prompts.targeting import prompts_for_child
from joinedup.returns.models import ReturnRun, ReturnRunChild
from joinedup.sharing import services as sharing
from joinedup.visits import services as visits

UK = ZoneInfo("Europe/London")
# "Today" for the whole walk: the Family Help builders' dates (family_help/tests/builders.py) are behind it.
TODAY = date(2027, 3, 15)
NOW = datetime.combine(TODAY, time(10, 0), tzinfo=UK)

# The family name of each child, on each side: what a page that shows the child shows.
CHILD_KINDS = ("fh_child", "cp_child", "care_child", "leaver_child", "unborn_child")
FAMILY_NAMES = {
    "A": {
        "fh_child": "Thistlewood",
        "cp_child": "Ambergate",
        "care_child": "Wrenfield",
        "leaver_child": "Larkspur",
        "unborn_child": "Pennyroyal",
    },
    "B": {
        "fh_child": "Blackthorn",
        "cp_child": "Crowhurst",
        "care_child": "Nightshade",
        "leaver_child": "Ravensmoor",
        "unborn_child": "Hemlockley",
    },
}
GIVEN_NAMES = {"fh_child": "Ellie", "cp_child": "Jayden", "care_child": "Amelia", "leaver_child": "Tyler"}
BIRTHS = {
    "fh_child": date(2016, 3, 27),
    "cp_child": date(2018, 7, 2),
    "care_child": date(2022, 5, 9),
    "leaver_child": date(2010, 1, 10),
}

# Every login: the demo logins of the synthetic authority (ARCHITECTURE.md) and one practitioner for every other role.
# (name, role, how they come to see side A's children: "team" by team A's allocation, "school" as the school's DSL,
# an InvolvementRole for an involvement with each, "front_door" the whole authority, "" none.)
LOGINS: tuple[tuple[str, Role, str], ...] = (
    ("social.worker", Role.SOCIAL_WORKER, "team"),
    ("team.manager", Role.TEAM_MANAGER, "team"),
    ("front.door", Role.FRONT_DOOR_PRACTITIONER, "front_door"),
    ("front.door.manager", Role.TEAM_MANAGER, "front_door"),
    ("school.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, "school"),
    ("health.visitor", Role.HEALTH_VISITOR, InvolvementRole.HEALTH_VISITOR),
    ("police.officer", Role.POLICE_OFFICER, InvolvementRole.POLICE_CONTACT),
    ("iro", Role.INDEPENDENT_REVIEWING_OFFICER, InvolvementRole.INDEPENDENT_REVIEWING_OFFICER),
    ("analyst", Role.ANALYST, ""),
    ("partnership.lead", Role.PARTNERSHIP_LEAD, ""),
    ("admin", Role.ADMINISTRATOR, ""),
    ("family.help.lead", Role.FAMILY_HELP_LEAD_PRACTITIONER, "team"),
    ("personal.adviser", Role.PERSONAL_ADVISER, InvolvementRole.PERSONAL_ADVISER),
    ("gp", Role.GP, InvolvementRole.GP),
    ("midwife", Role.MIDWIFE, InvolvementRole.MIDWIFE),
    ("early.years", Role.EARLY_YEARS_PRACTITIONER, InvolvementRole.OTHER_PROFESSIONAL),
    ("youth.worker", Role.YOUTH_WORKER, InvolvementRole.LEAD_PRACTITIONER),
    ("lac.nurse", Role.LOOKED_AFTER_CHILDREN_NURSE, InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE),
    ("designated.teacher", Role.DESIGNATED_TEACHER, InvolvementRole.DESIGNATED_TEACHER),
    ("foster.carer", Role.FOSTER_CARER, InvolvementRole.FOSTER_CARER),
    ("residential.care.worker", Role.RESIDENTIAL_CARE_WORKER, InvolvementRole.RESIDENTIAL_KEY_WORKER),
)
WHOLE_AUTHORITY_LOGINS = frozenset(name for name, _role, how in LOGINS if how == "front_door")

# Which of the side's children each kind of record belongs to.
RECORD_CHILD: dict[str, str] = {
    **dict.fromkeys(
        ("contact", "information_request", "alert", "escalation", "referral", "assessment", "family_help_case",
         "plan_action", "network_member", "fgdm", "case_note", "visit", "draft", "document", "supervision_record",
         "supervision_action", "challenge", "serious_incident", "rapid_review_contribution", "recommendation",
         "learning_action", "network_person", "relationship"),
        "fh_child",
    ),
    **dict.fromkeys(
        ("enquiry", "conference", "review_conference", "cp_plan", "pre_proceedings", "strategy_discussion",
         "strategy_action", "cp_plan_action"),
        "cp_child",
    ),
    **dict.fromkeys(("missing_episode", "adoption_decision", "dol_order"), "care_child"),
}  # fmt: skip


@dataclass
class Side:
    """One side's cast and records, shaped like core/tests/personas.World where the shared builders read it."""

    name: str
    local_authority: Organisation
    front_door_team: Team
    school: Organisation
    team: Team
    social_worker: Practitioner
    team_manager: Practitioner
    iro: Practitioner
    police_officer: Practitioner
    health_visitor: Practitioner
    school_dsl: Practitioner
    front_door: Practitioner
    alert_recipient: Practitioner
    colleague: Practitioner
    children: dict[str, Person] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)

    @property
    def allocated_child(self) -> Person:
        return self.children["fh_child"]

    def user(self, name: str) -> Any:
        return getattr(self, name).user


@dataclass
class EveryPageWorld:
    logins: dict[str, Any]  # name -> user
    sides: dict[str, Side]
    neutral_child: Person
    practice_prompt: PracticePrompt
    document_root: Path
    partner_token: PartnerSystemToken  # a school's system's API token, for the administrator's pages about it

    def markers(self) -> dict[tuple[str, str], tuple[str, int]]:
        """(side, child kind) -> (the family name that shows the child, the child's id)."""
        return {
            (side, kind): (FAMILY_NAMES[side][kind], child.pk)
            for side, s in self.sides.items()
            for kind, child in s.children.items()
        }


def _practitioner(username: str, role: Role, org: Organisation, team: Team | None, given: str, family: str,
                  **kw: Any) -> Practitioner:  # fmt: skip
    return PractitionerFactory(  # type: ignore[no-any-return]
        user__username=username, role=role, organisation=org, team=team, given_name=given, family_name=family, **kw
    )


def build(document_root: Path) -> EveryPageWorld:
    harm_taxonomy_sync()
    la = OrganisationFactory.create(name="Test Borough Council", organisation_type=OrganisationType.LOCAL_AUTHORITY)
    schools = {
        side: OrganisationFactory.create(name=f"{name} School", organisation_type=OrganisationType.SCHOOL, urn=urn)
        for side, name, urn in (("A", "Brookside Primary", "123456"), ("B", "Oakdene Academy", "654321"))
    }
    health = OrganisationFactory.create(name="Health Visiting", organisation_type=OrganisationType.HEALTH_VISITING)
    police = OrganisationFactory.create(name="County Police", organisation_type=OrganisationType.POLICE)
    fd_team = TeamFactory.create(name="Front Door", organisation=la, team_type=TeamType.FRONT_DOOR)
    teams = {
        side: TeamFactory.create(name=f"Child Protection {side}", organisation=la, team_type=TeamType.CHILD_PROTECTION)
        for side in ("A", "B")
    }
    irt = TeamFactory.create(name="Independent Reviewing", organisation=la, team_type=TeamType.INDEPENDENT_REVIEWING)
    irt_b = TeamFactory.create(name="Reviewing B", organisation=la, team_type=TeamType.INDEPENDENT_REVIEWING)

    # The logins. The front door's manager is the demo login front.door.manager (assessments.testing looks for the
    # front door team's manager as "mash.manager": the same person).
    logins: dict[str, Practitioner] = {}
    for name, role, how in LOGINS:
        team: Team | None = None
        org = la
        if how == "team":
            team = teams["A"]
        elif how == "front_door":
            team = fd_team
        elif role == Role.INDEPENDENT_REVIEWING_OFFICER:
            team = irt
        if how == "school":
            org = schools["A"]
        elif role in (Role.HEALTH_VISITOR, Role.GP, Role.MIDWIFE, Role.LOOKED_AFTER_CHILDREN_NURSE):
            org = health
        elif role == Role.POLICE_OFFICER:
            org = police
        elif role in (Role.DESIGNATED_TEACHER,):
            org = schools["A"]
        username = "mash.manager" if name == "front.door.manager" else name
        logins[name] = _practitioner(
            username, role, org, team, "Sam", f"Login{len(logins)}",
            is_designated_safeguarding_lead=how == "school", is_registered_health_professional=org == health,
        )  # fmt: skip
    teams["A"].manager = logins["team.manager"]
    teams["A"].save()
    fd_team.manager = logins["front.door.manager"]
    fd_team.save()

    def other(username: str, role: Role, org: Organisation, team: Team | None = None, **kw: Any) -> Practitioner:
        return _practitioner(username, role, org, team, "Alex", f"Other{username.replace('.', '')}", **kw)

    other_manager = other("b.manager", Role.TEAM_MANAGER, la, teams["B"])
    teams["B"].manager = other_manager
    teams["B"].save()
    sides = {
        "A": Side(
            name="A", local_authority=la, front_door_team=fd_team, school=schools["A"], team=teams["A"],
            social_worker=logins["social.worker"], team_manager=logins["team.manager"],
            iro=other("a.chair", Role.INDEPENDENT_REVIEWING_OFFICER, la, irt),
            police_officer=logins["police.officer"], health_visitor=logins["health.visitor"],
            school_dsl=logins["school.dsl"], front_door=logins["front.door"], alert_recipient=logins["front.door"],
            colleague=other("a.colleague", Role.SOCIAL_WORKER, la, teams["A"]),
        ),
        "B": Side(
            name="B", local_authority=la, front_door_team=fd_team, school=schools["B"], team=teams["B"],
            social_worker=other("b.worker", Role.SOCIAL_WORKER, la, teams["B"]), team_manager=other_manager,
            iro=other("b.iro", Role.INDEPENDENT_REVIEWING_OFFICER, la, irt_b),
            police_officer=other("b.police", Role.POLICE_OFFICER, police),
            health_visitor=other("b.hv", Role.HEALTH_VISITOR, health, is_registered_health_professional=True),
            school_dsl=other("b.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, schools["B"],
                             is_designated_safeguarding_lead=True),
            front_door=logins["front.door"],
            alert_recipient=other("b.front.door", Role.FRONT_DOOR_PRACTITIONER, la, fd_team),
            colleague=other("b.colleague", Role.SOCIAL_WORKER, la, teams["B"]),
        ),
    }  # fmt: skip
    for side in sides.values():
        _children(side)
    _logins_see_side_a(sides["A"], logins)
    for side in sides.values():
        _records(side)
    neutral = ChildFactory(given_name="Noor", family_name="Neutralia", profile__school=None)
    _break_glass(sides, neutral)
    _return_runs(sides)
    _documents(sides, logins, document_root)
    prompt = PracticePrompt.objects.order_by("id").first()
    assert prompt is not None, "the practice prompts come with their migration"
    return EveryPageWorld(
        logins={name: p.user for name, p in logins.items()},
        sides=sides,
        neutral_child=neutral,
        practice_prompt=prompt,
        document_root=document_root,
        partner_token=partner_system_token(organisation=schools["A"], name="Brookside MIS")[0],
    )


def _allocate(side: Side, child: Person) -> None:
    InvolvementFactory.create(
        practitioner=side.social_worker, child=child, team=side.team,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, started_on=TODAY - timedelta(days=900),
    )  # fmt: skip


def _children(side: Side) -> None:
    names = FAMILY_NAMES[side.name]
    for kind in ("fh_child", "cp_child", "care_child", "leaver_child"):
        side.children[kind] = ChildFactory(
            given_name=GIVEN_NAMES[kind], family_name=names[kind], date_of_birth=BIRTHS[kind],
            profile__school=side.school,
        )  # fmt: skip
    mother = PersonFactory(given_name="Grace", family_name=names["unborn_child"])
    side.children["unborn_child"] = ChildFactory(
        given_name="", family_name=names["unborn_child"], date_of_birth=None, profile__is_unborn=True,
        profile__expected_date_of_delivery=TODAY + timedelta(weeks=12), profile__pregnant_person=mother,
        profile__school=side.school,
    )  # fmt: skip
    for child in side.children.values():
        _allocate(side, child)


def _logins_see_side_a(side: Side, logins: dict[str, Practitioner]) -> None:
    """Each login with an involvement role holds one with every child of side A (the team's and the school's see
    them already; the front door sees everyone)."""
    rows = []
    for name, _role, how in LOGINS:
        if how in ("team", "school", "front_door", ""):
            continue
        for child in side.children.values():
            rows.append(
                Involvement(practitioner=logins[name], child=child, role=how, started_on=TODAY - timedelta(days=800))
            )
    Involvement.objects.bulk_create(rows)


def _records(side: Side) -> None:
    r = side.records
    _family_help(side)
    _front_door(side)
    _child_protection(side)
    _care(side)
    _leaving_care(side)
    _case_record(side)
    _learning(side)
    _family(side)
    r["worker"] = side.social_worker


def _family(side: Side) -> None:
    """The Family Help child's mother, with parental responsibility (issue 20: changing an adult's details in the
    child's network, their moving out, the relationship's end). Her family name is no child's marker."""
    child = side.children["fh_child"]
    mother = PersonFactory(given_name="Morgan", family_name=f"Hartley{side.name}", date_of_birth=date(1988, 5, 1))
    side.records["network_person"] = mother
    side.records["relationship"] = RelationshipFactory(
        from_person=mother, to_person=child, relationship_type=RelationshipType.MOTHER, has_parental_responsibility=True
    )


def _learning(side: Side) -> None:
    """A serious incident on the Family Help child, recorded by the side's team manager (issue 22): its rapid review
    asks the side's health visitor for a contribution; a recommendation, and an action the side's police officer
    owns."""
    manager = side.user("team_manager")
    aware = TODAY - timedelta(days=20)
    incident = learning.serious_incident_record(
        actor=manager, child=side.children["fh_child"], incident_on=aware, became_aware_on=aware,
        what_happened="Admitted to hospital with an unexplained injury", outcome=IncidentOutcome.SERIOUSLY_HARMED,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED, setting=IncidentSetting.OTHER,
        agencies_involved=[side.health_visitor.organisation],
    )  # fmt: skip
    review = learning.rapid_review_start(
        actor=manager, incident=incident, chronology_from=aware - timedelta(days=365), chronology_to=aware,
        contributors=[side.health_visitor],
    )  # fmt: skip
    recommendation = learning.recommendation_add(actor=manager, incident=incident, recommendation="Refer bruising")
    r = side.records
    r["serious_incident"] = incident
    r["rapid_review_contribution"] = review.contributions.get()
    r["recommendation"] = recommendation
    r["learning_action"] = learning.learning_action_add(
        actor=manager, recommendation=recommendation, action="Brief the team", owner=side.police_officer,
        due_on=TODAY + timedelta(days=30),
    )  # fmt: skip


def _family_help(side: Side) -> None:
    """A referral through the front door, the single assessment authorised, Family Help open with a plan, a network
    member and family group decision making offered (the Family Help builders' dates)."""
    child = side.children["fh_child"]
    r = side.records
    referral = referral_made(side, child=child, on=date(2027, 1, 4))
    r["referral"] = referral
    worker, manager = side.user("social_worker"), side.user("team_manager")
    assessment = assessments.single_assessment_start(
        actor=worker, referral=referral, started_on=date(2027, 1, 6), worker=side.social_worker
    )
    assessments.single_assessment_record(
        actor=worker, assessment=assessment, details=complete_details(), factor_codes=["16A"], harm_codes=["neglect"]
    )
    assessments.assessment_prompts_answer(
        actor=worker,
        assessment=assessment,
        answers={p.pk: "Considered." for p in prompts_for_child(child=child, moment=PromptMoment.ASSESSMENT)},
    )
    assessments.single_assessment_authorise(actor=manager, assessment=assessment, authorised_on=date(2027, 2, 1))
    assessment.refresh_from_db()
    r["assessment"] = assessment
    case = family_help.family_help_open(
        actor=worker, episode=assessment.case_episode, lead_practitioner=side.school_dsl, opened_on=date(2027, 2, 2),
        assessment=assessment,
    )  # fmt: skip
    r["family_help_case"] = case
    plan = agreed_plan(side, case)
    r["plan_action"] = plan.goals.first().actions.first()
    r["network_member"] = family_help.family_network_member_add(
        actor=worker, case=case, name="Auntie Jo", relationship_to_family="Mother's sister",
        engagement=NetworkEngagement.values[0],
    )  # fmt: skip
    r["fgdm"] = family_help.fgdm_offer(actor=worker, episode=case.case_episode, offered_on=date(2027, 2, 10))
    r["escalation"] = RiskIndicatorEscalation.objects.create(
        child=child, triggered_on=date(2027, 3, 1), indicator_count=3, window_days=90, source_key="test:1"
    )


def _front_door(side: Side) -> None:
    """A concern the side's school raises about its Family Help child, confirmed by the front door and not yet
    decided, with a request to the school for what it knows and an alert to a front door practitioner."""
    child = side.children["fh_child"]
    received = front_door.contact_receive(
        actor=side.user("school_dsl"),
        channel=ContactChannel.PARTNER_PORTAL,
        child=front_door.ChildAsDescribed(
            given_name=child.given_name, family_name=child.family_name, date_of_birth=child.date_of_birth,
            school_id=side.school.pk,
        ),
        concern=front_door.ConcernDetails(
            what_happened="Arrived with bruising to both arms.", family_aware=FamilyAwareness.NOT_AWARE,
            consent=Consent.NOT_SOUGHT, consent_reason="Telling the family could put the child at risk.",
            urgency=Urgency.URGENT, immediate_danger=False, harm_codes=["physical_abuse"],
        ),
        received_at=NOW - timedelta(days=2),
    )  # fmt: skip
    contact = received.contact
    front_door.contact_child_confirm(actor=side.user("front_door"), contact=contact, child_id=child.pk)
    contact.refresh_from_db()
    side.records["contact"] = contact
    side.records["information_request"] = front_door.information_request_create(
        actor=side.user("front_door"), contact=contact, to_organisation_id=side.school.pk,
        question="What do you know about the family?", is_urgent=False,
    )  # fmt: skip
    side.records["alert"] = DutyAlert.objects.create(
        recipient=side.alert_recipient, kind=AlertKind.values[0], contact=contact, created_at=NOW
    )


def _child_protection(side: Side) -> None:
    """Strategy discussion, section 47 enquiry, initial conference and plan (the child protection Journey, with the
    side's own partners), a review conference arranged, and pre-proceedings."""
    child = side.children["cp_child"]
    episode = CaseEpisodeFactory.create(
        child=child, started_on=TODAY - timedelta(days=400), referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )  # fmt: skip
    journey = Journey(world=side, child=child, episode=episode)  # type: ignore[arg-type]
    start = TODAY - timedelta(days=220)
    while start.weekday() >= 5:
        start -= timedelta(days=1)
    plan = journey.to_plan(start)
    r = side.records
    r["cp_plan"] = plan
    r["conference"] = plan.starting_conference
    r["enquiry"] = plan.starting_conference.enquiry
    r["review_conference"] = journey.arrange(ConferenceKind.REVIEW, TODAY + timedelta(days=10), plan=plan)
    # A partner's part (issue 19): the strategy discussion they contribute to, its action and the plan's.
    r["strategy_discussion"] = plan.starting_conference.enquiry.strategy_discussion
    r["strategy_action"] = StrategyAction.objects.create(
        discussion=r["strategy_discussion"], action="Share the call-out log", owner=side.police_officer, due_on=TODAY
    )
    r["cp_plan_action"] = child_protection.plan_action_add(
        actor=side.user("social_worker"), plan=plan, action="Weigh the baby", due_on=TODAY, owner=side.health_visitor
    )
    r["pre_proceedings"] = child_protection.pre_proceedings_start(
        actor=side.user("social_worker"), child=child, started_on=TODAY - timedelta(days=20),
        letter_before_proceedings_on=TODAY - timedelta(days=20), family_group_decision_making_offered=True,
    )  # fmt: skip


def _look_after(side: Side, child: Person, started_on: date) -> None:
    worker = side.user("social_worker")
    care.looked_after_start(
        actor=worker,
        child=child,
        details=care.LookedAfterStart(
            started_on=started_on, legal_status="C2", category_of_need="N1",
            placement=care.PlacementDetails(
                placement_type="U6", provider="PR1", carer_given_name="Margaret", carer_family_name="Holloway",
                postcode="LS6 2AB", is_in_authority=True,
            ),
            care_plan_due_on=started_on, independent_reviewing_officer_id=side.iro.pk,
        ),
    )  # fmt: skip
    care.care_plan_record(
        actor=worker,
        child=child,
        details=care.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=started_on,
            arrangements="Fostering",
        ),
    )


def _care(side: Side) -> None:
    """Looked after for a year: missing once (back, with an interview), placed for adoption with a match, and a
    deprivation of liberty order."""
    child = side.children["care_child"]
    worker = side.user("social_worker")
    _look_after(side, child, date(2026, 3, 2))
    went = datetime(2026, 11, 20, 22, 0, tzinfo=UK)
    episode = care.missing_episode_start(actor=worker, child=child, kind="M", started_at=went)
    care.missing_episode_end(actor=worker, episode=episode, ended_at=went + timedelta(hours=11))
    side.records["missing_episode"] = episode
    decision = care.adoption_decision_record(actor=worker, child=child, decided_on=date(2026, 12, 1))
    care.adopter_match_record(
        actor=worker, decision=decision, matched_on=date(2027, 1, 5), adopters_are_foster_carers=False,
        number_of_adopters=2, adopters_sex="MF", adopters_legal_status="L11",
    )  # fmt: skip
    side.records["adoption_decision"] = AdoptionDecision.objects.get(pk=decision.pk)
    side.records["dol_order"] = care.deprivation_of_liberty_order_record(
        actor=worker, child=child, started_on=date(2027, 2, 1)
    )


def _leaving_care(side: Side) -> None:
    """Looked after since 14: an eligible child since 16."""
    from joinedup.care_leavers import services as care_leavers

    child = side.children["leaver_child"]
    _look_after(side, child, date(2024, 3, 4))
    care_leavers.eligible_child_record(
        actor=side.user("social_worker"), child=child, became_eligible_on=date(2026, 2, 1)
    )


def _case_record(side: Side) -> None:
    """A case note, a draft, supervision awaiting the manager's sign-off with an action, and a professional
    challenge the side's school raises."""
    child = side.children["fh_child"]
    worker = side.user("social_worker")
    r = side.records
    r["case_note"] = case_record.note_record(
        actor=worker, child_ids=[child.pk], note_type="visit", occurred_on=TODAY - timedelta(days=3),
        child_seen=True, child_seen_alone=True, what_happened="Home visit.",
    )  # fmt: skip
    r["visit"] = visits.visit_record(
        actor=worker,
        details=visits.VisitDetails(
            visited_on=TODAY - timedelta(days=3),
            kind="home",
            account="Home visit.",
            # The child's Family Help visit clock (issue 18) ran from the day Family Help opened in this world.
            late_reason="The family were away",
        ),
        children=[visits.ChildAnswers(child.pk, seen=True, seen_alone=True, childs_words="Fine")],
    )
    r["draft"] = case_record.note_draft_save(actor=worker, child=child, data={"what_happened": "Half a note"})
    assert isinstance(r["draft"], CaseNoteDraft)
    record = case_record.supervision_record(
        actor=side.user("colleague"), child=child, held_on=TODAY - timedelta(days=5),
        worker_id=side.social_worker.pk, discussion="Risk at home", decisions="Stay on the plan",
        actions=[("Visit dad", TODAY + timedelta(days=5))],
    )  # fmt: skip
    r["supervision_record"] = record
    r["supervision_action"] = SupervisionAction.objects.get(record=record)
    r["challenge"] = sharing.challenge_raise(
        actor=side.user("school_dsl"), child=child, decision="Closing the case", disagreement="Risk remains"
    )


def _break_glass(sides: dict[str, Side], neutral: Person) -> None:
    """A colleague on each side opened a record in an emergency (a child neither side's logins see): the access
    their manager reviews."""
    for side in sides.values():
        side.records["break_glass"] = access_services.break_glass_start(
            actor=side.user("colleague"), child_id=neutral.pk, reason="Police called about the child tonight."
        )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Header.csv", "CHILD\n")
    return buffer.getvalue()


def _return_runs(sides: dict[str, Side]) -> None:
    """A run carrying side A's child in care only, and one carrying both sides' (which no login sees whole)."""
    for side, carried in (("A", [sides["A"]]), ("B", [sides["A"], sides["B"]])):
        run = ReturnRun.objects.create(kind="ssda903", year=2026, children=len(carried), content=_zip())
        ReturnRunChild.objects.bulk_create([ReturnRunChild(run=run, child=s.children["care_child"]) for s in carried])
        sides[side].records["return_run"] = run


def _documents(sides: dict[str, Side], logins: dict[str, Practitioner], root: Path) -> None:
    """A stored document on each side's Family Help child (the scanner is not what is tested here)."""
    for side in sides.values():
        content = b"%PDF-1.4 synthetic"
        name = hashlib.sha256(side.name.encode()).hexdigest()[:32]
        path = root / name[:2] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        side.records["document"] = Document.objects.create(
            child=side.children["fh_child"], title="School report", document_type="report",
            original_name="report.pdf", content_type="application/pdf", size=len(content),
            sha256=hashlib.sha256(content).hexdigest(), storage_name=name, uploaded_by=side.user("social_worker"),
            uploaded_by_name=side.social_worker.full_name, scanned_with="not scanned (test)",
        )  # fmt: skip
