"""A manager's pages: the children waiting for a worker and allocating a child's work; team oversight (caseloads,
everything awaiting their sign-off, overdue supervision actions); signing off supervision and closing its actions
(forms on the case record's supervision page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.case_record.models import SupervisionAction, SupervisionRecord
from joinedup.ui.fields import apply_domain_errors
from joinedup.ui.govuk import pagination

from . import selectors, services
from .forms import AllocationForm


@login_required
def awaiting_allocation(request: HttpRequest) -> HttpResponse:
    """The children with an open episode of need whom nobody holds yet, by risk and then waiting time."""
    if not has_permission(request.user, Permission.VIEW_AWAITING_ALLOCATION):
        raise Http404
    listed = selectors.awaiting_allocation(actor=request.user, page=request.GET.get("page"))
    page = listed.page
    return render(
        request,
        "oversight/awaiting_allocation.html",
        {
            "rows": listed.rows,
            "page": page,
            "pagination": pagination(
                page.number, page.paginator.num_pages, lambda n: f"?page={n}", "Pages of children awaiting allocation"
            ),
            "moved": selectors.moved_work(actor=request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def keep_with_worker(request: HttpRequest, involvement_id: int) -> HttpResponse:
    """After a worker moved team, keep a child's work with them in their new team (the service checks the manager)."""
    involvement = services.allocation_keep_with_worker(actor=request.user, involvement_id=involvement_id)
    worker = involvement.practitioner
    team = worker.team.name if worker.team else "no team"
    messages.success(request, f"The child's work stays with {worker.full_name}, now overseen by {team}.")
    return redirect("oversight:awaiting_allocation")


@login_required
def allocate(request: HttpRequest, child_id: int) -> HttpResponse:
    """Allocate the child's work to a social worker, or move it to another; open clocks move with it."""
    purpose = "Allocate the child's work" if request.method == "GET" else ""
    child = access_child(request.user, child_id, permission=Permission.ALLOCATE_CASE, purpose=purpose)
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
                reason_for_change=form.cleaned_data["reason_for_change"],
            )
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            moved = result.deadlines_moved
            clocks = "1 open clock moves" if moved == 1 else f"{moved} open clocks move"
            messages.success(request, f"{child.display_name}'s work is allocated to {chosen.full_name}. {clocks} too.")
            return redirect("records:child_record", child.pk)
    return render(request, "oversight/allocate.html", {"form": form, "child": child, "current": current})


# -- Team oversight and supervision -------------------------------------------------------------------------------


@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, Permission.VIEW_CASELOADS):
        raise Http404
    view = selectors.team_oversight(actor=request.user, sign_off_page=request.GET.get("page"))
    return render(request, "oversight/oversight.html", {"o": view, "today": timezone.localdate()})


def _back(request: HttpRequest, default: str) -> str:
    """Where the form came from (`next`), if it is a page of this site; else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def supervision_sign_off(request: HttpRequest, record_id: int) -> HttpResponse:
    record = SupervisionRecord.objects.select_related("worker").filter(pk=record_id).first()
    if record is None:
        raise Http404
    try:
        services.supervision_sign_off(actor=request.user, record=record)
    except ValidationError:
        messages.info(request, services.SUPERVISION_SIGNED_OFF)
    else:
        messages.success(request, "Supervision decisions signed off")
    return redirect(_back(request, reverse("oversight:oversight")))


@login_required
@require_POST
def supervision_action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    """Mark an action agreed in supervision as done today (a button beside the action on the child's supervision
    page). Who may is the service's to decide; a refusal is a 404."""
    action = SupervisionAction.objects.filter(pk=action_id).first()
    if action is None:
        raise Http404
    try:
        services.supervision_action_done(actor=request.user, action=action, done_on=timezone.localdate())
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Action marked as done: {action.action}")
    return redirect(reverse("case_record:supervision", args=[action.child_id]) + f"#action-{action.pk}")
