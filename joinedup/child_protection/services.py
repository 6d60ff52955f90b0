"""Every write of child protection (M14, M17-M20): one transaction each, audited, with its statutory clocks
started and met through timescales/services.py. Nothing is half-saved: every check runs before the first write,
and a clock the timescales service refuses (met late without a reason) rolls the whole record back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole, InvolvementWork
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.actors import SystemActor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.episodes import selectors as episode_selectors
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import ClosureReason, EpisodeTier, TransitionReason
from joinedup.episodes.models import CaseEpisode
from joinedup.harms.models import HarmType
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.ui.govuk import uk_date

from .codes import (
    CIN_MULTIPLE,
    STARTING_KINDS,
    Agency,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    MinutesVersion,
    PlanEndReason,
    PreProceedingsOutcome,
    Section47Outcome,
    StrategyOutcome,
    TeamMemberRole,
)
from .errors import ChildProtectionError as E
from .models import (
    AgencyReport,
    ChildProtectionPlan,
    ChildProtectionTeamMember,
    ChildProtectionVisit,
    Conference,
    ConferenceInvitation,
    CoreGroupMeeting,
    CoreGroupMember,
    MinutesShare,
    PlanAction,
    PreProceedings,
    PreProceedingsMeeting,
    Section47Enquiry,
    StrategyAction,
    StrategyDiscussion,
    StrategyParticipant,
    TransferIn,
)

# The clocks of a plan, withdrawn when it ends.
PLAN_RULES = (
    "pre_birth_conference",  # its first review after the birth, whose subject is the plan
    "first_core_group",
    "core_group_interval",
    "first_review_conference",
    "subsequent_review_conference",
    "child_protection_visit",
)
ADULT_AGE = 18

# A partner's involvement with the child while they take part in child protection work, by their role: it is
# what lets them see the child at all (access/scopes.py); what they see of the record is decided in access/.
PARTNER_INVOLVEMENT = {
    Role.POLICE_OFFICER: InvolvementRole.POLICE_CONTACT,
    Role.HEALTH_VISITOR: InvolvementRole.HEALTH_VISITOR,
    Role.GP: InvolvementRole.GP,
    Role.MIDWIFE: InvolvementRole.MIDWIFE,
    Role.DESIGNATED_SAFEGUARDING_LEAD: InvolvementRole.SCHOOL_DESIGNATED_SAFEGUARDING_LEAD,
}


def _require(actor: Any, permission: Permission, child: Person) -> None:
    if not child.is_child_record or not has_permission(actor, permission, child):
        raise NotFoundOrNotPermitted


def _not_in_future(errors: FieldErrors, name: str, value: date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        errors.add(name, f"{what} must be today or in the past", E.DATE_IN_FUTURE)


def _open_episode(child: Person) -> CaseEpisode:
    episode = episode_selectors.open_episode_for(child)
    if episode is None:
        raise field_error("__all__", "The child has no open episode of need: a referral opens one", E.NO_OPEN_EPISODE)
    return episode


def agency_of(practitioner: Practitioner) -> str:
    org_type = practitioner.organisation.organisation_type
    if org_type == OrganisationType.POLICE or practitioner.role == Role.POLICE_OFFICER:
        return Agency.POLICE
    if org_type in (
        OrganisationType.GP_PRACTICE,
        OrganisationType.HEALTH_VISITING,
        OrganisationType.MIDWIFERY,
        OrganisationType.HOSPITAL,
        OrganisationType.INTEGRATED_CARE_BOARD,
    ):
        return Agency.HEALTH
    if org_type in (OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS):
        return Agency.EDUCATION
    if org_type == OrganisationType.LOCAL_AUTHORITY:
        return Agency.LOCAL_AUTHORITY
    return Agency.OTHER


def _involve(actor: Any, child: Person, practitioner: Practitioner, on: date, role: str | None = None) -> None:
    """Give a partner (or the lead child protection practitioner) an open involvement with the child, once."""
    role = role or PARTNER_INVOLVEMENT.get(practitioner.role)  # type: ignore[call-overload]
    if role is None:
        if practitioner.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER):
            return
        role = InvolvementRole.OTHER_PROFESSIONAL
    today = timezone.localdate()
    current = (
        Involvement.objects.filter(practitioner=practitioner, child=child, role=role)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by(F("ended_on").asc(nulls_first=True))  # an open one first
        .first()
    )
    if current is not None:
        if current.ended_on is not None and current.work == InvolvementWork.CHILD_PROTECTION:
            # Still inside the window after earlier work ended, and taking part again: open-ended once more.
            auditor.record_fields_changed(actor=actor, obj=current, child_id=child.pk, changes={"ended_on": None})
        return
    involvement = Involvement.objects.create(
        practitioner=practitioner,
        child=child,
        role=role,
        work=InvolvementWork.CHILD_PROTECTION,
        started_on=min(on, today),
        team=practitioner.team,
    )
    auditor.record_created(actor=actor, obj=involvement, child_id=child.pk)


def involvements_end_with_the_work(*, actor: Any, child: Person) -> list[Involvement]:
    """Least privilege: an involvement child protection gave a practitioner for taking part in the work ends on the
    last day they take part (selectors.part_last_days): the day a strategy discussion decided on no enquiry, the
    day the enquiry concluded without a conference, CONFERENCE_MINUTES_WINDOW after a conference that started no
    plan, the day the plan ended. While any of their work with the child is open, it stays. Involvements from
    anywhere else (Family Help, the front door, an allocation) are never touched. Called inside the caller's
    transaction by every service that ends a piece of work (and by the daily run, as the system actor); each end
    is audited with its before and after values."""
    from .selectors import STILL_OPEN, part_last_days

    today = timezone.localdate()
    open_ones = list(
        Involvement.objects.select_for_update()
        .filter(child=child, work=InvolvementWork.CHILD_PROTECTION)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .order_by("id")
    )
    if not open_ones:
        return []
    last = part_last_days(child.pk, {i.practitioner_id for i in open_ones})
    ended: list[Involvement] = []
    for involvement in open_ones:
        until = last.get(involvement.practitioner_id, involvement.started_on)
        if until is STILL_OPEN:
            continue
        until = max(until, involvement.started_on)
        if involvement.ended_on == until:
            continue
        auditor.record_fields_changed(actor=actor, obj=involvement, child_id=child.pk, changes={"ended_on": until})
        ended.append(involvement)
    return ended


def _open_deadlines(child: Person, rule_codes: Iterable[str], subjects: Iterable[models.Model | str]) -> list[Deadline]:
    keys = [timescales.subject_key_of(s) for s in subjects]
    return list(
        Deadline.objects.filter(
            child=child, rule_code__in=list(rule_codes), subject_key__in=keys, met_on__isnull=True
        ).order_by("due_on", "id")
    )


def _meet(
    actor: Any, child: Person, rule_codes: Iterable[str], subjects: Iterable[Any], met_on: date, late: str
) -> None:
    for deadline in _open_deadlines(child, rule_codes, subjects):
        timescales.deadline_meet(actor=actor, deadline=deadline, met_on=met_on, late_reason=late)


def _start(
    actor: Any, rule_code: str, child: Person, subject: models.Model, on: date, interval: str | None = None
) -> Deadline | None:
    """Start a clock: only for a start in the past or today (a clock can not start in the future)."""
    if on > timezone.localdate():
        return None
    return timescales.deadline_start(
        actor=actor, rule_code=rule_code, child=child, subject=subject, started_on=on, interval=interval
    )


def cin_category_for(harms: Sequence[HarmType]) -> str:
    """The CIN census category of abuse from the categories of harm chosen: one category, or MUL for several."""
    codes = {h.cin_category_of_abuse for h in harms if h.cin_category_of_abuse}
    if not codes:
        return ""
    return codes.pop() if len(codes) == 1 else CIN_MULTIPLE


def is_sexual_abuse(harm: HarmType) -> bool:
    return (
        harm.cin_category_of_abuse == "SAB"
        or harm.code == "sexual_abuse"
        or (harm.parent is not None and harm.parent.code == "sexual_abuse")
    )


# -- strategy discussion (M17, M14) ---------------------------------------------------------------------------


@dataclass
class Participant:
    agency: str
    practitioner: Practitioner | None = None
    name: str = ""
    is_experienced_health_representative: bool = False


@dataclass
class ActionDetails:
    action: str
    owner: Practitioner | None
    due_on: date


@dataclass
class StrategyDetails:
    reasonable_cause_on: date
    held_on: date
    harms: list[HarmType]
    participants: list[Participant]
    information_shared: str
    decisions: str
    outcome: str
    immediate_danger: bool = False
    actions: list[ActionDetails] = field(default_factory=list)
    outcome_reason: str = ""
    lead_practitioner: Practitioner | None = None
    late_reason: str = ""


REQUIRED_AGENCIES = {
    Agency.LOCAL_AUTHORITY: ("la_participant", "Add who took part from the local authority"),
    Agency.POLICE: ("police_participant", "Add who took part from the police"),
    Agency.HEALTH: ("health_participant", "Add who took part from health"),
}


def strategy_discussion_record(*, actor: Any, child: Person, details: StrategyDetails) -> StrategyDiscussion:
    """Record a strategy discussion: its clock runs from the decision that there is reasonable cause to suspect
    significant harm. With the outcome "section 47", the enquiry starts and with it the initial conference clock
    (15 working days from this discussion)."""
    _require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    _not_in_future(errors, "held_on", details.held_on, "The date of the strategy discussion")
    _not_in_future(errors, "reasonable_cause_on", details.reasonable_cause_on, "The date of the decision")
    if details.held_on < details.reasonable_cause_on:
        errors.add(
            "held_on", "The strategy discussion must be on or after the decision that called it", E.HELD_BEFORE_CAUSE
        )
    if not details.harms:
        errors.add("harms", "Select the concerns discussed", E.REQUIRED)
    agencies = {p.agency for p in details.participants}
    for agency, (name, message) in REQUIRED_AGENCIES.items():
        if agency not in agencies:
            errors.add(name, message, E.AGENCY_MISSING)
    if any(is_sexual_abuse(h) for h in details.harms) and not any(
        p.agency == Agency.HEALTH and p.is_experienced_health_representative for p in details.participants
    ):
        errors.add(
            "health_is_experienced",
            "Sexual abuse is among the concerns: an experienced health representative must take part",
            E.CSA_HEALTH_REPRESENTATIVE_REQUIRED,
        )
    if not details.information_shared.strip():
        errors.add("information_shared", "Enter the information shared", E.REQUIRED)
    if not details.decisions.strip():
        errors.add("decisions", "Enter the decisions made", E.REQUIRED)
    errors.raise_if_any()
    me = practitioner_of(actor)
    with transaction.atomic():
        episode = _open_episode(child)
        discussion = StrategyDiscussion.objects.create(
            episode=episode,
            child=child,
            reasonable_cause_on=details.reasonable_cause_on,
            immediate_danger=details.immediate_danger,
            held_on=details.held_on,
            information_shared=details.information_shared.strip(),
            decisions=details.decisions.strip(),
            outcome=details.outcome,
            outcome_reason=details.outcome_reason.strip(),
            recorded_by=me,
        )
        discussion.harms.set(details.harms)
        StrategyParticipant.objects.bulk_create(
            [
                StrategyParticipant(
                    discussion=discussion,
                    practitioner=p.practitioner,
                    name=p.name or (p.practitioner.full_name if p.practitioner else ""),
                    agency=p.agency,
                    is_experienced_health_representative=p.is_experienced_health_representative,
                )
                for p in details.participants
            ]
        )
        StrategyAction.objects.bulk_create(
            [
                StrategyAction(discussion=discussion, action=a.action.strip(), owner=a.owner, due_on=a.due_on)
                for a in details.actions
                if a.action.strip()
            ]
        )
        auditor.record_created(actor=actor, obj=discussion, child_id=child.pk)
        for p in details.participants:
            if p.practitioner is not None:
                _involve(actor, child, p.practitioner, details.held_on)
        _start(
            actor,
            "strategy_discussion",
            child,
            discussion,
            details.reasonable_cause_on,
            "immediate_danger" if details.immediate_danger else None,
        )
        _meet(actor, child, ["strategy_discussion"], [discussion], details.held_on, details.late_reason)
        if details.outcome == StrategyOutcome.SECTION_47:
            lead = details.lead_practitioner or me
            enquiry = Section47Enquiry.objects.create(
                episode=episode,
                child=child,
                strategy_discussion=discussion,
                started_on=details.held_on,
                lead_practitioner=lead,
            )
            auditor.record_created(actor=actor, obj=enquiry, child_id=child.pk)
            if lead is not None:
                _involve(actor, child, lead, details.held_on, InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER)
            if _is_unborn(child):
                # The concern is known in pregnancy: the conference is the pre-birth conference, due by the week of
                # pregnancy the rule gives (counted back from the expected date of delivery), from today on.
                _start_pre_birth(actor, child, enquiry, details.held_on)
            else:
                _start(actor, "initial_child_protection_conference", child, enquiry, details.held_on)
            _start(actor, "section_47_outcome", child, enquiry, details.held_on)
            _step_up(
                episodes.Decision(actor, "child_protection.strategy_discussion_record", discussion),
                episode,
                details.held_on,
            )
        else:
            involvements_end_with_the_work(actor=actor, child=child)
    return discussion


def _step_up(decision: episodes.Decision, episode: CaseEpisode, on: date) -> None:
    """A family in Family Help steps up to child protection in the same episode (family_help.services records it;
    the Family Help case and its lead practitioner continue alongside, and the episode moves to the child protection
    tier). It runs as the strategy discussion's decision: whoever may record the discussion (RECORD_CHILD_PROTECTION,
    checked once by strategy_discussion_record) steps the family up, without a Family Help permission of their own."""
    from joinedup.family_help.services import family_help_step_up_for_decision

    family_help_step_up_for_decision(
        decision=decision,
        episode=episode,
        on=on,
        reason="Strategy discussion: section 47 enquiry",
        why=TransitionReason.SECTION_47,
    )


# -- section 47 enquiry (M18) ---------------------------------------------------------------------------------


@dataclass
class EnquiryDetails:
    lead_practitioner: Practitioner
    members: Sequence[tuple[Practitioner, str]]
    findings: str
    outcome: str
    concluded_on: date
    late_reason: str = ""


TEAM_REQUIRED = {
    TeamMemberRole.SOCIAL_WORKER: ("social_worker", "Choose the social worker in the child protection team"),
    TeamMemberRole.POLICE_OFFICER: ("police_officer", "Choose the police officer in the child protection team"),
    TeamMemberRole.HEALTH_PROFESSIONAL: (
        "health_professional",
        "Choose the registered health professional in the child protection team",
    ),
}


def section_47_record(*, actor: Any, enquiry: Section47Enquiry, details: EnquiryDetails) -> Section47Enquiry:
    """The multi-agency child protection team, the lead child protection practitioner, the findings and the
    outcome. An outcome other than an initial conference withdraws the conference clock."""
    child = enquiry.child
    _require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    if enquiry.concluded_on is not None:
        errors.add("outcome", "This enquiry's outcome is already recorded", E.ENQUIRY_ALREADY_CONCLUDED)
    _not_in_future(errors, "concluded_on", details.concluded_on, "The date of the outcome")
    if details.concluded_on < enquiry.started_on:
        errors.add(
            "concluded_on",
            f"The outcome must be on or after the enquiry started ({uk_date(enquiry.started_on)})",
            E.CONCLUDED_BEFORE_START,
        )
    roles = {role for _, role in details.members}
    for required, (name, message) in TEAM_REQUIRED.items():
        if required not in roles:
            errors.add(name, message, E.TEAM_MEMBER_REQUIRED)
    for practitioner, member_role in details.members:
        if member_role == TeamMemberRole.HEALTH_PROFESSIONAL and not practitioner.is_registered_health_professional:
            errors.add("health_professional", "Choose a registered health professional", E.TEAM_MEMBER_REQUIRED)
    if not details.findings.strip():
        errors.add("findings", "Enter the enquiry's findings", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        current = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        before = auditor.model_values(current, ("lead_practitioner_id", "findings", "outcome", "concluded_on"))
        current.lead_practitioner = details.lead_practitioner
        current.findings = details.findings.strip()
        current.outcome = details.outcome
        current.concluded_on = details.concluded_on
        current.full_clean()
        current.save()
        auditor.record_updated(
            actor=actor,
            obj=current,
            child_id=child.pk,
            before=before,
            after=auditor.model_values(current, ("lead_practitioner_id", "findings", "outcome", "concluded_on")),
        )
        seen: set[int] = set(current.team_members.values_list("practitioner_id", flat=True))
        for practitioner, role in details.members:
            if practitioner.pk in seen:
                continue
            seen.add(practitioner.pk)
            ChildProtectionTeamMember.objects.create(enquiry=current, practitioner=practitioner, member_role=role)
            _involve(actor, child, practitioner, current.started_on)
        _involve(
            actor,
            child,
            details.lead_practitioner,
            current.started_on,
            InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
        )
        _meet(actor, child, ["section_47_outcome"], [current], details.concluded_on, details.late_reason)
        if details.outcome != Section47Outcome.INITIAL_CONFERENCE:
            conference_rules = ["initial_child_protection_conference", "pre_birth_conference"]
            for deadline in _open_deadlines(child, conference_rules, [current]):
                timescales.deadline_withdraw(
                    actor=actor, deadline=deadline, reason="The section 47 enquiry did not lead to a conference"
                )
        # The team's part ends with the enquiry (those invited to the conference, or in the plan, carry on).
        involvements_end_with_the_work(actor=actor, child=child)
    return current


# -- transfer in -----------------------------------------------------------------------------------------------


def transfer_in_record(
    *, actor: Any, child: Person, notified_on: date, from_authority: str, previous_plan_started_on: date | None = None
) -> TransferIn:
    """A child on a plan elsewhere has moved into the area: the transfer-in conference clock starts."""
    _require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    _not_in_future(errors, "notified_on", notified_on, "The date of the notification")
    if not from_authority.strip():
        errors.add("from_authority", "Enter the local authority the child moved from", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        transfer = TransferIn.objects.create(
            episode=_open_episode(child),
            child=child,
            notified_on=notified_on,
            from_authority=from_authority.strip(),
            previous_plan_started_on=previous_plan_started_on,
        )
        auditor.record_created(actor=actor, obj=transfer, child_id=child.pk)
        _start(actor, "transfer_in_conference", child, transfer, notified_on)
    return transfer


# -- conferences (M19) -----------------------------------------------------------------------------------------


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
    _require(actor, Permission.RECORD_CHILD_PROTECTION, child)
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
    errors.raise_if_any()
    today = timezone.localdate()
    with transaction.atomic():
        conference = Conference.objects.create(
            episode=_open_episode(child),
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
            _involve(actor, child, practitioner, today)
        if kind == ConferenceKind.PRE_BIRTH:
            _start_pre_birth(actor, child, conference, min(today, details.planned_for))
    return conference


def _is_unborn(child: Person) -> bool:
    return bool(getattr(getattr(child, "child_profile", None), "is_unborn", False))


def _start_pre_birth(actor: Any, child: Person, subject: models.Model, on: date) -> Deadline | None:
    """The pre-birth conference clock, once for the pregnancy: it starts when the concern is known (the strategy
    discussion that started the enquiry, or the pre-birth conference being arranged) and is due at the week of
    pregnancy the rule gives, counted back from the expected date of delivery (timescales' anchored start), so the
    deadline exists, on worklists, from the first day rather than only once the expected date has come."""
    edd = _expected_date_of_delivery(child)
    if edd is None or not _is_unborn(child):
        return None
    if Deadline.objects.filter(
        child=child, rule_code="pre_birth_conference", interval="conference", met_on__isnull=True
    ).exists():
        return None
    return timescales.deadline_start(
        actor=actor,
        rule_code="pre_birth_conference",
        child=child,
        subject=subject,
        started_on=min(on, timezone.localdate()),
        interval="conference",
        anchored_on=edd,
    )


def pre_birth_expected_date_changed(*, actor: Any, child: Person) -> list[Deadline]:
    """The unborn child's expected date of delivery changed (assessments' service calls this inside its
    transaction): the open pre-birth conference clock moves with it, still due at the rule's week of pregnancy; the
    day it started (the concern) stays. A conference already held keeps its met clock."""
    edd = _expected_date_of_delivery(child)
    if edd is None or not _is_unborn(child):
        return []
    open_clocks = Deadline.objects.filter(
        child=child, rule_code="pre_birth_conference", interval="conference", met_on__isnull=True
    ).order_by("id")
    return [timescales.deadline_reanchor(actor=actor, deadline=clock, anchored_on=edd) for clock in open_clocks]


def unborn_child_born(*, actor: Any, child: Person, born_on: date) -> Deadline | None:
    """The birth of a child on a plan from a pre-birth conference (called by assessments' record-a-birth service,
    inside its transaction): the first review conference is due by the pre-birth rule's "first review after birth"
    interval, counted from the date of birth (3 months or 20 working days, whichever is sooner), instead of from
    the pre-birth conference. A plan already reviewed keeps its review clock."""
    plan = (
        ChildProtectionPlan.objects.filter(
            child=child, ended_on__isnull=True, starting_conference__kind=ConferenceKind.PRE_BIRTH
        )
        .select_for_update(of=("self",))
        .first()
    )
    if plan is None or born_on > timezone.localdate():
        return None
    if Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW, status=ConferenceStatus.HELD).exists():
        return None
    for deadline in _open_deadlines(child, ["first_review_conference"], [plan]):
        timescales.deadline_withdraw(
            actor=actor, deadline=deadline, reason="The child was born: the first review runs from the birth"
        )
    if _open_deadlines(child, ["pre_birth_conference"], [plan]):
        return None
    return _start(actor, "pre_birth_conference", child, plan, born_on, "first_review_after_birth")


def _expected_date_of_delivery(child: Person) -> date | None:
    profile = getattr(child, "child_profile", None)
    return profile.expected_date_of_delivery if profile is not None else None


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
    with transaction.atomic():
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
    child_views: str
    child_views_how: str
    parents_participation: str
    outline_plan: str
    minutes: str
    parents_minutes: str
    step_down_to_family_help: bool = False
    family_help_lead_practitioner: Practitioner | None = None
    attended: list[int] = field(default_factory=list)
    late_reason: str = ""


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
    """The conference was held: the child's views, the parents' participation, the decision and the categories of
    harm (mapped to the CIN census category), the outline plan and the minutes. An initial, pre-birth or transfer-in
    conference deciding on a plan starts it and its clocks; a review continues it or ends it (with step-down to
    Family Help in the same episode)."""
    child = conference.child
    _require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    if conference.status != ConferenceStatus.ARRANGED:
        errors.add("held_on", "This conference's outcome is already recorded", E.CONFERENCE_ALREADY_HELD)
    _not_in_future(errors, "held_on", details.held_on, "The date the conference was held")
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
    if not details.child_views.strip():
        errors.add("child_views", "Enter the child's views (or why they could not be gathered)", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        current = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("enquiry", "plan", "transfer_in")
            .get(pk=conference.pk)
        )
        current.status = ConferenceStatus.HELD
        current.held_on = details.held_on
        current.decision = details.decision
        current.child_views = details.child_views.strip()
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
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type="child_protection.conference",
            object_id=current.pk,
            child_id=child.pk,
            changed_fields=["status", "held_on", "decision", "harms", "minutes"],
            after={"decision": current.decision, "cin_category": current.cin_category},
        )
        rules, subjects = _conference_clocks(current)
        _meet(actor, child, rules, [s for s in subjects if s is not None], details.held_on, details.late_reason)
        if current.kind in STARTING_KINDS and details.decision == ConferenceDecision.PLAN:
            _plan_start(actor, current, details)
        elif current.kind == ConferenceKind.REVIEW and current.plan is not None:
            plan = current.plan
            if details.decision == ConferenceDecision.PLAN:
                plan.latest_category = current.cin_category
                plan.save(update_fields=["latest_category", "updated_at"])
                plan.harms.set(details.harms)
                _start(actor, "subsequent_review_conference", child, current, details.held_on)
            else:
                _plan_end(actor, plan, details.held_on, PlanEndReason.REVIEW_CONFERENCE, ending=current)
                if details.step_down_to_family_help:
                    _step_down(
                        episodes.Decision(actor, "child_protection.conference_outcome_record", current),
                        plan,
                        details.held_on,
                        details.family_help_lead_practitioner,
                    )
        involvements_end_with_the_work(actor=actor, child=child)
    return current


def _plan_start(actor: Any, conference: Conference, details: OutcomeDetails) -> ChildProtectionPlan:
    child = conference.child
    is_repeat = ChildProtectionPlan.objects.filter(child=child).exists()
    plan = ChildProtectionPlan.objects.create(
        episode=conference.episode,
        child=child,
        started_on=details.held_on,
        starting_conference=conference,
        initial_category=conference.cin_category,
        latest_category=conference.cin_category,
        is_repeat=is_repeat,
    )
    plan.harms.set(details.harms)
    conference.plan = plan
    conference.save(update_fields=["plan", "updated_at"])
    auditor.record_created(actor=actor, obj=plan, child_id=child.pk)
    members: list[Practitioner] = [
        i.practitioner for i in conference.invitations.select_related("practitioner__organisation")
    ]
    if conference.enquiry is not None:
        members += [
            m.practitioner for m in conference.enquiry.team_members.select_related("practitioner__organisation")
        ]
        if conference.enquiry.lead_practitioner is not None:
            members.append(conference.enquiry.lead_practitioner)
    seen: set[int] = set()
    for practitioner in members:
        if practitioner.pk in seen:
            continue
        seen.add(practitioner.pk)
        CoreGroupMember.objects.create(plan=plan, practitioner=practitioner, agency=agency_of(practitioner))
        if practitioner.role not in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
            _involve(actor, child, practitioner, details.held_on, InvolvementRole.CORE_GROUP_MEMBER)
    episodes.episode_step_up(
        decision=episodes.Decision(actor, "child_protection.conference_outcome_record", conference),
        episode=conference.episode,
        to_tier=EpisodeTier.CHILD_PROTECTION,
        on=details.held_on,
        reason=TransitionReason.CHILD_PROTECTION_PLAN,
    )
    _start(actor, "first_core_group", child, plan, details.held_on)
    born_on = child.date_of_birth
    if conference.kind == ConferenceKind.PRE_BIRTH and not _is_unborn(child) and born_on is not None:
        # Born before the pre-birth conference was held: the first review runs from the birth.
        _start(actor, "pre_birth_conference", child, plan, born_on, "first_review_after_birth")
    else:
        _start(actor, "first_review_conference", child, plan, details.held_on)
    _start(actor, "child_protection_visit", child, plan, details.held_on)
    return plan


def _plan_subjects(plan: ChildProtectionPlan) -> list[Any]:
    return [
        plan,
        *plan.core_group_meetings.all(),
        *plan.visits.all(),
        *Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW),
    ]


def _plan_end(
    actor: Any,
    plan: ChildProtectionPlan,
    on: date,
    reason: str,
    *,
    ending: Conference | None = None,
    automatically: bool = False,
) -> None:
    child = plan.child
    before = auditor.model_values(plan, ("ended_on", "end_reason"))
    plan.ended_on = on
    plan.end_reason = reason
    plan.ending_conference = ending
    plan.ended_automatically = automatically
    plan.flagged_for_review = automatically
    plan.save()
    auditor.record_updated(
        actor=actor,
        obj=plan,
        child_id=child.pk,
        before=before,
        after=auditor.model_values(plan, ("ended_on", "end_reason")),
    )
    why = f"The child protection plan ended ({PlanEndReason(reason).label.lower()})"
    for deadline in _open_deadlines(child, PLAN_RULES, _plan_subjects(plan)):
        if isinstance(actor, SystemActor):
            _withdraw_by_the_daily_run(actor, deadline, why)
        else:
            timescales.deadline_withdraw(actor=actor, deadline=deadline, reason=why)
    # The core group stop taking part: the involvements the work gave them end with it.
    involvements_end_with_the_work(actor=actor, child=child)


def _withdraw_by_the_daily_run(actor: SystemActor, deadline: Deadline, reason: str) -> None:
    """The daily run has no user, and so no permission to ask for: as its system actor it withdraws a clock the
    plan's automatic end made moot the way timescales.deadline_withdraw does (values and reason in the audit trail,
    then the open row deleted)."""
    auditor.audit_event_record(
        actor=actor,
        action=AuditAction.DELETED,
        object_type="timescales.deadline",
        object_id=deadline.pk,
        child_id=deadline.child_id,
        reason=reason,
        changed_fields=["withdrawn"],
        before=auditor.model_values(deadline, ("rule_code", "interval", "subject_key", "started_on", "due_on")),
    )
    deadline.delete()


def _step_down(decision: episodes.Decision, plan: ChildProtectionPlan, on: date, lead: Practitioner | None) -> None:
    """Step down to Family Help in the same episode: Family Help owns that (family_help.services), run as the review
    conference's decision, whoever recorded it (an IRO chairing it, say). Without a lead practitioner named, the
    lead child protection practitioner carries on as the family's lead practitioner (M15: one lead kept through
    step-up and step-down), unless Family Help already has one."""
    from joinedup.family_help.services import family_help_step_down_for_decision

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
    _require(actor, Permission.RECORD_CHILD_PROTECTION, conference.child)
    if conference.status != ConferenceStatus.HELD:
        raise field_error("__all__", "Minutes are shared after the conference is held", E.MINUTES_REQUIRED)
    today = timezone.localdate()
    with transaction.atomic():
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


# -- the plan (M20) --------------------------------------------------------------------------------------------


def _open_plan_check(plan: ChildProtectionPlan, on: date, name: str, what: str, errors: FieldErrors) -> None:
    if plan.ended_on is not None:
        errors.add(name, "The child protection plan has ended", E.PLAN_ENDED)
    _not_in_future(errors, name, on, what)
    if on < plan.started_on:
        errors.add(name, f"{what} must be on or after the plan started ({uk_date(plan.started_on)})", E.BEFORE_PLAN)


def core_group_record(
    *, actor: Any, plan: ChildProtectionPlan, held_on: date, attended: str, progress: str, late_reason: str = ""
) -> CoreGroupMeeting:
    """A core group meeting: meets the first core group clock (10 working days from the initial conference) or
    the interval clock, and starts the next interval."""
    _require(actor, Permission.RECORD_CHILD_PROTECTION, plan.child)
    errors = FieldErrors()
    _open_plan_check(plan, held_on, "held_on", "The date of the meeting", errors)
    if not attended.strip():
        errors.add("attended", "Enter who took part", E.REQUIRED)
    if not progress.strip():
        errors.add("progress", "Enter the progress against the plan", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        meeting = CoreGroupMeeting.objects.create(
            plan=plan, held_on=held_on, attended=attended.strip(), progress=progress.strip()
        )
        auditor.record_created(actor=actor, obj=meeting, child_id=plan.child_id)
        previous = [plan, *plan.core_group_meetings.exclude(pk=meeting.pk)]
        _meet(actor, plan.child, ["first_core_group", "core_group_interval"], previous, held_on, late_reason)
        _start(actor, "core_group_interval", plan.child, meeting, held_on)
    return meeting


def visit_record(
    *,
    actor: Any,
    plan: ChildProtectionPlan,
    visited_on: date,
    child_seen: bool,
    child_seen_alone: bool,
    reason_not_seen_alone: str = "",
    late_reason: str = "",
) -> ChildProtectionVisit:
    """A child protection visit: the child seen (and seen alone). A visit at which the child was seen meets the
    visit clock and starts the next."""
    _require(actor, Permission.RECORD_CHILD_PROTECTION, plan.child)
    errors = FieldErrors()
    _open_plan_check(plan, visited_on, "visited_on", "The date of the visit", errors)
    if child_seen_alone and not child_seen:
        errors.add("child_seen_alone", "A child seen alone was seen: check your answers", E.SEEN_ALONE_NEEDS_SEEN)
    if child_seen and not child_seen_alone and not reason_not_seen_alone.strip():
        errors.add("reason_not_seen_alone", "Say why the child was not seen alone", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        visit = ChildProtectionVisit.objects.create(
            plan=plan,
            visited_on=visited_on,
            visited_by=practitioner_of(actor),
            child_seen=child_seen,
            child_seen_alone=child_seen_alone,
            reason_not_seen_alone="" if child_seen_alone else reason_not_seen_alone.strip(),
        )
        auditor.record_created(actor=actor, obj=visit, child_id=plan.child_id)
        if child_seen:
            previous = [plan, *plan.visits.exclude(pk=visit.pk)]
            _meet(actor, plan.child, ["child_protection_visit"], previous, visited_on, late_reason)
            _start(actor, "child_protection_visit", plan.child, visit, visited_on)
    return visit


def plan_action_add(
    *,
    actor: Any,
    plan: ChildProtectionPlan,
    action: str,
    due_on: date,
    owner: Practitioner | None = None,
    owner_name: str = "",
) -> PlanAction:
    """An action in the plan, with its owner (any agency, or a family member) and the date it is due by."""
    _require(actor, Permission.RECORD_CHILD_PROTECTION, plan.child)
    errors = FieldErrors()
    if plan.ended_on is not None:
        errors.add("action", "The child protection plan has ended", E.PLAN_ENDED)
    if not action.strip():
        errors.add("action", "Enter the action", E.REQUIRED)
    if owner is None and not owner_name.strip():
        errors.add("owner", "Choose who will do it, or enter their name", E.REQUIRED)
    if due_on < plan.started_on:
        errors.add("due_on", "The date it is due must be after the plan started", E.BEFORE_PLAN)
    errors.raise_if_any()
    with transaction.atomic():
        item = PlanAction.objects.create(
            plan=plan,
            action=action.strip(),
            owner=owner,
            owner_name=owner_name.strip(),
            agency=agency_of(owner) if owner is not None else Agency.OTHER,
            due_on=due_on,
        )
        auditor.record_created(actor=actor, obj=item, child_id=plan.child_id)
    return item


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


@dataclass(frozen=True)
class AutomaticEnd:
    plan: ChildProtectionPlan
    reason: str
    on: date


def plans_end_automatically(*, actor: SystemActor, today: date | None = None) -> list[AutomaticEnd]:
    """Run daily (the task child_protection.tasks.child_protection_daily, or manage.py child_protection_daily) as
    the system actor `actor` (the daily jobs): a plan ends automatically, and is flagged for the lead practitioner
    and manager to check, when the child turns 18, dies or moves away (their episode of need closed as transferred
    to another local authority). No user did this, so the audit trail names the system actor."""
    today = today or timezone.localdate()
    ended: list[AutomaticEnd] = []
    plans = ChildProtectionPlan.objects.filter(ended_on__isnull=True).select_related("child", "episode")
    adult_born_by = _birthday(today, -ADULT_AGE)
    candidates = plans.filter(
        Q(child__date_of_birth__lte=adult_born_by)
        | Q(child__date_of_death__isnull=False)
        | Q(episode__closure_reason=ClosureReason.TRANSFERRED_TO_ANOTHER_AUTHORITY)
    )
    for plan in candidates.order_by("id"):
        child = plan.child
        if child.date_of_death is not None:
            reason, on = PlanEndReason.DIED, child.date_of_death
        elif child.date_of_birth is not None and _birthday(child.date_of_birth, ADULT_AGE) <= today:
            reason, on = PlanEndReason.TURNED_18, _birthday(child.date_of_birth, ADULT_AGE)
        else:
            reason, on = PlanEndReason.MOVED_AWAY, plan.episode.closed_on or today
        on = max(on, plan.started_on)
        with transaction.atomic():
            _plan_end(actor, plan, on, reason, automatically=True)
        ended.append(AutomaticEnd(plan, reason, on))
    return ended


# -- pre-proceedings and family group decision making (the CIN census module) ---------------------------------


def pre_proceedings_start(
    *,
    actor: Any,
    child: Person,
    started_on: date,
    letter_before_proceedings_on: date | None,
    family_group_decision_making_offered: bool | None,
    not_offered_reason: str = "",
) -> PreProceedings:
    """Pre-proceedings start, with the letter before proceedings and the offer of family group decision making the
    authority must make before applying for an order (recorded through family_help.services.fgdm_offer, context
    pre-proceedings), or why it is not in the child's interests."""
    _require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    if family_group_decision_making_offered is False and not not_offered_reason.strip():
        errors.add(
            "not_offered_reason",
            "Say why family group decision making is not in the child's interests",
            E.REQUIRED,
        )
    _not_in_future(errors, "started_on", started_on, "The date pre-proceedings started")
    _not_in_future(errors, "letter_before_proceedings_on", letter_before_proceedings_on, "The date of the letter")
    if letter_before_proceedings_on is not None and letter_before_proceedings_on < started_on:
        errors.add("letter_before_proceedings_on", "The letter must be on or after the start", E.ORDER_OF_DATES)
    if PreProceedings.objects.filter(child=child, ended_on__isnull=True).exists():
        errors.add("started_on", "The child is already in pre-proceedings", E.PRE_PROCEEDINGS_OPEN)
    errors.raise_if_any()
    with transaction.atomic():
        record = PreProceedings.objects.create(
            episode=_open_episode(child),
            child=child,
            started_on=started_on,
            letter_before_proceedings_on=letter_before_proceedings_on,
            family_group_decision_making_offered=family_group_decision_making_offered,
        )
        if family_group_decision_making_offered is not None:
            from joinedup.family_help.codes import FgdmContext
            from joinedup.family_help.services import fgdm_offer

            record.family_group_decision_making = fgdm_offer(
                actor=actor,
                episode=record.episode,
                offered_on=started_on,
                context=FgdmContext.PRE_PROCEEDINGS,
                not_offered_reason="" if family_group_decision_making_offered else not_offered_reason,
            )
            record.save(update_fields=["family_group_decision_making", "updated_at"])
        auditor.record_created(actor=actor, obj=record, child_id=child.pk)
    return record


def pre_proceedings_meeting_add(
    *, actor: Any, pre_proceedings: PreProceedings, held_on: date, notes: str
) -> PreProceedingsMeeting:
    _require(actor, Permission.RECORD_CHILD_PROTECTION, pre_proceedings.child)
    errors = FieldErrors()
    _not_in_future(errors, "held_on", held_on, "The date of the meeting")
    if held_on < pre_proceedings.started_on:
        errors.add("held_on", "The meeting must be on or after pre-proceedings started", E.ORDER_OF_DATES)
    if not notes.strip():
        errors.add("notes", "Enter what was agreed", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        meeting = PreProceedingsMeeting.objects.create(
            pre_proceedings=pre_proceedings, held_on=held_on, notes=notes.strip()
        )
        auditor.record_created(actor=actor, obj=meeting, child_id=pre_proceedings.child_id)
    return meeting


def pre_proceedings_end(*, actor: Any, pre_proceedings: PreProceedings, ended_on: date, outcome: str) -> PreProceedings:
    _require(actor, Permission.RECORD_CHILD_PROTECTION, pre_proceedings.child)
    errors = FieldErrors()
    _not_in_future(errors, "ended_on", ended_on, "The date pre-proceedings ended")
    if ended_on < pre_proceedings.started_on:
        errors.add("ended_on", "The end must be on or after the start", E.ORDER_OF_DATES)
    if outcome not in PreProceedingsOutcome.values:
        errors.add("outcome", "Choose the outcome", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        before = auditor.model_values(pre_proceedings, ("ended_on", "outcome"))
        pre_proceedings.ended_on = ended_on
        pre_proceedings.outcome = outcome
        pre_proceedings.save()
        auditor.record_updated(
            actor=actor,
            obj=pre_proceedings,
            child_id=pre_proceedings.child_id,
            before=before,
            after=auditor.model_values(pre_proceedings, ("ended_on", "outcome")),
        )
    return pre_proceedings
