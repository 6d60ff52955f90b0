"""Thin HTML views for statutory returns: produce a return, see its failures by child and rule, download it and
Ofsted's Annex A."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec, audit_events_record
from joinedup.ui.fields import apply_domain_errors

from . import annex_a, selectors, services
from .forms import ProduceReturnForm
from .validation import ValidatorsUnavailable

logger = logging.getLogger(__name__)
VALIDATORS_UNAVAILABLE = (
    "The return could not be checked against the Department for Education's validation rules, so it was not "
    "produced. Ask whoever runs JoinedUp to install the validators (make install), then try again."
)


@login_required
@require_http_methods(["GET", "POST"])
def returns_index(request: HttpRequest) -> HttpResponse:
    runs = list(selectors.runs_list(actor=request.user)[:20])
    form = ProduceReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            produced = services.return_produce(
                actor=request.user, kind=form.cleaned_data["kind"], year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        except ValidatorsUnavailable as exc:
            # The detail (paths, the validators' own error) is for whoever runs JoinedUp, not the page.
            logger.error("returns_validators_unavailable", extra={"detail": str(exc)})
            form.add_error(None, VALIDATORS_UNAVAILABLE)
        else:
            return redirect("returns:run", produced.run.pk)
    return render(request, "returns/index.html", {"form": form, "runs": runs})


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    result = selectors.run_failures(actor=request.user, run_id=run_id)
    # A list of children with what is wrong in their records: audited in bulk, one event per child shown.
    with transaction.atomic():
        audit_events_record(
            actor=request.user,
            events=[
                EventSpec(AuditAction.LISTED, "returns.returnrun", result.run.pk, c.child_id) for c in result.children
            ],
        )
    return render(request, "returns/run.html", {"r": result, "run": result.run})


@login_required
def run_download(request: HttpRequest, run_id: int) -> HttpResponse:
    run = services.return_download(actor=request.user, run_id=run_id)
    response = HttpResponse(bytes(run.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{run.file_name}"'
    return response


@login_required
def annex_a_download(request: HttpRequest) -> HttpResponse:
    content = annex_a.annex_a_export(actor=request.user, today=timezone.localdate())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="annex-a-{timezone.localdate().isoformat()}.xlsx"'
    return response
