"""Turn Django form fields into the parameters GOV.UK Frontend's macros take, so templates never rebuild
labels, hints and error messages by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone


def _error(bound: forms.BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in bound.errors)} if bound.errors else None


def _base_id(bound: forms.BoundField) -> str:
    """The id the field's macro gives its (first) input. Django leaves `id_for_label` empty for radios,
    checkboxes and multi-widgets, so every helper and the error summary use this one rule instead."""
    return bound.auto_id or bound.html_name


def _date_part_id(bound: forms.BoundField, index: int) -> str:
    return f"{_base_id(bound)}_{index}"


def first_input_id(bound: forms.BoundField) -> str:
    """Where an error summary link for this field must point: the first input its macro renders."""
    if isinstance(bound.field, forms.MultiValueField):
        return _date_part_id(bound, 0)
    return _base_id(bound)


def field(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for govukInput, govukTextarea, govukCharacterCount, govukPasswordInput."""
    widget = bound.field.widget
    label_classes = extra.pop("label_classes", "govuk-label--s")
    params: dict[str, Any] = {
        "id": _base_id(bound),
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
    bound: forms.BoundField,
    *,
    legend_classes: str = "govuk-fieldset__legend--s",
    conditionals: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Parameters for govukRadios, govukCheckboxes and govukSelect. `include_blank` keeps the empty choice
    (for a select), adding one if the field has none, with its text if it is a string. `conditionals` maps a
    choice's value to the markup revealed under it when it is chosen: GOV.UK's conditional reveal, which shows
    every answer's content when JavaScript does not run, so the page works without it. Stacked radios only."""
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value) if value is not None else ""}
    include_blank = extra.pop("include_blank", None)
    choices = list(bound.field.choices)  # type: ignore[attr-defined]
    if include_blank and not any(choice_value == "" for choice_value, _ in choices):
        # A select with no empty choice would quietly answer with its first option for someone who skipped it.
        choices.insert(0, ("", ""))
    if conditionals:
        unknown = set(conditionals) - {str(v) for v, _ in choices}
        if unknown:
            raise ValueError(f"{bound.html_name} has no choice {sorted(unknown)} to reveal content under")
        if "govuk-radios--inline" in extra.get("classes", ""):
            raise ValueError("GOV.UK conditional reveal needs stacked radios, not inline ones")
    items = []
    for choice_value, choice_label in choices:
        if choice_value == "" and not include_blank:
            continue
        text = include_blank if choice_value == "" and isinstance(include_blank, str) else choice_label
        item: dict[str, Any] = {
            "value": str(choice_value),
            "text": str(text),
            "checked": str(choice_value) in selected,
            "selected": str(choice_value) in selected,
        }
        if conditionals and str(choice_value) in conditionals:
            item["conditional"] = {"html": conditionals[str(choice_value)]}
        items.append(item)
    params: dict[str, Any] = {
        "idPrefix": _base_id(bound),
        "id": _base_id(bound),
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
    """Parameters for govukDateInput from a GovukDateField. Each part is named as Django's MultiWidget reads it
    (`<name>_0`, `_1`, `_2`), so no `namePrefix` (the macro would join it with a hyphen)."""
    raw = bound.value()
    if isinstance(raw, date):
        parts = [str(raw.day), str(raw.month), str(raw.year)]
    elif isinstance(raw, list | tuple):
        parts = [str(p or "") for p in raw] + [""] * (3 - len(raw))
    else:
        parts = ["", "", ""]
    error_class = " govuk-input--error" if bound.errors else ""
    parts_spec = (("Day", "govuk-input--width-2"), ("Month", "govuk-input--width-2"), ("Year", "govuk-input--width-4"))
    params: dict[str, Any] = {
        "id": _base_id(bound),
        "fieldset": {"legend": {"text": str(bound.label), "classes": legend_classes}},
        "errorMessage": _error(bound),
        "items": [
            {
                "id": _date_part_id(bound, index),
                "name": f"{bound.html_name}_{index}",
                "label": label,
                "value": parts[index],
                "classes": width + error_class,
            }
            for index, (label, width) in enumerate(parts_spec)
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
        # An error about the form as a whole (a wrong username or password, an empty search) links to its first
        # field, so following the link puts the cursor where the user starts putting it right.
        visible = form.visible_fields()
        whole_form_target = f"#{first_input_id(visible[0])}" if visible else "#main-form"
        for message in form.non_field_errors():
            items.append({"text": str(message), "href": whole_form_target})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            target = first_input_id(form[name])
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


def pagination(current: int, count: int, href: Callable[[int], str], landmark: str = "") -> dict[str, Any] | None:
    """govukPagination's parameters for page `current` of `count` (None when there is one page): previous and next,
    the first and last pages and two either side of this one, ellipses between; `href(n)` links to page n."""
    if count <= 1:
        return None
    items: list[dict[str, Any]] = []
    for n in sorted({1, count, *range(max(1, current - 2), min(count, current + 2) + 1)}):
        if items and "number" in items[-1] and n - items[-1]["number"] > 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": href(n), "current": n == current})
    params: dict[str, Any] = {
        "previous": {"href": href(current - 1)} if current > 1 else None,
        "next": {"href": href(current + 1)} if current < count else None,
        "items": items,
    }
    if landmark:
        params["landmarkLabel"] = landmark
    return params
