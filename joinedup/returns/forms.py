from __future__ import annotations

from django import forms

from .models import ReturnKind
from .years import supported_years


class ProduceReturnForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which return",
        choices=ReturnKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which return to produce"},
    )
    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The year ending 31 March",
        coerce=int,
        choices=[(y, f"{y - 1} to {y}") for y in sorted(set(supported_years("cin")) | set(supported_years("ssda903")))],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the collection year"},
    )
