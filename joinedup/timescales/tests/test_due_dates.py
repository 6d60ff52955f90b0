"""Due dates for every rule, from a table of expected dates worked out by hand, NOT with the code under test.

How the table was made: for each start date below, counted on a printed calendar of England and Wales bank
holidays (gov.uk list, typed in by hand; see BANK_HOLIDAYS_BY_HAND) and cross-checked with a throwaway stdlib
script that uses neither joinedup.timescales nor the `holidays` package. Each row's comment shows the weekday
of the start and of the due date; the notes above each column show the counting where a holiday intervenes.

RULE_FIGURES says, for each rule code and interval, which column applies: it is copied by hand from RULES.md, so
a change to rules.toml that RULES.md does not make fails here.
"""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.timescales.engine import due_date
from joinedup.timescales.rules import RULES

# The bank holidays the starts below run into (England and Wales), typed from the gov.uk list:
BANK_HOLIDAYS_BY_HAND = [
    date(2027, 1, 1),  # Fri, New Year's Day
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 29),  # Easter Monday
    date(2027, 5, 3),  # Early May bank holiday
    date(2027, 5, 31),  # Spring (late May) bank holiday
    date(2027, 8, 30),  # Summer (August) bank holiday
    date(2027, 12, 27),  # Christmas Day (25 Dec is a Saturday): substitute day
    date(2027, 12, 28),  # Boxing Day (26 Dec is a Sunday): substitute day
    date(2028, 1, 3),  # New Year's Day (1 Jan is a Saturday): substitute day
    date(2028, 4, 14),  # Good Friday
    date(2028, 4, 17),  # Easter Monday
]

# The start dates.
FRIDAY = date(2027, 1, 8)  # an ordinary Friday: the weekend is skipped
WEEKEND = date(2027, 1, 9)  # a Saturday: Monday 11 January is working day 1
BEFORE_CHRISTMAS = date(2027, 12, 23)  # Thursday before Christmas 2027 (25 Sat, 26 Sun; 27 and 28 substitutes)
CHRISTMAS = date(2027, 12, 24)  # Friday 24 December: next working day is Wednesday 29
SUBSTITUTE_DAY = date(2027, 12, 27)  # a start on the substitute Christmas Day itself
EASTER = date(2027, 3, 25)  # Thursday before Good Friday (26 March) and Easter Monday (29 March)
EARLY_MAY = date(2027, 4, 30)  # Friday before the early May bank holiday (Monday 3 May)
LATE_MAY = date(2027, 5, 28)  # Friday before the spring bank holiday (Monday 31 May)
AUGUST = date(2027, 8, 27)  # Friday before the summer bank holiday (Monday 30 August)
MONTH_END = date(2027, 1, 31)  # a Sunday at a month's end: 31 January + 3 months = 30 April
NOVEMBER_END = date(2027, 11, 30)  # 30 November 2027 + 3 months = 29 February 2028 (leap year)
LEAP_DAY = date(2028, 2, 29)  # a leap day: + 12 months = 28 February 2029

STARTS = {
    "friday": FRIDAY,
    "weekend": WEEKEND,
    "before_christmas": BEFORE_CHRISTMAS,
    "christmas": CHRISTMAS,
    "substitute_day": SUBSTITUTE_DAY,
    "easter": EASTER,
    "early_may": EARLY_MAY,
    "late_may": LATE_MAY,
    "august": AUGUST,
    "month_end": MONTH_END,
    "november_end": NOVEMBER_END,
    "leap_day": LEAP_DAY,
}

# Notes on the working-day columns (the start is day 0; counting starts the day after):
# - 1 working day from Fri 24 Dec 2027: Sat 25, Sun 26, Mon 27 (substitute), Tue 28 (substitute) -> Wed 29 Dec.
# - 1 working day from Thu 25 Mar 2027: Fri 26 (Good Friday), Sat, Sun, Mon 29 (Easter Monday) -> Tue 30 Mar.
# - 5 working days from Thu 23 Dec 2027: Fri 24 (1); 25-28 closed; Wed 29 (2), Thu 30 (3), Fri 31 (4);
#   Sat 1, Sun 2, Mon 3 Jan (substitute New Year) closed; Tue 4 Jan (5).
# - 10 working days from Fri 30 Apr 2027: Mon 3 May closed; Tue 4 (1) ... Fri 7 (4), 10-14 (5-9), Mon 17 (10).
# - 45 working days from Thu 23 Dec 2027: 4 by Fri 31 Dec, 8 by Fri 7 Jan, then seven full weeks to Fri 25 Feb
#   (43), Mon 28 Feb (44), Tue 29 Feb 2028 (45): a leap day.
# - 0 working days (same day) is the start itself, whatever day it is.
# Calendar days, weeks and months ignore holidays; months clamp to the last day of a shorter month.
# 72 hours: from a date alone the clock starts at 00:00 UK time, so the due date is 3 days later (no clock change
# falls in these windows; see test_calendar for one that does).
# Week 32 of pregnancy: the start is the expected date of delivery; due 8 weeks (56 days) before it.
EXPECTED: dict[str, dict[date, date]] = {
    "0 working days (same day)": {
        FRIDAY: date(2027, 1, 8),  # Fri 8 Jan 2027 -> Fri 8 Jan 2027
        WEEKEND: date(2027, 1, 9),  # Sat 9 Jan 2027 -> Sat 9 Jan 2027
        BEFORE_CHRISTMAS: date(2027, 12, 23),  # Thu 23 Dec 2027 -> Thu 23 Dec 2027
        CHRISTMAS: date(2027, 12, 24),  # Fri 24 Dec 2027 -> Fri 24 Dec 2027
        SUBSTITUTE_DAY: date(2027, 12, 27),  # Mon 27 Dec 2027 -> Mon 27 Dec 2027
        EASTER: date(2027, 3, 25),  # Thu 25 Mar 2027 -> Thu 25 Mar 2027
        EARLY_MAY: date(2027, 4, 30),  # Fri 30 Apr 2027 -> Fri 30 Apr 2027
        LATE_MAY: date(2027, 5, 28),  # Fri 28 May 2027 -> Fri 28 May 2027
        AUGUST: date(2027, 8, 27),  # Fri 27 Aug 2027 -> Fri 27 Aug 2027
        MONTH_END: date(2027, 1, 31),  # Sun 31 Jan 2027 -> Sun 31 Jan 2027
        NOVEMBER_END: date(2027, 11, 30),  # Tue 30 Nov 2027 -> Tue 30 Nov 2027
        LEAP_DAY: date(2028, 2, 29),  # Tue 29 Feb 2028 -> Tue 29 Feb 2028
    },
    "1 working day": {
        FRIDAY: date(2027, 1, 11),  # Fri 8 Jan 2027 -> Mon 11 Jan 2027
        WEEKEND: date(2027, 1, 11),  # Sat 9 Jan 2027 -> Mon 11 Jan 2027
        BEFORE_CHRISTMAS: date(2027, 12, 24),  # Thu 23 Dec 2027 -> Fri 24 Dec 2027
        CHRISTMAS: date(2027, 12, 29),  # Fri 24 Dec 2027 -> Wed 29 Dec 2027
        SUBSTITUTE_DAY: date(2027, 12, 29),  # Mon 27 Dec 2027 -> Wed 29 Dec 2027
        EASTER: date(2027, 3, 30),  # Thu 25 Mar 2027 -> Tue 30 Mar 2027
        EARLY_MAY: date(2027, 5, 4),  # Fri 30 Apr 2027 -> Tue 4 May 2027
        LATE_MAY: date(2027, 6, 1),  # Fri 28 May 2027 -> Tue 1 Jun 2027
        AUGUST: date(2027, 8, 31),  # Fri 27 Aug 2027 -> Tue 31 Aug 2027
        MONTH_END: date(2027, 2, 1),  # Sun 31 Jan 2027 -> Mon 1 Feb 2027
        NOVEMBER_END: date(2027, 12, 1),  # Tue 30 Nov 2027 -> Wed 1 Dec 2027
        LEAP_DAY: date(2028, 3, 1),  # Tue 29 Feb 2028 -> Wed 1 Mar 2028
    },
    "3 working days": {
        FRIDAY: date(2027, 1, 13),  # Fri 8 Jan 2027 -> Wed 13 Jan 2027
        WEEKEND: date(2027, 1, 13),  # Sat 9 Jan 2027 -> Wed 13 Jan 2027
        BEFORE_CHRISTMAS: date(2027, 12, 30),  # Thu 23 Dec 2027 -> Thu 30 Dec 2027
        CHRISTMAS: date(2027, 12, 31),  # Fri 24 Dec 2027 -> Fri 31 Dec 2027
        SUBSTITUTE_DAY: date(2027, 12, 31),  # Mon 27 Dec 2027 -> Fri 31 Dec 2027
        EASTER: date(2027, 4, 1),  # Thu 25 Mar 2027 -> Thu 1 Apr 2027
        EARLY_MAY: date(2027, 5, 6),  # Fri 30 Apr 2027 -> Thu 6 May 2027
        LATE_MAY: date(2027, 6, 3),  # Fri 28 May 2027 -> Thu 3 Jun 2027
        AUGUST: date(2027, 9, 2),  # Fri 27 Aug 2027 -> Thu 2 Sep 2027
        MONTH_END: date(2027, 2, 3),  # Sun 31 Jan 2027 -> Wed 3 Feb 2027
        NOVEMBER_END: date(2027, 12, 3),  # Tue 30 Nov 2027 -> Fri 3 Dec 2027
        LEAP_DAY: date(2028, 3, 3),  # Tue 29 Feb 2028 -> Fri 3 Mar 2028
    },
    "5 working days": {
        FRIDAY: date(2027, 1, 15),  # Fri 8 Jan 2027 -> Fri 15 Jan 2027
        WEEKEND: date(2027, 1, 15),  # Sat 9 Jan 2027 -> Fri 15 Jan 2027
        BEFORE_CHRISTMAS: date(2028, 1, 4),  # Thu 23 Dec 2027 -> Tue 4 Jan 2028
        CHRISTMAS: date(2028, 1, 5),  # Fri 24 Dec 2027 -> Wed 5 Jan 2028
        SUBSTITUTE_DAY: date(2028, 1, 5),  # Mon 27 Dec 2027 -> Wed 5 Jan 2028
        EASTER: date(2027, 4, 5),  # Thu 25 Mar 2027 -> Mon 5 Apr 2027
        EARLY_MAY: date(2027, 5, 10),  # Fri 30 Apr 2027 -> Mon 10 May 2027
        LATE_MAY: date(2027, 6, 7),  # Fri 28 May 2027 -> Mon 7 Jun 2027
        AUGUST: date(2027, 9, 6),  # Fri 27 Aug 2027 -> Mon 6 Sep 2027
        MONTH_END: date(2027, 2, 5),  # Sun 31 Jan 2027 -> Fri 5 Feb 2027
        NOVEMBER_END: date(2027, 12, 7),  # Tue 30 Nov 2027 -> Tue 7 Dec 2027
        LEAP_DAY: date(2028, 3, 7),  # Tue 29 Feb 2028 -> Tue 7 Mar 2028
    },
    "10 working days": {
        FRIDAY: date(2027, 1, 22),  # Fri 8 Jan 2027 -> Fri 22 Jan 2027
        WEEKEND: date(2027, 1, 22),  # Sat 9 Jan 2027 -> Fri 22 Jan 2027
        BEFORE_CHRISTMAS: date(2028, 1, 11),  # Thu 23 Dec 2027 -> Tue 11 Jan 2028
        CHRISTMAS: date(2028, 1, 12),  # Fri 24 Dec 2027 -> Wed 12 Jan 2028
        SUBSTITUTE_DAY: date(2028, 1, 12),  # Mon 27 Dec 2027 -> Wed 12 Jan 2028
        EASTER: date(2027, 4, 12),  # Thu 25 Mar 2027 -> Mon 12 Apr 2027
        EARLY_MAY: date(2027, 5, 17),  # Fri 30 Apr 2027 -> Mon 17 May 2027
        LATE_MAY: date(2027, 6, 14),  # Fri 28 May 2027 -> Mon 14 Jun 2027
        AUGUST: date(2027, 9, 13),  # Fri 27 Aug 2027 -> Mon 13 Sep 2027
        MONTH_END: date(2027, 2, 12),  # Sun 31 Jan 2027 -> Fri 12 Feb 2027
        NOVEMBER_END: date(2027, 12, 14),  # Tue 30 Nov 2027 -> Tue 14 Dec 2027
        LEAP_DAY: date(2028, 3, 14),  # Tue 29 Feb 2028 -> Tue 14 Mar 2028
    },
    "15 working days": {
        FRIDAY: date(2027, 1, 29),  # Fri 8 Jan 2027 -> Fri 29 Jan 2027
        WEEKEND: date(2027, 1, 29),  # Sat 9 Jan 2027 -> Fri 29 Jan 2027
        BEFORE_CHRISTMAS: date(2028, 1, 18),  # Thu 23 Dec 2027 -> Tue 18 Jan 2028
        CHRISTMAS: date(2028, 1, 19),  # Fri 24 Dec 2027 -> Wed 19 Jan 2028
        SUBSTITUTE_DAY: date(2028, 1, 19),  # Mon 27 Dec 2027 -> Wed 19 Jan 2028
        EASTER: date(2027, 4, 19),  # Thu 25 Mar 2027 -> Mon 19 Apr 2027
        EARLY_MAY: date(2027, 5, 24),  # Fri 30 Apr 2027 -> Mon 24 May 2027
        LATE_MAY: date(2027, 6, 21),  # Fri 28 May 2027 -> Mon 21 Jun 2027
        AUGUST: date(2027, 9, 20),  # Fri 27 Aug 2027 -> Mon 20 Sep 2027
        MONTH_END: date(2027, 2, 19),  # Sun 31 Jan 2027 -> Fri 19 Feb 2027
        NOVEMBER_END: date(2027, 12, 21),  # Tue 30 Nov 2027 -> Tue 21 Dec 2027
        LEAP_DAY: date(2028, 3, 21),  # Tue 29 Feb 2028 -> Tue 21 Mar 2028
    },
    "20 working days": {
        FRIDAY: date(2027, 2, 5),  # Fri 8 Jan 2027 -> Fri 5 Feb 2027
        WEEKEND: date(2027, 2, 5),  # Sat 9 Jan 2027 -> Fri 5 Feb 2027
        BEFORE_CHRISTMAS: date(2028, 1, 25),  # Thu 23 Dec 2027 -> Tue 25 Jan 2028
        CHRISTMAS: date(2028, 1, 26),  # Fri 24 Dec 2027 -> Wed 26 Jan 2028
        SUBSTITUTE_DAY: date(2028, 1, 26),  # Mon 27 Dec 2027 -> Wed 26 Jan 2028
        EASTER: date(2027, 4, 26),  # Thu 25 Mar 2027 -> Mon 26 Apr 2027
        EARLY_MAY: date(2027, 6, 1),  # Fri 30 Apr 2027 -> Tue 1 Jun 2027
        LATE_MAY: date(2027, 6, 28),  # Fri 28 May 2027 -> Mon 28 Jun 2027
        AUGUST: date(2027, 9, 27),  # Fri 27 Aug 2027 -> Mon 27 Sep 2027
        MONTH_END: date(2027, 2, 26),  # Sun 31 Jan 2027 -> Fri 26 Feb 2027
        NOVEMBER_END: date(2027, 12, 30),  # Tue 30 Nov 2027 -> Thu 30 Dec 2027
        LEAP_DAY: date(2028, 3, 28),  # Tue 29 Feb 2028 -> Tue 28 Mar 2028
    },
    "45 working days": {
        FRIDAY: date(2027, 3, 12),  # Fri 8 Jan 2027 -> Fri 12 Mar 2027
        WEEKEND: date(2027, 3, 12),  # Sat 9 Jan 2027 -> Fri 12 Mar 2027
        BEFORE_CHRISTMAS: date(2028, 2, 29),  # Thu 23 Dec 2027 -> Tue 29 Feb 2028
        CHRISTMAS: date(2028, 3, 1),  # Fri 24 Dec 2027 -> Wed 1 Mar 2028
        SUBSTITUTE_DAY: date(2028, 3, 1),  # Mon 27 Dec 2027 -> Wed 1 Mar 2028
        EASTER: date(2027, 6, 2),  # Thu 25 Mar 2027 -> Wed 2 Jun 2027
        EARLY_MAY: date(2027, 7, 6),  # Fri 30 Apr 2027 -> Tue 6 Jul 2027
        LATE_MAY: date(2027, 8, 2),  # Fri 28 May 2027 -> Mon 2 Aug 2027
        AUGUST: date(2027, 11, 1),  # Fri 27 Aug 2027 -> Mon 1 Nov 2027
        MONTH_END: date(2027, 4, 6),  # Sun 31 Jan 2027 -> Tue 6 Apr 2027
        NOVEMBER_END: date(2028, 2, 4),  # Tue 30 Nov 2027 -> Fri 4 Feb 2028
        LEAP_DAY: date(2028, 5, 5),  # Tue 29 Feb 2028 -> Fri 5 May 2028
    },
    "7 days": {
        FRIDAY: date(2027, 1, 15),  # Fri 8 Jan 2027 -> Fri 15 Jan 2027
        WEEKEND: date(2027, 1, 16),  # Sat 9 Jan 2027 -> Sat 16 Jan 2027
        BEFORE_CHRISTMAS: date(2027, 12, 30),  # Thu 23 Dec 2027 -> Thu 30 Dec 2027
        CHRISTMAS: date(2027, 12, 31),  # Fri 24 Dec 2027 -> Fri 31 Dec 2027
        SUBSTITUTE_DAY: date(2028, 1, 3),  # Mon 27 Dec 2027 -> Mon 3 Jan 2028
        EASTER: date(2027, 4, 1),  # Thu 25 Mar 2027 -> Thu 1 Apr 2027
        EARLY_MAY: date(2027, 5, 7),  # Fri 30 Apr 2027 -> Fri 7 May 2027
        LATE_MAY: date(2027, 6, 4),  # Fri 28 May 2027 -> Fri 4 Jun 2027
        AUGUST: date(2027, 9, 3),  # Fri 27 Aug 2027 -> Fri 3 Sep 2027
        MONTH_END: date(2027, 2, 7),  # Sun 31 Jan 2027 -> Sun 7 Feb 2027
        NOVEMBER_END: date(2027, 12, 7),  # Tue 30 Nov 2027 -> Tue 7 Dec 2027
        LEAP_DAY: date(2028, 3, 7),  # Tue 29 Feb 2028 -> Tue 7 Mar 2028
    },
    "4 weeks": {
        FRIDAY: date(2027, 2, 5),  # Fri 8 Jan 2027 -> Fri 5 Feb 2027
        WEEKEND: date(2027, 2, 6),  # Sat 9 Jan 2027 -> Sat 6 Feb 2027
        BEFORE_CHRISTMAS: date(2028, 1, 20),  # Thu 23 Dec 2027 -> Thu 20 Jan 2028
        CHRISTMAS: date(2028, 1, 21),  # Fri 24 Dec 2027 -> Fri 21 Jan 2028
        SUBSTITUTE_DAY: date(2028, 1, 24),  # Mon 27 Dec 2027 -> Mon 24 Jan 2028
        EASTER: date(2027, 4, 22),  # Thu 25 Mar 2027 -> Thu 22 Apr 2027
        EARLY_MAY: date(2027, 5, 28),  # Fri 30 Apr 2027 -> Fri 28 May 2027
        LATE_MAY: date(2027, 6, 25),  # Fri 28 May 2027 -> Fri 25 Jun 2027
        AUGUST: date(2027, 9, 24),  # Fri 27 Aug 2027 -> Fri 24 Sep 2027
        MONTH_END: date(2027, 2, 28),  # Sun 31 Jan 2027 -> Sun 28 Feb 2027
        NOVEMBER_END: date(2027, 12, 28),  # Tue 30 Nov 2027 -> Tue 28 Dec 2027
        LEAP_DAY: date(2028, 3, 28),  # Tue 29 Feb 2028 -> Tue 28 Mar 2028
    },
    "6 weeks": {
        FRIDAY: date(2027, 2, 19),  # Fri 8 Jan 2027 -> Fri 19 Feb 2027
        WEEKEND: date(2027, 2, 20),  # Sat 9 Jan 2027 -> Sat 20 Feb 2027
        BEFORE_CHRISTMAS: date(2028, 2, 3),  # Thu 23 Dec 2027 -> Thu 3 Feb 2028
        CHRISTMAS: date(2028, 2, 4),  # Fri 24 Dec 2027 -> Fri 4 Feb 2028
        SUBSTITUTE_DAY: date(2028, 2, 7),  # Mon 27 Dec 2027 -> Mon 7 Feb 2028
        EASTER: date(2027, 5, 6),  # Thu 25 Mar 2027 -> Thu 6 May 2027
        EARLY_MAY: date(2027, 6, 11),  # Fri 30 Apr 2027 -> Fri 11 Jun 2027
        LATE_MAY: date(2027, 7, 9),  # Fri 28 May 2027 -> Fri 9 Jul 2027
        AUGUST: date(2027, 10, 8),  # Fri 27 Aug 2027 -> Fri 8 Oct 2027
        MONTH_END: date(2027, 3, 14),  # Sun 31 Jan 2027 -> Sun 14 Mar 2027
        NOVEMBER_END: date(2028, 1, 11),  # Tue 30 Nov 2027 -> Tue 11 Jan 2028
        LEAP_DAY: date(2028, 4, 11),  # Tue 29 Feb 2028 -> Tue 11 Apr 2028
    },
    "8 weeks": {
        FRIDAY: date(2027, 3, 5),  # Fri 8 Jan 2027 -> Fri 5 Mar 2027
        WEEKEND: date(2027, 3, 6),  # Sat 9 Jan 2027 -> Sat 6 Mar 2027
        BEFORE_CHRISTMAS: date(2028, 2, 17),  # Thu 23 Dec 2027 -> Thu 17 Feb 2028
        CHRISTMAS: date(2028, 2, 18),  # Fri 24 Dec 2027 -> Fri 18 Feb 2028
        SUBSTITUTE_DAY: date(2028, 2, 21),  # Mon 27 Dec 2027 -> Mon 21 Feb 2028
        EASTER: date(2027, 5, 20),  # Thu 25 Mar 2027 -> Thu 20 May 2027
        EARLY_MAY: date(2027, 6, 25),  # Fri 30 Apr 2027 -> Fri 25 Jun 2027
        LATE_MAY: date(2027, 7, 23),  # Fri 28 May 2027 -> Fri 23 Jul 2027
        AUGUST: date(2027, 10, 22),  # Fri 27 Aug 2027 -> Fri 22 Oct 2027
        MONTH_END: date(2027, 3, 28),  # Sun 31 Jan 2027 -> Sun 28 Mar 2027
        NOVEMBER_END: date(2028, 1, 25),  # Tue 30 Nov 2027 -> Tue 25 Jan 2028
        LEAP_DAY: date(2028, 4, 25),  # Tue 29 Feb 2028 -> Tue 25 Apr 2028
    },
    "26 weeks": {
        FRIDAY: date(2027, 7, 9),  # Fri 8 Jan 2027 -> Fri 9 Jul 2027
        WEEKEND: date(2027, 7, 10),  # Sat 9 Jan 2027 -> Sat 10 Jul 2027
        BEFORE_CHRISTMAS: date(2028, 6, 22),  # Thu 23 Dec 2027 -> Thu 22 Jun 2028
        CHRISTMAS: date(2028, 6, 23),  # Fri 24 Dec 2027 -> Fri 23 Jun 2028
        SUBSTITUTE_DAY: date(2028, 6, 26),  # Mon 27 Dec 2027 -> Mon 26 Jun 2028
        EASTER: date(2027, 9, 23),  # Thu 25 Mar 2027 -> Thu 23 Sep 2027
        EARLY_MAY: date(2027, 10, 29),  # Fri 30 Apr 2027 -> Fri 29 Oct 2027
        LATE_MAY: date(2027, 11, 26),  # Fri 28 May 2027 -> Fri 26 Nov 2027
        AUGUST: date(2028, 2, 25),  # Fri 27 Aug 2027 -> Fri 25 Feb 2028
        MONTH_END: date(2027, 8, 1),  # Sun 31 Jan 2027 -> Sun 1 Aug 2027
        NOVEMBER_END: date(2028, 5, 30),  # Tue 30 Nov 2027 -> Tue 30 May 2028
        LEAP_DAY: date(2028, 8, 29),  # Tue 29 Feb 2028 -> Tue 29 Aug 2028
    },
    "3 months": {
        FRIDAY: date(2027, 4, 8),  # Fri 8 Jan 2027 -> Thu 8 Apr 2027
        WEEKEND: date(2027, 4, 9),  # Sat 9 Jan 2027 -> Fri 9 Apr 2027
        BEFORE_CHRISTMAS: date(2028, 3, 23),  # Thu 23 Dec 2027 -> Thu 23 Mar 2028
        CHRISTMAS: date(2028, 3, 24),  # Fri 24 Dec 2027 -> Fri 24 Mar 2028
        SUBSTITUTE_DAY: date(2028, 3, 27),  # Mon 27 Dec 2027 -> Mon 27 Mar 2028
        EASTER: date(2027, 6, 25),  # Thu 25 Mar 2027 -> Fri 25 Jun 2027
        EARLY_MAY: date(2027, 7, 30),  # Fri 30 Apr 2027 -> Fri 30 Jul 2027
        LATE_MAY: date(2027, 8, 28),  # Fri 28 May 2027 -> Sat 28 Aug 2027
        AUGUST: date(2027, 11, 27),  # Fri 27 Aug 2027 -> Sat 27 Nov 2027
        MONTH_END: date(2027, 4, 30),  # Sun 31 Jan 2027 -> Fri 30 Apr 2027
        NOVEMBER_END: date(2028, 2, 29),  # Tue 30 Nov 2027 -> Tue 29 Feb 2028
        LEAP_DAY: date(2028, 5, 29),  # Tue 29 Feb 2028 -> Mon 29 May 2028
    },
    "6 months": {
        FRIDAY: date(2027, 7, 8),  # Fri 8 Jan 2027 -> Thu 8 Jul 2027
        WEEKEND: date(2027, 7, 9),  # Sat 9 Jan 2027 -> Fri 9 Jul 2027
        BEFORE_CHRISTMAS: date(2028, 6, 23),  # Thu 23 Dec 2027 -> Fri 23 Jun 2028
        CHRISTMAS: date(2028, 6, 24),  # Fri 24 Dec 2027 -> Sat 24 Jun 2028
        SUBSTITUTE_DAY: date(2028, 6, 27),  # Mon 27 Dec 2027 -> Tue 27 Jun 2028
        EASTER: date(2027, 9, 25),  # Thu 25 Mar 2027 -> Sat 25 Sep 2027
        EARLY_MAY: date(2027, 10, 30),  # Fri 30 Apr 2027 -> Sat 30 Oct 2027
        LATE_MAY: date(2027, 11, 28),  # Fri 28 May 2027 -> Sun 28 Nov 2027
        AUGUST: date(2028, 2, 27),  # Fri 27 Aug 2027 -> Sun 27 Feb 2028
        MONTH_END: date(2027, 7, 31),  # Sun 31 Jan 2027 -> Sat 31 Jul 2027
        NOVEMBER_END: date(2028, 5, 30),  # Tue 30 Nov 2027 -> Tue 30 May 2028
        LEAP_DAY: date(2028, 8, 29),  # Tue 29 Feb 2028 -> Tue 29 Aug 2028
    },
    "12 months": {
        FRIDAY: date(2028, 1, 8),  # Fri 8 Jan 2027 -> Sat 8 Jan 2028
        WEEKEND: date(2028, 1, 9),  # Sat 9 Jan 2027 -> Sun 9 Jan 2028
        BEFORE_CHRISTMAS: date(2028, 12, 23),  # Thu 23 Dec 2027 -> Sat 23 Dec 2028
        CHRISTMAS: date(2028, 12, 24),  # Fri 24 Dec 2027 -> Sun 24 Dec 2028
        SUBSTITUTE_DAY: date(2028, 12, 27),  # Mon 27 Dec 2027 -> Wed 27 Dec 2028
        EASTER: date(2028, 3, 25),  # Thu 25 Mar 2027 -> Sat 25 Mar 2028
        EARLY_MAY: date(2028, 4, 30),  # Fri 30 Apr 2027 -> Sun 30 Apr 2028
        LATE_MAY: date(2028, 5, 28),  # Fri 28 May 2027 -> Sun 28 May 2028
        AUGUST: date(2028, 8, 27),  # Fri 27 Aug 2027 -> Sun 27 Aug 2028
        MONTH_END: date(2028, 1, 31),  # Sun 31 Jan 2027 -> Mon 31 Jan 2028
        NOVEMBER_END: date(2028, 11, 30),  # Tue 30 Nov 2027 -> Thu 30 Nov 2028
        LEAP_DAY: date(2029, 2, 28),  # Tue 29 Feb 2028 -> Wed 28 Feb 2029
    },
    "72 hours": {
        FRIDAY: date(2027, 1, 11),  # Fri 8 Jan 2027 -> Mon 11 Jan 2027
        WEEKEND: date(2027, 1, 12),  # Sat 9 Jan 2027 -> Tue 12 Jan 2027
        BEFORE_CHRISTMAS: date(2027, 12, 26),  # Thu 23 Dec 2027 -> Sun 26 Dec 2027
        CHRISTMAS: date(2027, 12, 27),  # Fri 24 Dec 2027 -> Mon 27 Dec 2027
        SUBSTITUTE_DAY: date(2027, 12, 30),  # Mon 27 Dec 2027 -> Thu 30 Dec 2027
        EASTER: date(2027, 3, 28),  # Thu 25 Mar 2027 -> Sun 28 Mar 2027
        EARLY_MAY: date(2027, 5, 3),  # Fri 30 Apr 2027 -> Mon 3 May 2027
        LATE_MAY: date(2027, 5, 31),  # Fri 28 May 2027 -> Mon 31 May 2027
        AUGUST: date(2027, 8, 30),  # Fri 27 Aug 2027 -> Mon 30 Aug 2027
        MONTH_END: date(2027, 2, 3),  # Sun 31 Jan 2027 -> Wed 3 Feb 2027
        NOVEMBER_END: date(2027, 12, 3),  # Tue 30 Nov 2027 -> Fri 3 Dec 2027
        LEAP_DAY: date(2028, 3, 3),  # Tue 29 Feb 2028 -> Fri 3 Mar 2028
    },
    "week 32 of pregnancy": {
        FRIDAY: date(2026, 11, 13),  # Fri 8 Jan 2027 -> Fri 13 Nov 2026
        WEEKEND: date(2026, 11, 14),  # Sat 9 Jan 2027 -> Sat 14 Nov 2026
        BEFORE_CHRISTMAS: date(2027, 10, 28),  # Thu 23 Dec 2027 -> Thu 28 Oct 2027
        CHRISTMAS: date(2027, 10, 29),  # Fri 24 Dec 2027 -> Fri 29 Oct 2027
        SUBSTITUTE_DAY: date(2027, 11, 1),  # Mon 27 Dec 2027 -> Mon 1 Nov 2027
        EASTER: date(2027, 1, 28),  # Thu 25 Mar 2027 -> Thu 28 Jan 2027
        EARLY_MAY: date(2027, 3, 5),  # Fri 30 Apr 2027 -> Fri 5 Mar 2027
        LATE_MAY: date(2027, 4, 2),  # Fri 28 May 2027 -> Fri 2 Apr 2027
        AUGUST: date(2027, 7, 2),  # Fri 27 Aug 2027 -> Fri 2 Jul 2027
        MONTH_END: date(2026, 12, 6),  # Sun 31 Jan 2027 -> Sun 6 Dec 2026
        NOVEMBER_END: date(2027, 10, 5),  # Tue 30 Nov 2027 -> Tue 5 Oct 2027
        LEAP_DAY: date(2028, 1, 4),  # Tue 29 Feb 2028 -> Tue 4 Jan 2028
    },
    "3 months or 20 working days, sooner": {
        FRIDAY: date(2027, 2, 5),  # Fri 8 Jan 2027 -> Fri 5 Feb 2027
        WEEKEND: date(2027, 2, 5),  # Sat 9 Jan 2027 -> Fri 5 Feb 2027
        BEFORE_CHRISTMAS: date(2028, 1, 25),  # Thu 23 Dec 2027 -> Tue 25 Jan 2028
        CHRISTMAS: date(2028, 1, 26),  # Fri 24 Dec 2027 -> Wed 26 Jan 2028
        SUBSTITUTE_DAY: date(2028, 1, 26),  # Mon 27 Dec 2027 -> Wed 26 Jan 2028
        EASTER: date(2027, 4, 26),  # Thu 25 Mar 2027 -> Mon 26 Apr 2027
        EARLY_MAY: date(2027, 6, 1),  # Fri 30 Apr 2027 -> Tue 1 Jun 2027
        LATE_MAY: date(2027, 6, 28),  # Fri 28 May 2027 -> Mon 28 Jun 2027
        AUGUST: date(2027, 9, 27),  # Fri 27 Aug 2027 -> Mon 27 Sep 2027
        MONTH_END: date(2027, 2, 26),  # Sun 31 Jan 2027 -> Fri 26 Feb 2027
        NOVEMBER_END: date(2027, 12, 30),  # Tue 30 Nov 2027 -> Thu 30 Dec 2027
        LEAP_DAY: date(2028, 3, 28),  # Tue 29 Feb 2028 -> Tue 28 Mar 2028
    },
}

# Which column each rule (and each of its intervals) uses: copied by hand from RULES.md.
RULE_FIGURES: dict[tuple[str, str], str] = {
    ("contact_decision", "standard"): "1 working day",
    ("single_assessment", "standard"): "45 working days",
    ("initial_child_protection_conference", "standard"): "15 working days",
    ("first_core_group", "standard"): "10 working days",
    ("first_review_conference", "standard"): "3 months",
    ("subsequent_review_conference", "standard"): "6 months",
    ("care_plan", "standard"): "10 working days",
    ("placement_plan", "standard"): "5 working days",
    ("first_looked_after_review", "standard"): "20 working days",
    ("second_looked_after_review", "standard"): "3 months",
    ("subsequent_looked_after_review", "standard"): "6 months",
    ("first_placement_visit", "standard"): "7 days",
    ("placement_visit_first_year", "standard"): "6 weeks",
    ("placement_visit_long_term", "standard"): "3 months",
    ("placement_visit_other", "standard"): "6 weeks",
    ("placed_with_parents_visit", "to_first_review"): "7 days",
    ("placed_with_parents_visit", "after_first_review"): "6 weeks",
    ("connected_person_visit", "to_first_review"): "7 days",
    ("connected_person_visit", "after_first_review"): "4 weeks",
    ("initial_health_assessment", "standard"): "20 working days",
    ("review_health_assessment_under_5", "standard"): "6 months",
    ("review_health_assessment_5_plus", "standard"): "12 months",
    ("personal_education_plan", "standard"): "10 working days",
    ("return_home_interview", "standard"): "72 hours",
    ("pathway_plan_review", "standard"): "6 months",
    ("eligible_child_needs_assessment", "standard"): "3 months",
    ("serious_incident_notification", "standard"): "5 working days",
    ("rapid_review", "standard"): "15 working days",
    ("local_practice_review_publication", "standard"): "6 months",
    ("yearly_report", "standard"): "12 months",
    ("care_proceedings", "standard"): "26 weeks",
    # Local protocols, at their RULES.md defaults.
    ("strategy_discussion", "standard"): "1 working day",
    ("strategy_discussion", "immediate_danger"): "0 working days (same day)",
    ("section_47_outcome", "standard"): "15 working days",
    ("child_protection_visit", "standard"): "10 working days",
    ("core_group_interval", "standard"): "6 weeks",
    ("pre_birth_conference", "conference"): "week 32 of pregnancy",
    ("pre_birth_conference", "first_review_after_birth"): "3 months or 20 working days, sooner",
    ("transfer_in_conference", "standard"): "15 working days",
    ("family_help_review", "standard"): "3 months",
    # Local rules the project added beyond RULES.md (rules.toml's added_by_project says why), at their defaults.
    ("family_help_visit", "standard"): "20 working days",
    ("care_leaver_contact", "standard"): "8 weeks",
    ("information_request", "urgent"): "1 working day",
    ("information_request", "other"): "3 working days",
    ("referrer_feedback", "standard"): "3 working days",
}

CASES = [
    pytest.param(code, interval, start_name, id=f"{code}-{interval}-{start_name}")
    for (code, interval) in RULE_FIGURES
    for start_name in STARTS
]


def test_the_table_covers_every_rule_and_interval_in_the_rules_file() -> None:
    in_file = {(code, i.name) for code, rule in RULES.items() for i in rule.intervals}
    assert in_file == set(RULE_FIGURES)


@pytest.mark.parametrize(("code", "interval", "start_name"), CASES)
def test_due_date_matches_the_hand_computed_table(code: str, interval: str, start_name: str) -> None:
    start = STARTS[start_name]
    expected = EXPECTED[RULE_FIGURES[(code, interval)]][start]
    assert due_date(code, start, interval=interval) == expected


@pytest.mark.parametrize("code", sorted({code for code, _ in RULE_FIGURES}))
def test_the_headline_interval_is_the_first_listed_in_rules_md(code: str) -> None:
    first = next(interval for (c, interval) in RULE_FIGURES if c == code)
    assert due_date(code, FRIDAY) == EXPECTED[RULE_FIGURES[(code, first)]][FRIDAY]


def test_icpc_after_a_strategy_discussion_on_friday_18_december_2026_is_due_wednesday_13_january_2027() -> None:
    # RULES.md's worked example: 21-24 Dec (1-4), 25 Dec and 28 Dec (Boxing Day substitute) closed, 29-31 Dec
    # (5-7), 1 Jan closed, 4-8 Jan (8-12), 11-13 Jan (13-15).
    assert due_date("initial_child_protection_conference", date(2026, 12, 18)) == date(2027, 1, 13)
