"""The working-day calendar: counting conventions, months, hours, one-off days, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.timescales.calendar import (
    CALENDAR,
    WorkingDayCalendar,
    add_hours,
    add_months,
    is_working_day,
    load_non_working_days,
)
from joinedup.timescales.engine import due_date
from joinedup.timescales.rules import RULES, Unit

LONDON = ZoneInfo("Europe/London")


def test_a_working_start_is_day_0() -> None:
    # Mon 11 Jan 2027 is a working day; 1 working day from it is Tue 12.
    assert CALENDAR.add_working_days(date(2027, 1, 11), 1) == date(2027, 1, 12)


def test_a_weekend_start_makes_the_next_working_day_day_1() -> None:
    assert CALENDAR.add_working_days(date(2027, 1, 9), 1) == date(2027, 1, 11)  # Sat -> Mon
    assert CALENDAR.add_working_days(date(2027, 1, 10), 1) == date(2027, 1, 11)  # Sun -> Mon


def test_a_holiday_start_makes_the_next_working_day_day_1() -> None:
    # Mon 27 Dec 2027 (substitute Christmas Day): Tue 28 is a substitute too, so day 1 is Wed 29.
    assert CALENDAR.add_working_days(date(2027, 12, 27), 1) == date(2027, 12, 29)


def test_zero_working_days_is_the_same_day() -> None:
    assert CALENDAR.add_working_days(date(2027, 12, 25), 0) == date(2027, 12, 25)


def test_christmas_2027_substitute_days_are_not_working_days() -> None:
    # 25 Dec 2027 is a Saturday and 26 a Sunday: the substitute days are Monday 27 and Tuesday 28.
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert is_working_day(date(2027, 12, 29))
    assert CALENDAR.holiday_name(date(2027, 12, 27)) is not None


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 3),  # early May
        date(2027, 5, 31),  # late May
        date(2027, 8, 30),  # August
        date(2028, 1, 3),  # New Year's Day substitute
    ],
)
def test_bank_holidays_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_working_days_between_counts_days_after_the_start_up_to_the_end() -> None:
    # Fri 24 Dec 2027 to Wed 29 Dec: only the 29th is a working day.
    assert CALENDAR.working_days_between(date(2027, 12, 24), date(2027, 12, 29)) == 1
    assert CALENDAR.working_days_between(date(2027, 12, 29), date(2027, 12, 24)) == -1


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="forwards"):
        CALENDAR.add_working_days(date(2027, 1, 1), -1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 3, date(2027, 4, 30)),  # RULES.md: 31 January + 3 months = 30 April
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # RULES.md: 30 November 2027 + 3 months = 29 February 2028
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # a leap day + 12 months: no 29 February in 2029
        (date(2028, 2, 29), 48, date(2032, 2, 29)),  # ... but there is in 2032
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # 31 August + 6 months, in a leap year
        (date(2027, 12, 15), 1, date(2028, 1, 15)),  # across a year end
        (date(2027, 3, 31), -1, date(2027, 2, 28)),  # backwards (used for "the last 12 months")
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_72_hours_are_elapsed_hours_across_the_autumn_clock_change() -> None:
    # Returned 00:00 BST Sat 30 Oct 2027 (23:00 UTC on the 29th); clocks go back on Sun 31 Oct. 72 elapsed hours
    # later is 23:00 UTC Mon 1 Nov = 23:00 GMT, Monday 1 November: the same date a naive count gives the 2nd.
    returned = datetime(2027, 10, 30, 0, 0, tzinfo=LONDON)
    due = add_hours(returned, 72)
    assert due.astimezone(UTC) == datetime(2027, 11, 1, 23, 0, tzinfo=UTC)
    assert due_date("return_home_interview", date(2027, 10, 30)) == date(2027, 11, 1)


def test_72_hours_across_the_spring_clock_change() -> None:
    # 14:30 GMT Sat 27 Mar 2027; clocks go forward on the 28th. 72 hours later: 14:30 UTC Tue 30 = 15:30 BST.
    due = add_hours(datetime(2027, 3, 27, 14, 30, tzinfo=LONDON), 72)
    assert (due.date(), due.hour, due.minute) == (date(2027, 3, 30), 15, 30)


def test_hours_need_an_aware_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_hours(datetime(2027, 3, 27, 14, 30), 72)


def test_a_one_off_day_added_as_data_is_not_a_working_day() -> None:
    # A made-up one-off day, Wednesday 10 March 2027: 1 working day from Tuesday 9 March is then Thursday 11.
    one_off = WorkingDayCalendar([date(2027, 3, 10)])
    assert not one_off.is_working_day(date(2027, 3, 10))
    assert one_off.add_working_days(date(2027, 3, 9), 1) == date(2027, 3, 11)
    assert CALENDAR.add_working_days(date(2027, 3, 9), 1) == date(2027, 3, 10)


def test_the_non_working_days_file_loads_and_its_days_are_closed() -> None:
    days = load_non_working_days()
    assert days, "the file lists at least the 2022-2023 one-off days"
    for day in days:
        assert not is_working_day(day.day), day


def test_a_malformed_non_working_days_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "days.toml"
    bad.write_text('[[days]]\ndate = "next tuesday"\nname = "x"\nsource = "y"\n')
    with pytest.raises(ValueError, match="must be a date"):
        load_non_working_days(bad)


WORKING_DAY_RULES = sorted(
    (code, interval.name)
    for code, rule in RULES.items()
    for interval in rule.intervals
    if all(p.unit == Unit.WORKING_DAYS for p in interval.periods) and interval.periods[0].figure > 0
)
starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(WORKING_DAY_RULES), start=starts)
def test_a_working_day_due_date_is_always_a_working_day(rule: tuple[str, str], start: date) -> None:
    code, interval = rule
    due = due_date(code, start, interval=interval)
    assert is_working_day(due)
    assert due > start


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(sorted((c, i.name) for c, r in RULES.items() for i in r.intervals)), a=starts, b=starts)
def test_due_dates_never_go_backwards_as_the_start_moves_later(rule: tuple[str, str], a: date, b: date) -> None:
    code, interval = rule
    first, second = sorted((a, b))
    assert due_date(code, first, interval=interval) <= due_date(code, second, interval=interval)


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=300))
def test_n_working_days_later_has_exactly_n_working_days_in_between(start: date, n: int) -> None:
    due = CALENDAR.add_working_days(start, n)
    counted = sum(1 for k in range(1, (due - start).days + 1) if is_working_day(start + timedelta(days=k)))
    assert counted == n
    assert is_working_day(due)


def test_far_dates_extend_the_calendar() -> None:
    # Fri 29 Dec 2079 -> Mon 1 Jan 2080 is New Year's Day, so day 1 is Tue 2 Jan 2080.
    assert CALENDAR.add_working_days(date(2079, 12, 29), 1) == date(2080, 1, 2)
    assert is_working_day(date(1995, 6, 14))  # a Wednesday
