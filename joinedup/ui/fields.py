"""Form fields that behave as GOV.UK's patterns expect (date input in three boxes, a yes or no question as radios,
clear messages), and how a service's errors reach a form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms

YES_NO = (("yes", "Yes"), ("no", "No"))


def _is_yes(answer: str) -> bool:
    return answer == "yes"


def yes_no(label: str, *, required: bool = True, help_text: str = "", error: str = "") -> forms.TypedChoiceField:
    """A question answered yes or no, as GOV.UK radios. Cleans to True or False, or None when it may be left
    unanswered (`required=False`); `error` is the message when a required answer is missing."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=_is_yes,
        empty_value=None,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": error or "Select yes or no"},
    )


class GovukDateWidget(forms.MultiWidget):
    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """Day, month and year, with the GOV.UK date-input error messages."""

    widget = GovukDateWidget

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.label_lower = label.lower()
        error_messages = {"required": f"Enter the {self.label_lower}", "incomplete": f"Enter the {self.label_lower}"}
        super().__init__(
            fields=[forms.CharField(max_length=4), forms.CharField(max_length=4), forms.CharField(max_length=4)],
            require_all_fields=False,
            label=label,
            error_messages=error_messages,
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(p or "").strip() for p in (list(data_list) + [None] * 3)[:3])
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(
                f"The {self.label_lower} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"The {self.label_lower} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return date(int(year), int(month), int(day))
        except ValueError as exc:
            raise forms.ValidationError(f"The {self.label_lower} must be a real date", code="invalid") from exc


def text_area(
    label: str, *, rows: int = 4, max_length: int = 5000, required: bool = False, help_text: str = "", error: str = ""
) -> forms.CharField:
    """An answer in words, as a GOV.UK textarea `rows` high; optional unless `required`, when `error` says what is
    missing."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": error} if error else None,
    )


def apply_domain_errors(form: forms.Form, error: Any, *, targets: Mapping[str, str | None] | None = None) -> None:
    """Put a service's DomainValidationError on the form, so it shows in the GOV.UK error summary linked to its field.

    The service names what it checked (`child`, `goals`); where the form asks that under another field, `targets`
    (or the form's own `error_targets`) says which: its error goes there. A name the form has no field for is an
    error about the form as a whole."""
    if targets is None:
        targets = getattr(form, "error_targets", None) or {}
    for name, messages in error.message_dict.items():
        target = targets.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
