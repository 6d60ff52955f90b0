"""Forms of the front door: shape only (dates that are real dates, choices that exist). Every rule about what a
concern must say is the service's, so the portal, the public form and the API give the same answers."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from joinedup.agencies.models import Organisation, OrganisationType, Practitioner
from joinedup.episodes.codes import ReferralSource
from joinedup.harms.codes import ExtraFamilialPerpetration
from joinedup.harms.forms import HarmsField, IndicatorsField, harm_checkbox_groups, indicator_checkboxes
from joinedup.harms.selectors import harm_types_offered, risk_indicator_types_offered
from joinedup.people.identifiers import normalise_nhs_number
from joinedup.prompts.forms import PracticePromptsForm
from joinedup.timescales.selectors import figure_in_force
from joinedup.ui.fields import GovukDateField, yes_no
from joinedup.ui.voice import ChildVoiceForm

from .codes import Consent, ContactKind, DecisionOutcome, FamilyAwareness, FeedbackMethod, PublicRelationship, Urgency
from .services import Ask, ChildAsDescribed, ConcernDetails, ReferrerDetails


class _ConcernFields(forms.Form):
    """What every concern asks, in the order the page asks it: danger first, then the child, then what happened."""

    # A service's error about "which child" goes on the child's first name (ui.fields.apply_domain_errors).
    error_targets = {"child": "child_given_name"}

    immediate_danger = yes_no(
        "Is the child in immediate danger?",
        required=False,
        help_text="In danger now: being hurt, about to be hurt, or somewhere they are not safe",
    )
    child_given_name = forms.CharField(label="First name", max_length=100, required=False)
    child_family_name = forms.CharField(label="Last name", max_length=100, required=False)
    child_is_unborn = forms.ChoiceField(
        label="Is the child born yet?",
        choices=[("no", "Yes, the child is born"), ("yes", "No, this is an unborn baby")],
        widget=forms.RadioSelect,
        initial="no",
        required=False,
    )
    child_date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    child_expected_date_of_delivery = GovukDateField(
        label="Expected date of delivery", required=False, help_text="For an unborn baby. For example, 14 2 2027"
    )
    child_address = forms.CharField(label="Address", max_length=300, required=False)
    child_postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    what_happened = forms.CharField(
        label="What has happened, or what have you seen or heard?",
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what you saw or heard, when and where, and who was there",
    )
    childs_words = forms.CharField(
        label="What has the child said?",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the child's own words, as far as you can remember them. Leave blank if they have said nothing",
    )
    harms = HarmsField(label="Which harms is the child experiencing or at risk of?")
    extra_familial_perpetration = forms.ChoiceField(
        label="Who is causing the harm outside the family?",
        choices=ExtraFamilialPerpetration.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only if you chose a harm outside the family",
    )
    indicators = IndicatorsField(
        label="Have you noticed any of these?", help_text="Early signs of risk outside the home. Select all that apply"
    )
    family_aware = forms.ChoiceField(
        label="Does the family know you are raising this?",
        choices=FamilyAwareness.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    family_knows = forms.CharField(
        label="What does the family know, and what have they said?",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.ChoiceField(
        label="Has the family agreed to this being shared?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="You do not need consent to share information to keep a child safe",
    )
    consent_reason = forms.CharField(
        label="Why was consent not sought, or why are you sharing without it?",
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave blank if the family agreed",
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["harms"].offer(harm_types_offered())  # type: ignore[attr-defined]
        self.fields["indicators"].offer(risk_indicator_types_offered())  # type: ignore[attr-defined]
        if not self.is_bound:
            # A new key each time the form is first shown: a double click posts it twice, and makes one contact.
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    descriptions_with_harms = False

    def harm_groups_params(self) -> list[dict[str, Any]]:
        """govukCheckboxes parameters for each group of harms (several harms at once, M7)."""
        return harm_checkbox_groups(self["harms"], descriptions=self.descriptions_with_harms)

    def indicator_params(self) -> dict[str, Any]:
        return indicator_checkboxes(self["indicators"])

    def child_described(self) -> ChildAsDescribed:
        d = self.cleaned_data
        unborn = d.get("child_is_unborn") == "yes"
        return ChildAsDescribed(
            given_name=d.get("child_given_name", ""),
            family_name=d.get("child_family_name", ""),
            date_of_birth=d.get("child_date_of_birth"),
            is_unborn=unborn,
            expected_date_of_delivery=d.get("child_expected_date_of_delivery"),
            nhs_number=normalise_nhs_number(d.get("child_nhs_number", "")),
            address=d.get("child_address", ""),
            postcode=d.get("child_postcode", ""),
            school_id=d["child_school"].pk if d.get("child_school") else None,
            school_name=d.get("child_school_name", ""),
            age_years=d.get("child_age_years"),
        )

    def concern_details(self, **overrides: Any) -> ConcernDetails:
        d = self.cleaned_data
        details = ConcernDetails(
            kind=d.get("kind") or ContactKind.CONCERN,
            what_happened=d.get("what_happened", ""),
            childs_words=d.get("childs_words", ""),
            family_aware=d.get("family_aware", ""),
            family_knows=d.get("family_knows", ""),
            consent=d.get("consent", ""),
            consent_reason=d.get("consent_reason", ""),
            support_requested=d.get("support_requested", ""),
            urgency=d.get("urgency") or Urgency.STANDARD,
            immediate_danger=d.get("immediate_danger"),
            harm_codes=list(d.get("harms") or []),
            indicator_codes=list(d.get("indicators") or []),
            extra_familial_perpetration=d.get("extra_familial_perpetration", ""),
        )
        for name, value in overrides.items():
            setattr(details, name, value)
        return details


class ConcernForm(_ConcernFields):
    """The partner portal: a practitioner raises a concern or request for support (M11)."""

    field_order = [
        "immediate_danger",
        "urgency",
        "child_given_name",
        "child_family_name",
        "child_is_unborn",
        "child_date_of_birth",
        "child_expected_date_of_delivery",
        "child_nhs_number",
        "child_address",
        "child_postcode",
        "child_school",
        "kind",
        "what_happened",
        "childs_words",
        "harms",
        "extra_familial_perpetration",
        "indicators",
        "support_requested",
        "family_aware",
        "family_knows",
        "consent",
        "consent_reason",
    ]
    urgency = forms.ChoiceField(
        label="How urgent is this?", choices=Urgency.choices, widget=forms.RadioSelect, required=False
    )
    kind = forms.ChoiceField(
        label="What are you raising?", choices=ContactKind.choices, widget=forms.RadioSelect, required=False
    )
    child_nhs_number = forms.CharField(
        label="NHS number (if known)", max_length=12, required=False, help_text="10 digits. Spaces are fine."
    )
    child_school = forms.ModelChoiceField(
        label="School or setting (if known)", queryset=Organisation.objects.none(), required=False
    )
    support_requested = forms.CharField(
        label="What support do you think would help?",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    child_record = forms.IntegerField(required=False, widget=forms.HiddenInput)
    matches_reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_school"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            organisation_type__in=[OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS]
        ).order_by("name")


class FrontDoorContactForm(ConcernForm):
    """The front door records a call or an email, choosing who it is from (the CIN census referral source)."""

    field_order = [
        "channel",
        "source",
        "referrer_name",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        *ConcernForm.field_order,
    ]
    channel = forms.ChoiceField(
        label="How did it reach the front door?",
        choices=[("phone", "Phone call"), ("email", "Email")],
        widget=forms.RadioSelect,
        initial="phone",
        error_messages={"required": "Select how it reached the front door: a phone call or an email"},
    )
    source = forms.ChoiceField(label="Who is it from?", choices=[("", ""), *ReferralSource.choices], required=False)
    referrer_name = forms.CharField(label="Their name", max_length=200, required=False)
    referrer_organisation = forms.ModelChoiceField(
        label="Their agency (if any)", queryset=Organisation.objects.none(), required=False
    )
    referrer_phone = forms.CharField(label="Their phone number", max_length=30, required=False)
    referrer_email = forms.EmailField(label="Their email address", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referrer_organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]

    def referrer_details(self) -> ReferrerDetails:
        d = self.cleaned_data
        org = d.get("referrer_organisation")
        return ReferrerDetails(
            name=d.get("referrer_name", ""),
            phone=d.get("referrer_phone", ""),
            email=d.get("referrer_email", ""),
            organisation_id=org.pk if org else None,
        )


class PublicConcernForm(_ConcernFields):
    """Anyone else (M11): no sign-in. Harms are optional here (the public may not know what to call it)."""

    field_order = [
        "immediate_danger",
        "child_given_name",
        "child_family_name",
        "child_age_years",
        "child_date_of_birth",
        "child_address",
        "child_postcode",
        "child_school_name",
        "what_happened",
        "childs_words",
        "harms",
        "extra_familial_perpetration",
        "indicators",
        "family_aware",
        "family_knows",
        "consent",
        "consent_reason",
        "referrer_relationship",
        "referrer_name",
        "referrer_phone",
        "referrer_email",
    ]
    child_age_years = forms.IntegerField(
        label="How old is the child?", min_value=0, max_value=25, required=False, help_text="Your best guess is fine"
    )
    child_school_name = forms.CharField(
        label="Their school or nursery (if you know it)", max_length=200, required=False
    )
    referrer_relationship = forms.ChoiceField(
        label="How do you know the child?", choices=PublicRelationship.choices, widget=forms.RadioSelect, required=False
    )
    referrer_name = forms.CharField(
        label="Your name (optional)", max_length=200, required=False, help_text="You can stay anonymous"
    )
    referrer_phone = forms.CharField(label="Your phone number (optional)", max_length=30, required=False)
    referrer_email = forms.EmailField(label="Your email address (optional)", required=False)
    # A honeypot for bots: hidden from people (visually and from screen readers), never focused; anything typed in
    # it means a program filled the form.
    website_url = forms.CharField(required=False, label="Leave this blank", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["harms"].label = "What kind of harm do you think it is?"
        self.fields["harms"].help_text = "Select all that apply, or none if you are not sure"
        self.fields["consent"].label = "Does the family agree to you telling us?"
        self.fields["consent"].choices = [  # type: ignore[attr-defined]
            (Consent.GIVEN, "Yes, they agree"),
            (Consent.NOT_SOUGHT, "I have not asked them"),
            (Consent.REFUSED, "They do not want me to tell you"),
        ]
        self.fields["consent_reason"].label = "Why have you not asked them, or why are you telling us anyway?"
        self.fields["consent"].help_text = "You can tell us about a child you are worried about without asking"
        self.fields["family_aware"].label = "Does the child's family know you are contacting us?"

    descriptions_with_harms = True

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website_url", "").strip())

    def concern_details(self, **overrides: Any) -> ConcernDetails:
        """The public do not choose a kind or an urgency: it is a concern, urgent when the child is in danger now."""
        urgent = bool(self.cleaned_data.get("immediate_danger"))
        return super().concern_details(
            **{"kind": ContactKind.CONCERN, "urgency": Urgency.URGENT if urgent else Urgency.STANDARD, **overrides}
        )

    def referrer_details(self) -> ReferrerDetails:
        d = self.cleaned_data
        return ReferrerDetails(
            name=d.get("referrer_name", ""),
            relationship=d.get("referrer_relationship", ""),
            phone=d.get("referrer_phone", ""),
            email=d.get("referrer_email", ""),
        )


class ConfirmChildForm(forms.Form):
    """Which record is this child: one of the likely matches, or a record found by searching (its number)."""

    child_record = forms.ChoiceField(label="Which record is this child?", widget=forms.RadioSelect, required=False)
    record_number = forms.IntegerField(label="Record number", min_value=1, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_record"].choices = [*choices, ("other", "Another record I found by searching")]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("child_record")
        if not choice:
            self.add_error("child_record", "Choose the child's record")
        elif choice == "other" and not cleaned.get("record_number"):
            self.add_error("record_number", "Enter the record number of the child's record")
        return cleaned

    def chosen_id(self) -> int:
        choice = self.cleaned_data["child_record"]
        return int(self.cleaned_data["record_number"] if choice == "other" else choice)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a working note",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the front door only: never shown to the person who raised the concern or any partner",
        error_messages={"required": "Write the note"},
    )


class _PersonInAgency(forms.ChoiceField):
    """Someone in one agency, offered from that agency's people only. Whether they work there is the service's
    check (information_requests_create), so a person from another agency gets its message, next to this field."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class InformationRequestForm(forms.Form):
    """Ask several agencies the same question in one go. Each agency's people are listed under it alone (revealed
    when it is ticked; without JavaScript every list shows, each still under its own agency)."""

    to_organisations = forms.MultipleChoiceField(
        label="Which agencies are you asking?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every agency to ask. Each gets its own request, with its own deadline",
        error_messages={"required": "Select at least one agency to ask"},
    )
    question = forms.CharField(
        label="What do you need to know?",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write what you need to know"},
    )
    is_urgent = yes_no("Is it urgent?", error="Say whether it is urgent")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each answer names the timescale in force (a local protocol, rules.toml `information_request`).
        self.fields["is_urgent"].choices = [  # type: ignore[attr-defined]
            ("yes", f"Yes: answer within {figure_in_force('information_request', interval='urgent')}"),
            ("no", f"No: answer within {figure_in_force('information_request', interval='other')}"),
        ]
        self.agencies = list(
            Organisation.objects.exclude(organisation_type=OrganisationType.LOCAL_AUTHORITY).order_by("name")
        )
        self.fields["to_organisations"].choices = [(str(o.pk), o.name) for o in self.agencies]  # type: ignore[attr-defined]
        people: dict[int, list[Practitioner]] = {}
        for p in Practitioner.objects.filter(organisation__in=self.agencies, user__isnull=False).order_by(
            "family_name", "given_name"
        ):
            people.setdefault(p.organisation_id, []).append(p)
        for agency in self.agencies:
            self.fields[self.person_field(agency.pk)] = _PersonInAgency(
                label=f"Who in {agency.name}? (optional)",
                choices=[
                    ("", "Anyone in the agency who works with children"),
                    *(
                        (str(p.pk), f"{p.full_name}, {p.job_title or p.get_role_display()}")
                        for p in people.get(agency.pk, [])
                    ),
                ],
                required=False,
            )

    @staticmethod
    def person_field(agency_id: int) -> str:
        return f"to_practitioner_{agency_id}"

    def asks(self) -> list[Ask]:
        return [
            Ask(int(agency_id), int(self.cleaned_data.get(self.person_field(int(agency_id))) or 0) or None)
            for agency_id in self.cleaned_data.get("to_organisations", [])
        ]

    def error_targets(self) -> dict[str, str]:
        """Where the service's errors go: a person not in their agency next to that agency's list of people."""
        return {f"to_practitioner:{a.pk}": self.person_field(a.pk) for a in self.agencies} | {
            "to_organisation": "to_organisations"
        }


class DecisionForm(PracticePromptsForm, ChildVoiceForm):
    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    harms = HarmsField(label="Which harms has the front door identified?")
    rationale = forms.CharField(
        label="Why? Your rationale",
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For the front door and the manager who signs it off. Never shown to the referrer",
    )
    feedback_to_referrer = forms.CharField(
        label="What will the person who raised it be told?",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="They see this once a manager agrees the decision",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["harms"].offer(harm_types_offered())  # type: ignore[attr-defined]

    def harm_groups_params(self) -> list[dict[str, Any]]:
        return harm_checkbox_groups(self["harms"])


class SignOffForm(forms.Form):
    agree = forms.ChoiceField(
        label="Do you agree the decision?",
        choices=[("yes", "Yes, I agree"), ("no", "No, return it to the practitioner")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree the decision"},
    )
    comment = forms.CharField(
        label="Comment",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you return it: say what to reconsider",
    )
    late_reason = forms.CharField(
        label="Why is the decision late?",
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the decision is after its one working day",
    )


class FeedbackForm(forms.Form):
    method = forms.ChoiceField(
        label="How were they told?",
        choices=[(v, label) for v, label in FeedbackMethod.choices if v != FeedbackMethod.PORTAL],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the referrer was told"},
    )
    given_on = GovukDateField(label="When were they told?")
    note = forms.CharField(
        label="What was said, and to whom", max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(forms.Form):
    response = forms.CharField(
        label="Your answer",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What your agency knows about the child and family that the front door should know",
        error_messages={"required": "Write your answer"},
    )


class EscalationAcknowledgeForm(forms.Form):
    action_taken = forms.CharField(
        label="What have you done about the repeated indicators?",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you did about the repeated indicators"},
    )
