"""Forms for assessments: the shape of each answer only; the services decide what is allowed. Each form lists its
fields in `sections` so one template (assessments/record_form.html) renders any of them through GOV.UK macros."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from joinedup.agencies.models import Practitioner
from joinedup.core.carers import ChildsCarer
from joinedup.harms.selectors import harm_types_offered
from joinedup.people.codes import Sex
from joinedup.prompts.codes import PromptGroup, PromptMoment
from joinedup.prompts.models import PracticePrompt
from joinedup.ui.fields import GovukDateField, text_area, yes_no
from joinedup.ui.forms import SectionedForm, Sections

from .codes import AssessmentFactor, AssessmentOutcome, PrimaryNeed
from .people import KnownPerson


def text(label: str, *, help_text: str = "", rows: int = 4, required: bool = False) -> forms.CharField:
    return text_area(label, rows=rows, max_length=20000, required=required, help_text=help_text)


def practitioner_choices(qs: QuerySet[Practitioner]) -> list[tuple[str, str]]:
    return [("", "")] + [
        (str(p.pk), f"{p.full_name}, {p.job_title or p.get_role_display()}, {p.organisation.name}") for p in qs
    ]


class StartForm(SectionedForm):
    started_on = GovukDateField(label="Date the assessment started", help_text="For example, 27 3 2027")


class AssessmentForm(SectionedForm):
    sections: ClassVar[Sections] = [
        (
            "The child",
            [
                "child_seen_on",
                "child_seen_alone",
                "child_not_seen_alone_reason",
                "childs_wishes_and_feelings",
                "direct_work",
            ],
        ),
        (
            "Parents and carers",
            [
                "people",
                "parents_views",
                "fathers_views",
                "lives_with_foster_carers_or_residential_staff",
                "carers_views",
            ],
        ),
        ("What the assessment found", ["factors", "harms", "analysis"]),
        ("Health representative", ["health_representative", "health_representative_contribution"]),
        ("Outcome", ["outcome", "outcome_rationale", "primary_need"]),
    ]

    child_seen_on = GovukDateField(label="Date the child was seen", required=False)
    child_seen_alone = yes_no("Was the child seen alone?", required=False)
    child_not_seen_alone_reason = text("If not seen alone, why not?", rows=2)
    childs_wishes_and_feelings = text(
        "The child's wishes and feelings", help_text="In the child's own words, as they said them"
    )
    direct_work = text("Direct work with the child", rows=3)
    parents_views = text("Parents' and carers' views")
    fathers_views = text("Fathers and male carers", help_text="Their views, or why they could not be found or asked")
    lives_with_foster_carers_or_residential_staff = yes_no(
        "Does the child live with foster carers or residential staff?", required=False
    )
    carers_views = text("Foster carers' or residential staff's part in the assessment", rows=3)
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment",
        help_text="Select every factor that applies (CIN census codes)",
        choices=[(c.value, f"{c.value}: {c.label}") for c in AssessmentFactor],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    harms = forms.MultipleChoiceField(
        label="Harms", help_text="Select every harm that applies", widget=forms.CheckboxSelectMultiple, required=False
    )
    analysis = text("What the assessment found", help_text="Needs, strengths and risks", rows=5)
    health_representative = forms.ChoiceField(
        label="Experienced health representative",
        help_text="Needed when sexual abuse is among the concerns",
        required=False,
    )
    health_representative_contribution = text("The health representative's contribution", rows=3)
    outcome = forms.ChoiceField(
        label="Outcome", choices=AssessmentOutcome.choices, widget=forms.RadioSelect, required=False
    )
    outcome_rationale = text("Why this outcome", rows=3)
    primary_need = forms.ChoiceField(
        label="Primary need",
        help_text="The main reason the child needs services (CIN census code); N9 if the child is not in need",
        choices=[(c.value, f"{c.value}: {c.label}") for c in PrimaryNeed],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        health_professionals: QuerySet[Practitioner],
        carers: list[ChildsCarer] | None = None,
        carers_views: dict[str, str] | None = None,
        people: list[KnownPerson] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Never type twice (issue 19): the people the family network already knows, offered to confirm, and named
        # where the form asks for their views.
        self.people = people or []
        if self.people:
            self.fields["people"] = forms.MultipleChoiceField(
                label="Who this assessment includes",
                help_text="From the child's family network: who has parental responsibility, who lives with the "
                "child and who matters to them. Untick anyone the assessment does not include; add anyone missing "
                "to the family network",
                choices=[(str(k.person_id), k.described) for k in self.people],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": "Choose from the people in the child's family network"},
            )
            parents = [k.described for k in self.people if k.is_parent_or_carer]
            fathers = [k.described for k in self.people if k.is_father_or_male_carer]
            if parents:
                self.fields["parents_views"].help_text = "Known: " + "; ".join(parents)
            if fathers:
                self.fields["fathers_views"].help_text = (
                    "Their views, or why they could not be found or asked. Known: " + "; ".join(fathers)
                )
        self.fields["harms"].choices = [(h.code, h.label) for h in harm_types_offered()]  # type: ignore[attr-defined]
        self.fields["health_representative"].choices = practitioner_choices(health_professionals)  # type: ignore[attr-defined]
        # The carers the child lives with, named from the placement record (M21), each with their views.
        self.carers = carers or []
        saved = carers_views or {}
        for carer in self.carers:
            self.fields[f"carer_{carer.key}"] = text(
                f"{carer.name} ({carer.role_label.lower()}): their views",
                rows=3,
                help_text="Their views and part in the assessment, or why they could not be asked",
            )
            self.fields[f"carer_{carer.key}"].initial = saved.get(carer.key, "")
        if self.carers:
            names = [f"carer_{c.key}" for c in self.carers]
            sections = [
                (heading, [*fields, *names] if heading == "Parents and carers" else fields)
                for heading, fields in type(self).sections
            ]
            # This form's own sections: the child's carers under "Parents and carers" (the class keeps the rest).
            self.__dict__["sections"] = sections
            self.fields["carers_views"].label = "Anything more from the carers (optional)"

    def people_ids(self) -> list[int] | None:
        """The people confirmed (None when the form offered none, so nothing changes)."""
        if "people" not in self.fields:
            return None
        return [int(pk) for pk in self.cleaned_data.get("people") or []]

    def named_carers_views(self) -> dict[str, str]:
        return {c.key: self.cleaned_data.get(f"carer_{c.key}") or "" for c in self.carers}


class PromptsForm(SectionedForm):
    def __init__(self, *args: Any, prompts: list[tuple[PracticePrompt, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prompt, answer in prompts:
            self.fields[f"prompt_{prompt.pk}"] = forms.CharField(
                label=prompt.question,
                help_text=prompt.guidance,
                required=False,
                initial=answer,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[int, str]:
        return {int(name.removeprefix("prompt_")): value or "" for name, value in self.cleaned_data.items()}


class AuthoriseForm(SectionedForm):
    authorised_on = GovukDateField(label="Date authorised")
    late_reason = text("If the assessment is late, why?", help_text="Needed when authorised after the due date", rows=3)


class BirthForm(SectionedForm):
    date_of_birth = GovukDateField(label="Date of birth")
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)


class ExpectedDateForm(SectionedForm):
    expected_date_of_delivery = GovukDateField(
        label="Expected date of delivery", help_text="For example, 27 3 2027. From the latest scan or the midwife"
    )


class PracticePromptForm(SectionedForm):
    moment = forms.ChoiceField(label="When is it asked?", choices=PromptMoment.choices, widget=forms.RadioSelect)
    applies_to = forms.ChoiceField(
        label="Which children is it for?", choices=PromptGroup.choices, widget=forms.RadioSelect
    )
    question = forms.CharField(label="Question", max_length=300)
    guidance = text("Guidance for the practitioner", rows=3)
    display_order = forms.IntegerField(label="Order", min_value=0, max_value=999, initial=50)
    is_active = yes_no("Is it asked now?")
    is_required = yes_no(
        "Must it be answered before the form is saved?", required=False, help_text="If you do not say, it must"
    )
