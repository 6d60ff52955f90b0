"""Forms for timescales: shape only; the service decides what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from joinedup.ui.fields import GovukDateField


class LocalRuleSettingForm(forms.Form):
    figure = forms.IntegerField(
        label="New figure",
        min_value=0,
        error_messages={
            "required": "Enter the new figure",
            "invalid": "The figure must be a whole number, like 10",
            "min_value": "The figure must be 0 or more",
        },
    )
    effective_from = GovukDateField(
        label="Date it takes effect",
        help_text="Clocks started on or after this date use the new figure; clocks already started keep theirs. "
        "For example, 1 4 2027",
    )
    reason = forms.CharField(
        label="Why is the figure changing?",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the partnership agreed a new protocol on 12 March. Do not include anyone's name.",
    )

    def __init__(self, *args: Any, unit_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_label = unit_label
        if not self.is_bound:
            self.initial.setdefault("effective_from", timezone.localdate())
