from typing import Any

from django import forms

from joinedup.ui.fields import GovukDateField


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this record now?",
        help_text="Your manager will see this reason. Access lasts 4 hours.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you need this record now"},
    )


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label="What did you find?",
        help_text="For example, that the access was justified, or what you have done about it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record what you found when you reviewed this access"},
    )


class RestrictRecordForm(forms.Form):
    record = forms.IntegerField(
        label="Record number",
        min_value=1,
        help_text="The number at the end of the record's web address",
        error_messages={"required": "Enter the record number", "invalid": "Enter the record number as digits"},
    )
    reason = forms.CharField(
        label="Why is this record restricted?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this record is restricted"},
    )


class GrantForm(forms.Form):
    record = forms.IntegerField(
        label="Record number",
        min_value=1,
        error_messages={"required": "Enter the record number", "invalid": "Enter the record number as digits"},
    )
    username = forms.CharField(
        label="Username of the person to give access", max_length=150, error_messages={"required": "Enter a username"}
    )
    reason = forms.CharField(
        label="Why do they need it?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this person needs the restricted record"},
    )


class AllocationForm(forms.Form):
    practitioner = forms.TypedChoiceField(
        label="Who will hold the child's work?",
        coerce=int,
        help_text="Each worker's team and how many children they hold now",
        error_messages={"required": "Choose the social worker who will hold the child's work"},
    )
    started_on = GovukDateField(label="Date the allocation starts")
    reason = forms.CharField(
        label="Why is the work moving? (only when it moves from another worker)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [("", "Choose a worker"), *choices]  # type: ignore[attr-defined]
