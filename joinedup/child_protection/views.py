"""Thin HTML views for child protection: parse the form, call one service or selector, render or redirect. Who may
do what is decided in access/ (a page the user may not use is a 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit.listing import audit_rows_listed
from joinedup.children_in_care.selectors import childs_carers
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child
from joinedup.timescales.selectors import due_by, figure_in_force, pre_birth_conference_due
from joinedup.ui.govuk import uk_date
from joinedup.ui.pages import form_page

from . import forms, selectors, services
from .codes import Agency, ConferenceKind, ConferenceStatus, TeamMemberRole
from .models import (
    ChildProtectionPlan,
    Conference,
    PlanAction,
    PreProceedings,
    Section47Enquiry,
    StrategyAction,
    TransferIn,
)


def _child(request: HttpRequest, child_id: int, permission: Permission, purpose: str = "") -> Person:
    return access_child(request.user, child_id, permission=permission, purpose=purpose)


def _recording(request: HttpRequest, child_id: int, purpose: str) -> Person:
    """The child whose child protection work the user records (404 otherwise); showing the form is an audited
    read for `purpose`, posting it is audited by the service."""
    return _child(request, child_id, Permission.RECORD_CHILD_PROTECTION, purpose if request.method == "GET" else "")


_Record = TypeVar("_Record", ChildProtectionPlan, PreProceedings, Section47Enquiry)


def _recording_record(request: HttpRequest, model: type[_Record], pk: int, purpose: str) -> tuple[_Record, Person]:
    """A child protection record (an enquiry, a plan, pre-proceedings) and its child, for a form that records on
    it: 404 when there is no such record or the user may not record the child's child protection work."""
    item = model.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item, _recording(request, item.child_id, purpose)


def _form_page(
    request: HttpRequest,
    *,
    child: Person,
    form: forms.ChildProtectionForm,
    title: str,
    perform: Callable[[Any], str],
    success_url: str = "",
    intro: str = "",
    submit: str = "Save",
    back: str = "",
    invalid_status: int = 200,
) -> HttpResponse:
    """A child protection form (child_protection/form.html), back to the child's record unless said otherwise."""
    record_url = reverse("child_protection:record", args=[child.pk])
    return form_page(
        request,
        form,
        perform=lambda: perform(form.cleaned_data),
        success_url=success_url or record_url,
        template="child_protection/form.html",
        context={"child": child, "title": title, "intro": intro, "submit": submit, "back": back or record_url},
        invalid_status=invalid_status,
    )


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def record(request: HttpRequest, child_id: int) -> HttpResponse:
    r = selectors.child_protection_record_get(actor=request.user, child_id=child_id)
    pre_birth_due = pre_birth_conference_due(r.child)
    pre_birth_figure = (
        figure_in_force(
            "pre_birth_conference", interval="conference", on=r.child.child_profile.expected_date_of_delivery
        )
        if pre_birth_due is not None
        else ""
    )
    return render(
        request,
        "child_protection/record.html",
        {"r": r, "child": r.child, "pre_birth_due": pre_birth_due, "pre_birth_figure": pre_birth_figure},
    )


# -- strategy discussion and section 47 ------------------------------------------------------------------------


def _strategy_initial(child: Person) -> dict[str, Any]:
    """Never type twice (issue 19): the front door's harms, the day it decided there was reasonable cause to
    suspect significant harm, whether the child was in immediate danger, and the referrer (when they use JoinedUp)
    among those who took part, for the practitioner to confirm or change."""
    known = selectors.front_door_carried_over(child)
    if known is None:
        return {}
    initial: dict[str, Any] = {
        "harms": known.harm_ids,
        "reasonable_cause_on": known.decided_on,
        "immediate_danger": "yes" if known.immediate_danger else "no",
    }
    if known.referrer_id is not None:
        initial[_REFERRER_FIELD.get(known.referrer_role, "also_participant_1")] = known.referrer_id
    return initial


# The field the referrer is carried into, by their role: the first of their agency, or else "someone else".
_REFERRER_FIELD = {
    "police_officer": "police_participant",
    "health_visitor": "health_participant",
    "gp": "health_participant",
    "midwife": "health_participant",
    "designated_safeguarding_lead": "education_participant",
}


@login_required
@require_http_methods(["GET", "POST"])
def strategy_discussion_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _recording(request, child_id, "Record a strategy discussion")
    carers = childs_carers(child=child)
    prompts = prompts_for_child(child=child, moment=PromptMoment.STRATEGY_DISCUSSION)
    initial = _strategy_initial(child) if request.method == "GET" else {}
    form = forms.StrategyDiscussionForm(_post(request), carers=carers, prompts=prompts, initial=initial)

    def perform(data: dict[str, Any]) -> str:
        participants = [
            services.Participant(Agency.LOCAL_AUTHORITY, data["la_participant"]),
            services.Participant(Agency.POLICE, data["police_participant"]),
            services.Participant(
                Agency.HEALTH,
                data["health_participant"],
                is_experienced_health_representative=bool(data["health_is_experienced"]),
            ),
        ]
        if data.get("education_participant"):
            participants.append(services.Participant(Agency.EDUCATION, data["education_participant"]))
        chosen = {p.practitioner.pk: p for p in participants if p.practitioner is not None}
        for name in forms.ALSO_PARTICIPANTS:
            also = data.get(name)
            if also is None:
                continue
            experienced = form.experienced(name)
            if also.pk in chosen:  # named twice: once, experienced when marked so either time
                chosen[also.pk].is_experienced_health_representative |= experienced
                continue
            chosen[also.pk] = services.Participant(
                services.agency_of(also),
                also,
                is_experienced_health_representative=experienced,
                field=forms.experienced_field(name),
            )
            participants.append(chosen[also.pk])
        for carer in forms.chosen_carers(carers, data.get("carers") or []):
            participants.append(services.carer_participant(carer))
        for name in filter(None, (n.strip() for n in (data.get("other_participants") or "").split(","))):
            participants.append(services.Participant(Agency.OTHER, None, name=name))
        actions = [services.ActionDetails(what, who, due) for what, who, due in form.actions()]
        discussion = services.strategy_discussion_record(
            actor=request.user,
            child=child,
            details=services.StrategyDetails(
                reasonable_cause_on=data["reasonable_cause_on"],
                immediate_danger=bool(data["immediate_danger"]),
                held_on=data["held_on"],
                harms=list(data["harms"]),
                participants=participants,
                information_shared=data["information_shared"],
                decisions=data["decisions"],
                actions=actions,
                outcome=data["outcome"],
                outcome_reason=data.get("outcome_reason") or "",
                lead_practitioner=data.get("lead_practitioner"),
                late_reason=data.get("late_reason") or "",
                voice=form.child_voice(),
                prompt_answers=form.prompt_answers(),
            ),
        )
        recorded = "Strategy discussion recorded. Those who took part can now record their own contribution."
        if not hasattr(discussion, "enquiry"):
            return recorded
        started = recorded + " The section 47 enquiry has started: "
        pre_birth_due = pre_birth_conference_due(child)
        if pre_birth_due is not None:
            return started + f"the pre-birth conference is due by {uk_date(pre_birth_due)}."
        return started + (
            f"the initial conference is due {due_by(discussion.enquiry, 'initial_child_protection_conference')}."
        )

    intro = (
        "The local authority, police and health at least. For concerns of sexual abuse, an experienced health "
        "representative must take part."
    )
    if initial:
        intro += " The concerns, the date of the decision and who raised the concern are carried over from the front "
        intro += "door's decision: check them and change anything that is not right."
    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a strategy discussion",
        intro=intro,
        perform=perform,
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_new(request: HttpRequest, discussion_id: int) -> HttpResponse:
    """A practitioner who took part records their agency's contribution in their own login; the local authority's
    caseworker may record one on a partner's behalf (chosen from those who took part and have not yet)."""
    discussion = selectors.discussion_for(
        actor=request.user,
        discussion_id=discussion_id,
        permission=Permission.RECORD_STRATEGY_CONTRIBUTION,
        purpose="Record a contribution to a strategy discussion" if request.method == "GET" else "",
    )
    child = discussion.child
    me = practitioner_of(request.user)
    takers = set(discussion.participants.filter(carer_role="").values_list("practitioner_id", flat=True))
    given = set(discussion.contributions.values_list("practitioner_id", flat=True))
    for_myself = me is not None and me.pk in takers and me.pk not in given and discussion.recorded_by_id != me.pk
    on_behalf = None
    if not for_myself:
        # Only the local authority records a contribution on someone's behalf: a partner who has given theirs (or
        # recorded the discussion) has nothing more to record here.
        if not has_permission(request.user, Permission.RECORD_CHILD_PROTECTION, child):
            raise Http404
        on_behalf = (
            Practitioner.objects.filter(pk__in=takers - given - {discussion.recorded_by_id})
            .select_related("organisation")
            .order_by("family_name", "given_name")
        )
    form = forms.StrategyContributionForm(_post(request), on_behalf=on_behalf)

    def perform(data: dict[str, Any]) -> str:
        contribution = services.strategy_contribution_record(
            actor=request.user,
            discussion=discussion,
            details=services.ContributionDetails(
                information_shared=data["information_shared"],
                threshold_view=data["threshold_view"],
                actions=[services.ActionDetails(what, None, due) for what, _who, due in form.actions()],
                on_behalf_of=data.get("on_behalf_of"),
            ),
        )
        if contribution.on_behalf:
            return f"{contribution.practitioner.full_name}'s contribution is recorded, on their behalf."
        return "Your contribution to the strategy discussion is recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record your contribution to the strategy discussion"
        if for_myself
        else "Record a contribution on someone's behalf",
        intro=f"The strategy discussion about {child.display_name} on {uk_date(discussion.held_on)}. "
        "Each agency records what it shared, its view and the actions it owns; the social worker and the others "
        "who took part see it.",
        perform=perform,
        submit="Record the contribution",
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_record(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry, child = _recording_record(request, Section47Enquiry, enquiry_id, "Section 47 enquiry")
    team = {m.member_role: m.practitioner for m in enquiry.team_members.select_related("practitioner")}
    initial = {
        "lead_practitioner": enquiry.lead_practitioner,
        "social_worker": team.get(TeamMemberRole.SOCIAL_WORKER) or enquiry.lead_practitioner,
        "police_officer": team.get(TeamMemberRole.POLICE_OFFICER),
        "health_professional": team.get(TeamMemberRole.HEALTH_PROFESSIONAL),
        "education": team.get(TeamMemberRole.EDUCATION),
    }
    # The first who took part for each agency (several may have), carried into the team; for health, the first who
    # is a registered health professional, as the team's health member must be.
    participants: dict[str, Any] = {}
    for p in enquiry.strategy_discussion.participants.select_related("practitioner").order_by("id"):
        if p.practitioner is None or (
            p.agency == Agency.HEALTH and not p.practitioner.is_registered_health_professional
        ):
            continue
        participants.setdefault(p.agency, p.practitioner)
    initial["police_officer"] = initial["police_officer"] or participants.get(Agency.POLICE)
    initial["health_professional"] = initial["health_professional"] or participants.get(Agency.HEALTH)
    initial["education"] = initial["education"] or participants.get(Agency.EDUCATION)
    form = forms.EnquiryForm(_post(request), initial={k: v.pk for k, v in initial.items() if v is not None})

    def perform(data: dict[str, Any]) -> str:
        members = [
            (data["social_worker"], TeamMemberRole.SOCIAL_WORKER),
            (data["police_officer"], TeamMemberRole.POLICE_OFFICER),
            (data["health_professional"], TeamMemberRole.HEALTH_PROFESSIONAL),
        ]
        if data.get("education"):
            members.append((data["education"], TeamMemberRole.EDUCATION))
        services.section_47_record(
            actor=request.user,
            enquiry=enquiry,
            details=services.EnquiryDetails(
                voice=form.child_voice(),
                lead_practitioner=data["lead_practitioner"],
                members=members,
                findings=data["findings"],
                outcome=data["outcome"],
                concluded_on=data["concluded_on"],
                late_reason=data.get("late_reason") or "",
            ),
        )
        return "Section 47 enquiry outcome recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Section 47 enquiry: team and outcome",
        intro=f"Started {enquiry.started_on:%-d %B %Y}, from the strategy discussion that day.",
        perform=perform,
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _recording(request, child_id, "Transfer in")
    form = forms.TransferInForm(_post(request))

    def perform(data: dict[str, Any]) -> str:
        transfer = services.transfer_in_record(
            actor=request.user,
            child=child,
            notified_on=data["notified_on"],
            from_authority=data["from_authority"],
            previous_plan_started_on=data.get("previous_plan_started_on"),
        )
        return f"Transfer in recorded: the transfer-in conference is due {due_by(transfer, 'transfer_in_conference')}."

    return _form_page(
        request,
        child=child,
        form=form,
        title="A child on a plan has moved into the area",
        perform=perform,
    )


# -- conferences -----------------------------------------------------------------------------------------------


def _taking_part(child: Person) -> QuerySet[Practitioner]:
    """Partners who work with the child, to invite: those in its child protection work and its open involvements."""
    today = timezone.localdate()
    involved = Involvement.objects.filter(child=child).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    return (
        Practitioner.objects.filter(id__in=involved.values("practitioner_id"))
        .exclude(role__in=["social_worker", "team_manager", "front_door_practitioner", "independent_reviewing_officer"])
        .select_related("organisation")
        .order_by("family_name", "given_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_arrange(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _recording(request, child_id, "Arrange a conference")
    kinds = selectors.kinds_offered(child)
    plan = selectors.open_plan_for(child)
    initial_kind = ConferenceKind.REVIEW if plan is not None else ConferenceKind.INITIAL
    invitees = _taking_part(child)
    carers = childs_carers(child=child)
    form = forms.ArrangeConferenceForm(
        _post(request),
        kinds=kinds,
        invitees=invitees,
        carers=carers,
        initial={"kind": str(initial_kind), "invitees": [p.pk for p in invitees]},
    )

    def perform(data: dict[str, Any]) -> str:
        transfer = (
            TransferIn.objects.filter(child=child).order_by("-notified_on", "-id").first()
            if data["kind"] == ConferenceKind.TRANSFER_IN
            else None
        )
        conference = services.conference_arrange(
            actor=request.user,
            child=child,
            details=services.ArrangeDetails(
                kind=data["kind"],
                planned_for=data["planned_for"],
                chair=data["chair"],
                invitees=list(data["invitees"]),
                family_invited=data.get("family_invited") or "",
                enquiry=selectors.open_enquiry_for(child) if data["kind"] in ("initial", "pre_birth") else None,
                plan=plan if data["kind"] == ConferenceKind.REVIEW else None,
                transfer_in=transfer,
                carers=forms.chosen_carers(carers, data.get("carers") or []),
            ),
        )
        request.session["cp_last_conference"] = conference.pk
        return "Conference arranged. The agencies invited can send their reports through the partner portal."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Arrange a child protection conference",
        perform=perform,
        submit="Arrange the conference",
    )


@login_required
def conference_pack(request: HttpRequest, conference_id: int) -> HttpResponse:
    pack = selectors.conference_pack_get(actor=request.user, conference_id=conference_id)
    return render(
        request, "child_protection/conference.html", {"p": pack, "c": pack.conference, "child": pack.conference.child}
    )


def _conference(request: HttpRequest, conference_id: int, permission: Permission, purpose: str = "") -> Conference:
    return selectors.conference_for(
        actor=request.user, conference_id=conference_id, permission=permission, purpose=purpose
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_outcome(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _conference(
        request,
        conference_id,
        Permission.RECORD_CHILD_PROTECTION,
        "Conference outcome" if request.method == "GET" else "",
    )
    invitees = Practitioner.objects.filter(id__in=conference.invitations.values("practitioner_id")).select_related(
        "organisation"
    )
    form = forms.ConferenceOutcomeForm(
        _post(request),
        is_review=conference.kind == ConferenceKind.REVIEW,
        invitees=invitees,
        carers=conference.carers.all(),
        initial={"held_on": conference.planned_for},
        prompts=prompts_for_child(child=conference.child, moment=PromptMoment.CONFERENCE),
    )

    def perform(data: dict[str, Any]) -> str:
        held = services.conference_outcome_record(
            actor=request.user,
            conference=conference,
            details=services.OutcomeDetails(
                held_on=data["held_on"],
                decision=data["decision"],
                harms=list(data["harms"]),
                child_views_how=data.get("child_views_how") or "",
                voice=form.child_voice(),
                parents_participation=data["parents_participation"],
                outline_plan=data.get("outline_plan") or "",
                minutes=data["minutes"],
                parents_minutes=data["parents_minutes"],
                step_down_to_family_help=bool(data.get("step_down_to_family_help")),
                attended=[p.pk for p in data.get("attended") or []],
                carers_attended=data.get("carers_attended") if "carers_attended" in form.fields else None,
                late_reason=data.get("late_reason") or "",
                prompt_answers=form.prompt_answers(),
            ),
        )
        if held.kind != ConferenceKind.REVIEW and held.plan is not None:
            return (
                "Conference recorded. The child protection plan has started: "
                f"the first core group is due {due_by(held.plan, 'first_core_group')}."
            )
        if held.step_down_to_family_help:
            return "Conference recorded. The plan has ended and the family steps down to Family Help."
        return "Conference recorded."

    return _form_page(
        request,
        child=conference.child,
        form=form,
        title=f"{conference.get_kind_display()}: outcome",
        perform=perform,
        success_url=reverse("child_protection:conference", args=[conference.pk]),
        back=reverse("child_protection:conference", args=[conference.pk]),
        submit="Record the outcome",
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_report(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _conference(
        request, conference_id, Permission.SUBMIT_AGENCY_REPORT, "Agency report" if request.method == "GET" else ""
    )
    existing = conference.reports.filter(author__user_id=request.user.pk or 0).first()
    initial = {}
    if existing is not None:
        initial = {
            "involvement": existing.involvement,
            "concerns": existing.concerns,
            "strengths": existing.strengths,
            "recommendation": existing.recommendation,
            "shared_with_family": "yes" if existing.shared_with_family else "no",
        }
    form = forms.AgencyReportForm(_post(request), initial=initial)

    def perform(data: dict[str, Any]) -> str:
        services.agency_report_submit(
            actor=request.user,
            conference=conference,
            details=services.AgencyReportDetails(
                involvement=data["involvement"],
                concerns=data["concerns"],
                strengths=data.get("strengths") or "",
                recommendation=data.get("recommendation") or "",
                shared_with_family=bool(data["shared_with_family"]),
            ),
        )
        return "Your report has been sent to the conference."

    return _form_page(
        request,
        child=conference.child,
        form=form,
        title=f"Your report to the {conference.get_kind_display().lower()}",
        intro=f"The conference is on {conference.planned_for:%-d %B %Y}.",
        perform=perform,
        success_url=reverse("child_protection:reports"),
        back=reverse("child_protection:reports"),
        submit="Send the report",
    )


@login_required
@require_POST
def minutes_share(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _conference(request, conference_id, Permission.RECORD_CHILD_PROTECTION)
    try:
        shares = services.minutes_share(actor=request.user, conference=conference)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Minutes shared: the full minutes with {len(shares) - 1} agencies, the parents' version with the family.",
        )
    return redirect("child_protection:conference", conference.pk)


@login_required
def parents_minutes(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = _conference(request, conference_id, Permission.RECORD_CHILD_PROTECTION, "Parents' minutes")
    if conference.status != ConferenceStatus.HELD:
        raise Http404
    return render(request, "child_protection/parents_minutes.html", {"c": conference, "child": conference.child})


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The partner portal: conferences you are invited to, and your reports."""
    invitations = selectors.invitations_for(actor=request.user)
    # Each conference shown names its child: listed in the audit trail, as the API's lists do (one bulk write).
    audit_rows_listed(actor=request.user, rows=[i.conference for i in invitations])
    return render(request, "child_protection/reports.html", {"invitations": invitations, "today": timezone.localdate()})


# -- the plan --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def core_group_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A core group meeting, recorded by the social worker or a current member of the core group in their own login."""
    plan = selectors.plan_for_core_group(
        actor=request.user,
        plan_id=plan_id,
        purpose="Record a core group meeting" if request.method == "GET" else "",
    )
    child = plan.child
    members = [
        (f"p{m.practitioner_id}", f"{m.practitioner.full_name} ({m.practitioner.organisation.name})")
        for m in plan.core_group.select_related("practitioner__organisation")
    ] + [(f"c{c.pk}", c.described) for c in plan.core_group_carers.all()]
    form = forms.CoreGroupForm(_post(request), members=members, initial={"members_attended": [k for k, _ in members]})

    def perform(data: dict[str, Any]) -> str:
        services.core_group_record(
            actor=request.user,
            plan=plan,
            held_on=data["held_on"],
            attended=form.attended(),
            progress=data["progress"],
            changes=data.get("changes") or "",
            late_reason=data.get("late_reason") or "",
        )
        return "Core group meeting recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a core group meeting",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A child protection visit is recorded on the one visit form (issue 18), which meets the plan's visit clock
    (child_protection/visits.py): this address, kept for links and bookmarks, leads there."""
    _plan, child = _recording_record(request, ChildProtectionPlan, plan_id, "")
    return redirect(reverse("visits:visit_new", args=[child.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    """An action in the plan: the social worker adds one for anyone in the core group (or a family member); a member
    of the core group adds the actions they own."""
    plan = selectors.plan_for_core_group(
        actor=request.user, plan_id=plan_id, purpose="Add an action to the plan" if request.method == "GET" else ""
    )
    child = plan.child
    records_any = has_permission(request.user, Permission.RECORD_CHILD_PROTECTION, child)
    owners = Practitioner.objects.filter(Q(id__in=plan.core_group.values("practitioner_id")))
    if not records_any:
        me = practitioner_of(request.user)
        owners = owners.filter(pk=me.pk if me is not None else 0)
    form = forms.PlanActionForm(
        _post(request),
        owners=owners.select_related("organisation").order_by("family_name"),
        by_owner=not records_any,
    )

    def perform(data: dict[str, Any]) -> str:
        services.plan_action_add(
            actor=request.user,
            plan=plan,
            action=data["action"],
            due_on=data["due_on"],
            owner=data.get("owner") or (owners.first() if not records_any else None),
            owner_name=data.get("owner_name") or "",
        )
        return "Action added to the plan."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Add an action to the plan" if records_any else "Add an action you own to the plan",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    """Progress on an action in the plan, or that it is done: its owner, or the social worker."""
    item = PlanAction.objects.select_related("plan").filter(pk=action_id).first()
    if item is None:
        raise Http404
    plan = selectors.plan_for_core_group(
        actor=request.user,
        plan_id=item.plan_id,
        purpose="Update an action in the plan" if request.method == "GET" else "",
    )
    item.plan = plan
    form = forms.PlanActionProgressForm(
        _post(request), initial={"progress": item.progress, "completed_on": item.completed_on}
    )

    def perform(data: dict[str, Any]) -> str:
        services.plan_action_update(
            actor=request.user,
            action=item,
            progress=data.get("progress") or "",
            completed_on=data.get("completed_on"),
        )
        return "The action is updated."

    return _form_page(
        request,
        child=plan.child,
        form=form,
        title="Update an action in the plan",
        intro=f"{item.action}. Due by {uk_date(item.due_on)}.",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def strategy_action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    """An action from a strategy discussion done: its owner, or the social worker."""
    item = StrategyAction.objects.filter(pk=action_id).first()
    if item is None:
        raise Http404
    discussion = selectors.discussion_for(
        actor=request.user,
        discussion_id=item.discussion_id,
        permission=Permission.RECORD_STRATEGY_CONTRIBUTION,
        purpose="An action from a strategy discussion" if request.method == "GET" else "",
    )
    item.discussion = discussion
    form = forms.ActionDoneForm(_post(request), initial={"completed_on": timezone.localdate()})

    def perform(data: dict[str, Any]) -> str:
        services.strategy_action_complete(actor=request.user, action=item, completed_on=data["completed_on"])
        return "The action is marked as done."

    return _form_page(
        request,
        child=discussion.child,
        form=form,
        title="Mark an action as done",
        intro=f"{item.action}. Due by {uk_date(item.due_on)}.",
        perform=perform,
    )


# -- pre-proceedings -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pre_proceedings_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _recording(request, child_id, "Pre-proceedings")
    form = forms.PreProceedingsForm(_post(request))

    def perform(data: dict[str, Any]) -> str:
        services.pre_proceedings_start(
            actor=request.user,
            child=child,
            started_on=data["started_on"],
            letter_before_proceedings_on=data.get("letter_before_proceedings_on"),
            family_group_decision_making_offered=data["family_group_decision_making_offered"],
            not_offered_reason=data.get("not_offered_reason") or "",
        )
        return "Pre-proceedings recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Start pre-proceedings",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pre_proceedings_meeting_new(request: HttpRequest, record_id: int) -> HttpResponse:
    item, child = _recording_record(request, PreProceedings, record_id, "Pre-proceedings meeting")
    form = forms.PreProceedingsMeetingForm(_post(request))

    def perform(data: dict[str, Any]) -> str:
        services.pre_proceedings_meeting_add(
            actor=request.user, pre_proceedings=item, held_on=data["held_on"], notes=data["notes"]
        )
        return "Pre-proceedings meeting recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a pre-proceedings meeting",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pre_proceedings_end(request: HttpRequest, record_id: int) -> HttpResponse:
    item, child = _recording_record(request, PreProceedings, record_id, "End pre-proceedings")
    form = forms.PreProceedingsEndForm(_post(request))

    def perform(data: dict[str, Any]) -> str:
        services.pre_proceedings_end(
            actor=request.user, pre_proceedings=item, ended_on=data["ended_on"], outcome=data["outcome"]
        )
        return "Pre-proceedings outcome recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="End pre-proceedings",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pre_proceedings_fgdm_response(request: HttpRequest, record_id: int) -> HttpResponse:
    item, child = _recording_record(
        request, PreProceedings, record_id, "Family group decision making: the family's answer"
    )
    fgdm = item.family_group_decision_making
    if fgdm is None:
        raise Http404
    form = forms.FgdmResponseForm(_post(request))

    def perform(data: dict[str, Any]) -> str:
        from joinedup.family_help.services import fgdm_response_record

        fgdm_response_record(
            actor=request.user, fgdm=fgdm, response=data["response"], responded_on=data["responded_on"]
        )
        return "The family's answer is recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Family group decision making: the family's answer",
        perform=perform,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pre_proceedings_fgdm_meeting(request: HttpRequest, record_id: int) -> HttpResponse:
    item, child = _recording_record(request, PreProceedings, record_id, "Family group decision making: the meeting")
    fgdm = item.family_group_decision_making
    if fgdm is None:
        raise Http404
    form = forms.FgdmMeetingForm(_post(request))

    def perform(data: dict[str, Any]) -> str:
        from joinedup.family_help.services import fgdm_meeting_record

        fgdm_meeting_record(actor=request.user, fgdm=fgdm, meeting_on=data["meeting_on"], outcome=data["outcome"])
        return "The family group decision making meeting is recorded."

    return _form_page(
        request,
        child=child,
        form=form,
        title="Family group decision making: the meeting",
        perform=perform,
    )
