from __future__ import annotations

from django import forms

from joinedup.core.chronology import AGENCY_LABELS, EVENT_TYPE_LABELS, Agency, EventType
from joinedup.ui.fields import GovukDateField

PARTNER_AGENCIES = [
    Agency.HEALTH,
    Agency.POLICE,
    Agency.EDUCATION,
    Agency.EARLY_YEARS,
    Agency.YOUTH_JUSTICE,
    Agency.VOLUNTARY_SECTOR,
    Agency.OTHER,
]
PARTNER_EVENT_TYPES = [
    EventType.HEALTH,
    EventType.POLICE_INCIDENT,
    EventType.EDUCATION,
    EventType.VISIT,
    EventType.MISSING,
    EventType.OTHER,
]


class SharedEventForm(forms.Form):
    occurred_on = GovukDateField(label="Date of the event")
    agency = forms.ChoiceField(label="Your agency", choices=[(a.value, AGENCY_LABELS[a]) for a in PARTNER_AGENCIES])
    event_type = forms.ChoiceField(
        label="Type of event", choices=[(t.value, EVENT_TYPE_LABELS[t]) for t in PARTNER_EVENT_TYPES]
    )
    title = forms.CharField(
        label="What happened, in a few words",
        max_length=200,
        error_messages={"required": "Enter what happened, in a few words"},
    )
    detail = forms.CharField(
        label="What the local authority needs to know",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the local authority needs to know"},
    )
    shared_with_partners = forms.TypedChoiceField(
        label="Share with the other partners working with the child too?",
        choices=[
            ("no", "No, with the local authority only"),
            ("yes", "Yes, with every partner working with the child"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": "Select who to share it with"},
    )


class ChallengeForm(forms.Form):
    decision = forms.CharField(
        label="Which decision do you disagree with?",
        max_length=300,
        error_messages={"required": "Enter the decision you disagree with"},
    )
    disagreement = forms.CharField(
        label="Why do you disagree?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you know, and what you think the child needs",
        error_messages={"required": "Enter why you disagree"},
    )
    outcome_sought = forms.CharField(
        label="What outcome are you seeking?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChallengeStepForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=[
            ("response", "A response at this level"),
            ("escalated", "Escalate to the next level"),
            ("resolved", "Resolved"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    on = GovukDateField(label="Date")
    note = forms.CharField(
        label="What was said or decided",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was said or decided"},
    )
