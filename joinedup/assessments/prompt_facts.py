"""What the assessment tells the practice prompts' targeting (joinedup/prompts/facts.py): a parent or carer named in
the child's assessment with their views has taken part in the work."""

from __future__ import annotations

from joinedup.prompts.facts import ENGAGED, PromptFactSource

from .models import AssessmentCarer

PROMPT_FACT_SOURCES = [
    PromptFactSource(
        name="assessments.carers",
        fact=ENGAGED,
        rows=lambda: AssessmentCarer.objects.filter(person__isnull=False).exclude(views=""),
        child="assessment__child_id",
        person="person_id",
    )
]
