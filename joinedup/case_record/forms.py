"""Forms for the case record: the shape of each answer; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.chronology import AGENCY_CHOICES, EVENT_TYPE_CHOICES
from joinedup.ui.fields import GovukDateField

from .models import DocumentType, NoteType
from .services import CORRECTABLE_FIELDS


def yes_no(label: str, error: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": error},
    )


class CaseNoteForm(forms.Form):
    children = forms.TypedMultipleChoiceField(
        label="Who is this note about?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Write it once for brothers and sisters seen together: it appears on each child's record",
        error_messages={"required": "Select at least one child the note is about"},
    )
    note_type = forms.ChoiceField(
        label="What kind of note is this?",
        # A visit is recorded once, on the visit form (joinedup/visits/, issue 18), so it meets each child's visit
        # clocks and gives each child their own answers; earlier notes of a visit kind keep their kind.
        choices=[(k, v) for k, v in NoteType.choices if k not in (NoteType.VISIT, NoteType.JOINT_VISIT)],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of note this is",
            "invalid_choice": "Record a visit on the visit form: select another kind of note",
        },
    )
    occurred_on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    present = forms.CharField(label="Who was there", required=False, max_length=500)
    child_seen = yes_no("Was the child seen?", "Select yes if the child was seen")
    child_seen_alone = yes_no("Was the child seen alone?", "Select yes if the child was seen alone")
    childs_words = forms.CharField(
        label="The child's words",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the child said, in their own words, and how they seemed",
    )
    what_happened = forms.CharField(
        label="What happened",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you saw and heard",
    )
    analysis = forms.CharField(
        label="Your analysis",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you make of it: kept apart from what the child said",
    )
    is_significant = forms.BooleanField(label="Show this note in the chronology as a significant event", required=False)

    def __init__(self, *args: Any, children: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = children  # type: ignore[attr-defined]

    def clean_what_happened(self) -> str:
        value = str(self.cleaned_data.get("what_happened") or "")
        if not value.strip():
            raise forms.ValidationError("Enter what happened", code="required")
        return value


class CorrectionForm(forms.Form):
    field_name = forms.ChoiceField(
        label="What are you correcting?",
        choices=list(CORRECTABLE_FIELDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are correcting"},
    )
    corrected_text = forms.CharField(
        label="The corrected text",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the corrected text"},
    )
    reason = forms.CharField(
        label="Why is it being corrected?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the note is being corrected"},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    document_type = forms.ChoiceField(
        label="Type of document", choices=DocumentType.choices, error_messages={"required": "Select the type"}
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word (.docx), JPG, PNG or plain text, smaller than 10MB",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, too_big: bool = False, too_big_message: str = "", **kwargs: Any) -> None:
        """`too_big`: the upload handler stopped the file at the size limit, so it never arrived; say so."""
        super().__init__(*args, **kwargs)
        if too_big:
            field = self.fields["file"]
            field.error_messages = {**field.error_messages, "required": too_big_message}


class SignificantEventForm(forms.Form):
    occurred_on = GovukDateField(label="Date")
    agency = forms.ChoiceField(label="Agency", choices=AGENCY_CHOICES)
    event_type = forms.ChoiceField(label="Type of event", choices=EVENT_TYPE_CHOICES)
    title = forms.CharField(
        label="What happened, in a few words",
        max_length=200,
        error_messages={"required": "Enter what happened, in a few words"},
    )
    detail = forms.CharField(label="Detail", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class SupervisionForm(forms.Form):
    held_on = GovukDateField(label="Date of supervision")
    worker = forms.TypedChoiceField(
        label="Worker supervised", coerce=int, error_messages={"required": "Select the worker"}
    )
    discussion = forms.CharField(
        label="What was discussed",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was discussed"},
    )
    decisions = forms.CharField(
        label="Decisions",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the decisions made"},
    )
    action_1 = forms.CharField(label="Action", required=False, max_length=500)
    action_1_due = GovukDateField(label="Action due by", required=False)
    action_2 = forms.CharField(label="Another action", required=False, max_length=500)
    action_2_due = GovukDateField(label="Another action due by", required=False)

    def __init__(self, *args: Any, workers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["worker"].choices = workers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in (1, 2):
            text, due = data.get(f"action_{n}"), data.get(f"action_{n}_due")
            if text and not due:
                self.add_error(f"action_{n}_due", "Enter the date the action is due by")
            if due and not text:
                self.add_error(f"action_{n}", "Enter the action")
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False)
