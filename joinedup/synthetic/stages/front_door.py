"""The synthetic authority's front door (M38): two years of contacts (a full year of every contact, and the year
before it, the contacts that became referrals, so re-referrals and repeat contacts have a history), with realistic
sources and conversion to referrals and re-referrals (synthetic/data/contacts.json, from RETURNS.md's national
figures), decisions signed off, the referrer told, episodes of need, early indicators, and today's queue: some
overdue, some waiting for information or sign-off, a child in immediate danger. The demo school DSL has their own
concerns and outcomes; the demo health visitor a request to answer; the front door's manager a login.

Written in bulk, without services or audit events, like the rest of the generator (ADR 0006); due dates come from
the timescales engine with the authority's local figures, as the services' do.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.episodes.codes import ClosureReason, EpisodeTier, ReferralSource, tier_rank
from joinedup.episodes.models import CaseEpisode, EpisodeTransition
from joinedup.episodes.services import bulk_history_rows
from joinedup.front_door.codes import (
    REFERRAL_OUTCOMES,
    TIER_FOR_OUTCOME,
    AlertKind,
    ChildMatch,
    Consent,
    ContactChannel,
    ContactKind,
    ContactStatus,
    DecisionOutcome,
    FamilyAwareness,
    FeedbackMethod,
    SignOff,
    Urgency,
)
from joinedup.front_door.models import (
    Contact,
    ContactDecision,
    ContactHarm,
    ContactIndicator,
    ContactMatchSuggestion,
    ContactNote,
    DecisionHarm,
    DutyAlert,
    InformationRequest,
    Referral,
    ReferrerFeedback,
)
from joinedup.front_door.services.contacts import REFERENCE_ALPHABET
from joinedup.harms.models import ChildRiskIndicator, HarmType, RiskIndicatorEscalation, RiskIndicatorType
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.harms.taxonomy import TAXONOMY
from joinedup.people.matching import LIKELY_MATCH_THRESHOLD, MatchQuery
from joinedup.people.models import Person
from joinedup.people.selectors import person_match_candidates
from joinedup.synthetic.voice import synthetic_child_voice
from joinedup.timescales import engine
from joinedup.timescales.calendar import CALENDAR
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build

DATA = json.loads((Path(__file__).parent.parent / "data" / "contacts.json").read_text(encoding="utf-8"))
UK = ZoneInfo("Europe/London")
BATCH = 2000
FRONT_DOOR_MANAGER_LOGIN = "front.door.manager"
REPEATED_INDICATORS = ("missing_from_home", "unexplained_gifts_or_possessions", "drawn_into_crime")
# Where a contact that no practitioner of ours raised comes from (the generator's organisations by key).
SOURCE_ORGANISATION = {
    "3C": "health_visiting",
    "3D": "midwifery",
    "3E": "hospital",
    "3F": "hospital",
    "5A": "adult_services",
    "5B": "youth_justice",
    "8": "voluntary",
}

WHAT_HAPPENED = {
    "6": [
        "Police attended a domestic incident at the home overnight; the children were present.",
        "Officers found the child out late at night with older young people not known to the family.",
        "A neighbour called police about shouting and a child crying for several hours.",
    ],
    "2A": [
        "The child arrived at school with a bruise to the cheek and said they fell.",
        "Attendance has dropped sharply this term and the child has lost weight.",
        "The child told a teaching assistant that they are scared to go home.",
    ],
    "3": [
        "Missed developmental checks and the home was cold and dirty at the last visit.",
        "Presented at A&E with an injury not consistent with the explanation given.",
        "Mother disclosed low mood and that her partner controls the family's money.",
    ],
    "1": [
        "I often hear the children left alone in the evenings and crying.",
        "My grandchild says their mum's boyfriend shouts at them and hits them.",
        "The young person told me they are staying with adults they met online.",
    ],
    "other": [
        "The family is in rent arrears and the parent is struggling to cope with the children's needs.",
        "Concerns about the parent's drinking and the care of the younger children.",
        "A young person is being seen with new phones and money they cannot explain.",
    ],
}
CHILDS_WORDS = [
    "I don't want to go home tonight.",
    "Mum's boyfriend gets really angry and shouts.",
    "It's fine, it only happens when I'm naughty.",
    "They give me stuff if I take parcels for them.",
    "",
    "",
]
RATIONALE = {
    "no_further_action": "Information shared with the referrer's agency; no concerns about harm once checked.",
    "universal_services": "Needs can be met by universal and community services; family signposted to the family hub.",
    "family_help": "Several needs and emerging risk; the family agree to targeted help from Family Help.",
    "strategy_discussion": "Reasonable cause to suspect the child is suffering or likely to suffer significant harm.",
    "children_in_care": "No safe carer available at present; the child may need to be looked after.",
}
FEEDBACK = {
    "no_further_action": "Thank you. We have checked and no further action is needed by children's services.",
    "universal_services": "Thank you. We have given the family information about support from the local family hub.",
    "family_help": "Thank you. Family Help will contact the family within the next week.",
    "strategy_discussion": "Thank you. A strategy discussion is taking place and we may ask your agency to join it.",
    "children_in_care": "Thank you. A social worker is working with the family to keep the child safe.",
}


@dataclass
class _Child:
    id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    address: str
    postcode: str
    school_id: int | None
    gp_id: int | None
    is_unborn: bool
    edd: date | None
    nhs_number: str

    def age_on(self, day: date) -> int:
        if self.date_of_birth is None:
            return -1
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class _Planned:
    received_at: datetime
    outcome: str | None  # None: still open
    source: str
    child_id: int | None = None
    status: str = ContactStatus.DECIDED
    demo_dsl: bool = False
    immediate_danger: bool = False
    unlinked: bool = False
    info_request: str = ""  # "", "open", "overdue", "answered", "demo_hv"
    extra: dict[str, Any] = field(default_factory=dict)


def _what_happened_key(source: str) -> str:
    if source == "6":
        return "6"
    if source.startswith("2"):
        return "2A"
    if source.startswith("3"):
        return "3"
    if source.startswith("1") or source == "9":
        return "1"
    return "other"


class _FrontDoorBuilder:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.as_of: date = ctx.as_of
        self.figures = local_figures()
        self.harms = {h.code: h for h in HarmType.objects.all()}
        self.indicators = list(RiskIndicatorType.objects.filter(is_active=True))
        self.references: set[str] = set()
        self.deadlines: list[Deadline] = []
        team = ctx.teams["front_door"]
        self.team = team
        self.workers = [p for p in ctx.practitioners.get("front_door", []) if p.role != Role.TEAM_MANAGER]
        demo = ctx.demo_practitioners
        self.demo_front_door = demo.get("front.door")
        if self.demo_front_door is not None:
            self.workers.append(self.demo_front_door)
        # The generator set the team's manager on another copy of the team: read it from the database.
        self.manager = Practitioner.objects.filter(managed_teams=team).first()

    # -- helpers ---------------------------------------------------------------------------------------------

    def weighted(self, table: dict[str, Any]) -> str:
        keys = [k for k in table if not k.startswith("_")]
        return str(self.rng.choices(keys, weights=[float(table[k]) for k in keys])[0])

    def reference(self) -> str:
        while True:
            chars = "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            ref = f"FD-{chars[:4]}-{chars[4:]}"
            if ref not in self.references:
                self.references.add(ref)
                return ref

    def working_day_at(self, day: date, earliest: int = 8, latest: int = 18) -> datetime:
        day = CALENDAR.next_working_day(day)
        minutes = self.rng.randint(earliest * 60, latest * 60 - 1)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UK)

    def due(self, rule_code: str, start: date, interval: str | None = None) -> date:
        return engine.due_date(rule_code, start, interval=interval, figures=self.figures)

    def deadline(
        self,
        rule_code: str,
        child_id: int,
        subject_key: str,
        started_on: date,
        met_on: date | None,
        *,
        interval: str | None = None,
        assignee: Practitioner | None = None,
        late_reason: str = "Decided after the due date",
    ) -> date:
        if met_on is not None and met_on < started_on:
            met_on = started_on
        deadline = deadline_build(
            rule_code=rule_code,
            interval=interval,
            child_id=child_id,
            subject_key=subject_key,
            started_on=started_on,
            met_on=met_on,
            late_reason=late_reason,
            assignee=assignee,
            team_id=assignee.team_id if assignee is not None else None,
            figures=self.figures,
        )
        self.deadlines.append(deadline)
        return deadline.due_on

    def users_for_workers(self) -> None:
        """Front door workers sign decisions: each gets an account that cannot sign in (unusable password), and
        the team's manager the demo login front.door.manager."""
        user_model = get_user_model()
        missing = [p for p in self.workers if p.user_id is None]
        users = [user_model(username=f"mash.{p.pk}", password="!", is_active=True) for p in missing]  # noqa: S106
        user_model.objects.bulk_create(users, batch_size=BATCH)
        by_name = {u.username: u for u in user_model.objects.filter(username__in=[u.username for u in users])}
        for p in missing:
            p.user = by_name[f"mash.{p.pk}"]
        Practitioner.objects.bulk_update(missing, ["user"], batch_size=BATCH)
        if self.manager is not None and self.manager.user_id is None:
            from joinedup.synthetic.builders import DEMO_PASSWORD

            user = user_model.objects.create_user(
                username=FRONT_DOOR_MANAGER_LOGIN,
                password=DEMO_PASSWORD,
                email=f"{FRONT_DOOR_MANAGER_LOGIN}@joinedup.invalid",
            )
            self.manager.user = user
            self.manager.email = user.email
            self.manager.save(update_fields=["user", "email"])


def stage_front_door(ctx: Any) -> None:
    """Contacts, triage, decisions, referrals and episodes of need for the synthetic authority."""
    harm_taxonomy_sync()
    builder = _FrontDoorBuilder(ctx)
    if not builder.workers or builder.manager is None:
        return
    builder.users_for_workers()
    _Generation(builder).run()


class _Generation:
    def __init__(self, builder: _FrontDoorBuilder) -> None:
        self.b = builder
        self.ctx = builder.ctx
        self.rng = builder.rng
        self.as_of = builder.as_of
        self.children: dict[int, _Child] = {}
        self.dsl_by_school: dict[int, Practitioner] = {
            p.organisation_id: p for p in self.ctx.practitioners.get("dsl", [])
        }
        self.gp_by_practice: dict[int, Practitioner] = {
            p.organisation_id: p for p in self.ctx.practitioners.get("gp", [])
        }
        demo = self.ctx.demo_practitioners
        self.demo_dsl: Practitioner | None = demo.get("school.dsl")
        self.demo_hv: Practitioner | None = demo.get("health.visitor")
        if self.demo_dsl is not None:
            self.dsl_by_school[self.demo_dsl.organisation_id] = self.demo_dsl

    # -- planning --------------------------------------------------------------------------------------------

    def plan(self) -> list[_Planned]:
        rate = float(DATA["referrals_per_child_per_year"]["rate"])
        outcomes = DATA["contact_outcomes"]
        conversion = sum(float(outcomes[o]) for o in REFERRAL_OUTCOMES) / sum(
            float(v) for k, v in outcomes.items() if not k.startswith("_")
        )
        referrals_a_year = max(4, round(self.ctx.children * rate))
        contacts_a_year = max(10, round(referrals_a_year / conversion))
        # The working days of the open queue (today and the working day before): their contacts are still open.
        open_start = self.as_of
        for _ in range(int(DATA["open_queue_working_days"]["days"]) - 1):
            open_start = open_start - timedelta(days=1)
            while not CALENDAR.is_working_day(open_start):
                open_start = open_start - timedelta(days=1)
        planned: list[_Planned] = []
        referral_outcomes = {k: v for k, v in outcomes.items() if k in REFERRAL_OUTCOMES}
        # The year before: the contacts that became referrals (history for re-referrals).
        for _ in range(referrals_a_year):
            day = self.as_of - timedelta(days=self.rng.randint(366, 730))
            planned.append(
                _Planned(
                    self.b.working_day_at(day), self.b.weighted(referral_outcomes), self.b.weighted(DATA["sources"])
                )
            )
        # The year: every contact, decided, up to the open queue.
        span = (self.as_of - open_start).days
        for _ in range(contacts_a_year):
            day = self.as_of - timedelta(days=self.rng.randint(span + 1, 365))
            planned.append(
                _Planned(self.b.working_day_at(day), self.b.weighted(outcomes), self.b.weighted(DATA["sources"]))
            )
        planned.extend(self.plan_open_queue(contacts_a_year, open_start))
        planned.extend(self.plan_demo_dsl())
        planned.extend(self.plan_repeated_indicators())
        planned.sort(key=lambda p: p.received_at)
        return planned

    def plan_open_queue(self, contacts_a_year: int, open_start: date) -> list[_Planned]:
        per_day = contacts_a_year / 253
        count = max(25, round(per_day * int(DATA["open_queue_working_days"]["days"])))
        now = datetime.combine(self.as_of, time(9, 30), tzinfo=UK)
        open_days = [
            d
            for d in (open_start + timedelta(days=n) for n in range((self.as_of - open_start).days + 1))
            if CALENDAR.is_working_day(d)
        ] or [self.as_of]
        queue: list[_Planned] = []
        for n in range(count):
            if n < max(3, count // 10):
                # Overdue: received 3 to 6 working days ago, still undecided.
                day = self.as_of
                for _ in range(self.rng.randint(3, 6)):
                    day = day - timedelta(days=1)
                    while not CALENDAR.is_working_day(day):
                        day = day - timedelta(days=1)
                received = self.b.working_day_at(day)
            else:
                received = self.b.working_day_at(self.rng.choice(open_days), latest=18)
                if received > now:
                    received = now - timedelta(minutes=self.rng.randint(5, 90))
            item = _Planned(received, None, self.b.weighted(DATA["sources"]), status=ContactStatus.AWAITING_DECISION)
            roll = self.rng.random()
            if roll < 0.2:
                item.status = ContactStatus.AWAITING_SIGN_OFF
                item.extra["proposed"] = self.b.weighted(DATA["contact_outcomes"])
            elif roll < 0.4:
                item.info_request = "overdue" if n % 3 == 0 else "open"
            elif roll < 0.55:
                item.unlinked = True
                item.source = self.rng.choice(["1A", "1B", "1D", "9"])
            queue.append(item)
        for _ in range(2):
            danger = _Planned(
                now - timedelta(minutes=self.rng.randint(5, 60)), None, "6", status=ContactStatus.AWAITING_DECISION
            )
            danger.immediate_danger = True
            queue.append(danger)
        if self.demo_hv is not None:
            queue.append(
                _Planned(
                    now - timedelta(hours=1), None, "2A", status=ContactStatus.AWAITING_DECISION, info_request="demo_hv"
                )
            )
        return queue

    def plan_repeated_indicators(self) -> list[_Planned]:
        """One young person with three early indicators in under 90 days (M8): the last contact is in today's
        queue, and the prompt is waiting for their lead practitioner and manager."""
        plans = []
        for n, (days_ago, outcome) in enumerate([(70, "universal_services"), (30, "family_help"), (0, None)]):
            received = self.b.working_day_at(self.as_of - timedelta(days=days_ago), latest=9 if days_ago == 0 else 18)
            item = _Planned(
                received, outcome, "6", status=ContactStatus.DECIDED if outcome else ContactStatus.AWAITING_DECISION
            )
            item.extra.update({"group": "repeat", "indicator": n})
            plans.append(item)
        return plans

    def plan_demo_dsl(self) -> list[_Planned]:
        if self.demo_dsl is None:
            return []
        plans = []
        outcomes = ["family_help", "universal_services", "no_further_action", "strategy_discussion", "family_help",
                    "universal_services", "family_help", "no_further_action"]  # fmt: skip
        for outcome in outcomes:
            day = self.as_of - timedelta(days=self.rng.randint(14, 330))
            plans.append(_Planned(self.b.working_day_at(day), outcome, "2A", demo_dsl=True))
        now = datetime.combine(self.as_of, time(9, 0), tzinfo=UK)
        plans.append(
            _Planned(now - timedelta(minutes=40), None, "2A", status=ContactStatus.AWAITING_DECISION, demo_dsl=True)
        )
        signing = _Planned(now - timedelta(hours=20), None, "2A", status=ContactStatus.AWAITING_SIGN_OFF, demo_dsl=True)
        signing.extra["proposed"] = "family_help"
        plans.append(signing)
        return plans

    # -- choosing children -----------------------------------------------------------------------------------

    def choose_children(self, planned: list[_Planned]) -> None:
        re_rate = float(DATA["re_referral_rate"]["rate"])
        child_ids = list(self.ctx.child_ids)
        pupils: list[int] = []
        if self.demo_dsl is not None:
            pupils = list(
                Person.objects.filter(
                    id__in=child_ids, child_profile__school_id=self.demo_dsl.organisation_id, is_restricted=False
                ).values_list("id", flat=True)
            )
        restricted = set(Person.objects.filter(id__in=child_ids, is_restricted=True).values_list("id", flat=True))
        pool = [c for c in child_ids if c not in restricted]
        teenagers = list(
            Person.objects.filter(
                id__in=pool,
                date_of_birth__lte=self.as_of - timedelta(days=12 * 365),
                date_of_birth__gte=self.as_of - timedelta(days=16 * 365),
            ).values_list("id", flat=True)[:500]
        )
        repeat_child = self.rng.choice(teenagers) if teenagers else self.rng.choice(pool)
        # No contact about a child more than 270 days before their birth or expected birth (CIN census rules 8606
        # and 8530Q): such a child is drawn again.
        first_possible: dict[int, date] = {}
        for pk, born, edd in Person.objects.filter(id__in=pool).values_list(
            "id", "date_of_birth", "child_profile__expected_date_of_delivery"
        ):
            birth: date | None = born or edd
            if birth is not None:
                first_possible[pk] = birth - timedelta(days=270)

        def draw(day: date, exclude: set[int] | frozenset[int] = frozenset()) -> int:
            chosen = self.rng.choice(pool)
            for _ in range(20):
                if chosen not in exclude and first_possible.get(chosen, day) <= day:
                    break
                chosen = self.rng.choice(pool)
            return chosen

        referred: list[tuple[date, int]] = []  # (referral date, child), in order
        contacted: list[tuple[date, int]] = []
        for item in planned:
            day = item.received_at.date()
            if item.demo_dsl and pupils:
                item.child_id = self.rng.choice(pupils)
            elif item.extra.get("group") == "repeat":
                item.child_id = repeat_child
            elif item.outcome in REFERRAL_OUTCOMES:
                recent = [c for d, c in referred if (day - d).days <= 365]
                if recent and self.rng.random() < re_rate:
                    item.child_id = self.rng.choice(recent)
                else:
                    # A first referral (or the first for 12 months): not a child referred in the last year.
                    item.child_id = draw(day, set(recent))
            else:
                recent = [c for d, c in contacted if (day - d).days <= 365]
                item.child_id = self.rng.choice(recent) if recent and self.rng.random() < 0.2 else draw(day)
            contacted.append((day, item.child_id))
            if item.outcome in REFERRAL_OUTCOMES:
                referred.append((day, item.child_id))
            if len(referred) > 5000:
                referred = [r for r in referred if (day - r[0]).days <= 365]
            if len(contacted) > 5000:
                contacted = [r for r in contacted if (day - r[0]).days <= 365]
        ids = {p.child_id for p in planned if p.child_id is not None}
        rows = Person.objects.filter(id__in=ids).values_list(
            "id", "given_name", "family_name", "date_of_birth", "address", "postcode", "child_profile__school_id",
            "child_profile__gp_practice_id", "child_profile__is_unborn", "child_profile__expected_date_of_delivery",
            "nhs_number",
        )  # fmt: skip
        for row in rows:
            self.children[row[0]] = _Child(*row[:10], nhs_number=row[10] or "")

    # -- writing ---------------------------------------------------------------------------------------------

    def referrer(self, item: _Planned, child: _Child) -> dict[str, Any]:
        source = item.source
        ctx = self.ctx
        practitioner: Practitioner | None = None
        channel = ContactChannel.PHONE
        name = ""
        organisation_id: int | None = None
        if item.demo_dsl:
            practitioner, channel = self.demo_dsl, ContactChannel.PARTNER_PORTAL
        elif source == "6" and ctx.practitioners.get("police"):
            practitioner = self.rng.choice(ctx.practitioners["police"])
            channel = ContactChannel.PARTNER_SYSTEM if self.rng.random() < 0.5 else ContactChannel.PARTNER_PORTAL
        elif source == "2A":
            practitioner = self.dsl_by_school.get(child.school_id or 0) or (
                self.rng.choice(ctx.practitioners["dsl"]) if ctx.practitioners.get("dsl") else None
            )
            channel = ContactChannel.PARTNER_PORTAL
        elif source == "3A":
            practitioner = self.gp_by_practice.get(child.gp_id or 0)
            channel = ContactChannel.PARTNER_PORTAL
        elif source == "3B" and ctx.practitioners.get("health_visitor"):
            practitioner = self.rng.choice(ctx.practitioners["health_visitor"])
            channel = ContactChannel.PARTNER_PORTAL
        elif source in ("1A", "1B", "1C", "1D", "9"):
            channel = ContactChannel.PUBLIC_FORM if self.rng.random() < 0.6 else ContactChannel.PHONE
            if source != "9":
                given, family = (
                    self.rng.choice(["Jean", "Patrick", "Amina", "Lucy", "Tomasz", "Grace"]),
                    self.rng.choice(["Holt", "Brennan", "Osei", "Kowalski", "Patel", "Hughes"]),
                )
                name = f"{given} {family}"
        else:
            channel = ContactChannel.EMAIL if self.rng.random() < 0.5 else ContactChannel.PHONE
            organisation_key = SOURCE_ORGANISATION.get(source)
            if organisation_key and self.ctx.organisations.get(organisation_key):
                organisation_id = self.ctx.organisations[organisation_key][0].pk
            name = self.rng.choice(["Duty officer", "Safeguarding lead", "Family support worker", "Housing officer"])
        if practitioner is not None:
            organisation_id = practitioner.organisation_id
        return {
            "referrer": practitioner,
            "channel": channel,
            "name": name,
            "organisation_id": organisation_id,
            "recorded_by_id": practitioner.user_id
            if practitioner is not None and channel != ContactChannel.PHONE
            else None,
        }

    def contact_for(self, item: _Planned) -> Contact:
        child = self.children[item.child_id or 0]
        who = self.referrer(item, child)
        received_on = item.received_at.astimezone(UK).date()
        family = _what_happened_key(item.source)
        unborn = child.is_unborn and child.edd is not None and child.edd > received_on
        return Contact(
            reference=self.b.reference(),
            received_at=item.received_at,
            received_on=received_on,
            decision_due_on=self.b.due("contact_decision", received_on),
            channel=who["channel"],
            source=item.source if not (who["channel"] == ContactChannel.PUBLIC_FORM and not who["name"]) else "9",
            kind=ContactKind.CONCERN if self.rng.random() < 0.8 else ContactKind.REQUEST_FOR_SUPPORT,
            urgency=Urgency.URGENT if item.immediate_danger or self.rng.random() < 0.25 else Urgency.STANDARD,
            immediate_danger=item.immediate_danger,
            status=item.status,
            recorded_by_id=who["recorded_by_id"],
            referrer=who["referrer"],
            referrer_organisation_id=who["organisation_id"],
            referrer_name=who["name"],
            child_id=None if item.unlinked else child.id,
            child_match="" if item.unlinked else ChildMatch.CONFIRMED_BY_FRONT_DOOR,
            child_given_name=child.given_name,
            child_family_name=child.family_name,
            child_date_of_birth=None if unborn else child.date_of_birth,
            child_is_unborn=unborn,
            child_expected_date_of_delivery=child.edd if unborn else None,
            child_nhs_number=child.nhs_number
            if who["referrer"] is not None and child.nhs_number and self.rng.random() < 0.5
            else "",
            child_address=child.address,
            child_postcode=child.postcode,
            child_school_id=child.school_id,
            what_happened=self.rng.choice(WHAT_HAPPENED[family]),
            childs_words=self.rng.choice(CHILDS_WORDS),
            family_aware=FamilyAwareness.AWARE if self.rng.random() < 0.6 else FamilyAwareness.NOT_AWARE,
            consent=Consent.NOT_SOUGHT,
            consent_reason="Sharing to keep the child safe; asking first could increase the risk.",
        )

    def run(self) -> None:
        planned = self.plan()
        self.choose_children(planned)
        contacts: list[Contact] = []
        for item in planned:
            contact = self.contact_for(item)
            if contact.consent_reason and contact.family_aware == FamilyAwareness.AWARE and self.rng.random() < 0.6:
                contact.consent, contact.consent_reason = Consent.GIVEN, ""
            contacts.append(contact)
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        self.write_details(planned, contacts)
        self.ctx.counts["contacts"] = len(contacts)

    def write_details(self, planned: list[_Planned], contacts: list[Contact]) -> None:
        b = self.b
        harm_rows: list[ContactHarm] = []
        indicator_rows: list[ContactIndicator] = []
        child_indicators: list[ChildRiskIndicator] = []
        decisions: list[tuple[ContactDecision, list[HarmType], _Planned, Contact]] = []
        notes: list[ContactNote] = []
        requests: list[InformationRequest] = []
        suggestions: list[ContactMatchSuggestion] = []
        alerts: list[DutyAlert] = []
        members = [w for w in b.workers] + ([b.manager] if b.manager else [])
        extra_familial = {code for code, h in b.harms.items() if h.is_extra_familial}
        indicator_rate = float(DATA["indicator_rate_age_10_plus"]["rate"])
        for item, contact in zip(planned, contacts, strict=True):
            child = self.children[item.child_id or 0]
            received_on = contact.received_on
            n_harms = int(b.weighted(DATA["harms_per_concern"]))
            codes: list[str] = []
            while len(codes) < n_harms:
                code = b.weighted(DATA["harms"])
                if code not in codes and code in b.harms:
                    codes.append(code)
            if any(c in extra_familial for c in codes):
                contact.extra_familial_perpetration = self.rng.choice(["individual", "group", "not_known"])
            harm_rows.extend(ContactHarm(contact=contact, harm_type=b.harms[c]) for c in codes)
            found: list[RiskIndicatorType] = []
            if "indicator" in item.extra:
                wanted = REPEATED_INDICATORS[item.extra["indicator"]]
                found = [i for i in b.indicators if i.code == wanted]
            elif child.age_on(received_on) >= 10 and self.rng.random() < indicator_rate:
                found = self.rng.sample(b.indicators, self.rng.choice([1, 1, 2]))
            if found:
                indicator_rows.extend(ContactIndicator(contact=contact, indicator=i) for i in found)
                if contact.child_id is not None:
                    child_indicators.extend(
                        ChildRiskIndicator(
                            child_id=contact.child_id, indicator=i, observed_on=received_on,
                            source_key=f"front_door.contact:{contact.pk}",
                        )
                        for i in found
                    )  # fmt: skip
            worker = self.rng.choice(b.workers)
            if contact.child_id is not None:
                # The front door confirmed the child: the decision clock, met when the manager signed off.
                signed_on = self.decision_day(item, contact)
                b.deadline(
                    "contact_decision",
                    contact.child_id,
                    f"front_door.contact:{contact.pk}",
                    received_on,
                    signed_on if item.outcome else None,
                    assignee=worker,
                    late_reason="Waiting for police checks before deciding",
                )
                item.extra["signed_on"] = signed_on
                item.extra["worker"] = worker
            if item.outcome or item.status == ContactStatus.AWAITING_SIGN_OFF:
                outcome = item.outcome or item.extra.get("proposed", "family_help")
                if contact.child_id is None and outcome in REFERRAL_OUTCOMES:
                    outcome = DecisionOutcome.UNIVERSAL_SERVICES
                signed_on = item.extra.get("signed_on") or received_on
                decided_at = self.at(signed_on, 9, 16) if item.outcome else item.received_at + timedelta(hours=2)
                decision = ContactDecision(
                    contact=contact,
                    outcome=outcome,
                    rationale=RATIONALE[outcome],
                    feedback_to_referrer=FEEDBACK[outcome],
                    decided_by_id=worker.user_id,
                    decided_at=decided_at,
                    sign_off=SignOff.AGREED if item.outcome else SignOff.AWAITING,
                    signed_off_by_id=b.manager.user_id if item.outcome and b.manager else None,
                    signed_off_at=decided_at + timedelta(minutes=self.rng.randint(20, 240)) if item.outcome else None,
                    late_reason="Waiting for police checks before deciding"
                    if item.outcome and signed_on > contact.decision_due_on
                    else "",
                    **synthetic_child_voice(child.age_on(received_on), f"decision:{contact.reference}").as_fields(),
                )
                decisions.append((decision, [b.harms[c] for c in codes if outcome in REFERRAL_OUTCOMES], item, contact))
            if item.outcome and self.rng.random() < 0.4:
                notes.append(
                    ContactNote(
                        contact=contact, author_id=worker.user_id, text="Checked our records and spoke to the referrer."
                    )
                )
            request = self.request_for(item, contact, child, worker)
            if request is not None:
                requests.append(request)
            if item.unlinked:
                query = MatchQuery(child.given_name, child.family_name, child.date_of_birth, "", child.postcode)
                base = Person.objects.filter(is_child_record=True, merged_into__isnull=True)
                for match in person_match_candidates(query=query, base=base, limit=5):
                    if match.score >= LIKELY_MATCH_THRESHOLD:
                        suggestions.append(
                            ContactMatchSuggestion(
                                contact=contact, person_id=match.person_id, score=match.score,
                                reasons="; ".join(match.reasons)[:500],
                            )
                        )  # fmt: skip
            if item.immediate_danger:
                created = item.received_at + timedelta(seconds=5)
                alerts.extend(
                    DutyAlert(recipient=m, kind=AlertKind.IMMEDIATE_DANGER, contact=contact, created_at=created,
                              emailed_at=created)
                    for m in members
                )  # fmt: skip
        Contact.objects.bulk_update(
            [c for c in contacts if c.extra_familial_perpetration], ["extra_familial_perpetration"], batch_size=BATCH
        )
        ContactHarm.objects.bulk_create(harm_rows, batch_size=BATCH)
        ContactIndicator.objects.bulk_create(indicator_rows, batch_size=BATCH)
        ChildRiskIndicator.objects.bulk_create(child_indicators, batch_size=BATCH, ignore_conflicts=True)
        ContactNote.objects.bulk_create(notes, batch_size=BATCH)
        ContactMatchSuggestion.objects.bulk_create(suggestions, batch_size=BATCH, ignore_conflicts=True)
        DutyAlert.objects.bulk_create(alerts, batch_size=BATCH)
        self.write_requests(requests)
        self.write_decisions(decisions)
        self.write_escalations(child_indicators)
        Contact.objects.bulk_update(
            [c for c in contacts if c.open_information_requests], ["open_information_requests"], batch_size=BATCH
        )
        Deadline.objects.bulk_create(b.deadlines, batch_size=BATCH, ignore_conflicts=True)

    def at(self, day: date, earliest: int, latest: int) -> datetime:
        minutes = self.rng.randint(earliest * 60, latest * 60 - 1)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UK)

    def decision_day(self, item: _Planned, contact: Contact) -> date:
        if not item.outcome:
            return contact.received_on
        on_time = self.rng.random() < float(DATA["decided_on_time_rate"]["rate"])
        day = contact.received_on if self.rng.random() < 0.6 else contact.decision_due_on
        if not on_time:
            day = CALENDAR.add_working_days(contact.decision_due_on, self.rng.randint(1, 3))
        return min(day, self.as_of - timedelta(days=1)) if day >= self.as_of else day

    def request_for(
        self, item: _Planned, contact: Contact, child: _Child, worker: Practitioner
    ) -> InformationRequest | None:
        if contact.child_id is None:
            return None
        wanted = item.info_request or (
            "answered" if item.outcome and self.rng.random() < float(DATA["information_request_rate"]["rate"]) else ""
        )
        if not wanted:
            return None
        orgs = self.ctx.organisations
        addressee: Practitioner | None = None
        if wanted == "demo_hv" and self.demo_hv is not None:
            addressee = self.demo_hv
            organisation_id = addressee.organisation_id
        else:
            choice = self.rng.choice(["health_visiting", "police", "school", "gp"])
            if choice == "school" and child.school_id:
                organisation_id = child.school_id
            elif choice == "gp" and child.gp_id:
                organisation_id = child.gp_id
            else:
                organisation_id = orgs["police" if choice == "police" else "health_visiting"][0].pk
        requested_on = contact.received_on
        urgent = wanted in ("demo_hv", "overdue") or self.rng.random() < 0.5
        assert worker.user_id is not None  # every front door worker has an account (users_for_workers)
        request = InformationRequest(
            contact=contact,
            to_organisation_id=organisation_id,
            to_practitioner=addressee,
            question="Is the child or family known to your agency? Please share any concerns and recent contact.",
            is_urgent=urgent,
            requested_by_id=worker.user_id,
            requested_on=requested_on,
            due_on=self.b.due("information_request", requested_on, "urgent" if urgent else "other"),
        )
        if wanted == "answered":
            answered_on = min(CALENDAR.add_working_days(requested_on, self.rng.choice([0, 1, 1, 2, 4])), self.as_of)
            request.response = "Known to us: recent contact was routine; no further concerns recorded."
            request.responded_at = self.at(answered_on, 9, 17)
        else:
            contact.open_information_requests += 1
        return request

    def write_requests(self, requests: list[InformationRequest]) -> None:
        InformationRequest.objects.bulk_create(requests, batch_size=BATCH)
        for request in requests:
            contact = request.contact
            met = request.responded_at.astimezone(UK).date() if request.responded_at else None
            assert contact.child_id is not None
            self.b.deadline(
                "information_request",
                contact.child_id,
                f"front_door.informationrequest:{request.pk}",
                request.requested_on,
                met,
                interval="urgent" if request.is_urgent else "other",
                assignee=None,
                late_reason="Answered by the partner agency after the due date",
            )

    def write_decisions(self, decisions: list[tuple[ContactDecision, list[HarmType], _Planned, Contact]]) -> None:
        b = self.b
        ContactDecision.objects.bulk_create([d for d, _, _, _ in decisions], batch_size=BATCH)
        DecisionHarm.objects.bulk_create(
            [DecisionHarm(decision=d, harm_type=h) for d, harms, _, _ in decisions for h in harms], batch_size=BATCH
        )
        feedback: list[ReferrerFeedback] = []
        episodes_open: dict[int, tuple[CaseEpisode, date]] = {}  # child -> (episode, planned closing day)
        # Each episode's moves (the day and the tier it went into) and who signed off the referral that opened it,
        # for its transition rows (ADR 0019).
        moves: dict[int, list[tuple[date, str]]] = {}
        opened_by: dict[int, int | None] = {}
        referrals: list[tuple[Referral, CaseEpisode]] = []
        last_referral: dict[int, date] = {}
        for decision, _harms, item, contact in sorted(decisions, key=lambda t: t[3].received_at):
            if decision.sign_off != SignOff.AGREED or contact.child_id is None:
                continue
            signed_on = decision.signed_off_at.astimezone(UK).date() if decision.signed_off_at else contact.received_on
            worker = item.extra.get("worker")
            due = b.deadline(
                "referrer_feedback", contact.child_id, f"front_door.contactdecision:{decision.pk}", signed_on, None,
                assignee=worker,
            )  # fmt: skip
            portal = contact.referrer_id is not None and contact.channel in (
                ContactChannel.PARTNER_PORTAL, ContactChannel.PARTNER_SYSTEM,
            )  # fmt: skip
            told_on: date | None = signed_on if portal else None
            if not portal and contact.source != ReferralSource.ANONYMOUS:
                told_on = min(CALENDAR.add_working_days(signed_on, self.rng.choice([0, 1, 2, 3, 5])), self.as_of)
                if told_on >= self.as_of - timedelta(days=2) and self.rng.random() < 0.5:
                    told_on = None  # recent: not told yet
            if told_on is not None:
                b.deadlines[-1].met_on = told_on
                b.deadlines[-1].late_reason = "Could not reach the referrer sooner" if told_on > due else ""
                feedback.append(
                    ReferrerFeedback(
                        contact=contact, decision=decision,
                        method=FeedbackMethod.PORTAL if portal else self.rng.choice(
                            [FeedbackMethod.PHONE, FeedbackMethod.EMAIL, FeedbackMethod.LETTER]),
                        given_on=told_on, given_by_id=decision.signed_off_by_id if portal else decision.decided_by_id,
                    )
                )  # fmt: skip
            elif contact.source == ReferralSource.ANONYMOUS:
                b.deadlines.pop()  # nobody to tell: no feedback clock
            if decision.outcome not in REFERRAL_OUTCOMES:
                continue
            child_id = contact.child_id
            referral_date = contact.received_on
            tier = TIER_FOR_OUTCOME[DecisionOutcome(decision.outcome)]
            current = episodes_open.get(child_id)
            if current is not None and current[1] < referral_date:
                episode, closes_on = current
                episode.closed_on = closes_on
                episode.closure_reason = self.rng.choice(
                    [ClosureReason.SERVICES_CEASED, ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA,
                     ClosureReason.CLOSED_AFTER_ASSESSMENT_EARLY_HELP]
                )  # fmt: skip
                if episode.tier == EpisodeTier.CHILD_PROTECTION:
                    # Child protection work followed the assessment: not closed "after assessment" (rule 2990).
                    episode.closure_reason = ClosureReason.SERVICES_CEASED
                current = None
            if current is None:
                episode = CaseEpisode(
                    child_id=child_id, started_on=referral_date, referral_source=contact.source, tier=tier
                )
                episodes_open[child_id] = (episode, referral_date + timedelta(days=self.rng.randint(45, 330)))
                moves[id(episode)] = [(referral_date, tier)]
                opened_by[id(episode)] = decision.signed_off_by_id
            else:
                episode = current[0]
                if tier_rank(episode.tier) < tier_rank(tier):
                    episode.tier = tier
                    moves[id(episode)].append((max(referral_date, episode.started_on), tier))
            previous = last_referral.get(child_id)
            is_re = previous is not None and (referral_date - previous).days <= 365
            last_referral[child_id] = referral_date
            referrals.append(
                (Referral(contact=contact, child_id=child_id, referral_date=referral_date, source=contact.source,
                          route=decision.outcome, is_re_referral=is_re), episode)
            )  # fmt: skip
            if decision.outcome == DecisionOutcome.STRATEGY_DISCUSSION:
                b.deadline(
                    "strategy_discussion", child_id, f"front_door.contactdecision:{decision.pk}", signed_on,
                    signed_on if contact.immediate_danger else min(CALENDAR.add_working_days(signed_on, 1), self.as_of),
                    interval="immediate_danger" if contact.immediate_danger else "standard", assignee=worker,
                )  # fmt: skip
        for episode, closes_on in episodes_open.values():
            if closes_on < self.as_of and self.rng.random() < 0.7:
                episode.closed_on = closes_on
                episode.closure_reason = ClosureReason.SERVICES_CEASED
        all_episodes = {id(e): e for _, e in referrals}
        CaseEpisode.objects.bulk_create(list(all_episodes.values()), batch_size=BATCH)
        EpisodeTransition.objects.bulk_create(
            [
                row
                for key, episode in all_episodes.items()
                for row in bulk_history_rows(
                    episode, moves=moves[key], decided_by_id=opened_by[key], decided_as="synthetic.front_door"
                )
            ],
            batch_size=BATCH,
        )
        for referral, episode in referrals:
            referral.case_episode = episode
        Referral.objects.bulk_create([r for r, _ in referrals], batch_size=BATCH)
        for referral, episode in referrals:
            due = b.due("single_assessment", referral.referral_date)
            met = None
            if due < self.as_of or self.rng.random() < 0.3:
                met = min(CALENDAR.add_working_days(referral.referral_date, self.rng.randint(15, 52)), self.as_of)
            if episode.closed_on is not None:
                # Nothing after the episode closed (CIN census rules 8565, 8867): its assessments are authorised by
                # the day it closed.
                met = min(met or episode.closed_on, episode.closed_on)
            b.deadline(
                "single_assessment", referral.child_id, f"front_door.referral:{referral.pk}", referral.referral_date,
                met, late_reason="Assessment extended with the manager's agreement",
            )  # fmt: skip
        ReferrerFeedback.objects.bulk_create(feedback, batch_size=BATCH)
        self.ctx.counts["referrals"] = len(referrals)
        self.ctx.counts["re_referrals"] = sum(1 for r, _ in referrals if r.is_re_referral)
        self.ctx.counts["episodes_of_need"] = len(all_episodes)

    def write_escalations(self, indicators: list[ChildRiskIndicator]) -> None:
        """Three indicators within 90 days for a child raise a prompt (M8); older ones were acknowledged."""
        rule = TAXONOMY.escalation
        by_child: dict[int, list[date]] = defaultdict(list)
        for row in indicators:
            by_child[row.child_id].append(row.observed_on)
        escalations: list[RiskIndicatorEscalation] = []
        for child_id, days in by_child.items():
            days.sort()
            last_raised: date | None = None
            for n, day in enumerate(days):
                window = [d for d in days[: n + 1] if (day - d).days < rule.days]
                if len(window) >= rule.count and (last_raised is None or (day - last_raised).days >= rule.days):
                    last_raised = day
                    acknowledged = (self.as_of - day).days > 30
                    escalations.append(
                        RiskIndicatorEscalation(
                            child_id=child_id, triggered_on=day, indicator_count=len(window), window_days=rule.days,
                            source_key="synthetic",
                            acknowledged_at=self.at(day + timedelta(days=3), 9, 17) if acknowledged else None,
                            acknowledged_by_id=self.b.manager.user_id if acknowledged and self.b.manager else None,
                            action_taken="Discussed at the exploitation panel" if acknowledged else "",
                        )
                    )  # fmt: skip
        RiskIndicatorEscalation.objects.bulk_create(escalations, batch_size=BATCH)
        recipients = self.lead_recipients([e.child_id for e in escalations if e.acknowledged_at is None])
        alerts = []
        for escalation in escalations:
            if escalation.acknowledged_at is not None:
                continue
            created = self.at(escalation.triggered_on, 9, 17)
            for practitioner in recipients.get(escalation.child_id) or ([self.b.manager] if self.b.manager else []):
                alerts.append(
                    DutyAlert(recipient=practitioner, kind=AlertKind.REPEATED_INDICATORS, escalation=escalation,
                              created_at=created, emailed_at=created)
                )  # fmt: skip
        DutyAlert.objects.bulk_create(alerts, batch_size=BATCH, ignore_conflicts=True)
        self.ctx.counts["repeated_indicator_prompts"] = len(escalations)

    def lead_recipients(self, child_ids: list[int]) -> dict[int, list[Practitioner]]:
        found: dict[int, list[Practitioner]] = defaultdict(list)
        leads = Involvement.objects.filter(
            child_id__in=child_ids,
            role__in=[InvolvementRole.ALLOCATED_SOCIAL_WORKER, InvolvementRole.LEAD_PRACTITIONER],
            ended_on__isnull=True,
        ).select_related("practitioner", "team__manager")
        for involvement in leads:
            found[involvement.child_id].append(involvement.practitioner)
            if involvement.team is not None and involvement.team.manager is not None:
                found[involvement.child_id].append(involvement.team.manager)
        return found
