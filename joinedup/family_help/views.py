"""Thin HTML views for Family Help: open it from an authorised assessment, the family's record page, the plan,
reviews, the network, family group decision making, step-up and step-down, closure. Permissions come from
access/; every rule is the services'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.assessments import selectors as assessment_selectors
from joinedup.assessments.selectors import assessment_get_for_change
from joinedup.assessments.views import record_form_page
from joinedup.audit import services as auditor
from joinedup.people.models import Person
from joinedup.people.selectors import child_family_network
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_children
from joinedup.ui.govuk import uk_date
from joinedup.ui.pages import Done

from . import selectors, services
from .forms import (
    ActionStatusForm,
    CloseForm,
    FgdmMeetingForm,
    FgdmOfferForm,
    FgdmResponseForm,
    LeadChangeForm,
    NetworkEngagementForm,
    NetworkForm,
    OpenForm,
    PlanForm,
    ReviewForm,
    StepForm,
    TeamMemberForm,
)
from .models import FamilyGroupDecisionMaking, FamilyHelpCase, FamilyNetworkMember, FamilyPlan, PlanAction

LEAD_ROLES = (
    Role.SOCIAL_WORKER,
    Role.FAMILY_HELP_LEAD_PRACTITIONER,
    Role.DESIGNATED_SAFEGUARDING_LEAD,
    Role.HEALTH_VISITOR,
    Role.EARLY_YEARS_PRACTITIONER,
    Role.YOUTH_WORKER,
)


def _404_unless(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _leads() -> QuerySet[Practitioner]:
    return (
        Practitioner.objects.filter(role__in=LEAD_ROLES, user__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "family_name", "given_name")
    )


def _case(request: HttpRequest, case_id: int) -> FamilyHelpCase:
    return selectors.case_get_for_change(actor=request.user, case_id=case_id)


def _open_case(request: HttpRequest, case_id: int, permission: Permission) -> FamilyHelpCase:
    """An open Family Help case the user may work on with `permission` (404 otherwise)."""
    case = _case(request, case_id)
    _404_unless(case.is_open and has_permission(request.user, permission, case.child))
    return case


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    case: FamilyHelpCase,
    form: Any,
    *,
    title: str,
    submit: str,
    act: Callable[[], Any],
    done: str,
    intro: list[str] | None = None,
    invalid_status: int = 200,
) -> HttpResponse:
    """A form on the family's Family Help record, back to it when done; one that asks the child's voice answers 400
    when sent back with errors."""

    def perform() -> str:
        act()
        return done

    return record_form_page(
        request,
        form,
        title=title,
        caption=f"Family Help: {case.child.display_name}",
        about=case,
        intro=intro,
        submit=submit,
        perform=perform,
        back=reverse("family_help:family_record", args=[case.pk]),
        back_text="Back to the family's record",
        invalid_status=invalid_status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_help_open(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_get_for_change(actor=request.user, assessment_id=assessment_id)
    child = assessment.child
    _404_unless(assessment.is_authorised and has_permission(request.user, Permission.MANAGE_FAMILY_HELP, child))
    visible = set(children_visible_to(request.user).values_list("pk", flat=True))
    siblings = [
        m.person
        for m in child_family_network(child=child)
        if m.person.is_child_record and m.person.pk in visible and m.person.pk != child.pk
    ]
    form = OpenForm(
        _post(request),
        initial={"opened_on": timezone.localdate()},
        leads=_leads(),
        siblings=siblings,
    )

    def perform() -> Done:
        d = form.cleaned_data
        lead = _leads().filter(pk=d["lead_practitioner"]).first()
        if lead is None:
            raise ValidationError({"lead_practitioner": ["Choose the lead practitioner"]})
        chosen = {int(x) for x in d.get("siblings") or []}
        case = services.family_help_open(
            actor=request.user,
            episode=assessment.case_episode,
            lead_practitioner=lead,
            opened_on=d["opened_on"],
            siblings=[s for s in siblings if s.pk in chosen],
            assessment=assessment,
        )
        return Done(
            f"Family Help opened, led by {lead.full_name}.", reverse("family_help:family_record", args=[case.pk])
        )

    return record_form_page(
        request,
        form,
        perform=perform,
        title="Open Family Help",
        caption=child.display_name,
        about=assessment,
        intro=["The lead practitioner sees the family's Family Help record for as long as they lead it."],
        submit="Open Family Help",
        back=reverse("assessments:assessment", args=[assessment.pk]),
        back_text="Back to the assessment",
    )


@login_required
def family_record(request: HttpRequest, case_id: int) -> HttpResponse:
    record = selectors.family_record(actor=request.user, case_id=case_id)
    return render(request, "family_help/family_record.html", {"r": record, "case": record.case})


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.RECORD_FAMILY_HELP)
    children = list(Person.objects.filter(family_help_memberships__case=case).select_related("child_profile"))
    prompts = prompts_for_children(children=children, moment=PromptMoment.FAMILY_PLAN)
    form = PlanForm(
        _post(request),
        initial={"agreed_on": timezone.localdate()},
        prompts=prompts,
        children=[(c.pk, c.display_name) for c in selectors.children_the_plan_covers(case)],
    )
    return _form_page(
        request,
        case,
        form,
        title="Agree the family plan",
        submit="Agree the plan",
        intro=["Write the goals as the family says them. Each action needs who will do it and by when."],
        act=lambda: services.family_plan_agree(
            actor=request.user,
            case=case,
            agreed_on=form.cleaned_data["agreed_on"],
            family_words=form.cleaned_data.get("family_words", ""),
            child_voices=form.child_voices(),
            goals=form.goals(),
            prompt_answers=form.prompt_answers(),
        ),
        done="Family plan agreed.",
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.RECORD_FAMILY_HELP)
    plan = FamilyPlan.objects.filter(case=case, replaced_on__isnull=True).first()
    goals = list(plan.goals.all()) if plan else []
    form = ReviewForm(_post(request), initial={"held_on": timezone.localdate()}, goals=goals)
    return _form_page(
        request,
        case,
        form,
        title="Review the family plan",
        submit="Record the review",
        act=lambda: services.family_plan_review_record(
            actor=request.user,
            case=case,
            held_on=form.cleaned_data["held_on"],
            family_view=form.cleaned_data.get("family_view", ""),
            progress_summary=form.cleaned_data.get("progress_summary", ""),
            next_steps=form.cleaned_data.get("next_steps", ""),
            goal_progress=form.goal_progress(),
            late_reason=form.cleaned_data.get("late_reason", ""),
        ),
        done="Review recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.RECORD_FAMILY_HELP)
    form = NetworkForm(_post(request))
    return _form_page(
        request,
        case,
        form,
        title="Add someone to the family network",
        submit="Add to the network",
        act=lambda: services.family_network_member_add(
            actor=request.user,
            case=case,
            name=form.cleaned_data["name"],
            relationship_to_family=form.cleaned_data["relationship_to_family"],
            engagement=form.cleaned_data["engagement"],
            support_offered=form.cleaned_data.get("support_offered", ""),
        ),
        done="Added to the family network.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_member_engagement(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    """How someone in the family network is engaged in the plan now, and the support they offer."""
    case = _open_case(request, case_id, Permission.RECORD_FAMILY_HELP)
    member = FamilyNetworkMember.objects.filter(pk=member_id, case=case).first()
    _404_unless(member is not None)
    assert member is not None
    form = NetworkEngagementForm(
        _post(request), initial={"engagement": member.engagement, "support_offered": member.support_offered}
    )
    return _form_page(
        request,
        case,
        form,
        title=f"{member.name}: how they are engaged",
        submit="Save",
        intro=[f"{member.name}, {member.relationship_to_family}, in the family network."],
        act=lambda: services.family_network_member_engagement_set(
            actor=request.user,
            member=member,
            engagement=form.cleaned_data["engagement"],
            support_offered=form.cleaned_data.get("support_offered", ""),
        ),
        done=f"{member.name}'s engagement is updated.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_action_status(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    """Mark an action of the family plan in force done (or not done, or still to do)."""
    case = _open_case(request, case_id, Permission.RECORD_FAMILY_HELP)
    action = (
        PlanAction.objects.filter(pk=action_id, goal__plan__case=case, goal__plan__replaced_on__isnull=True)
        .select_related("goal")
        .first()
    )
    _404_unless(action is not None)
    assert action is not None
    form = ActionStatusForm(_post(request), initial={"status": action.status})
    return _form_page(
        request,
        case,
        form,
        title="Update an action of the family plan",
        submit="Save",
        intro=[f"{action.action} ({action.owner}, by {uk_date(action.due_on)})", f"For the goal: {action.goal.goal}"],
        act=lambda: services.plan_action_status_set(
            actor=request.user, action=action, status=form.cleaned_data["status"]
        ),
        done="Action updated.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def fgdm_offer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.RECORD_FAMILY_HELP)
    form = FgdmOfferForm(_post(request), initial={"offered_on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        title="Offer family group decision making",
        submit="Record the offer",
        act=lambda: services.fgdm_offer(
            actor=request.user,
            episode=case.case_episode,
            case=case,
            offered_on=form.cleaned_data["offered_on"],
            not_offered_reason=form.cleaned_data.get("not_offered_reason", ""),
        ),
        done="Family group decision making recorded.",
    )


def _fgdm(request: HttpRequest, case: FamilyHelpCase, fgdm_id: int) -> FamilyGroupDecisionMaking:
    fgdm = FamilyGroupDecisionMaking.objects.filter(pk=fgdm_id, case=case).first()
    _404_unless(fgdm is not None and has_permission(request.user, Permission.RECORD_FAMILY_HELP, case.child))
    assert fgdm is not None
    return fgdm


@login_required
@require_http_methods(["GET", "POST"])
def fgdm_response(request: HttpRequest, case_id: int, fgdm_id: int) -> HttpResponse:
    case = _case(request, case_id)
    fgdm = _fgdm(request, case, fgdm_id)
    form = FgdmResponseForm(_post(request), initial={"responded_on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        title="The family's answer to family group decision making",
        submit="Record the answer",
        act=lambda: services.fgdm_response_record(
            actor=request.user,
            fgdm=fgdm,
            response=form.cleaned_data["response"],
            responded_on=form.cleaned_data["responded_on"],
        ),
        done="The family's answer is recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def fgdm_meeting(request: HttpRequest, case_id: int, fgdm_id: int) -> HttpResponse:
    case = _case(request, case_id)
    fgdm = _fgdm(request, case, fgdm_id)
    form = FgdmMeetingForm(_post(request))
    return _form_page(
        request,
        case,
        form,
        title="Family group decision making meeting",
        submit="Record the meeting",
        act=lambda: services.fgdm_meeting_record(
            actor=request.user,
            fgdm=fgdm,
            meeting_on=form.cleaned_data["meeting_on"],
            outcome=form.cleaned_data["outcome"],
        ),
        done="Meeting and outcome recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.MANAGE_FAMILY_HELP)
    form = StepForm(_post(request), initial={"on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        title="Step up to child protection",
        submit="Step up",
        intro=[
            f"Family Help stays open and {case.lead_practitioner.full_name} stays the lead practitioner; child "
            "protection runs alongside in the same episode of need."
        ],
        act=lambda: services.step_up_to_child_protection(
            actor=request.user, family_help_case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        ),
        done="Stepped up to child protection. Family Help continues alongside.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_down(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.MANAGE_FAMILY_HELP)
    form = StepForm(
        _post(request),
        initial={"on": timezone.localdate(), "lead_practitioner": str(case.lead_practitioner_id)},
        leads=_leads(),
    )

    def act() -> Any:
        lead_id = form.cleaned_data.get("lead_practitioner")
        lead = _leads().filter(pk=lead_id).first() if lead_id else None
        return services.step_down_to_family_help(
            actor=request.user,
            episode=case.case_episode,
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            lead_practitioner=lead,
        )

    return _form_page(
        request,
        case,
        form,
        title="Step down to Family Help",
        submit="Step down",
        intro=["Usually when the child protection plan ends at a review conference."],
        act=act,
        done="Stepped down to Family Help.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.MANAGE_FAMILY_HELP)
    form = CloseForm(_post(request), initial={"closed_on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        title="Close Family Help",
        submit="Close Family Help",
        act=lambda: services.family_help_close(
            actor=request.user,
            case=case,
            closed_on=form.cleaned_data["closed_on"],
            closure_reason=form.cleaned_data["closure_reason"],
            note=form.cleaned_data.get("note", ""),
        ),
        done="Family Help closed.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.MANAGE_FAMILY_HELP)
    practitioners = _leads()
    form = TeamMemberForm(
        _post(request),
        initial={"on": timezone.localdate()},
        practitioners=practitioners,
    )

    def act() -> Any:
        chosen = practitioners.filter(pk=form.cleaned_data["practitioner"]).first()
        if chosen is None:
            raise ValidationError({"practitioner": ["Choose the practitioner"]})
        return services.family_help_team_member_add(
            actor=request.user,
            case=case,
            practitioner=chosen,
            contribution=form.cleaned_data["contribution"],
            on=form.cleaned_data["on"],
        )

    return _form_page(
        request,
        case,
        form,
        title="Add to the team around the family",
        submit="Add to the team",
        intro=["They see the family's Family Help record while they are in the team."],
        act=act,
        done="Added to the team around the family.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_change(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _open_case(request, case_id, Permission.MANAGE_FAMILY_HELP)
    leads = _leads()
    form = LeadChangeForm(
        _post(request),
        initial={"on": timezone.localdate(), "lead_practitioner": str(case.lead_practitioner_id)},
        leads=leads,
    )

    def act() -> Any:
        chosen = leads.filter(pk=form.cleaned_data["lead_practitioner"]).first()
        if chosen is None:
            raise ValidationError({"lead_practitioner": ["Choose the lead practitioner"]})
        return services.family_help_lead_change(
            actor=request.user, case=case, lead_practitioner=chosen, on=form.cleaned_data["on"]
        )

    return _form_page(
        request,
        case,
        form,
        title="Change the lead practitioner",
        submit="Change the lead practitioner",
        intro=["One practitioner leads the family's help; change it only when the family and the plan need it."],
        act=act,
        done="Lead practitioner changed.",
    )


@login_required
def child_overview(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's assessments and Family Help: referrals awaiting an assessment, assessments, Family Help cases."""
    child = access_child(request.user, child_id, permission=Permission.VIEW_CHILD)
    can_assess = has_permission(request.user, Permission.VIEW_ASSESSMENT, child)
    can_family_help = has_permission(request.user, Permission.VIEW_FAMILY_HELP, child)
    if not (can_assess or can_family_help):
        raise Http404
    with transaction.atomic():
        auditor.record_viewed(actor=request.user, obj=child, child_id=child.pk, reason="")
    profile = getattr(child, "child_profile", None)
    return render(
        request,
        "family_help/child_overview.html",
        {
            "child": child,
            "awaiting": list(assessment_selectors.referrals_awaiting_assessment(child=child)) if can_assess else [],
            "assessments": list(assessment_selectors.assessments_for_child(child=child)) if can_assess else [],
            "cases": list(selectors.family_help_cases_for_child(child=child)) if can_family_help else [],
            "can_record": has_permission(request.user, Permission.RECORD_ASSESSMENT, child),
            "can_birth": bool(profile and profile.is_unborn)
            and has_permission(request.user, Permission.CHANGE_CHILD, child),
        },
    )
