"""Thin HTML views for assessments: a child's assessments and Family Help, start an assessment from a referral,
record it, answer the practice prompts, authorise it (managers), record a birth, and the practice prompts page
(administrators and managers). Permissions come from access/; every rule is the services'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.core.carers import carers_of
from joinedup.prompts import selectors as prompt_selectors
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.models import PracticePrompt
from joinedup.prompts.targeting import prompts_for_child
from joinedup.timescales.selectors import figure_in_force, pre_birth_conference_due
from joinedup.ui.govuk import uk_date
from joinedup.ui.pages import Done, form_page

from . import selectors, services
from .forms import (
    AssessmentForm,
    AuthoriseForm,
    BirthForm,
    ExpectedDateForm,
    PracticePromptForm,
    PromptsForm,
    StartForm,
)
from .people import people_known

RECORD_FORM = "assessments/record_form.html"


def record_form_page(
    request: HttpRequest,
    form: Any,
    *,
    perform: Callable[[], str | Done],
    title: str,
    submit: str,
    back: str,
    caption: str = "",
    intro: list[str] | None = None,
    back_text: str = "Back",
    success_url: str = "",
    about: models.Model | None = None,
    invalid_status: int = 200,
) -> HttpResponse:
    """A form on assessments/record_form.html, where assessments and Family Help record: the back link goes to
    `back`, and so does the success banner unless `success_url` (or the service's `Done`) says elsewhere. `about` is
    the child, or the child's record, the form is on (its caption names the child): each time the page is shown, the
    read is in the child's audit trail (issue 26). A form sent back with errors answers `invalid_status`."""

    def context() -> dict[str, Any]:
        if about is not None:
            selectors.form_shown(actor=request.user, record=about, purpose=title)
        return {
            "title": title,
            "caption": caption,
            "intro": intro or [],
            "submit": submit,
            "back": back,
            "back_text": back_text,
        }

    return form_page(
        request,
        form,
        perform=perform,
        success_url=success_url or back,
        template=RECORD_FORM,
        context=context,
        invalid_status=invalid_status,
    )


def _404_unless(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _child(request: HttpRequest, child_id: int) -> Any:
    return selectors.child_get_for_assessment(actor=request.user, child_id=child_id)


def _assessment(request: HttpRequest, assessment_id: int) -> Any:
    return selectors.assessment_get_for_change(actor=request.user, assessment_id=assessment_id)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    child = _child(request, child_id)
    _404_unless(has_permission(request.user, Permission.RECORD_ASSESSMENT, child))
    referral = selectors.referrals_awaiting_assessment(child=child).filter(pk=referral_id).first()
    _404_unless(referral is not None)
    assert referral is not None
    form = StartForm(request.POST if request.method == "POST" else None, initial={"started_on": timezone.localdate()})

    def perform() -> Done:
        assessment = services.single_assessment_start(
            actor=request.user,
            referral=referral,
            started_on=form.cleaned_data["started_on"],
            worker=practitioner_of(request.user),
        )
        return Done(
            f"Assessment started. It is due by {uk_date(assessment.due_on)}.",
            reverse("assessments:assessment", args=[assessment.pk]),
        )

    figure = figure_in_force("single_assessment", on=referral.referral_date)
    return record_form_page(
        request,
        form,
        perform=perform,
        title="Start the assessment",
        caption=child.display_name,
        about=child,
        intro=[
            f"Referred on {uk_date(referral.referral_date)}. The assessment is due {figure} from the referral "
            "date, not from today."
        ],
        submit="Start the assessment",
        back=reverse("family_help:child_overview", args=[child.pk]),
    )


@login_required
def assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    record = selectors.assessment_record(actor=request.user, assessment_id=assessment_id)
    can_open_family_help = (
        record.assessment.is_authorised
        and record.assessment.outcome == "family_help"
        and has_permission(request.user, Permission.MANAGE_FAMILY_HELP, record.assessment.child)
    )
    return render(
        request,
        "assessments/assessment.html",
        {
            "r": record,
            "a": record.assessment,
            "today": timezone.localdate(),
            "can_open_family_help": can_open_family_help,
            "due_figure": figure_in_force("single_assessment", on=record.assessment.referral_date),
            "pre_birth_figure": figure_in_force(
                "pre_birth_conference", interval="conference", on=record.assessment.expected_date_of_delivery
            )
            if record.assessment.expected_date_of_delivery
            else "",
        },
    )


def _health_professionals() -> Any:
    return (
        Practitioner.objects.filter(is_registered_health_professional=True)
        .select_related("organisation")
        .order_by("family_name", "given_name")
    )


def _assessment_form_page(
    request: HttpRequest, a: Any, form: Any, *, perform: Callable[[], str], title: str, intro: list[str], submit: str
) -> HttpResponse:
    """A form on one assessment, back to it when done."""
    assessment_url = reverse("assessments:assessment", args=[a.pk])
    return record_form_page(
        request,
        form,
        perform=perform,
        title=title,
        caption=f"{a.get_kind_display()}: {a.child.display_name}",
        about=a,
        intro=intro,
        submit=submit,
        back=assessment_url,
        back_text="Back to the assessment",
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_record(request: HttpRequest, assessment_id: int) -> HttpResponse:
    a = _assessment(request, assessment_id)
    _404_unless(not a.is_authorised and has_permission(request.user, Permission.RECORD_ASSESSMENT, a.child))
    # Answers the form asks as the assessment holds them; the rest as the form's fields take them.
    converted = {
        "child_seen_alone": None if a.child_seen_alone is None else ("yes" if a.child_seen_alone else "no"),
        "lives_with_foster_carers_or_residential_staff": "yes"
        if a.lives_with_foster_carers_or_residential_staff
        else "no",
        "health_representative": str(a.health_representative_id or ""),
        "factors": list(a.factor_rows.values_list("code", flat=True)),
        "harms": list(a.harm_links.values_list("harm_type__code", flat=True)) or selectors.front_door_harm_codes(a),
    }
    known = people_known(child=a.child)
    initial = {name: getattr(a, name) for name in AssessmentForm.base_fields if name not in converted} | converted
    initial["people"] = [str(pk) for pk in selectors.people_carried_forward(a, known)]
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        health_professionals=_health_professionals(),
        carers=carers_of(child=a.child),
        carers_views={c.key: c.views for c in a.carers.all()},
        people=known,
    )

    def perform() -> str:
        d = form.cleaned_data
        details = services.AssessmentDetails(
            child_seen_on=d.get("child_seen_on"),
            child_seen_alone=d.get("child_seen_alone"),
            child_not_seen_alone_reason=d.get("child_not_seen_alone_reason", ""),
            childs_wishes_and_feelings=d.get("childs_wishes_and_feelings", ""),
            direct_work=d.get("direct_work", ""),
            parents_views=d.get("parents_views", ""),
            fathers_views=d.get("fathers_views", ""),
            lives_with_foster_carers_or_residential_staff=bool(d.get("lives_with_foster_carers_or_residential_staff")),
            carers_views=d.get("carers_views", ""),
            analysis=d.get("analysis", ""),
            outcome=d.get("outcome", ""),
            outcome_rationale=d.get("outcome_rationale", ""),
            primary_need=d.get("primary_need", ""),
            health_representative_id=int(d["health_representative"]) if d.get("health_representative") else None,
            health_representative_contribution=d.get("health_representative_contribution", ""),
            named_carers_views=form.named_carers_views(),
            people_ids=form.people_ids(),
        )
        services.single_assessment_record(
            actor=request.user,
            assessment=a,
            details=details,
            factor_codes=list(d.get("factors") or []),
            harm_codes=list(d.get("harms") or []),
        )
        return "Assessment saved."

    return _assessment_form_page(
        request,
        a,
        form,
        perform=perform,
        title="Record the assessment",
        intro=["You can save it as you go. Everything is checked when the manager authorises it."],
        submit="Save the assessment",
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_prompts(request: HttpRequest, assessment_id: int) -> HttpResponse:
    a = _assessment(request, assessment_id)
    _404_unless(not a.is_authorised and has_permission(request.user, Permission.RECORD_ASSESSMENT, a.child))
    answers = {x.prompt_id: x.answer for x in a.prompt_answers.all()}
    asked = [(p, answers.get(p.pk, "")) for p in prompts_for_child(child=a.child, moment=PromptMoment.ASSESSMENT)]
    form = PromptsForm(request.POST if request.method == "POST" else None, prompts=asked)

    def perform() -> str:
        services.assessment_prompts_answer(actor=request.user, assessment=a, answers=form.answers())
        return "Practice prompts answered."

    return _assessment_form_page(
        request,
        a,
        form,
        perform=perform,
        title="Practice prompts",
        intro=["Answer each prompt in your own words. Your manager reads your answers when authorising."],
        submit="Save the answers",
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_authorise(request: HttpRequest, assessment_id: int) -> HttpResponse:
    a = _assessment(request, assessment_id)
    _404_unless(not a.is_authorised and has_permission(request.user, Permission.AUTHORISE_ASSESSMENT, a.child))
    form = AuthoriseForm(
        request.POST if request.method == "POST" else None, initial={"authorised_on": timezone.localdate()}
    )

    def perform() -> str:
        services.single_assessment_authorise(
            actor=request.user,
            assessment=a,
            authorised_on=form.cleaned_data["authorised_on"],
            late_reason=form.cleaned_data.get("late_reason", ""),
        )
        return "Assessment authorised."

    late = timezone.localdate() > a.due_on
    return _assessment_form_page(
        request,
        a,
        form,
        perform=perform,
        title="Authorise the assessment",
        intro=[
            f"Outcome proposed: {a.get_outcome_display() or 'not yet chosen'}.",
            f"Due by {uk_date(a.due_on)}" + (": it is late, so say why." if late else "."),
        ],
        submit="Authorise",
    )


@login_required
@require_http_methods(["GET", "POST"])
def expected_date_change(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    profile = getattr(child, "child_profile", None)
    _404_unless(bool(profile and profile.is_unborn) and has_permission(request.user, Permission.CHANGE_CHILD, child))
    assert profile is not None
    initial = {"expected_date_of_delivery": profile.expected_date_of_delivery}
    form = ExpectedDateForm(request.POST if request.method == "POST" else None, initial=initial)

    def perform() -> str:
        expected = form.cleaned_data["expected_date_of_delivery"]
        services.expected_date_of_delivery_change(actor=request.user, child=child, expected_date_of_delivery=expected)
        due = pre_birth_conference_due(child)
        return "Expected date of delivery changed." + (
            f" The pre-birth conference is now due by {uk_date(due)}." if due is not None else ""
        )

    figure = figure_in_force("pre_birth_conference", interval="conference", on=profile.expected_date_of_delivery)
    return record_form_page(
        request,
        form,
        perform=perform,
        title="Change the expected date of delivery",
        caption=child.display_name,
        about=child,
        intro=[
            "The pre-birth conference clock and any pre-birth assessment in progress move with the new date: the "
            f"conference is still due {figure}."
        ],
        submit="Change the date",
        back=reverse("family_help:child_overview", args=[child.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def birth_record(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)
    profile = getattr(child, "child_profile", None)
    _404_unless(bool(profile and profile.is_unborn) and has_permission(request.user, Permission.CHANGE_CHILD, child))
    form = BirthForm(request.POST if request.method == "POST" else None)

    def perform() -> str:
        d = form.cleaned_data
        services.unborn_child_birth_record(
            actor=request.user,
            child=child,
            date_of_birth=d["date_of_birth"],
            given_name=d.get("given_name", ""),
            sex=d["sex"],
        )
        return "Birth recorded. The unborn child's record is now the child's record."

    return record_form_page(
        request,
        form,
        perform=perform,
        title="Record the birth",
        caption=child.display_name,
        about=child,
        intro=["Everything on the unborn child's record stays with the baby's record."],
        submit="Record the birth",
        back=reverse("family_help:child_overview", args=[child.pk]),
    )


# -- practice prompts, as the authority words them ----------------------------------------------------------


@login_required
def practice_prompts(request: HttpRequest) -> HttpResponse:
    _404_unless(has_permission(request.user, Permission.CHANGE_PRACTICE_PROMPTS))
    return render(
        request, "assessments/practice_prompts.html", {"prompts": list(prompt_selectors.practice_prompts_all())}
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_prompt_edit(request: HttpRequest, prompt_id: int | None = None) -> HttpResponse:
    _404_unless(has_permission(request.user, Permission.CHANGE_PRACTICE_PROMPTS))
    prompt = None
    initial: dict[str, Any] = {"is_active": "yes", "is_required": "yes", "applies_to": "all"}
    if prompt_id is not None:
        prompt = PracticePrompt.objects.filter(pk=prompt_id).first()
        _404_unless(prompt is not None)
        assert prompt is not None
        initial = {
            "moment": prompt.moment,
            "applies_to": prompt.applies_to,
            "question": prompt.question,
            "guidance": prompt.guidance,
            "display_order": prompt.display_order,
            "is_active": "yes" if prompt.is_active else "no",
            "is_required": "yes" if prompt.is_required else "no",
        }
    form = PracticePromptForm(request.POST if request.method == "POST" else None, initial=initial)

    def perform() -> str:
        d = form.cleaned_data
        services.practice_prompt_save(
            actor=request.user,
            prompt=prompt,
            moment=d["moment"],
            applies_to=d["applies_to"],
            question=d["question"],
            guidance=d.get("guidance", ""),
            display_order=d["display_order"],
            is_active=bool(d["is_active"]),
            is_required=d.get("is_required") is not False,
        )
        return "Practice prompt saved."

    return record_form_page(
        request,
        form,
        perform=perform,
        title="Change a practice prompt" if prompt else "Add a practice prompt",
        intro=["Answers already given keep the words that were asked."],
        submit="Save the prompt",
        back=reverse("assessments:practice_prompts"),
        back_text="Back to the practice prompts",
    )
