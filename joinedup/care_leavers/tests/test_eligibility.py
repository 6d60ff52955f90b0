"""Which kind of care leaver, from dates worked out by hand (not with the code under test).

The young person: born 15 January 2010, so 14 on 15 January 2024, 16 on 15 January 2026, 18 on 15 January 2028,
25 on 15 January 2035. Thirteen weeks is 91 days. Days looked after are counted inclusive of the day asked about:
from 1 December 2025 to 28 February 2026 is 90 days (31 + 31 + 28), to 1 March 2026 is 91.
"""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.care_leavers.codes import CareLeaverCategory
from joinedup.care_leavers.eligibility import CarePeriod, circumstances_window, eligibility, personal_adviser_until

BORN = date(2010, 1, 15)
IN_CARE_FROM_15 = [CarePeriod(date(2025, 12, 1), None)]
LEFT_AT_16 = [CarePeriod(date(2025, 12, 1), date(2026, 6, 1))]
BRIEFLY_AFTER_16 = [CarePeriod(date(2026, 2, 1), date(2026, 3, 1))]  # 28 days
SHORT_BREAKS = [CarePeriod(date(2025, 1, 1), None, short_breaks_only=True)]

CASES = [
    (IN_CARE_FROM_15, date(2026, 1, 14), None),  # 15: too young
    (IN_CARE_FROM_15, date(2026, 1, 15), None),  # 16, but 46 days looked after since 14
    (IN_CARE_FROM_15, date(2026, 2, 28), None),  # 90 days
    (IN_CARE_FROM_15, date(2026, 3, 1), CareLeaverCategory.ELIGIBLE),  # 91 days: 13 weeks
    (LEFT_AT_16, date(2026, 7, 1), CareLeaverCategory.RELEVANT),  # left care at 16 having been eligible
    (LEFT_AT_16, date(2028, 1, 15), CareLeaverCategory.FORMER_RELEVANT),  # 18th birthday
    (IN_CARE_FROM_15, date(2028, 1, 15), CareLeaverCategory.FORMER_RELEVANT),  # care ended at 18
    (LEFT_AT_16, date(2035, 1, 14), CareLeaverCategory.FORMER_RELEVANT),  # the day before the 25th birthday
    (LEFT_AT_16, date(2035, 1, 15), None),  # 25
    (BRIEFLY_AFTER_16, date(2026, 6, 1), CareLeaverCategory.QUALIFYING),  # looked after after 16, not 13 weeks
    (BRIEFLY_AFTER_16, date(2029, 6, 1), CareLeaverCategory.QUALIFYING),
    (SHORT_BREAKS, date(2026, 6, 1), None),  # short breaks do not count
    ([], date(2026, 6, 1), None),
]


@pytest.mark.parametrize(("periods", "on", "expected"), CASES)
def test_category(periods: list[CarePeriod], on: date, expected: CareLeaverCategory | None) -> None:
    assert eligibility(date_of_birth=BORN, periods=periods, on=on).category == expected


def test_personal_adviser_to_21_or_25_on_request() -> None:
    assert personal_adviser_until(date_of_birth=BORN, support_to_25_requested=False) == date(2031, 1, 15)
    assert personal_adviser_until(date_of_birth=BORN, support_to_25_requested=True) == date(2035, 1, 15)


def test_the_oc3_window_is_three_months_before_to_one_month_after_the_birthday() -> None:
    assert circumstances_window(date_of_birth=BORN, age=17) == (date(2026, 10, 15), date(2027, 2, 15))
    # Born 31 May: 3 months before 31 May is 28 (or 29) February; a month after is 30 June.
    assert circumstances_window(date_of_birth=date(2009, 5, 31), age=19) == (date(2028, 2, 29), date(2028, 6, 30))


def test_a_leap_day_birthday_falls_on_1_march_in_other_years() -> None:
    assert personal_adviser_until(date_of_birth=date(2008, 2, 29), support_to_25_requested=False) == date(2029, 3, 1)
