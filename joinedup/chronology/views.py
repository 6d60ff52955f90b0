"""Thin HTML views for the pages that read across the domain apps: the case summary, the multi-agency chronology
(its analysis column and its PDF) and the search within a child's record. Who may see what is decided in access/
(a page the user may not use is a 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.case_record import services as case_record
from joinedup.case_record.forms import SearchForm
from joinedup.core.pdf import html_to_pdf
from joinedup.people.models import Person
from joinedup.ui.fields import apply_domain_errors

from . import rendering, selectors, services
from .forms import AnalysisForm, ChronologyFilterForm


def _child(request: HttpRequest, child_id: int, permission: Permission, purpose: str = "") -> Person:
    return access_child(request.user, child_id, permission=permission, purpose=purpose)


def _name(person: Person) -> str:
    return f"{person.given_name} {person.family_name}".strip()


# -- the case summary ----------------------------------------------------------------------------------------------


@login_required
def case_summary(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.VIEW_CASE_RECORD)
    summary = selectors.case_summary_get(actor=request.user, child=child)
    return render(request, "chronology/summary.html", {"child": child, "s": summary})


# -- the chronology ------------------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[selectors.ChronologyFilters, dict[str, Any]]:
    def day(prefix: str) -> dt.date | None:
        parts = [request.GET.get(f"{prefix}_{i}", "").strip() for i in range(3)]
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0])) if all(parts) else None
        except ValueError:
            return None

    filters = selectors.ChronologyFilters(
        agencies=request.GET.getlist("agency"),
        event_types=request.GET.getlist("event_type"),
        start=day("start"),
        end=day("end"),
    )
    return filters, {k: request.GET.getlist(k) for k in request.GET}


@login_required
@require_http_methods(["GET", "POST"])
def chronology(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.VIEW_CHRONOLOGY)
    analysis_form = None
    if request.method == "POST":
        if not has_permission(request.user, Permission.ANNOTATE_CHRONOLOGY, child):
            raise Http404
        analysis_form = AnalysisForm(request.POST)
        if analysis_form.is_valid():
            try:
                case_record.chronology_analysis_write(actor=request.user, child=child, **analysis_form.cleaned_data)
            except ValidationError as exc:
                apply_domain_errors(analysis_form, exc)
            else:
                messages.success(request, "Analysis saved")
                return redirect(
                    reverse("chronology:chronology", args=[child.pk])
                    + f"#{analysis_form.cleaned_data['source_key'].replace(':', '-').replace('.', '-')}"
                )
    filters, _unused = _filters(request)
    view = selectors.chronology_for_child(actor=request.user, child=child, filters=filters)
    filter_form = ChronologyFilterForm(request.GET or None, agencies=view.agencies_present, types=view.types_present)
    query = request.GET.urlencode()
    can_annotate = has_permission(request.user, Permission.ANNOTATE_CHRONOLOGY, child)
    edit_key = request.GET.get("analyse", "") if can_annotate else ""
    at = next((i for i, row in enumerate(view.rows) if row.entry.source_key == edit_key), None) if edit_key else None
    before, after = (view.rows, []) if at is None else (view.rows[:at], view.rows[at + 1 :])
    options = {"partner": view.partner_view, "can_annotate": can_annotate}
    return render(
        request,
        "chronology/chronology.html",
        {
            "child": child,
            "v": view,
            "filter_form": filter_form,
            "query": query,
            "can_annotate": can_annotate,
            "rows_before": rendering.chronology_rows(before, **options),
            "rows_after": rendering.chronology_rows(after, **options),
            "edit_row": view.rows[at] if at is not None else None,
            "edit_anchor": rendering.anchor_of(view.rows[at].entry.source_key) if at is not None else "",
            "can_share": has_permission(request.user, Permission.SHARE_EVENT, child),
            "can_challenge": has_permission(request.user, Permission.RAISE_CHALLENGE, child),
            "analysis_form": analysis_form,
        },
    )


@login_required
def chronology_pdf(request: HttpRequest, child_id: int) -> HttpResponse:
    """The chronology as an accessible PDF (tagged, titled, in English), for a conference or a review. Audited."""
    child = _child(request, child_id, Permission.EXPORT_CHRONOLOGY)
    filters, _unused = _filters(request)
    view = selectors.chronology_for_child(actor=request.user, child=child, filters=filters, audit=False)
    services.chronology_exported(actor=request.user, child=child, entries=view.total)
    title = f"Chronology: {_name(child)}"
    html = render_to_string(
        "chronology/chronology_pdf.html",
        {"child": child, "v": view, "title": title, "generated_at": timezone.localtime()},
        request=request,
    )
    pdf = html_to_pdf(html, title=title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{child.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# -- search within a child's record --------------------------------------------------------------------------------


@login_required
def record_search(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.VIEW_CASE_RECORD, "Search within the record")
    form = SearchForm(request.GET or None)
    q = request.GET.get("q", "").strip()
    hits = selectors.search_record(actor=request.user, child=child, q=q) if q else []
    return render(request, "case_record/search.html", {"form": form, "q": q, "hits": hits, "child": child})
