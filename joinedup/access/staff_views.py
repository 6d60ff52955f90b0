"""The administrator's pages for joiners, movers and leavers (issue 20): organisations, their teams and practitioners;
inviting a user (the link shown once, in the answer to the form); moving a practitioner between teams; deactivating a
leaver. And the invited user's page to set their first password. Thin: the services decide and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from joinedup.accounts.sessions import ENROLMENT_TOKEN_SESSION_KEY
from joinedup.agencies.models import Organisation, Practitioner
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.ui.fields import apply_domain_errors
from joinedup.ui.pages import Done, form_page

from . import staff as services
from .selectors import caseloads
from .staff_forms import (
    DeactivateForm,
    InviteForm,
    MoveForm,
    OrganisationForm,
    PractitionerForm,
    SetPasswordForm,
    TeamForm,
)

PEOPLE_PAGE_SIZE = 50
INVALID = 400  # a form sent back with errors


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@never_cache
def organisations(request: HttpRequest) -> HttpResponse:
    """Every organisation, with its code, teams and people."""
    rows = list(services.organisations_overview(actor=request.user))
    return render(
        request,
        "access/staff/organisations.html",
        {"title_text": "Organisations and staff – JoinedUp", "organisations": rows},
    )


def _organisation_initial(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) for name in services.ORGANISATION_FIELDS}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    services.administrator_required(request.user)
    form = OrganisationForm(_post(request))

    def perform() -> Done:
        organisation = services.organisation_create(actor=request.user, data=form.cleaned_data)
        return Done(f"{organisation.name} is added.", reverse("access:staff_organisation", args=[organisation.pk]))

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/organisation_form.html",
        context={"organisation": None},
        invalid_status=INVALID,
    )


@login_required
@never_cache
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An organisation: its details, its teams and its people (a page at a time), and who its designated
    safeguarding leads are."""
    found = services.organisation_get(actor=request.user, organisation_id=organisation_id)
    teams = list(services.teams_of(actor=request.user, organisation_id=found.pk))
    people = Paginator(services.practitioners_of(actor=request.user, organisation_id=found.pk), PEOPLE_PAGE_SIZE)
    page = people.get_page(request.GET.get("page"))
    shown = list(page.object_list)
    leads = list(
        services.practitioners_of(actor=request.user, organisation_id=found.pk, include_left=False).filter(
            is_designated_safeguarding_lead=True
        )
    )
    return render(
        request,
        "access/staff/organisation.html",
        {
            "title_text": f"{found.name} – JoinedUp",
            "organisation": found,
            "teams": teams,
            "page": page,
            "people": [{"p": p, "status": services.account_status(p)} for p in shown],
            "leads": leads,
            "has_leads": found.organisation_type in services.SAFEGUARDING_LEAD_TYPES,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def organisation_change(request: HttpRequest, organisation_id: int) -> HttpResponse:
    found = services.organisation_get(actor=request.user, organisation_id=organisation_id)
    form = OrganisationForm(_post(request), initial=_organisation_initial(found))

    def perform() -> str:
        services.organisation_update(actor=request.user, organisation_id=found.pk, data=form.cleaned_data)
        return f"{form.cleaned_data['name']} is changed."

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/organisation_form.html",
        context={"organisation": found},
        success_url=reverse("access:staff_organisation", args=[found.pk]),
        invalid_status=INVALID,
    )


def _managers(organisation: Organisation) -> list[Practitioner]:
    return list(
        Practitioner.objects.filter(organisation=organisation, left_on__isnull=True).order_by(
            "family_name", "given_name", "pk"
        )
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    found = services.organisation_get(actor=request.user, organisation_id=organisation_id)
    form = TeamForm(_post(request), managers=_managers(found))

    def perform() -> str:
        d = form.cleaned_data
        team = services.team_create(
            actor=request.user,
            organisation_id=found.pk,
            data={"name": d["name"], "team_type": d["team_type"], "manager_id": d["manager"]},
        )
        return f"{team.name} is added to {found.name}."

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/team_form.html",
        context={"organisation": found, "team": None},
        success_url=reverse("access:staff_organisation", args=[found.pk]),
        invalid_status=INVALID,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_change(request: HttpRequest, team_id: int) -> HttpResponse:
    team = services.team_get(actor=request.user, team_id=team_id)
    form = TeamForm(
        _post(request),
        managers=_managers(team.organisation),
        initial={"name": team.name, "team_type": team.team_type, "manager": team.manager_id},
    )

    def perform() -> str:
        d = form.cleaned_data
        services.team_update(
            actor=request.user,
            team_id=team.pk,
            data={"name": d["name"], "team_type": d["team_type"], "manager_id": d["manager"]},
        )
        return f"{d['name']} is changed."

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/team_form.html",
        context={"organisation": team.organisation, "team": team},
        success_url=reverse("access:staff_organisation", args=[team.organisation_id]),
        invalid_status=INVALID,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def practitioner_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Add someone to an organisation; `?lead=yes` adds a designated safeguarding lead of a school."""
    found = services.organisation_get(actor=request.user, organisation_id=organisation_id)
    lead = request.GET.get("lead") == "yes" and found.organisation_type in services.SAFEGUARDING_LEAD_TYPES
    initial = {"role": "designated_safeguarding_lead", "is_designated_safeguarding_lead": True} if lead else {}
    form = PractitionerForm(
        _post(request),
        initial=initial,
        teams=list(services.teams_of(actor=request.user, organisation_id=found.pk)),
        lead_question=found.organisation_type in services.SAFEGUARDING_LEAD_TYPES,
    )

    def perform() -> Done:
        practitioner = services.practitioner_create(
            actor=request.user, organisation_id=found.pk, data=form.data_for_service()
        )
        return Done(
            f"{practitioner.full_name} is added to {found.name}.",
            reverse("access:staff_practitioner", args=[practitioner.pk]),
        )

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/practitioner_form.html",
        context={"organisation": found, "practitioner": None, "lead": lead},
        invalid_status=INVALID,
    )


@login_required
@never_cache
def practitioner(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    """A practitioner: their details, whether they can sign in, how many children they hold, and what the
    administrator can do next (change, invite, move, deactivate)."""
    found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
    held = len(caseloads(practitioner_ids=[found.pk])[found.pk])
    return render(
        request,
        "access/staff/practitioner.html",
        {
            "title_text": f"{found.full_name} – JoinedUp",
            "practitioner": found,
            "status": services.account_status(found),
            "children": held,
            "can_move": found.left_on is None and services.moving_teams(practitioner=found).exists(),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def practitioner_change(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
    initial = {name: getattr(found, name) for name in services.PRACTITIONER_FIELDS if name != "team_id"}
    form = PractitionerForm(
        _post(request),
        initial=initial,
        teams=None,
        lead_question=found.organisation.organisation_type in services.SAFEGUARDING_LEAD_TYPES,
    )

    def perform() -> str:
        updated = services.practitioner_update(
            actor=request.user, practitioner_id=found.pk, data=form.data_for_service()
        )
        return f"{updated.full_name}'s details are changed."

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/practitioner_form.html",
        context={"organisation": found.organisation, "practitioner": found, "lead": False},
        success_url=reverse("access:staff_practitioner", args=[found.pk]),
        invalid_status=INVALID,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def practitioner_invite(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    """Give a practitioner an account. The link to set a password and an authenticator app is shown once, in the
    answer to this form: never put in the session or a message, never behind a redirect, and the page not cached."""
    found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
    if found.user_id is not None or found.left_on is not None:
        raise NotFoundOrNotPermitted
    suggested = f"{found.given_name}.{found.family_name}".lower().replace(" ", "-")
    form = InviteForm(_post(request), initial={"username": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.user_invite(
                actor=request.user, practitioner_id=found.pk, username=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            return render(
                request,
                "access/staff/invited.html",
                {
                    "practitioner": invitation.practitioner,
                    "username": invitation.practitioner.user.username if invitation.practitioner.user else "",
                    "link_url": request.build_absolute_uri(
                        reverse("access:enrolment_link_open", args=[invitation.token])
                    ),
                    "expires_at": invitation.link.expires_at,
                },
            )
    status = INVALID if request.method == "POST" else 200
    return render(request, "access/staff/invite.html", {"form": form, "practitioner": found}, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def practitioner_move(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
    if found.left_on is not None:
        raise NotFoundOrNotPermitted
    teams = list(services.moving_teams(practitioner=found))
    form = MoveForm(_post(request), teams=teams)

    def perform() -> str:
        move = services.practitioner_move(
            actor=request.user, practitioner_id=found.pk, team_id=form.cleaned_data["team"]
        )
        held = "1 child" if move.children == 1 else f"{move.children} children"
        return (
            f"{found.full_name} is moved to {move.to_team.name}. The {held} allocated to them stay with them until "
            "a manager reallocates them or keeps them with them: their managers see them on the allocation list."
        )

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/move.html",
        context={"practitioner": found, "children": len(caseloads(practitioner_ids=[found.pk])[found.pk])},
        success_url=reverse("access:staff_practitioner", args=[found.pk]),
        invalid_status=INVALID,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def practitioner_deactivate(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
    if found.left_on is not None:
        raise NotFoundOrNotPermitted
    form = DeactivateForm(_post(request))

    def perform() -> str:
        gone = services.practitioner_deactivate(
            actor=request.user, practitioner_id=found.pk, reason=form.cleaned_data["reason"]
        )
        children = len(gone.children)
        held = "1 child" if children == 1 else f"{children} children"
        return (
            f"{found.full_name} is deactivated: their account is closed and they are signed out everywhere. "
            f"Their involvement with {held} has ended; any child nobody else holds waits on the allocation list."
        )

    return form_page(
        request,
        form,
        perform=perform,
        template="access/staff/deactivate.html",
        context={"practitioner": found, "children": len(caseloads(practitioner_ids=[found.pk])[found.pk])},
        success_url=reverse("access:staff_practitioner", args=[found.pk]),
        invalid_status=INVALID,
    )


# -- The invited user ------------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_password(request: HttpRequest) -> HttpResponse:
    """An invited user, through the one-time link opened in this session (access/views.py: enrolment_link_open),
    sets their first password; they are then signed in with it and go on to set up their authenticator app."""
    token = request.session.get(ENROLMENT_TOKEN_SESSION_KEY) or ""
    user = services.invitation_user(token=token) if token else None
    if user is None:
        return redirect("access:enrol_second_factor")
    form = SetPasswordForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_password_set(
                token=token,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            login(request, user, backend="joinedup.accounts.backends.PasswordBackend")
            request.session[ENROLMENT_TOKEN_SESSION_KEY] = token  # login() starts a new session: keep the link
            messages.success(request, "Your password is set. Now set up your authenticator app.")
            return redirect("access:enrol_second_factor")
    status = INVALID if request.method == "POST" else 200
    return render(request, "access/staff/set_password.html", {"form": form, "username": user.username}, status=status)
