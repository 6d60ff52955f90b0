"""Forms for child protection: the shape of each answer only; the services decide what is allowed. Each form
lists its fields in `sections` so one template renders any of them through GOV.UK Frontend's macros."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet

from joinedup.agencies.models import HEALTH_ORGANISATION_TYPES, OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.core.carers import ChildsCarer
from joinedup.harms.selectors import harm_types_offered
from joinedup.prompts.forms import PracticePromptsForm
from joinedup.ui.fields import GovukDateField, text_area, yes_no
from joinedup.ui.forms import SectionedForm, Sections
from joinedup.ui.voice import CHILD_VOICE_SECTION, ChildVoiceForm

from .codes import (
    ConferenceDecision,
    ConferenceKind,
    ParentsParticipation,
    PreProceedingsOutcome,
    Section47Outcome,
    StrategyOutcome,
    ThresholdView,
)
from .models import ConferenceCarer


def text(label: str, *, required: bool = True, error: str = "", rows: int = 4, help_text: str = "") -> forms.CharField:
    return text_area(
        label,
        rows=rows,
        max_length=10000,
        required=required,
        help_text=help_text,
        error=error or f"Enter {label.lower()}",
    )


def late_reason_field() -> forms.CharField:
    return text_area(
        "If this was after the date it was due, why?",
        rows=2,
        max_length=2000,
        help_text="Leave this blank if it was on time",
    )


def date_field(label: str, *, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=help_text)


def _practitioners(qs: QuerySet[Practitioner]) -> QuerySet[Practitioner]:
    return qs.select_related("organisation").order_by("family_name", "given_name", "id")


def local_authority_practitioners() -> QuerySet[Practitioner]:
    return _practitioners(
        Practitioner.objects.filter(
            organisation__organisation_type=OrganisationType.LOCAL_AUTHORITY,
            role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER],
        )
    )


def police_officers() -> QuerySet[Practitioner]:
    return _practitioners(Practitioner.objects.filter(role=Role.POLICE_OFFICER))


def health_practitioners() -> QuerySet[Practitioner]:
    return _practitioners(
        Practitioner.objects.filter(
            Q(organisation__organisation_type__in=HEALTH_ORGANISATION_TYPES) | Q(is_registered_health_professional=True)
        ).exclude(organisation__organisation_type=OrganisationType.LOCAL_AUTHORITY)
    )


def education_practitioners() -> QuerySet[Practitioner]:
    return _practitioners(
        Practitioner.objects.filter(
            organisation__organisation_type__in=[OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS]
        )
    )


def chairs() -> QuerySet[Practitioner]:
    return _practitioners(Practitioner.objects.filter(role__in=[Role.INDEPENDENT_REVIEWING_OFFICER, Role.TEAM_MANAGER]))


class PractitionerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}, {obj.organisation.name}"


class PractitionerMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}, {obj.organisation.name}"


def practitioner(label: str, qs: QuerySet[Practitioner], *, required: bool = True, error: str = "") -> Any:
    return PractitionerChoiceField(
        label=label, queryset=qs, required=required, error_messages={"required": error or f"Choose the {label.lower()}"}
    )


class HarmChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


def harms_field(label: str, *, required: bool, error: str = "", help_text: str = "") -> HarmChoiceField:
    from joinedup.harms.models import HarmType

    field = HarmChoiceField(
        label=label,
        queryset=HarmType.objects.filter(is_active=True).order_by("display_order"),
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"required": error or "Select all that apply"},
    )
    field.choices = [(h.pk, h.label) for h in harm_types_offered()]
    return field


class ChildProtectionForm(SectionedForm):
    """Renders through `govuk_items`; `sections` groups the fields under headings."""


def carers_field(carers: list[ChildsCarer], label: str) -> forms.MultipleChoiceField:
    """The carers the child lives with (from the placement record), offered ticked (M21): untick any who did not
    take part. Only for a child who has some."""
    return forms.MultipleChoiceField(
        label=label,
        choices=[(c.key, c.label) for c in carers],
        initial=[c.key for c in carers],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the child's placement. Untick anyone who did not take part",
        error_messages={"invalid_choice": "Choose from the carers the child lives with"},
    )


def chosen_carers(carers: list[ChildsCarer], keys: list[str]) -> list[ChildsCarer]:
    return [c for c in carers if c.key in set(keys)]


# Several people from one agency, or from others, besides the first of each: up to three more on the form.
ALSO_PARTICIPANTS = ("also_participant_1", "also_participant_2", "also_participant_3")
# M14, per attendee: whether each of them (when from health) is an experienced health representative.
EXPERIENCED = "yes"


def experienced_field(also: str) -> str:
    """The question, next to someone else who took part, whether they are an experienced health representative."""
    return f"{also}_experienced"


# Up to three actions at once, each with who owns it and when it is due (the first row keeps its old names).
ACTION_ROWS = (
    ("action", "action_owner", "action_due_on"),
    ("action_2", "action_2_owner", "action_2_due_on"),
    ("action_3", "action_3_owner", "action_3_due_on"),
)


def action_fields(form: forms.Form, owners: QuerySet[Practitioner] | None) -> None:
    """The action rows: what, who (unless the owner is whoever records it) and due by, each optional."""
    for number, (what, who, due) in enumerate(ACTION_ROWS, start=1):
        form.fields[what] = forms.CharField(label=f"Action {number} (optional)", required=False, max_length=500)
        if owners is not None:
            form.fields[who] = practitioner(f"Who will do action {number}", owners, required=False)
        form.fields[due] = date_field(f"Action {number} due by", required=False)


def actions_cleaned(form: forms.Form, data: dict[str, Any], *, owner_required: bool) -> None:
    for number, (what, who, due) in enumerate(ACTION_ROWS, start=1):
        if not data.get(what):
            continue
        if not data.get(due):
            form.add_error(due, f"Enter the date action {number} is due by")
        if owner_required and who in form.fields and not data.get(who):
            form.add_error(who, f"Choose who will do action {number}")


def actions_entered(data: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(data[what], data.get(who), data.get(due)) for what, who, due in ACTION_ROWS if data.get(what)]


class StrategyDiscussionForm(PracticePromptsForm, ChildVoiceForm, ChildProtectionForm):
    sections: ClassVar[Sections] = [
        ("When", ["reasonable_cause_on", "immediate_danger", "held_on"]),
        ("The concerns", ["harms"]),
        (
            "Who took part",
            [
                "la_participant",
                "police_participant",
                "health_participant",
                "health_is_experienced",
                "education_participant",
                *[name for also in ALSO_PARTICIPANTS for name in (also, experienced_field(also))],
                "carers",
                "other_participants",
            ],
        ),
        ("What was shared and decided", ["information_shared", "decisions"]),
        CHILD_VOICE_SECTION,
        ("Actions", [f for row in ACTION_ROWS for f in row]),
        ("Outcome", ["outcome", "outcome_reason", "lead_practitioner", "late_reason"]),
    ]

    def __init__(self, *args: Any, carers: list[ChildsCarer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasonable_cause_on"] = date_field(
            "Date of the decision that there is reasonable cause to suspect significant harm",
            help_text="The strategy discussion's clock starts on this day",
        )
        self.fields["immediate_danger"] = yes_no("Is the child in immediate danger?")
        self.fields["held_on"] = date_field("Date the strategy discussion was held")
        self.fields["harms"] = harms_field(
            "Concerns discussed",
            required=True,
            error="Select the concerns discussed",
            help_text="Select all that apply",
        )
        self.fields["la_participant"] = practitioner(
            "Local authority", local_authority_practitioners(), error="Add who took part from the local authority"
        )
        self.fields["police_participant"] = practitioner(
            "Police", police_officers(), error="Add who took part from the police"
        )
        self.fields["health_participant"] = practitioner(
            "Health", health_practitioners(), error="Add who took part from health"
        )
        self.fields["health_is_experienced"] = yes_no(
            "Is this health representative experienced in child sexual abuse?",
            help_text="For concerns of sexual abuse an experienced health representative must take part: this one, "
            "or another from health below",
        )
        self.fields["education_participant"] = practitioner("Education", education_practitioners(), required=False)
        everyone = Practitioner.objects.select_related("organisation").order_by("family_name", "given_name", "id")
        for number, name in enumerate(ALSO_PARTICIPANTS, start=2):
            self.fields[name] = practitioner(
                f"Someone else who took part (optional, person {number})", everyone, required=False
            )
            self.fields[experienced_field(name)] = forms.MultipleChoiceField(
                label=f"Is person {number} an experienced health representative? (optional)",
                choices=[(EXPERIENCED, "Yes, from health and experienced in child sexual abuse")],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields[
            ALSO_PARTICIPANTS[0]
        ].help_text = (
            "From any agency: several people from one agency may take part. Each can record their own contribution"
        )
        self.carers = carers or []
        if self.carers:
            self.fields["carers"] = carers_field(self.carers, "Carers the child lives with who took part")
        self.fields["other_participants"] = forms.CharField(
            label="Others who took part (optional)",
            required=False,
            max_length=500,
            help_text="Name and agency, separated by commas",
        )
        self.fields["information_shared"] = text("Information shared", error="Enter the information shared")
        self.fields["decisions"] = text("Decisions", error="Enter the decisions made")
        action_fields(self, everyone)
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome",
            choices=StrategyOutcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the outcome"},
        )
        self.fields["outcome_reason"] = text("Reasons for the outcome (optional)", required=False, rows=2)
        self.fields["lead_practitioner"] = practitioner(
            "Lead child protection practitioner for the enquiry", local_authority_practitioners(), required=False
        )
        self.fields["late_reason"] = late_reason_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        actions_cleaned(self, data, owner_required=True)
        for number, also in enumerate(ALSO_PARTICIPANTS, start=2):
            if EXPERIENCED in (data.get(experienced_field(also)) or []) and not data.get(also):
                self.add_error(
                    experienced_field(also),
                    f"Choose person {number}, or untick that they are an experienced health representative",
                )
        return data

    def actions(self) -> list[tuple[str, Any, Any]]:
        """The actions entered: (what, who, due by) for each row with an action."""
        return actions_entered(self.cleaned_data)

    def experienced(self, also: str) -> bool:
        """Someone else who took part (`also`) is marked an experienced health representative (the service checks
        they are from health)."""
        return EXPERIENCED in (self.cleaned_data.get(experienced_field(also)) or [])


class StrategyContributionForm(ChildProtectionForm):
    """One agency's contribution to a strategy discussion, by its practitioner (or on their behalf)."""

    sections: ClassVar[Sections] = [
        ("Whose contribution", ["on_behalf_of"]),
        ("What your agency shared", ["information_shared", "threshold_view"]),
        ("Actions you own", [f for row in ACTION_ROWS for f in row]),
    ]

    def __init__(self, *args: Any, on_behalf: QuerySet[Practitioner] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf is not None:
            self.fields["on_behalf_of"] = practitioner(
                "Whose contribution are you recording?",
                on_behalf,
                error="Choose whose contribution you are recording",
            )
            self.fields["on_behalf_of"].help_text = "It is shown as recorded by you on their behalf"
        self.fields["information_shared"] = text(
            "Information your agency shared", error="Enter the information your agency shared", rows=5
        )
        self.fields["threshold_view"] = forms.ChoiceField(
            label="Is there reasonable cause to suspect that the child is suffering, or likely to suffer, "
            "significant harm?",
            choices=ThresholdView.choices,
            widget=forms.RadioSelect,
            help_text="Your agency's view",
            error_messages={
                "required": "Select whether there is reasonable cause to suspect significant harm, or that you are "
                "not sure"
            },
        )
        action_fields(self, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        actions_cleaned(self, data, owner_required=False)
        return data

    def actions(self) -> list[tuple[str, Any, Any]]:
        return actions_entered(self.cleaned_data)


class EnquiryForm(ChildVoiceForm, ChildProtectionForm):
    sections: ClassVar[Sections] = [
        (
            "The multi-agency child protection team",
            ["lead_practitioner", "social_worker", "police_officer", "health_professional", "education"],
        ),
        ("Findings", ["findings"]),
        CHILD_VOICE_SECTION,
        ("Outcome", ["outcome", "concluded_on", "late_reason"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_practitioner"] = practitioner(
            "Lead child protection practitioner", local_authority_practitioners()
        )
        self.fields["social_worker"] = practitioner("Social worker", local_authority_practitioners())
        self.fields["police_officer"] = practitioner("Police officer", police_officers())
        self.fields["health_professional"] = practitioner(
            "Registered health professional",
            health_practitioners().filter(is_registered_health_professional=True),
        )
        self.fields["education"] = practitioner("Education (optional)", education_practitioners(), required=False)
        self.fields["findings"] = text("Findings", error="Enter the enquiry's findings")
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome",
            choices=Section47Outcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the outcome"},
        )
        self.fields["concluded_on"] = date_field("Date of the outcome")
        self.fields["late_reason"] = late_reason_field()


class TransferInForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notified_on"] = date_field("Date we were told the child moved into the area")
        self.fields["from_authority"] = forms.CharField(
            label="Local authority the child moved from",
            max_length=200,
            error_messages={"required": "Enter the local authority the child moved from"},
        )
        self.fields["previous_plan_started_on"] = date_field(
            "Date their child protection plan started there (optional)", required=False
        )


class ArrangeConferenceForm(ChildProtectionForm):
    def __init__(
        self,
        *args: Any,
        kinds: list[str],
        invitees: QuerySet[Practitioner],
        carers: list[ChildsCarer] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label="Which conference",
            choices=[(k, ConferenceKind(k).label) for k in kinds],
            widget=forms.RadioSelect,
            error_messages={"required": "Select which conference"},
        )
        self.fields["planned_for"] = date_field("Date of the conference")
        self.fields["chair"] = practitioner(
            "Chair",
            chairs(),
            error="Choose the chair",
        )
        self.fields["chair"].help_text = "Independent of the case: not working with the child or managing their team"
        self.fields["invitees"] = PractitionerMultipleField(
            label="Agencies invited (each is asked for a written report)",
            queryset=invitees,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.carers = carers or []
        if self.carers:
            self.fields["carers"] = carers_field(self.carers, "Carers the child lives with, invited")
        self.fields["family_invited"] = text("Family members invited, and how", required=False, rows=2)


class AgencyReportForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["involvement"] = text(
            "Your agency's involvement with the child and family",
            error="Enter your agency's involvement with the child and family",
        )
        self.fields["concerns"] = text(
            "What your agency knows and is worried about", error="Enter what your agency knows and is worried about"
        )
        self.fields["strengths"] = text("Strengths and what is working well (optional)", required=False)
        self.fields["recommendation"] = text("Your recommendation (optional)", required=False, rows=2)
        self.fields["shared_with_family"] = yes_no("Has this report been shared with the family?")


class ConferenceOutcomeForm(PracticePromptsForm, ChildVoiceForm, ChildProtectionForm):
    sections: ClassVar[Sections] = [
        ("The conference", ["held_on", "attended", "carers_attended", "parents_participation"]),
        (CHILD_VOICE_SECTION[0], [*CHILD_VOICE_SECTION[1], "child_views_how"]),
        ("Decision", ["decision", "harms", "outline_plan", "step_down_to_family_help"]),
        ("Minutes", ["minutes", "parents_minutes"]),
        ("", ["late_reason"]),
    ]

    def __init__(
        self,
        *args: Any,
        is_review: bool,
        invitees: QuerySet[Practitioner],
        carers: QuerySet[ConferenceCarer] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = date_field("Date the conference was held")
        self.fields["attended"] = PractitionerMultipleField(
            label="Agencies that attended", queryset=invitees, required=False, widget=forms.CheckboxSelectMultiple
        )
        invited = list(carers) if carers is not None else []
        if invited:
            self.fields["carers_attended"] = forms.TypedMultipleChoiceField(
                label="Carers the child lives with who attended",
                choices=[(c.pk, c.described) for c in invited],
                initial=[c.pk for c in invited],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Invited from the child's placement. Untick anyone who did not attend",
                error_messages={"invalid_choice": "Choose from the carers invited to the conference"},
            )
        self.fields["parents_participation"] = forms.ChoiceField(
            label="Parents' participation",
            choices=ParentsParticipation.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select how the parents took part"},
        )
        self.fields["child_views_how"] = text(
            "How the child's wishes and feelings were gathered (optional)", required=False, rows=2
        )
        self.fields["decision"] = forms.ChoiceField(
            label="Decision",
            choices=[
                (ConferenceDecision.PLAN, "The child is to be (or remain) the subject of a child protection plan"),
                (ConferenceDecision.NO_PLAN, "No child protection plan" + (": the plan ends" if is_review else "")),
            ],
            widget=forms.RadioSelect,
            error_messages={"required": "Select the decision"},
        )
        self.fields["harms"] = harms_field(
            "Categories of harm", required=False, help_text="Select all that apply (needed for a plan)"
        )
        self.fields["outline_plan"] = text("Outline plan", required=False)
        if is_review:
            self.fields["step_down_to_family_help"] = yes_no(
                "Does the family step down to Family Help?",
                required=False,
                help_text="Only when the plan ends",
            )
        self.fields["minutes"] = text("Minutes", error="Enter the minutes", rows=6)
        self.fields["parents_minutes"] = text(
            "Minutes: the parents' version", error="Enter the parents' version of the minutes", rows=4
        )
        self.fields["late_reason"] = late_reason_field()


class CoreGroupForm(ChildProtectionForm):
    """A core group meeting: who took part (the core group, ticked, and anyone else), the progress against the plan
    and what changes."""

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["held_on"] = date_field("Date of the core group meeting")
        self.fields["members_attended"] = forms.MultipleChoiceField(
            label="Members of the core group who took part",
            choices=members,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Untick anyone who did not take part",
        )
        self.fields["others_attended"] = forms.CharField(
            label="Anyone else who took part (optional)",
            required=False,
            max_length=500,
            help_text="Name and agency, separated by commas",
        )
        self.fields["progress"] = text("Progress against the plan", error="Enter the progress against the plan")
        self.fields["changes"] = text("What changes in the plan (optional)", required=False, rows=3)
        self.fields["late_reason"] = late_reason_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("members_attended") and not (data.get("others_attended") or "").strip():
            self.add_error("members_attended", "Select who took part")
        return data

    def attended(self) -> str:
        """Who took part, in words: the members ticked, in the core group's order, then the others."""
        chosen = set(self.cleaned_data.get("members_attended") or [])
        names = [label for key, label in self.members if key in chosen]
        others = [n.strip() for n in (self.cleaned_data.get("others_attended") or "").split(",") if n.strip()]
        return ", ".join(names + others)


class PlanActionProgressForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["progress"] = text("Progress", required=False, rows=3)
        self.fields["completed_on"] = date_field(
            "Date it was done (optional)", required=False, help_text="Leave this blank while it is still being done"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("progress") or "").strip() and not data.get("completed_on"):
            self.add_error("progress", "Enter the progress, or the date it was done")
        return data


class PlanActionForm(ChildProtectionForm):
    def __init__(self, *args: Any, owners: QuerySet[Practitioner], by_owner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"] = forms.CharField(
            label="Action", max_length=500, error_messages={"required": "Enter the action"}
        )
        if not by_owner:  # a member of the core group adds the actions they own: they are its owner
            self.fields["owner"] = practitioner("Who will do it", owners, required=False)
            self.fields["owner_name"] = forms.CharField(
                label="Or, someone without a login (a family member)", required=False, max_length=200
            )
        self.fields["due_on"] = date_field("Due by")


class ActionDoneForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"] = date_field("Date it was done")


class PreProceedingsForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"] = date_field("Date pre-proceedings started")
        self.fields["letter_before_proceedings_on"] = date_field(
            "Date of the letter before proceedings (optional)", required=False
        )
        self.fields["family_group_decision_making_offered"] = yes_no("Was family group decision making offered?")
        self.fields["not_offered_reason"] = text(
            "If not, why is it not in the child's interests?", required=False, rows=2
        )


class FgdmResponseForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"] = forms.ChoiceField(
            label="Did the family accept family group decision making?",
            choices=[("accepted", "Accepted"), ("declined", "Declined")],
            widget=forms.RadioSelect,
            error_messages={"required": "Select whether the family accepted"},
        )
        self.fields["responded_on"] = date_field("Date the family answered")


class FgdmMeetingForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting_on"] = date_field("Date of the family group decision making meeting")
        self.fields["outcome"] = text("The family's plan or decision", error="Record the outcome of the meeting")


class PreProceedingsMeetingForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = date_field("Date of the pre-proceedings meeting")
        self.fields["notes"] = text("What was agreed", error="Enter what was agreed")


class PreProceedingsEndForm(ChildProtectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"] = date_field("Date pre-proceedings ended")
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome",
            choices=PreProceedingsOutcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the outcome"},
        )
