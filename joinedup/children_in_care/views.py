"""Thin HTML views for children in care: parse the form, call one service or selector, render or redirect.
Who may do what is decided in access/ (a page the user may not use is a 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit.listing import audit_rows_listed
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.models import Person
from joinedup.people.selectors import greater_risk_flags
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child
from joinedup.timescales.selectors import due_by
from joinedup.ui.govuk import uk_date
from joinedup.ui.pages import form_page

from . import forms, presenters, selectors, services
from .models import AdoptionDecision, DeprivationOfLibertyOrder, MissingEpisode

Perform = Callable[[Any, Person], str]


def _child(request: HttpRequest, child_id: int, permission: Permission, purpose: str) -> Person:
    return access_child(request.user, child_id, permission=permission, purpose=purpose)


def _record(
    request: HttpRequest,
    child_id: int,
    *,
    permission: Permission,
    form_class: type[forms.CareForm],
    title: str,
    perform: Perform,
    intro: str = "",
    submit: str = "Save",
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | Callable[[Person], dict[str, Any]] | None = None,
    back: str = "",
    back_text: str = "",
    record: Callable[[Person], object] | None = None,
    invalid_status: int = 200,
) -> HttpResponse:
    """A page that records one thing about a child's care: the form, the service, the success banner. `record`
    finds the record of the child's the page is about (a missing episode, a decision, an order), so a record that is
    not this child's is not found before anything is shown (issue 26). A form sent back with errors answers
    `invalid_status` (400 for the forms that ask the child's voice, issue 18)."""
    child = _child(request, child_id, permission, title if request.method == "GET" else "")
    if record is not None:
        record(child)
    kwargs = form_kwargs(child) if callable(form_kwargs) else (form_kwargs or {})
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **kwargs)
    back = back or reverse("children_in_care:care_history", args=[child.pk])
    return form_page(
        request,
        form,
        perform=lambda: perform(form, child),
        success_url=back,
        template="children_in_care/record_form.html",
        context={
            "child": child,
            "title": title,
            "intro": intro,
            "submit": submit,
            "back": back,
            "back_text": back_text or "Back to the care history",
        },
        invalid_status=invalid_status,
    )


@login_required
def care_history(request: HttpRequest, child_id: int) -> HttpResponse:
    history = selectors.care_history_get(actor=request.user, child_id=child_id)
    tables = presenters.care_history_rows(history)
    return render(
        request, "children_in_care/care_history.html", {"h": history, "child": history.child, "tables": tables}
    )


@login_required
def care_episodes(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's SSDA903 episodes: each change of legal status or placement as the return records it."""
    child, periods = selectors.care_episodes_get(actor=request.user, child_id=child_id)
    return render(request, "children_in_care/care_episodes.html", {"child": child, "periods": periods})


@login_required
def children_in_care(request: HttpRequest) -> HttpResponse:
    qs = selectors.children_in_care_list(actor=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit_rows_listed(actor=request.user, rows=list(page), child_id=lambda child: child.pk)
    flags = greater_risk_flags(child_ids=[child.pk for child in page])
    return render(
        request, "children_in_care/children_in_care.html", {"page": page, "today": timezone.localdate(), "flags": flags}
    )


# -- becoming looked after, placements, legal status, ending care --------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def looked_after_start(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.LookedAfterStartForm, child: Person) -> str:
        services.looked_after_start(actor=request.user, child=child, details=form.details())
        return "The child is now looked after. Their first review, health assessment and care plan are on the clock."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.LookedAfterStartForm,
        title="Start to be looked after",
        intro="Record the legal status and the first placement. Every looked-after child has a care plan: if it is "
        "not agreed yet, give the date it is due.",
        submit="Start to be looked after",
        perform=perform,
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.PlacementMoveForm, child: Person) -> str:
        placement = services.placement_move(actor=request.user, child=child, move=form.move())
        return f"New placement recorded from {uk_date(placement.started_on)}."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.PlacementMoveForm,
        title="Record a new placement",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_status_change(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.LegalStatusForm, child: Person) -> str:
        d = form.cleaned_data
        services.legal_status_change(actor=request.user, child=child, code=d["code"], started_on=d["started_on"])
        return f"Legal status changed from {uk_date(d['started_on'])}."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.LegalStatusForm,
        title="Change of legal status",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def looked_after_end(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.LookedAfterEndForm, child: Person) -> str:
        d = form.cleaned_data
        services.looked_after_end(
            actor=request.user, child=child, ended_on=d["ended_on"], reason_ceased=d["reason_ceased"]
        )
        return f"Care ended on {uk_date(d['ended_on'])}. Clocks of being looked after are withdrawn."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.LookedAfterEndForm,
        title="Cease to be looked after",
        submit="Record that care ended",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def looked_after_start_correct(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.CorrectStartForm, child: Person) -> str:
        period = selectors.current_or_last_period(child=child)
        if period is None:
            raise NotFoundOrNotPermitted
        services.looked_after_start_correct(
            actor=request.user, period=period, started_on=form.cleaned_data["started_on"]
        )
        return "Start date corrected. The clocks it started have been recomputed."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.CorrectStartForm,
        title="Correct the date care started",
        intro="The first legal status, placement and episode move with it, and every clock it started is recomputed.",
        perform=perform,
    )


# -- plans, reviews and visits ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.CarePlanForm, child: Person) -> str:
        services.care_plan_record(
            actor=request.user,
            child=child,
            details=form.details(),
            late_reason=form.cleaned_data.get("late_reason", ""),
        )
        return "Care plan recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.CarePlanForm,
        title="Record the care plan",
        perform=perform,
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.PlacementPlanForm, child: Person) -> str:
        d = form.cleaned_data
        services.placement_plan_record(
            actor=request.user,
            child=child,
            agreed_on=d["agreed_on"],
            summary=d.get("summary", ""),
            late_reason=d.get("late_reason", ""),
        )
        return "Placement plan recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.PlacementPlanForm,
        title="Record the placement plan",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.ReviewForm, child: Person) -> str:
        review = services.looked_after_review_record(actor=request.user, child=child, details=form.details())
        return f"Review {review.number} recorded."

    child = _child(request, child_id, Permission.RECORD_LOOKED_AFTER_REVIEW, "")
    iro = selectors.independent_reviewing_officer(child=child)
    return _record(
        request,
        child_id,
        permission=Permission.RECORD_LOOKED_AFTER_REVIEW,
        form_class=forms.ReviewForm,
        title="Record a looked-after review",
        initial={"chair": str(iro.pk)} if iro else None,
        perform=perform,
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """A statutory visit is recorded on the one visit form (issue 18), which keeps the placement's regulation 28
    record of it (children_in_care/visits.py): this address, kept for links and bookmarks, leads there."""
    child = _child(request, child_id, Permission.RECORD_CARE, "")
    return redirect(reverse("visits:visit_new", args=[child.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def independent_reviewing_officer_appoint(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.IndependentReviewingOfficerForm, child: Person) -> str:
        d = form.cleaned_data
        iro = Practitioner.objects.filter(pk=int(d["iro"]), role=Role.INDEPENDENT_REVIEWING_OFFICER).first()
        if iro is None:
            raise ValidationError({"iro": ["Select an independent reviewing officer"]})
        services.independent_reviewing_officer_appoint(
            actor=request.user, child=child, iro=iro, started_on=d["started_on"]
        )
        return f"{iro.full_name} is the child's independent reviewing officer."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.IndependentReviewingOfficerForm,
        title="Appoint the independent reviewing officer",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def care_partner_add(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.CarePartnerForm, child: Person) -> str:
        partner, role = form.partner_and_role()
        services.care_partner_add(
            actor=request.user, child=child, partner=partner, role=role, started_on=form.cleaned_data["started_on"]
        )
        return f"{partner.full_name} now works with the child."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        form_class=forms.CarePartnerForm,
        title="Add the child's nurse or designated teacher",
        perform=perform,
    )


# -- health and education ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def health_assessment_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.HealthAssessmentForm, child: Person) -> str:
        d = form.cleaned_data
        assessment = services.health_assessment_record(
            actor=request.user,
            child=child,
            assessed_on=d["assessed_on"],
            carried_out_by=d.get("carried_out_by", ""),
            late_reason=d.get("late_reason", ""),
        )
        return f"{assessment.get_kind_display()} recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_HEALTH_ASSESSMENT,
        form_class=forms.HealthAssessmentForm,
        title="Record a health assessment",
        intro="The first in each period of care is the initial health assessment; later ones are reviews.",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dental_check_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.DentalCheckForm, child: Person) -> str:
        services.dental_check_record(actor=request.user, child=child, checked_on=form.cleaned_data["checked_on"])
        return "Dental check recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_HEALTH_CHECK,
        form_class=forms.DentalCheckForm,
        title="Record a dental check",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def immunisation_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.ImmunisationForm, child: Person) -> str:
        d = form.cleaned_data
        services.immunisation_status_record(
            actor=request.user, child=child, recorded_on=d["recorded_on"], is_up_to_date=bool(d["is_up_to_date"])
        )
        return "Immunisations recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_HEALTH_CHECK,
        form_class=forms.ImmunisationForm,
        title="Record immunisations",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sdq_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.SdqForm, child: Person) -> str:
        d = form.cleaned_data
        services.strengths_and_difficulties_record(
            actor=request.user,
            child=child,
            completed_on=d["completed_on"],
            score=d.get("score"),
            reason_not_completed=d.get("reason_not_completed") or "",
        )
        return "Strengths and difficulties questionnaire recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_HEALTH_CHECK,
        form_class=forms.SdqForm,
        title="Record a strengths and difficulties questionnaire",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def personal_education_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.PersonalEducationPlanForm, child: Person) -> str:
        plan = services.personal_education_plan_record(actor=request.user, child=child, details=form.details())
        return f"{plan.get_kind_display()}: recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE_EDUCATION,
        form_class=forms.PersonalEducationPlanForm,
        title="Record a personal education plan meeting",
        intro="With the virtual school. Personal education plans are reviewed every term.",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_change_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.SchoolChangeForm, child: Person) -> str:
        d = form.cleaned_data
        services.school_change_record(
            actor=request.user,
            child=child,
            school_id=int(d["school"]) if d.get("school") else None,
            changed_on=d["changed_on"],
            reason=d.get("reason", ""),
        )
        return "School change recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE_EDUCATION,
        form_class=forms.SchoolChangeForm,
        title="Record a change of school",
        perform=perform,
    )


# -- missing episodes ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def missing_episode_start(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.MissingStartForm, child: Person) -> str:
        started_at = form.instant("started_on", "started_time")
        if started_at is None:
            return ""
        services.missing_episode_start(
            actor=request.user, child=child, kind=form.cleaned_data["kind"], started_at=started_at
        )
        return "Missing episode recorded. The child's record shows them as missing until their return is recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_MISSING_EPISODE,
        form_class=forms.MissingStartForm,
        title="Record that the child is missing",
        intro="If the child is in immediate danger, call 999.",
        perform=perform,
    )


def _episode(child: Person, episode_id: int) -> MissingEpisode:
    episode = MissingEpisode.objects.filter(pk=episode_id, child=child).select_related("child").first()
    if episode is None:
        raise NotFoundOrNotPermitted
    return episode


@login_required
@require_http_methods(["GET", "POST"])
def missing_episode_end(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    def perform(form: forms.MissingEndForm, child: Person) -> str:
        ended_at = form.instant("ended_on", "ended_time")
        if ended_at is None:
            return ""
        episode = services.missing_episode_end(
            actor=request.user, episode=_episode(child, episode_id), ended_at=ended_at
        )
        return f"Return recorded. A return home interview is due {due_by(episode, 'return_home_interview')}."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_MISSING_EPISODE,
        form_class=forms.MissingEndForm,
        title="Record the child's return",
        perform=perform,
        record=lambda child: _episode(child, episode_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_home_interview_record(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    def perform(form: forms.ReturnHomeInterviewForm, child: Person) -> str:
        offered_at = form.instant("offered_on", "offered_time")
        if offered_at is None:
            return ""
        d = form.cleaned_data
        services.return_home_interview_record(
            actor=request.user,
            episode=_episode(child, episode_id),
            offered_at=offered_at,
            accepted=d.get("accepted"),
            held_on=d.get("held_on"),
            carried_out_by=d.get("carried_out_by", ""),
            outcome=d.get("outcome", ""),
            late_reason=d.get("late_reason", ""),
            prompt_answers=form.prompt_answers(),
        )
        return "Return home interview recorded."

    return _record(
        request,
        child_id,
        permission=Permission.RECORD_RETURN_HOME_INTERVIEW,
        form_class=forms.ReturnHomeInterviewForm,
        title="Record the return home interview",
        perform=perform,
        record=lambda child: _episode(child, episode_id),
        form_kwargs=lambda child: {
            "prompts": prompts_for_child(child=child, moment=PromptMoment.RETURN_HOME_INTERVIEW)
        },
        invalid_status=400,
    )


# -- adoption and deprivation of liberty ---------------------------------------------------------------------------


@login_required
def adoption(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's adoption record (decision, reversal, match, placement for adoption, adoption order) and their
    deprivation of liberty orders, period by period."""
    child, periods = selectors.adoption_get(actor=request.user, child_id=child_id)
    can_record = has_permission(request.user, Permission.RECORD_CARE, child)
    return render(
        request, "children_in_care/adoption.html", {"child": child, "periods": periods, "can_record": can_record}
    )


ADOPTION_BACK_TEXT = "Back to adoption and deprivation of liberty"


def _adoption_url(child_id: int) -> str:
    return reverse("children_in_care:adoption", args=[child_id])


def _record_for_adoption(request: HttpRequest, child_id: int, **kwargs: Any) -> HttpResponse:
    """A form on the adoption page's records: recorded by those who record the child's care, then back to that page."""
    return _record(
        request,
        child_id,
        permission=Permission.RECORD_CARE,
        back=_adoption_url(child_id),
        back_text=ADOPTION_BACK_TEXT,
        **kwargs,
    )


def _decision(child: Person, decision_id: int) -> AdoptionDecision:
    decision = AdoptionDecision.objects.filter(pk=decision_id, child=child).select_related("child").first()
    if decision is None:
        raise NotFoundOrNotPermitted
    return decision


@login_required
@require_http_methods(["GET", "POST"])
def adoption_decision_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.AdoptionDecisionForm, child: Person) -> str:
        services.adoption_decision_record(actor=request.user, child=child, decided_on=form.cleaned_data["decided_on"])
        return "Decision that the child should be placed for adoption recorded."

    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.AdoptionDecisionForm,
        title="Record the decision that the child should be placed for adoption",
        intro="The agency decision maker's decision, made while the child is looked after.",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_decision_correct(request: HttpRequest, child_id: int, decision_id: int) -> HttpResponse:
    def perform(form: forms.AdoptionDecisionForm, child: Person) -> str:
        services.adoption_decision_correct(
            actor=request.user, decision=_decision(child, decision_id), decided_on=form.cleaned_data["decided_on"]
        )
        return "Date of the decision corrected."

    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.AdoptionDecisionForm,
        title="Correct the date of the decision that the child should be placed for adoption",
        perform=perform,
        record=lambda child: _decision(child, decision_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_decision_reverse(request: HttpRequest, child_id: int, decision_id: int) -> HttpResponse:
    def perform(form: forms.AdoptionDecisionReverseForm, child: Person) -> str:
        services.adoption_decision_reverse(
            actor=request.user,
            decision=_decision(child, decision_id),
            ceased_on=form.cleaned_data["ceased_on"],
            reason=form.cleaned_data["reason"],
        )
        return "Decision that the child should no longer be placed for adoption recorded."

    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.AdoptionDecisionReverseForm,
        title="Record that the child should no longer be placed for adoption",
        perform=perform,
        record=lambda child: _decision(child, decision_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adopter_match_record(request: HttpRequest, child_id: int, decision_id: int) -> HttpResponse:
    def perform(form: forms.AdopterMatchForm, child: Person) -> str:
        data = form.cleaned_data
        services.adopter_match_record(
            actor=request.user,
            decision=_decision(child, decision_id),
            matched_on=data["matched_on"],
            adopters_are_foster_carers=bool(data["adopters_are_foster_carers"]),
            number_of_adopters=data["number_of_adopters"],
            adopters_sex=data["adopters_sex"],
            adopters_legal_status=data["adopters_legal_status"],
        )
        return "Match with adopters recorded."

    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.AdopterMatchForm,
        title="Record the match with adopters",
        intro="Recording the match again corrects it.",
        perform=perform,
        record=lambda child: _decision(child, decision_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deprivation_of_liberty_order_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def perform(form: forms.DeprivationOfLibertyOrderForm, child: Person) -> str:
        services.deprivation_of_liberty_order_record(
            actor=request.user,
            child=child,
            started_on=form.cleaned_data["started_on"],
            ended_on=form.cleaned_data.get("ended_on"),
        )
        return "Deprivation of liberty order recorded."

    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.DeprivationOfLibertyOrderForm,
        title="Record a deprivation of liberty order",
        intro="The court's order authorising the deprivation of the looked-after child's liberty.",
        perform=perform,
    )


def _order(child: Person, order_id: int) -> DeprivationOfLibertyOrder:
    order = DeprivationOfLibertyOrder.objects.filter(pk=order_id, child=child).select_related("child").first()
    if order is None:
        raise NotFoundOrNotPermitted
    return order


@login_required
@require_http_methods(["GET", "POST"])
def deprivation_of_liberty_order_end(request: HttpRequest, child_id: int, order_id: int) -> HttpResponse:
    def perform(form: forms.DeprivationOfLibertyOrderEndForm, child: Person) -> str:
        services.deprivation_of_liberty_order_end(
            actor=request.user, order=_order(child, order_id), ended_on=form.cleaned_data["ended_on"]
        )
        return "End of the deprivation of liberty order recorded."

    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.DeprivationOfLibertyOrderEndForm,
        title="Record the end of the deprivation of liberty order",
        perform=perform,
        record=lambda child: _order(child, order_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deprivation_of_liberty_order_correct(request: HttpRequest, child_id: int, order_id: int) -> HttpResponse:
    def perform(form: forms.DeprivationOfLibertyOrderForm, child: Person) -> str:
        services.deprivation_of_liberty_order_correct(
            actor=request.user,
            order=_order(child, order_id),
            started_on=form.cleaned_data["started_on"],
            ended_on=form.cleaned_data.get("ended_on"),
        )
        return "Dates of the deprivation of liberty order corrected."

    # The dates as recorded, to correct (shown only once _record has found the child visible to this user).
    recorded = DeprivationOfLibertyOrder.objects.filter(pk=order_id, child_id=child_id).values("started_on", "ended_on")
    return _record_for_adoption(
        request,
        child_id,
        form_class=forms.DeprivationOfLibertyOrderForm,
        title="Correct the dates of the deprivation of liberty order",
        initial=recorded.first() if request.method == "GET" else None,
        perform=perform,
        record=lambda child: _order(child, order_id),
    )
