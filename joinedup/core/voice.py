"""The child's voice on a plan or decision (M26; issue 18): the child's wishes and feelings in their own words, or
why they could not be obtained: a reason from a short list (``VoiceNotObtained``) and what happened, in free text.

One place for every plan and decision that asks it. A model adds the fields with ``ChildVoiceFields``; a form with
``joinedup.ui.voice.ChildVoiceFormMixin``; a service takes a ``ChildVoice`` and calls ``check`` before its first
write, which adds the field errors a form shows in the GOV.UK error summary when neither the words nor a reason
are given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from .chronology import shorten
from .errors import FieldErrors
from .summary import VOICE_PER_SOURCE, SummaryItem, SummarySection

WORDS = "child_voice_words"
NOT_OBTAINED = "child_voice_not_obtained"
NOT_OBTAINED_DETAIL = "child_voice_not_obtained_detail"


class VoiceNotObtained(models.TextChoices):
    """Why the child's wishes and feelings could not be obtained."""

    TOO_YOUNG = "too_young", "Too young to share their wishes and feelings"
    CANNOT_COMMUNICATE = "cannot_communicate", "Not able to communicate them, even with support"
    DECLINED = "declined", "Declined to share them"
    NOT_YET_SEEN = "not_yet_seen", "Not yet seen"


class VoiceError:
    REQUIRED = "child_voice_required"
    UNKNOWN_REASON = "child_voice_unknown_reason"
    DETAIL_REQUIRED = "child_voice_detail_required"
    NOT_COVERED = "child_voice_child_not_covered"


@dataclass(frozen=True)
class ChildVoice:
    """What a practitioner recorded of the child's wishes and feelings: their words, or why not."""

    words: str = ""
    not_obtained: str = ""
    not_obtained_detail: str = ""

    def check(self, errors: FieldErrors) -> ChildVoice:
        """Add the field errors of a voice that is neither words nor a reason, and return it tidied: words given
        win, so a reason chosen beside them is not kept."""
        words = self.words.strip()
        reason = self.not_obtained.strip()
        detail = self.not_obtained_detail.strip()
        if words:
            return ChildVoice(words=words)
        if not reason:
            errors.add(
                WORDS,
                "Enter the child's wishes and feelings in their own words, or select why they could not be obtained",
                VoiceError.REQUIRED,
            )
        elif reason not in VoiceNotObtained.values:
            errors.add(
                NOT_OBTAINED,
                "Select why the child's wishes and feelings could not be obtained",
                VoiceError.UNKNOWN_REASON,
            )
        elif not detail:
            errors.add(
                NOT_OBTAINED_DETAIL,
                "Say what was tried, and when the child's wishes and feelings will be sought",
                VoiceError.DETAIL_REQUIRED,
            )
        return ChildVoice(not_obtained=reason, not_obtained_detail=detail)

    def as_fields(self) -> dict[str, str]:
        """The model fields of ``ChildVoiceFields``, for a service's create()."""
        return {WORDS: self.words, NOT_OBTAINED: self.not_obtained, NOT_OBTAINED_DETAIL: self.not_obtained_detail}


def voice_field(name: str, child_id: int) -> str:
    """The form field, and the service's error key, of one child's answer (`name` is WORDS, NOT_OBTAINED or
    NOT_OBTAINED_DETAIL) on a record that asks each child it covers (the family plan, for brothers and sisters)."""
    return f"{name}_{child_id}"


def voices_check(
    voices: Mapping[int, ChildVoice], children: Mapping[int, str], errors: FieldErrors
) -> dict[int, ChildVoice]:
    """Each child's own voice, for a record that covers brothers and sisters: every child in `children` (their id
    and the name the errors give them) needs their words or a reason, checked by the one rule (``ChildVoice.check``);
    a child with no answer is asked like one who gave nothing. Errors are keyed by ``voice_field`` and name the
    child. An answer for a child the record does not cover is refused. Returns each child's voice, tidied."""
    checked = {}
    for child_id, name in children.items():
        own = FieldErrors()
        checked[child_id] = voices.get(child_id, ChildVoice()).check(own)
        for field_name, problems in own.errors.items():
            for problem in problems:
                message = str(problem.message).replace("the child's", f"{name}'s")
                errors.add(voice_field(field_name, child_id), message, problem.code or VoiceError.REQUIRED)
    if set(voices) - set(children):
        errors.add(WORDS, "Give the wishes and feelings only of the children it covers", VoiceError.NOT_COVERED)
    return checked


class ChildVoiceFields(models.Model):
    """The child's voice on a plan or decision: their words, or the reason they could not be obtained."""

    child_voice_words = models.TextField(blank=True, help_text="The child's wishes and feelings, in their own words")
    child_voice_not_obtained = models.CharField(
        max_length=24,
        blank=True,
        choices=VoiceNotObtained.choices,
        help_text="Why the child's wishes and feelings could not be obtained",
    )
    child_voice_not_obtained_detail = models.TextField(blank=True, help_text="What was tried, and what happens next")

    class Meta:
        abstract = True

    @property
    def child_voice(self) -> ChildVoice:
        return ChildVoice(self.child_voice_words, self.child_voice_not_obtained, self.child_voice_not_obtained_detail)


def voice_summary_items(
    rows: QuerySet[Any],
    *,
    when: str,
    title: str | Callable[[dict[str, Any]], str],
    url: str | Callable[[dict[str, Any]], str],
    fields: Sequence[str] = (),
) -> list[SummaryItem]:
    """The case summary's items (joinedup/core/summary.py) for the child's words recorded on `rows` (a model with
    :class:`ChildVoiceFields`), the most recent by `when` (a date or a moment) first, at most VOICE_PER_SOURCE, in one
    query. Rows that could not obtain the words give nothing here: their reason is shown where they were recorded.
    A source whose rows each say where they came from gives `title` and `url` as functions of the row: a dict of
    `when`, ``id`` and the `fields` named."""
    found = (
        rows.exclude(child_voice_words="")
        .order_by(f"-{when}", "-id")
        .values("id", when, "child_voice_words", *fields)[:VOICE_PER_SOURCE]
    )
    items = []
    for row in found:
        on = row[when]
        day = timezone.localtime(on).date() if isinstance(on, dt.datetime) else on
        items.append(
            SummaryItem(
                section=SummarySection.VOICE,
                title=title(row) if callable(title) else title,
                detail=shorten(row["child_voice_words"], 500),
                url=url(row) if callable(url) else url,
                on=day,
            )
        )
    return items
