"""Every read of timescales: local settings in force, worklists, timeliness and the API list. Lists of
deadlines start from access.scopes.children_visible_to, so a worklist never shows a child its reader may not see.
Worklists read stored deadlines; they never recompute a due date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.access.selectors import caseloads
from joinedup.agencies.models import Practitioner
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.selectors import RiskFlag, greater_risk_flags
from joinedup.ui.govuk import uk_date, uk_datetime

from . import engine
from .calendar import add_months
from .engine import DeadlineStatus, Horizon, LocalFigures, SettingKey
from .models import Deadline, LocalRuleSetting, Notification, record_key
from .rules import RULES, SAFEGUARDING_PARTNERS_RULES, Interval, Period, Rule, rule_get

MY_WORK_LIMIT = 500
NOTIFICATIONS_SHOWN = 20
NOTIFICATIONS_DAYS = 14
TIMELINESS_MONTHS = 12

OPEN = Q(met_on__isnull=True)


# -- local settings and the engine's thin wrapper --------------------------------------------------------------


def open_clocks_a_visit_meets(
    *, child_id: int, rule_codes: Iterable[str], on: date, subject_keys: Iterable[str] | None = None
) -> list[Deadline]:
    """The child's open clocks of these visiting rules that a visit on `on` meets: those started on or before it
    (of these subjects, when given), the earliest due first. The apps' visits.py read them to check a visit is late
    and to meet them (joinedup/core/visits.py)."""
    clocks = Deadline.objects.filter(
        child_id=child_id, rule_code__in=list(rule_codes), met_on__isnull=True, started_on__lte=on
    )
    if subject_keys is not None:
        clocks = clocks.filter(subject_key__in=list(subject_keys))
    return list(clocks.order_by("due_on", "id"))


def local_figures() -> LocalFigures:
    """Every local setting ever made, as plain data for the engine (one small query)."""
    return LocalFigures.from_rows(
        LocalRuleSetting.objects.values_list("rule_code", "interval", "period", "effective_from", "figure")
    )


def due_date_in_force(
    rule_code: str, start: date, *, interval: str | None = None, figures: LocalFigures | None = None
) -> date:
    """The engine's due date with this authority's local figure in force on `start`."""
    return engine.due_date(rule_code, start, interval=interval, figures=figures or local_figures())


def pre_birth_conference_due(child: Any) -> date | None:
    """When an unborn child's pre-birth conference is due: the rule's week of pregnancy (the local figure in force),
    counted back from the expected date of delivery. None once the child is born (the expected date is history)."""
    profile = getattr(child, "child_profile", None)
    if profile is None or not profile.is_unborn or profile.expected_date_of_delivery is None:
        return None
    return due_date_in_force("pre_birth_conference", profile.expected_date_of_delivery, interval="conference")


def figure_in_force(rule_code: str, *, interval: str | None = None, on: date | None = None) -> str:
    """The rule's timescale as a page says it, with this authority's local figure in force for a clock started
    on `on` (today by default): "15 working days", "by 32 weeks of pregnancy". Pages and messages name a timescale
    through this, never a figure of their own, so a changed local figure shows wherever it is named."""
    rule = rule_get(rule_code)
    chosen = rule.interval(interval)
    periods = engine.figures_in_force(rule, chosen, on or timezone.localdate(), local_figures())
    return chosen.describe(tuple(p.figure for p in periods))


def deadline_for(subject: models.Model, rule_code: str, *, interval: str | None = None) -> Deadline | None:
    """The clock a service started for `subject` under this rule (the latest, for the interval when one is named),
    so a page can say when it is due: the Deadline row's own date, with the local figure it was started with."""
    qs = Deadline.objects.filter(subject_key=record_key(subject), rule_code=rule_code)
    if interval is not None:
        qs = qs.filter(interval=interval)
    return qs.order_by("-id").first()


def due_by(subject: models.Model, rule_code: str, *, interval: str | None = None) -> str:
    """When the clock a service has just started for `subject` is due, as a message says it: "within 15 working
    days, by 8 March 2027", "within 72 hours, by 2 December 2027 at 15:30". The figure and the date are the Deadline
    row's, so a local figure shows as it was applied; with no clock (a start still to come), the figure in force."""
    deadline = deadline_for(subject, rule_code, interval=interval)
    if deadline is None:
        return f"within {figure_in_force(rule_code, interval=interval)}"
    when = uk_datetime(deadline.due_at) if deadline.due_at else uk_date(deadline.due_on)
    # "15 working days" reads "within 15 working days"; "the same day" and "by 32 weeks of pregnancy" stand alone.
    within = f"within {deadline.figure_applied}, " if deadline.figure_applied[:1].isdigit() else ""
    return f"{within}by {when}"


@dataclass(frozen=True)
class LocalSettingRow:
    rule: Rule
    interval: Interval
    period_index: int
    default: Period
    in_force: Period
    in_force_since: date | None
    scheduled: tuple[tuple[date, int], ...]  # changes whose effective date is after today

    @property
    def key(self) -> SettingKey:
        return SettingKey(self.rule.code, self.interval.name, self.period_index)

    @property
    def label(self) -> str:
        text = self.rule.what
        if len(self.rule.intervals) > 1:
            text += f" ({self.interval.applies or self.interval.name.replace('_', ' ')})"
        if len(self.interval.periods) > 1:
            text += f", in {self.default.unit.label}"
        return text


def local_setting_rows(*, today: date) -> list[LocalSettingRow]:
    """Each figure of each local protocol: its default, the figure in force today and any scheduled change."""
    figures = local_figures()
    rows = []
    for rule in RULES.values():
        if not rule.is_local:
            continue
        for interval in rule.intervals:
            for n, period in enumerate(interval.periods):
                key = SettingKey(rule.code, interval.name, n)
                history = figures.history.get(key, ())
                past = [(d, f) for d, f in history if d <= today]
                rows.append(
                    LocalSettingRow(
                        rule=rule,
                        interval=interval,
                        period_index=n,
                        default=period,
                        in_force=Period(past[-1][1], period.unit) if past else period,
                        in_force_since=past[-1][0] if past else None,
                        scheduled=tuple((d, f) for d, f in history if d > today),
                    )
                )
    return rows


def local_setting_row_get(*, today: date, rule_code: str, interval: str, period: int) -> LocalSettingRow | None:
    for row in local_setting_rows(today=today):
        if row.key == SettingKey(rule_code, interval, period):
            return row
    return None


def local_setting_history(*, rule_code: str, interval: str, period: int) -> QuerySet[LocalRuleSetting]:
    return LocalRuleSetting.objects.filter(rule_code=rule_code, interval=interval, period=period).order_by(
        "-effective_from"
    )


# -- worklists ----------------------------------------------------------------------------------------------------


def deadlines_visible_to(actor: Any, base: QuerySet[Deadline] | None = None) -> QuerySet[Deadline]:
    """Deadlines (of `base`, all by default) of the children this user may see. Visibility is checked only for
    the children those deadlines concern, so a narrow `base` (one worker's, one team's) stays cheap however many
    children the authority has."""
    base = base if base is not None else Deadline.objects.all()
    candidates = children_visible_to(actor).filter(id__in=base.values("child_id"))
    return base.filter(child_id__in=candidates.values("id"))


def _horizon_counts(qs: QuerySet[Deadline], today: date) -> dict[str, Any]:
    week_end = today + timedelta(days=engine.WEEK_AHEAD_DAYS)
    return {
        Horizon.OVERDUE.value: Count("id", filter=Q(due_on__lt=today)),
        Horizon.DUE_TODAY.value: Count("id", filter=Q(due_on=today)),
        Horizon.DUE_THIS_WEEK.value: Count("id", filter=Q(due_on__gt=today, due_on__lte=week_end)),
        Horizon.LATER.value: Count("id", filter=Q(due_on__gt=week_end)),
    }


LATER_SHOWN = 20


@dataclass
class WorkList:
    """A practitioner's open deadlines by horizon (overdue, due today, due this week, later). `counts` are the
    true totals; `groups` hold what is shown (all but the later ones past `later_shown`, and nothing past
    `limit`)."""

    today: date
    groups: dict[Horizon, list[Deadline]] = field(default_factory=dict)
    counts: dict[Horizon, int] = field(default_factory=dict)
    limit: int = MY_WORK_LIMIT
    later_shown: int | None = LATER_SHOWN
    truncated: bool = False  # more open deadlines than `limit`: only the soonest are in `groups`
    # The greater-risk flags (M9) of the children the deadlines shown name, by the child's id (one query).
    flags: dict[int, list[RiskFlag]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> int:
        return sum(len(v) for v in self.groups.values())

    @property
    def later_hidden(self) -> int:
        return self.counts.get(Horizon.LATER, 0) - len(self.groups.get(Horizon.LATER, []))

    def deadlines_shown(self) -> list[Deadline]:
        """The deadlines the page shows, each naming its child."""
        return [deadline for group in self.groups.values() for deadline in group]


def work_list_for(
    *, actor: Any, worker: Practitioner, today: date, limit: int = MY_WORK_LIMIT, later_shown: int | None = LATER_SHOWN
) -> WorkList:
    """Open deadlines assigned to `worker`, among the children `actor` may see. Two queries: the worker's open
    deadlines from the partial index, then which of their children the actor may see (checked for those children
    only, so the cost follows the worker's caseload, not the authority's size). Past `limit` rows a third query
    counts the rest."""
    open_for_worker = Deadline.objects.filter(OPEN, assignee_id=worker.pk)
    rows = list(open_for_worker.select_related("child").order_by("due_on", "id")[: limit + 1])
    visible = set(children_visible_to(actor).filter(pk__in={d.child_id for d in rows}).values_list("id", flat=True))
    rows = [d for d in rows if d.child_id in visible]
    work = WorkList(today=today, limit=limit, later_shown=later_shown)
    work.groups = {h: [] for h in Horizon}
    for deadline in rows[:limit]:
        work.groups[engine.horizon(due_on=deadline.due_on, today=today)].append(deadline)
    if len(rows) > limit:
        work.truncated = True
        qs = deadlines_visible_to(actor, open_for_worker)
        counts = qs.aggregate(**_horizon_counts(qs, today))
        work.counts = {h: int(counts[h.value] or 0) for h in Horizon}
    else:
        work.counts = {h: len(work.groups[h]) for h in Horizon}
    if later_shown is not None:
        work.groups[Horizon.LATER] = work.groups[Horizon.LATER][:later_shown]
    work.flags = greater_risk_flags(child_ids={d.child_id for d in work.deadlines_shown()}, today=today)
    return work


def notifications_for(*, worker: Practitioner, today: date) -> list[Notification]:
    since = today - timedelta(days=NOTIFICATIONS_DAYS)
    return list(
        Notification.objects.filter(recipient_id=worker.pk, created_at__date__gte=since)
        .select_related("deadline__child")
        .order_by("-created_at", "-id")[:NOTIFICATIONS_SHOWN]
    )


@dataclass
class WorkerCounts:
    worker: Practitioner | None  # None: deadlines in the team with no one assigned
    counts: dict[Horizon, int]
    caseload: int = 0  # the children the worker holds (access.selectors.caseloads: the one caseload figure)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def managed_team_ids(*, actor: Any) -> list[int]:
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return []
    return list(practitioner.managed_teams.values_list("id", flat=True))


def team_work(*, actor: Any, today: date) -> list[WorkerCounts]:
    """For a manager: open deadlines per worker in the teams they manage (members with none included), with each
    worker's caseload. Four queries whatever the team's size."""
    team_ids = managed_team_ids(actor=actor)
    if not team_ids:
        return []
    members = list(Practitioner.objects.filter(team_id__in=team_ids).order_by("family_name", "given_name", "id"))
    team_open = Deadline.objects.filter(OPEN).filter(Q(team_id__in=team_ids) | Q(assignee__team_id__in=team_ids))
    qs = deadlines_visible_to(actor, team_open)
    by_worker = {
        row["assignee_id"]: row
        for row in qs.order_by().values("assignee_id").annotate(**_horizon_counts(qs, today))  # type: ignore[arg-type]
    }
    held = caseloads(practitioner_ids=[m.pk for m in members], today=today)
    rows = [
        WorkerCounts(
            member, {h: int(by_worker.get(member.pk, {}).get(h.value, 0)) for h in Horizon}, len(held[member.pk])
        )
        for member in members
    ]
    known = {m.pk for m in members}
    # Deadlines of the team assigned to no one, or to someone who has left the team.
    elsewhere = {h: 0 for h in Horizon}
    for worker_id, row in by_worker.items():
        if worker_id not in known:
            for h in Horizon:
                elsewhere[h] += int(row[h.value])
    if any(elsewhere.values()):
        rows.append(WorkerCounts(None, elsewhere))
    return rows


# -- the authority's timeliness ------------------------------------------------------------------------------------


@dataclass
class RuleTimeliness:
    rule: Rule
    on_time: int
    late: int
    open: int
    overdue: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open + self.overdue

    @property
    def met(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_percent(self) -> int | None:
        """Of the deadlines met, the share met on time (whole percent), or None when none was met."""
        return round(100 * self.on_time / self.met) if self.met else None


def authority_timeliness(*, today: date, months: int = TIMELINESS_MONTHS) -> tuple[date, list[RuleTimeliness]]:
    """Per rule, deadlines whose clock started in the last `months` months: met on time, met late, open (not yet
    due) and overdue. Aggregates only: no child is identified. One query."""
    since = add_months(today, -months)
    rows = (
        Deadline.objects.filter(started_on__gt=since, started_on__lte=today)
        .order_by()
        .values("rule_code")
        .annotate(
            on_time=Count("id", filter=Q(met_on__isnull=False, met_on__lte=F("due_on"))),
            late=Count("id", filter=Q(met_on__isnull=False, met_on__gt=F("due_on"))),
            open=Count("id", filter=Q(met_on__isnull=True, due_on__gte=today)),
            overdue=Count("id", filter=Q(met_on__isnull=True, due_on__lt=today)),
        )
    )
    by_rule: Mapping[str, Mapping[str, Any]] = {row["rule_code"]: row for row in rows}
    result = []
    for code, rule in RULES.items():
        row = by_rule.get(code)
        if row is None:
            continue
        result.append(RuleTimeliness(rule, row["on_time"], row["late"], row["open"], row["overdue"]))
    return since, result


# -- the API list ---------------------------------------------------------------------------------------------------


def status_condition(status: DeadlineStatus, today: date) -> Q:
    return {
        DeadlineStatus.OPEN: Q(met_on__isnull=True, due_on__gte=today),
        DeadlineStatus.OVERDUE: Q(met_on__isnull=True, due_on__lt=today),
        DeadlineStatus.MET: Q(met_on__isnull=False, met_on__lte=F("due_on")),
        DeadlineStatus.MET_LATE: Q(met_on__isnull=False, met_on__gt=F("due_on")),
    }[status]


@dataclass(frozen=True)
class DeadlineFilters:
    child_id: int | None = None
    rule_code: str | None = None
    status: DeadlineStatus | None = None
    due_from: date | None = None
    due_to: date | None = None


def deadline_list(*, actor: Any, filters: DeadlineFilters, today: date) -> QuerySet[Deadline]:
    """Deadlines of the children the actor may see, filtered, soonest due first; never the safeguarding partners' own
    clocks (a serious incident's), which seeing the child does not open."""
    qs = Deadline.objects.exclude(rule_code__in=SAFEGUARDING_PARTNERS_RULES)
    if filters.child_id is not None:
        qs = qs.filter(child_id=filters.child_id)
    if filters.rule_code:
        qs = qs.filter(rule_code=filters.rule_code)
    if filters.status:
        qs = qs.filter(status_condition(filters.status, today))
    if filters.due_from:
        qs = qs.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due_on__lte=filters.due_to)
    return qs.filter(_visible_children_condition(actor)).order_by("due_on", "id")


# Up to this many visible children are fetched as a list of ids, so the database reads their deadlines from the
# child index (it cannot estimate the scope's conditions and would otherwise scan every deadline).
VISIBLE_IDS_INLINE = 5000


def _visible_children_condition(actor: Any) -> Q:
    visible = children_visible_to(actor).values_list("id", flat=True)
    ids = list(visible[: VISIBLE_IDS_INLINE + 1])
    if len(ids) <= VISIBLE_IDS_INLINE:
        return Q(child_id__in=ids)
    return Q(child_id__in=visible)


def worker_get(*, actor: Any, worker_id: int) -> Practitioner:
    """A practitioner in a team the actor manages, with their team; NotFoundOrNotPermitted otherwise."""
    team_ids = managed_team_ids(actor=actor)
    worker = Practitioner.objects.select_related("team").filter(pk=worker_id, team_id__in=team_ids).first()
    if worker is None:
        raise NotFoundOrNotPermitted
    return worker


# -- the home page (issue 19) -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextDue:
    """The soonest open statutory deadline of a child, in plain words."""

    what: str
    due_on: date

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


def next_due_by_child(*, child_ids: Iterable[int]) -> dict[int, NextDue]:
    """Each child's soonest open statutory deadline (any worker's: the child's next thing due), by the child's id.
    One query, whatever the number of children; a child with nothing open is left out. For children the caller may
    already see."""
    ids = set(child_ids)
    if not ids:
        return {}
    soonest = Deadline.objects.filter(OPEN, child_id=models.OuterRef("child_id")).order_by("due_on", "id")
    rows = (
        Deadline.objects.filter(OPEN, child_id__in=ids)
        .filter(pk=models.Subquery(soonest.values("pk")[:1]))
        .values_list("child_id", "rule_code", "due_on")
    )
    found: dict[int, NextDue] = {}
    for child_id, rule_code, due_on in rows:
        rule = RULES.get(rule_code)
        found[child_id] = NextDue(rule.what if rule is not None else "Statutory work", due_on)
    return found


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_this_week: int  # today and the next 7 days


def due_counts_for(*, actor: Any, worker: Practitioner, today: date) -> DueCounts:
    """How many of `worker`'s open statutory deadlines (those My work lists) are overdue and due this week (today
    included), among the children `actor` may see. One query."""
    qs = deadlines_visible_to(actor, Deadline.objects.filter(OPEN, assignee_id=worker.pk))
    counts = qs.aggregate(**_horizon_counts(qs, today))
    return DueCounts(
        overdue=int(counts[Horizon.OVERDUE.value] or 0),
        due_this_week=int(counts[Horizon.DUE_TODAY.value] or 0) + int(counts[Horizon.DUE_THIS_WEEK.value] or 0),
    )
