"""Which kind of care leaver a young person is, from their date of birth and periods of care (pure functions: no
database). Children Act 1989 as amended by the Children (Leaving Care) Act 2000; Care Leavers (England)
Regulations 2010; CPPCR 2010 reg. 40:

- eligible child: aged 16 or 17, looked after now, and looked after for at least 13 weeks in total since the age
  of 14, some of it after turning 16;
- relevant child: aged 16 or 17, no longer looked after, and eligible when care ended;
- former relevant child: aged 18 to 25, and was an eligible or relevant child;
- qualifying care leaver: aged 16 to 25, looked after at some time after turning 16 but not for the 13 weeks.

Short breaks (legal status V3 or V4 only) do not count as being looked after here. Exceptions the regulations make
(for example a child in hospital or detained on their 16th birthday) are for a practitioner to judge; this says
what the dates alone say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from joinedup.timescales.calendar import add_months as _add_months

from .codes import (
    ADULT_AGE,
    ELIGIBLE_FROM_AGE,
    ELIGIBLE_WEEKS_LOOKED_AFTER,
    LAST_OC3_BIRTHDAY,
    LOOKED_AFTER_SINCE_AGE,
    OC3_MONTHS_AFTER_BIRTHDAY,
    OC3_MONTHS_BEFORE_BIRTHDAY,
    PERSONAL_ADVISER_ON_REQUEST_TO_AGE,
    PERSONAL_ADVISER_TO_AGE,
    CareLeaverCategory,
)


def birthday(dob: date, years: int) -> date:
    """The day a person born on `dob` turns `years` (a 29 February birthday falls on 1 March in other years)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def age_on(dob: date, on: date) -> int:
    years = on.year - dob.year
    return years if on >= birthday(dob, years) else years - 1


def add_months(day: date, months: int) -> date:

    return _add_months(day, months)


@dataclass(frozen=True)
class CarePeriod:
    started_on: date
    ended_on: date | None  # the day care ended (not looked after from then); None while looked after
    short_breaks_only: bool = False


def _days(period: CarePeriod, start: date, end: date) -> int:
    """Days of `period` within [start, end)."""
    first = max(period.started_on, start)
    last = min(period.ended_on or end, end)
    return max(0, (last - first).days)


@dataclass(frozen=True)
class Eligibility:
    category: CareLeaverCategory | None
    days_looked_after_since_14: int
    looked_after_after_16: bool
    looked_after_now: bool

    @property
    def met_thirteen_weeks(self) -> bool:
        return self.days_looked_after_since_14 >= ELIGIBLE_WEEKS_LOOKED_AFTER * 7 and self.looked_after_after_16


def eligibility(*, date_of_birth: date, periods: Sequence[CarePeriod], on: date) -> Eligibility:
    counting = [p for p in periods if not p.short_breaks_only and p.started_on <= on]
    fourteenth = birthday(date_of_birth, LOOKED_AFTER_SINCE_AGE)
    sixteenth = birthday(date_of_birth, ELIGIBLE_FROM_AGE)
    eighteenth = birthday(date_of_birth, ADULT_AGE)
    until = min(on + timedelta(days=1), eighteenth)
    days = sum(_days(p, fourteenth, until) for p in counting)
    after_16 = any(_days(p, sixteenth, until) > 0 or (p.ended_on is None and sixteenth <= on) for p in counting)
    now = any(p.started_on <= on and (p.ended_on is None or on < p.ended_on) for p in counting)
    age = age_on(date_of_birth, on)
    found = Eligibility(None, days, after_16, now)
    if age < ELIGIBLE_FROM_AGE or age >= LAST_OC3_BIRTHDAY:
        return found
    if age < ADULT_AGE:
        if now:
            category = CareLeaverCategory.ELIGIBLE if found.met_thirteen_weeks else None
        elif found.met_thirteen_weeks:
            category = CareLeaverCategory.RELEVANT
        else:
            category = CareLeaverCategory.QUALIFYING if after_16 else None
    elif found.met_thirteen_weeks:
        category = CareLeaverCategory.FORMER_RELEVANT
    else:
        category = CareLeaverCategory.QUALIFYING if after_16 else None
    return Eligibility(category, days, after_16, now)


def personal_adviser_until(*, date_of_birth: date, support_to_25_requested: bool) -> date:
    """The day before which the young person has a personal adviser: their 21st birthday, or their 25th when they
    asked for support to 25 (Children Act 1989 s23CZB)."""
    age = PERSONAL_ADVISER_ON_REQUEST_TO_AGE if support_to_25_requested else PERSONAL_ADVISER_TO_AGE
    return birthday(date_of_birth, age)


def circumstances_window(*, date_of_birth: date, age: int) -> tuple[date, date]:
    """When the OC3 information for this birthday is gathered: 3 months before it to 1 month after."""
    day = birthday(date_of_birth, age)
    return add_months(day, -OC3_MONTHS_BEFORE_BIRTHDAY), add_months(day, OC3_MONTHS_AFTER_BIRTHDAY)
