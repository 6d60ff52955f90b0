"""People's part of the case summary (joinedup/core/summary.py): the child's greater-risk flags (M9) among the
summary's harms and risks, as the child's record shows them (people.selectors.child_greater_risk_flags). Declared
here, read by the chronology app (ChronologyConfig.ready); read for local authority caseworkers only."""

from __future__ import annotations

from typing import Any

from joinedup.core.summary import SummaryItem, SummarySection, SummarySource

from .models import ChildProfile, Person
from .selectors import child_greater_risk_flags


def greater_risk_flags(*, child_id: int, user: Any) -> list[SummaryItem]:
    """Each flag of a child at greater risk, in plain words (one query: the child with their profile)."""
    child = Person.objects.select_related("child_profile").get(pk=child_id)
    return [
        SummaryItem(SummarySection.RISK, flag.label, "a child at greater risk")
        for flag in child_greater_risk_flags(child=child)
    ]


# A child with no profile has no flags, and is not asked.
SUMMARY_SOURCES = [
    SummarySource(
        "people.greater_risk_flags",
        greater_risk_flags,
        presence=lambda child_id: ChildProfile.objects.filter(person_id=child_id),
    ),
]
