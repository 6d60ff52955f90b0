"""The form piece for the child's voice on a plan or decision (``joinedup.core.voice``): the child's wishes and
feelings in their own words, or why they could not be obtained. Every form that asks it inherits
``ChildVoiceForm`` and renders it with the ``child_voice`` macro of ``ui/_child_voice.html`` (a SectionedForm lists
``CHILD_VOICE_SECTION`` in its ``sections``); the service it calls
decides whether what was given is enough (``ChildVoice.check``), so the rule is in one place."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from joinedup.core.voice import NOT_OBTAINED, NOT_OBTAINED_DETAIL, WORDS, ChildVoice, VoiceNotObtained, voice_field

from .forms import Sections

# The section a SectionedForm lists the child's voice under (`sections`), rendered by sectioned_fields.html.
CHILD_VOICE_SECTION = ("The child's wishes and feelings", [WORDS, NOT_OBTAINED, NOT_OBTAINED_DETAIL])


class ChildVoiceForm(forms.Form):
    child_voice_words = forms.CharField(
        label="The child's wishes and feelings, in their own words",
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the child said, as they said it. If you could not obtain them, say why below",
    )
    child_voice_not_obtained = forms.ChoiceField(
        label="If you could not obtain them, why not?",
        choices=VoiceNotObtained.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    child_voice_not_obtained_detail = forms.CharField(
        label="What was tried, and when they will be sought",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def child_voice(self) -> ChildVoice:
        d: dict[str, Any] = self.cleaned_data
        return ChildVoice(
            words=d.get("child_voice_words") or "",
            not_obtained=d.get("child_voice_not_obtained") or "",
            not_obtained_detail=d.get("child_voice_not_obtained_detail") or "",
        )


def each_childs_voice_fields(form: forms.Form, children: Sequence[tuple[int, str]]) -> Sections:
    """Ask each child a record covers for their own voice (the family plan, for brothers and sisters): the fields
    of ``ChildVoiceForm`` once per child (their id and name), named by ``core.voice.voice_field`` as the service's
    errors are. Returns the sections a SectionedForm lists them under, one per child."""
    sections: Sections = []
    for child_id, name in children:
        labels = {
            WORDS: (
                f"{name}'s wishes and feelings, in their own words",
                f"What {name} said, as they said it. If you could not obtain them, say why below",
            ),
            NOT_OBTAINED: (f"If you could not obtain {name}'s, why not?", ""),
            NOT_OBTAINED_DETAIL: (f"What was tried with {name}, and when they will be sought", ""),
        }
        names = []
        for base, (label, help_text) in labels.items():
            field = copy.deepcopy(ChildVoiceForm.base_fields[base])
            field.label, field.help_text = label, help_text
            form.fields[voice_field(base, child_id)] = field
            names.append(voice_field(base, child_id))
        sections.append((f"{name}'s wishes and feelings", names))
    return sections


def each_childs_voice(form: forms.Form, child_ids: Iterable[int]) -> dict[int, ChildVoice]:
    """What the form holds of each child's voice (after ``each_childs_voice_fields``), for the service to check."""
    d: dict[str, Any] = form.cleaned_data
    return {
        child_id: ChildVoice(
            words=d.get(voice_field(WORDS, child_id)) or "",
            not_obtained=d.get(voice_field(NOT_OBTAINED, child_id)) or "",
            not_obtained_detail=d.get(voice_field(NOT_OBTAINED_DETAIL, child_id)) or "",
        )
        for child_id in child_ids
    }
