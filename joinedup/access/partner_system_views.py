"""The administrator's pages for partner systems and their API tokens (issue 26, ADR 0022): the list, registering a
system, and issuing, rotating and revoking its tokens. Thin: the services decide and audit.

A token's key is shown once, in the answer to the form that issued it: never put in the session or a message, never
behind a redirect, and the page is not cached."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from joinedup.accounts.models import PartnerSystem, PartnerSystemToken
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.ui.fields import apply_domain_errors

from . import partner_systems as services
from .api_scopes import SCOPES, known_scopes
from .partner_system_forms import (
    ACTS_AS_ITSELF,
    ApiTokenIssueForm,
    ApiTokenRevokeForm,
    ApiTokenRotateForm,
    PartnerSystemForm,
)
from .permissions import Permission
from .policy import has_permission

LIST_TITLE = "Partner systems and their API tokens"


def _require_administrator(request: HttpRequest) -> None:
    if not has_permission(request.user, Permission.MANAGE_PARTNER_SYSTEMS):
        raise NotFoundOrNotPermitted


def token_status(token: PartnerSystemToken, now: Any) -> str:
    """In words: whether the token works, and until when."""
    if token.revoked_at is not None:
        return "Revoked"
    if token.expires_at <= now:
        return "Expired"
    if _has_replacement(token):
        return f"Replaced: works until {until(token.expires_at)}"
    return "Live"


def _has_replacement(token: PartnerSystemToken) -> bool:
    try:
        return token.replaced_by is not None
    except PartnerSystemToken.DoesNotExist:
        return False


def until(moment: Any) -> str:
    """When a token stops working, in words: "the end of 7 December 2027", or a day and a time."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        last_day = local.date() - timedelta(days=1)
        return f"the end of {last_day.day} {last_day:%B %Y}"
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _scope_labels(codes: list[str]) -> list[str]:
    return [SCOPES[scope].label for scope in sorted(known_scopes(codes), key=list(SCOPES).index)]


def _acts_as(system: PartnerSystem) -> str:
    if system.practitioner is None:
        return f"The system itself (account {system.account.username if system.account else ''})"
    practitioner = system.practitioner
    username = practitioner.user.username if practitioner.user else "no sign-in"
    return f"{practitioner.full_name} ({username}), {practitioner.get_role_display()}"


@login_required
@never_cache
def partner_systems(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    now = timezone.now()
    systems = []
    for system in services.partner_systems_overview(actor=request.user):
        tokens = [
            {
                "token": token,
                "scopes": _scope_labels(token.scopes),
                "status": token_status(token, now),
                "until": until(token.expires_at),
                "can_change": token.is_live(now) and not _has_replacement(token),
            }
            for token in system.tokens.all()
        ]
        systems.append({"system": system, "acts_as": _acts_as(system), "tokens": tokens})
    return render(
        request, "access/partner_systems.html", {"title_text": f"{LIST_TITLE} – JoinedUp", "systems": systems}
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def partner_system_new(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = PartnerSystemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            system = services.partner_system_register(
                actor=request.user,
                name=d["name"],
                organisation_id=d["organisation"],
                acts_as_itself=d["acts_as"] == ACTS_AS_ITSELF,
                username=d.get("username", ""),
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, f"{system.name} is registered. Issue it a token.")
            return redirect("access:api_token_issue", system.pk)
    return render(request, "access/partner_system_form.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_token_issue(request: HttpRequest, partner_system_id: int) -> HttpResponse:
    system = services.partner_system_get(actor=request.user, partner_system_id=partner_system_id)
    form = ApiTokenIssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_issue(
                actor=request.user,
                partner_system_id=system.pk,
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            return _issued(request, issued, system, rotated=None)
    return render(request, "access/api_token_issue.html", {"form": form, "system": system, "acts_as": _acts_as(system)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_token_rotate(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_get(actor=request.user, token_id=token_id, live=True)
    form = ApiTokenRotateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_rotate(
                actor=request.user, token_id=token.pk, expires_on=form.cleaned_data["expires_on"]
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            token.refresh_from_db()
            return _issued(request, issued, token.partner_system, rotated=token)
    return render(
        request,
        "access/api_token_rotate.html",
        {
            "form": form,
            "token": token,
            "system": token.partner_system,
            "scopes": _scope_labels(token.scopes),
            "overlap_hours": int(settings.JOINEDUP_API_TOKEN_ROTATION_OVERLAP.total_seconds() // 3600),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_get(actor=request.user, token_id=token_id)
    if token.revoked_at is not None:
        raise NotFoundOrNotPermitted
    form = ApiTokenRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.api_token_revoke(actor=request.user, token_id=token.pk, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(
                request, f"Token {token.display_prefix} of {token.partner_system.name} is revoked. It no longer works."
            )
            return redirect("access:partner_systems")
    return render(
        request, "access/api_token_revoke.html", {"form": form, "token": token, "system": token.partner_system}
    )


def _issued(
    request: HttpRequest, issued: services.IssuedToken, system: PartnerSystem, *, rotated: PartnerSystemToken | None
) -> HttpResponse:
    """The one page that shows the key, in the answer to the form that made it."""
    token = issued.token
    return render(
        request,
        "access/api_token_issued.html",
        {
            "key": issued.key,
            "token": token,
            "system": system,
            "acts_as": _acts_as(system),
            "scopes": _scope_labels(token.scopes),
            "expires": until(token.expires_at),
            "rotated": rotated,
            "rotated_until": until(rotated.expires_at) if rotated is not None else "",
        },
    )
