"""Harms and indicators as form fields. Several harms are always recorded together: checkboxes, never a single
choice (M7). The choices are the active rows, set when the form is made."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.ui.govuk import first_input_id

from .models import HarmType, RiskIndicatorType
from .selectors import harm_groups


class HarmsField(forms.MultipleChoiceField):
    """Harm codes, any number. Give it the harm types to offer with `offer`."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Harms")
        kwargs.setdefault("required", False)
        super().__init__(choices=[], **kwargs)
        self.harm_types: list[HarmType] = []

    def offer(self, harm_types: list[HarmType]) -> None:
        self.harm_types = harm_types
        self.choices = [(h.code, h.label) for h in harm_types]


class IndicatorsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=[], **kwargs)
        self.indicator_types: list[RiskIndicatorType] = []

    def offer(self, indicator_types: list[RiskIndicatorType]) -> None:
        self.indicator_types = indicator_types
        self.choices = [(i.code, i.label) for i in indicator_types]


def harm_checkbox_groups(bound: forms.BoundField, *, descriptions: bool = False) -> list[dict[str, Any]]:
    """govukCheckboxes parameters, one set per group of the taxonomy, all posting as the one field. The first
    checkbox has the field's id (where the error summary links) and the error message sits on the first group.
    A form of a broader harm says so in its hint."""
    field: HarmsField = bound.field  # type: ignore[assignment]
    value = bound.value() or []
    selected = {str(v) for v in value}
    base = first_input_id(bound)
    error = {"text": " ".join(str(e) for e in bound.errors)} if bound.errors else None
    params = []
    for n, group in enumerate(harm_groups(field.harm_types)):
        items = []
        for harm in group.harms:
            hint = harm.description if descriptions else ""
            if harm.parent_id is not None and harm.parent is not None:
                hint = f"A form of {harm.parent.label.lower()}. {hint}".strip()
            item: dict[str, Any] = {"value": harm.code, "text": harm.label, "checked": harm.code in selected}
            if hint:
                item["hint"] = {"text": hint}
            items.append(item)
        params.append(
            {
                "idPrefix": base if n == 0 else f"{base}_{group.code}",
                "name": bound.html_name,
                "items": items,
                "classes": "govuk-checkboxes--small",
                "errorMessage": error if n == 0 else None,
                "fieldset": {"legend": {"text": group.label, "classes": "govuk-fieldset__legend--s"}},
            }
        )
    return params


def indicator_checkboxes(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    field: IndicatorsField = bound.field  # type: ignore[assignment]
    value = bound.value() or []
    selected = {str(v) for v in value}
    params: dict[str, Any] = {
        "idPrefix": first_input_id(bound),
        "name": bound.html_name,
        "items": [
            {"value": i.code, "text": i.label, "hint": {"text": i.description}, "checked": i.code in selected}
            for i in field.indicator_types
        ],
        "classes": "govuk-checkboxes--small",
        "errorMessage": {"text": " ".join(str(e) for e in bound.errors)} if bound.errors else None,
        "fieldset": {"legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}},
    }
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    params.update(extra)
    return params
