"""The administrator's forms for joiners, movers and leavers (issue 20), and the invited user's password. They ask
the questions and say what is missing; the services (access/staff.py) check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.agencies.models import OrganisationType, Practitioner, Team, TeamType
from joinedup.agencies.roles import Role


def _required(what: str) -> dict[str, str]:
    return {"required": what}


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages=_required("Enter the name of the organisation"))
    organisation_type = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Select the kind of organisation"), *OrganisationType.choices],
        error_messages=_required("Select the kind of organisation"),
    )
    urn = forms.CharField(
        label="URN (schools and early years settings)",
        max_length=8,
        required=False,
        help_text="The unique reference number from Get Information about Schools, like 123456",
    )
    ods_code = forms.CharField(
        label="ODS code (NHS organisations)",
        max_length=10,
        required=False,
        help_text="The Organisation Data Service code, like RR8 for a trust or B86001 for a GP practice",
    )
    police_force_code = forms.CharField(
        label="Police force code (police forces)",
        max_length=2,
        required=False,
        help_text="The Home Office's two-digit code of the force, like 13",
    )
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)


class TeamForm(forms.Form):
    name = forms.CharField(
        label="Name of the team", max_length=200, error_messages=_required("Enter the name of the team")
    )
    team_type = forms.ChoiceField(
        label="Kind of team",
        choices=[("", "Select the kind of team"), *TeamType.choices],
        error_messages=_required("Select the kind of team"),
    )
    manager = forms.TypedChoiceField(label="Manager", coerce=int, empty_value=None, required=False)

    error_targets = {"manager_id": "manager"}

    def __init__(self, *args: Any, managers: list[Practitioner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [("", "No manager yet")] + [  # type: ignore[attr-defined]
            (p.pk, f"{p.full_name}, {p.get_role_display()}") for p in managers
        ]


class PractitionerForm(forms.Form):
    given_name = forms.CharField(label="First name", max_length=100, error_messages=_required("Enter their first name"))
    family_name = forms.CharField(label="Last name", max_length=100, error_messages=_required("Enter their last name"))
    role = forms.ChoiceField(
        label="Role", choices=[("", "Select their role"), *Role.choices], error_messages=_required("Select their role")
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    team = forms.TypedChoiceField(label="Team", coerce=int, empty_value=None, required=False)
    email = forms.CharField(label="Email address", max_length=254, required=False)
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    social_work_england_number = forms.CharField(
        label="Social Work England registration number",
        max_length=12,
        required=False,
        help_text="Social workers, team managers and independent reviewing officers: as it is on the register, "
        "like SW123456",
    )
    is_designated_safeguarding_lead = forms.BooleanField(
        label="They are a designated safeguarding lead", required=False
    )

    error_targets = {"team_id": "team"}

    def __init__(self, *args: Any, teams: list[Team] | None, lead_question: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:  # changing a practitioner: their team changes by moving them
            del self.fields["team"]
        else:
            self.fields["team"].choices = [("", "No team")] + [(t.pk, t.name) for t in teams]  # type: ignore[attr-defined]
        if not lead_question:
            del self.fields["is_designated_safeguarding_lead"]

    def data_for_service(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["team_id"] = d.pop("team", None)
        return d


class InviteForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they will sign in with, for example first.last",
        error_messages=_required("Enter the username they will sign in with"),
    )


class MoveForm(forms.Form):
    team = forms.TypedChoiceField(
        label="Which team are they moving to?",
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the team they are moving to"),
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]  # type: ignore[attr-defined]


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label="Why are they leaving?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, they have left the authority",
        error_messages=_required("Say why they are leaving, for example that they have left the authority"),
    )


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="At least 12 characters. A few unrelated words together make a strong password.",
        error_messages=_required("Enter a password"),
    )
    password_again = forms.CharField(
        label="Enter the password again",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        error_messages=_required("Enter the password again"),
    )
