"""Turn Django form fields into the parameters GOV.UK Frontend's macros take, so templates never rebuild
labels, hints and error messages by hand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone


def _error(bound: forms.BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in bound.errors)} if bound.errors else None


def field(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for govukInput, govukTextarea, govukCharacterCount, govukPasswordInput."""
    widget = bound.field.widget
    label_classes = extra.pop("label_classes", "govuk-label--s")
    params: dict[str, Any] = {
        "id": bound.id_for_label,
        "name": bound.html_name,
        "label": {"text": str(bound.label), "classes": label_classes, **extra.pop("label", {})},
        "value": bound.value() if bound.value() is not None else "",
        "errorMessage": _error(bound),
    }
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    max_length = getattr(bound.field, "max_length", None)
    if isinstance(widget, forms.Textarea) and max_length:
        params["maxlength"] = max_length
    attributes = dict(extra.pop("attributes", {}))
    if max_length and not isinstance(widget, forms.Textarea):
        # Long enough to paste into, so the server (not the browser) says what is wrong.
        attributes.setdefault("maxlength", str(max_length + 100))
    if attributes:
        params["attributes"] = attributes
    params.update(extra)
    return params


def choice_field(
    bound: forms.BoundField, *, legend_classes: str = "govuk-fieldset__legend--s", **extra: Any
) -> dict[str, Any]:
    """Parameters for govukRadios, govukCheckboxes and govukSelect."""
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value) if value is not None else ""}
    items = []
    for choice_value, choice_label in bound.field.choices:  # type: ignore[attr-defined]
        if choice_value == "" and not extra.get("include_blank"):
            continue
        item = {
            "value": str(choice_value),
            "text": str(choice_label),
            "checked": str(choice_value) in selected,
            "selected": str(choice_value) in selected,
        }
        items.append(item)
    extra.pop("include_blank", None)
    params: dict[str, Any] = {
        "idPrefix": bound.id_for_label or bound.html_name,
        "id": bound.id_for_label,
        "name": bound.html_name,
        "items": items,
        "errorMessage": _error(bound),
        "fieldset": {"legend": {"text": str(bound.label), "classes": legend_classes}},
        "label": {"text": str(bound.label), "classes": "govuk-label--s"},
    }
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    params.update(extra)
    return params


def date_field(
    bound: forms.BoundField, *, legend_classes: str = "govuk-fieldset__legend--s", **extra: Any
) -> dict[str, Any]:
    """Parameters for govukDateInput from a GovukDateField."""
    raw = bound.value()
    if isinstance(raw, date):
        parts = [str(raw.day), str(raw.month), str(raw.year)]
    elif isinstance(raw, list | tuple):
        parts = [str(p or "") for p in raw] + [""] * (3 - len(raw))
    else:
        parts = ["", "", ""]
    error_class = " govuk-input--error" if bound.errors else ""
    params: dict[str, Any] = {
        "id": bound.id_for_label.removesuffix("_0") if bound.id_for_label else bound.html_name,
        "namePrefix": bound.html_name,
        "fieldset": {"legend": {"text": str(bound.label), "classes": legend_classes}},
        "errorMessage": _error(bound),
        "items": [
            {
                "id": f"id_{bound.html_name}_0",
                "name": "0",
                "label": "Day",
                "value": parts[0],
                "classes": "govuk-input--width-2" + error_class,
            },
            {
                "id": f"id_{bound.html_name}_1",
                "name": "1",
                "label": "Month",
                "value": parts[1],
                "classes": "govuk-input--width-2" + error_class,
            },
            {
                "id": f"id_{bound.html_name}_2",
                "name": "2",
                "label": "Year",
                "value": parts[2],
                "classes": "govuk-input--width-4" + error_class,
            },
        ],
    }
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    params.update(extra)
    return params


def error_summary(form: forms.Form | None, extra: list[dict[str, str]] | None = None) -> dict[str, Any] | None:
    """Parameters for govukErrorSummary: every error, linking to its field."""
    items: list[dict[str, str]] = list(extra or [])
    if form is not None and form.errors:
        for message in form.non_field_errors():
            items.append({"text": str(message), "href": "#main-form"})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            target = bound.id_for_label or f"id_{name}"
            if isinstance(bound.field, forms.MultiValueField):
                target = f"id_{name}_0"
            elif isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                target = f"id_{name}"
            for message in errors:
                items.append({"text": str(message), "href": f"#{target}"})
    if not items:
        return None
    return {"titleText": "There is a problem", "errorList": items}


def page_title(title: str, form: forms.Form | None = None) -> str:
    prefix = "Error: " if form is not None and form.errors else ""
    return f"{prefix}{title} – JoinedUp"


def uk_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def age(value: date | None) -> str:
    if value is None:
        return ""
    today = timezone.localdate()
    years = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if years >= 2:
        return f"{years} years"
    months = (today.year - value.year) * 12 + today.month - value.month - (today.day < value.day)
    return f"{months} month{'s' if months != 1 else ''}"


def format_nhs_number(value: str | None) -> str:
    if not value:
        return "Not recorded"
    return f"{value[:3]} {value[3:6]} {value[6:]}"
