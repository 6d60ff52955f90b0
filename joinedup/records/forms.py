from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from joinedup.agencies.models import Organisation, OrganisationType
from joinedup.people.codes import (
    Disability,
    Ethnicity,
    FatherStatus,
    ImmigrationStatus,
    RelationshipType,
    Sex,
    SpecialEducationalNeeds,
)
from joinedup.people.identifiers import nhs_number_is_valid, normalise_nhs_number
from joinedup.people.models import ChildProfile, Person
from joinedup.ui.fields import GovukDateField, yes_no

from .services import (
    PERSON_EDITABLE_FIELDS,
    SCHOOL_TYPES,
    ChildDetails,
    FamilyMemberDetails,
    PersonDetails,
    child_details_of,
    person_details_of,
)


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


_LGBTQIA_SHARED = [("no", "Not shared"), ("yes", "Yes, they chose to share it")]


class ChangeDetailsForm(forms.Form):
    """Change a person's details (M2): a child's record or someone in their network. Changing a name, date of birth
    or NHS number asks why; the service refuses it without a reason."""

    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the person's last name"},
    )
    known_as = forms.CharField(label="Known as", max_length=100, required=False, help_text="If they use another name")
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    expected_date_of_delivery = GovukDateField(
        label="Expected date of delivery", required=False, help_text="For example, 14 2 2027"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    gender = forms.CharField(
        label="Gender", max_length=60, required=False, help_text="How they describe their gender, in their own words"
    )
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="10 digits. Spaces are fine."
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices)
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    interpreter_needed = yes_no("Do they need an interpreter?", error="Say whether they need an interpreter")
    religion = forms.CharField(label="Religion", max_length=60, required=False)
    immigration_status = forms.ChoiceField(label="Immigration status", choices=ImmigrationStatus.choices)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    special_educational_needs = forms.ChoiceField(
        label="Special educational needs", choices=SpecialEducationalNeeds.choices, widget=forms.RadioSelect
    )
    school = forms.ModelChoiceField(label="School or setting", required=False, queryset=Organisation.objects.none())
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    uln = forms.CharField(
        label="Unique learner number (ULN)", max_length=10, required=False, help_text="10 digits, from age 14"
    )
    is_young_parent = yes_no("Are they a young parent?", error="Say whether they are a young parent")
    lgbtqia_shared = forms.ChoiceField(
        label="LGBTQIA identity",
        choices=_LGBTQIA_SHARED,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only if they chose to share it with you. You never need to ask.",
    )
    lgbtqia_identity = forms.CharField(label="How do they describe it?", max_length=60, required=False)
    address = forms.CharField(
        label="Address",
        max_length=300,
        required=False,
        help_text="To correct the address. If they have moved, record a move instead so the old address is kept.",
    )
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    reason = forms.CharField(
        label="Why are you changing their name, date of birth or NHS number?",
        help_text="Only needed if you change one of those. For example, the NHS number was typed wrongly.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Each field the service's errors name, on the form's field for it.
    error_targets: ClassVar[dict[str, str]] = {"lgbtqia_identity_shared": "lgbtqia_identity"}

    def __init__(self, *args: Any, person: Person, profile: ChildProfile | None, **kwargs: Any) -> None:
        self.person, self.profile = person, profile
        details = person_details_of(person)
        initial = {
            **{name: getattr(details, name) for name in PERSON_EDITABLE_FIELDS},
            "interpreter_needed": "yes" if details.interpreter_needed else "no",
            "is_young_parent": "yes" if details.is_young_parent else "no",
            "lgbtqia_shared": "yes" if details.lgbtqia_identity_shared else "no",
            "lgbtqia_identity": details.lgbtqia_identity_shared,
            "disabilities": details.disabilities,
        }
        if profile is not None:
            initial.update(
                expected_date_of_delivery=profile.expected_date_of_delivery,
                special_educational_needs=profile.special_educational_needs,
                school=profile.school_id,
                upn=profile.upn,
                uln=profile.uln,
            )
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        if profile is None:
            for name in ("expected_date_of_delivery", "special_educational_needs", "school", "upn", "uln"):
                del self.fields[name]
        else:
            del self.fields["lgbtqia_shared"], self.fields["lgbtqia_identity"]  # a parent's, where shared (M2)
            del self.fields["date_of_birth" if profile.is_unborn else "expected_date_of_delivery"]
            self.fields["school"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                organisation_type__in=SCHOOL_TYPES
            ).order_by("name")

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, like 485 777 3456", code="invalid")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lgbtqia_shared") != "yes":
            self.errors.pop("lgbtqia_identity", None)
            cleaned["lgbtqia_identity"] = ""
        elif "lgbtqia_identity" in self.fields and not cleaned.get("lgbtqia_identity", "").strip():
            self.add_error("lgbtqia_identity", "Enter how they describe their LGBTQIA identity, or choose Not shared")
        return cleaned

    def person_details(self) -> PersonDetails:
        d = self.cleaned_data
        return PersonDetails(
            given_name=d.get("given_name", ""),
            family_name=d.get("family_name", ""),
            known_as=d.get("known_as", ""),
            date_of_birth=d.get("date_of_birth"),
            sex=d.get("sex") or Sex.UNKNOWN,
            gender=d.get("gender", ""),
            nhs_number=d.get("nhs_number", ""),
            ethnicity=d.get("ethnicity") or Ethnicity.NOBT,
            first_language=d.get("first_language", ""),
            interpreter_needed=bool(d.get("interpreter_needed")),
            religion=d.get("religion", ""),
            immigration_status=d.get("immigration_status") or ImmigrationStatus.NOT_KNOWN,
            is_young_parent=bool(d.get("is_young_parent")),
            lgbtqia_identity_shared=d.get("lgbtqia_identity", "")
            if "lgbtqia_identity" in self.fields
            else (self.person.lgbtqia_identity_shared),
            address=d.get("address", ""),
            postcode=d.get("postcode", ""),
            disabilities=d.get("disabilities") or [],
        )

    def child_details(self) -> ChildDetails | None:
        if self.profile is None:
            return None
        d = self.cleaned_data
        school = d.get("school")
        current = child_details_of(self.profile)
        current.expected_date_of_delivery = d.get("expected_date_of_delivery") if self.profile.is_unborn else None
        current.upn = d.get("upn", "")
        current.uln = d.get("uln", "")
        current.special_educational_needs = d.get("special_educational_needs") or SpecialEducationalNeeds.NOT_KNOWN
        current.school_id = school.pk if school else None
        return current


class EndedOnForm(forms.Form):
    """When something ended: a relationship, or someone living with the child (and where they went, if known)."""

    ended_on = GovukDateField(label="When did it end?", help_text="For example, 3 9 2026")

    def __init__(self, *args: Any, label: str, moved_out: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ended_on = self.fields["ended_on"]
        ended_on.label = label
        ended_on.error_messages.update(required="Enter the date", incomplete="Enter the date")
        if moved_out:
            self.fields["new_address"] = forms.CharField(
                label="Their new address", max_length=300, required=False, help_text="If you know it"
            )
            self.fields["new_postcode"] = forms.CharField(label="Postcode", max_length=8, required=False)


class HouseholdMoveForm(forms.Form):
    """A move of address: the child, and whoever moves with them."""

    address = forms.CharField(label="New address", max_length=300, error_messages={"required": "Enter the new address"})
    postcode = forms.CharField(label="Postcode", max_length=8, error_messages={"required": "Enter the postcode"})
    moved_on = GovukDateField(label="Date they moved", help_text="For example, 3 9 2026")
    people = forms.MultipleChoiceField(
        label="Who moved with the child?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Those not chosen stay at the old address",
    )

    def __init__(self, *args: Any, living_with_child: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.living_with_child = {p.pk: p for p in living_with_child}
        self.fields["people"].choices = [(p.pk, p.display_name) for p in living_with_child]  # type: ignore[attr-defined]
        if not living_with_child:
            del self.fields["people"]

    def movers(self) -> list[Person]:
        return [self.living_with_child[int(pk)] for pk in self.cleaned_data.get("people") or []]
