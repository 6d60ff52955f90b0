"""Thin HTML views for the safeguarding partnership (issue 22): actions on inequalities, independent scrutiny and
the yearly report. The services and selectors ask the permissions and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.insight.views import index_text
from joinedup.ui.pages import Done, form_page

from . import forms, report, selectors, services
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


# -- independent scrutiny ------------------------------------------------------------------------------------------


@login_required
def scrutiny_findings(request: HttpRequest) -> HttpResponse:
    rows = selectors.scrutiny_findings(actor=request.user)
    return render(request, "partnership/scrutiny_findings.html", {"findings": rows})


@login_required
@require_http_methods(["GET", "POST"])
def scrutiny_finding_new(request: HttpRequest) -> HttpResponse:
    selectors.require_partnership(request.user)
    form = forms.ScrutinyFindingForm(request.POST or None)

    def perform() -> Done:
        finding = services.scrutiny_finding_record(actor=request.user, **form.cleaned_data)
        return Done("Scrutiny finding recorded", reverse("partnership:scrutiny_finding", args=[finding.pk]))

    return form_page(
        request,
        form,
        perform=perform,
        template="case_record/simple_form.html",
        context={
            "title": "Record a scrutiny finding",
            "caption": "Independent scrutiny",
            "intro": "A finding of the partnership's independent scrutiny, and the partnership's response to it. It "
            "goes into the yearly report of the year it was made in.",
            "submit": "Record the finding",
            "back": reverse("partnership:scrutiny_findings"),
            "back_text": "Back to scrutiny findings",
        },
        invalid_status=INVALID,
    )


@login_required
@require_http_methods(["GET", "POST"])
def scrutiny_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.scrutiny_finding_get(actor=request.user, finding_id=finding_id)
    form = forms.ScrutinyResponseForm(request.POST or None, initial={"response": finding.response})

    def perform() -> str:
        services.scrutiny_response_record(actor=request.user, finding=finding, **form.cleaned_data)
        return "The partnership's response is recorded"

    return form_page(
        request,
        form,
        perform=perform,
        template="partnership/scrutiny_finding.html",
        context={"f": finding},
        success_url=reverse("partnership:scrutiny_finding", args=[finding.pk]),
        invalid_status=INVALID,
    )


# -- the yearly report ---------------------------------------------------------------------------------------------


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = report.reports(actor=request.user, today=today)
    return render(request, "partnership/reports.html", {"years": years})


@login_required
def yearly_report(request: HttpRequest, year: int) -> HttpResponse:
    read = _read(request, year)
    return render(
        request,
        "partnership/report.html",
        {
            "r": read,
            "body": report.body_html(read, editable=not read.published),
            "sections": report.SECTIONS,
            "missing": [] if read.published else _missing(read),
            "errors": [],
        },
    )


def _read(request: HttpRequest, year: int, *, exported: bool = False) -> report.ReportRead:
    try:
        return report.yearly_report(actor=request.user, year=year, today=timezone.localdate(), exported=exported)
    except ValidationError as exc:
        raise NotFoundOrNotPermitted from exc  # a year the reports are not made for


def _missing(read: report.ReportRead) -> list[str]:
    narrative = read.report.narrative if read.report is not None else {}
    return [s.heading for s in report.SECTIONS if not (narrative or {}).get(s.key, "").strip()]


@login_required
@require_http_methods(["GET", "POST"])
def report_narrative(request: HttpRequest, year: int, section: str) -> HttpResponse:
    selectors.require_partnership(request.user)
    chosen = next((s for s in report.SECTIONS if s.key == section), None)
    if chosen is None:
        raise NotFoundOrNotPermitted
    try:
        report.period_of(year, timezone.localdate())
    except ValidationError as exc:
        raise NotFoundOrNotPermitted from exc
    existing = report.report_for(year)
    if report.is_published(existing):
        raise NotFoundOrNotPermitted  # frozen: nothing to change
    initial = {"text": (existing.narrative or {}).get(section, "") if existing else ""}
    form = forms.NarrativeForm(request.POST or None, initial=initial)
    form.fields["text"].label = f"Narrative for {chosen.heading}"
    form.fields["text"].help_text = chosen.about + " Leave a blank line between paragraphs."

    def perform() -> str:
        services.report_narrative_record(actor=request.user, year=year, section=section, **form.cleaned_data)
        return f"Narrative for {chosen.heading} saved"

    return form_page(
        request,
        form,
        perform=perform,
        template="case_record/simple_form.html",
        context={
            "title": f"{chosen.heading}: narrative",
            "caption": f"The partnership's yearly report, April {year - 1} to March {year}",
            "intro": "What the figures mean, what the partnership did and what it will do next, in its own words.",
            "submit": "Save the narrative",
            "back": reverse("partnership:report", args=[year]) + f"#{section}",
            "back_text": "Back to the report",
        },
        success_url=reverse("partnership:report", args=[year]) + f"#{section}",
        invalid_status=INVALID,
    )


@login_required
@require_http_methods(["POST"])
def report_publish(request: HttpRequest, year: int) -> HttpResponse:
    """Publish the report as it stands; the service refuses while a heading has no narrative."""
    read = _read(request, year)
    if read.published:
        raise NotFoundOrNotPermitted
    assert read.data is not None
    try:
        services.report_publish(
            actor=request.user, year=year, html=report.body_html(read, editable=False, publishing=True)
        )
    except ValidationError as exc:
        errors = [{"text": m, "href": "#publish"} for m in exc.messages]
    else:
        messages.success(request, "The report is published. It will not change from now on")
        return redirect(reverse("partnership:report", args=[year]))
    return render(
        request,
        "partnership/report.html",
        {
            "r": read,
            "body": report.body_html(read, editable=True),
            "sections": report.SECTIONS,
            "missing": _missing(read),
            "errors": errors,
        },
        status=INVALID,
    )


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    read = _read(request, year, exported=True)
    pdf = report.report_pdf(read, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="partnership-report-{year}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
