"""Thin HTML views: My work, the team view, the authority's timeliness and the local rule settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.audit.listing import audit_rows_listed
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec, audit_events_record
from joinedup.ui.fields import apply_domain_errors
from joinedup.ui.govuk import uk_date

from . import selectors, services, work_reader
from .engine import Horizon
from .forms import LocalRuleSettingForm

HORIZON_HEADINGS = {
    Horizon.OVERDUE: "Overdue",
    Horizon.DUE_TODAY: "Due today",
    Horizon.DUE_THIS_WEEK: "Due this week",
    Horizon.LATER: "Later",
}


def _later_shown(request: HttpRequest) -> int | None:
    """The later deadlines are cut to the soonest few unless the page asks for them all (?later=all)."""
    return None if request.GET.get("later") == "all" else selectors.LATER_SHOWN


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The signed-in practitioner's work: what every app says waits for them (requests to answer, sign-offs, drafts,
    challenges: timescales/work_reader.py), urgent first, beside their open statutory deadlines (overdue, due today,
    due in the next 7 days, later), and their notifications in plain words."""
    practitioner = practitioner_of(request.user)
    if practitioner is None or not has_permission(request.user, Permission.VIEW_OWN_WORK):
        raise Http404
    today = timezone.localdate()
    work = selectors.work_list_for(
        actor=request.user, worker=practitioner, today=today, later_shown=_later_shown(request)
    )
    items = work_reader.work_for(actor=request.user, today=today)
    notifications = selectors.notifications_for(worker=practitioner, today=today)
    # Each deadline, notification and work item shown names its child: listed in the audit trail in one bulk write.
    with transaction.atomic():
        audit_events_record(
            actor=request.user,
            events=[
                EventSpec(AuditAction.LISTED, "timescales.deadline", d.pk, child_id=d.child_id)
                for d in [*work.deadlines_shown(), *(n.deadline for n in notifications)]
            ]
            + work_reader.audit_events(items),
        )
    return render(
        request,
        "timescales/my_work.html",
        {
            "work": work,
            "work_groups": work_reader.grouped(items),
            "today": today,
            "notifications": notifications,
            "headings": HORIZON_HEADINGS,
            "can_view_team": has_permission(request.user, Permission.VIEW_TEAM_WORK),
            "can_view_timeliness": has_permission(request.user, Permission.VIEW_TIMELINESS),
            "can_change_local_rules": has_permission(request.user, Permission.CHANGE_LOCAL_RULE),
        },
    )


@login_required
def team_work(request: HttpRequest) -> HttpResponse:
    """For a manager: how many open deadlines each worker in their teams has, by horizon."""
    if not has_permission(request.user, Permission.VIEW_TEAM_WORK):
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "timescales/team_work.html",
        {"rows": selectors.team_work(actor=request.user, today=today), "headings": HORIZON_HEADINGS},
    )


@login_required
def worker_work(request: HttpRequest, worker_id: int) -> HttpResponse:
    """For a manager: one worker's list, as the worker sees it (children the manager may see)."""
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    if not has_permission(request.user, Permission.VIEW_WORKER_WORK, worker):
        raise Http404
    today = timezone.localdate()
    work = selectors.work_list_for(actor=request.user, worker=worker, today=today, later_shown=_later_shown(request))
    audit_rows_listed(actor=request.user, rows=work.deadlines_shown())
    return render(
        request,
        "timescales/worker_work.html",
        {
            "worker": worker,
            "work": work,
            "headings": HORIZON_HEADINGS,
        },
    )


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    """The authority's timeliness by rule over the last 12 months (counts only, no child)."""
    if not has_permission(request.user, Permission.VIEW_TIMELINESS):
        raise Http404
    today = timezone.localdate()
    since, rows = selectors.authority_timeliness(today=today)
    return render(request, "timescales/timeliness.html", {"rows": rows, "since": since, "today": today})


@login_required
def local_rules(request: HttpRequest) -> HttpResponse:
    """Each local protocol's figure in force, with scheduled changes, for an administrator to change."""
    if not has_permission(request.user, Permission.CHANGE_LOCAL_RULE):
        raise Http404
    return render(
        request, "timescales/local_rules.html", {"rows": selectors.local_setting_rows(today=timezone.localdate())}
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_rule_change(request: HttpRequest, rule_code: str, interval: str, period: int) -> HttpResponse:
    if not has_permission(request.user, Permission.CHANGE_LOCAL_RULE):
        raise Http404
    row = selectors.local_setting_row_get(
        today=timezone.localdate(), rule_code=rule_code, interval=interval, period=period
    )
    if row is None:
        raise Http404
    form = LocalRuleSettingForm(request.POST if request.method == "POST" else None, unit_label=row.default.unit.label)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.local_rule_setting_change(
                actor=request.user,
                rule_code=rule_code,
                interval=interval,
                period=period,
                figure=d["figure"],
                effective_from=d["effective_from"],
                reason=d.get("reason", ""),
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, f"Figure changed for clocks started from {uk_date(d['effective_from'])}.")
            return redirect("timescales:local_rules")
    history = list(selectors.local_setting_history(rule_code=rule_code, interval=interval, period=period))
    return render(request, "timescales/local_rule_change.html", {"form": form, "row": row, "history": history})
