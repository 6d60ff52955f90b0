"""What the record says about a child's parents and carers that the practice prompts' targeting needs, from the
apps that record it, without this app importing any of them (ADR 0020, ADR 0024).

An app declares, in its own ``prompt_facts.py``::

    PROMPT_FACT_SOURCES = [
        PromptFactSource(
            name="family_help.network",
            fact=ENGAGED,
            rows=lambda: FamilyNetworkMember.objects.filter(engagement="engaged", person__isnull=False),
            child="case__child_id",
            person="person_id",
        ),
    ]

``ENGAGED``: the person (a parent or carer) has taken part in the child's work: named with their views in an
assessment, engaged in a family plan, attended a conference. ``CARE_LEAVER``: the person is a care leaver (``child``
is empty: it is a fact about the person, whoever's child they are).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import QuerySet

from joinedup.core.discovery import declared

ENGAGED = "engaged"
CARE_LEAVER = "care_leaver"


@dataclass(frozen=True)
class PromptFactSource:
    name: str
    fact: str
    rows: Callable[[], QuerySet[Any]]
    child: str
    person: str


@cache
def fact_sources() -> tuple[PromptFactSource, ...]:
    return tuple(declared("prompt_facts", "PROMPT_FACT_SOURCES"))


def engaged_people(child_id: int, person_ids: set[int]) -> set[int]:
    """Which of `person_ids` have taken part in the work with this child, as any app records it."""
    found: set[int] = set()
    if not person_ids:
        return found
    for source in fact_sources():
        if source.fact != ENGAGED:
            continue
        found |= set(
            source.rows()
            .filter(**{source.child: child_id, f"{source.person}__in": person_ids})
            .values_list(source.person, flat=True)
        )
    return found


def care_leavers(person_ids: set[int]) -> set[int]:
    """Which of `person_ids` are care leavers."""
    found: set[int] = set()
    if not person_ids:
        return found
    for source in fact_sources():
        if source.fact == CARE_LEAVER:
            found |= set(
                source.rows().filter(**{f"{source.person}__in": person_ids}).values_list(source.person, flat=True)
            )
    return found
