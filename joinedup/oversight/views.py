"""Allocation pages: the children waiting for a worker, and allocating a child's work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.ui.fields import apply_domain_errors

from . import selectors, services
from .forms import AllocationForm


@login_required
def awaiting_allocation(request: HttpRequest) -> HttpResponse:
    """The children with an open episode of need whom no social worker holds yet, longest waiting first."""
    if not has_permission(request.user, Permission.VIEW_AWAITING_ALLOCATION):
        raise Http404
    rows = selectors.awaiting_allocation(actor=request.user)
    return render(request, "oversight/awaiting_allocation.html", {"rows": rows})


@login_required
def allocate(request: HttpRequest, child_id: int) -> HttpResponse:
    """Allocate the child's work to a social worker, or move it to another; open clocks move with it."""
    child = access_child(request.user, child_id, permission=Permission.ALLOCATE_CASE)
    candidates = selectors.allocation_candidates(actor=request.user)
    current = (
        Involvement.objects.filter(child=child, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, ended_on__isnull=True)
        .select_related("practitioner", "team")
        .first()
    )
    form = AllocationForm(
        request.POST if request.method == "POST" else None,
        initial={"started_on": timezone.localdate()},
        choices=[(c.practitioner.pk, c.label) for c in candidates],
    )
    if request.method == "POST" and form.is_valid():
        chosen = next(c.practitioner for c in candidates if c.practitioner.pk == form.cleaned_data["practitioner"])
        try:
            result = services.allocation_change(
                actor=request.user,
                child=child,
                practitioner=chosen,
                started_on=form.cleaned_data["started_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            moved = result.deadlines_moved
            clocks = "1 open clock moves" if moved == 1 else f"{moved} open clocks move"
            messages.success(request, f"{child.display_name}'s work is allocated to {chosen.full_name}. {clocks} too.")
            return redirect("records:child_record", child.pk)
    return render(request, "oversight/allocate.html", {"form": form, "child": child, "current": current})
