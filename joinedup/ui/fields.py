"""Form fields that behave as GOV.UK's patterns expect (date input in three boxes, clear messages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms


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


def apply_domain_errors(form: forms.Form, error: Any) -> None:
    """Put a service's DomainValidationError on the form, so it shows in the error summary."""
    for name, messages in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
