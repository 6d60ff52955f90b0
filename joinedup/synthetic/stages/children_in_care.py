"""The synthetic authority's care histories (M21-M23, M38): looked-after children, children who have left care,
and care leavers to 25, in the proportions England's published figures give.

Proportions (rounded; sources in data/care.json beside this module):
- about 70 in every 10,000 children are looked after (DfE, Children looked after in England 2025: 67 per 10,000);
  a small authority gets at least a dozen, so its demo users have looked-after children to work with;
- ages, placement types (mostly foster care), legal statuses, reasons care ended (adoption, special guardianship,
  returning home), unaccompanied asylum-seeking children, missing episodes and placement moves follow data/care.json;
- about as many care leavers aged 18 to 25 as looked-after children, with pathway plans, personal advisers, what
  they are doing around each birthday and staying put.

Everything is written in bulk (ADR 0006), deterministic for the seed: reviews, visits, health assessments and
personal education plans are spread as practice spreads them, a few of each late, so My work and the children in
care list show overdue work; the clocks running now are Deadline rows computed with the timescales engine. The demo
social worker and IRO carry looked-after children, some with overdue reviews and visits; demo logins are added for
a looked-after children's nurse, a designated teacher, a foster carer and a personal adviser (same password).
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole, SocialWorkerChangeReason
from joinedup.agencies.models import Organisation, Practitioner
from joinedup.agencies.roles import Role
from joinedup.care_leavers.models import (
    CareLeaver,
    CareLeaverCircumstances,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    StayingPut,
)
from joinedup.children_in_care.codes import (
    ADOPTION_PLACEMENTS,
    CONNECTED_PERSON_PLACEMENTS,
    FOSTER_PLACEMENTS,
    LONG_TERM_FOSTER_PLACEMENTS,
    NO_PROVIDER_PLACEMENTS,
    NO_URN_PLACEMENTS,
    URN_PLACEHOLDER_PLACEMENTS,
    ReasonNewEpisode,
    VisitingPattern,
)
from joinedup.children_in_care.models import (
    CareEpisode,
    CarePlan,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PlacementPlan,
    ReturnHomeInterview,
    ReviewDecision,
    SchoolTerm,
    StatutoryVisit,
    StrengthsAndDifficultiesQuestionnaire,
)
from joinedup.people.codes import FatherStatus, ImmigrationStatus, RelationshipType, Sex
from joinedup.people.models import ChildProfile, Person, Relationship
from joinedup.synthetic.voice import age_on, synthetic_child_voice
from joinedup.timescales import engine
from joinedup.timescales.calendar import add_months
from joinedup.timescales.models import Deadline, record_key
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build

if TYPE_CHECKING:
    from joinedup.synthetic.builders import GenerationContext

DATA = Path(__file__).parent.parent / "data" / "care.json"
BATCH = 2000
DEMO_CAREWORKERS = (
    ("lac.nurse", Role.LOOKED_AFTER_CHILDREN_NURSE, "Looked-after children's nurse", "Ruth", "Adeyemi"),
    ("designated.teacher", Role.DESIGNATED_TEACHER, "Designated teacher for looked-after children", "Owen", "Pryce"),
    ("foster.carer", Role.FOSTER_CARER, "Foster carer", "Linda", "Carver"),
    ("personal.adviser", Role.PERSONAL_ADVISER, "Personal adviser, leaving care", "Marcus", "Bello"),
)
VISIT_HISTORY_YEARS = 3  # visits older than this are not generated (volume); reviews and health are kept whole
MET_CLOCKS_DAYS = 365  # met clocks (Deadline rows) are written for the last year, for the timeliness figures

# Care ended with the child at home or with family under an order: the social worker stays on for a while.
_SOCIAL_WORK_AFTER_CARE = frozenset({"E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48"})

DECISIONS = [
    "Continue the current placement; review contact arrangements with mother",
    "Referral to CAMHS for assessment of anxiety",
    "Life story work to start with the foster carer",
    "Social worker to arrange sibling contact every month",
    "Independent visitor to be offered",
    "Personal education plan to include extra tuition in maths",
    "Explore a special guardianship assessment with the paternal aunt",
    "Update the health assessment recommendations on dental care",
]


def _load() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def _age(dob: date, on: date) -> int:
    years = on.year - dob.year
    return years if on >= _birthday(dob, years) else years - 1


def _due(rule_code: str, start: date, interval: str | None = None) -> date:
    return engine.due_date(rule_code, start, interval=interval)


@dataclass
class _Writer:
    """Rows to write, in dependency order, and the clocks to write once their subjects have ids."""

    periods: list[PeriodOfCare] = field(default_factory=list)
    care_plans: list[CarePlan] = field(default_factory=list)
    statuses: list[LegalStatus] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    episodes: list[CareEpisode] = field(default_factory=list)
    placement_plans: list[PlacementPlan] = field(default_factory=list)
    reviews: list[LookedAfterReview] = field(default_factory=list)
    decisions: list[tuple[LookedAfterReview, str, int]] = field(default_factory=list)
    visits: list[StatutoryVisit] = field(default_factory=list)
    health: list[HealthAssessment] = field(default_factory=list)
    dental: list[DentalCheck] = field(default_factory=list)
    immunisations: list[ImmunisationStatus] = field(default_factory=list)
    sdqs: list[StrengthsAndDifficultiesQuestionnaire] = field(default_factory=list)
    peps: list[PersonalEducationPlan] = field(default_factory=list)
    missing: list[MissingEpisode] = field(default_factory=list)
    interviews: list[ReturnHomeInterview] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    # (rule_code, interval, child_id, subject object, started_on, met_on, assignee, team, started_at)
    clocks: list[tuple[str, str, int, Any, date, date | None, Any, Any, datetime | None]] = field(default_factory=list)
    care_leavers: list[CareLeaver] = field(default_factory=list)
    needs: list[NeedsAssessment] = field(default_factory=list)
    pathway_plans: list[PathwayPlan] = field(default_factory=list)
    pathway_reviews: list[PathwayPlanReview] = field(default_factory=list)
    circumstances: list[CareLeaverCircumstances] = field(default_factory=list)
    staying_put: list[StayingPut] = field(default_factory=list)

    def clock(
        self,
        rule_code: str,
        child_id: int,
        subject: Any,
        started_on: date,
        met_on: date | None,
        worker: tuple[Any, Any],
        *,
        interval: str = "standard",
        as_of: date,
        started_at: datetime | None = None,
    ) -> None:
        """A clock: always when open; when met, only within the last year (history for the timeliness page)."""
        if met_on is not None and met_on < as_of - timedelta(days=MET_CLOCKS_DAYS):
            return
        self.clocks.append(
            (rule_code, interval, child_id, subject, started_on, met_on, worker[0], worker[1], started_at)
        )


@dataclass
class _Child:
    id: int
    dob: date
    postcode: str
    school_id: int | None
    worker: tuple[Any, Any] = (None, None)  # (practitioner, team) carrying the child's clocks
    iro: Any = None
    iro_team: Any = None
    force_late: bool = False
    overdue: frozenset[str] = frozenset()  # which clocks are left overdue now: "review", "visit", "health"


class _Care:
    """Builds care histories for one authority."""

    def __init__(self, ctx: GenerationContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.as_of = ctx.as_of
        self.data = _load()
        self.w = _Writer()
        self.carers: list[Person] = []

    # -- drawing ------------------------------------------------------------------------------------------------

    def pick(self, table: dict[str, Any]) -> str:
        return self.ctx.weighted(table)

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def late(self, child: _Child, rate: float) -> bool:
        return child.force_late or self.ctx.percent(rate)

    def cutoff(self, interval_days: int, spread: int = 40) -> date:
        """The last day an event may fall on for its next clock, `interval_days` later, to be overdue now."""
        return self.as_of - timedelta(days=interval_days + self.rng.randint(1, spread))

    # -- people ---------------------------------------------------------------------------------------------------

    def carer(self) -> Person:
        """A foster carer from the authority's pool (carers look after several children over the years)."""
        if self.carers and self.ctx.percent(70):
            return self.rng.choice(self.carers)
        from joinedup.synthetic.builders import build_address, build_postcode

        pool = self.ctx.names["pools"][
            self.rng.choice(["british", "british", "british", "south_asian", "black_caribbean"])
        ]
        female = self.ctx.percent(80)
        given = self.rng.choice(pool["given_female"] if female else pool["given_male"])
        person = _new_person(
            self.ctx,
            given=given,
            family=self.rng.choice(pool["family"]),
            dob=self.as_of - timedelta(days=self.rng.randint(30 * 365, 64 * 365)),
            sex=Sex.FEMALE if female else Sex.MALE,
            postcode=build_postcode(self.ctx),
            address=build_address(self.ctx),
            child=False,
        )
        self.carers.append(person)
        return person

    # -- a period of care -------------------------------------------------------------------------------------

    def period(
        self, child: _Child, start: date, end: date | None, reason: str, *, path: str = "", uasc: bool = False
    ) -> PeriodOfCare:
        """A period of care from `start` to `end` (None: looked after now), with its legal statuses, placements,
        episodes, plans, reviews, visits, health, education and missing episodes."""
        rng, as_of, w = self.rng, self.as_of, self.w
        stop = end or as_of
        age_at_start = _age(child.dob, start)
        period = PeriodOfCare(
            child_id=child.id,
            started_on=start,
            ended_on=end,
            reason_ceased=reason if end else "",
            category_of_need="N8" if uasc else self.pick(self.data["category_of_need"]),
            is_unaccompanied_asylum_seeking=uasc,
            home_postcode=child.postcode,
        )
        w.periods.append(period)
        # Legal statuses: an interim order becomes a full order; a placement order before an adoption.
        first_ls = "V2" if uasc else self.pick(self.data["legal_status_at_start"])
        if first_ls == "J2" or (first_ls.startswith("J") and age_at_start < 10):
            # PACE transfers last hours, and youth justice statuses start at 10 (SSDA903 rules 358, 364).
            first_ls = "V2"
        statuses = [(start, first_ls)]
        if first_ls in ("L1", "L2") and (stop - start).days > (3 if first_ls == "L1" else 21):
            # Police protection lasts at most 72 hours, an emergency protection order at most 21 days (SSDA903
            # rules 361 and 362): an interim care order follows.
            statuses.append((start + (self.days(1, 3) if first_ls == "L1" else self.days(7, 21)), "C1"))
        if first_ls in ("C1", "L1", "L2") and (stop - start).days > 250:
            statuses.append((start + self.days(90, 200) + timedelta(days=30), "C2"))
        if path == "adoption" and (stop - start).days > 300:
            statuses.append((max(statuses[-1][0] + self.days(30, 90), stop - self.days(200, 280)), "E1"))
        statuses = [(d, c) for d, c in statuses if d < stop or d == start]
        # Placements: an emergency placement first for a third, then placements lasting months or years.
        placements: list[tuple[date, str]] = []
        day = start
        while day < stop or not placements:
            kind = self._placement_type(child, day, path, first=not placements, end=end, stop=stop)
            placements.append((day, kind))
            if kind.startswith("T") or (len(placements) == 1 and self.ctx.percent(33)):
                length = rng.randint(7, 90)
            else:
                length = int(rng.expovariate(1 / 700)) + 30
            day = day + timedelta(days=length)
        # Placed for adoption with the current foster carers (A3, A5) only from a foster placement; otherwise with
        # other adopters (A4, A6).
        placements = [
            (
                d,
                {"A3": "A4", "A5": "A6"}[k]
                if k in ("A3", "A5") and (n == 0 or placements[n - 1][1] not in FOSTER_PLACEMENTS)
                else k,
            )
            for n, (d, k) in enumerate(placements)
        ]
        adopted_from = next((n for n, (_d, k) in enumerate(placements) if k in ADOPTION_PLACEMENTS), None)
        if path == "adoption" and end is not None and adopted_from is not None:
            # Adopted from the first placement for adoption: the child stays with those adopters.
            placements = placements[: adopted_from + 1]
        elif path in ("adoption", "sgo", "home") and end is not None and len(placements) > 0:
            final = {"adoption": "A6", "sgo": "U1", "home": "P1"}[path]
            last_start = max(placements[-1][0], stop - self.days(120, 300))
            if last_start > placements[-1][0]:
                placements.append((last_start, final))
            else:
                placements[-1] = (placements[-1][0], final)
        if path == "adoption":
            # Placed for adoption under the placement order (SSDA903 rule 408). With other adopters (A4, A6) the
            # court made it weeks or months before: a change of legal status, then of placement. With the current
            # foster carers (A3, A5) the placement becomes one for adoption the day the order is made: a change of
            # legal status and placement with the same carer (U, rule 217).
            placed_on, placed_kind = next(((d, k) for d, k in placements if k in ADOPTION_PLACEMENTS), (None, ""))
            if placed_on is not None:
                before = [(d, c) for d, c in statuses if c != "E1" and d < placed_on]
                if not before:
                    statuses = [(start, "E1")]
                else:
                    order_on = placed_on - (timedelta(0) if placed_kind in ("A3", "A5") else self.days(30, 120))
                    before = [(d, c) for d, c in before if d < order_on] or before[:1]
                    order_on = min(placed_on, max(order_on, before[-1][0] + timedelta(days=1)))
                    statuses = [*before, (order_on, "E1")]
        if first_ls == "V2":
            # Placed with parents is never under section 20 accommodation (SSDA903 rule 378).
            placements = [(d, "U6" if k == "P1" else k) for d, k in placements]
        # Write the placements and legal statuses; then the SSDA903 episodes at every change.
        care_plan_on = start + self.days(2, 16) if not self.late(child, 4) else start + self.days(15, 30)
        plan = None
        if care_plan_on <= stop:
            plan = CarePlan(
                child_id=child.id,
                period=period,
                agreed_on=care_plan_on,
                permanence_plan="",
                arrangements="Synthetic care plan: needs, placement, contact, health and education arrangements.",
                **synthetic_child_voice(
                    age_on(child.dob, care_plan_on), f"care_plan:{child.id}:{care_plan_on.isoformat()}"
                ).as_fields(),
            )
            w.care_plans.append(plan)
        status_rows = []
        for n, (s_day, code) in enumerate(statuses):
            nxt = statuses[n + 1][0] if n + 1 < len(statuses) else end
            status_rows.append(LegalStatus(child_id=child.id, period=period, code=code, started_on=s_day, ended_on=nxt))
        w.statuses.extend(status_rows)
        placement_rows: list[Placement] = []
        previous_carer: Person | None = None
        for n, (p_day, kind) in enumerate(placements):
            nxt = placements[n + 1][0] if n + 1 < len(placements) else end
            carer = None
            if kind in FOSTER_PLACEMENTS or kind in ADOPTION_PLACEMENTS:
                # Placed for adoption with the current foster carers (A3, A5): the same carers.
                carer = previous_carer if kind in ("A3", "A5") and previous_carer else self.carer()
                while kind not in ("A3", "A5") and placement_rows and carer is placement_rows[-1].carer:
                    carer = self.carer()  # a move is to other carers (the same carers would be a B episode)
            pattern = VisitingPattern.STANDARD
            if kind == "P1":
                pattern = VisitingPattern.PLACED_WITH_PARENTS
            elif kind in CONNECTED_PERSON_PLACEMENTS and n == 0 and self.ctx.percent(30):
                pattern = VisitingPattern.CONNECTED_PERSON
            # Placed with parents at home; supported accommodation the authority commissions inside its area
            # (the community validator's rule 241 holds a K3 provider's URN to the placing authority's area).
            in_area = self.ctx.percent(self.data["placed_inside_the_area_percent"]["rate"]) or kind in ("P1", "K3")
            placement_postcode = (
                child.postcode if kind == "P1" else self._postcode() if in_area else self._postcode_outside()
            )
            # Drawn in this order: provider, reason for the change, setting.
            provider = self._provider(kind, in_area)
            reason_for_change = self.pick(self.data["reason_placement_changed"]) if nxt and nxt != end else ""
            setting_name = self._setting(kind)
            placement = Placement(
                child_id=child.id,
                period=period,
                placement_type=kind,
                provider=provider,
                urn=self._urn(kind, setting_name),
                started_on=p_day,
                ended_on=nxt,
                reason_for_change=reason_for_change,
                carer=carer,
                setting_name=setting_name,
                postcode=placement_postcode,
                is_in_authority=in_area,
                distance_miles=self._distance(child.postcode, placement_postcode),
                visiting_pattern=pattern,
                is_intended_until_eighteen=kind in LONG_TERM_FOSTER_PLACEMENTS,
                is_emergency=n == 0 and self.ctx.percent(40),
                care_plan=plan if plan is not None and plan.agreed_on <= p_day else None,
                care_plan_due_on=None if plan is not None and plan.agreed_on <= p_day else _due("care_plan", start),
            )
            if placement.care_plan is None and placement.care_plan_due_on is not None:
                placement.care_plan_due_on = max(placement.care_plan_due_on, p_day)
            placement_rows.append(placement)
            previous_carer = carer or previous_carer
            if carer is not None and n == 0:
                kind_of_carer = (
                    RelationshipType.KINSHIP_CARER
                    if kind in CONNECTED_PERSON_PLACEMENTS
                    else RelationshipType.FOSTER_CARER
                )
                w.relationships.append(
                    Relationship(
                        from_person=carer,
                        to_person_id=child.id,
                        relationship_type=kind_of_carer,
                        is_significant=True,
                        started_on=p_day,
                        ended_on=nxt,
                    )
                )
        w.placements.extend(placement_rows)
        self._episodes(child, period, status_rows, placement_rows, end, reason)
        self._plans_reviews_visits(child, period, placement_rows, plan, start, end)
        self._health_and_education(child, period, start, end, age_at_start)
        return period

    def _placement_type(self, child: _Child, day: date, path: str, *, first: bool, end: date | None, stop: date) -> str:
        age = _age(child.dob, day)
        # No temporary (T0-T4) placement first: a period of care cannot start with one (SSDA903 rule 380).
        band = "under_5" if age < 5 else "5_to_12" if age < 13 else "13_to_15" if age < 16 else "16_and_over"
        kind = self.pick(self.data["placement_type_by_age"][band])
        if kind in ("K3",) and age < 16:
            kind = "U6"
        if kind == "P1" and path == "adoption":
            # A child whose plan is adoption is in foster care, not placed with their parents, before placement.
            kind = "U6"
        if kind in ADOPTION_PLACEMENTS and path != "adoption":
            # Placed for adoption only on the adoption path, under its placement order (SSDA903 rules 217, 408).
            kind = "U4"
        return kind

    def _provider(self, kind: str, in_area: bool = True) -> str:
        if kind in NO_PROVIDER_PLACEMENTS:
            return ""  # temporary and "other" placements give no provider (SSDA903 rules 178, 213)
        if kind in ("R2", "R5"):
            return "PR3"  # an NHS setting or a young offender institution is other public provision (rule 527)
        if not in_area and kind not in FOSTER_PLACEMENTS and kind not in ADOPTION_PLACEMENTS and kind != "P1":
            # The authority's own homes are inside its area (SSDA903 rule 1015).
            return "" if kind.startswith("T") else "PR4"
        if kind.startswith("T"):
            return ""
        if kind == "P1":
            return "PR0"
        if kind in ("U4", "U5", "U6"):
            return "PR1" if self.ctx.percent(60) else "PR4"
        if kind in ("K2", "K3", "S1"):
            return "PR4" if self.ctx.percent(80) else "PR1"
        return "PR1"

    def _urn(self, kind: str, setting_name: str) -> str:
        """The setting's Ofsted URN: a children's home, secure home, supported accommodation, family centre or
        residential school is registered, and the same setting has the same URN (fictional: "SC9" and five digits
        from its name, so no random draw). Foster and adoption placements give none here (the return writes the
        placeholder); the others have no registration (SSDA903 rules 218, 222, 242)."""
        if kind in NO_URN_PLACEMENTS or kind in URN_PLACEHOLDER_PLACEMENTS or kind in ("H5", "P2", "Z1"):
            return ""
        return f"SC9{zlib.crc32(f'{self.ctx.seed}-{kind}-{setting_name}'.encode()) % 100_000:05d}"

    def _setting(self, kind: str) -> str:
        if kind in ("K2", "K3", "K1", "R1", "S1"):
            place = self.rng.choice(self.ctx.names["places"])
            return {
                "K2": f"{place} House children's home",
                "K3": f"{place} Supported Lodgings",
                "K1": "Secure unit",
            }.get(kind, f"{place} residential setting")
        if kind in ("U4", "U5", "U6") and self.ctx.percent(40):
            return "Independent fostering agency"
        return ""

    def _postcode(self) -> str:
        from joinedup.synthetic.builders import build_postcode

        return build_postcode(self.ctx)

    def _postcode_outside(self) -> str:
        from joinedup.synthetic.builders import build_postcode_outside

        return build_postcode_outside(self.ctx)

    def _distance(self, home: str, placement: str) -> Any:
        """Miles between the two real postcodes (the SSDA903 PL_DISTANCE formula)."""
        from decimal import Decimal

        from joinedup.returns.postcodes import distance_miles

        miles = distance_miles(home, placement)
        return None if miles is None else Decimal(f"{min(miles, 999.9):.1f}")

    def _episodes(
        self,
        child: _Child,
        period: PeriodOfCare,
        statuses: Sequence[LegalStatus],
        placements: Sequence[Placement],
        end: date | None,
        reason: str,
    ) -> None:
        changes = sorted({s.started_on for s in statuses} | {p.started_on for p in placements})
        rows: list[CareEpisode] = []
        previous: Placement | None = None
        for n, day in enumerate(changes):
            status = next(s for s in reversed(statuses) if s.started_on <= day)
            placement = next(p for p in reversed(placements) if p.started_on <= day)
            placement_changed = placement.started_on == day
            status_changed = status.started_on == day
            # A new placement with the same carer (a foster placement becoming one for adoption or long-term): B or U.
            same_carer = placement_changed and previous is not None and placement.carer is not None
            same_carer = same_carer and previous is not None and previous.carer is placement.carer
            if n == 0:
                rne = ReasonNewEpisode.S
            elif placement_changed and status_changed:
                rne = ReasonNewEpisode.U if same_carer else ReasonNewEpisode.T
            elif placement_changed:
                rne = ReasonNewEpisode.B if same_carer else ReasonNewEpisode.P
            else:
                rne = ReasonNewEpisode.L
            previous = placement
            nxt = changes[n + 1] if n + 1 < len(changes) else end
            rows.append(
                CareEpisode(
                    child_id=child.id,
                    period=period,
                    started_on=day,
                    ended_on=nxt,
                    reason_new_episode=rne,
                    legal_status=status,
                    placement=placement,
                    reason_ceased=("X1" if n + 1 < len(changes) else reason) if nxt else "",
                )
            )
        self.w.episodes.extend(rows)

    # -- plans, reviews and visits --------------------------------------------------------------------------

    def _plans_reviews_visits(
        self,
        child: _Child,
        period: PeriodOfCare,
        placements: Sequence[Placement],
        plan: CarePlan | None,
        start: date,
        end: date | None,
    ) -> None:
        w, as_of, rng = self.w, self.as_of, self.rng
        stop = end or as_of
        open_now = end is None
        if plan is not None:
            w.clock("care_plan", child.id, period, start, plan.agreed_on, child.worker, as_of=as_of)
        elif open_now:
            w.clock("care_plan", child.id, period, start, None, child.worker, as_of=as_of)
        for placement in placements:
            agreed = placement.started_on + self.days(1, 6 if not self.late(child, 5) else 14)
            placement_stop = placement.ended_on or as_of
            if agreed <= placement_stop:
                w.placement_plans.append(PlacementPlan(child_id=child.id, placement=placement, agreed_on=agreed))
                w.clock("placement_plan", child.id, placement, placement.started_on, agreed, child.worker, as_of=as_of)
            elif placement.ended_on is None:
                w.clock("placement_plan", child.id, placement, placement.started_on, None, child.worker, as_of=as_of)
        # Reviews: 20 working days, 3 months, then 6-monthly; a few late.
        rule, last = "first_looked_after_review", start
        subject: Any = period
        number = 0
        review_due = _due(rule, start)
        permanence = self.pick(self.data["permanence_plan"])
        while True:
            held = review_due + self.days(3, 45) if self.late(child, 7) else review_due - self.days(0, 12)
            held = max(held, last + timedelta(days=1))
            if held > stop or (open_now and "review" in child.overdue and held > self.cutoff(182)):
                break
            number += 1
            review = LookedAfterReview(
                child_id=child.id,
                period=period,
                held_on=held,
                number=number,
                chair=child.iro,
                participation="PN0" if _age(child.dob, held) < 4 else self.pick(self.data["participation"]),
                permanence_plan=permanence if number >= 2 else "",
                **synthetic_child_voice(
                    age_on(child.dob, held), f"looked_after_review:{child.id}:{held.isoformat()}"
                ).as_fields(),
            )
            w.reviews.append(review)
            for position in range(rng.randint(1, 3)):
                w.decisions.append((review, rng.choice(DECISIONS), position + 1))
            w.clock(
                rule, child.id, subject, last if number > 1 else start, held, (child.iro, child.iro_team), as_of=as_of
            )
            rule = "second_looked_after_review" if number == 1 else "subsequent_looked_after_review"
            subject, last = review, held
            review_due = _due(rule, held)
        if open_now:
            w.clock(rule, child.id, subject, last if number else start, None, (child.iro, child.iro_team), as_of=as_of)
        if plan is not None and permanence:
            plan.permanence_plan = permanence
        # Visits in each placement by its pattern (the last few years only), a few late; the child nearly always seen.
        history_from = as_of - timedelta(days=365 * VISIT_HISTORY_YEARS)
        for placement in placements:
            self._visits(child, placement, history_from)

    def _visits(self, child: _Child, placement: Placement, history_from: date) -> None:
        w, as_of = self.w, self.as_of
        stop = placement.ended_on or as_of
        first_review = next((r.held_on for r in self.w.reviews if r.period is placement.period and r.number == 1), None)
        rule, interval = self._first_visit_rule(placement)
        started = placement.started_on
        subject: Any = placement
        subject_written = True
        due = _due(rule, started, None if interval == "standard" else interval)
        while True:
            visited = due + self.days(1, 30) if self.late(child, 8) else due - self.days(0, 10)
            visited = max(visited, started)
            if visited >= stop or (
                placement.ended_on is None and "visit" in child.overdue and visited > self.cutoff(42, 25)
            ):
                break
            seen = self.ctx.percent(97)
            visit = StatutoryVisit(
                child_id=child.id,
                placement=placement,
                visited_on=visited,
                visited_by=child.worker[0],
                child_seen=seen,
                child_seen_alone=seen and (_age(child.dob, visited) >= 5) and self.ctx.percent(80),
                reason_not_seen_alone="" if _age(child.dob, visited) >= 5 else "Too young to be seen alone",
            )
            written = visited >= history_from
            if written:
                w.visits.append(visit)
            if not seen:
                due = visited + timedelta(days=7)
                continue
            if visited >= history_from:
                w.clock(rule, child.id, subject, started, visited, child.worker, interval=interval, as_of=as_of)
            reviewed = first_review is not None and first_review <= visited
            rule, interval = self._next_visit_rule(placement, visited, reviewed)
            started, subject, subject_written = visited, visit, written
            due = _due(rule, started, None if interval == "standard" else interval)
        if placement.ended_on is None and subject_written:
            w.clock(rule, child.id, subject, started, None, child.worker, interval=interval, as_of=as_of)

    @staticmethod
    def _first_visit_rule(placement: Placement) -> tuple[str, str]:
        if placement.visiting_pattern == VisitingPattern.PLACED_WITH_PARENTS:
            return "placed_with_parents_visit", "to_first_review"
        if placement.visiting_pattern == VisitingPattern.CONNECTED_PERSON:
            return "connected_person_visit", "to_first_review"
        return "first_placement_visit", "standard"

    @staticmethod
    def _next_visit_rule(placement: Placement, visited: date, reviewed: bool) -> tuple[str, str]:
        from joinedup.children_in_care.services.visits import next_visit_rule

        rule, interval = next_visit_rule(placement, visited, first_review_held=reviewed)
        return rule, interval or "standard"

    # -- health and education --------------------------------------------------------------------------------

    def _health_and_education(
        self, child: _Child, period: PeriodOfCare, start: date, end: date | None, age_at_start: int
    ) -> None:
        w, as_of = self.w, self.as_of
        stop = end or as_of
        rule, started = "initial_health_assessment", start
        subject: Any = period
        due = _due(rule, start)
        kind = "initial"
        while True:
            assessed = due + self.days(1, 40) if self.late(child, 12) else due - self.days(0, 14)
            assessed = max(assessed, started + timedelta(days=1))
            if assessed > stop or (end is None and "health" in child.overdue and assessed > self.cutoff(366, 60)):
                break
            assessment = HealthAssessment(child_id=child.id, period=period, kind=kind, assessed_on=assessed)
            w.health.append(assessment)
            w.clock(rule, child.id, subject, started, assessed, child.worker, as_of=as_of)
            rule = (
                "review_health_assessment_under_5"
                if _age(child.dob, assessed) < 5
                else "review_health_assessment_5_plus"
            )
            subject, started, kind = assessment, assessed, "review"
            due = _due(rule, assessed)
        if end is None:
            w.clock(rule, child.id, subject, started, None, child.worker, as_of=as_of)
        day = start + self.days(20, 120)
        while day <= stop:
            w.dental.append(DentalCheck(child_id=child.id, checked_on=day))
            w.immunisations.append(
                ImmunisationStatus(child_id=child.id, recorded_on=day, is_up_to_date=self.ctx.percent(88))
            )
            age = _age(child.dob, day)
            if 4 <= age <= 16:
                if self.ctx.percent(85):
                    w.sdqs.append(
                        StrengthsAndDifficultiesQuestionnaire(
                            child_id=child.id, completed_on=day, score=max(0, min(40, int(self.rng.gauss(14, 6))))
                        )
                    )
                else:
                    w.sdqs.append(
                        StrengthsAndDifficultiesQuestionnaire(
                            child_id=child.id,
                            completed_on=day,
                            reason_not_completed=self.rng.choice(["SDQ2", "SDQ4", "SDQ5"]),
                        )
                    )
            day += self.days(300, 420)
        # Personal education plans from 3: the first within 10 working days (an emergency placement), then termly.
        if age_at_start >= 3 or _age(child.dob, stop) >= 3:
            first_day = max(start, _birthday(child.dob, 3))
            if first_day <= stop and _age(child.dob, first_day) < 18:
                held = _due("personal_education_plan", first_day) - self.days(0, 6)
                if self.late(child, 10):
                    held = held + self.days(5, 30)
                held = max(held, first_day)
                if first_day == start:
                    if held <= stop:
                        w.clock("personal_education_plan", child.id, period, start, held, child.worker, as_of=as_of)
                    elif end is None:
                        w.clock("personal_education_plan", child.id, period, start, None, child.worker, as_of=as_of)
                kind = "initial"
                while held <= stop and _age(child.dob, held) < 18:
                    if held >= as_of - timedelta(days=365 * 2):
                        w.peps.append(
                            PersonalEducationPlan(
                                child_id=child.id,
                                period=period,
                                kind=kind,
                                held_on=held,
                                school_id=child.school_id,
                                virtual_school_contact="Virtual school head's office",
                            )
                        )
                    kind = "review"
                    held = held + self.days(95, 130)

    # -- missing episodes --------------------------------------------------------------------------------------

    def missing(
        self, child: _Child, *, open_now: bool = False, since: date | None = None, until: date | None = None
    ) -> None:
        """Missing and away episodes over the last two years while looked after (from `since`), so each
        collection year's Missing table has them; for a child whose care ended, all over before `until`, the day
        care ended (SSDA903 rules 577, 578)."""
        w, as_of = self.w, self.as_of
        stop = until or as_of
        count = self.rng.randint(1, 6)
        day = stop - self.days(60, 760)
        if since is not None:  # only while looked after (SSDA903 rules 577, 578)
            day = max(day, since + timedelta(days=1))
        for n in range(count):
            last = open_now and n == count - 1
            if last:
                # Missing now: gone these last few days, so not across a change of placement or legal status
                # while the episode is open (SSDA903 rule 575).
                day = max(day, as_of - timedelta(days=3))
            started = timezone.make_aware(
                datetime.combine(day, time(self.rng.randint(15, 23), self.rng.choice([0, 15, 30, 45])))
            )
            if started.date() >= stop:
                break
            ended = None if last else started + timedelta(hours=self.rng.randint(2, 70))
            if until is not None and (ended is None or timezone.localtime(ended).date() >= until):
                break  # care ended: every episode was over by then
            if ended is not None and ended.date() > as_of:
                ended = None
            episode = MissingEpisode(
                child_id=child.id, kind="M" if self.ctx.percent(70) else "A", started_at=started, ended_at=ended
            )
            w.missing.append(episode)
            if ended is not None:
                offered = ended + timedelta(hours=self.rng.randint(4, 60 if self.ctx.percent(85) else 120))
                if offered.date() <= as_of:
                    accepted = self.ctx.percent(65)
                    w.interviews.append(
                        ReturnHomeInterview(
                            child_id=child.id,
                            episode=episode,
                            offered_at=offered,
                            accepted=accepted,
                            held_on=offered.date() if accepted else None,
                            carried_out_by="Missing from home and care service" if accepted else "",
                            recorded_by=child.worker[0],  # the child's social worker records the offer
                        )
                    )
                    w.clock(
                        "return_home_interview",
                        child.id,
                        episode,
                        timezone.localtime(ended).date(),
                        timezone.localtime(offered).date(),
                        child.worker,
                        as_of=as_of,
                        started_at=ended,
                    )
                else:
                    w.clock(
                        "return_home_interview",
                        child.id,
                        episode,
                        timezone.localtime(ended).date(),
                        None,
                        child.worker,
                        as_of=as_of,
                        started_at=ended,
                    )
            if ended is None:
                break
            day = ended.date() + self.days(5, 60)


def _new_person(
    ctx: GenerationContext,
    *,
    given: str,
    family: str,
    dob: date,
    sex: str,
    postcode: str,
    address: str,
    child: bool,
    ethnicity: str = "",
) -> Person:
    from joinedup.synthetic.builders import build_person

    return build_person(
        ctx,
        given=given,
        family=family,
        dob=dob,
        sex=sex,
        ethnicity=ethnicity or ctx.weighted(ctx.population["ethnicity"]),
        postcode=postcode,
        address=address,
        child=child,
        language="English",
        religion="",
    )


def _pick_years(care: _Care) -> int:
    band = care.pick(care.data["years_in_care"])
    if band == "5-9":
        return care.rng.randint(5, 9)
    if band == "10+":
        return care.rng.randint(10, 16)
    return int(band)


def _age_band(age: int) -> str:
    if age == 0:
        return "0"
    if age <= 4:
        return "1-4"
    if age <= 9:
        return "5-9"
    if age <= 15:
        return "10-15"
    return "16-17"


class _Stage:
    """The stage: who is looked after, who has left care, care leavers to 25, and the practitioners and demo users
    who work with them."""

    def __init__(self, ctx: GenerationContext) -> None:
        self.ctx = ctx
        self.care = _Care(ctx)
        self.rng = ctx.rng
        self.as_of = ctx.as_of
        self.new_practitioners: dict[str, list[Practitioner]] = {}
        self.demo: dict[str, Practitioner] = {}
        self.left: list[tuple[_Child, date, date]] = []  # children whose care ended, with its start and end
        self.in_care: list[tuple[_Child, date]] = []  # children looked after now, with the start of their care
        self.after_care = random.Random(f"allocation-after-care-{ctx.seed}")
        # Allocations earlier stages made (the child's social worker now), by child.
        self.earlier_allocations: dict[int, list[Involvement]] = {}

    # -- practitioners ------------------------------------------------------------------------------------------

    def practitioners(self) -> None:
        from joinedup.synthetic.builders import DEMO_PASSWORD, practitioner_name

        ctx = self.ctx
        la = ctx.organisations["local_authority"][0]
        health = ctx.organisations["health_visiting"][0]
        leaving = ctx.teams["care_leavers"]
        made: list[Practitioner] = []
        specs = [
            ("nurse", Role.LOOKED_AFTER_CHILDREN_NURSE, health, None, max(2, ctx.children // 100_000 + 1)),
            ("adviser", Role.PERSONAL_ADVISER, la, leaving, max(2, ctx.children // 40_000 + 1)),
        ]
        for key, role, org, team, count in specs:
            rows = []
            for _ in range(count):
                given, family = practitioner_name(ctx)
                rows.append(
                    Practitioner(
                        given_name=given,
                        family_name=family,
                        role=role,
                        organisation=org,
                        team=team,
                        job_title=role.label,
                        is_registered_health_professional=role == Role.LOOKED_AFTER_CHILDREN_NURSE,
                    )
                )
            self.new_practitioners[key] = rows
            made.extend(rows)
        Practitioner.objects.bulk_create(made)
        user_model = get_user_model()
        orgs = {
            Role.LOOKED_AFTER_CHILDREN_NURSE: (health, None),
            Role.DESIGNATED_TEACHER: (ctx.organisations["primary"][0], None),
            Role.FOSTER_CARER: (la, None),
            Role.PERSONAL_ADVISER: (la, leaving),
        }
        for username, role, description, given, family in DEMO_CAREWORKERS:
            if user_model.objects.filter(username=username).exists():
                continue
            user = user_model.objects.create_user(
                username=username, password=DEMO_PASSWORD, email=f"{username}@joinedup.invalid"
            )
            org, team = orgs[role]
            self.demo[username] = Practitioner.objects.create(
                user=user,
                given_name=given,
                family_name=family,
                role=role,
                organisation=org,
                team=team,
                job_title=description,
                email=f"{username}@joinedup.invalid",
                is_registered_health_professional=role == Role.LOOKED_AFTER_CHILDREN_NURSE,
            )

    # -- choosing the children ----------------------------------------------------------------------------------

    def run(self) -> None:
        ctx, care, as_of, rng = self.ctx, self.care, self.as_of, self.rng
        self.practitioners()
        rows: list[tuple[int, date, str, int | None]] = [
            (pk, dob, postcode, school_id)
            for pk, dob, postcode, school_id in Person.objects.filter(
                id__in=ctx.child_ids, child_profile__is_unborn=False, date_of_birth__isnull=False
            )
            .order_by("id")
            .values_list("id", "date_of_birth", "postcode", "child_profile__school_id")
            if dob is not None
        ]
        allocated: dict[int, tuple[Any, Any]] = {}
        iros: dict[int, tuple[Any, Any]] = {}
        for inv in Involvement.objects.filter(child_id__in=[r[0] for r in rows]).select_related("practitioner"):
            if inv.role == InvolvementRole.ALLOCATED_SOCIAL_WORKER:
                allocated.setdefault(inv.child_id, (inv.practitioner, inv.team_id))
                self.earlier_allocations.setdefault(inv.child_id, []).append(inv)
            elif inv.role == InvolvementRole.INDEPENDENT_REVIEWING_OFFICER:
                iros.setdefault(inv.child_id, (inv.practitioner, inv.team_id))
        in_care_team = ctx.teams["children_in_care"]
        care_workers = [p for p in ctx.practitioners["children_in_care"] if p.role == Role.SOCIAL_WORKER]
        iro_pool = list(ctx.practitioners["iro"])
        by_band: dict[str, list[tuple[int, date, str, int | None]]] = {}
        for row in rows:
            by_band.setdefault(_age_band(_age(row[1], as_of)), []).append(row)
        target = max(
            int(care.data["looked_after_per_10000"]["minimum"]),
            round(ctx.children * care.data["looked_after_per_10000"]["rate"] / 10_000),
        )
        chosen: list[tuple[int, date, str, int | None]] = []
        taken: set[int] = set()
        # Children the involvements stage allocated to the children in care team come first.
        preferred = [r for r in rows if allocated.get(r[0], (None, None))[1] == in_care_team.pk]
        rng.shuffle(preferred)
        for row in preferred[: target // 3]:
            chosen.append(row)
            taken.add(row[0])
        while len(chosen) < target and len(taken) < len(rows):
            band = care.pick(care.data["age_when_looked_after"])
            pool = by_band.get(band) or rows
            row = rng.choice(pool)
            if row[0] in taken:
                continue
            chosen.append(row)
            taken.add(row[0])
        demo_sw, demo_iro = ctx.demo_practitioners["social.worker"], ctx.demo_practitioners["iro"]
        looked_after: list[_Child] = []
        new_involvements = care.w.involvements
        for n, (child_id, dob, postcode, school_id) in enumerate(chosen):
            child = _Child(child_id, dob, postcode, school_id)
            if n < 8 and child_id not in allocated:
                child.worker = (demo_sw, demo_sw.team_id)
                child.overdue = frozenset({"visit", "review"}) if n in (1, 4) else frozenset()
            elif child_id in allocated:
                child.worker = allocated[child_id]
            else:
                worker = rng.choice(care_workers)
                child.worker = (worker, in_care_team.pk)
            if child.worker[0] is not allocated.get(child_id, (None,))[0]:
                new_involvements.append(
                    Involvement(
                        practitioner=child.worker[0],
                        child_id=child_id,
                        team_id=child.worker[1],
                        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                        started_on=as_of,  # corrected below to the start of care
                    )
                )
            if n >= 8 and n < 18:
                child.iro, child.iro_team = demo_iro, demo_iro.team_id
                if n in (9, 12):
                    child.overdue = child.overdue | {"review"}
            elif child_id in iros:
                child.iro, child.iro_team = iros[child_id]
            else:
                iro = rng.choice(iro_pool)
                child.iro, child.iro_team = iro, iro.team_id
            if child_id not in iros:
                new_involvements.append(
                    Involvement(
                        practitioner=child.iro,
                        child_id=child_id,
                        team_id=child.iro_team,
                        role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
                        started_on=as_of,
                    )
                )
            if not child.overdue:
                child.overdue = frozenset(
                    name for name, rate in (("review", 6), ("visit", 10), ("health", 8)) if ctx.percent(rate)
                )
            looked_after.append(child)
        self.looked_after(looked_after, new_involvements)
        left = [r for r in rows if r[0] not in taken and _age(r[1], as_of) >= 1]
        rng.shuffle(left)
        n_left = round(target * care.data["left_care_per_looked_after"]["rate"])
        self.left_care(left[:n_left], care_workers, iro_pool, in_care_team.pk)
        self.care_leavers(round(target * care.data["care_leavers_per_looked_after"]["rate"]), iro_pool)
        self.adopted(rows, target, care_workers, iro_pool, in_care_team.pk)
        self.missing_before_care_ended()
        self.missing_in_earlier_placements()
        self.social_worker_changes(care_workers, in_care_team.pk)
        self.write()
        ctx.counts["looked_after"] = len(looked_after)
        ctx.counts["left_care"] = min(n_left, len(left))
        ctx.counts["placements"] = len(care.w.placements)
        ctx.counts["missing_episodes"] = len(care.w.missing)

    # -- looked after now -----------------------------------------------------------------------------------------

    def looked_after(self, children: list[_Child], involvements: list[Involvement]) -> None:
        ctx, care, as_of, rng = self.ctx, self.care, self.as_of, self.rng
        uasc: list[int] = []
        open_missing = 0
        self.looked_after_ids = [c.id for c in children]
        starts: dict[int, date] = {}
        for child in children:
            age = _age(child.dob, as_of)
            years = min(_pick_years(care), age)
            start = as_of - timedelta(days=years * 365 + rng.randint(14, 360))
            start = max(start, child.dob + timedelta(days=rng.randint(1, 40)))
            start = min(start, as_of - timedelta(days=14))
            is_uasc = age >= 14 and ctx.percent(care.data["unaccompanied_asylum_seeking_percent_of_14_plus"]["rate"])
            if is_uasc:
                start = max(start, _birthday(child.dob, 14) + timedelta(days=rng.randint(0, 300)))
                start = min(start, as_of - timedelta(days=14))
                uasc.append(child.id)
            starts[child.id] = start
            self.in_care.append((child, start))
            care.period(child, start, None, "", uasc=is_uasc)
            if age >= 11 and ctx.percent(care.data["missing_percent_of_11_plus"]["rate"]):
                # Only while in the current placement, so an open episode is from it (SSDA903 rule 575).
                since = max(start, care.w.placements[-1].started_on)
                care.missing(child, open_now=open_missing < 2 and ctx.percent(25), since=since)
                open_missing += 1
            if age >= 16:
                eligible_on = max(_birthday(child.dob, 16), start + timedelta(days=91))
                if eligible_on <= as_of:
                    self.leaving_care(child, eligible_on, left_on=None, reason="")
        for inv in involvements:
            if inv.child_id in starts:
                inv.started_on = starts[inv.child_id]
        # A social worker allocated earlier is allocated from the start of care at the latest (SSDA903 SWEpisodes).
        for inv in Involvement.objects.filter(
            child_id__in=list(starts), role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, ended_on__isnull=True
        ).only("id", "child_id", "started_on"):
            if inv.started_on > starts[inv.child_id]:
                Involvement.objects.filter(pk=inv.pk).update(started_on=starts[inv.child_id])
        self.uasc_ids = uasc
        self.partners(children)

    def partners(self, children: list[_Child]) -> None:
        """The looked-after children's nurses and the schools' designated teachers, involved with the children; the
        demo nurse, designated teacher and foster carer each with a few children."""
        ctx, care, as_of = self.ctx, self.care, self.as_of
        w = care.w
        nurses = self.new_practitioners["nurse"]
        demo_nurse = self.demo.get("lac.nurse")
        for n, child in enumerate(children):
            nurse = demo_nurse if demo_nurse is not None and n % 4 == 0 else nurses[n % len(nurses)]
            w.involvements.append(
                Involvement(
                    practitioner=nurse,
                    child_id=child.id,
                    role=InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE,
                    started_on=as_of - timedelta(days=30),
                )
            )
        # A designated teacher for each school a looked-after child attends; the demo one at the demo DSL's school.
        demo_school = ctx.organisations["primary"][0]
        school_age = [c for c in children if 5 <= _age(c.dob, as_of) <= 10]
        moved = school_age[:2]
        if moved:
            ChildProfile.objects.filter(person_id__in=[c.id for c in moved]).update(school=demo_school)
            for child in moved:
                child.school_id = demo_school.pk
        teachers: dict[int, Practitioner] = {}
        if "designated.teacher" in self.demo:
            teachers[demo_school.pk] = self.demo["designated.teacher"]
        schools = {o.pk: o for o in Organisation.objects.filter(pk__in={c.school_id for c in children if c.school_id})}
        from joinedup.synthetic.builders import practitioner_name

        new_teachers = []
        for school_id, school in schools.items():
            if school_id not in teachers and school.organisation_type == "school":
                given, family = practitioner_name(ctx)
                teachers[school_id] = Practitioner(
                    given_name=given,
                    family_name=family,
                    role=Role.DESIGNATED_TEACHER,
                    organisation=school,
                    job_title="Designated teacher for looked-after children",
                )
                new_teachers.append(teachers[school_id])
        Practitioner.objects.bulk_create(new_teachers)
        self.school_terms(list(schools.values()))
        for child in children:
            if child.school_id in teachers:
                w.involvements.append(
                    Involvement(
                        practitioner=teachers[child.school_id],
                        child_id=child.id,
                        role=InvolvementRole.DESIGNATED_TEACHER,
                        started_on=as_of - timedelta(days=60),
                    )
                )
        carer = self.demo.get("foster.carer")
        if carer is not None:
            current_foster = [
                p
                for p in w.placements
                if p.ended_on is None and p.placement_type in ("U4", "U6") and p.child_id in set(self.looked_after_ids)
            ][:2]
            for placement in current_foster:
                placement.carer_practitioner = carer
                w.involvements.append(
                    Involvement(
                        practitioner=carer,
                        child_id=placement.child_id,
                        role=InvolvementRole.FOSTER_CARER,
                        started_on=placement.started_on,
                    )
                )

    def school_terms(self, schools: list[Organisation]) -> None:
        """Term dates for the schools looked-after children attend (fictional: each school's own dates are data it
        gives the authority), so the care history can say whether the personal education plan was reviewed this
        term."""
        year = self.as_of.year if self.as_of.month >= 9 else self.as_of.year - 1
        rows = []
        for school in schools:
            if school.organisation_type != "school":
                continue
            shift = timedelta(days=self.rng.randint(0, 4))
            for name, starts, ends in (
                ("Autumn term", date(year, 9, 2), date(year, 12, 19)),
                ("Spring term", date(year + 1, 1, 5), date(year + 1, 3, 27)),
                ("Summer term", date(year + 1, 4, 13), date(year + 1, 7, 21)),
            ):
                rows.append(SchoolTerm(school=school, name=name, starts_on=starts + shift, ends_on=ends + shift))
        SchoolTerm.objects.bulk_create(rows, batch_size=BATCH)

    # -- left care ---------------------------------------------------------------------------------------------

    def left_care(
        self, rows: list[tuple[int, date, str, int | None]], workers: list[Any], iros: list[Any], team: int
    ) -> None:
        care, as_of, rng = self.care, self.as_of, self.rng
        for child_id, dob, postcode, school_id in rows:
            age = _age(dob, as_of)
            end = as_of - timedelta(days=rng.randint(30, max(31, min(age * 365, 6 * 365))))
            end = max(end, dob + timedelta(days=120))
            length = rng.randint(60, max(61, min((end - dob).days - 1, 4 * 365)))
            start = end - timedelta(days=length)
            if start <= dob:
                continue
            reason = care.pick(care.data["reason_left_care_under_18"])
            if reason in ("E11", "E12") and _age(dob, end) > 9:
                reason = "E4A"
            path = "adoption" if reason in ("E11", "E12") else ""
            if reason in ("E45", "E46", "E47", "E48"):
                path = "sgo"
            elif reason in ("E4A", "E4B"):
                path = "home" if self.ctx.percent(40) else ""
            worker = rng.choice(workers)
            iro = rng.choice(iros)
            child = _Child(child_id, dob, postcode, school_id, worker=(worker, team), iro=iro, iro_team=iro.team_id)
            care.period(child, start, end, reason, path=path)
            self._allocated_while_looked_after(worker, child_id, team, start, self._allocation_ends(end, reason))
            self.left.append((child, start, end))

    def missing_before_care_ended(self) -> None:
        """Children whose care ended in the last two years went missing while looked after, as often as those looked
        after now, so the Missing table of an earlier collection year has them too. Their own random stream (as
        `adopted`), so the rest of the synthetic data is unchanged."""

        ctx, care = self.ctx, self.care
        shared = ctx.rng
        ctx.rng = care.rng = self.rng = random.Random(f"missing-before-care-ended-{ctx.seed}")
        try:
            rate = care.data["missing_percent_of_11_plus"]["rate"]
            for child, start, end in self.left:
                if end < self.as_of - timedelta(days=730) or _age(child.dob, end) < 11 or not ctx.percent(rate):
                    continue
                last_placement = max(
                    (p.started_on for p in care.w.placements if p.child_id == child.id and p.started_on < end),
                    default=start,
                )
                care.missing(child, since=max(start, last_placement), until=end)
        finally:
            ctx.rng = care.rng = self.rng = shared

    def missing_in_earlier_placements(self) -> None:
        """Children looked after now went missing from earlier placements in this care too, as often as from the
        current one and at least three of them (so a small authority's Missing table has children in each
        collection year), every episode over before the current placement began (SSDA903 rules 575, 577). Their own
        random stream (as `adopted`), so the rest of the synthetic data is unchanged."""

        ctx, care = self.ctx, self.care
        shared = ctx.rng
        ctx.rng = care.rng = self.rng = random.Random(f"missing-in-earlier-placements-{ctx.seed}")
        try:
            rate = care.data["missing_percent_of_11_plus"]["rate"]
            eligible = []
            for child, start in self.in_care:
                current = max(
                    (p.started_on for p in care.w.placements if p.child_id == child.id and p.started_on >= start),
                    default=start,
                )
                if current - start >= timedelta(days=120) and _age(child.dob, current) >= 11:
                    eligible.append((child, start, current))
            chosen = max(3, round(len(eligible) * rate / 100))
            for child, start, current in self.rng.sample(eligible, min(chosen, len(eligible))):
                care.missing(child, since=start, until=current)
        finally:
            ctx.rng = care.rng = self.rng = shared

    def social_worker_changes(self, workers: list[Any], team: int) -> None:
        """About a third of the children looked after now had another social worker before the one they have, the
        change in the last two years with the DfE's reason for it (SSDA903 SWEpisodes SW_REASON; data/care.json);
        every first allocation this stage makes is first contact (FCONTA). The worker the child has now keeps the
        clocks. Its own random stream, so the rest of the data is unchanged."""

        rng = random.Random(f"social-worker-changes-{self.ctx.seed}")
        reasons = {k: v for k, v in self.care.data["social_worker_change_reason"].items() if not k.startswith("_")}
        percent = self.care.data["social_worker_change_percent"]["rate"]
        w = self.care.w
        allocations = [i for i in w.involvements if i.role == InvolvementRole.ALLOCATED_SOCIAL_WORKER]
        for inv in allocations:
            inv.reason_for_social_worker_change = SocialWorkerChangeReason.FCONTA
        now = set(self.looked_after_ids)
        latest = self.as_of - timedelta(days=14)
        for inv in allocations:
            if inv.child_id not in now or inv.ended_on is not None or rng.random() * 100 >= percent:
                continue
            earliest = max(inv.started_on + timedelta(days=60), self.as_of - timedelta(days=730))
            if earliest >= latest:
                continue
            changed_on = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            before = [p for p in workers if p.pk != inv.practitioner.pk] or workers
            w.involvements.append(
                Involvement(
                    practitioner=rng.choice(before),
                    child_id=inv.child_id,
                    team_id=team,
                    role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                    started_on=inv.started_on,
                    ended_on=changed_on - timedelta(days=1),
                    reason_for_social_worker_change=SocialWorkerChangeReason.FCONTA,
                )
            )
            inv.started_on = changed_on
            inv.reason_for_social_worker_change = rng.choices(list(reasons), weights=list(reasons.values()))[0]

    def _allocation_ends(self, care_ended: date, reason: str) -> date | None:
        """When the social worker's allocation ends for a child whose care ended: a child who went home, or to live
        under a special guardianship or child arrangements order, keeps their social worker for 2 to 9 months of
        child in need work and support after care (None: still allocated now); otherwise it ends with care. Drawn
        from its own random stream, so the rest of the data is unchanged."""
        if reason not in _SOCIAL_WORK_AFTER_CARE:
            return care_ended
        ends = care_ended + timedelta(days=self.after_care.randint(60, 270))
        return None if ends >= self.as_of else ends

    def _allocated_while_looked_after(
        self, worker: Any, child_id: int, team: int, start: date, end: date | None
    ) -> None:
        """The allocated social worker for a period of care now over (SSDA903 SWEpisodes), to `end` (None: still
        allocated). One social worker at a time: a child an earlier stage allocated during that care kept that
        worker from the start of care; one allocated after it is handed on then, a week or more later a new first
        contact, or sooner a transfer between teams."""
        later = None
        for earlier in self.earlier_allocations.get(child_id, []):
            if earlier.ended_on is not None and earlier.ended_on < start:
                continue
            if earlier.started_on <= (end or self.as_of):
                if earlier.started_on > start:
                    Involvement.objects.filter(pk=earlier.pk).update(started_on=start)
                return
            later = earlier if later is None or earlier.started_on < later.started_on else later
        if later is not None:
            end = min(end or later.started_on, later.started_on - timedelta(days=1))
            if later.started_on - end <= timedelta(days=7):
                Involvement.objects.filter(pk=later.pk).update(
                    reason_for_social_worker_change=SocialWorkerChangeReason.TSPROC
                )
        self.care.w.involvements.append(
            Involvement(
                practitioner=worker,
                child_id=child_id,
                team_id=team,
                role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                started_on=start,
                ended_on=end,
            )
        )

    def adopted(
        self, rows: list[tuple[int, date, str, int | None]], target: int, workers: list[Any], iros: list[Any], team: int
    ) -> None:
        """Young children adopted in each of the last two years (E11, E12), so the SSDA903 AD1 and Annex A list 10
        have rows in a small authority too: about 12 in every 100 looked-after children, at least three, ending
        spread over the last two years. Drawn from their own random stream (swapped in for these periods only), so
        the rest of the synthetic data is the same with or without them."""

        ctx, care, as_of = self.ctx, self.care, self.as_of
        shared = ctx.rng
        rng = random.Random(f"adopted-{ctx.seed}")
        ctx.rng = care.rng = self.rng = rng
        try:
            in_care = {p.child_id for p in care.w.periods}
            young = [r for r in rows if r[0] not in in_care and 3 <= _age(r[1], as_of) <= 8]
            rng.shuffle(young)
            count = max(4, round(target * 12 / 100))
            for n, (child_id, dob, postcode, school_id) in enumerate(young[:count]):
                end = as_of - timedelta(days=30 + n * (690 // count) + rng.randint(0, 20))
                start = max(dob + timedelta(days=rng.randint(1, 60)), end - timedelta(days=rng.randint(500, 900)))
                if (end - start).days < 400:
                    continue
                worker, iro = rng.choice(workers), rng.choice(iros)
                child = _Child(child_id, dob, postcode, school_id, worker=(worker, team), iro=iro, iro_team=iro.team_id)
                care.period(child, start, end, rng.choice(["E11", "E12"]), path="adoption")
                self._allocated_while_looked_after(worker, child_id, team, start, end)
        finally:
            ctx.rng = care.rng = self.rng = shared

    # -- care leavers to 25 ------------------------------------------------------------------------------------

    def care_leavers(self, count: int, iros: list[Any]) -> None:
        from joinedup.synthetic.builders import build_address, build_postcode

        ctx, care, as_of, rng = self.ctx, self.care, self.as_of, self.rng
        people, metas = [], []
        for _ in range(max(count, 6)):
            pool = ctx.names["pools"][
                rng.choice(
                    ["british", "british", "black_african", "south_asian", "eastern_european", "black_caribbean"]
                )
            ]
            sex = Sex.MALE if ctx.percent(55) else Sex.FEMALE
            given = rng.choice(pool["given_male"] if sex == Sex.MALE else pool["given_female"])
            dob = as_of - timedelta(days=rng.randint(18 * 365 + 5, 25 * 365 - 5))
            person = _new_person(
                ctx,
                given=given,
                family=rng.choice(pool["family"]),
                dob=dob,
                sex=sex,
                postcode=build_postcode(ctx),
                address=build_address(ctx),
                child=True,
            )
            people.append(person)
            metas.append(ctx.weighted({"ehc_plan": 14, "sen_support": 26, "none": 60}))
        Person.objects.bulk_create(people, batch_size=BATCH)
        ChildProfile.objects.bulk_create(
            [
                ChildProfile(
                    person=p,
                    special_educational_needs=sen,
                    father_status=FatherStatus.NOT_KNOWN,
                    father_not_known_reason="Not recorded in the young person's care record",
                )
                for p, sen in zip(people, metas, strict=True)
            ],
            batch_size=BATCH,
        )
        leaving_team = ctx.teams["care_leavers"]
        workers = [p for p in ctx.practitioners["care_leavers"] if p.role == Role.SOCIAL_WORKER] or [
            p for p in ctx.practitioners["children_in_care"] if p.role == Role.SOCIAL_WORKER
        ]
        self.care_leaver_ids = [p.pk for p in people]
        for n, person in enumerate(people):
            assert person.date_of_birth is not None
            dob = person.date_of_birth
            eighteenth = _birthday(dob, 18)
            leaves_at_16_or_17 = ctx.percent(15)
            end = eighteenth - timedelta(days=rng.randint(30, 600)) if leaves_at_16_or_17 else eighteenth
            end = max(end, _birthday(dob, 16) + timedelta(days=100))
            start = end - timedelta(days=rng.randint(120, 8 * 365))
            start = max(start, dob + timedelta(days=30))
            reason = care.pick(care.data["reason_left_care_at_18"]) if end == eighteenth else "E4A"
            worker = rng.choice(workers)
            iro = rng.choice(iros)
            child = _Child(
                person.pk, dob, person.postcode, None, worker=(worker, leaving_team.pk), iro=iro, iro_team=iro.team_id
            )
            care.period(child, start, end, reason)
            eligible_on = max(_birthday(dob, 16), start + timedelta(days=91))
            if eligible_on < end:
                self.leaving_care(child, eligible_on, left_on=end, reason=reason, adviser_index=n)
            care.w.involvements.append(
                Involvement(
                    practitioner=worker,
                    child_id=person.pk,
                    team=leaving_team,
                    role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                    started_on=start,  # allocated while looked after too (SSDA903 SWEpisodes)
                    ended_on=None if _age(dob, as_of) < 21 else _birthday(dob, 21),
                )
            )

    def leaving_care(
        self, child: _Child, eligible_on: date, *, left_on: date | None, reason: str, adviser_index: int = 0
    ) -> None:
        """Eligibility, the needs assessment, pathway plans reviewed about 6-monthly (a few late), a personal adviser,
        what the young person is doing around each birthday, and staying put after an E17 ending."""
        ctx, care, as_of, rng = self.ctx, self.care, self.as_of, self.rng
        w = care.w
        dob = child.dob
        age = _age(dob, as_of)
        to_25 = age >= 21 and ctx.percent(care.data["support_to_25_percent_of_21_plus"]["rate"])
        leaver = CareLeaver(
            child_id=child.id,
            became_eligible_on=eligible_on,
            support_to_25_requested_on=_birthday(dob, 21) + timedelta(days=rng.randint(0, 90)) if to_25 else None,
        )
        if leaver.support_to_25_requested_on and leaver.support_to_25_requested_on > as_of:
            leaver.support_to_25_requested_on = as_of
        w.care_leavers.append(leaver)
        support_until = _birthday(dob, 25 if to_25 else 21)
        stop = min(as_of, support_until)
        done = eligible_on + timedelta(days=rng.randint(20, 85 if not care.late(child, 8) else 130))
        if done <= as_of:
            w.needs.append(NeedsAssessment(child_id=child.id, completed_on=done))
            w.clock("eligible_child_needs_assessment", child.id, leaver, eligible_on, done, child.worker, as_of=as_of)
        else:
            w.clock("eligible_child_needs_assessment", child.id, leaver, eligible_on, None, child.worker, as_of=as_of)
            return
        plan_on = done + timedelta(days=rng.randint(0, 30))
        if plan_on > stop:
            return
        plan = PathwayPlan(
            child_id=child.id,
            agreed_on=plan_on,
            summary="Synthetic pathway plan",
            **synthetic_child_voice(
                age_on(child.dob, plan_on), f"pathway_plan:{child.id}:{plan_on.isoformat()}"
            ).as_fields(),
        )
        w.pathway_plans.append(plan)
        subject: Any = plan
        last = plan_on
        while True:
            due = add_months(last, 6)
            reviewed = (
                due + timedelta(days=rng.randint(3, 60))
                if care.late(child, 9)
                else due - timedelta(days=rng.randint(0, 20))
            )
            if reviewed > stop:
                break
            review = PathwayPlanReview(child_id=child.id, pathway_plan=plan, reviewed_on=reviewed)
            w.pathway_reviews.append(review)
            w.clock("pathway_plan_review", child.id, subject, last, reviewed, child.worker, as_of=as_of)
            subject, last = review, reviewed
        if as_of < support_until:
            w.clock("pathway_plan_review", child.id, subject, last, None, child.worker, as_of=as_of)
            advisers = self.new_practitioners["adviser"]
            demo = self.demo.get("personal.adviser")
            adviser = demo if demo is not None and adviser_index % 5 == 0 else advisers[adviser_index % len(advisers)]
            w.involvements.append(
                Involvement(
                    practitioner=adviser,
                    child_id=child.id,
                    team=adviser.team,
                    role=InvolvementRole.PERSONAL_ADVISER,
                    started_on=max(eligible_on, _birthday(dob, 16)),
                )
            )
        for birthday_age in range(17, 26):
            day = _birthday(dob, birthday_age)
            recorded_on = day + timedelta(days=rng.randint(-60, 25))
            if recorded_on > as_of or day > support_until:
                break
            in_touch = (
                "YES" if ctx.percent(care.data["in_touch_percent"]["rate"]) else rng.choice(["NO", "REFU", "NREQ"])
            )
            looked_after_then = left_on is None or day < left_on
            accommodation = "C" if looked_after_then and rng.random() < 0.5 else care.pick(care.data["accommodation"])
            if reason == "E17" and birthday_age < 21:
                accommodation = "Z"
            w.circumstances.append(
                CareLeaverCircumstances(
                    child_id=child.id,
                    birthday=birthday_age,
                    recorded_on=recorded_on,
                    in_touch=in_touch,
                    activity=care.pick(care.data["activity"]) if in_touch == "YES" else "0",
                    accommodation=accommodation if in_touch == "YES" else "0",
                    # No fixed abode and custody are never suitable (SSDA903 ACCOM S2, X2; rule 133).
                    accommodation_suitable=(ctx.percent(88) and accommodation not in ("S", "X"))
                    if in_touch == "YES"
                    else None,
                )
            )
        if reason == "E17" and left_on is not None:
            carer = next((p.carer for p in reversed(w.placements) if p.child_id == child.id and p.carer), None)
            twenty_first = _birthday(dob, 21)
            ended = (
                None
                if as_of < twenty_first and ctx.percent(75)
                else min(twenty_first, left_on + timedelta(days=rng.randint(90, 900)))
            )
            if ended is not None and ended > as_of:
                ended = None if as_of < twenty_first else twenty_first
            w.staying_put.append(StayingPut(child_id=child.id, carer=carer, started_on=left_on, ended_on=ended))

    # -- writing ---------------------------------------------------------------------------------------------------

    def write(self) -> None:
        w = self.care.w
        Person.objects.bulk_create([c for c in self.care.carers if c.pk is None], batch_size=BATCH)
        groups: list[list[Any]] = [
            w.periods,
            w.care_plans,
            w.statuses,
            w.placements,
            w.episodes,
            w.placement_plans,
            w.reviews,
            [ReviewDecision(review=r, decision=text, position=n) for r, text, n in w.decisions],
            w.visits,
            w.health,
            w.dental,
            w.immunisations,
            w.sdqs,
            w.peps,
            w.missing,
            w.interviews,
            w.involvements,
            w.care_leavers,
            w.needs,
            w.pathway_plans,
            w.pathway_reviews,
            w.circumstances,
            w.staying_put,
        ]
        for rows in groups:
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=BATCH)
        Relationship.objects.bulk_create(w.relationships, batch_size=BATCH, ignore_conflicts=True)
        self.write_clocks()
        ChildProfile.objects.filter(person_id__in=self.looked_after_ids).update(is_looked_after=True)
        missing_now = {e.child_id for e in w.missing if e.ended_at is None}
        ChildProfile.objects.filter(person_id__in=missing_now).update(is_missing=True)
        Person.objects.filter(id__in=self.uasc_ids).update(
            immigration_status=ImmigrationStatus.UNACCOMPANIED_ASYLUM_SEEKING
        )
        self.ctx.counts["care_leavers"] = len(self.care_leaver_ids)

    def write_clocks(self) -> None:
        rows = []
        figures = local_figures()  # read once: every clock as the services make it (timescales.deadline_build)
        seen: set[tuple[int, str, str, str]] = set()
        for (
            rule_code,
            interval,
            child_id,
            subject,
            started_on,
            met_on,
            assignee,
            team_id,
            started_at,
        ) in self.care.w.clocks:
            if subject.pk is None or (met_on is not None and met_on < started_on):
                continue
            key = record_key(subject)
            if (child_id, rule_code, interval, key) in seen:
                continue
            seen.add((child_id, rule_code, interval, key))
            rows.append(
                deadline_build(
                    rule_code=rule_code,
                    interval=interval,
                    child_id=child_id,
                    subject_key=key,
                    started_on=started_on,
                    started_at=started_at,
                    met_on=met_on,
                    late_reason="Recorded late (synthetic history)",
                    assignee=assignee,
                    team_id=team_id,
                    figures=figures,
                )
            )
        Deadline.objects.bulk_create(rows, batch_size=BATCH)
        self.ctx.counts["care_deadlines"] = len(rows)


def stage_children_in_care(ctx: GenerationContext) -> None:
    """Care histories: looked-after children, children who have left care, care leavers to 25 (see the module)."""
    _Stage(ctx).run()


# -- adoption and deprivation of liberty ----------------------------------------------------------------------------

# About 60 in every 100 agency decision maker's decisions that a child should be placed for adoption lead to an
# adoption; about 15 in every 100 are reversed (RD1-RD4); matching comes 6 to 12 months after the decision. A
# deprivation of liberty order is rare: about 1 in 100 looked-after children, mostly aged 16 or 17 in children's
# homes (2026-27 rules 709, 710: K2, Z12 or Z13).
DECISIONS_ADOPTED_PERCENT = 60
DECISIONS_REVERSED_PERCENT = 15
DEPRIVATION_OF_LIBERTY_PER_100 = 1
_REVERSAL_REASONS = {"RD1": 30, "RD2": 25, "RD3": 25, "RD4": 20}
# (number, SEX_ADOPTR, LS_ADOPTR, weight): consistent as the DfE's rules require.
_ADOPTERS = [
    (2, "MF", "L11", 55),
    (2, "MF", "L2", 12),
    (2, "FF", "L12", 7),
    (2, "MM", "L12", 6),
    (1, "F1", "L0", 17),
    (1, "M1", "L0", 3),
]


def stage_adoption_and_deprivation_of_liberty(ctx: GenerationContext) -> None:
    """Decisions that children should be placed for adoption (with matches and reversals) and deprivation of liberty
    orders, on the care histories `stage_children_in_care` wrote. Its own random stream (seeded from the seed), so
    adding it shifts no other synthetic data; bulk inserts."""

    from joinedup.children_in_care.models import AdopterMatch, AdoptionDecision, DeprivationOfLibertyOrder

    rng = random.Random(f"adoption-and-deprivation-of-liberty-{ctx.seed}")
    as_of = ctx.as_of
    periods = list(
        PeriodOfCare.objects.filter(child_id__in=ctx.child_ids)
        .order_by("id")
        .values_list("id", "child_id", "started_on", "ended_on", "reason_ceased", "child__date_of_birth")
    )
    ids = [p[0] for p in periods]
    placement_orders: dict[int, date] = {}
    for period_id, day in LegalStatus.objects.filter(period_id__in=ids, code="E1").values_list(
        "period_id", "started_on"
    ):
        placement_orders[period_id] = min(day, placement_orders.get(period_id, day))
    placed: dict[int, tuple[date, str]] = {}
    homes: list[tuple[int, int, date, date | None]] = []
    for period_id, child_id, kind, started, ended in (
        Placement.objects.filter(period_id__in=ids)
        .order_by("started_on", "id")
        .values_list("period_id", "child_id", "placement_type", "started_on", "ended_on")
    ):
        if kind in ADOPTION_PLACEMENTS and period_id not in placed:
            placed[period_id] = (started, kind)
        if kind in ("K2", "Z12", "Z13"):
            homes.append((period_id, child_id, started, ended))
    planned = set(
        CarePlan.objects.filter(period_id__in=ids, permanence_plan="adoption").values_list("period_id", flat=True)
    )

    def latest_decision_day(pid: int, start: date, stop: date) -> date:
        """The decision comes before the placement order and the placement for adoption (rules 554, 521)."""
        limit = min([stop, *([placement_orders[pid]] if pid in placement_orders else [])])
        if pid in placed:
            limit = min(limit, placed[pid][0])
        return max(start, limit)

    decisions: list[AdoptionDecision] = []
    matches: list[tuple[int, AdopterMatch]] = []
    adopted = [p for p in periods if p[4] in ("E11", "E12") and p[3] is not None]
    for pid, child_id, start, ended, _reason, _dob in adopted:
        end = ended or as_of
        hi = latest_decision_day(pid, start, end)
        decided = max(start, hi - timedelta(days=rng.randint(0, 120)))
        decisions.append(AdoptionDecision(child_id=child_id, period_id=pid, decided_on=decided))
        match_by = min(end, placed[pid][0]) if pid in placed else end
        matched = min(match_by, decided + timedelta(days=rng.randint(180, 365)))
        number, sex, legal, _w = rng.choices(_ADOPTERS, weights=[a[3] for a in _ADOPTERS])[0]
        kind = placed[pid][1] if pid in placed else "A6"
        match = AdopterMatch(
            child_id=child_id,
            matched_on=max(decided, matched),
            adopters_are_foster_carers=kind in ("A3", "A5"),
            number_of_adopters=number,
            adopters_sex=sex,
            adopters_legal_status=legal,
        )
        matches.append((len(decisions) - 1, match))
    total = round(len(adopted) * 100 / DECISIONS_ADOPTED_PERCENT) if adopted else 0
    reversed_target = round(total * DECISIONS_REVERSED_PERCENT / 100)
    open_target = max(0, total - len(adopted) - reversed_target)
    # Still to be adopted: children looked after now whose plan is adoption (placement order, placement for
    # adoption or care plan first), then other young children.
    young_open = [
        p for p in periods if p[3] is None and p[5] is not None and (p[2] - p[5]).days < 5 * 365 and p[2] < as_of
    ]
    young_open.sort(key=lambda p: (p[0] not in placement_orders and p[0] not in placed and p[0] not in planned, p[0]))
    for pid, child_id, start, _end, _reason, _dob in young_open[:open_target]:
        hi = latest_decision_day(pid, start, as_of)
        decided = max(start, hi - timedelta(days=rng.randint(0, 90)))
        decisions.append(AdoptionDecision(child_id=child_id, period_id=pid, decided_on=decided))
    # Reversed: young children whose care ended other than by adoption (no placement order or placement for it).
    ended_young = [
        p
        for p in periods
        if p[3] is not None
        and p[4] not in ("E11", "E12")
        and p[0] not in placement_orders
        and p[0] not in placed
        and p[5] is not None
        and (p[2] - p[5]).days < 6 * 365
        and (p[3] - p[2]).days > 120
    ]
    rng.shuffle(ended_young)
    reason_codes = list(_REVERSAL_REASONS)
    for pid, child_id, start, ended, _reason, _dob in ended_young[:reversed_target]:
        end = ended or as_of
        decided = start + timedelta(days=rng.randint(30, min(240, (end - start).days - 60)))
        ceased = min(end, decided + timedelta(days=rng.randint(30, 300)))
        decisions.append(
            AdoptionDecision(
                child_id=child_id,
                period_id=pid,
                decided_on=decided,
                ceased_on=ceased,
                reason_ceased=rng.choices(reason_codes, weights=list(_REVERSAL_REASONS.values()))[0],
            )
        )
    AdoptionDecision.objects.bulk_create(decisions, batch_size=BATCH)
    for index, match in matches:
        match.decision = decisions[index]
    AdopterMatch.objects.bulk_create([m for _, m in matches], batch_size=BATCH)

    # Deprivation of liberty orders: children aged 13 to 17 in a children's home (most 16 or 17), inside one
    # placement, started after 1 April 2025; about 1 in 100 of the children looked after now.
    dob = {p[1]: p[5] for p in periods}
    looked_after_now = sum(1 for p in periods if p[3] is None)
    target = max(2, round(looked_after_now * DEPRIVATION_OF_LIBERTY_PER_100 / 100))
    candidates = []
    for period_id, child_id, started, ended in homes:
        born = dob.get(child_id)
        stop = ended or as_of
        if born is None or (stop - started).days < 30 or stop < date(2025, 5, 1):
            continue
        age = _age(born, max(started, date(2025, 4, 1)))
        if 13 <= age <= 17:
            candidates.append((age < 16, rng.random(), period_id, child_id, started, ended))
    candidates.sort()
    orders: list[DeprivationOfLibertyOrder] = []
    seen: set[int] = set()
    for _younger, _r, period_id, child_id, started, ended in candidates:
        if len(orders) >= target or child_id in seen:
            continue
        seen.add(child_id)
        first = max(started, date(2025, 4, 1)) + timedelta(days=rng.randint(1, 20))
        stop = ended or as_of
        if first >= stop:
            continue
        order_end = None if ended is None and rng.random() < 0.6 else stop - timedelta(days=rng.randint(1, 10))
        if order_end is not None and order_end < first:
            order_end = first
        orders.append(
            DeprivationOfLibertyOrder(child_id=child_id, period_id=period_id, started_on=first, ended_on=order_end)
        )
    DeprivationOfLibertyOrder.objects.bulk_create(orders, batch_size=BATCH)
    ctx.counts["adoption_decisions"] = len(decisions)
    ctx.counts["adopter_matches"] = len(matches)
    ctx.counts["deprivation_of_liberty_orders"] = len(orders)
