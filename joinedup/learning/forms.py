"""Forms of learning from serious incidents: the shape of each answer only; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.agencies.models import Organisation, Practitioner
from joinedup.harms.models import HarmType
from joinedup.ui.fields import GovukDateField, text_area, yes_no
from joinedup.ui.forms import SectionedForm

from .models import AbuseOrNeglect, IncidentOutcome, IncidentSetting, LearningTheme, RecommendationSource


class _PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}, {obj.organisation.name}"


class _PractitionerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}, {obj.organisation.name}"


class _HarmChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


def _radios(label: str, choices: Any, error: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": error})


def practitioners_who_sign_in() -> Any:
    return Practitioner.objects.filter(user__isnull=False, user__is_active=True).select_related("organisation")


class SeriousIncidentForm(SectionedForm):
    sections = [
        ("The incident", ["incident_on", "became_aware_on", "what_happened", "outcome", "abuse_or_neglect", "setting"]),
        ("Harm and agencies", ["harm_types", "agencies_involved", "themes"]),
    ]

    incident_on = GovukDateField(label="Date of the incident")
    became_aware_on = GovukDateField(
        label="Date the local authority became aware",
        help_text="The notification is due 5 working days from this date",
    )
    what_happened = text_area("What happened", rows=6, required=True, error="Enter what happened")
    outcome = _radios("Did the child die or were they seriously harmed?", IncidentOutcome.choices, "Select one")
    abuse_or_neglect = _radios("Abuse or neglect", AbuseOrNeglect.choices, "Select whether abuse or neglect is known")
    setting = _radios("Where was the child?", IncidentSetting.choices, "Select where the child was")
    harm_types = _HarmChoices(
        label="Harm types (2026)",
        queryset=HarmType.objects.filter(is_active=True).order_by("display_order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agencies_involved = forms.ModelMultipleChoiceField(
        label="Agencies involved with the child",
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label="Themes for the learning log",
        choices=LearningTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class NotificationForm(SectionedForm):
    notified_on = GovukDateField(label="Date the notification was sent to the Panel")
    partners_informed_on = GovukDateField(label="Date the safeguarding partners were told", required=False)
    ofsted_informed_on = GovukDateField(
        label="Date Ofsted was told",
        required=False,
        help_text="Needed when the child was looked after or in a regulated setting",
    )
    late_reason = text_area("Why it was sent after the date it was due", help_text="Only when it was late")


class RapidReviewStartForm(SectionedForm):
    chronology_from = GovukDateField(label="Chronology from")
    chronology_to = GovukDateField(label="Chronology to")
    contributors = _PractitionerChoices(
        label="Who records each agency's contribution",
        queryset=Practitioner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one practitioner to contribute"},
    )

    def __init__(self, *args: Any, agencies: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contributors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            practitioners_who_sign_in()
            .filter(organisation_id__in=agencies)
            .order_by("organisation__name", "family_name")
        )


class ContributionForm(SectionedForm):
    contribution = text_area(
        "Your agency's contribution",
        rows=10,
        max_length=10000,
        required=True,
        error="Enter your agency's contribution",
        help_text="What your agency knew and did, and what it has learnt",
    )


class DecisionForm(SectionedForm):
    immediate_learning = text_area(
        "Immediate learning", rows=6, max_length=10000, required=True, error="Enter the immediate learning"
    )
    local_review_needed = yes_no(
        "Is a local child safeguarding practice review needed?", error="Select whether a local review is needed"
    )
    decision_reason = text_area("Why", rows=4, required=True, error="Say why a local review is, or is not, needed")
    sent_to_panel_on = GovukDateField(label="Date the rapid review was sent to the Panel")
    late_reason = text_area("Why it was sent after the date it was due", help_text="Only when it was late")


class LocalReviewForm(SectionedForm):
    scope = text_area("Scope of the review", rows=5, required=True, error="Enter the review's scope")
    reviewer = forms.CharField(label="Reviewer", max_length=200, error_messages={"required": "Enter the reviewer"})


class MilestoneForm(SectionedForm):
    milestone = forms.CharField(label="Milestone", max_length=300, error_messages={"required": "Enter the milestone"})
    due_on = GovukDateField(label="Due date")


class PublicationForm(SectionedForm):
    published_on = GovukDateField(label="Date published", required=False, help_text="Leave blank if not published")
    not_published_reason = text_area("Why it is not published", help_text="Only when it will not be published")
    late_reason = text_area("Why it was published after the date it was due", help_text="Only when it was late")


class RecommendationForm(SectionedForm):
    recommendation = text_area("Recommendation", rows=4, required=True, error="Enter the recommendation")
    source = _radios("From", RecommendationSource.choices, "Select where the recommendation came from")


class LearningActionForm(SectionedForm):
    action = forms.CharField(label="Action", max_length=500, error_messages={"required": "Enter the action"})
    owner = _PractitionerChoice(
        label="Owner (any agency)",
        queryset=Practitioner.objects.none(),
        error_messages={"required": "Choose who owns the action"},
    )
    due_on = GovukDateField(label="Due date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = practitioners_who_sign_in().order_by("organisation__name", "family_name")


class ProgressForm(SectionedForm):
    progress = text_area("Progress made", rows=4, required=True, error="Enter the progress made")


class CompletionForm(SectionedForm):
    completed_on = GovukDateField(label="Date completed")
    evidence = text_area(
        "Evidence of the change in practice", rows=5, required=True, error="Enter the evidence of the change"
    )


class LearningLogForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", choices=[("", "Any theme"), *LearningTheme.choices], required=False)
    harm_type = forms.ChoiceField(label="Harm type", choices=[("", "Any harm type")], required=False)
    text = forms.CharField(label="Words", max_length=200, required=False)

    def __init__(self, *args: Any, harm_types: list[HarmType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["harm_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any harm type"), *((h.code, h.label) for h in harm_types)]
