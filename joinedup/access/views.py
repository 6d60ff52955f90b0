from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from joinedup.accounts.forms import SecondFactorForm
from joinedup.accounts.sessions import ENROLMENT_TOKEN_SESSION_KEY
from joinedup.accounts.totp import confirmed_device, qr_data_uri, secret_of, unconfirmed_device
from joinedup.ui.fields import apply_domain_errors

from . import services
from .forms import (
    BreakGlassForm,
    BreakGlassReviewForm,
    BreakGlassWriteForm,
    EnrolmentLinkForm,
    GrantForm,
    ReplaceSecondFactorForm,
    RestrictRecordForm,
)
from .models import RestrictedRecordGrant
from .permissions import Permission
from .policy import has_permission
from .selectors import (
    break_glass_awaiting_review,
    break_glass_held,
    enrolment_link_for_token,
    enrolment_links_recent,
    restricted_records_overview,
)
from .staff import invitation_user


@login_required
def break_glass(request: HttpRequest, child_id: int) -> HttpResponse:
    """Ask why, before opening a record the user may not otherwise see. The page shows nothing that identifies the
    child, nor whether record `child_id` exists (ids cannot be walked to learn names or which records there are):
    the service decides when the reason is given, and the opening is in the audit trail (issue 26)."""
    if not has_permission(request.user, Permission.BREAK_GLASS):
        raise Http404
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_start(actor=request.user, child_id=child_id, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(
                request,
                "Emergency access is open for 4 hours, to read this record. Whoever reviews your emergency access "
                "has been told.",
            )
            return redirect("records:child_record", child_id)
    return render(request, "access/break_glass.html", {"form": form, "record": child_id})


@login_required
def break_glass_write(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record on a record opened by break-glass: a second reason, for writing, until the access expires."""
    access = break_glass_held(actor=request.user, child_id=child_id)
    if access is None or not has_permission(request.user, Permission.BREAK_GLASS):
        raise Http404
    if access.allows_writing:
        return redirect("records:child_record", child_id)
    form = BreakGlassWriteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.break_glass_allow_writing(
                actor=request.user, child_id=child_id, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(
                request,
                f"You may record on this record until {timezone.localtime(access.expires_at):%H:%M}. Your reason "
                "will be reviewed with your emergency access.",
            )
            return redirect("records:child_record", child_id)
    return render(request, "access/break_glass_write.html", {"form": form, "access": access})


@login_required
def break_glass_review(request: HttpRequest, access_id: int) -> HttpResponse:
    access = break_glass_awaiting_review(actor=request.user).filter(pk=access_id).first()
    if access is None:
        raise Http404
    form = BreakGlassReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_review(actor=request.user, access=access, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, "Review recorded.")
            return redirect("records:home")
    return render(
        request,
        "access/break_glass_review.html",
        {"form": form, "access": access, "repeat_days": settings.JOINEDUP_BREAK_GLASS_REPEAT_PERIOD.days},
    )


@login_required
def restricted_records(request: HttpRequest) -> HttpResponse:
    """Managers and administrators restrict records and grant or revoke access to them."""
    if not has_permission(request.user, Permission.GRANT_RESTRICTED_ACCESS):
        raise Http404
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if posted is not None else None
    restrict_form = RestrictRecordForm(posted if action == "restrict" else None, prefix="restrict")
    grant_form = GrantForm(posted if action == "grant" else None, prefix="grant")
    try:
        if action == "restrict" and restrict_form.is_valid():
            services.child_restrict(
                actor=request.user,
                child_id=restrict_form.cleaned_data["record"],
                reason=restrict_form.cleaned_data["reason"],
            )
            messages.success(request, f"Record {restrict_form.cleaned_data['record']} is restricted.")
            return redirect("access:restricted_records")
        if action == "grant" and grant_form.is_valid():
            d = grant_form.cleaned_data
            services.restricted_access_grant_by_username(
                actor=request.user, child_id=d["record"], username=d["username"], reason=d["reason"]
            )
            messages.success(request, f"Access to record {d['record']} granted.")
            return redirect("access:restricted_records")
        if action == "revoke":
            grant = RestrictedRecordGrant.objects.filter(
                pk=request.POST.get("grant", "0") or 0, revoked_at__isnull=True
            ).first()
            if grant is None:
                raise Http404
            services.restricted_access_revoke(actor=request.user, grant=grant)
            messages.success(request, f"Access to record {grant.child_id} revoked.")
            return redirect("access:restricted_records")
    except ValidationError as exc:
        apply_domain_errors(restrict_form if action == "restrict" else grant_form, exc)
    return render(
        request,
        "access/restricted_records.html",
        {
            "restrict_form": restrict_form,
            "grant_form": grant_form,
            "records": restricted_records_overview(actor=request.user),
            "form": restrict_form if restrict_form.errors else grant_form,
        },
    )


# -- Setting up an authenticator app (issue 26) -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_links(request: HttpRequest) -> HttpResponse:
    """Administrators issue a one-time link for a named user to set up an authenticator app. The link is shown here
    once; only its hash is kept."""
    if not has_permission(request.user, Permission.ISSUE_ENROLMENT_LINK):
        raise Http404
    form = EnrolmentLinkForm(request.POST if request.method == "POST" else None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            link, token = services.enrolment_link_issue(actor=request.user, username=form.cleaned_data["username"])
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            issued = {
                "link": link,
                "url": request.build_absolute_uri(reverse("access:enrolment_link_open", args=[token])),
            }
            form = EnrolmentLinkForm()
    return render(
        request,
        "access/enrolment_links.html",
        {
            "form": form,
            "issued": issued,
            "links": enrolment_links_recent(actor=request.user),
            "now": timezone.now(),
            "link_hours": round(settings.JOINEDUP_ENROLMENT_LINK_LIFETIME.total_seconds() / 3600),
        },
    )


@require_GET
def enrolment_link_open(request: HttpRequest, token: str) -> HttpResponse:
    """Opening a link keeps its token in the session and moves on to a page whose address does not carry it (so it
    is not left in the browser's history or sent on in a Referer); signing in, if needed, comes next, or for an
    invited user who has no password yet, setting one (access/staff_views.py: invitation_password)."""
    request.session[ENROLMENT_TOKEN_SESSION_KEY] = token
    if not request.user.is_authenticated and invitation_user(token=token) is not None:
        return redirect("access:invitation_password")  # an invited user sets their first password first (issue 20)
    return redirect("access:enrol_second_factor")


@login_required
@require_http_methods(["GET", "POST"])
def enrol_second_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app through the one-time link opened in this session: a QR code and its key, then one
    code from the app."""
    token = request.session.get(ENROLMENT_TOKEN_SESSION_KEY)
    if not token:
        return redirect("accounts:set_up_second_factor")
    problem = services.enrolment_link_problem(link=enrolment_link_for_token(token), user=request.user)
    if problem is not None:
        del request.session[ENROLMENT_TOKEN_SESSION_KEY]
        return render(request, "access/enrolment_link_refused.html", {"problem": problem}, status=403)
    device = unconfirmed_device(request.user)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_enrol_by_link(
                actor=request.user, token=token, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            del request.session[ENROLMENT_TOKEN_SESSION_KEY]
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once the second factor is verified
            messages.success(
                request, "Your authenticator app is set up. You will be asked for a code from it each time you sign in."
            )
            return redirect("records:home")
    return render(
        request,
        "access/enrol_second_factor.html",
        {"form": form, "qr_data_uri": qr_data_uri(device), "secret": secret_of(device)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def replace_second_factor(request: HttpRequest) -> HttpResponse:
    """Move to a new authenticator app (a new phone) with a code from the app in use now: no link needed."""
    if confirmed_device(request.user) is None:
        return redirect("accounts:set_up_second_factor")
    device = unconfirmed_device(request.user)
    form = ReplaceSecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_replace(
                actor=request.user,
                device=device,
                current_code=form.cleaned_data["current_code"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            otp_login(request, device)
            request.session.cycle_key()
            messages.success(request, "Your new authenticator app is set up. The old one no longer works.")
            return redirect("records:home")
    return render(
        request,
        "access/replace_second_factor.html",
        {"form": form, "qr_data_uri": qr_data_uri(device), "secret": secret_of(device)},
    )
