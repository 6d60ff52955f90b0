from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from joinedup.people.models import Person
from joinedup.ui.fields import apply_domain_errors

from . import services
from .forms import (
    BreakGlassForm,
    BreakGlassReviewForm,
    BreakGlassWriteForm,
    GrantForm,
    RestrictRecordForm,
)
from .models import RestrictedRecordGrant
from .permissions import Permission
from .policy import has_permission
from .scopes import people_searchable_by
from .selectors import break_glass_awaiting_review, break_glass_held, restricted_records_overview


@login_required
def break_glass(request: HttpRequest, child_id: int) -> HttpResponse:
    child = people_searchable_by(request.user).filter(pk=child_id, is_child_record=True).first()
    if child is None:
        raise Http404
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_start(actor=request.user, child_id=child.pk, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(
                request,
                "Emergency access is open for 4 hours, to read this record. Whoever reviews your emergency access "
                "has been told.",
            )
            return redirect("records:child_record", child.pk)
    return render(request, "access/break_glass.html", {"form": form, "child": _summary(child)})


def _summary(child: Person) -> dict[str, object]:
    return {"id": child.pk, "name": child.display_name, "date_of_birth": child.date_of_birth}


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
