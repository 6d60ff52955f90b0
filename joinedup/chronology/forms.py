"""Forms of the chronology page: the analysis of an entry, and the filters."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.ui.fields import GovukDateField


class AnalysisForm(forms.Form):
    source_key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    analysis = forms.CharField(
        label="Analysis",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your analysis"},
    )


class ChronologyFilterForm(forms.Form):
    agency = forms.MultipleChoiceField(label="Agency", required=False, widget=forms.CheckboxSelectMultiple)
    event_type = forms.MultipleChoiceField(label="Type", required=False, widget=forms.CheckboxSelectMultiple)
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], types: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]
        self.fields["event_type"].choices = types  # type: ignore[attr-defined]
