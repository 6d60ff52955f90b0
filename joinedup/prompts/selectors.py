"""Reading practice prompts' answers: those given on a record, for its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from .models import PracticePrompt, PromptAnswer


@dataclass(frozen=True)
class AnswerShown:
    question: str
    answer: str
    answered_by: str
    answered_at: datetime


def prompt_answers_of(record: models.Model, child_id: int | None = None) -> list[AnswerShown]:
    """The answers given on `record` (for one child of it, where given), each once, in the prompts' order."""
    return prompt_answers_by_record(type(record), [record.pk], child_id).get(record.pk, [])


def prompt_answers_by_record(
    model: type[models.Model], record_ids: list[int], child_id: int | None = None
) -> dict[int, list[AnswerShown]]:
    """The answers given on each of several records of one model, in one query: {record id: answers}."""
    rows = PromptAnswer.objects.filter(record_type=model._meta.label_lower, record_id__in=record_ids)
    if child_id is not None:
        rows = rows.filter(child_id=child_id)
    found: dict[int, dict[int, AnswerShown]] = {}
    for row in rows.select_related("answered_by"):
        by = row.answered_by
        found.setdefault(row.record_id, {}).setdefault(
            row.prompt_id,
            AnswerShown(row.question_asked, row.answer, by.get_full_name() or by.get_username(), row.answered_at),
        )
    return {pk: list(answers.values()) for pk, answers in found.items()}


def practice_prompts_all() -> models.QuerySet[PracticePrompt]:
    return PracticePrompt.objects.order_by("moment", "-is_active", "display_order", "id")
