"""Conferences (M19): arranging one with an independent chair and invitations, the agencies' written reports, the
outcome (a plan started, continued or ended, with step-down to Family Help) and sharing the minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.carers import ChildsCarer
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.core.voice import ChildVoice
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import TransitionReason
from joinedup.family_help.services import family_help_step_down_for_decision
from joinedup.harms.models import HarmType
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.services import prompt_answers_record, prompts_asked
from joinedup.ui.govuk import uk_date

from ..codes import (
    CIN_MULTIPLE,
    STARTING_KINDS,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    MinutesVersion,
    PlanEndReason,
    Section47Outcome,
)
from ..errors import ChildProtectionError as E
from ..models import (
    AgencyReport,
    ChildProtectionPlan,
    ChildProtectionTeamMember,
    Conference,
    ConferenceCarer,
    ConferenceInvitation,
    CoreGroupMember,
    MinutesShare,
    Section47Enquiry,
    TransferIn,
)
from ._common import agency_of, carers_are_the_childs, clock_start, clocks_meet, not_in_future, open_episode, require
from .involvement import involve, involvements_end_with_the_work
from .plans import carers_join_core_group, plan_end, plan_start
from .pre_birth import start_pre_birth


def cin_category_for(harms: Sequence[HarmType]) -> str:
    """The CIN census category of abuse from the categories of harm chosen: one category, or MUL for several."""
    codes = {h.cin_category_of_abuse for h in harms if h.cin_category_of_abuse}
    if not codes:
        return ""
    return codes.pop() if len(codes) == 1 else CIN_MULTIPLE


def chair_independence_problem(chair: Practitioner, child: Person) -> str:
    """Why `chair` is not independent of the child's case, or "" when they are: the chair has no involvement with
    the child, is not a member of the child's child protection team or core group, and does not manage a team the
    child's work is allocated to."""
    if chair.role not in (Role.INDEPENDENT_REVIEWING_OFFICER, Role.TEAM_MANAGER):
        return "The chair must be an independent chair (an independent reviewing officer or manager)"
    today = timezone.localdate()
    open_involvements = Involvement.objects.filter(child=child).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    if open_involvements.filter(practitioner=chair).exists():
        return "The chair works with this child: choose a chair independent of the case"
    if ChildProtectionTeamMember.objects.filter(enquiry__child=child, practitioner=chair).exists() or (
        CoreGroupMember.objects.filter(plan__child=child, practitioner=chair).exists()
    ):
        return "The chair is in this child's child protection team: choose a chair independent of the case"
    if open_involvements.filter(team__manager=chair).exists():
        return "The chair manages the team working with this child: choose a chair independent of the case"
    return ""


@dataclass
class ArrangeDetails:
    kind: str
    planned_for: date
    chair: Practitioner
    invitees: list[Practitioner]
    family_invited: str = ""
    enquiry: Section47Enquiry | None = None
    plan: ChildProtectionPlan | None = None
    transfer_in: TransferIn | None = None
    carers: list[ChildsCarer] = field(default_factory=list)


def _date_problem(kind: str, on: date, enquiry: Any, plan: Any, transfer: Any, name: str, errors: FieldErrors) -> None:
    if kind == ConferenceKind.INITIAL and enquiry is not None and on < enquiry.started_on:
        errors.add(
            name,
            f"An initial conference cannot be before its section 47 enquiry (started {uk_date(enquiry.started_on)})",
            E.CONFERENCE_BEFORE_ENQUIRY,
        )
    if kind == ConferenceKind.REVIEW and plan is not None and on < plan.started_on:
        errors.add(
            name,
            f"A review conference cannot be before the plan it reviews (started {uk_date(plan.started_on)})",
            E.REVIEW_BEFORE_PLAN,
        )
    if kind == ConferenceKind.TRANSFER_IN and transfer is not None and on < transfer.notified_on:
        errors.add(name, "A transfer-in conference cannot be before the notification", E.ORDER_OF_DATES)


def conference_arrange(*, actor: Any, child: Person, details: ArrangeDetails) -> Conference:
    """Arrange a conference: its date, an independent chair, invitations to the agencies (each asked for a written
    report through the partner portal) and to the family."""
    require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    kind = details.kind
    if kind == ConferenceKind.INITIAL:
        if details.enquiry is None or details.enquiry.child_id != child.pk:
            errors.add(
                "kind",
                "An initial conference follows a section 47 enquiry: record the enquiry first",
                E.NOT_A_SECTION_47,
            )
        elif details.enquiry.outcome and details.enquiry.outcome != Section47Outcome.INITIAL_CONFERENCE:
            errors.add(
                "kind", "The section 47 enquiry did not recommend a conference", E.ENQUIRY_DID_NOT_RECOMMEND_CONFERENCE
            )
    if kind == ConferenceKind.REVIEW and (details.plan is None or details.plan.ended_on is not None):
        errors.add("kind", "A review conference reviews an open child protection plan", E.NO_PLAN_TO_REVIEW)
    if kind in STARTING_KINDS and ChildProtectionPlan.objects.filter(child=child, ended_on__isnull=True).exists():
        errors.add(
            "kind", "The child is already the subject of a child protection plan: arrange a review", E.ALREADY_ON_A_PLAN
        )
    if kind == ConferenceKind.PRE_BIRTH and not getattr(getattr(child, "child_profile", None), "is_unborn", False):
        errors.add("kind", "A pre-birth conference is for an unborn child", E.NOT_UNBORN)
    if kind == ConferenceKind.TRANSFER_IN and details.transfer_in is None:
        errors.add("kind", "Record the transfer-in notification first", E.REQUIRED)
    _date_problem(kind, details.planned_for, details.enquiry, details.plan, details.transfer_in, "planned_for", errors)
    problem = chair_independence_problem(details.chair, child)
    if problem:
        errors.add("chair", problem, E.CHAIR_NOT_INDEPENDENT)
    carers_are_the_childs(errors, child, details.carers, "carers")
    errors.raise_if_any()
    today = timezone.localdate()
    with transaction.atomic(), auditor.audit_last():
        conference = Conference.objects.create(
            episode=open_episode(child),
            child=child,
            kind=kind,
            enquiry=details.enquiry,
            plan=details.plan,
            transfer_in=details.transfer_in,
            planned_for=details.planned_for,
            chair=details.chair,
            family_invited=details.family_invited.strip(),
            recorded_by=practitioner_of(actor),
        )
        auditor.record_created(actor=actor, obj=conference, child_id=child.pk)
        seen: set[int] = set()
        for practitioner in details.invitees:
            if practitioner.pk in seen or practitioner.pk == details.chair.pk:
                continue
            seen.add(practitioner.pk)
            ConferenceInvitation.objects.create(
                conference=conference, practitioner=practitioner, agency=agency_of(practitioner), invited_on=today
            )
            involve(actor, child, practitioner, today)
        ConferenceCarer.objects.bulk_create(
            [
                ConferenceCarer(
                    conference=conference,
                    person_id=c.person_id,
                    practitioner_id=c.practitioner_id,
                    name=c.name,
                    carer_role=c.role,
                )
                for c in details.carers
            ]
        )
        if kind == ConferenceKind.PRE_BIRTH:
            start_pre_birth(actor, child, conference, min(today, details.planned_for))
    return conference


@dataclass
class AgencyReportDetails:
    involvement: str
    concerns: str
    strengths: str = ""
    recommendation: str = ""
    shared_with_family: bool = False


def agency_report_submit(*, actor: Any, conference: Conference, details: AgencyReportDetails) -> AgencyReport:
    """An invited agency's written report, through the partner portal, before the conference is held. Submitting
    again before the conference replaces it."""
    if not has_permission(actor, Permission.SUBMIT_AGENCY_REPORT, conference):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if conference.status != ConferenceStatus.ARRANGED:
        errors.add("__all__", "The conference has been held: reports are sent before it", E.REPORT_AFTER_CONFERENCE)
    if not details.involvement.strip():
        errors.add("involvement", "Enter your agency's involvement with the child and family", E.REQUIRED)
    if not details.concerns.strip():
        errors.add("concerns", "Enter what your agency knows and is worried about", E.REQUIRED)
    errors.raise_if_any()
    me = practitioner_of(actor)
    assert me is not None
    with transaction.atomic(), auditor.audit_last():
        invitation = ConferenceInvitation.objects.select_for_update().get(conference=conference, practitioner=me)
        report = AgencyReport.objects.filter(invitation=invitation).first()
        is_new = report is None
        if report is None:
            report = AgencyReport(conference=conference, invitation=invitation, author=me, agency=invitation.agency)
        report.involvement = details.involvement.strip()
        report.concerns = details.concerns.strip()
        report.strengths = details.strengths.strip()
        report.recommendation = details.recommendation.strip()
        report.shared_with_family = details.shared_with_family
        report.submitted_on = timezone.localdate()
        report.save()
        if is_new:
            auditor.record_created(actor=actor, obj=report, child_id=conference.child_id)
        else:
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="child_protection.agencyreport",
                object_id=report.pk,
                child_id=conference.child_id,
                changed_fields=["involvement", "concerns", "strengths", "recommendation"],
            )
    return report


@dataclass
class OutcomeDetails:
    held_on: date
    decision: str
    harms: list[HarmType]
    child_views_how: str
    parents_participation: str
    outline_plan: str
    minutes: str
    parents_minutes: str
    step_down_to_family_help: bool = False
    family_help_lead_practitioner: Practitioner | None = None
    attended: list[int] = field(default_factory=list)
    carers_attended: list[int] | None = None
    late_reason: str = ""
    # The child's wishes and feelings, or why they could not be obtained: required (M26), checked with the rest, and
    # carried by the plan the conference starts or reviews.
    voice: ChildVoice = field(default_factory=ChildVoice)
    # The answers to the practice prompts asked of this child here, by prompt id (M32): a required one must be given.
    prompt_answers: dict[int, str] = field(default_factory=dict)


def _conference_clocks(conference: Conference) -> tuple[list[str], list[Any]]:
    """The rules and subjects of the clock(s) this conference meets."""
    if conference.kind == ConferenceKind.INITIAL:
        return ["initial_child_protection_conference"], [conference.enquiry]
    if conference.kind == ConferenceKind.TRANSFER_IN:
        return ["transfer_in_conference"], [conference.transfer_in]
    if conference.kind == ConferenceKind.PRE_BIRTH:
        # The pre-birth clock started by the strategy discussion's enquiry or by arranging the conference.
        return ["pre_birth_conference"], [conference, conference.enquiry]
    if conference.kind == ConferenceKind.REVIEW and conference.plan is not None:
        previous = list(
            Conference.objects.filter(plan=conference.plan, kind=ConferenceKind.REVIEW, status=ConferenceStatus.HELD)
        )
        rules = ["first_review_conference", "subsequent_review_conference", "pre_birth_conference"]
        return rules, [conference.plan, *previous]
    return [], []


def conference_outcome_record(*, actor: Any, conference: Conference, details: OutcomeDetails) -> Conference:
    """The conference was held: the child's wishes and feelings or why they could not be obtained (M26; the plan
    it starts or reviews carries them), the parents' participation, the decision and the categories of harm (mapped
    to the CIN census category), the outline plan and the minutes. An initial, pre-birth or transfer-in conference
    deciding on a plan starts it and its clocks; a review continues it or ends it (with step-down to Family Help in
    the same episode)."""
    child = conference.child
    require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    if conference.status != ConferenceStatus.ARRANGED:
        errors.add("held_on", "This conference's outcome is already recorded", E.CONFERENCE_ALREADY_HELD)
    not_in_future(errors, "held_on", details.held_on, "The date the conference was held")
    _date_problem(
        conference.kind, details.held_on, conference.enquiry, conference.plan, conference.transfer_in, "held_on", errors
    )
    if details.decision == ConferenceDecision.PLAN:
        if not details.harms:
            errors.add("harms", "Choose the category of harm (all that apply) for the plan", E.CATEGORY_REQUIRED)
        elif not cin_category_for(details.harms):
            errors.add(
                "harms",
                "Choose at least one category of abuse or neglect (physical, emotional, sexual abuse or neglect)",
                E.CATEGORY_NOT_A_CIN_CATEGORY,
            )
    if details.step_down_to_family_help and not (
        conference.kind == ConferenceKind.REVIEW and details.decision == ConferenceDecision.NO_PLAN
    ):
        errors.add("step_down_to_family_help", "Step-down follows a review that ends the plan", E.STEP_DOWN_NEEDS_END)
    if not details.minutes.strip():
        errors.add("minutes", "Enter the minutes", E.MINUTES_REQUIRED)
    if not details.parents_minutes.strip():
        errors.add("parents_minutes", "Enter the parents' version of the minutes", E.MINUTES_REQUIRED)
    voice = details.voice.check(errors)
    invited_carers = set(conference.carers.values_list("pk", flat=True))
    if details.carers_attended is not None and not set(details.carers_attended) <= invited_carers:
        errors.add("carers_attended", "Choose from the carers invited to the conference", E.NOT_THE_CHILDS_CARER)
    asked = prompts_asked(moment=PromptMoment.CONFERENCE, children=[child])
    answers = asked.check(details.prompt_answers, errors)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("enquiry", "plan", "transfer_in")
            .get(pk=conference.pk)
        )
        current.status = ConferenceStatus.HELD
        current.held_on = details.held_on
        current.decision = details.decision
        current.child_voice_words = voice.words
        current.child_voice_not_obtained = voice.not_obtained
        current.child_voice_not_obtained_detail = voice.not_obtained_detail
        current.child_views_how = details.child_views_how.strip()
        current.parents_participation = details.parents_participation
        current.outline_plan = details.outline_plan.strip()
        current.minutes = details.minutes.strip()
        current.parents_minutes = details.parents_minutes.strip()
        current.step_down_to_family_help = details.step_down_to_family_help
        current.cin_category = cin_category_for(details.harms)
        current.late_reason = details.late_reason.strip()
        current.save()
        current.harms.set(details.harms)
        if details.attended:
            current.invitations.update(attended=False)
            current.invitations.filter(practitioner_id__in=details.attended).update(attended=True)
        if details.carers_attended is not None:
            current.carers.update(attended=False)
            current.carers.filter(pk__in=details.carers_attended).update(attended=True)
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type="child_protection.conference",
            object_id=current.pk,
            child_id=child.pk,
            changed_fields=["status", "held_on", "decision", "harms", "minutes"],
            after={"decision": current.decision, "cin_category": current.cin_category},
        )
        prompt_answers_record(actor=actor, asked=asked, record=current, answers=answers)
        rules, subjects = _conference_clocks(current)
        clocks_meet(actor, child, rules, [s for s in subjects if s is not None], details.held_on, details.late_reason)
        if current.kind in STARTING_KINDS and details.decision == ConferenceDecision.PLAN:
            plan_start(actor, current, details.held_on, details.harms)
        elif current.kind == ConferenceKind.REVIEW and current.plan is not None:
            plan = current.plan
            if details.decision == ConferenceDecision.PLAN:
                plan.latest_category = current.cin_category
                plan.save(update_fields=["latest_category", "updated_at"])
                plan.harms.set(details.harms)
                carers_join_core_group(plan, current)
                clock_start(actor, "subsequent_review_conference", child, current, details.held_on)
            else:
                plan_end(actor, plan, details.held_on, PlanEndReason.REVIEW_CONFERENCE, ending=current)
                if details.step_down_to_family_help:
                    _step_down(
                        episodes.Decision(actor, "child_protection.conference_outcome_record", current),
                        plan,
                        details.held_on,
                        details.family_help_lead_practitioner,
                    )
        involvements_end_with_the_work(actor=actor, child=child)
    return current


def _step_down(decision: episodes.Decision, plan: ChildProtectionPlan, on: date, lead: Practitioner | None) -> None:
    """Step down to Family Help in the same episode: Family Help owns that (family_help.services), run as the review
    conference's decision, whoever recorded it (an IRO chairing it, say). Without a lead practitioner named, the
    lead child protection practitioner carries on as the family's lead practitioner (M15: one lead kept through
    step-up and step-down), unless Family Help already has one."""
    if lead is None:
        enquiry = plan.starting_conference.enquiry
        lead = enquiry.lead_practitioner if enquiry is not None else None
    family_help_step_down_for_decision(
        decision=decision,
        episode=plan.episode,
        on=on,
        reason="The review conference ended the child protection plan",
        lead_practitioner=lead,
        why=TransitionReason.CHILD_PROTECTION_PLAN_ENDED,
    )


def minutes_share(*, actor: Any, conference: Conference) -> list[MinutesShare]:
    """Share the minutes with those entitled: the full minutes with each invited agency, the parents' version
    with the family."""
    require(actor, Permission.RECORD_CHILD_PROTECTION, conference.child)
    if conference.status != ConferenceStatus.HELD:
        raise field_error("__all__", "Minutes are shared after the conference is held", E.MINUTES_REQUIRED)
    today = timezone.localdate()
    with transaction.atomic(), auditor.audit_last():
        shares = [
            MinutesShare(
                conference=conference,
                recipient=i.practitioner.full_name,
                practitioner=i.practitioner,
                version=MinutesVersion.FULL,
                shared_on=today,
            )
            for i in conference.invitations.select_related("practitioner")
        ]
        shares.append(
            MinutesShare(
                conference=conference,
                recipient=conference.family_invited or "The child's parents",
                version=MinutesVersion.PARENTS,
                shared_on=today,
            )
        )
        MinutesShare.objects.bulk_create(shares)
        conference.minutes_shared_on = today
        conference.save(update_fields=["minutes_shared_on", "updated_at"])
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type="child_protection.conference",
            object_id=conference.pk,
            child_id=conference.child_id,
            changed_fields=["minutes_shared_on"],
            reason=f"Minutes shared with {len(shares)}",
        )
    return shares
