"""The working-day calendar for England and Wales: the one place that says what a working day is, and how
days, weeks, months and hours are added to a date. No database, no settings.

Counting conventions (design/RULES.md):
- A working day is Monday to Friday and not a bank holiday in England and Wales: the `holidays` package
  (`country_holidays("GB", subdiv="ENG")`, substitute days included) plus the one-off days in
  non_working_days.toml.
- "N working days from D" is the Nth working day after D. D is day 0 even when it is a working day; when D is a
  weekend or holiday, the first working day after it is day 1. So both cases are "count working days strictly
  after D". "0 working days from D" is D itself (the same day).
- "N months from D" is the same day of the month N months later; when that month is shorter, its last day
  (31 January + 3 months = 30 April; 30 November 2027 + 3 months = 29 February 2028).
- "N days" are calendar days; a week is 7 days.
- "N hours" are elapsed hours from an instant, counted in UTC so a clock change does not shift them.
"""

from __future__ import annotations

import calendar as _calendar
import threading
import tomllib
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import holidays

NON_WORKING_DAYS_FILE = Path(__file__).with_name("non_working_days.toml")

# The calendar is built lazily, a block of years at a time, for the years a computation touches.
_BLOCK_YEARS = 10


@dataclass(frozen=True)
class NonWorkingDay:
    day: date
    name: str
    source: str


def load_non_working_days(path: Path = NON_WORKING_DAYS_FILE) -> tuple[NonWorkingDay, ...]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    days = []
    for n, entry in enumerate(data.get("days", [])):
        value = entry.get("date")
        if not isinstance(value, date) or isinstance(value, datetime):
            raise ValueError(f"non_working_days.toml day {n + 1}: 'date' must be a date like 2023-05-08")
        name, source = entry.get("name"), entry.get("source")
        if not (isinstance(name, str) and name.strip() and isinstance(source, str) and source.strip()):
            raise ValueError(f"non_working_days.toml day {n + 1}: 'name' and 'source' are required")
        days.append(NonWorkingDay(value, name.strip(), source.strip()))
    return tuple(days)


class WorkingDayCalendar:
    """Working days in England and Wales. Thread-safe; each working day is kept as an ordinal in a sorted list,
    so adding N working days is a binary search, whatever N."""

    def __init__(self, extra_non_working_days: Iterable[date] = ()) -> None:
        self.extra_non_working_days = frozenset(extra_non_working_days)
        self._lock = threading.Lock()
        self._first_year = 0
        self._last_year = -1
        self._working: list[int] = []  # ordinals of working days, ascending
        self._holidays: dict[date, str] = {}

    # -- building ------------------------------------------------------------------------------------------

    def _ensure_years(self, first: int, last: int) -> None:
        if self._first_year <= first and last <= self._last_year:
            return
        with self._lock:
            if self._last_year < self._first_year:
                new_first, new_last = first, last
            else:
                new_first, new_last = min(first, self._first_year), max(last, self._last_year)
            new_first = max(date.min.year, new_first - new_first % _BLOCK_YEARS)
            new_last = min(date.max.year - 1, new_last - new_last % _BLOCK_YEARS + _BLOCK_YEARS - 1)
            bank = holidays.country_holidays("GB", subdiv="ENG", years=range(new_first, new_last + 1))
            names = {d: str(n) for d, n in bank.items()}
            for extra in self.extra_non_working_days:
                names.setdefault(extra, "One-off non-working day")
            working = []
            day = date(new_first, 1, 1)
            end = date(new_last, 12, 31)
            one = timedelta(days=1)
            while day <= end:
                if day.weekday() < 5 and day not in names:
                    working.append(day.toordinal())
                day += one
            self._holidays = names
            self._working = working
            self._first_year, self._last_year = new_first, new_last

    # -- questions -----------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        self._ensure_years(day.year, day.year)
        return day.weekday() < 5 and day not in self._holidays

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday or one-off day's name, or None (weekends are not named)."""
        self._ensure_years(day.year, day.year)
        return self._holidays.get(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day after `start` (start is day 0, working day or not); 0 gives `start` itself."""
        if n < 0:
            raise ValueError("Count forwards: n must be 0 or more")
        if n == 0:
            return start
        # About 253 working days a year: make sure the list reaches far enough past the start.
        last_year = start.year + n // 250 + 1
        self._ensure_years(start.year, last_year)
        working = self._working
        index = bisect_right(working, start.toordinal()) + n - 1
        return date.fromordinal(working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after `start` up to and including `end` (negative when end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        self._ensure_years(start.year, end.year)
        working = self._working
        return bisect_right(working, end.toordinal()) - bisect_right(working, start.toordinal())

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)


def add_calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def add_weeks(start: date, n: int) -> date:
    return start + timedelta(weeks=n)


def add_months(start: date, n: int) -> date:
    """The same day of the month N months later, or that month's last day when it is shorter."""
    years, month_index = divmod(start.month - 1 + n, 12)
    year, month = start.year + years, month_index + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def add_hours(start: datetime, n: int) -> datetime:
    """N elapsed hours after an instant (timezone-aware), whatever clock changes fall between."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("add_hours needs a timezone-aware datetime")
    return (start.astimezone(UTC) + timedelta(hours=n)).astimezone(start.tzinfo)


# The calendar everyone uses: bank holidays plus the one-off days in non_working_days.toml.
CALENDAR = WorkingDayCalendar(d.day for d in load_non_working_days())
is_working_day = CALENDAR.is_working_day
add_working_days = CALENDAR.add_working_days
working_days_between = CALENDAR.working_days_between
