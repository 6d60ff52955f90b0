from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.models import Person
from joinedup.ui.fields import apply_domain_errors

from . import services
from .forms import BreakGlassForm, BreakGlassReviewForm
from .scopes import people_searchable_by
from .selectors import break_glass_awaiting_review


@login_required
def break_glass(request: HttpRequest, child_id: int) -> HttpResponse:
    child = people_searchable_by(request.user).filter(pk=child_id, is_child_record=True).first()
    if child is None:
        raise Http404
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_start(actor=request.user, child_id=child.pk, reason=form.cleaned_data["reason"])
        except NotFoundOrNotPermitted as exc:
            raise Http404 from exc
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, "Emergency access is open for 4 hours. Your manager has been told.")
            return redirect("people:child_record", child.pk)
    return render(request, "access/break_glass.html", {"form": form, "child": _summary(child)})


def _summary(child: Person) -> dict[str, object]:
    return {"id": child.pk, "name": child.full_name, "date_of_birth": child.date_of_birth}


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
            return redirect("ui:home")
    return render(request, "access/break_glass_review.html", {"form": form, "access": access})
