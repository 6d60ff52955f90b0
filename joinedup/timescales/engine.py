"""The one engine that computes due dates: pure, typed functions of a rule, a start and (for local protocols)
the figures in force. No ORM and no settings here; selectors.local_figures() reads the authority's settings
from the database and hands them in as a `LocalFigures` value.

What the start date means is the rule's `clock_start` (rules.toml). Two rules are special:
- pre_birth_conference, interval "conference": the start date is the expected date of delivery (EDD) and the
  due date is the given week of pregnancy, EDD - (40 - 32) weeks = EDD - 8 weeks by default (it comes before
  the start date). Its interval "first_review_after_birth" starts at birth: due on whichever is sooner of
  3 months and 20 working days.
- strategy_discussion: 1 working day from the decision; interval "immediate_danger" is 0 working days, the
  same day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from .calendar import CALENDAR, WorkingDayCalendar, add_calendar_days, add_hours, add_months, add_weeks
from .rules import FULL_TERM_WEEKS, Counting, Interval, Period, Rule, Unit, rule_get

# UK civil time: a date alone means the start of that day here (for rules counted in hours).
UK_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class SettingKey:
    """Which figure a local setting changes: a rule, one of its intervals, and the period within it."""

    rule_code: str
    interval: str
    period: int = 0


@dataclass(frozen=True)
class LocalFigures:
    """The authority's local settings as plain data: for each setting key, (effective_from, figure) pairs.
    The figure in force for a clock is the latest whose effective_from is on or before the clock's start."""

    history: Mapping[SettingKey, tuple[tuple[date, int], ...]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, int, date, int]]) -> LocalFigures:
        """Rows of (rule_code, interval, period, effective_from, figure), in any order."""
        grouped: dict[SettingKey, list[tuple[date, int]]] = {}
        for rule_code, interval, period, effective_from, figure in rows:
            grouped.setdefault(SettingKey(rule_code, interval, period), []).append((effective_from, figure))
        return cls({key: tuple(sorted(values)) for key, values in grouped.items()})

    def figure_on(self, key: SettingKey, start: date) -> int | None:
        """The figure in force for a clock started on `start`, or None when the default applies."""
        values = self.history.get(key)
        if not values:
            return None
        index = bisect_right(values, (start, 2**31)) - 1
        return values[index][1] if index >= 0 else None


NO_LOCAL_FIGURES = LocalFigures()


def figures_in_force(rule: Rule, interval: Interval, start: date, figures: LocalFigures) -> tuple[Period, ...]:
    """The interval's periods with any local figure in force on `start` (national rules are never changed)."""
    if not rule.is_local:
        return interval.periods
    periods = []
    for n, period in enumerate(interval.periods):
        local = figures.figure_on(SettingKey(rule.code, interval.name, n), start)
        periods.append(Period(local, period.unit) if local is not None else period)
    return tuple(periods)


def add_period(period: Period, start: date, calendar: WorkingDayCalendar = CALENDAR) -> date:
    """The date `period` after `start`. Hours are counted from the start of the day (UK time)."""
    match period.unit:
        case Unit.WORKING_DAYS:
            return calendar.add_working_days(start, period.figure)
        case Unit.CALENDAR_DAYS:
            return add_calendar_days(start, period.figure)
        case Unit.WEEKS:
            return add_weeks(start, period.figure)
        case Unit.MONTHS:
            return add_months(start, period.figure)
        case Unit.HOURS:
            return add_hours(start_of_day(start), period.figure).date()
    raise ValueError(f"Unknown unit {period.unit!r}")  # pragma: no cover (Unit is closed)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UK_TIME)


def interval_due_date(
    interval: Interval, start: date, periods: tuple[Period, ...] | None = None, calendar: WorkingDayCalendar = CALENDAR
) -> date:
    periods = periods or interval.periods
    if len(periods) == 1 and interval.counting is Counting.AFTER:
        return add_period(periods[0], start, calendar)
    if interval.counting is Counting.WEEKS_OF_PREGNANCY:
        # The start is the expected date of delivery (a full term, 40 weeks); week W of pregnancy is 40 - W weeks
        # before it.
        return start - timedelta(weeks=FULL_TERM_WEEKS - periods[0].figure)
    return min(add_period(p, start, calendar) for p in periods)


def due_date(
    rule_code: str,
    start: date,
    *,
    interval: str | None = None,
    figures: LocalFigures = NO_LOCAL_FIGURES,
    calendar: WorkingDayCalendar = CALENDAR,
) -> date:
    """When a rule started on `start` is due. `interval` names one of the rule's intervals (the headline one by
    default); `figures` are the authority's local settings (the defaults in rules.toml when not given).

    For a rule counted in hours, from a date alone the clock starts at 00:00 UK time that day; use `due_at`
    with the instant when it is known."""
    rule = rule_get(rule_code)
    chosen = rule.interval(interval)
    periods = figures_in_force(rule, chosen, start, figures) if figures.history and rule.is_local else chosen.periods
    return interval_due_date(chosen, start, periods, calendar)


def due_at(
    rule_code: str,
    started_at: datetime,
    *,
    interval: str | None = None,
    figures: LocalFigures = NO_LOCAL_FIGURES,
) -> datetime | None:
    """For a rule counted in hours: the instant it is due (started_at + N elapsed hours). None for other rules,
    whose due date is a whole day."""
    if started_at.tzinfo is None:
        raise ValueError("started_at must be timezone-aware")
    rule = rule_get(rule_code)
    chosen = rule.interval(interval)
    periods = figures_in_force(rule, chosen, started_at.astimezone(UK_TIME).date(), figures)
    if any(p.unit != Unit.HOURS for p in periods):
        return None
    return min(add_hours(started_at, p.figure) for p in periods)


class DeadlineStatus(StrEnum):
    """What a deadline's dates say about it (derived, never stored)."""

    OPEN = "open"  # not met, due today or later
    OVERDUE = "overdue"  # not met, due date passed
    MET = "met"  # met on or before its due date
    MET_LATE = "met_late"  # met after its due date

    @property
    def label(self) -> str:
        return {"open": "Open", "overdue": "Overdue", "met": "Met on time", "met_late": "Met late"}[self.value]


def deadline_status(*, due_on: date, met_on: date | None, today: date) -> DeadlineStatus:
    if met_on is not None:
        return DeadlineStatus.MET if met_on <= due_on else DeadlineStatus.MET_LATE
    return DeadlineStatus.OVERDUE if due_on < today else DeadlineStatus.OPEN


class Horizon(StrEnum):
    """Where an open deadline falls on a worklist."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_THIS_WEEK = "due_this_week"  # in the next 7 days, after today
    LATER = "later"


WEEK_AHEAD_DAYS = 7


def horizon(*, due_on: date, today: date) -> Horizon:
    if due_on < today:
        return Horizon.OVERDUE
    if due_on == today:
        return Horizon.DUE_TODAY
    if due_on <= today + timedelta(days=WEEK_AHEAD_DAYS):
        return Horizon.DUE_THIS_WEEK
    return Horizon.LATER
