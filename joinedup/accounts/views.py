from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import SecondFactorForm, SignInForm


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


def _confirmed_device(user: object) -> TOTPDevice | None:
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice):
            return device
    return None


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the user's authenticator app, or set one up the first time."""
    next_url = request.session.get("next_after_sign_in", "/")
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("accounts:set_up_second_factor")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if "skip" in request.POST and settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR:
            request.session["demo_second_factor_skipped"] = True
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
    """First sign-in: show a QR code and the secret, confirm one code, then the device is in use."""
    if _confirmed_device(request.user) is not None:
        return redirect("accounts:second_factor")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if "skip" in request.POST and settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR:
            request.session["demo_second_factor_skipped"] = True
            return redirect(request.session.get("next_after_sign_in", "/"))
        if form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                request.session.cycle_key()
                return redirect(request.session.get("next_after_sign_in", "/"))
            form.add_error("code", "The security code is wrong or has expired. Enter the newest code.")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    qr_data_uri = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/set_up_second_factor.html",
        {
            "form": form,
            "qr_data_uri": qr_data_uri,
            "secret": secret,
            "demo_skips_second_factor": settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR,
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:signed_out")


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html", {})
