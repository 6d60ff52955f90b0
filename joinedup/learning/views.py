"""Thin HTML views of learning from serious incidents (issue 22): each parses a form, calls one selector or one
service (which checks the permission and audits), and renders or redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.ui.pages import Done, form_page

from . import forms, selectors, services
from .models import AbuseOrNeglect, IncidentOutcome, IncidentSetting


def _done(message: str, call: Callable[[], Any]) -> Callable[[], str]:
    """A form's `perform`: call the service, then say `message`."""

    def perform() -> str:
        call()
        return message

    return perform


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    caption: str,
    perform: Callable[[], str | Done],
    back: str,
    success_url: str = "",
    submit: str = "Save",
    intro: str = "",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    return form_page(
        request,
        form,
        perform=perform,
        template="learning/form.html",
        context={
            "title": title,
            "caption": caption,
            "submit": submit,
            "intro": intro,
            "back": back,
            **(context or {}),
        },
        success_url=success_url or back,
        invalid_status=400,
    )


def _incident(request: HttpRequest, incident_id: int, purpose: str = "") -> Any:
    return selectors.serious_incident_get(
        actor=request.user, incident_id=incident_id, purpose=purpose if request.method == "GET" else ""
    )


def _incident_url(incident: Any) -> str:
    return reverse("learning:incident", args=[incident.pk])


@login_required
@require_GET
def incidents(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, Permission.VIEW_SERIOUS_INCIDENTS):
        raise Http404
    rows = selectors.serious_incident_list(actor=request.user)
    return render(
        request,
        "learning/incidents.html",
        {
            "incidents": rows,
            "today": timezone.localdate(),
            "sees_log": has_permission(request.user, Permission.VIEW_LEARNING_LOG),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = access_child(
        request.user,
        child_id,
        permission=Permission.RECORD_SERIOUS_INCIDENT,
        purpose="Recording a serious incident" if request.method == "GET" else "",
    )
    form = forms.SeriousIncidentForm(_post(request))

    def perform() -> Done:
        incident = services.serious_incident_record(actor=request.user, child=child, **form.cleaned_data)
        return Done("Serious incident recorded. The notification to the Panel is due", _incident_url(incident))

    return _form(
        request,
        form,
        title="Record a serious incident",
        caption=child.display_name,
        perform=perform,
        back=reverse("records:child_record", args=[child.pk]),
        submit="Record the serious incident",
        intro=(
            "A child has died or been seriously harmed and abuse or neglect is known or suspected, or a child died "
            "in care or in a regulated setting. What the record already knows (known to children's social care, "
            "on a child protection plan, looked after) is taken from it."
        ),
    )


@login_required
@require_GET
def incident(request: HttpRequest, incident_id: int) -> HttpResponse:
    found = _incident(request, incident_id, "Serious incident")
    review = selectors.rapid_review_of(found)
    return render(
        request,
        "learning/incident.html",
        {
            "incident": found,
            "review": review,
            "contributions": selectors.contributions_for(review) if review else [],
            "chronology": selectors.rapid_review_chronology(actor=request.user, review=review) if review else [],
            "local": selectors.local_review_of(found),
            "today": timezone.localdate(),
            "labels": {
                "outcome": dict(IncidentOutcome.choices),
                "abuse": dict(AbuseOrNeglect.choices),
                "setting": dict(IncidentSetting.choices),
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_notify(request: HttpRequest, incident_id: int) -> HttpResponse:
    found = _incident(request, incident_id, "Sending a serious incident notification")
    form = forms.NotificationForm(_post(request), initial={"notified_on": timezone.localdate()})
    return _form(
        request,
        form,
        title="Notification sent to the Panel",
        caption=found.child.display_name,
        perform=_done(
            "Notification recorded as sent to the Panel",
            lambda: services.serious_incident_notify(actor=request.user, incident=found, **form.cleaned_data),
        ),
        back=_incident_url(found),
        submit="Record the notification as sent",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_start(request: HttpRequest, incident_id: int) -> HttpResponse:
    found = _incident(request, incident_id, "Starting a rapid review")
    agencies = [o.pk for o in found.agencies_involved.all()]
    form = forms.RapidReviewStartForm(_post(request), agencies=agencies)
    return _form(
        request,
        form,
        title="Start the rapid review",
        caption=found.child.display_name,
        perform=_done(
            "Rapid review started. Each agency has been asked for its contribution",
            lambda: services.rapid_review_start(actor=request.user, incident=found, **form.cleaned_data),
        ),
        back=_incident_url(found),
        submit="Start the rapid review",
        intro="The chronology is drawn from the child's multi-agency chronology for these dates.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution(request: HttpRequest, contribution_id: int) -> HttpResponse:
    found = selectors.contribution_get(
        actor=request.user,
        contribution_id=contribution_id,
        purpose="Rapid review contribution" if request.method == "GET" else "",
    )
    review = found.rapid_review
    form = forms.ContributionForm(_post(request), initial={"contribution": found.contribution})

    def context() -> dict[str, Any]:
        return {"chronology": selectors.rapid_review_chronology(actor=request.user, review=review)}

    return form_page(
        request,
        form,
        perform=_done(
            "Your agency's contribution is recorded",
            lambda: services.agency_contribution_record(
                actor=request.user, contribution=found, text=form.cleaned_data["contribution"]
            ),
        ),
        template="learning/contribution.html",
        context=lambda: {
            "title": "Your agency's contribution to the rapid review",
            "caption": found.organisation.name,
            "submit": "Record the contribution",
            "contribution": found,
            "review": review,
            "back": reverse("learning:actions"),
            **context(),
        },
        success_url=reverse("learning:contribution", args=[found.pk]),
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rapid_review_decide(request: HttpRequest, incident_id: int) -> HttpResponse:
    found = _incident(request, incident_id, "Recording the rapid review's decision")
    review = selectors.rapid_review_of(found)
    if review is None:
        raise Http404
    form = forms.DecisionForm(_post(request), initial={"sent_to_panel_on": timezone.localdate()})
    return _form(
        request,
        form,
        title="The rapid review's learning and decision",
        caption=found.child.display_name,
        perform=_done(
            "Rapid review recorded as sent to the Panel",
            lambda: services.rapid_review_decide(actor=request.user, review=review, **form.cleaned_data),
        ),
        back=_incident_url(found),
        submit="Record the decision as sent to the Panel",
    )


def _local(request: HttpRequest, incident_id: int, purpose: str) -> tuple[Any, Any]:
    found = _incident(request, incident_id, purpose)
    local = selectors.local_review_of(found)
    if local is None:
        raise Http404
    return found, local


@login_required
@require_http_methods(["GET", "POST"])
def local_review_plan(request: HttpRequest, incident_id: int) -> HttpResponse:
    found, local = _local(request, incident_id, "Planning a local review")
    form = forms.LocalReviewForm(_post(request), initial={"scope": local.scope, "reviewer": local.reviewer})
    return _form(
        request,
        form,
        title="The local child safeguarding practice review",
        caption=found.child.display_name,
        perform=_done(
            "Scope and reviewer recorded",
            lambda: services.local_review_plan(actor=request.user, local=local, **form.cleaned_data),
        ),
        back=_incident_url(found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_new(request: HttpRequest, incident_id: int) -> HttpResponse:
    found, local = _local(request, incident_id, "Adding a review milestone")
    form = forms.MilestoneForm(_post(request))
    return _form(
        request,
        form,
        title="Add a milestone",
        caption=found.child.display_name,
        perform=_done(
            "Milestone added",
            lambda: services.review_milestone_add(actor=request.user, local=local, **form.cleaned_data),
        ),
        back=_incident_url(found),
        submit="Add the milestone",
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_review_publish(request: HttpRequest, incident_id: int) -> HttpResponse:
    found, local = _local(request, incident_id, "Publishing a local review")
    form = forms.PublicationForm(_post(request))
    return _form(
        request,
        form,
        title="Publication of the review",
        caption=found.child.display_name,
        perform=_done(
            "Publication recorded",
            lambda: services.local_review_publish(actor=request.user, local=local, **form.cleaned_data),
        ),
        back=_incident_url(found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request: HttpRequest, incident_id: int) -> HttpResponse:
    found = _incident(request, incident_id, "Adding a recommendation")
    form = forms.RecommendationForm(_post(request))
    return _form(
        request,
        form,
        title="Add a recommendation",
        caption=found.child.display_name,
        perform=_done(
            "Recommendation added",
            lambda: services.recommendation_add(actor=request.user, incident=found, **form.cleaned_data),
        ),
        back=_incident_url(found),
        submit="Add the recommendation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, incident_id: int, recommendation_id: int) -> HttpResponse:
    found = _incident(request, incident_id, "Adding a learning action")
    recommendation = next((r for r in found.recommendations.all() if r.pk == recommendation_id), None)
    if recommendation is None:
        raise Http404
    form = forms.LearningActionForm(_post(request))
    return _form(
        request,
        form,
        title="Add a learning action",
        caption=recommendation.recommendation[:80],
        perform=_done(
            "Learning action added",
            lambda: services.learning_action_add(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            ),
        ),
        back=_incident_url(found),
        submit="Add the action",
    )


@login_required
@require_GET
def actions(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, Permission.VIEW_OWN_LEARNING_ACTIONS):
        raise Http404
    every = has_permission(request.user, Permission.VIEW_LEARNING_LOG) and request.GET.get("whose") != "mine"
    rows = selectors.learning_action_list(actor=request.user, every_agency=every)
    today = timezone.localdate()
    return render(
        request,
        "learning/actions.html",
        {
            "actions": [(a, selectors.action_status(a, today)) for a in rows],
            "every": every,
            "may_see_every": has_permission(request.user, Permission.VIEW_LEARNING_LOG),
            "labels": selectors.ACTION_STATUS_LABELS,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, action_id: int) -> HttpResponse:
    found = selectors.learning_action_get(
        actor=request.user, action_id=action_id, purpose="Learning action" if request.method == "GET" else ""
    )
    step = request.POST.get("step") if request.method == "POST" else ""
    progress = forms.ProgressForm(_post(request) if step == "progress" else None, prefix="progress")
    completion = forms.CompletionForm(
        _post(request) if step == "complete" else None,
        prefix="complete",
        initial={"completed_on": timezone.localdate()},
    )
    if step == "complete":
        form: Any = completion
        perform = _done(
            "Action completed, with its evidence",
            lambda: services.learning_action_complete(actor=request.user, action=found, **completion.cleaned_data),
        )
    else:
        form = progress
        perform = _done(
            "Progress recorded",
            lambda: services.learning_action_update(actor=request.user, action=found, **progress.cleaned_data),
        )
    return form_page(
        request,
        form,
        perform=perform,
        template="learning/action.html",
        context={
            "action": found,
            "status": selectors.action_status(found, timezone.localdate()),
            "labels": selectors.ACTION_STATUS_LABELS,
            "progress_form": progress,
            "completion_form": completion,
            "today": timezone.localdate(),
        },
        success_url=reverse("learning:action", args=[found.pk]),
        invalid_status=400,
    )


@login_required
@require_GET
def learning_log(request: HttpRequest) -> HttpResponse:
    harm_types = selectors.learning_log_harm_types()
    form = forms.LearningLogForm(request.GET or None, harm_types=harm_types)
    filters = selectors.LearningLogFilters()
    if form.is_valid():
        filters = selectors.LearningLogFilters(**form.cleaned_data)
    rows = selectors.learning_log(actor=request.user, filters=filters)
    return render(request, "learning/log.html", {"form": form, "rows": rows, "searched": bool(request.GET)})
