"""What the care leaver record tells the practice prompts' targeting (joinedup/prompts/facts.py): a parent who is a
care leaver is a young parent, whatever their age."""

from __future__ import annotations

from joinedup.prompts.facts import CARE_LEAVER, PromptFactSource

from .models import CareLeaver

PROMPT_FACT_SOURCES = [
    PromptFactSource(
        name="care_leavers.care_leaver",
        fact=CARE_LEAVER,
        rows=lambda: CareLeaver.objects.all(),
        child="",
        person="child_id",
    )
]
