"""The family's Family Help case (M1, M15): opened in the child's episode of need with a lead practitioner (an access
Involvement with every child it covers), its lead changed, team members added, and closed with a CIN census reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner, Team
from joinedup.assessments.models import SingleAssessment
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import ClosureReason, EpisodeTier, TransitionReason
from joinedup.episodes.models import CaseEpisode
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from ..codes import FamilyHelpStatus
from ..errors import FamilyHelpError
from ..models import FamilyHelpCase, FamilyHelpChild, FamilyHelpTeamMember
from ..visits import FAMILY_HELP_VISIT
from ._common import case_child_ids, locked_open_case, not_future, require, review_clock


def _involve(
    *, actor: Any, practitioner: Practitioner, child_ids: list[int], role: str, team: Team | None, on: date
) -> None:
    have = set(
        Involvement.objects.filter(
            practitioner=practitioner, child_id__in=child_ids, role=role, ended_on__isnull=True
        ).values_list("child_id", flat=True)
    )
    for child_id in child_ids:
        if child_id in have:
            continue
        involvement = Involvement.objects.create(
            practitioner=practitioner, child_id=child_id, team=team, role=role, started_on=min(on, timezone.localdate())
        )
        auditor.record_created(actor=actor, obj=involvement, child_id=child_id)


def _end_involvements(*, actor: Any, practitioner_id: int, child_ids: list[int], role: str, on: date) -> None:
    for involvement in Involvement.objects.filter(
        practitioner_id=practitioner_id, child_id__in=child_ids, role=role, ended_on__isnull=True
    ):
        auditor.record_fields_changed(
            actor=actor,
            obj=involvement,
            child_id=involvement.child_id,
            changes={"ended_on": max(on, involvement.started_on)},
        )


def family_help_open(
    *,
    actor: Any,
    episode: CaseEpisode,
    lead_practitioner: Practitioner,
    opened_on: date,
    siblings: list[Person] | None = None,
    team: Team | None = None,
    assessment: SingleAssessment | None = None,
) -> FamilyHelpCase:
    """Open the family's Family Help in the child's episode of need, with its lead practitioner (from the local
    authority or a partner agency). Brothers and sisters the family's plan covers may be added."""
    require(actor, Permission.MANAGE_FAMILY_HELP, episode.child)
    return open_case(
        actor=actor,
        episode=episode,
        lead_practitioner=lead_practitioner,
        opened_on=opened_on,
        siblings=siblings,
        team=team,
        assessment=assessment,
    )


def open_case(
    *,
    actor: Any,
    episode: CaseEpisode,
    lead_practitioner: Practitioner,
    opened_on: date,
    siblings: list[Person] | None = None,
    team: Team | None = None,
    assessment: SingleAssessment | None = None,
) -> FamilyHelpCase:
    """The work of opening, run as the decision that called it (its permission already checked)."""
    child = episode.child
    errors = FieldErrors()
    if episode.closed_on is not None:
        errors.add("episode", "The child's episode of need is closed", FamilyHelpError.EPISODE_CLOSED)
    not_future(errors, "opened_on", opened_on, "date Family Help started")
    if opened_on < episode.started_on:
        errors.add("opened_on", "Family Help cannot start before the referral date", FamilyHelpError.DATE_INVALID)
    for sibling in siblings or []:
        if not sibling.is_child_record or sibling.pk == child.pk:
            errors.add("siblings", "Choose other children in the family", FamilyHelpError.NOT_A_CHILD)
        elif not has_permission(actor, Permission.MANAGE_FAMILY_HELP, sibling):
            raise NotFoundOrNotPermitted
    errors.raise_if_any()
    team = team or (practitioner_of(actor).team if practitioner_of(actor) is not None else None)  # type: ignore[union-attr]
    with transaction.atomic(), auditor.audit_last():
        locked = CaseEpisode.objects.select_for_update().get(pk=episode.pk)
        if FamilyHelpCase.objects.filter(case_episode=locked, closed_on__isnull=True).exists():
            raise field_error(
                "episode", "Family Help is already open in this episode of need", FamilyHelpError.ALREADY_OPEN
            )
        case = FamilyHelpCase.objects.create(
            case_episode=locked,
            child=child,
            opened_on=opened_on,
            lead_practitioner=lead_practitioner,
            team=team,
            assessment=assessment,
            status=(
                FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE
                if locked.tier == EpisodeTier.CHILD_PROTECTION
                else FamilyHelpStatus.OPEN
            ),
        )
        auditor.record_created(actor=actor, obj=case, child_id=child.pk)
        children = [child, *[s for s in siblings or [] if s.pk != child.pk]]
        FamilyHelpChild.objects.bulk_create([FamilyHelpChild(case=case, child=c, added_on=opened_on) for c in children])
        auditor.audit_events_record(
            actor=actor,
            events=[
                EventSpec(
                    action=AuditAction.CREATED,
                    object_type="family_help.familyhelpchild",
                    object_id=f"{case.pk}:{c.pk}",
                    child_id=c.pk,
                )
                for c in children
            ],
        )
        _involve(
            actor=actor,
            practitioner=lead_practitioner,
            child_ids=[c.pk for c in children],
            role=InvolvementRole.LEAD_PRACTITIONER,
            team=team,
            on=opened_on,
        )
        # Each child's local visiting clock (family_help/visits.py): a visit seeing the child meets it.
        for c in children:
            timescales.deadline_start(
                actor=actor, rule_code=FAMILY_HELP_VISIT, child=c, subject=case, started_on=opened_on
            )
    return case


def family_help_lead_change(
    *, actor: Any, case: FamilyHelpCase, lead_practitioner: Practitioner, on: date
) -> FamilyHelpCase:
    require(actor, Permission.MANAGE_FAMILY_HELP, case.child)
    return lead_change(actor=actor, case=case, lead_practitioner=lead_practitioner, on=on)


def lead_change(*, actor: Any, case: FamilyHelpCase, lead_practitioner: Practitioner, on: date) -> FamilyHelpCase:
    errors = FieldErrors()
    not_future(errors, "on", on, "date of the change")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(case)
        if current.lead_practitioner_id == lead_practitioner.pk:
            return current
        child_ids = case_child_ids(current)
        _end_involvements(
            actor=actor,
            practitioner_id=current.lead_practitioner_id,
            child_ids=child_ids,
            role=InvolvementRole.LEAD_PRACTITIONER,
            on=on,
        )
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={"lead_practitioner_id": lead_practitioner.pk},
        )
        _involve(
            actor=actor,
            practitioner=lead_practitioner,
            child_ids=child_ids,
            role=InvolvementRole.LEAD_PRACTITIONER,
            team=current.team,
            on=on,
        )
    return current


def family_help_team_member_add(
    *, actor: Any, case: FamilyHelpCase, practitioner: Practitioner, contribution: str, on: date
) -> FamilyHelpTeamMember:
    require(actor, Permission.MANAGE_FAMILY_HELP, case.child)
    errors = FieldErrors()
    if not contribution.strip():
        errors.add("contribution", "Say what they bring to the family's plan", FamilyHelpError.REASON_REQUIRED)
    not_future(errors, "on", on, "date they joined")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(case)
        member = FamilyHelpTeamMember.objects.create(
            case=current, practitioner=practitioner, contribution=contribution.strip(), started_on=on
        )
        auditor.record_created(actor=actor, obj=member, child_id=current.child_id)
        _involve(
            actor=actor,
            practitioner=practitioner,
            child_ids=case_child_ids(current),
            role=InvolvementRole.FAMILY_HELP_TEAM_MEMBER,
            team=current.team,
            on=on,
        )
    return member


def family_help_close(
    *, actor: Any, case: FamilyHelpCase, closed_on: date, closure_reason: str, note: str = ""
) -> FamilyHelpCase:
    """Close the family's Family Help with a CIN census reason: the lead practitioner's and team's involvements end,
    the open review clock is withdrawn, and the episode of need closes with the same reason when nothing else is
    open in it. Not while child protection runs alongside (it steps down first)."""
    require(actor, Permission.MANAGE_FAMILY_HELP, case.child)
    errors = FieldErrors()
    if closure_reason not in ClosureReason.values:
        errors.add("closure_reason", "Select the reason for closing", FamilyHelpError.CLOSURE_REASON_REQUIRED)
    not_future(errors, "closed_on", closed_on, "date of closure")
    if closed_on < case.opened_on:
        errors.add("closed_on", "Family Help cannot close before it started", FamilyHelpError.DATE_INVALID)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(case)
        if current.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE:
            raise field_error(
                "closure_reason",
                "Child protection is running alongside: the family steps down before Family Help closes",
                FamilyHelpError.CHILD_PROTECTION_ALONGSIDE,
            )
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={"status": FamilyHelpStatus.CLOSED, "closed_on": closed_on, "closure_reason": closure_reason},
            unrecorded={"closure_note": note.strip()},
        )
        child_ids = case_child_ids(current)
        _end_involvements(
            actor=actor,
            practitioner_id=current.lead_practitioner_id,
            child_ids=child_ids,
            role=InvolvementRole.LEAD_PRACTITIONER,
            on=closed_on,
        )
        for member in FamilyHelpTeamMember.objects.filter(case=current, ended_on__isnull=True):
            member.ended_on = max(closed_on, member.started_on)
            member.save(update_fields=["ended_on"])
            _end_involvements(
                actor=actor,
                practitioner_id=member.practitioner_id,
                child_ids=child_ids,
                role=InvolvementRole.FAMILY_HELP_TEAM_MEMBER,
                on=closed_on,
            )
        FamilyHelpChild.objects.filter(case=current, ended_on__isnull=True).update(ended_on=closed_on)
        clock = review_clock(current)
        if clock is not None:
            timescales.deadline_withdraw(actor=actor, deadline=clock, reason="Family Help closed")
        # Each child's local visiting clock ends with Family Help (family_help/visits.py).
        for visit_clock in Deadline.objects.filter(
            child_id__in=child_ids, rule_code=FAMILY_HELP_VISIT, met_on__isnull=True
        ).order_by("id"):
            timescales.deadline_withdraw(actor=actor, deadline=visit_clock, reason="Family Help closed")
        episode = CaseEpisode.objects.select_for_update().get(pk=current.case_episode_id)
        if (
            episode.closed_on is None
            and not SingleAssessment.objects.filter(case_episode=episode, status="in_progress").exists()
        ):
            episodes.episode_close(
                decision=episodes.Decision(actor, "family_help.family_help_close", current),
                episode=episode,
                closed_on=closed_on,
                closure_reason=closure_reason,
                reason=TransitionReason.FAMILY_HELP_CLOSED,
                reason_text=note,
            )
    case.refresh_from_db()
    return case
