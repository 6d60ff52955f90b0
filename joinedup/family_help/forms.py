"""Forms for Family Help: the shape of each answer only; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from joinedup.agencies.models import Practitioner
from joinedup.assessments.forms import SectionedForm, Sections, practitioner_choices, text
from joinedup.core.voice import ChildVoice
from joinedup.people.models import Person
from joinedup.prompts.models import PracticePrompt
from joinedup.ui.fields import GovukDateField
from joinedup.ui.voice import each_childs_voice, each_childs_voice_fields

from .codes import ActionStatus, ClosureReason, FgdmResponse, GoalProgress, NetworkEngagement
from .services import ActionInput, GoalInput

GOALS = 3
ACTIONS_PER_GOAL = 2


class OpenForm(SectionedForm):
    lead_practitioner = forms.ChoiceField(
        label="Lead practitioner",
        help_text="One practitioner leads the family's help: from the local authority or a partner agency, such as "
        "the child's school, health visiting or a voluntary organisation",
        error_messages={"required": "Choose the lead practitioner"},
    )
    opened_on = GovukDateField(label="Date Family Help started")
    siblings = forms.MultipleChoiceField(
        label="Brothers and sisters the family's plan also covers",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, leads: QuerySet[Practitioner], siblings: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_practitioner"].choices = practitioner_choices(leads)  # type: ignore[attr-defined]
        self.fields["siblings"].choices = [(str(s.pk), s.display_name) for s in siblings]  # type: ignore[attr-defined]
        if not siblings:
            del self.fields["siblings"]


class PlanForm(SectionedForm):
    """The family plan: up to three goals, each with up to two actions (owner and date); the practice prompts."""

    agreed_on = GovukDateField(label="Date the plan was agreed with the family")
    family_words = text("What the family wants to change", help_text="In the family's own words", rows=3)

    def __init__(
        self, *args: Any, prompts: list[PracticePrompt], children: Sequence[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        sections: Sections = [("", ["agreed_on", "family_words"])]
        # Each child the plan covers, heard on their own (M26): their words, or why they could not be obtained.
        self.child_ids = [child_id for child_id, _ in children]
        sections += each_childs_voice_fields(self, children)
        for g in range(1, GOALS + 1):
            self.fields[f"goal_{g}"] = forms.CharField(
                label=f"Goal {g}",
                help_text="In the family's own words" if g == 1 else "",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            names = [f"goal_{g}"]
            for n in range(1, ACTIONS_PER_GOAL + 1):
                self.fields[f"action_{g}_{n}"] = forms.CharField(
                    label=f"Goal {g}, action {n}: what will be done", required=False, max_length=2000
                )
                self.fields[f"owner_{g}_{n}"] = forms.CharField(
                    label=f"Goal {g}, action {n}: who will do it", required=False, max_length=200
                )
                self.fields[f"due_{g}_{n}"] = GovukDateField(label=f"Goal {g}, action {n}: by when", required=False)
                names += [f"action_{g}_{n}", f"owner_{g}_{n}", f"due_{g}_{n}"]
            sections.append((f"Goal {g}", names))
        prompt_names = []
        for prompt in prompts:
            self.fields[f"prompt_{prompt.pk}"] = forms.CharField(
                label=prompt.question,
                help_text=prompt.guidance,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            prompt_names.append(f"prompt_{prompt.pk}")
        if prompt_names:
            sections.append(("Practice prompts", prompt_names))
        self.sections = sections  # type: ignore[misc]

    @property
    def error_targets(self) -> dict[str, str | None]:
        """The service's errors on the goals and prompts belong next to the first goal and the first prompt."""
        first_prompt = next((name for name in self.fields if name.startswith("prompt_")), None)
        return {"goals": "goal_1", "prompts": first_prompt}

    def goals(self) -> list[GoalInput]:
        d = self.cleaned_data
        return [
            GoalInput(
                goal=d.get(f"goal_{g}", ""),
                actions=[
                    ActionInput(d.get(f"action_{g}_{n}", ""), d.get(f"owner_{g}_{n}", ""), d.get(f"due_{g}_{n}"))
                    for n in range(1, ACTIONS_PER_GOAL + 1)
                ],
            )
            for g in range(1, GOALS + 1)
        ]

    def child_voices(self) -> dict[int, ChildVoice]:
        return each_childs_voice(self, self.child_ids)

    def prompt_answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("prompt_")): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith("prompt_")
        }


class ReviewForm(SectionedForm):
    held_on = GovukDateField(label="Date of the review")
    family_view = text("What the family says", help_text="How things are going, in their own words", rows=3)
    progress_summary = text("Progress made", rows=3)
    next_steps = text("Next steps", rows=2)
    late_reason = text("If the review is late, why?", rows=2)

    def __init__(self, *args: Any, goals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = []
        for goal in goals:
            self.fields[f"goal_progress_{goal.pk}"] = forms.ChoiceField(
                label=f"Progress on: {goal.goal}",
                choices=GoalProgress.choices,
                initial=goal.progress,
                widget=forms.RadioSelect,
            )
            names.append(f"goal_progress_{goal.pk}")
        self.sections = [  # type: ignore[misc]
            ("", ["held_on", "family_view", "progress_summary"]),
            ("The goals", names),
            ("", ["next_steps", "late_reason"]),
        ]

    def goal_progress(self) -> dict[int, str]:
        return {
            int(name.removeprefix("goal_progress_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("goal_progress_")
        }


class ActionStatusForm(SectionedForm):
    status = forms.ChoiceField(
        label="Has it been done?",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the action has been done"},
    )


class NetworkEngagementForm(SectionedForm):
    engagement = forms.ChoiceField(
        label="How are they engaged?",
        choices=NetworkEngagement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they are engaged"},
    )
    support_offered = text("Support they offer", rows=2)


class NetworkForm(NetworkEngagementForm):
    name = forms.CharField(label="Name", max_length=200)
    relationship_to_family = forms.CharField(label="Who they are to the family", max_length=200)
    field_order = ["name", "relationship_to_family", "engagement", "support_offered"]


class FgdmOfferForm(SectionedForm):
    offered_on = GovukDateField(label="Date family group decision making was offered")
    not_offered_reason = text(
        "If it is not in the child's interests to offer it, why not?", help_text="Leave blank when it was offered"
    )


class FgdmResponseForm(SectionedForm):
    response = forms.ChoiceField(
        label="The family's answer",
        choices=[(FgdmResponse.ACCEPTED, "Accepted"), (FgdmResponse.DECLINED, "Declined")],
        widget=forms.RadioSelect,
    )
    responded_on = GovukDateField(label="Date the family answered")


class FgdmMeetingForm(SectionedForm):
    meeting_on = GovukDateField(label="Date of the meeting")
    outcome = text("The outcome", help_text="The family's plan or decision", required=True)


class StepForm(SectionedForm):
    on = GovukDateField(label="Date")
    reason = text("Why", required=True, rows=3)
    lead_practitioner = forms.ChoiceField(
        label="Lead practitioner",
        help_text="Leave as it is to keep the same lead practitioner",
        required=False,
    )

    def __init__(self, *args: Any, leads: QuerySet[Practitioner] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if leads is None:
            del self.fields["lead_practitioner"]
        else:
            self.fields["lead_practitioner"].choices = practitioner_choices(leads)  # type: ignore[attr-defined]


class TeamMemberForm(SectionedForm):
    practitioner = forms.ChoiceField(label="Practitioner", error_messages={"required": "Choose the practitioner"})
    contribution = forms.CharField(label="What they bring to the family's plan", max_length=200)
    on = GovukDateField(label="Date they joined")

    def __init__(self, *args: Any, practitioners: QuerySet[Practitioner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = practitioner_choices(practitioners)  # type: ignore[attr-defined]


class LeadChangeForm(SectionedForm):
    lead_practitioner = forms.ChoiceField(
        label="New lead practitioner", error_messages={"required": "Choose the lead practitioner"}
    )
    on = GovukDateField(label="Date of the change")

    def __init__(self, *args: Any, leads: QuerySet[Practitioner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_practitioner"].choices = practitioner_choices(leads)  # type: ignore[attr-defined]


class CloseForm(SectionedForm):
    closed_on = GovukDateField(label="Date Family Help closed")
    closure_reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[(c.value, f"{c.value}: {c.label}") for c in ClosureReason],
        widget=forms.RadioSelect,
    )
    note = text("Note", rows=2)
