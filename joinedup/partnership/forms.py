"""Forms for the safeguarding partnership's pages (issue 22). They collect answers; the services check them."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.agencies.models import Practitioner
from joinedup.ui.fields import GovukDateField, text_area


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}, {obj.organisation.name}"


def owners() -> Any:
    """Anyone in any agency who signs in may own an action (it reaches their My work)."""
    return (
        Practitioner.objects.filter(user__isnull=False, user__is_active=True)
        .select_related("organisation")
        .order_by("family_name", "given_name", "id")
    )


class InequalityActionForm(forms.Form):
    characteristic = forms.CharField(widget=forms.HiddenInput)
    stage = forms.CharField(widget=forms.HiddenInput)
    group = forms.CharField(widget=forms.HiddenInput)
    reference = forms.CharField(widget=forms.HiddenInput, required=False)
    period = forms.CharField(widget=forms.HiddenInput, required=False)
    team = forms.IntegerField(widget=forms.HiddenInput, required=False)
    finding = text_area("What the partnership found", rows=4, required=True, error="Enter what the partnership found")
    action = text_area("The action agreed", rows=4, required=True, error="Enter the action agreed")
    owner = OwnerField(
        label="Who owns the action",
        queryset=Practitioner.objects.none(),
        empty_label="Choose a person",
        help_text="Anyone in any agency: the look again reaches their My work",
        error_messages={"required": "Choose who owns the action"},
    )
    look_again_on = GovukDateField(label="Date to look at the figures again")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners()  # type: ignore[attr-defined]


class InequalityReviewForm(forms.Form):
    note = text_area(
        "What the figures show now and what was done",
        rows=5,
        required=True,
        error="Enter what the figures show now and what was done",
    )
    outcome = forms.ChoiceField(
        label="What happens next",
        choices=[("again", "Look at the figures again"), ("close", "Close the action")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )
    next_look_again_on = GovukDateField(label="Next date to look again", required=False)


class ScrutinyFindingForm(forms.Form):
    found_on = GovukDateField(label="Date of the finding")
    scrutineer = forms.CharField(
        label="Who made the finding",
        max_length=200,
        help_text="The independent scrutineer, or the body that scrutinised the arrangements",
        error_messages={"required": "Enter who made the finding"},
    )
    finding = text_area("The finding", rows=5, required=True, error="Enter the finding")
    response = text_area("The partnership's response", rows=5, help_text="You can add it later")


class ScrutinyResponseForm(forms.Form):
    response = text_area("The partnership's response", rows=5, required=True, error="Enter the partnership's response")


class NarrativeForm(forms.Form):
    text = text_area(
        "Narrative", rows=10, max_length=20000, required=True, error="Enter the narrative for this section"
    )
