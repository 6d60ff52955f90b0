from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.ui.fields import apply_domain_errors

from . import services
from .forms import BreakGlassForm, BreakGlassReviewForm, GrantForm, RestrictRecordForm
from .models import RestrictedRecordGrant
from .permissions import Permission
from .policy import has_permission
from .selectors import break_glass_awaiting_review, restricted_records_overview


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
            messages.success(request, "Emergency access is open for 4 hours. Your manager has been told.")
            return redirect("records:child_record", child_id)
    return render(request, "access/break_glass.html", {"form": form, "record": child_id})


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
    return render(request, "access/break_glass_review.html", {"form": form, "access": access})


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
