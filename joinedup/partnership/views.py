"""Thin HTML views for the safeguarding partnership (issue 22): actions on inequalities, independent scrutiny and
the yearly report. The services and selectors ask the permissions and audit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.insight.views import index_text
from joinedup.ui.pages import Done, form_page

from . import forms, selectors, services
from .models import InequalityActionStatus

INVALID = 400  # a rejected form answers 400 with the GOV.UK error summary


def _finding_choices(data: Any) -> dict[str, Any]:
    return {
        "characteristic": data.get("characteristic") or "",
        "stage": data.get("stage") or "",
        "group": data.get("group") or "",
        "reference": data.get("reference") or None,
        "period_key": data.get("period") or None,
        "team_id": data.get("team") or None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def inequality_action_new(request: HttpRequest) -> HttpResponse:
    """Record an action on a disproportionality finding, from the insight page's figures (the choices come in the
    query string; the figures are read again, never taken from the form)."""
    if not selectors.may_record_actions(request.user):
        raise NotFoundOrNotPermitted
    source = request.POST if request.method == "POST" else request.GET
    choices = _finding_choices(source)
    try:
        found = selectors.finding_get(actor=request.user, today=timezone.localdate(), **choices)
    except ValidationError as exc:
        raise NotFoundOrNotPermitted from exc
    initial = {
        "characteristic": found.characteristic,
        "stage": found.stage,
        "group": found.group,
        "reference": found.reference,
        "period": found.period_key,
        "team": found.team_id,
    }
    form = forms.InequalityActionForm(request.POST or None, initial=initial)

    def perform() -> Done:
        d = form.cleaned_data
        action = services.inequality_action_record(
            actor=request.user,
            characteristic=found.characteristic,
            stage=found.stage,
            group=found.group,
            reference=found.reference,
            period_key=found.period_key,
            team_id=found.team_id,
            finding=d["finding"],
            action=d["action"],
            owner=d["owner"],
            look_again_on=d["look_again_on"],
        )
        return Done("Action on inequalities recorded", reverse("partnership:inequality_action", args=[action.pk]))

    return form_page(
        request,
        form,
        perform=perform,
        template="partnership/inequality_action_new.html",
        context={
            "found": found,
            "insight_url": selectors.insight_url(found),
            "index_text": index_text,
            "threshold": selectors.suppress_below(),
        },
        invalid_status=INVALID,
    )


@login_required
def inequality_actions(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = selectors.inequality_actions(actor=request.user, status=status)
    return render(
        request,
        "partnership/inequality_actions.html",
        {
            "actions": rows,
            "status": status,
            "today": timezone.localdate(),
            "can_record": selectors.may_record_actions(request.user),
            "threshold": selectors.suppress_below(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inequality_action(request: HttpRequest, inequality_action_id: int) -> HttpResponse:
    """One action: the figures it was recorded on beside the figures now (the same selector, the 12 months to
    today), its looks again, and the form to record the next."""
    action = selectors.inequality_action_get(actor=request.user, action_id=inequality_action_id)
    today = timezone.localdate()
    form = forms.InequalityReviewForm(request.POST or None)

    def perform() -> str:
        d = form.cleaned_data
        services.inequality_action_review(
            actor=request.user,
            action=action,
            note=d["note"],
            close=d["outcome"] == "close",
            next_look_again_on=d["next_look_again_on"],
        )
        return "Action closed" if d["outcome"] == "close" else "Look again recorded"

    def context() -> dict[str, Any]:
        now = selectors.figures_now(actor=request.user, today=today, action=action)
        return {
            "a": action,
            "now": now,
            "reviews": list(action.reviews.all()),
            "today": today,
            "is_open": action.status == InequalityActionStatus.OPEN,
            "snapshot_url": selectors.insight_url(action),
            "now_url": selectors.insight_url(action, period_key=selectors.NOW_PERIOD),
            "threshold": selectors.suppress_below(),
            "can_view_insight": has_permission(request.user, Permission.VIEW_INSIGHT),
        }

    return form_page(
        request,
        form,
        perform=perform,
        template="partnership/inequality_action.html",
        context=context,
        success_url=reverse("partnership:inequality_action", args=[action.pk]),
        invalid_status=INVALID,
    )
