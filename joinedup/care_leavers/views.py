"""Thin HTML views for care leavers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.permissions import Permission
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit.listing import audit_rows_listed
from joinedup.children_in_care.forms import CareForm
from joinedup.children_in_care.views import Perform, _record
from joinedup.people.models import Person
from joinedup.people.selectors import greater_risk_flags
from joinedup.timescales.selectors import due_by
from joinedup.ui.govuk import uk_date

from . import forms, selectors, services


@login_required
def leaving_care(request: HttpRequest, child_id: int) -> HttpResponse:
    summary = selectors.leaving_care_get(actor=request.user, child_id=child_id)
    return render(request, "care_leavers/leaving_care.html", {"s": summary, "child": summary.child})


@login_required
def care_leavers(request: HttpRequest) -> HttpResponse:
    qs = selectors.young_people_list(actor=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit_rows_listed(actor=request.user, rows=list(page), child_id=lambda child: child.pk)
    flags = greater_risk_flags(child_ids=[child.pk for child in page])
    return render(
        request, "care_leavers/care_leavers.html", {"page": page, "today": timezone.localdate(), "flags": flags}
    )


def _leaving(
    request: HttpRequest,
    child_id: int,
    *,
    form_class: type[CareForm],
    title: str,
    perform: Perform,
    intro: str = "",
    invalid_status: int = 200,
) -> HttpResponse:
    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE_LEAVER,
        form_class=form_class,
        title=title,
        intro=intro,
        perform=perform,
        back=reverse("care_leavers:leaving_care", args=[child_id]),
        back_text="Back to leaving care",
        invalid_status=invalid_status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def eligible_child_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        leaver = services.eligible_child_record(
            actor=request.user, child=child, became_eligible_on=form.cleaned_data["became_eligible_on"]
        )
        due = due_by(leaver, "eligible_child_needs_assessment")
        return f"Recorded as an eligible child. The needs assessment is due {due}."

    return _leaving(
        request, child_id, form_class=forms.EligibleForm, title="Record that the child is eligible", perform=perform
    )


@login_required
@require_http_methods(["GET", "POST"])
def needs_assessment_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        d = form.cleaned_data
        services.needs_assessment_record(
            actor=request.user,
            child=child,
            completed_on=d["completed_on"],
            summary=d.get("summary", ""),
            late_reason=d.get("late_reason", ""),
        )
        return "Needs assessment recorded."

    return _leaving(
        request, child_id, form_class=forms.NeedsAssessmentForm, title="Record the needs assessment", perform=perform
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        plan = services.pathway_plan_record(actor=request.user, child=child, details=form.details())
        return f"Pathway plan recorded. Its review is due {due_by(plan, 'pathway_plan_review')}."

    return _leaving(
        request,
        child_id,
        form_class=forms.PathwayPlanForm,
        title="Record the pathway plan",
        perform=perform,
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_plan_review_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        d = form.cleaned_data
        review = services.pathway_plan_review_record(
            actor=request.user,
            child=child,
            reviewed_on=d["reviewed_on"],
            notes=d.get("notes", ""),
            late_reason=d.get("late_reason", ""),
        )
        return f"Pathway plan review recorded on {uk_date(review.reviewed_on)}."

    return _leaving(
        request, child_id, form_class=forms.PathwayPlanReviewForm, title="Record a pathway plan review", perform=perform
    )


@login_required
@require_http_methods(["GET", "POST"])
def personal_adviser_appoint(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        d = form.cleaned_data
        adviser = Practitioner.objects.filter(pk=int(d["adviser"]), role=Role.PERSONAL_ADVISER).first()
        if adviser is None:
            raise ValidationError({"adviser": ["Select a personal adviser"]})
        services.personal_adviser_appoint(actor=request.user, child=child, adviser=adviser, started_on=d["started_on"])
        return f"{adviser.full_name} is the young person's personal adviser."

    return _leaving(
        request, child_id, form_class=forms.PersonalAdviserForm, title="Appoint the personal adviser", perform=perform
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_to_25_request(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        services.support_to_25_request(actor=request.user, child=child, requested_on=form.cleaned_data["requested_on"])
        return "Recorded: the young person has a personal adviser's support to 25."

    return _leaving(
        request, child_id, form_class=forms.SupportTo25Form, title="Record a request for support to 25", perform=perform
    )


@login_required
@require_http_methods(["GET", "POST"])
def circumstances_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        row = services.circumstances_record(actor=request.user, child=child, details=form.details())
        return f"Recorded for the {row.birthday}th birthday."

    return _leaving(
        request,
        child_id,
        form_class=forms.CircumstancesForm,
        title="Record in touch, activity and accommodation",
        intro="Around each birthday from 17 to 25 (the SSDA903 OC3 information).",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staying_put_start(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        services.staying_put_start(actor=request.user, child=child, started_on=form.cleaned_data["started_on"])
        return "Staying put recorded."

    return _leaving(
        request,
        child_id,
        form_class=forms.StayingPutForm,
        title="Record staying put",
        intro="The young person stays on with their former foster carers after 18, to 21.",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staying_put_end(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: Any, child: Person) -> str:
        services.staying_put_end(actor=request.user, child=child, ended_on=form.cleaned_data["ended_on"])
        return "Staying put ended."

    return _leaving(
        request, child_id, form_class=forms.StayingPutEndForm, title="Record that staying put ended", perform=perform
    )
