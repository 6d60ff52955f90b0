"""Thin HTML views for visits: parse, call one service or selector, render or redirect. Who may record for which
child is decided by the visits service through access/ (a child the user may not record for is a 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.selectors import prompt_answers_of
from joinedup.prompts.targeting import prompts_for_children
from joinedup.ui.fields import apply_domain_errors

from . import forms, selectors, services
from .models import VisitDraft


def _children(request: HttpRequest, child: Person) -> list[tuple[int, str]]:
    siblings = selectors.siblings_for(actor=request.user, child=child)
    return [(child.pk, child.display_name)] + [
        (s.pk, s.display_name) for s in siblings if has_permission(request.user, Permission.RECORD_VISIT, s)
    ]


def _draft_id(value: Any) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _draft_data(request: HttpRequest) -> dict[str, Any]:
    return {
        key: (request.POST.getlist(key) if key == "children" else request.POST.getlist(key)[-1]) for key in request.POST
    }


def _as_querydict(data: dict[str, Any]) -> QueryDict:
    qd = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            qd.setlist(key, [str(v) for v in value])
        else:
            qd[key] = str(value)
    return qd


@login_required
def visits(request: HttpRequest, child_id: int) -> HttpResponse:
    child = access_child(request.user, child_id, permission=Permission.VIEW_VISITS, purpose="Visits")
    rows = selectors.visits_for_child(child=child)
    can_record = has_permission(request.user, Permission.RECORD_VISIT, child)
    return render(request, "visits/visits.html", {"child": child, "rows": rows, "can_record": can_record})


@login_required
def visit(request: HttpRequest, child_id: int, visit_id: int) -> HttpResponse:
    child = access_child(request.user, child_id, permission=Permission.VIEW_VISITS, purpose="A visit")
    view = selectors.visit_for_child_get(actor=request.user, child=child, visit_id=visit_id)
    # The practice prompts answered for this child (M32): the local authority's reflection, not its partners'.
    answers = (
        prompt_answers_of(view.visit, child_id=child.pk)
        if has_permission(request.user, Permission.RECORD_VISIT, child)
        else []
    )
    return render(request, "visits/visit.html", {"child": child, "v": view, "prompt_answers": answers})


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record a visit, for one child or several brothers and sisters at once. What is typed is kept as a draft on
    the server (autosaved as the worker types, and on every submission), so a timeout or an error loses nothing."""
    child = access_child(
        request.user,
        child_id,
        permission=Permission.RECORD_VISIT,
        purpose="Recording a visit" if request.method == "GET" else "",
    )
    choices = _children(request, child)
    # The prompts that apply to any child who may be in the visit; the service asks those of the children ticked.
    prompts = prompts_for_children(
        children=Person.objects.filter(pk__in=[pk for pk, _ in choices]).select_related("child_profile"),
        moment=PromptMoment.VISIT,
    )
    status = 200
    draft: VisitDraft | None
    if request.method == "POST":
        draft = services.visit_draft_save(
            actor=request.user, child=child, data=_draft_data(request), draft_id=_draft_id(request.POST.get("draft_id"))
        )
        if request.POST.get("action") == "save_draft":
            messages.success(request, "Your draft has been saved. Only you can see it until you record the visit")
            return redirect(reverse("visits:visits", args=[child.pk]))
        form = forms.VisitForm(request.POST, children=choices, prompts=prompts)
        if form.is_valid():
            try:
                recorded = services.visit_record(
                    actor=request.user,
                    details=form.details(),
                    children=form.answers(),
                    draft=draft,
                    prompt_answers=form.prompt_answers(),
                )
            except ValidationError as exc:
                apply_domain_errors(form, exc)
            else:
                count = recorded.child_links.count()
                messages.success(
                    request, "Visit recorded" + (f" on the records of {count} children" if count > 1 else "")
                )
                return redirect(reverse("visits:visit", args=[child.pk, recorded.pk]))
        status = 400
    else:
        draft = selectors.draft_for(actor=request.user, child=child, draft_id=_draft_id(request.GET.get("draft")))
        if draft is not None:
            form = forms.VisitForm(_as_querydict(dict(draft.data)), children=choices, prompts=prompts)
            form.full_clean()
            form._errors = {}  # type: ignore[attr-defined]  # show the draft as typed, without errors yet
        else:
            form = forms.VisitForm(initial={"children": [child.pk]}, children=choices, prompts=prompts)
    return render(request, "visits/visit_form.html", {"child": child, "form": form, "draft": draft}, status=status)


@login_required
@require_POST
def visit_autosave(request: HttpRequest, child_id: int) -> JsonResponse:
    """The autosave endpoint (the case record's autosave.js posts the form here every few seconds while typing)."""
    child = access_child(request.user, child_id, permission=Permission.RECORD_VISIT)
    draft = services.visit_draft_save(
        actor=request.user, child=child, data=_draft_data(request), draft_id=_draft_id(request.POST.get("draft_id"))
    )
    return JsonResponse({"draft_id": draft.pk, "saved_at": timezone.localtime(draft.updated_at).strftime("%H:%M:%S")})
