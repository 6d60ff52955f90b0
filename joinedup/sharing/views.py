"""Thin HTML views for sharing: a partner's shared event; professional challenge and escalation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.people.models import Person
from joinedup.ui.fields import apply_domain_errors

from . import forms, selectors, services
from .models import ChallengeStatus


def _child(request: HttpRequest, child_id: int, permission: Permission, purpose: str = "") -> Person:
    return access_child(request.user, child_id, permission=permission, purpose=purpose)


@login_required
@require_http_methods(["GET", "POST"])
def share_event(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id, Permission.SHARE_EVENT, "Sharing an event" if request.method == "GET" else "")
    form = forms.SharedEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shared_event_record(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, "Shared with the local authority. It is in the child's chronology")
            return redirect(reverse("chronology:chronology", args=[child.pk]))
    return render(
        request,
        "case_record/simple_form.html",
        {
            "child": child,
            "form": form,
            "title": "Share an event",
            "submit": "Share the event",
            "intro": (
                "Police and health events, and anything else the local authority should know, for the child's "
                "chronology."
            ),
            "back": reverse("chronology:chronology", args=[child.pk]),
            "back_text": "Back to the chronology",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(
        request,
        child_id,
        Permission.RAISE_CHALLENGE,
        "Raising a professional challenge" if request.method == "GET" else "",
    )
    form = forms.ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_raise(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, f"Challenge {challenge.reference} recorded at level 1")
            return redirect(reverse("sharing:challenge", args=[challenge.pk]))
    return render(
        request,
        "case_record/simple_form.html",
        {
            "child": child,
            "form": form,
            "title": "Challenge a decision",
            "submit": "Record the challenge",
            "intro": (
                "Start by talking to the practitioner who made the decision (level 1). If it is not resolved, "
                "escalate it to managers (level 2), senior managers (level 3) and the safeguarding partnership "
                "(level 4)."
            ),
            "back": reverse("sharing:challenges"),
            "back_text": "Back to professional challenges",
        },
    )


@login_required
def challenges(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = selectors.challenge_list(actor=request.user, status=status if status in ChallengeStatus.values else "")
    return render(request, "sharing/challenges.html", {"challenges": rows, "status": status})


@login_required
@require_http_methods(["GET", "POST"])
def challenge(request: HttpRequest, challenge_id: int) -> HttpResponse:
    found = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    can_respond = found.status == ChallengeStatus.OPEN and has_permission(
        request.user, Permission.RESPOND_TO_CHALLENGE, found
    )
    form = forms.ChallengeStepForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        if not can_respond:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            action = {
                "response": services.challenge_respond,
                "escalated": services.challenge_escalate,
                "resolved": services.challenge_resolve,
            }[d["kind"]]
            try:
                action(actor=request.user, challenge=found, note=d["note"], on=d["on"])
            except ValidationError as exc:
                apply_domain_errors(form, exc)
            else:
                messages.success(
                    request,
                    {
                        "response": "Response recorded",
                        "escalated": "Escalated to the next level",
                        "resolved": "Challenge resolved",
                    }[d["kind"]],
                )
                return redirect(reverse("sharing:challenge", args=[found.pk]))
    return render(
        request,
        "sharing/challenge.html",
        {
            "c": found,
            "form": form,
            "can_respond": can_respond,
            "steps": list(found.steps.all()),
            "today": timezone.localdate(),
        },
    )
