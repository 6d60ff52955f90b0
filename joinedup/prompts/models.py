"""Practice prompts (M32): the authority's questions, held as data, asked at each moment that matters for the
children they apply to; and every answer, with who gave it, when, on which record and the prompt's words then."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.core.models import TimeStampedModel

from .codes import PromptGroup, PromptMoment


class PracticePrompt(TimeStampedModel):
    """A practice prompt, as the authority words it: shown at a moment for the children of the group it applies to,
    answered by the practitioner, seen by the manager. Retired prompts stay (answers keep pointing at them); only
    active ones are asked. A required prompt must be answered before the form is saved."""

    moment = models.CharField(max_length=32, choices=PromptMoment.choices)
    applies_to = models.CharField(max_length=32, choices=PromptGroup.choices, default=PromptGroup.ALL_CHILDREN)
    question = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    is_required = models.BooleanField(default=True, help_text="Must be answered before the form is saved")

    class Meta:
        ordering = ["moment", "display_order", "id"]

    def __str__(self) -> str:
        return self.question


class PromptAnswer(TimeStampedModel):
    """One answer to one prompt on one record (a front door decision, a strategy discussion, a conference, a visit,
    a return home interview), for one child. The record is named by its model (``app_label.model``) and id, so
    every domain app keeps its answers here without this app importing any of them. The assessment's and the
    family plan's answers, older than this table, stay in their own apps' tables."""

    prompt = models.ForeignKey(PracticePrompt, on_delete=models.PROTECT, related_name="answers")
    moment = models.CharField(max_length=32, choices=PromptMoment.choices)
    record_type = models.CharField(max_length=100, help_text="The record answered on, as app_label.model")
    record_id = models.BigIntegerField()
    child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="prompt_answers"
    )
    question_asked = models.CharField(max_length=300, help_text="The prompt's words when it was answered")
    answer = models.TextField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["prompt__display_order", "prompt_id", "id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="prompt_answer_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "prompt", "child"], name="one_answer_per_record_prompt_child"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to prompt {self.prompt_id} on {self.record_type} {self.record_id}"
