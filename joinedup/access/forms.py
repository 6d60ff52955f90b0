from typing import Any

from django import forms

from joinedup.accounts.forms import SecondFactorForm


def _explanation(label: str, help_text: str, required: str) -> forms.CharField:
    """A free-text reason or finding kept with an emergency access: up to 2,000 characters, asked for plainly."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required},
    )


class BreakGlassForm(forms.Form):
    reason = _explanation(
        "Why do you need this record now?",
        "Whoever reviews your emergency access will see this reason. Access lasts 4 hours and lets you read the "
        "record; recording on it needs a second reason.",
        "Explain why you need this record now",
    )


class BreakGlassWriteForm(forms.Form):
    reason = _explanation(
        "Why do you need to record on this record now?",
        "A reason separate from your reason for opening the record. It is kept with your emergency access and "
        "reviewed with it.",
        "Explain why you need to record on this record now",
    )


class BreakGlassReviewForm(forms.Form):
    note = _explanation(
        "What did you find?",
        "For example, that the access was justified, or what you have done about it.",
        "Record what you found when you reviewed this access",
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


class EnrolmentLinkForm(forms.Form):
    username = forms.CharField(
        label="Username of the person the link is for",
        help_text="The link lets this person, signed in with their password, set up an authenticator app. If they "
        "already have one (a lost or new phone), using the link replaces it.",
        max_length=150,
        error_messages={"required": "Enter the username of the person the link is for"},
    )


class ReplaceSecondFactorForm(SecondFactorForm):
    """A code from the app the user has now, and one from the new app."""

    current_code = forms.CharField(
        label="Security code from the app you use now",
        max_length=6,
        min_length=6,
        help_text="The 6-digit code your current authenticator app shows",
        error_messages={
            "required": "Enter the 6-digit security code from the app you use now",
            "min_length": "The security code must be 6 digits",
            "max_length": "The security code must be 6 digits",
        },
    )
    field_order = ["current_code", "code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Security code from your new app"
        self.fields["code"].help_text = "The 6-digit code the new app shows after you have added JoinedUp to it"
        self.fields["code"].error_messages["required"] = "Enter the 6-digit security code from your new app"

    def clean_current_code(self) -> str:
        code: str = self.cleaned_data["current_code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("The security code must be 6 digits", code="invalid")
        return code
