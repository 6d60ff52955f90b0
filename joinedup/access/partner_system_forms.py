"""The administrator's forms for partner systems and their API tokens (issue 26). The services check everything
again (access/partner_systems.py); these ask the questions and say what is missing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from joinedup.ui.fields import GovukDateField

from .api_scopes import scope_choices
from .partner_systems import organisations_for_partner_systems

ACTS_THROUGH_PRACTITIONER = "practitioner"
ACTS_AS_ITSELF = "itself"


class PartnerSystemForm(forms.Form):
    name = forms.CharField(
        label="Name of the partner system",
        max_length=200,
        help_text="For example, Brookside Primary School management information system",
        error_messages={"required": "Enter the name of the partner system"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation it belongs to",
        coerce=int,
        empty_value=None,
        error_messages={"required": "Select the organisation the system belongs to"},
    )
    acts_as = forms.ChoiceField(
        label="How does the system act?",
        choices=(
            (ACTS_THROUGH_PRACTITIONER, "Through a named practitioner of that organisation"),
            (ACTS_AS_ITSELF, "As the system itself"),
        ),
        widget=forms.RadioSelect,
        help_text="Through a practitioner, it may do what they may do, within its token's scopes. As itself, it may "
        "do only what a rule gives a named partner system.",
        error_messages={"required": "Select how the system acts"},
    )
    username = forms.CharField(
        label="Username of the practitioner",
        max_length=150,
        required=False,
        help_text="They must work for the organisation the system belongs to",
    )

    error_targets = {"organisation_id": "organisation"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Select an organisation")] + [  # type: ignore[attr-defined]
            (o.pk, o.name) for o in organisations_for_partner_systems()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("acts_as") == ACTS_THROUGH_PRACTITIONER and not cleaned.get("username", "").strip():
            self.add_error("username", "Enter the username of the practitioner the system acts through")
        return cleaned


def _expiry_hint() -> str:
    longest = timezone.localdate() + timedelta(days=settings.JOINEDUP_API_TOKEN_MAX_LIFETIME.days)
    return (
        f"The token works until the end of this day. It must be no later than {longest.day} {longest:%B %Y}; "
        f"for example, {longest.day} {longest.month} {longest.year}"
    )


class ApiTokenIssueForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label="What may the token do?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the partner system needs, and no more. It can never do more than the user it acts "
        "as may do.",
        error_messages={"required": "Select what the token may do", "invalid_choice": "Select only the scopes listed"},
    )
    expires_on = GovukDateField(label="Date the token expires")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices()  # type: ignore[attr-defined]
        self.fields["expires_on"].help_text = _expiry_hint()


class ApiTokenRotateForm(forms.Form):
    expires_on = GovukDateField(label="Date the new token expires")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].help_text = _expiry_hint()


class ApiTokenRevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is the token revoked?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the system was replaced, or the token may have been seen by someone else",
        error_messages={"required": "Say why the token is revoked"},
    )
