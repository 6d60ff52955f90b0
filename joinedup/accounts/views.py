from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from .forms import SecondFactorForm, SignInForm
from .sessions import ENROLMENT_TOKEN_SESSION_KEY
from .totp import confirmed_device


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user_cache, backend="joinedup.accounts.backends.PasswordBackend")
        request.session["next_after_sign_in"] = _next_url(request)
        return redirect("accounts:second_factor")
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "demo_skips_second_factor": settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR,
            "next": _next_url(request),
        },
    )


def _demo_skip(request: HttpRequest) -> bool:
    """In demo settings only, the printed logins may skip the security code."""
    if request.method == "POST" and "skip" in request.POST and settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR:
        request.session.cycle_key()
        request.session["demo_second_factor_skipped"] = True
        return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the user's authenticator app. Someone with no app yet, or who has opened an
    administrator's enrolment link (a new phone), sets one up instead."""
    next_url = request.session.get("next_after_sign_in", "/")
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    device = confirmed_device(request.user)
    if device is None or request.session.get(ENROLMENT_TOKEN_SESSION_KEY):
        return redirect("accounts:set_up_second_factor")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _demo_skip(request):
            return redirect(next_url)
        if form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                # A new session id once the second factor is verified: an id seen before this point (after the
                # password alone) is no use to anyone who saw it.
                request.session.cycle_key()
                return redirect(next_url)
            form.add_error("code", "The security code is wrong or has expired. Enter the newest code.")
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "demo_skips_second_factor": settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR},
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up_second_factor(request: HttpRequest) -> HttpResponse:
    """Setting up a first authenticator app needs a one-time link from an administrator (access/: enrolment links),
    not only the password. With one open in this session, go on to it; without one, say to ask for one."""
    if request.session.get(ENROLMENT_TOKEN_SESSION_KEY):
        return redirect("access:enrol_second_factor")
    if confirmed_device(request.user) is not None:
        return redirect("accounts:second_factor")
    if _demo_skip(request):
        return redirect(request.session.get("next_after_sign_in", "/"))
    return render(
        request,
        "accounts/ask_for_an_enrolment_link.html",
        {
            "demo_skips_second_factor": settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR,
            "link_hours": round(settings.JOINEDUP_ENROLMENT_LINK_LIFETIME.total_seconds() / 3600),
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:signed_out")


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html", {})
