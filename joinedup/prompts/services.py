"""Asking and answering practice prompts (M32) at a moment: which prompts a record asks (``prompts_asked``), the
check a service makes before its first write (``PromptsAsked.check``), and the answers it writes as a step of its
own transaction (``prompt_answers_record``). Like the timescales' deadline services, these are steps of the domain
service that calls them and ask no permission of their own: it has checked the user's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import FieldErrors
from joinedup.people.models import Person

from .codes import PromptError, PromptGroup
from .models import PracticePrompt, PromptAnswer
from .targeting import groups_for_child


def field_name(prompt: PracticePrompt | int) -> str:
    """The form field a prompt's answer is given in."""
    return f"prompt_{prompt if isinstance(prompt, int) else prompt.pk}"


@dataclass
class PromptsAsked:
    """The prompts asked at a moment on a record of some children (none: a contact whose child is not known yet),
    and which of the children each applies to."""

    moment: str
    prompts: list[PracticePrompt]
    groups_by_child: dict[int | None, set[str]] = field(default_factory=dict)

    def children_for(self, prompt: PracticePrompt) -> list[int | None]:
        return [c for c, groups in self.groups_by_child.items() if prompt.applies_to in groups]

    def check(self, answers: Mapping[int, str], errors: FieldErrors) -> dict[int, str]:
        """Add a field error for each required prompt left unanswered, and one for an answer to a prompt not asked
        here; return the answers given, tidied."""
        by_pk = {p.pk: p for p in self.prompts}
        for pk in sorted(pk for pk, text in answers.items() if pk not in by_pk and text.strip()):
            errors.add(
                field_name(pk),
                "This prompt is not asked of the children of this record: clear it, or add the child it is for",
                PromptError.UNKNOWN_PROMPT,
            )
        given = {pk: text.strip() for pk, text in answers.items() if pk in by_pk and text.strip()}
        for prompt in self.prompts:
            if prompt.is_required and prompt.pk not in given:
                errors.add(
                    field_name(prompt),
                    f"Answer the practice prompt: {prompt.question}",
                    PromptError.ANSWER_REQUIRED,
                )
        return given


def prompts_asked(*, moment: str, children: Iterable[Person], on: date | None = None) -> PromptsAsked:
    """The active prompts at `moment` that apply to any of `children`."""
    groups_by_child: dict[int | None, set[str]] = {c.pk: groups_for_child(c, on) for c in children}
    if not groups_by_child:
        groups_by_child[None] = {PromptGroup.ALL_CHILDREN.value}
    wanted = set().union(*groups_by_child.values())
    prompts = list(PracticePrompt.objects.filter(moment=moment, is_active=True, applies_to__in=wanted))
    return PromptsAsked(moment=moment, prompts=prompts, groups_by_child=groups_by_child)


def prompt_answers_record(
    *, actor: Any, asked: PromptsAsked, record: models.Model, answers: Mapping[int, str]
) -> list[PromptAnswer]:
    """Write each answer given (checked by ``asked.check``) against `record`, once for each child of the record
    the prompt applies to, with the prompt's words as asked; one audit event for each answer."""
    now = timezone.now()
    rows = [
        PromptAnswer(
            prompt=prompt,
            moment=asked.moment,
            record_type=record._meta.label_lower,
            record_id=record.pk,
            child_id=child_id,
            question_asked=prompt.question,
            answer=answers[prompt.pk].strip(),
            answered_by=actor,
            answered_at=now,
        )
        for prompt in asked.prompts
        if answers.get(prompt.pk, "").strip()
        for child_id in asked.children_for(prompt)
    ]
    created = PromptAnswer.objects.bulk_create(rows)
    auditor.audit_events_record(
        actor=actor,
        events=[
            auditor.EventSpec(AuditAction.CREATED, "prompts.promptanswer", row.pk, row.child_id) for row in created
        ],
    )
    return created
