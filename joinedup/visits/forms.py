"""The visit form: the shared part once, and for each child present their own answers (the fields
`child_<id>_<answer>`). The form gives the shape of each answer; the service decides what is required of each child
present and checks every child's permission."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.prompts.forms import PracticePromptsForm
from joinedup.ui.fields import GovukDateField

from .models import BedroomSeen, VisitKind
from .services import ChildAnswers, VisitDetails, child_field

CHILD_ANSWERS = ("seen", "seen_alone", "reason_not_seen", "reason_not_seen_alone", "childs_words", "observations")


def yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ChildIdsField(forms.TypedMultipleChoiceField):
    """The children ticked. The choices shown are those the worker may record for; an id posted that is not one of
    them is left for the service to refuse (a 404, as any record the worker may not reach), not a form error."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class VisitForm(PracticePromptsForm):
    children = ChildIdsField(
        label="Who was this visit to?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Record it once for brothers and sisters seen together: each child has their own answers below",
        error_messages={"required": "Select at least one child the visit was to"},
    )
    visited_on = GovukDateField(label="Date of the visit", help_text="For example, 7 12 2026")
    visited_at = forms.TimeField(
        label="Time the visit started (optional)",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="For example, 14:30",
        error_messages={"invalid": "Enter the time as hours and minutes, for example 14:30"},
    )
    kind = forms.ChoiceField(
        label="What kind of visit or contact was it?",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of visit it was"},
    )
    place = forms.CharField(label="Where (optional)", required=False, max_length=300, help_text="When not at home")
    others_present = forms.CharField(
        label="Who else was there (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Parents, carers, other professionals, and their role",
    )
    account = forms.CharField(
        label="What happened",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The account of the visit shared by every child in it. Each child's own words go under their name",
        error_messages={"required": "Enter what happened"},
    )
    late_reason = forms.CharField(
        label="If a visit was due before this one, why was it late? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, children: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = children  # type: ignore[attr-defined]
        self.child_names = dict(children)
        for child_id, name in children:
            f = lambda answer, child_id=child_id: child_field(child_id, answer)  # noqa: E731
            self.fields[f("seen")] = yes_no(f"Was {name} seen?")
            self.fields[f("seen_alone")] = yes_no(f"Was {name} seen alone?")
            self.fields[f("reason_not_seen")] = _text(f"Why was {name} not seen?", 2000, rows=2)
            self.fields[f("reason_not_seen_alone")] = _text(f"Why was {name} not seen alone?", 2000, rows=2)
            self.fields[f("childs_words")] = _text(
                f"{name}'s own words",
                10000,
                rows=3,
                help_text=f"What {name} said, in their own words: shown only on {name}'s record",
            )
            self.fields[f("observations")] = _text(f"What you observed about {name}", 10000, rows=3)
            self.fields[f("bedroom_seen")] = forms.ChoiceField(
                label=f"Was {name}'s bedroom seen?",
                choices=BedroomSeen.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def child_fields(self) -> list[tuple[int, str, dict[str, forms.BoundField]]]:
        """Each child offered, with their own answers' fields, for the template."""
        out = []
        for child_id, name in self.child_names.items():
            names = [*CHILD_ANSWERS, "bedroom_seen"]
            out.append((child_id, name, {a: self[child_field(child_id, a)] for a in names}))
        return out

    def details(self) -> VisitDetails:
        d = self.cleaned_data
        return VisitDetails(
            visited_on=d["visited_on"],
            visited_at=d.get("visited_at"),
            kind=d["kind"],
            place=d.get("place") or "",
            others_present=d.get("others_present") or "",
            account=d["account"],
            late_reason=d.get("late_reason") or "",
        )

    def answers(self) -> list[ChildAnswers]:
        d = self.cleaned_data
        out = []
        for child_id in d["children"]:
            get = lambda answer, default="", child_id=child_id: d.get(child_field(child_id, answer), default)  # noqa: E731
            out.append(
                ChildAnswers(
                    child_id=child_id,
                    seen=get("seen", None),
                    seen_alone=get("seen_alone", None),
                    reason_not_seen=get("reason_not_seen") or "",
                    reason_not_seen_alone=get("reason_not_seen_alone") or "",
                    childs_words=get("childs_words") or "",
                    observations=get("observations") or "",
                    bedroom_seen=get("bedroom_seen") or "",
                )
            )
        return out


def _text(label: str, max_length: int, *, rows: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )
