"""Statutory visits (CPPCR reg. 28, M22): the child seen, and seen alone, in their placement. A visit is recorded once,
through the visits app (issue 18, ADR 0023); children_in_care/visits.py makes it one of the placement's statutory
visits. A visit at which the child was seen meets the visit clock that was running and starts the next by the
placement's visiting pattern:

- standard (reg. 28(2)): every 6 weeks in the first year of the placement; after it, every 3 months when the
  placement is intended to last until the child is 18, every 6 weeks otherwise;
- placed with parents before the assessment is complete (reg. 28(3)): weekly until the first looked-after
  review, then every 6 weeks;
- connected person with temporary approval, or interim care order living with a parent (reg. 28(4)): weekly
  until the first review, then every 4 weeks.
"""

from __future__ import annotations

from datetime import date

from joinedup.timescales.calendar import add_months

from ..codes import VisitingPattern
from ..models import Placement

# Regulation 28(2): "during the first year of the placement".
PLACEMENT_FIRST_YEAR_MONTHS = 12


def next_visit_rule(placement: Placement, visited_on: date, *, first_review_held: bool) -> tuple[str, str | None]:
    """The rule (and interval) of the next visit after one on `visited_on`."""
    if placement.visiting_pattern == VisitingPattern.PLACED_WITH_PARENTS:
        return "placed_with_parents_visit", "after_first_review" if first_review_held else "to_first_review"
    if placement.visiting_pattern == VisitingPattern.CONNECTED_PERSON:
        return "connected_person_visit", "after_first_review" if first_review_held else "to_first_review"
    if visited_on < add_months(placement.started_on, PLACEMENT_FIRST_YEAR_MONTHS):
        return "placement_visit_first_year", None
    if placement.is_intended_until_eighteen:
        return "placement_visit_long_term", None
    return "placement_visit_other", None
