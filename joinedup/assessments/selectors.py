"""Reads for assessments, always through access/ (a child the user may not see, or an assessment they may not
read, is NotFoundOrNotPermitted). Reading an assessment is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.audit import services as auditor
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.sign_off import AwaitingSignOff
from joinedup.front_door.models import DecisionHarm, Referral
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.models import PracticePrompt
from joinedup.prompts.targeting import prompts_for_child

from .codes import AssessmentStatus
from .models import SingleAssessment
from .people import KnownPerson, people_known
from .services import assessment_clock, assessment_missing, sexual_abuse_among_concerns


def child_get_for_assessment(*, actor: Any, child_id: int) -> Person:
    return access_child(actor, child_id, permission=Permission.VIEW_CHILD)


def _assessment(actor: Any, assessment_id: int) -> SingleAssessment:
    assessment = (
        SingleAssessment.objects.select_related(
            "child__child_profile",
            "worker__organisation",
            "health_representative__organisation",
            "referral",
            "case_episode",
            "authorised_by",
        )
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None or not children_visible_to(actor).filter(pk=assessment.child_id).exists():
        raise NotFoundOrNotPermitted
    if not has_permission(actor, Permission.VIEW_ASSESSMENT, assessment.child):
        raise NotFoundOrNotPermitted
    return assessment


def form_shown(*, actor: Any, record: Any, purpose: str) -> None:
    """A form on a child, or on a record of the child's, was shown (it names the child): a read, audited against the
    child (issue 26)."""
    child_id = record.pk if isinstance(record, Person) else record.child_id
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=record, child_id=child_id, reason=purpose)


def assessment_get_for_change(*, actor: Any, assessment_id: int) -> SingleAssessment:
    """For a form that changes the assessment (the form's service audits the write)."""
    return _assessment(actor, assessment_id)


@dataclass
class AssessmentRecord:
    assessment: SingleAssessment
    factors: list[tuple[str, str]]
    harms: list[str]
    prompts: list[tuple[PracticePrompt, str]]
    missing: dict[str, list[Any]]
    sexual_abuse: bool
    clock: Any
    can_record: bool
    can_authorise: bool
    # The people the assessment includes, each described as the family network knows them.
    people: list[str] = field(default_factory=list)


def assessment_record(*, actor: Any, assessment_id: int) -> AssessmentRecord:
    """The assessment page: what was found, the prompts and their answers, what is still missing."""
    assessment = _assessment(actor, assessment_id)
    factors = [(row.code, row.get_code_display()) for row in assessment.factor_rows.all()]
    harms = [link.harm_type.label for link in assessment.harm_links.select_related("harm_type")]
    confirmed = list(assessment.people.order_by("family_name", "given_name", "id"))
    described = {k.person_id: k.described for k in people_known(child=assessment.child)} if confirmed else {}
    answers = {a.prompt_id: a.answer for a in assessment.prompt_answers.all()}
    asked = prompts_for_child(child=assessment.child, moment=PromptMoment.ASSESSMENT)
    answered_ids = set(answers) - {p.pk for p in asked}
    earlier = list(PracticePrompt.objects.filter(pk__in=answered_ids))
    prompts = [(p, answers.get(p.pk, "")) for p in [*asked, *earlier]]
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=assessment, child_id=assessment.child_id)
    return AssessmentRecord(
        assessment=assessment,
        factors=factors,
        harms=harms,
        prompts=prompts,
        missing=assessment_missing(assessment).errors if not assessment.is_authorised else {},
        sexual_abuse=sexual_abuse_among_concerns(assessment),
        clock=assessment_clock(assessment),
        can_record=not assessment.is_authorised
        and has_permission(actor, Permission.RECORD_ASSESSMENT, assessment.child),
        can_authorise=not assessment.is_authorised
        and has_permission(actor, Permission.AUTHORISE_ASSESSMENT, assessment.child),
        people=[described.get(p.pk, p.display_name) for p in confirmed],
    )


def assessments_for_child(*, child: Person) -> QuerySet[SingleAssessment]:
    return SingleAssessment.objects.filter(child=child).select_related("worker").order_by("-referral_date", "-id")


def referrals_awaiting_assessment(*, child: Person) -> QuerySet[Referral]:
    """Referrals into an open episode with no assessment started yet."""
    return (
        Referral.objects.filter(child=child, case_episode__closed_on__isnull=True, assessments__isnull=True)
        .select_related("case_episode")
        .order_by("-referral_date")
    )


def _untouched(assessment: SingleAssessment) -> bool:
    """The practitioner has recorded nothing of their own yet: no harms, analysis, visit or people."""
    return (
        not assessment.harm_links.exists()
        and not assessment.analysis
        and assessment.child_seen_on is None
        and not assessment.parents_views
        and not assessment.fathers_views
    )


def front_door_harm_codes(assessment: SingleAssessment) -> list[str]:
    """Never type twice (issue 19): the harms the front door identified in its decision on the contact that led to
    this assessment's referral (its latest decision not returned by the manager), for the form to start with; none
    once the assessment has any harms, analysis, visit or views of its own (what the practitioner recorded is
    kept)."""
    if not _untouched(assessment) or assessment.referral_id is None:
        return []
    rows = list(
        DecisionHarm.objects.filter(decision__contact__referral=assessment.referral_id)
        .exclude(decision__sign_off="returned")
        .order_by("-decision__decided_at", "-decision_id", "harm_type__display_order")
        .values_list("decision_id", "harm_type__code")
    )
    latest = rows[0][0] if rows else None
    return [code for decision_id, code in rows if decision_id == latest]


def people_carried_forward(assessment: SingleAssessment, known: list[KnownPerson]) -> list[int]:
    """Never type twice (issue 19): the people the assessment includes, by person id: those the practitioner
    confirmed; until they have recorded anything, everyone the child's family network knows (`known`,
    people.people_known), for them to confirm or untick."""
    confirmed = list(assessment.people.values_list("pk", flat=True))
    if confirmed or not _untouched(assessment):
        return confirmed
    return [k.person_id for k in known]


def awaiting_authorisation_for_teams(*, actor: Any, team_ids: list[int]) -> list[AwaitingSignOff]:
    """For the oversight page (assessments/oversight.py): assessments by workers in `team_ids` that propose an outcome
    and wait for a manager to authorise them, for children the manager may see; never the manager's own. One
    query. Since: when the worker last saved it."""
    rows = (
        SingleAssessment.objects.filter(
            status=AssessmentStatus.IN_PROGRESS,
            worker__team_id__in=team_ids,
            child_id__in=children_visible_to(actor).values("id"),
        )
        .exclude(outcome="")
        .exclude(worker__user_id=actor.pk)
        .select_related("child__child_profile", "worker")
        .order_by("updated_at", "id")
    )
    return [
        AwaitingSignOff(
            kind="assessment",
            what=f"{a.get_kind_display()} awaiting authorisation (outcome proposed: {a.get_outcome_display()})",
            child_id=a.child_id,
            child_name=a.child.display_name,
            since=timezone.localtime(a.updated_at).date(),
            submitted_by=f"{a.worker.given_name} {a.worker.family_name}" if a.worker else "",
            submitted_by_id=a.worker_id,
            url=reverse("assessments:assessment_authorise", args=[a.pk]),
            object_type="assessments.singleassessment",
            object_id=a.pk,
        )
        for a in rows
    ]
