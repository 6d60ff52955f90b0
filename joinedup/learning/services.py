"""Every write of learning from serious incidents (issue 22). Each service checks the user's permission once
(access/), every rule before its first write, and writes in one transaction with its audit events last. The clocks
(`serious_incident_notification`, `rapid_review`, `local_practice_review_publication`) are timescales' Deadline rows,
started and met here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Organisation, Practitioner
from joinedup.audit import services as auditor
from joinedup.child_protection.models import ChildProtectionPlan
from joinedup.children_in_care.models import PeriodOfCare
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted
from joinedup.episodes.models import CaseEpisode
from joinedup.harms.models import HarmType
from joinedup.people.models import Person
from joinedup.timescales import services as clocks
from joinedup.timescales.selectors import deadline_for

from .errors import MESSAGES, LearningError
from .models import (
    AgencyContribution,
    IncidentTheme,
    LearningAction,
    LearningActionUpdate,
    LocalPracticeReview,
    RapidReview,
    Recommendation,
    RecommendationSource,
    ReviewMilestone,
    SeriousIncident,
)

NOTIFICATION_RULE = "serious_incident_notification"
RAPID_REVIEW_RULE = "rapid_review"
PUBLICATION_RULE = "local_practice_review_publication"


def _add(errors: FieldErrors, field: str, code: LearningError, message: str = "") -> None:
    errors.add(field, message or MESSAGES[code], code)


def _not_future(errors: FieldErrors, field: str, on: date | None) -> None:
    if on is not None and on > timezone.localdate():
        _add(errors, field, LearningError.DATE_IN_FUTURE)


def _name(actor: Any) -> str:
    practitioner = practitioner_of(actor)
    return practitioner.full_name if practitioner else actor.get_username()


def _require(actor: Any, permission: Permission, obj: Any = None) -> None:
    if not has_permission(actor, permission, obj):
        raise NotFoundOrNotPermitted


def record_status_on(*, child: Person, on: date) -> dict[str, bool]:
    """What the child's record knew on `on`: an episode of need open (known to children's social care), a child
    protection plan in force, a period of care in force. Three queries; the notification keeps the answers."""
    open_on = Q(started_on__lte=on)
    return {
        "known_to_childrens_social_care": CaseEpisode.objects.filter(
            open_on & (Q(closed_on__isnull=True) | Q(closed_on__gte=on)), child=child
        ).exists(),
        "on_child_protection_plan": ChildProtectionPlan.objects.filter(
            open_on & (Q(ended_on__isnull=True) | Q(ended_on__gte=on)), child=child
        ).exists(),
        "looked_after": PeriodOfCare.objects.filter(
            open_on & (Q(ended_on__isnull=True) | Q(ended_on__gte=on)), child=child
        ).exists(),
    }


# -- the serious incident and its notification --------------------------------------------------------------------


def serious_incident_record(
    *,
    actor: Any,
    child: Person,
    incident_on: date,
    became_aware_on: date,
    what_happened: str,
    outcome: str,
    abuse_or_neglect: str,
    setting: str,
    harm_types: Iterable[HarmType] = (),
    agencies_involved: Iterable[Organisation] = (),
    themes: Iterable[str] = (),
) -> SeriousIncident:
    """Record a serious incident on the child's record and start its two clocks from the day the authority became
    aware: the notification to the Panel (5 working days) and the rapid review (15)."""
    _require(actor, Permission.RECORD_SERIOUS_INCIDENT, child)
    errors = FieldErrors()
    if not child.is_child_record:
        _add(errors, "child", LearningError.NOT_A_CHILD)
    _not_future(errors, "incident_on", incident_on)
    _not_future(errors, "became_aware_on", became_aware_on)
    if became_aware_on < incident_on:
        _add(errors, "became_aware_on", LearningError.AWARE_BEFORE_INCIDENT)
    if not what_happened.strip():
        _add(errors, "what_happened", LearningError.REQUIRED, "Enter what happened")
    errors.raise_if_any()
    assignee = practitioner_of(actor)
    with transaction.atomic(), auditor.audit_last():
        incident = SeriousIncident(
            child=child,
            incident_on=incident_on,
            became_aware_on=became_aware_on,
            what_happened=what_happened.strip(),
            outcome=outcome,
            abuse_or_neglect=abuse_or_neglect,
            setting=setting,
            recorded_by=actor,
            recorded_by_name=_name(actor),
            **record_status_on(child=child, on=incident_on),
        )
        incident.full_clean()
        incident.save()
        incident.harm_types.set(list(harm_types))
        incident.agencies_involved.set(list(agencies_involved))
        IncidentTheme.objects.bulk_create([IncidentTheme(incident=incident, theme=t) for t in sorted(set(themes))])
        for rule_code in (NOTIFICATION_RULE, RAPID_REVIEW_RULE):
            clocks.deadline_start(
                actor=actor,
                rule_code=rule_code,
                child=child,
                subject=incident,
                started_on=became_aware_on,
                assignee=assignee,
            )
        auditor.record_created(actor=actor, obj=incident, child_id=child.pk)
    return incident


_NOTIFIED_FIELDS = ("notified_on", "ofsted_informed_on", "partners_informed_on")


def serious_incident_notify(
    *,
    actor: Any,
    incident: SeriousIncident,
    notified_on: date,
    partners_informed_on: date | None,
    ofsted_informed_on: date | None = None,
    late_reason: str = "",
) -> SeriousIncident:
    """Record the notification as sent to the Panel (the clock is met that day), with when the safeguarding partners
    and, for a child in care or a regulated setting, Ofsted were told."""
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    if incident.notified_on is not None:
        _add(errors, "notified_on", LearningError.ALREADY_NOTIFIED)
    for field, on in (
        ("notified_on", notified_on),
        ("partners_informed_on", partners_informed_on),
        ("ofsted_informed_on", ofsted_informed_on),
    ):
        _not_future(errors, field, on)
        if on is not None and on < incident.became_aware_on:
            _add(errors, field, LearningError.BEFORE_AWARE)
    if partners_informed_on is None:
        _add(errors, "partners_informed_on", LearningError.PARTNERS_NOT_INFORMED)
    if incident.ofsted_must_be_told and ofsted_informed_on is None:
        _add(errors, "ofsted_informed_on", LearningError.OFSTED_NOT_INFORMED)
    deadline = deadline_for(incident, NOTIFICATION_RULE)
    if deadline is not None and notified_on > deadline.due_on and not late_reason.strip():
        _add(errors, "late_reason", LearningError.LATE_REASON_REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = SeriousIncident.objects.select_for_update().get(pk=incident.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={
                "notified_on": notified_on,
                "partners_informed_on": partners_informed_on,
                "ofsted_informed_on": ofsted_informed_on,
            },
        )
        if deadline is not None:
            clocks.deadline_meet(actor=actor, deadline=deadline, met_on=notified_on, late_reason=late_reason)
    incident.refresh_from_db()
    return incident


# -- the rapid review ------------------------------------------------------------------------------------------------


def rapid_review_start(
    *,
    actor: Any,
    incident: SeriousIncident,
    chronology_from: date,
    chronology_to: date,
    contributors: Sequence[Practitioner],
) -> RapidReview:
    """Start the rapid review: the dates its chronology covers and the practitioners asked for their agency's
    contribution (one each; each records it in their own login)."""
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    if RapidReview.objects.filter(incident=incident).exists():
        _add(errors, "chronology_from", LearningError.RAPID_REVIEW_EXISTS)
    if chronology_to < chronology_from:
        _add(errors, "chronology_to", LearningError.CHRONOLOGY_DATES)
    if not contributors:
        _add(errors, "contributors", LearningError.NO_CONTRIBUTORS)
    errors.raise_if_any()
    today = timezone.localdate()
    with transaction.atomic(), auditor.audit_last():
        review = RapidReview(incident=incident, chronology_from=chronology_from, chronology_to=chronology_to)
        review.full_clean()
        review.save()
        asked = AgencyContribution.objects.bulk_create(
            [
                AgencyContribution(
                    rapid_review=review, practitioner=p, organisation_id=p.organisation_id, asked_on=today
                )
                for p in {p.pk: p for p in contributors}.values()
            ]
        )
        auditor.record_created(actor=actor, obj=review, child_id=incident.child_id)
        for contribution in asked:
            auditor.record_created(actor=actor, obj=contribution, child_id=incident.child_id)
    return review


def agency_contribution_record(*, actor: Any, contribution: AgencyContribution, text: str) -> AgencyContribution:
    """The asked practitioner records their agency's contribution (and may correct it until the review is sent)."""
    _require(actor, Permission.RECORD_RAPID_REVIEW_CONTRIBUTION, contribution)
    errors = FieldErrors()
    if not text.strip():
        _add(errors, "contribution", LearningError.REQUIRED, "Enter your agency's contribution")
    if contribution.rapid_review.sent_to_panel_on is not None:
        _add(errors, "contribution", LearningError.ALREADY_DECIDED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = AgencyContribution.objects.select_for_update().get(pk=contribution.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=contribution.rapid_review.incident.child_id,
            changes={"recorded_on": timezone.localdate()},
            unrecorded={"contribution": text.strip()},
        )
    contribution.refresh_from_db()
    return contribution


def rapid_review_decide(
    *,
    actor: Any,
    review: RapidReview,
    immediate_learning: str,
    local_review_needed: bool,
    decision_reason: str,
    sent_to_panel_on: date,
    late_reason: str = "",
) -> RapidReview:
    """Record the immediate learning and the decision whether a local child safeguarding practice review is needed,
    and why, as sent to the Panel on `sent_to_panel_on` (the rapid review's clock is met that day). A review decided
    on starts its publication clock (6 months) from that day."""
    incident = review.incident
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    if review.sent_to_panel_on is not None:
        _add(errors, "sent_to_panel_on", LearningError.ALREADY_DECIDED)
    if incident.notified_on is None:
        _add(errors, "sent_to_panel_on", LearningError.NOT_NOTIFIED)
    if review.contributions.filter(recorded_on__isnull=True).exists():
        _add(errors, "sent_to_panel_on", LearningError.CONTRIBUTIONS_OUTSTANDING)
    if not immediate_learning.strip():
        _add(errors, "immediate_learning", LearningError.REQUIRED, "Enter the immediate learning")
    if not decision_reason.strip():
        _add(errors, "decision_reason", LearningError.REQUIRED, "Say why a local review is, or is not, needed")
    _not_future(errors, "sent_to_panel_on", sent_to_panel_on)
    if sent_to_panel_on < incident.became_aware_on:
        _add(errors, "sent_to_panel_on", LearningError.BEFORE_AWARE)
    deadline = deadline_for(incident, RAPID_REVIEW_RULE)
    if deadline is not None and sent_to_panel_on > deadline.due_on and not late_reason.strip():
        _add(errors, "late_reason", LearningError.LATE_REASON_REQUIRED)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = RapidReview.objects.select_for_update().get(pk=review.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=incident.child_id,
            changes={
                "local_review_needed": local_review_needed,
                "decided_on": sent_to_panel_on,
                "sent_to_panel_on": sent_to_panel_on,
            },
            unrecorded={"immediate_learning": immediate_learning.strip(), "decision_reason": decision_reason.strip()},
        )
        if deadline is not None:
            clocks.deadline_meet(actor=actor, deadline=deadline, met_on=sent_to_panel_on, late_reason=late_reason)
        if local_review_needed:
            local = LocalPracticeReview(rapid_review=current, decided_on=sent_to_panel_on)
            local.full_clean()
            local.save()
            clocks.deadline_start(
                actor=actor,
                rule_code=PUBLICATION_RULE,
                child=incident.child,
                subject=local,
                started_on=sent_to_panel_on,
                assignee=practitioner_of(actor),
            )
            auditor.record_created(actor=actor, obj=local, child_id=incident.child_id)
    review.refresh_from_db()
    return review


# -- the local child safeguarding practice review ------------------------------------------------------------------


def _local_review_open(errors: FieldErrors, local: LocalPracticeReview) -> None:
    if local.published_on is not None or local.not_published_reason:
        _add(errors, "published_on", LearningError.ALREADY_PUBLISHED)


def local_review_plan(*, actor: Any, local: LocalPracticeReview, scope: str, reviewer: str) -> LocalPracticeReview:
    incident = local.rapid_review.incident
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    _local_review_open(errors, local)
    if not scope.strip():
        _add(errors, "scope", LearningError.REQUIRED, "Enter the review's scope")
    if not reviewer.strip():
        _add(errors, "reviewer", LearningError.REQUIRED, "Enter the reviewer's name")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = LocalPracticeReview.objects.select_for_update().get(pk=local.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=incident.child_id,
            changes={"reviewer": reviewer.strip()},
            unrecorded={"scope": scope.strip()},
        )
    local.refresh_from_db()
    return local


def review_milestone_add(*, actor: Any, local: LocalPracticeReview, milestone: str, due_on: date) -> ReviewMilestone:
    incident = local.rapid_review.incident
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    _local_review_open(errors, local)
    if not milestone.strip():
        _add(errors, "milestone", LearningError.REQUIRED, "Enter the milestone")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        row = ReviewMilestone(local_review=local, milestone=milestone.strip(), due_on=due_on)
        row.full_clean()
        row.save()
        auditor.record_created(actor=actor, obj=row, child_id=incident.child_id)
    return row


def review_milestone_done(*, actor: Any, milestone: ReviewMilestone, done_on: date) -> ReviewMilestone:
    incident = milestone.local_review.rapid_review.incident
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    _not_future(errors, "done_on", done_on)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = ReviewMilestone.objects.select_for_update().get(pk=milestone.pk)
        auditor.record_fields_changed(
            actor=actor, obj=current, child_id=incident.child_id, changes={"done_on": done_on}
        )
    milestone.refresh_from_db()
    return milestone


def local_review_publish(
    *,
    actor: Any,
    local: LocalPracticeReview,
    published_on: date | None,
    not_published_reason: str = "",
    late_reason: str = "",
) -> LocalPracticeReview:
    """The review was published on `published_on` (its clock met that day), or, with no date, is not published for
    the reason recorded (its clock withdrawn with that reason)."""
    incident = local.rapid_review.incident
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    _local_review_open(errors, local)
    deadline = deadline_for(local, PUBLICATION_RULE)
    if published_on is None:
        if not not_published_reason.strip():
            _add(errors, "not_published_reason", LearningError.REQUIRED, "Say why the review is not published")
    else:
        _not_future(errors, "published_on", published_on)
        if published_on < local.decided_on:
            _add(errors, "published_on", LearningError.BEFORE_AWARE, "The date must be on or after the decision")
        if deadline is not None and published_on > deadline.due_on and not late_reason.strip():
            _add(errors, "late_reason", LearningError.LATE_REASON_REQUIRED, "Say why it was published late")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = LocalPracticeReview.objects.select_for_update().get(pk=local.pk)
        if published_on is not None:
            auditor.record_fields_changed(
                actor=actor, obj=current, child_id=incident.child_id, changes={"published_on": published_on}
            )
            if deadline is not None:
                clocks.deadline_meet(actor=actor, deadline=deadline, met_on=published_on, late_reason=late_reason)
        else:
            auditor.record_fields_changed(
                actor=actor,
                obj=current,
                child_id=incident.child_id,
                changes={"not_published_reason": not_published_reason.strip()},
            )
            if deadline is not None and deadline.met_on is None:
                clocks.deadline_withdraw(actor=actor, deadline=deadline, reason=not_published_reason)
    local.refresh_from_db()
    return local


# -- recommendations and learning actions --------------------------------------------------------------------------


def recommendation_add(
    *, actor: Any, incident: SeriousIncident, recommendation: str, source: str = RecommendationSource.RAPID_REVIEW
) -> Recommendation:
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    if not recommendation.strip():
        _add(errors, "recommendation", LearningError.REQUIRED, "Enter the recommendation")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        row = Recommendation(incident=incident, recommendation=recommendation.strip(), source=source)
        row.full_clean()
        row.save()
        auditor.record_created(actor=actor, obj=row, child_id=incident.child_id)
    return row


def learning_action_add(
    *, actor: Any, recommendation: Recommendation, action: str, owner: Practitioner, due_on: date
) -> LearningAction:
    """An action the recommendation became, owned by a practitioner in any agency, due by `due_on`."""
    incident = recommendation.incident
    _require(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident)
    errors = FieldErrors()
    if not action.strip():
        _add(errors, "action", LearningError.REQUIRED, "Enter the action")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        row = LearningAction(recommendation=recommendation, action=action.strip(), owner=owner, due_on=due_on)
        row.full_clean()
        row.save()
        auditor.record_created(actor=actor, obj=row, child_id=incident.child_id)
    return row


def learning_action_update(*, actor: Any, action: LearningAction, progress: str) -> LearningActionUpdate:
    """Progress on the action, by its owner or whoever manages the learning."""
    _require(actor, Permission.UPDATE_LEARNING_ACTION, action)
    errors = FieldErrors()
    if action.completed_on is not None:
        _add(errors, "progress", LearningError.ACTION_COMPLETED)
    if not progress.strip():
        _add(errors, "progress", LearningError.REQUIRED, "Enter the progress made")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        row = LearningActionUpdate(
            action=action,
            progress=progress.strip(),
            recorded_on=timezone.localdate(),
            recorded_by=actor,
            recorded_by_name=_name(actor),
        )
        row.full_clean()
        row.save()
        auditor.record_created(actor=actor, obj=row, child_id=action.recommendation.incident.child_id)
    return row


def learning_action_complete(
    *, actor: Any, action: LearningAction, completed_on: date, evidence: str
) -> LearningAction:
    """The action is done, with the evidence of the change in practice it made."""
    _require(actor, Permission.UPDATE_LEARNING_ACTION, action)
    errors = FieldErrors()
    if action.completed_on is not None:
        _add(errors, "completed_on", LearningError.ACTION_COMPLETED)
    _not_future(errors, "completed_on", completed_on)
    if not evidence.strip():
        _add(errors, "evidence", LearningError.REQUIRED, "Enter the evidence of the change in practice")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = LearningAction.objects.select_for_update().get(pk=action.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=action.recommendation.incident.child_id,
            changes={"completed_on": completed_on},
            unrecorded={"evidence": evidence.strip()},
            full_clean=True,
        )
    action.refresh_from_db()
    return action
