"""The form piece for the child's voice on a plan or decision (``joinedup.core.voice``): the child's wishes and
feelings in their own words, or why they could not be obtained. Every form that asks it inherits
``ChildVoiceForm`` and renders it with the ``child_voice`` macro of ``ui/_child_voice.html`` (a SectionedForm lists
``CHILD_VOICE_SECTION`` in its ``sections``); the service it calls
decides whether what was given is enough (``ChildVoice.check``), so the rule is in one place."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.voice import NOT_OBTAINED, NOT_OBTAINED_DETAIL, WORDS, ChildVoice, VoiceNotObtained

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
