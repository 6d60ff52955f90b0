"""Insight figures (M33, M34): disproportionality and the dashboards. Aggregates only: no child is identified in
anything this module returns, so analysts and the partnership may see all of it (access: VIEW_INSIGHT).

Periods are a collection year (1 April to 31 March, "2026" ends 31 March 2026) or the 12 months to today; a team
narrows every figure to the children that team worked with in the period (any involvement overlapping it), and the
timeliness of clocks to the clocks carried by that team.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Left, Length, Replace
from django.db.models.lookups import GreaterThanOrEqual

from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Team, TeamType
from joinedup.assessments.models import SingleAssessment
from joinedup.care_leavers.models import CareLeaverCircumstances
from joinedup.child_protection.models import AgencyReport, ChildProtectionPlan, StrategyContribution
from joinedup.children_in_care.models import PeriodOfCare, Placement
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.episodes.codes import ReferralSource
from joinedup.episodes.models import CaseEpisode
from joinedup.front_door.models import Contact, Referral
from joinedup.people.models import ChildProfile, Person, PersonDisability
from joinedup.sharing.models import SharedEvent
from joinedup.timescales.models import Deadline
from joinedup.timescales.rules import load_rules

from . import population
from .population import Characteristic


def require_insight(actor: Any) -> None:
    if not has_permission(actor, Permission.VIEW_INSIGHT):
        raise NotFoundOrNotPermitted


# -- filters -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date


def periods(today: date) -> list[Period]:
    latest = today.year + (1 if today.month >= 4 else 0)
    out = [Period("12m", "The 12 months to today", today - timedelta(days=365), today)]
    for year in range(latest, latest - 5, -1):
        out.append(Period(str(year), f"April {year - 1} to March {year}", date(year - 1, 4, 1), date(year, 3, 31)))
    return out


def period_get(key: str | None, today: date) -> Period:
    options = periods(today)
    for p in options:
        if p.key == (key or "12m"):
            return p
    raise field_error("period", "Choose a period from the list", "unknown_period")


# The teams that hold children's cases, which the figures can be narrowed to: not the performance team, the
# partnership, the reviewing officers or a partner agency's team, who carry no casework of their own (issue 19).
CASEWORK_TEAM_TYPES = (
    TeamType.FRONT_DOOR,
    TeamType.FAMILY_HELP,
    TeamType.CHILD_PROTECTION,
    TeamType.CHILDREN_IN_CARE,
    TeamType.CARE_LEAVERS,
)


def _casework_teams() -> QuerySet[Team]:
    return Team.objects.filter(organisation__organisation_type="local_authority", team_type__in=CASEWORK_TEAM_TYPES)


def teams() -> list[Team]:
    """The casework teams a figure may be narrowed to, by name."""
    return list(_casework_teams().order_by("name"))


def team_get(team_id: str | int | None) -> Team | None:
    if team_id in (None, ""):
        return None
    try:
        return _casework_teams().get(pk=int(str(team_id)))
    except (Team.DoesNotExist, ValueError) as exc:
        raise field_error("team", "Choose a team from the list", "unknown_team") from exc


def _team_children(team: Team, period: Period) -> QuerySet[Any]:
    return (
        Involvement.objects.filter(team=team, started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .values("child_id")
    )


# -- disproportionality ------------------------------------------------------------------------------------------

StageQuery = Callable[[date, date], QuerySet[Any]]


def _open_between(model: Any, start_field: str, end_field: str) -> StageQuery:
    def query(start: date, end: date) -> QuerySet[Any]:
        return model.objects.filter(**{f"{start_field}__lte": end}).filter(
            Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
        )

    return query


def stages() -> dict[str, tuple[str, StageQuery]]:
    """Stage -> (label, the child rows of that stage in a period). Stages whose app is absent are left out."""
    out: dict[str, tuple[str, StageQuery]] = {
        "contact": ("Contact", lambda s, e: Contact.objects.filter(received_on__range=(s, e), child__isnull=False)),
        "referral": ("Referral", lambda s, e: Referral.objects.filter(referral_date__range=(s, e))),
    }
    out["assessment"] = ("Assessment", lambda s, e: SingleAssessment.objects.filter(started_on__range=(s, e)))
    out["child_in_need"] = ("Child in need", _open_between(CaseEpisode, "started_on", "closed_on"))
    out["child_protection_plan"] = (
        "Child protection plan",
        _open_between(ChildProtectionPlan, "started_on", "ended_on"),
    )
    out["looked_after"] = ("Looked after", _open_between(PeriodOfCare, "started_on", "ended_on"))
    return out


def _stage_rows(key: str, period: Period, team: Team | None) -> QuerySet[Any]:
    qs = stages()[key][1](period.start, period.end)
    if team is not None:
        qs = qs.filter(child_id__in=_team_children(team, period))
    return qs


AGE_BANDS = [(0, 1, "Under 1"), (1, 5, "1 to 4"), (5, 10, "5 to 9"), (10, 16, "10 to 15"), (16, 18, "16 to 17")]


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def _group_expression(characteristic: Characteristic, on: date) -> Any:
    """The column (or expression) on Person whose value places a child in a group; grouped in the database."""
    key = characteristic.key
    if key == "disability":
        return Exists(PersonDisability.objects.filter(person=OuterRef("pk")).exclude(code="NONE"))
    if key == "age":
        # Born after the day `high` years before `on`: younger than `high` (a band's upper bound) at `on`.
        whens = [When(date_of_birth__gt=_years_before(on, high), then=Value(label)) for _, high, label in AGE_BANDS]
        return Case(*whens, default=Value(""), output_field=CharField())
    if key == "area":
        # The postcode district (outward code): all but a postcode's last three characters (the inward code, always
        # digit-letter-letter), so "LS1 4AP" and "LS14AP" (typed without its space, which the record accepts) are both
        # LS1. No postcode, or too short to be one: no district (the child counts in the stage's total, in no group).
        compact = Replace(F("postcode"), Value(" "), Value(""))
        return Case(
            When(GreaterThanOrEqual(Length(compact), 5), then=Left(compact, Length(compact) - 3)),
            default=Value(""),
            output_field=CharField(),
        )
    return F({"ethnicity": "ethnicity", "sex": "sex", "send": "child_profile__special_educational_needs"}[key])


def _to_group(characteristic: Characteristic, value: Any) -> str | None:
    key = characteristic.key
    if key == "disability":
        return "Disabled" if value else "No disability recorded"
    if key in ("age", "area"):
        return value if value in characteristic.groups else None
    return characteristic.codes.get(value or "")


def _counts(rows: QuerySet[Any], characteristic: Characteristic, on: date) -> tuple[int, dict[str, int]]:
    """Distinct children in `rows` by group of the characteristic: one grouped query, led by the stage's rows, each
    child's group read through the person's primary key. Its cost follows the children in the stage, not everyone on
    the record: led by the person table, PostgreSQL scanned all of a million-person authority to group 20,000."""
    group_of_the_child: QuerySet[Any]
    if characteristic.key == "send":  # the child's profile, by its own unique key: no join to the person
        group_of_the_child = (
            ChildProfile.objects.filter(person_id=OuterRef("child_id"))
            .order_by()
            .values("special_educational_needs")[:1]
        )
    else:
        group_of_the_child = (
            Person.objects.filter(pk=OuterRef("child_id"))
            .order_by()
            .annotate(g=_group_expression(characteristic, on))
            .values("g")[:1]
        )
    grouped = (
        rows.order_by()
        .annotate(g=Subquery(group_of_the_child))
        .values("g")
        .annotate(n=Count("child_id", distinct=True))
    )
    total = 0
    counts: dict[str, int] = defaultdict(int)
    for row in grouped:
        total += row["n"]
        group = _to_group(characteristic, row["g"])
        if group is not None:
            counts[group] += row["n"]
    return total, counts


@dataclass
class GroupFigure:
    group: str
    population: int
    count: int | None  # None when suppressed
    rate: float | None  # per 10,000 of the group's child population
    index: float | None  # relative rate index against the reference group
    low: float | None  # 95% confidence interval of the index
    high: float | None
    is_reference: bool = False

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class StageFigures:
    stage: str
    label: str
    total: int
    groups: list[GroupFigure]


Z_95 = 1.959964  # the standard normal's 97.5th percentile: a two-sided 95% interval


def rate_ratio_interval(a: int, n1: float, b: int, n2: float, z: float = Z_95) -> tuple[float, float]:
    """The 95% confidence interval of the ratio of two proportions, (a / n1) / (b / n2), by the log method of Katz:
    the log of the ratio is taken as normal with standard error sqrt(1/a - 1/n1 + 1/b - 1/n2), so the interval is
    ratio × exp(±z × se). Source: Katz D, Baptista J, Azen SP, Pike MC (1978), "Obtaining confidence intervals for
    the risk ratio in cohort studies", Biometrics 34(3): 469-474. Needs a > 0 and b > 0 (small counts are
    suppressed before this is asked). No statistics library is installed (scipy, statsmodels), so it is written
    here, once."""
    ratio = (a / n1) / (b / n2)
    se = math.sqrt(max(1 / a - 1 / n1 + 1 / b - 1 / n2, 0.0))
    return ratio * math.exp(-z * se), ratio * math.exp(z * se)


def _figures(counts: dict[str, int], characteristic: Characteristic, reference: str) -> list[GroupFigure]:
    threshold = population.suppress_below()
    per = int(population.data()["rate_per"])
    ref_count = counts.get(reference, 0)
    ref_pop = characteristic.population(reference)
    ref_rate = ref_count / ref_pop if ref_pop else 0.0
    out = []
    for group in characteristic.groups:
        pop = characteristic.population(group)
        n = counts.get(group, 0)
        if n < threshold or pop <= 0:
            out.append(GroupFigure(group, round(pop), None, None, None, None, None, group == reference))
            continue
        rate = n / pop
        index = low = high = None
        if group == reference:
            # The reference group's index is 1 by definition: it has no interval of its own (issue 19).
            index = 1.0 if ref_count >= threshold else None
        elif ref_rate > 0 and ref_count >= threshold:
            index = rate / ref_rate
            low, high = rate_ratio_interval(n, pop, ref_count, ref_pop)
        out.append(
            GroupFigure(
                group,
                round(pop),
                n,
                round(rate * per, 1),
                None if index is None else round(index, 2),
                None if low is None else round(low, 2),
                None if high is None else round(high, 2),
                group == reference,
            )
        )
    return out


@dataclass
class Disproportionality:
    period: Period
    team: Team | None
    characteristic: Characteristic
    reference: str
    stage: str
    stages: list[StageFigures]
    trend_years: list[Period] = field(default_factory=list)
    trend: dict[str, list[float | None]] = field(default_factory=dict)  # group -> rate per year (oldest first)


def disproportionality(
    *,
    actor: Any,
    today: date,
    period_key: str | None = None,
    team_id: str | int | None = None,
    characteristic: str = "ethnicity",
    reference: str | None = None,
    stage: str = "referral",
) -> Disproportionality:
    """Rates per 10,000 children for each stage and each group of the characteristic, relative rate indices
    against the reference group with 95% intervals, small counts suppressed; and the chosen stage's rates over
    five collection years."""
    require_insight(actor)
    return disproportionality_figures(
        today=today,
        period_key=period_key,
        team_id=team_id,
        characteristic=characteristic,
        reference=reference,
        stage=stage,
    )


def disproportionality_figures(
    *,
    today: date,
    period_key: str | None = None,
    team_id: str | int | None = None,
    characteristic: str = "ethnicity",
    reference: str | None = None,
    stage: str = "referral",
) -> Disproportionality:
    """`disproportionality`'s figures for a caller that has asked its own permission (aggregates only: the
    partnership's yearly report, an action on inequalities shown to its owner in another agency)."""
    period = period_get(period_key, today)
    team = team_get(team_id)
    chars = population.characteristics()
    if characteristic not in chars:
        raise field_error("characteristic", "Choose a characteristic from the list", "unknown_characteristic")
    char = chars[characteristic]
    ref = reference if reference in char.groups else char.reference
    available = stages()
    if stage not in available:
        raise field_error("stage", "Choose a stage from the list", "unknown_stage")
    figures = []
    chosen_counts: dict[str, int] = {}
    for key, (label, _) in available.items():
        total, counts = _counts(_stage_rows(key, period, team), char, period.end)
        figures.append(StageFigures(key, label, total, _figures(counts, char, ref)))
        if key == stage:
            chosen_counts = counts
    result = Disproportionality(period, team, char, ref, stage, figures)
    years = [p for p in periods(today) if p.key != "12m"][::-1]
    result.trend_years = years
    per = int(population.data()["rate_per"])
    threshold = population.suppress_below()
    trend: dict[str, list[float | None]] = {g: [] for g in char.groups}
    for year in years:
        # The chosen period's own counts when the period is one of the five years (no second query).
        counts = chosen_counts if year == period else _counts(_stage_rows(stage, year, team), char, year.end)[1]
        for g in char.groups:
            pop = char.population(g)
            trend[g].append(round(counts[g] / pop * per, 1) if counts[g] >= threshold and pop > 0 else None)
    result.trend = trend
    return result


# -- dashboards --------------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    numerator: int
    denominator: int
    note: str = ""

    @property
    def small(self) -> bool:
        """Too few to give as a percentage (fewer than the disclosure threshold, population.toml's suppress_below):
        2 of 3 is "2 of 3", never "66.7%" (issue 19)."""
        return 0 < self.denominator < population.suppress_below()

    @property
    def percent(self) -> float | None:
        if not self.denominator or self.small:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def figure(self) -> str:
        """The figure in words: "41.2%", "2 of 3" for a small group, "none to count" when there is nothing."""
        if not self.denominator:
            return "none to count"
        return f"{self.numerator} of {self.denominator}" if self.small else f"{self.percent}%"


@dataclass
class Measure:
    key: str
    title: str
    description: str
    numerator_label: str
    denominator_label: str
    rows: list[Row]


@dataclass
class Dashboard:
    period: Period
    team: Team | None
    measures: list[Measure]


def dashboard(*, actor: Any, today: date, period_key: str | None = None, team_id: str | int | None = None) -> Dashboard:
    require_insight(actor)
    period = period_get(period_key, today)
    team = team_get(team_id)
    measures = [timeliness(period, team, today), re_referrals(period, team), contacts_by_agency(period, team)]
    if apps.is_installed("joinedup.child_protection"):
        measures.append(partner_contributions(period, team))
        measures.extend(child_protection_measures(period, team))
    measures.extend([placement_stability(period, team), care_leavers(period, team)])
    return Dashboard(period, team, measures)


def timeliness(period: Period, team: Team | None, today: date) -> Measure:
    """Every statutory clock due in the period: met on time, of those due (met or overdue). One grouped query."""
    qs = Deadline.objects.filter(due_on__range=(period.start, min(period.end, today)))
    if team is not None:
        qs = qs.filter(team=team)
    rows = {
        r["rule_code"]: r
        for r in qs.order_by()
        .values("rule_code")
        .annotate(
            on_time=Count("id", filter=Q(met_on__isnull=False, met_on__lte=F("due_on"))),
            due=Count("id"),
        )
    }
    rules = load_rules()
    out = [
        Row(rules[code].what if code in rules else code, rows[code]["on_time"], rows[code]["due"], code)
        for code in sorted(rows, key=lambda c: rules[c].what if c in rules else c)
    ]
    return Measure(
        "timeliness",
        "Timeliness of statutory clocks",
        "Clocks due in the period that were met on or before their due date.",
        "Met on time",
        "Due",
        out,
    )


def re_referrals(period: Period, team: Team | None) -> Measure:
    qs = Referral.objects.filter(referral_date__range=(period.start, period.end))
    if team is not None:
        qs = qs.filter(child_id__in=_team_children(team, period))
    counts = qs.aggregate(total=Count("id"), again=Count("id", filter=Q(is_re_referral=True)))
    return Measure(
        "re_referrals",
        "Re-referrals within 12 months",
        "Referrals in the period about a child referred in the 12 months before.",
        "Re-referrals",
        "Referrals",
        [Row("Referrals", counts["again"] or 0, counts["total"] or 0)],
    )


# Who made the contacts, in the national statistics' grouping of the CIN census's referral sources.
SOURCE_GROUPS = {
    "police": "Police",
    "health": "Health services",
    "schools": "Schools and education",
    "individual": "Individuals (family, neighbours, the child)",
    "other": "Other agencies and anonymous",
}


def contacts_by_agency(period: Period, team: Team | None) -> Measure:
    """The contacts received in the period by who made them (the multi-agency picture, M31). One grouped query."""
    qs = Contact.objects.filter(received_on__range=(period.start, period.end))
    if team is not None:
        qs = qs.filter(child_id__in=_team_children(team, period))
    by_source = {r["source"]: r["n"] for r in qs.order_by().values("source").annotate(n=Count("id"))}
    total = sum(by_source.values())
    grouped: dict[str, int] = dict.fromkeys(SOURCE_GROUPS, 0)
    for code, n in by_source.items():
        try:
            family = ReferralSource(code).family
        except ValueError:
            family = "other"
        grouped[family] += n
    return Measure(
        "contacts_by_agency",
        "Contacts by who made them",
        "Contacts received by the front door in the period, by the agency or person who made them.",
        "Contacts",
        "Of all contacts",
        [Row(SOURCE_GROUPS[k], n, total) for k, n in grouped.items()],
    )


# Partners' agencies as the child protection records and the chronology name them, in one grouping.
PARTNER_AGENCY_GROUPS = {
    "police": "Police",
    "health": "Health",
    "education": "Education and early years",
    "early_years": "Education and early years",
    "youth_justice": "Other agencies",
    "voluntary_sector": "Other agencies",
    "other": "Other agencies",
}


def partner_contributions(period: Period, team: Team | None) -> Measure:
    """What the partner agencies contributed in the period: their contributions to strategy discussions, their
    reports to child protection conferences and the events they shared into children's chronologies. Three grouped
    queries."""
    strategy = StrategyContribution.objects.filter(discussion__held_on__range=(period.start, period.end))
    reports = AgencyReport.objects.filter(submitted_on__range=(period.start, period.end))
    shared = SharedEvent.objects.filter(occurred_on__range=(period.start, period.end))
    if team is not None:
        children = _team_children(team, period)
        strategy = strategy.filter(discussion__child_id__in=children)
        reports = reports.filter(conference__child_id__in=children)
        shared = shared.filter(child_id__in=children)
    counts: dict[str, int] = dict.fromkeys(dict.fromkeys(PARTNER_AGENCY_GROUPS.values()), 0)
    for qs in (strategy, reports, shared):
        for r in qs.order_by().values("agency").annotate(n=Count("id")):
            label = PARTNER_AGENCY_GROUPS.get(r["agency"])
            if label is not None:  # the local authority's own are not a partner's contribution
                counts[label] += r["n"]
    total = sum(counts.values())
    return Measure(
        "partner_contributions",
        "Partners' contributions",
        "Contributions to strategy discussions, reports to child protection conferences and events shared into "
        "children's chronologies by the partner agencies in the period.",
        "Contributions",
        "Of all partners' contributions",
        [Row(label, n, total) for label, n in counts.items()],
    )


def child_protection_measures(period: Period, team: Team | None) -> list[Measure]:

    plans = list(
        ChildProtectionPlan.objects.order_by("child_id", "started_on").values_list("child_id", "started_on", "ended_on")
    )
    allowed: set[int] | None = None
    if team is not None:
        allowed = set(_team_children(team, period).values_list("child_id", flat=True))
    by_child: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child, start, end in plans:
        by_child[child].append((start, end))
    started = repeat = 0
    ended = long_ended = 0
    open_at_end = long_open = 0
    for child, rows in by_child.items():
        if allowed is not None and child not in allowed:
            continue
        for i, (start, end) in enumerate(rows):
            if period.start <= start <= period.end:
                started += 1
                if any(e is not None and (start - e).days <= 730 for _, e in rows[:i]):
                    repeat += 1
            if end is not None and period.start <= end <= period.end:
                ended += 1
                if (end - start).days >= 730:
                    long_ended += 1
            if start <= period.end and (end is None or end > period.end):
                open_at_end += 1
                if (period.end - start).days >= 730:
                    long_open += 1
    return [
        Measure(
            "repeat_plans",
            "Repeat child protection plans within two years",
            "Plans started in the period for a child whose previous plan ended in the two years before.",
            "Repeat plans",
            "Plans started",
            [Row("Plans started", repeat, started)],
        ),
        Measure(
            "long_plans",
            "Child protection plans lasting two years or more",
            "Plans ended in the period after two years or more, and plans open at its end for two years or more.",
            "Two years or more",
            "Plans",
            [Row("Plans ended in the period", long_ended, ended), Row("Plans open at the end", long_open, open_at_end)],
        ),
    ]


def placement_stability(period: Period, team: Team | None) -> Measure:
    """Children looked after at the end of the period: three or more placements in the 12 months before; and,
    of those under 16 looked after for two and a half years or more, in the same placement for two years."""
    end = period.end
    open_periods = PeriodOfCare.objects.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=end)
    )
    if team is not None:
        open_periods = open_periods.filter(child_id__in=_team_children(team, period))
    looked_after = {
        pk: (start, dob)
        for pk, start, dob in open_periods.values_list("child_id", "started_on", "child__date_of_birth")
    }
    year_before = end - timedelta(days=365)
    placements: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child, start, finish in (
        Placement.objects.filter(child_id__in=list(looked_after), started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=year_before))
        .values_list("child_id", "started_on", "ended_on")
    ):
        placements[child].append((start, finish))
    three_plus = sum(1 for pk in looked_after if len(placements.get(pk, [])) >= 3)
    long_term = stable = 0
    for pk, (start, dob) in looked_after.items():
        if dob is None or (end - dob).days >= 16 * 365.25 or (end - start).days < 912:
            continue
        long_term += 1
        current = [s for s, f in placements.get(pk, []) if f is None or f > end]
        if current and (end - max(current)).days >= 730:
            stable += 1
    return Measure(
        "placement_stability",
        "Placement stability",
        "Children looked after at the end of the period.",
        "Children",
        "Of",
        [
            Row("Three or more placements in the last 12 months", three_plus, len(looked_after)),
            Row("Under 16, looked after 2½ years or more, in the same placement for 2 years", stable, long_term),
        ],
    )


def care_leavers(period: Period, team: Team | None) -> Measure:
    qs = CareLeaverCircumstances.objects.filter(
        recorded_on__range=(period.start, period.end), birthday__in=[19, 20, 21]
    )
    if team is not None:
        qs = qs.filter(child_id__in=_team_children(team, period))
    eet = Q(activity__startswith="F") | Q(activity__startswith="P")
    counts = qs.aggregate(
        total=Count("id"), in_touch=Count("id", filter=Q(in_touch="YES")), eet=Count("id", filter=eet)
    )
    total = counts["total"] or 0
    return Measure(
        "care_leavers",
        "Care leavers aged 19 to 21",
        "Care leavers whose circumstances were recorded around their 19th, 20th or 21st birthday in the period.",
        "Care leavers",
        "Of",
        [
            Row("In touch with the authority", counts["in_touch"] or 0, total),
            Row("In education, employment or training", counts["eet"] or 0, total),
        ],
    )
