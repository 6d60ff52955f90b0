from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from joinedup.agencies.models import Organisation, OrganisationType
from joinedup.people.codes import Disability, Ethnicity, FatherStatus, RelationshipType, Sex, SpecialEducationalNeeds
from joinedup.people.identifiers import nhs_number_is_valid, normalise_nhs_number
from joinedup.ui.fields import GovukDateField

from .services import ChildDetails, FamilyMemberDetails, PersonDetails


class PersonSearchForm(forms.Form):
    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="10 digits. Spaces are fine."
    )
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)

    def clean_nhs_number(self) -> str:

        value = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, like 485 777 3456", code="invalid")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not (
            cleaned.get("family_name") or cleaned.get("nhs_number") or cleaned.get("given_name")
        ):
            raise forms.ValidationError("Enter a name or an NHS number to search", code="empty_search")
        return cleaned


class ChildForm(forms.Form):
    """Record a child or an unborn child. Fathers and male carers are asked about every time."""

    is_unborn = forms.TypedChoiceField(
        label="Is the child born yet?",
        choices=[("no", "Yes, the child is born"), ("yes", "No, this is an unborn child")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child is born yet"},
    )
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        required=False,
        help_text="Leave blank for an unborn child who has no name yet",
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={
            "required": "Enter the child's last name",
            "max_length": "Last name must be 100 characters or fewer",
        },
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    expected_date_of_delivery = GovukDateField(
        label="Expected date of delivery", required=False, help_text="For example, 14 2 2027"
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex, or Not known"},
    )
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="10 digits. Spaces are fine."
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    religion = forms.CharField(label="Religion", max_length=60, required=False)
    special_educational_needs = forms.ChoiceField(
        label="Special educational needs",
        choices=SpecialEducationalNeeds.choices,
        widget=forms.RadioSelect,
        initial=SpecialEducationalNeeds.NOT_KNOWN,
    )
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    school = forms.ModelChoiceField(label="School or setting", required=False, queryset=Organisation.objects.none())
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    father_status = forms.ChoiceField(
        label="Is the child's father or a male carer known?",
        choices=FatherStatus.choices,
        widget=forms.RadioSelect,
        help_text="Always ask. You can add him to the family network after saving.",
        error_messages={"required": "Say whether the child's father or male carer is known"},
    )
    # Asked under "Not known" and again under "Parent chose not to say" (GOV.UK's conditional reveal cannot
    # share one input between two answers); whichever answer is chosen, its reason is the one recorded.
    father_not_known_reason = forms.CharField(
        label="Why is the father or male carer not recorded?",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    father_not_disclosed_reason = forms.CharField(
        label="Why did the parent choose not to say?",
        max_length=500,
        required=False,
        help_text="Record what they said, or that they gave no reason",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    matches_reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # What each answer reveals under it in child_create.html. What was typed under an answer that is not the one
    # chosen is ignored, with anything wrong with it: with JavaScript it is hidden, so it could not be put right.
    REVEALED_BY_ANSWER: ClassVar[dict[str, dict[str, str]]] = {
        "is_unborn": {"no": "date_of_birth", "yes": "expected_date_of_delivery"},
        "father_status": {
            FatherStatus.NOT_KNOWN: "father_not_known_reason",
            FatherStatus.NOT_DISCLOSED: "father_not_disclosed_reason",
        },
    }
    REASON_REQUIRED: ClassVar[dict[str, str]] = {
        "father_not_known_reason": "Say why the father or male carer is not recorded",
        "father_not_disclosed_reason": "Say why the parent chose not to say, or that they gave no reason",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            organisation_type__in=[OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS]
        ).order_by("name")

    def clean_nhs_number(self) -> str:
        # The shape of an NHS number is checked here too (the service checks it again), so the error summary
        # lists it alongside the form's other problems, such as an impossible date, rather than afterwards.

        value = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, like 485 777 3456", code="invalid")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question, revealed in self.REVEALED_BY_ANSWER.items():
            answer = str(self.data.get(question, ""))
            for choice, name in revealed.items():
                if choice == answer:
                    continue
                self.errors.pop(name, None)
                cleaned[name] = None if isinstance(self.fields[name], GovukDateField) else ""
        reason = self._father_reason_field()
        if reason and reason in cleaned and not cleaned[reason].strip():
            self.add_error(reason, self.REASON_REQUIRED[reason])
        return cleaned

    def _father_reason_field(self) -> str | None:
        """The reason asked under the father answer chosen, if that answer needs one."""
        return self.REVEALED_BY_ANSWER["father_status"].get(str(self.data.get("father_status", "")))

    def person_details(self) -> PersonDetails:
        d = self.cleaned_data
        return PersonDetails(
            given_name=d.get("given_name", ""),
            family_name=d.get("family_name", ""),
            date_of_birth=d.get("date_of_birth"),
            sex=d.get("sex") or Sex.UNKNOWN,
            nhs_number=d.get("nhs_number", ""),
            ethnicity=d.get("ethnicity") or Ethnicity.NOBT,
            first_language=d.get("first_language", ""),
            religion=d.get("religion", ""),
            address=d.get("address", ""),
            postcode=d.get("postcode", ""),
            disabilities=d.get("disabilities") or [],
        )

    def child_details(self) -> ChildDetails:
        d = self.cleaned_data
        school = d.get("school")
        return ChildDetails(
            is_unborn=bool(d.get("is_unborn")),
            expected_date_of_delivery=d.get("expected_date_of_delivery"),
            upn=d.get("upn", ""),
            special_educational_needs=d.get("special_educational_needs") or "not_known",
            school_id=school.pk if school else None,
            father_status=d.get("father_status", ""),
            father_not_known_reason=d.get(self._father_reason_field() or "", ""),
        )


class MergeForm(forms.Form):
    """Choose which likely duplicate of this record to merge into it, and confirm."""

    duplicate = forms.TypedChoiceField(
        label="Which record is the same person?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the record that is the same person"},
    )
    confirm = forms.BooleanField(
        label="I have checked these are the same person",
        error_messages={"required": "Confirm you have checked these records are the same person"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = choices  # type: ignore[attr-defined]


_YES_NO = [("yes", "Yes"), ("no", "No")]


class FamilyMemberForm(forms.Form):
    """Add someone who matters to the child: fathers and male carers first among them."""

    relationship_type = forms.ChoiceField(
        label="How are they related to the child?",
        choices=[(v, label) for v, label in RelationshipType.choices if v != RelationshipType.EXPECTANT_PARENT],
        error_messages={"required": "Select how this person is related to the child"},
    )
    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={
            "required": "Enter the person's last name",
            "max_length": "Last name must be 100 characters or fewer",
        },
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="If known. For example, 4 11 1989")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False, help_text="If known")
    has_parental_responsibility = forms.TypedChoiceField(
        label="Do they have parental responsibility for the child?",
        choices=_YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they have parental responsibility"},
    )
    lives_with_child = forms.TypedChoiceField(
        label="Do they live with the child?",
        choices=_YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they live with the child"},
    )
    is_significant = forms.BooleanField(label="They hold a significant role in the child's life", required=False)
    existing_person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    matches_reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_nhs_number(self) -> str:

        value = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, like 485 777 3456", code="invalid")
        return value

    def person_details(self) -> PersonDetails:
        d = self.cleaned_data
        return PersonDetails(
            given_name=d.get("given_name", ""),
            family_name=d.get("family_name", ""),
            date_of_birth=d.get("date_of_birth"),
            sex=d.get("sex") or Sex.UNKNOWN,
            nhs_number=d.get("nhs_number", ""),
        )

    def member_details(self) -> FamilyMemberDetails:
        d = self.cleaned_data
        return FamilyMemberDetails(
            relationship_type=d["relationship_type"],
            has_parental_responsibility=bool(d.get("has_parental_responsibility")),
            is_significant=bool(d.get("is_significant")),
            lives_with_child=bool(d.get("lives_with_child")),
        )


class PreviousAbuseOrNeglectForm(forms.Form):
    """Why a practitioner records, or removes, that a child has experienced abuse or neglect before (M9)."""

    reason = forms.CharField(
        label="Why are you recording this?",
        help_text="For example, what the child or a family member disclosed, or a child protection plan in another "
        "authority. Colleagues who may record on this record will see your reason and your name.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are recording previous abuse or neglect"},
    )

    def __init__(self, *args: Any, removing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if removing:
            reason = self.fields["reason"]
            reason.label = "Why are you removing it?"
            reason.help_text = (
                "For example, that it was recorded for the wrong child. It stays on the record as removed, with your "
                "name and your reason."
            )
            reason.error_messages["required"] = "Enter why you are removing previous abuse or neglect"
