"""What child protection tells the practice prompts' targeting (joinedup/prompts/facts.py): a carer who attended
the child's conference, or is in the plan's core group, has taken part in the work."""

from __future__ import annotations

from joinedup.prompts.facts import ENGAGED, PromptFactSource

from .models import ConferenceCarer, CoreGroupCarer

PROMPT_FACT_SOURCES = [
    PromptFactSource(
        name="child_protection.conference_carers",
        fact=ENGAGED,
        rows=lambda: ConferenceCarer.objects.filter(attended=True, person__isnull=False),
        child="conference__child_id",
        person="person_id",
    ),
    PromptFactSource(
        name="child_protection.core_group_carers",
        fact=ENGAGED,
        rows=lambda: CoreGroupCarer.objects.filter(person__isnull=False),
        child="plan__child_id",
        person="person_id",
    ),
]
