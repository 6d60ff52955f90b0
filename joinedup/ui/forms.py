"""A form that renders itself through the GOV.UK macros, field by field, grouped under headings."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from . import govuk
from .fields import GovukDateField

Sections = list[tuple[str, list[str]]]


class SectionedForm(forms.Form):
    """Renders through `govuk_items` (and the template `sectioned_fields.html`); `sections` groups the fields under
    headings (a heading of "" has none, and a name the form does not hold is skipped); `input_classes` widens or
    narrows a text input."""

    sections: ClassVar[Sections] = []
    input_classes: ClassVar[dict[str, str]] = {}

    def govuk_items(self) -> list[tuple[str, Any]]:
        """("heading", text) or (macro kind, its params) for each field, in order."""
        items: list[tuple[str, Any]] = []
        for heading, names in self.sections or [("", list(self.fields))]:
            if heading:
                items.append(("heading", heading))
            for name in names:
                if name not in self.fields:
                    continue
                bound = self[name]
                widget = bound.field.widget
                if isinstance(bound.field, GovukDateField):
                    items.append(("date", govuk.date_field(bound)))
                elif isinstance(widget, forms.CheckboxSelectMultiple):
                    items.append(("checkboxes", govuk.choice_field(bound)))
                elif isinstance(widget, forms.RadioSelect):
                    items.append(("radios", govuk.choice_field(bound)))
                elif isinstance(widget, forms.Select):
                    items.append(("select", govuk.choice_field(bound, include_blank="Choose")))
                elif isinstance(widget, forms.Textarea):
                    items.append(("textarea", govuk.field(bound, rows=widget.attrs.get("rows", 4))))
                else:
                    classes = self.input_classes.get(name) or "govuk-!-width-two-thirds"
                    items.append(("input", govuk.field(bound, classes=classes)))
        return items
