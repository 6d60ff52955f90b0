"""What Family Help tells the practice prompts' targeting (joinedup/prompts/facts.py): a person in the family's
network engaged in the plan has taken part in the work with each child of the case."""

from __future__ import annotations

from joinedup.prompts.facts import ENGAGED, PromptFactSource

from .codes import NetworkEngagement
from .models import FamilyNetworkMember

PROMPT_FACT_SOURCES = [
    PromptFactSource(
        name="family_help.network",
        fact=ENGAGED,
        rows=lambda: FamilyNetworkMember.objects.filter(engagement=NetworkEngagement.ENGAGED, person__isnull=False),
        child="case__child_id",
        person="person_id",
    ),
    PromptFactSource(
        name="family_help.network_siblings",
        fact=ENGAGED,
        rows=lambda: FamilyNetworkMember.objects.filter(engagement=NetworkEngagement.ENGAGED, person__isnull=False),
        child="case__children__child_id",
        person="person_id",
    ),
]
