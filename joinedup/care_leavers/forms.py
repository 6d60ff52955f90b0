"""Forms for care leavers: the shape of each answer only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from joinedup.agencies.roles import Role
from joinedup.children_in_care.forms import (
    CareForm,
    coded,
    late_reason_field,
    practitioner_choices,
    practitioners_with_role,
)
from joinedup.ui.fields import GovukDateField, text_area, yes_no
from joinedup.ui.forms import Sections
from joinedup.ui.voice import CHILD_VOICE_SECTION, ChildVoiceForm

from . import services
from .codes import FIRST_OC3_BIRTHDAY, LAST_OC3_BIRTHDAY, Accommodation, Activity, InTouch


class EligibleForm(CareForm):
    became_eligible_on = GovukDateField(
        label="Date the child became an eligible child",
        help_text="Aged 16 or over and looked after for 13 weeks in all since they were 14",
    )


class NeedsAssessmentForm(CareForm):
    completed_on = GovukDateField(label="Date the needs assessment was completed")
    summary = text_area("What it found")
    late_reason = late_reason_field()


class PathwayPlanForm(ChildVoiceForm, CareForm):
    agreed_on = GovukDateField(label="Date the pathway plan was agreed")
    summary = text_area(
        "The plan", help_text="Accommodation, education, training or work, health, money, family and friends"
    )
    late_reason = late_reason_field()

    sections: ClassVar[Sections] = [
        ("", ["agreed_on", "summary"]),
        ("The young person's wishes and feelings", CHILD_VOICE_SECTION[1]),
        ("", ["late_reason"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_voice_words"].label = "The young person's wishes and feelings, in their own words"
        self.fields[
            "child_voice_words"
        ].help_text = "What they said, as they said it. If you could not obtain them, say why below"

    def details(self) -> services.PathwayPlanDetails:
        d = self.cleaned_data
        return services.PathwayPlanDetails(
            agreed_on=d["agreed_on"],
            summary=d.get("summary", ""),
            voice=self.child_voice(),
            late_reason=d.get("late_reason", ""),
        )


class PathwayPlanReviewForm(CareForm):
    reviewed_on = GovukDateField(label="Date of the review")
    notes = text_area("What changed")
    late_reason = late_reason_field()


class PersonalAdviserForm(CareForm):
    adviser = forms.ChoiceField(label="Personal adviser", error_messages={"required": "Select the personal adviser"})
    started_on = GovukDateField(label="Date of the appointment")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        advisers = practitioners_with_role(Role.PERSONAL_ADVISER)
        self.fields["adviser"].choices = [("", ""), *practitioner_choices(advisers)]  # type: ignore[attr-defined]


class SupportTo25Form(CareForm):
    requested_on = GovukDateField(label="Date the young person asked for support to 25")


class CircumstancesForm(CareForm):
    birthday = forms.TypedChoiceField(
        label="Which birthday",
        coerce=int,
        choices=[(str(n), f"{n}th birthday") for n in range(FIRST_OC3_BIRTHDAY, LAST_OC3_BIRTHDAY + 1)],
        error_messages={"required": "Select the birthday"},
    )
    recorded_on = GovukDateField(
        label="Date the information was gathered", help_text="From 3 months before the birthday to 1 month after it"
    )
    in_touch = forms.ChoiceField(
        label="Is the authority in touch with the young person?",
        choices=InTouch.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the authority is in touch"},
    )
    activity = forms.ChoiceField(
        label="Main activity", choices=coded(Activity.choices), required=False, help_text="When in touch"
    )
    accommodation = forms.ChoiceField(
        label="Where the young person lives",
        choices=coded(Accommodation.choices),
        required=False,
        help_text="When in touch",
    )
    accommodation_suitable = yes_no("Is the accommodation suitable?", required=False)

    def details(self) -> services.CircumstancesDetails:
        d = self.cleaned_data
        return services.CircumstancesDetails(
            birthday=d["birthday"],
            recorded_on=d["recorded_on"],
            in_touch=d["in_touch"],
            activity=d.get("activity") or Activity.NOT_APPLICABLE,
            accommodation=d.get("accommodation") or Accommodation.NOT_APPLICABLE,
            accommodation_suitable=d.get("accommodation_suitable"),
        )


class StayingPutForm(CareForm):
    started_on = GovukDateField(
        label="Date staying put started", help_text="Usually the 18th birthday, with the former foster carers"
    )


class StayingPutEndForm(CareForm):
    ended_on = GovukDateField(label="Date staying put ended")
