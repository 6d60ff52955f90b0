"""The child protection plan (M20): its start from a conference, core group meetings, visits, actions, and its end
(at a review conference, or automatically by the daily run) with its clocks withdrawn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.actors import SystemActor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import ClosureReason, EpisodeTier, TransitionReason
from joinedup.harms.models import HarmType
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.ui.govuk import uk_date

from ..codes import Agency, ConferenceKind, PlanEndReason
from ..errors import ChildProtectionError as E
from ..models import (
    ChildProtectionPlan,
    Conference,
    CoreGroupCarer,
    CoreGroupMeeting,
    CoreGroupMember,
    PlanAction,
)
from ._common import agency_of, clock_start, clocks_meet, is_unborn, not_in_future, open_clocks
from .involvement import involve, involvements_end_with_the_work

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


def plan_start(actor: Any, conference: Conference, on: date, harms: Sequence[HarmType]) -> ChildProtectionPlan:
    """The plan a conference decided on: its core group, the episode moved to the child protection tier, its clocks."""
    child = conference.child
    is_repeat = ChildProtectionPlan.objects.filter(child=child).exists()
    plan = ChildProtectionPlan.objects.create(
        episode=conference.episode,
        child=child,
        started_on=on,
        starting_conference=conference,
        initial_category=conference.cin_category,
        latest_category=conference.cin_category,
        is_repeat=is_repeat,
    )
    plan.harms.set(harms)
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
            involve(actor, child, practitioner, on, InvolvementRole.CORE_GROUP_MEMBER)
    carers_join_core_group(plan, conference)
    episodes.episode_step_up(
        decision=episodes.Decision(actor, "child_protection.conference_outcome_record", conference),
        episode=conference.episode,
        to_tier=EpisodeTier.CHILD_PROTECTION,
        on=on,
        reason=TransitionReason.CHILD_PROTECTION_PLAN,
    )
    clock_start(actor, "first_core_group", child, plan, on)
    born_on = child.date_of_birth
    if conference.kind == ConferenceKind.PRE_BIRTH and not is_unborn(child) and born_on is not None:
        # Born before the pre-birth conference was held: the first review runs from the birth.
        clock_start(actor, "pre_birth_conference", child, plan, born_on, "first_review_after_birth")
    else:
        clock_start(actor, "first_review_conference", child, plan, on)
    clock_start(actor, "child_protection_visit", child, plan, on)
    return plan


def carers_join_core_group(plan: ChildProtectionPlan, conference: Conference) -> list[CoreGroupCarer]:
    """The carers the child lives with who were invited to the conference become members of the core group (M21),
    once each, with their role; a step of the conference's outcome."""
    members = {(m.person_id, m.practitioner_id) for m in plan.core_group_carers.all()}
    joining = [c for c in conference.carers.all() if (c.person_id, c.practitioner_id) not in members]
    return CoreGroupCarer.objects.bulk_create(
        [
            CoreGroupCarer(
                plan=plan,
                person_id=c.person_id,
                practitioner_id=c.practitioner_id,
                name=c.name,
                carer_role=c.carer_role,
            )
            for c in joining
        ]
    )


def _plan_subjects(plan: ChildProtectionPlan) -> list[Any]:
    return [
        plan,
        *plan.core_group_meetings.all(),
        *plan.visits.all(),
        *Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW),
    ]


def plan_end(
    actor: Any,
    plan: ChildProtectionPlan,
    on: date,
    reason: str,
    *,
    ending: Conference | None = None,
    automatically: bool = False,
) -> None:
    child = plan.child
    auditor.record_fields_changed(
        actor=actor,
        obj=plan,
        child_id=child.pk,
        changes={"ended_on": on, "end_reason": reason},
        unrecorded={
            "ending_conference": ending,
            "ended_automatically": automatically,
            "flagged_for_review": automatically,
        },
    )
    why = f"The child protection plan ended ({PlanEndReason(reason).label.lower()})"
    for deadline in open_clocks(child, PLAN_RULES, _plan_subjects(plan)):
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


def _open_plan_check(plan: ChildProtectionPlan, on: date, name: str, what: str, errors: FieldErrors) -> None:
    if plan.ended_on is not None:
        errors.add(name, "The child protection plan has ended", E.PLAN_ENDED)
    not_in_future(errors, name, on, what)
    if on < plan.started_on:
        errors.add(name, f"{what} must be on or after the plan started ({uk_date(plan.started_on)})", E.BEFORE_PLAN)


def _require_core_group(actor: Any, plan: ChildProtectionPlan) -> Practitioner | None:
    """The local authority's caseworker, or a current member of the plan's core group (access/policy.py decides):
    anyone else is refused as if the plan did not exist. Returns who they are."""
    if not plan.child.is_child_record or not has_permission(actor, Permission.RECORD_CORE_GROUP, plan):
        raise NotFoundOrNotPermitted
    return practitioner_of(actor)


def _records_any_action(actor: Any, plan: ChildProtectionPlan) -> bool:
    return has_permission(actor, Permission.RECORD_CHILD_PROTECTION, plan.child)


def core_group_record(
    *,
    actor: Any,
    plan: ChildProtectionPlan,
    held_on: date,
    attended: str,
    progress: str,
    changes: str = "",
    late_reason: str = "",
) -> CoreGroupMeeting:
    """A core group meeting, recorded by the social worker or any current member of the core group in their own
    login (who recorded it is kept): meets the first core group clock (10 working days from the initial
    conference) or the interval clock, and starts the next interval."""
    me = _require_core_group(actor, plan)
    errors = FieldErrors()
    _open_plan_check(plan, held_on, "held_on", "The date of the meeting", errors)
    if not attended.strip():
        errors.add("attended", "Select who took part", E.REQUIRED)
    if not progress.strip():
        errors.add("progress", "Enter the progress against the plan", E.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        meeting = CoreGroupMeeting.objects.create(
            plan=plan,
            held_on=held_on,
            attended=attended.strip(),
            progress=progress.strip(),
            changes=changes.strip(),
            recorded_by=me,
        )
        auditor.record_created(actor=actor, obj=meeting, child_id=plan.child_id)
        previous = [plan, *plan.core_group_meetings.exclude(pk=meeting.pk)]
        clocks_meet(actor, plan.child, ["first_core_group", "core_group_interval"], previous, held_on, late_reason)
        clock_start(actor, "core_group_interval", plan.child, meeting, held_on)
    return meeting


def plan_action_add(
    *,
    actor: Any,
    plan: ChildProtectionPlan,
    action: str,
    due_on: date,
    owner: Practitioner | None = None,
    owner_name: str = "",
) -> PlanAction:
    """An action in the plan, with its owner (any agency, or a family member) and the date it is due by. The social
    worker adds any; a member of the core group adds the actions they own themselves."""
    me = _require_core_group(actor, plan)
    if not _records_any_action(actor, plan) and (owner is None or me is None or owner.pk != me.pk):
        raise NotFoundOrNotPermitted
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
    with transaction.atomic(), auditor.audit_last():
        item = PlanAction.objects.create(
            plan=plan,
            action=action.strip(),
            owner=owner,
            owner_name=owner_name.strip(),
            agency=agency_of(owner) if owner is not None else Agency.OTHER,
            due_on=due_on,
            added_by=me,
        )
        auditor.record_created(actor=actor, obj=item, child_id=plan.child_id)
    return item


def plan_action_update(
    *, actor: Any, action: PlanAction, progress: str, completed_on: date | None = None
) -> PlanAction:
    """Progress on an action in the plan, and the day it was done: by its owner (a member of the core group) or the
    social worker. Who updated it last is kept."""
    plan = action.plan
    me = _require_core_group(actor, plan)
    owns = me is not None and action.owner_id == me.pk
    if not owns and not _records_any_action(actor, plan):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if plan.ended_on is not None:
        errors.add("progress", "The child protection plan has ended", E.PLAN_ENDED)
    if not progress.strip() and completed_on is None:
        errors.add("progress", "Enter the progress, or the date it was done", E.REQUIRED)
    if completed_on is not None:
        not_in_future(errors, "completed_on", completed_on, "The date it was done")
        if completed_on < plan.started_on:
            errors.add("completed_on", "The date it was done must be after the plan started", E.BEFORE_PLAN)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        locked = PlanAction.objects.select_for_update().get(pk=action.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=locked,
            child_id=plan.child_id,
            changes={"progress": progress.strip() or locked.progress, "completed_on": completed_on},
            unrecorded={"updated_by": me},
        )
    return locked


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
        with transaction.atomic(), auditor.audit_last():
            plan_end(actor, plan, on, reason, automatically=True)
        ended.append(AutomaticEnd(plan, reason, on))
    return ended
