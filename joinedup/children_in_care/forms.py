"""Forms for children in care: the shape of each answer only; the services decide what is allowed.

Each form lists its fields in `sections` (heading, field names) so one template renders any of them through the
GOV.UK Frontend macros (`govuk_items`)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from joinedup.access.models import InvolvementRole
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.prompts.forms import PracticePromptsForm
from joinedup.timescales.selectors import figure_in_force
from joinedup.ui.fields import GovukDateField, text_area, yes_no
from joinedup.ui.forms import SectionedForm, Sections
from joinedup.ui.voice import CHILD_VOICE_SECTION, ChildVoiceForm

from . import services
from .codes import (
    AdoptersLegalStatus,
    AdoptersSex,
    CategoryOfNeed,
    LegalStatusCode,
    MissingKind,
    ParticipationCode,
    PermanencePlan,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonPlacedCeased,
    ReasonPlacementChange,
    SdqReason,
    VisitingPattern,
)


def coded(choices: Any) -> list[tuple[str, str]]:
    """Choices labelled with their code too, as practitioners know them ("C2: Full care order")."""
    return [(value, f"{value}: {label}") for value, label in choices]


def late_reason_field() -> forms.CharField:
    return text_area(
        "If this was done after the date it was due, why?",
        rows=2,
        max_length=2000,
        help_text="Leave this blank if it was on time",
    )


_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": f"Enter the {label.lower()}"},
    )


def parse_time(value: str) -> time | None:
    match = _TIME.match(value or "")
    return time(int(match.group(1)), int(match.group(2))) if match else None


def uk_instant(day: date, at: time) -> datetime:
    """A date and a UK clock time as an instant."""
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


class CareForm(SectionedForm):
    """Renders through `govuk_items`; `sections` groups the fields under headings (a heading of "" has none)."""


# -- choices read from the database ----------------------------------------------------------------------------


def practitioners_with_role(*roles: str) -> QuerySet[Practitioner]:
    return (
        Practitioner.objects.filter(role__in=roles).select_related("organisation").order_by("family_name", "given_name")
    )


def schools() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        organisation_type__in=[OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS]
    ).order_by("name")


def practitioner_choices(qs: QuerySet[Practitioner]) -> list[tuple[str, str]]:
    return [(str(p.pk), f"{p.full_name}, {p.organisation.name}") for p in qs]


# -- placements ------------------------------------------------------------------------------------------------

PLACEMENT_FIELDS = [
    "placement_type",
    "provider",
    "carer_given_name",
    "carer_family_name",
    "carer_practitioner",
    "setting_name",
    "urn",
    "postcode",
    "is_in_authority",
    "distance_miles",
    "visiting_pattern",
    "is_intended_until_eighteen",
]


class PlacementFieldsMixin(forms.Form):
    placement_type = forms.ChoiceField(
        label="Type of placement",
        choices=coded(PlacementType.choices),
        error_messages={"required": "Select the type of placement"},
    )
    provider = forms.ChoiceField(
        label="Who provides the placement",
        choices=coded(PlacementProvider.choices),
        required=False,
        help_text="Not needed for temporary placements (T0 to T4)",
    )
    carer_given_name = forms.CharField(label="Carer's first name", max_length=100, required=False)
    carer_family_name = forms.CharField(
        label="Carer's last name",
        max_length=100,
        required=False,
        help_text="The foster carer, kinship carer or parent the child lives with. "
        "They join the child's family network.",
    )
    carer_practitioner = forms.ChoiceField(
        label="Foster carer or key worker who uses JoinedUp",
        required=False,
        help_text="They will see this child's placement, health checks and missing episodes "
        "while the child lives with them",
    )
    setting_name = forms.CharField(label="Children's home, agency or setting", max_length=200, required=False)
    urn = forms.CharField(label="Ofsted URN of the setting", max_length=8, required=False)
    postcode = forms.CharField(label="Placement postcode", max_length=8, required=False)
    is_in_authority = forms.TypedChoiceField(
        label="Is the placement inside the authority's area?",
        choices=[("yes", "Yes"), ("no", "No, out of the area"), ("unknown", "Not known")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    distance_miles = forms.DecimalField(
        label="Distance from the child's home, in miles",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        error_messages={"invalid": "Enter the distance as a number, like 12.5"},
    )
    visiting_pattern = forms.ChoiceField(
        label="Which visiting pattern applies (regulation 28)?",
        choices=VisitingPattern.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Placed with parents (P1) is weekly to the first review unless you choose otherwise",
    )
    is_intended_until_eighteen = yes_no("Is the placement intended to last until the child is 18?", required=False)

    input_classes: ClassVar[dict[str, str]] = {
        "postcode": "govuk-input--width-10",
        "urn": "govuk-input--width-10",
        "distance_miles": "govuk-input--width-5",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carers = practitioners_with_role(Role.FOSTER_CARER, Role.RESIDENTIAL_CARE_WORKER)
        self.fields["carer_practitioner"].choices = [("", ""), *practitioner_choices(carers)]  # type: ignore[attr-defined]
        every = figure_in_force("placement_visit_long_term")
        until_eighteen = self.fields["is_intended_until_eighteen"]
        until_eighteen.help_text = f"After the first year, visits are then at least every {every}"

    def placement_details(self) -> services.PlacementDetails:
        d = self.cleaned_data
        carer = d.get("carer_practitioner")
        return services.PlacementDetails(
            placement_type=d.get("placement_type", ""),
            provider=d.get("provider") or "",
            carer_given_name=d.get("carer_given_name", ""),
            carer_family_name=d.get("carer_family_name", ""),
            carer_practitioner_id=int(carer) if carer else None,
            setting_name=d.get("setting_name", ""),
            urn=d.get("urn", ""),
            postcode=d.get("postcode", ""),
            is_in_authority=d.get("is_in_authority"),
            distance_miles=d.get("distance_miles"),
            visiting_pattern=d.get("visiting_pattern") or "",
            is_intended_until_eighteen=bool(d.get("is_intended_until_eighteen")),
            is_emergency=bool(d.get("is_emergency")),
        )


class LookedAfterStartForm(ChildVoiceForm, PlacementFieldsMixin, CareForm):
    started_on = GovukDateField(label="Date the child started to be looked after", help_text="For example, 25 3 2027")
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=coded(LegalStatusCode.choices),
        error_messages={"required": "Select the legal status"},
    )
    category_of_need = forms.ChoiceField(
        label="Category of need",
        choices=coded(CategoryOfNeed.choices),
        error_messages={"required": "Select the category of need"},
    )
    is_unaccompanied_asylum_seeking = yes_no(
        "Is the child an unaccompanied asylum-seeking child?",
        error="Say whether the child is an unaccompanied asylum-seeking child",
    )
    is_emergency = yes_no("Is this an emergency placement?", error="Say whether this is an emergency placement")
    care_plan_due_on = GovukDateField(
        label="Date the care plan is due",
        required=False,
    )
    care_plan_agreed_on = GovukDateField(
        label="Date the care plan was agreed",
        required=False,
        help_text="Only if the care plan was agreed before the child was placed",
    )
    care_plan_arrangements = text_area(
        "How the care plan meets the child's needs",
        rows=3,
        help_text="Only with a care plan agreed before the child was placed",
    )
    independent_reviewing_officer = forms.ChoiceField(label="Independent reviewing officer", required=False)

    sections: ClassVar[Sections] = [
        (
            "",
            ["started_on", "legal_status", "category_of_need", "is_unaccompanied_asylum_seeking"],
        ),
        ("First placement", ["is_emergency", *PLACEMENT_FIELDS]),
        (
            "Care plan",
            ["care_plan_due_on", "care_plan_agreed_on", "care_plan_arrangements", *CHILD_VOICE_SECTION[1]],
        ),
        ("Independent reviewing officer", ["independent_reviewing_officer"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        iros = practitioners_with_role(Role.INDEPENDENT_REVIEWING_OFFICER)
        self.fields["independent_reviewing_officer"].choices = [("", ""), *practitioner_choices(iros)]  # type: ignore[attr-defined]
        due = figure_in_force("care_plan")  # the timescale in force (rules.toml), never a figure of this form's own
        help_text = f"If there is no care plan yet: no later than {due} after the placement starts"
        self.fields["care_plan_due_on"].help_text = help_text
        self.fields["child_voice_words"].help_text = (
            "Only with a care plan agreed before the child was placed: what the child said, as they said it. If you "
            "could not obtain them, say why below"
        )

    def details(self) -> services.LookedAfterStart:
        d = self.cleaned_data
        plan = None
        if d.get("care_plan_agreed_on"):
            plan = services.CarePlanDetails(
                agreed_on=d["care_plan_agreed_on"],
                arrangements=d.get("care_plan_arrangements", ""),
                voice=self.child_voice(),
            )
        iro = d.get("independent_reviewing_officer")
        return services.LookedAfterStart(
            started_on=d["started_on"],
            legal_status=d["legal_status"],
            category_of_need=d["category_of_need"],
            placement=self.placement_details(),
            care_plan=plan,
            care_plan_due_on=None if plan else d.get("care_plan_due_on"),
            is_unaccompanied_asylum_seeking=bool(d.get("is_unaccompanied_asylum_seeking")),
            independent_reviewing_officer_id=int(iro) if iro else None,
        )


class PlacementMoveForm(PlacementFieldsMixin, CareForm):
    started_on = GovukDateField(label="Date the new placement started", help_text="The current placement ends that day")
    reason_for_change = forms.ChoiceField(
        label="Why did the placement change?", choices=coded(ReasonPlacementChange.choices), required=False
    )
    same_carer = yes_no("Is the child staying with the same carer?", error="Say whether the carer is the same")
    legal_status = forms.ChoiceField(
        label="New legal status from the same day",
        choices=coded(LegalStatusCode.choices),
        required=False,
        help_text="Only if the legal status changed on the same day",
    )
    is_emergency = yes_no("Is this an emergency placement?", error="Say whether this is an emergency placement")
    care_plan_due_on = GovukDateField(
        label="Date the care plan is due",
        required=False,
        help_text="Only if there is no care plan yet",
    )

    sections: ClassVar[Sections] = [
        ("", ["started_on", "reason_for_change", "same_carer", "legal_status"]),
        ("New placement", ["is_emergency", *PLACEMENT_FIELDS]),
        ("Care plan", ["care_plan_due_on"]),
    ]

    def move(self) -> services.PlacementMove:
        d = self.cleaned_data
        return services.PlacementMove(
            started_on=d["started_on"],
            placement=self.placement_details(),
            reason_for_change=d.get("reason_for_change") or "",
            same_carer=bool(d.get("same_carer")),
            legal_status=d.get("legal_status") or "",
            care_plan_due_on=d.get("care_plan_due_on"),
        )


class LegalStatusForm(CareForm):
    code = forms.ChoiceField(
        label="New legal status",
        choices=coded(LegalStatusCode.choices),
        error_messages={"required": "Select the new legal status"},
    )
    started_on = GovukDateField(label="Date the legal status changed")


class LookedAfterEndForm(CareForm):
    ended_on = GovukDateField(label="Date the child ceased to be looked after")
    reason_ceased = forms.ChoiceField(
        label="Why did the child cease to be looked after?",
        choices=coded([(c.value, c.label) for c in ReasonEpisodeCeased if c != ReasonEpisodeCeased.X1]),
        error_messages={"required": "Select why the child ceased to be looked after"},
    )


class CorrectStartForm(CareForm):
    started_on = GovukDateField(label="Correct date the child started to be looked after")


class CarePlanForm(ChildVoiceForm, CareForm):
    agreed_on = GovukDateField(label="Date the care plan was agreed")
    permanence_plan = forms.ChoiceField(
        label="Permanence plan",
        choices=PermanencePlan.choices,
        required=False,
        help_text="It is confirmed at the second looked-after review",
    )
    arrangements = text_area(
        "How the plan meets the child's needs",
        rows=5,
        required=True,
        help_text="Health, education, emotional and behavioural development, identity, family and social relationships",
        error="Say how the care plan will meet the child's needs",
    )
    late_reason = late_reason_field()

    sections: ClassVar[Sections] = [
        ("", ["agreed_on", "permanence_plan", "arrangements"]),
        CHILD_VOICE_SECTION,
        ("", ["late_reason"]),
    ]

    def details(self) -> services.CarePlanDetails:
        d = self.cleaned_data
        return services.CarePlanDetails(
            agreed_on=d["agreed_on"],
            arrangements=d["arrangements"],
            permanence_plan=d.get("permanence_plan") or "",
            voice=self.child_voice(),
        )


class PlacementPlanForm(CareForm):
    agreed_on = GovukDateField(label="Date the placement plan was agreed with the carer")
    summary = text_area("What the plan says")
    late_reason = late_reason_field()


class ReviewForm(ChildVoiceForm, CareForm):
    held_on = GovukDateField(label="Date of the review")
    chair = forms.ChoiceField(
        label="Independent reviewing officer who chaired it",
        error_messages={"required": "Select the independent reviewing officer who chaired the review"},
    )
    participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=coded(ParticipationCode.choices),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the child took part"},
    )
    permanence_plan = forms.ChoiceField(
        label="Permanence plan the review confirmed",
        choices=PermanencePlan.choices,
        required=False,
        help_text="Required at the second review",
    )
    decisions = text_area("Decisions", rows=5, max_length=10000, help_text="One decision on each line")
    late_reason = late_reason_field()

    sections: ClassVar[Sections] = [
        ("", ["held_on", "chair", "participation", "permanence_plan"]),
        CHILD_VOICE_SECTION,
        ("", ["decisions", "late_reason"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        iros = practitioners_with_role(Role.INDEPENDENT_REVIEWING_OFFICER)
        self.fields["chair"].choices = [("", ""), *practitioner_choices(iros)]  # type: ignore[attr-defined]

    def details(self) -> services.ReviewDetails:
        d = self.cleaned_data
        return services.ReviewDetails(
            held_on=d["held_on"],
            chair_id=int(d["chair"]) if d.get("chair") else None,
            participation=d["participation"],
            permanence_plan=d.get("permanence_plan") or "",
            voice=self.child_voice(),
            decisions=(d.get("decisions") or "").splitlines(),
            late_reason=d.get("late_reason", ""),
        )


class HealthAssessmentForm(CareForm):
    assessed_on = GovukDateField(label="Date of the health assessment")
    carried_out_by = forms.CharField(label="Doctor or nurse who carried it out", max_length=200, required=False)
    late_reason = late_reason_field()


class DentalCheckForm(CareForm):
    checked_on = GovukDateField(label="Date of the dental check")


class ImmunisationForm(CareForm):
    recorded_on = GovukDateField(label="Date checked")
    is_up_to_date = yes_no(
        "Are the child's immunisations up to date?", error="Say whether immunisations are up to date"
    )


class SdqForm(CareForm):
    completed_on = GovukDateField(label="Date of the questionnaire")
    score = forms.IntegerField(
        label="Total difficulties score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="From 0 to 40",
        error_messages={
            "invalid": "Enter the score as a whole number",
            "min_value": "Enter a score from 0 to 40",
            "max_value": "Enter a score from 0 to 40",
        },
    )
    reason_not_completed = forms.ChoiceField(
        label="If not completed, why not?", choices=coded(SdqReason.choices), required=False
    )
    input_classes: ClassVar[dict[str, str]] = {"score": "govuk-input--width-3"}


class PersonalEducationPlanForm(CareForm):
    held_on = GovukDateField(label="Date of the personal education plan meeting")
    school = forms.ChoiceField(label="School or setting", required=False, help_text="The child's school if left blank")
    designated_teacher = forms.ChoiceField(label="Designated teacher", required=False)
    virtual_school_contact = forms.CharField(label="Virtual school contact", max_length=200, required=False)
    targets = text_area("Targets and support")
    late_reason = late_reason_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", ""), *[(str(s.pk), s.name) for s in schools()]]  # type: ignore[attr-defined]
        teachers = practitioners_with_role(Role.DESIGNATED_TEACHER)
        self.fields["designated_teacher"].choices = [("", ""), *practitioner_choices(teachers)]  # type: ignore[attr-defined]

    def details(self) -> services.PersonalEducationPlanDetails:
        d = self.cleaned_data
        return services.PersonalEducationPlanDetails(
            held_on=d["held_on"],
            school_id=int(d["school"]) if d.get("school") else None,
            designated_teacher_id=int(d["designated_teacher"]) if d.get("designated_teacher") else None,
            virtual_school_contact=d.get("virtual_school_contact", ""),
            targets=d.get("targets", ""),
            late_reason=d.get("late_reason", ""),
        )


class SchoolChangeForm(CareForm):
    school = forms.ChoiceField(label="New school or setting", error_messages={"required": "Select the new school"})
    changed_on = GovukDateField(label="Date the child started at the new school")
    reason = text_area("Why the school changed", rows=2, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", ""), *[(str(s.pk), s.name) for s in schools()]]  # type: ignore[attr-defined]


class InstantMixin(forms.Form):
    """A date and a 24-hour time together: `instant(prefix)` after cleaning."""

    def instant(self, day_field: str, time_field_name: str) -> datetime | None:
        day = self.cleaned_data.get(day_field)
        at = parse_time(self.cleaned_data.get(time_field_name, ""))
        if day is None:
            return None
        if at is None:
            if time_field_name not in self.errors:
                self.add_error(time_field_name, "Enter a real time, like 14:30")
            return None
        return uk_instant(day, at)


class MissingStartForm(InstantMixin, CareForm):
    kind = forms.ChoiceField(
        label="Is the child missing, or away from placement without authorisation?",
        choices=MissingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select missing or away from placement"},
    )
    started_on = GovukDateField(label="Date the child went missing")
    started_time = time_field("Time the child went missing")
    input_classes: ClassVar[dict[str, str]] = {"started_time": "govuk-input--width-5"}


class MissingEndForm(InstantMixin, CareForm):
    ended_on = GovukDateField(label="Date the child returned or was found")
    ended_time = time_field("Time the child returned")
    input_classes: ClassVar[dict[str, str]] = {"ended_time": "govuk-input--width-5"}


class ReturnHomeInterviewForm(PracticePromptsForm, InstantMixin, CareForm):
    offered_on = GovukDateField(label="Date the interview was offered")
    offered_time = time_field("Time it was offered")
    accepted = forms.TypedChoiceField(
        label="Did the child accept the interview?",
        choices=[("yes", "Yes"), ("no", "No, the child declined"), ("unknown", "Not answered yet")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child accepted the interview"},
    )
    held_on = GovukDateField(label="Date the interview was held", required=False, help_text="If it has been held")
    carried_out_by = forms.CharField(label="Who carried it out", max_length=200, required=False)
    outcome = text_area("What the child said and what will happen")
    late_reason = late_reason_field()
    input_classes: ClassVar[dict[str, str]] = {"offered_time": "govuk-input--width-5"}


class IndependentReviewingOfficerForm(CareForm):
    iro = forms.ChoiceField(
        label="Independent reviewing officer", error_messages={"required": "Select the independent reviewing officer"}
    )
    started_on = GovukDateField(label="Date of the appointment")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        iros = practitioners_with_role(Role.INDEPENDENT_REVIEWING_OFFICER)
        self.fields["iro"].choices = [("", ""), *practitioner_choices(iros)]  # type: ignore[attr-defined]


class CarePartnerForm(CareForm):
    partner = forms.ChoiceField(
        label="Nurse or designated teacher",
        error_messages={"required": "Select the looked-after children's nurse or designated teacher"},
        help_text="They see and record this child's health, or education, while involved",
    )
    started_on = GovukDateField(label="Date they started working with the child")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = practitioners_with_role(Role.LOOKED_AFTER_CHILDREN_NURSE, Role.DESIGNATED_TEACHER)
        self.fields["partner"].choices = [  # type: ignore[attr-defined]
            ("", ""),
            *[(str(p.pk), f"{p.full_name}, {p.get_role_display()}, {p.organisation.name}") for p in partners],
        ]

    def partner_and_role(self) -> tuple[Practitioner, str]:
        partner = Practitioner.objects.get(pk=int(self.cleaned_data["partner"]))
        role = (
            InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE
            if partner.role == Role.LOOKED_AFTER_CHILDREN_NURSE
            else InvolvementRole.DESIGNATED_TEACHER
        )
        return partner, role


# -- adoption and deprivation of liberty -------------------------------------------------------------------------


class AdoptionDecisionForm(CareForm):
    decided_on = GovukDateField(
        label="Date of the agency decision maker's decision that the child should be placed for adoption",
        help_text="For example, 25 3 2027",
    )


class AdoptionDecisionReverseForm(CareForm):
    ceased_on = GovukDateField(
        label="Date of the decision that the child should no longer be placed for adoption",
        help_text="For example, 25 3 2027",
    )
    reason = forms.ChoiceField(
        label="Why should the child no longer be placed for adoption?",
        choices=coded(ReasonPlacedCeased.choices),
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the child should no longer be placed for adoption"},
    )


class AdopterMatchForm(CareForm):
    matched_on = GovukDateField(label="Date the child was matched with their prospective adopters")
    adopters_are_foster_carers = yes_no(
        "Are the adopters the child's foster carers?", error="Say whether the adopters are the child's foster carers"
    )
    number_of_adopters = forms.TypedChoiceField(
        label="Number of adopters",
        choices=[("1", "1: a single adopter"), ("2", "2: a couple")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the number of adopters"},
    )
    adopters_sex = forms.ChoiceField(
        label="Sex of the adopter or adopters",
        choices=coded(AdoptersSex.choices),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the sex of the adopter or adopters"},
    )
    adopters_legal_status = forms.ChoiceField(
        label="Legal status of the adopters",
        choices=coded(AdoptersLegalStatus.choices),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the adopters' legal status"},
    )


class DeprivationOfLibertyOrderForm(CareForm):
    started_on = GovukDateField(label="Date the order started", help_text="For example, 25 3 2027")
    ended_on = GovukDateField(label="Date the order ended (if it has)", required=False)


class DeprivationOfLibertyOrderEndForm(CareForm):
    ended_on = GovukDateField(label="Date the order ended")
