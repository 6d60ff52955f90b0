from typing import Any

from django import forms

from joinedup.access.models import SocialWorkerChangeReason
from joinedup.ui.fields import GovukDateField

# Moving the work: every DfE reason for a change of social worker but first contact (a first allocation's own).
MOVE_REASON_CHOICES = [(c.value, c.label) for c in SocialWorkerChangeReason if c != SocialWorkerChangeReason.FCONTA]


class AllocationForm(forms.Form):
    practitioner = forms.TypedChoiceField(
        label="Who will hold the child's work?",
        coerce=int,
        help_text="Each worker's team and how many children they hold now",
        error_messages={"required": "Choose the social worker who will hold the child's work"},
    )
    started_on = GovukDateField(label="Date the allocation starts")
    reason_for_change = forms.ChoiceField(
        label="Reason for the change of social worker (only when it moves from another worker)",
        help_text="As the children looked after return records it",
        required=False,
        choices=[("", "Choose a reason"), *MOVE_REASON_CHOICES],
    )
    reason = forms.CharField(
        label="Why is the work moving? (only when it moves from another worker)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [("", "Choose a worker"), *choices]  # type: ignore[attr-defined]
