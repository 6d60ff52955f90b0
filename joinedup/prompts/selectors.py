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
    rows = PromptAnswer.objects.filter(record_type=record._meta.label_lower, record_id=record.pk).select_related(
        "answered_by"
    )
    if child_id is not None:
        rows = rows.filter(child_id=child_id)
    shown: dict[int, AnswerShown] = {}
    for row in rows:
        by = row.answered_by
        shown.setdefault(
            row.prompt_id,
            AnswerShown(row.question_asked, row.answer, by.get_full_name() or by.get_username(), row.answered_at),
        )
    return list(shown.values())


def practice_prompts_all() -> models.QuerySet[PracticePrompt]:
    return PracticePrompt.objects.order_by("moment", "-is_active", "display_order", "id")
