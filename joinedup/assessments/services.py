"""Assessment services (M13, M14, M16, M32): start an assessment from a referral, record what it found, answer the
practice prompts, authorise it (meeting the 45-working-day clock, with a reason when late), change the practice
prompts, and record a birth so the unborn child's record becomes the child's record. Every write is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.carers import carers_of
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import ClosureReason, TransitionReason
from joinedup.episodes.models import CaseEpisode
from joinedup.episodes.selectors import episode_open_work
from joinedup.front_door.models import Referral
from joinedup.harms.models import HarmType
from joinedup.people import signals
from joinedup.people.codes import Sex
from joinedup.people.matching import apply_name_keys
from joinedup.people.models import ChildProfile, Person
from joinedup.prompts.codes import PromptGroup, PromptMoment
from joinedup.prompts.models import PracticePrompt
from joinedup.prompts.targeting import prompts_for_child
from joinedup.records.services import expected_date_of_delivery_is_believable
from joinedup.timescales import engine
from joinedup.timescales import selectors as timescales_selectors
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from .codes import (
    SEXUAL_ABUSE_FACTORS,
    SEXUAL_ABUSE_HARMS,
    AssessmentFactor,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    PrimaryNeed,
)
from .errors import AssessmentError
from .models import (
    AssessmentCarer,
    AssessmentFactorIdentified,
    AssessmentHarm,
    AssessmentPromptAnswer,
    SingleAssessment,
)
from .people import people_known

SINGLE_ASSESSMENT = "single_assessment"
PRE_BIRTH_CONFERENCE = "pre_birth_conference"


def assessment_clock(assessment: SingleAssessment) -> Deadline | None:
    """The single_assessment Deadline the referral started (subject: the referral), or the assessment's own."""
    subject: Any = assessment.referral if assessment.referral_id else assessment
    return Deadline.objects.filter(
        rule_code=SINGLE_ASSESSMENT, child_id=assessment.child_id, subject_key=timescales.subject_key_of(subject)
    ).first()


# -- start ---------------------------------------------------------------------------------------------------


def single_assessment_start(
    *, actor: Any, referral: Referral, started_on: date, worker: Practitioner | None = None
) -> SingleAssessment:
    """Start the assessment of the referred child. The clock is the referral's (45 working days from the referral
    date, not from allocation): the front door started it when the referral was made; it is started here only for
    a referral that has none. An unborn child's assessment is a pre-birth assessment, timed also against the
    expected date of delivery (the pre-birth conference is due at 32 weeks of pregnancy)."""
    child = referral.child
    if not has_permission(actor, Permission.RECORD_ASSESSMENT, child):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if started_on < referral.referral_date:
        errors.add("started_on", "The assessment cannot start before the referral date", AssessmentError.START_DATE)
    if started_on > timezone.localdate():
        errors.add("started_on", "The start date must be today or in the past", AssessmentError.START_DATE)
    errors.raise_if_any()
    worker = worker or practitioner_of(actor)
    profile = getattr(child, "child_profile", None)
    unborn = bool(profile is not None and profile.is_unborn)
    edd = profile.expected_date_of_delivery if profile is not None and unborn else None
    with transaction.atomic():
        if SingleAssessment.objects.filter(referral=referral).exists():
            raise field_error(
                "referral", "An assessment has already started from this referral", AssessmentError.ALREADY_STARTED
            )
        episode = CaseEpisode.objects.select_for_update().filter(pk=referral.case_episode_id).first()
        if episode is not None and episode.closed_on is not None and started_on > episode.closed_on:
            # Nothing happens in a case after it closes (CIN census rule 8565): a new concern is a new referral.
            raise field_error(
                "started_on",
                f"The child's episode of need closed on {episode.closed_on:%-d %B %Y}: an assessment cannot start "
                "after it. Make a new referral",
                AssessmentError.EPISODE_CLOSED,
            )
        ongoing = SingleAssessment.objects.filter(
            case_episode_id=referral.case_episode_id, status=AssessmentStatus.IN_PROGRESS
        ).first()
        if episode is not None and ongoing is not None:
            # One assessment at a time in an episode (CIN census 8863Q): the one in progress takes in the new
            # referral.
            raise field_error(
                "referral",
                f"An assessment started on {ongoing.started_on:%-d %B %Y} is still in progress for this child: "
                "record the new concern in it, or authorise it first",
                AssessmentError.ANOTHER_IN_PROGRESS,
            )
        clock = Deadline.objects.filter(
            rule_code=SINGLE_ASSESSMENT, child=child, subject_key=timescales.subject_key_of(referral)
        ).first()
        if clock is None:
            clock = timescales.deadline_start(
                actor=actor,
                rule_code=SINGLE_ASSESSMENT,
                child=child,
                subject=referral,
                started_on=referral.referral_date,
                assignee=worker,
            )
        elif worker is not None and clock.assignee_id != worker.pk and clock.met_on is None:
            Deadline.objects.filter(pk=clock.pk).update(assignee=worker, team=worker.team)
        assessment = SingleAssessment.objects.create(
            child=child,
            case_episode=referral.case_episode,
            referral=referral,
            kind=AssessmentKind.PRE_BIRTH if unborn else AssessmentKind.SINGLE,
            referral_date=referral.referral_date,
            started_on=started_on,
            due_on=clock.due_on,
            worker=worker,
            expected_date_of_delivery=edd,
            pre_birth_conference_due_on=(
                timescales_selectors.due_date_in_force(PRE_BIRTH_CONFERENCE, edd, interval="conference")
                if edd is not None
                else None
            ),
        )
        auditor.record_created(actor=actor, obj=assessment, child_id=child.pk)
        if worker is not None and worker.role in ("social_worker", "family_help_lead_practitioner"):
            today = timezone.localdate()
            if not Involvement.objects.filter(
                practitioner=worker, child=child, ended_on__isnull=True, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
            ).exists():
                involvement = Involvement.objects.create(
                    practitioner=worker,
                    child=child,
                    team=worker.team,
                    role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                    started_on=min(started_on, today),
                )
                auditor.record_created(actor=actor, obj=involvement, child_id=child.pk)
    return assessment


# -- record what the assessment found -----------------------------------------------------------------------


@dataclass
class AssessmentDetails:
    child_seen_on: date | None = None
    child_seen_alone: bool | None = None
    child_not_seen_alone_reason: str = ""
    childs_wishes_and_feelings: str = ""
    direct_work: str = ""
    parents_views: str = ""
    fathers_views: str = ""
    lives_with_foster_carers_or_residential_staff: bool = False
    carers_views: str = ""
    analysis: str = ""
    outcome: str = ""
    outcome_rationale: str = ""
    primary_need: str = ""
    health_representative_id: int | None = None
    health_representative_contribution: str = ""
    # The carers the child lives with, named from the placement record (M21): each carer's key and their views.
    named_carers_views: dict[str, str] | None = None
    # The people the assessment includes, confirmed from the child's family network (people.people_known), by their
    # person id: None leaves them as they are.
    people_ids: list[int] | None = None


_DETAIL_FIELDS = (
    "child_seen_on",
    "child_seen_alone",
    "child_not_seen_alone_reason",
    "childs_wishes_and_feelings",
    "direct_work",
    "parents_views",
    "fathers_views",
    "lives_with_foster_carers_or_residential_staff",
    "carers_views",
    "analysis",
    "outcome",
    "outcome_rationale",
    "primary_need",
    "health_representative_id",
    "health_representative_contribution",
)


def _editable(actor: Any, assessment: SingleAssessment) -> SingleAssessment:
    if not has_permission(actor, Permission.RECORD_ASSESSMENT, assessment.child):
        raise NotFoundOrNotPermitted
    current = SingleAssessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status != AssessmentStatus.IN_PROGRESS:
        raise field_error("assessment", "This assessment is authorised and cannot change", AssessmentError.AUTHORISED)
    return current


def single_assessment_record(
    *,
    actor: Any,
    assessment: SingleAssessment,
    details: AssessmentDetails,
    factor_codes: list[str],
    harm_codes: list[str],
) -> SingleAssessment:
    """Save what the assessment has found so far (it may be incomplete until it is authorised)."""
    errors = FieldErrors()
    today = timezone.localdate()
    if details.child_seen_on is not None:
        if details.child_seen_on > today:
            errors.add("child_seen_on", "The date the child was seen must be today or in the past", "seen_in_future")
        if details.child_seen_on < assessment.referral_date:
            errors.add(
                "child_seen_on", "The date the child was seen must be on or after the referral date", "seen_too_early"
            )
    unknown = sorted(set(factor_codes) - set(AssessmentFactor.values))
    if unknown:
        errors.add("factors", f"Unknown factor: {', '.join(unknown)}", AssessmentError.UNKNOWN_FACTOR)
    if AssessmentFactor.NO_FACTORS in factor_codes and len(set(factor_codes)) > 1:
        errors.add(
            "factors",
            "Choose either the factors identified or 'No factors identified', not both",
            AssessmentError.NO_FACTORS_WITH_FACTORS,
        )
    harms = list(HarmType.objects.filter(code__in=set(harm_codes)))
    missing_harms = set(harm_codes) - {h.code for h in harms}
    if missing_harms:
        errors.add("harms", f"Unknown harm: {', '.join(sorted(missing_harms))}", AssessmentError.UNKNOWN_HARM)
    if details.outcome and details.outcome not in AssessmentOutcome.values:
        errors.add("outcome", "Select the outcome", AssessmentError.OUTCOME_REQUIRED)
    if details.primary_need and details.primary_need not in PrimaryNeed.values:
        errors.add("primary_need", "Select the primary need", AssessmentError.PRIMARY_NEED_REQUIRED)
    health_rep = None
    if details.health_representative_id is not None:
        health_rep = Practitioner.objects.filter(pk=details.health_representative_id).first()
        if health_rep is None or not health_rep.is_registered_health_professional:
            errors.add(
                "health_representative",
                "Choose a registered health professional as the health representative",
                AssessmentError.NOT_A_HEALTH_PROFESSIONAL,
            )
    offered = {c.key: c for c in carers_of(child=assessment.child)} if details.named_carers_views else {}
    if details.named_carers_views and not set(details.named_carers_views) <= set(offered):
        errors.add("carers", "Choose from the carers the child lives with", AssessmentError.NOT_THE_CHILDS_CARER)
    if details.people_ids and not set(details.people_ids) <= {
        k.person_id for k in people_known(child=assessment.child)
    }:
        errors.add(
            "people", "Choose from the people in the child's family network", AssessmentError.NOT_IN_FAMILY_NETWORK
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = _editable(actor, assessment)
        before = auditor.model_values(current, _DETAIL_FIELDS)
        for name in _DETAIL_FIELDS:
            value = getattr(details, name)
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if details.named_carers_views:
            current.lives_with_foster_carers_or_residential_staff = True
        current.save()
        before["carers"] = {c.key: c.views for c in current.carers.all()}
        for key, views in (details.named_carers_views or {}).items():
            carer = offered[key]
            AssessmentCarer.objects.update_or_create(
                assessment=current,
                key=key,
                defaults={
                    "person_id": carer.person_id,
                    "practitioner_id": carer.practitioner_id,
                    "name": carer.name,
                    "carer_role": carer.role,
                    "views": views.strip(),
                },
            )
        AssessmentFactorIdentified.objects.filter(assessment=current).exclude(code__in=factor_codes).delete()
        have = set(AssessmentFactorIdentified.objects.filter(assessment=current).values_list("code", flat=True))
        AssessmentFactorIdentified.objects.bulk_create(
            [AssessmentFactorIdentified(assessment=current, code=c) for c in sorted(set(factor_codes) - have)]
        )
        AssessmentHarm.objects.filter(assessment=current).exclude(harm_type__in=harms).delete()
        have_harms = set(AssessmentHarm.objects.filter(assessment=current).values_list("harm_type_id", flat=True))
        AssessmentHarm.objects.bulk_create(
            [AssessmentHarm(assessment=current, harm_type=h) for h in harms if h.pk not in have_harms]
        )
        before["people"] = sorted(current.people.values_list("pk", flat=True))
        if details.people_ids is not None:
            current.people.set(sorted(set(details.people_ids)))
        after = auditor.model_values(current, _DETAIL_FIELDS)
        after["people"] = sorted(current.people.values_list("pk", flat=True))
        after["factors"] = sorted(set(factor_codes))
        after["carers"] = {c.key: c.views for c in current.carers.all()}
        before["factors"] = sorted(have)
        auditor.record_updated(actor=actor, obj=current, child_id=current.child_id, before=before, after=after)
    assessment.refresh_from_db()
    return assessment


def assessment_prompts_answer(*, actor: Any, assessment: SingleAssessment, answers: dict[int, str]) -> None:
    """The practitioner answers the practice prompts that apply to this child at assessment (M32)."""
    with transaction.atomic():
        current = _editable(actor, assessment)
        asked = {p.pk: p for p in prompts_for_child(child=current.child, moment=PromptMoment.ASSESSMENT)}
        unknown = set(answers) - set(asked)
        if unknown:
            raise field_error("prompts", "A prompt answered is not one asked here", AssessmentError.UNKNOWN_PROMPT)
        existing = {a.prompt_id: a for a in AssessmentPromptAnswer.objects.filter(assessment=current)}
        changed: list[str] = []
        for prompt_id, text in answers.items():
            text = text.strip()
            row = existing.get(prompt_id)
            if row is None and text:
                AssessmentPromptAnswer.objects.create(
                    assessment=current,
                    prompt=asked[prompt_id],
                    question_asked=asked[prompt_id].question,
                    answer=text,
                    answered_by=actor,
                )
                changed.append(f"prompt_{prompt_id}")
            elif row is not None and text and text != row.answer:
                row.answer = text
                row.answered_by = actor
                row.question_asked = asked[prompt_id].question
                row.save()
                changed.append(f"prompt_{prompt_id}")
        if changed:
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.UPDATED,
                object_type="assessments.singleassessment",
                object_id=current.pk,
                child_id=current.child_id,
                changed_fields=changed,
            )


# -- completeness and authorisation -------------------------------------------------------------------------


def sexual_abuse_among_concerns(assessment: SingleAssessment) -> bool:
    factor_codes = set(assessment.factor_rows.values_list("code", flat=True))
    harm_rows = assessment.harm_links.select_related("harm_type__parent")
    harm_codes = {link.harm_type.code for link in harm_rows} | {
        link.harm_type.parent.code for link in harm_rows if link.harm_type.parent is not None
    }
    return bool(factor_codes & SEXUAL_ABUSE_FACTORS or harm_codes & SEXUAL_ABUSE_HARMS)


def assessment_missing(assessment: SingleAssessment) -> FieldErrors:
    """What must be recorded before an assessment can be authorised, as field errors."""
    errors = FieldErrors()
    a = assessment
    if a.kind == AssessmentKind.SINGLE:
        if a.child_seen_on is None:
            errors.add("child_seen_on", "Record the date the child was seen", AssessmentError.CHILD_NOT_SEEN)
        if a.child_seen_alone is None:
            errors.add("child_seen_alone", "Say whether the child was seen alone", AssessmentError.SEEN_ALONE_REQUIRED)
        elif a.child_seen_alone is False and not a.child_not_seen_alone_reason:
            errors.add(
                "child_not_seen_alone_reason",
                "Say why the child was not seen alone",
                AssessmentError.NOT_SEEN_ALONE_REASON_REQUIRED,
            )
        if not a.childs_wishes_and_feelings:
            errors.add(
                "childs_wishes_and_feelings",
                "Record the child's wishes and feelings, in their own words",
                AssessmentError.WISHES_REQUIRED,
            )
    if not a.parents_views:
        errors.add("parents_views", "Record the parents' and carers' views", AssessmentError.PARENTS_VIEWS_REQUIRED)
    if not a.fathers_views:
        errors.add(
            "fathers_views",
            "Record the views of fathers and male carers, or why they could not be sought",
            AssessmentError.FATHERS_VIEWS_REQUIRED,
        )
    named = list(a.carers.all())
    for carer in named:
        if not carer.views:
            errors.add(
                f"carer_{carer.key}",
                f"Record the views of {carer.described}, or why they could not be sought",
                AssessmentError.CARERS_VIEWS_REQUIRED,
            )
    if a.lives_with_foster_carers_or_residential_staff and not a.carers_views and not named:
        errors.add(
            "carers_views",
            "The child lives with foster carers or residential staff: record their part in the assessment",
            AssessmentError.CARERS_VIEWS_REQUIRED,
        )
    if not a.factor_rows.exists():
        errors.add(
            "factors",
            "Select the factors identified at the end of the assessment, or 'No factors identified'",
            AssessmentError.FACTORS_REQUIRED,
        )
    if not a.analysis:
        errors.add("analysis", "Record what the assessment found", AssessmentError.ANALYSIS_REQUIRED)
    if not a.outcome:
        errors.add("outcome", "Select the outcome", AssessmentError.OUTCOME_REQUIRED)
    if not a.primary_need:
        errors.add(
            "primary_need",
            "Select the primary need (the main reason the child needs services; N9 if not in need)",
            AssessmentError.PRIMARY_NEED_REQUIRED,
        )
    if sexual_abuse_among_concerns(a) and (
        a.health_representative_id is None or not a.health_representative_contribution
    ):
        errors.add(
            "health_representative",
            "Sexual abuse is among the concerns: an experienced health representative must be part of the "
            "assessment. Record who they are and their contribution",
            AssessmentError.HEALTH_REPRESENTATIVE_REQUIRED,
        )
    asked = {p.pk for p in prompts_for_child(child=a.child, moment=PromptMoment.ASSESSMENT) if p.is_required}
    answered = set(a.prompt_answers.values_list("prompt_id", flat=True))
    if asked - answered:
        errors.add(
            "prompts",
            f"Answer the practice prompts ({len(asked - answered)} not answered)",
            AssessmentError.PROMPTS_UNANSWERED,
        )
    return errors


def single_assessment_authorise(
    *, actor: Any, assessment: SingleAssessment, authorised_on: date, late_reason: str = ""
) -> SingleAssessment:
    """A manager authorises the assessment: it must be complete (M13, M14, M32). This meets the single_assessment
    clock; after its due date a reason is needed. No further action closes the episode of need (RC8) when nothing
    else is open in it."""
    if not has_permission(actor, Permission.AUTHORISE_ASSESSMENT, assessment.child):
        raise NotFoundOrNotPermitted
    with transaction.atomic(), auditor.audit_last():
        current = SingleAssessment.objects.select_for_update().select_related("child").get(pk=assessment.pk)
        if current.status == AssessmentStatus.AUTHORISED:
            raise field_error("assessment", "This assessment is already authorised", AssessmentError.AUTHORISED)
        errors = assessment_missing(current)
        if current.worker is not None and current.worker.user_id == getattr(actor, "pk", None):
            errors.add(
                "assessment", "A manager other than the assessing worker authorises it", AssessmentError.OWN_ASSESSMENT
            )
        if authorised_on > timezone.localdate() or authorised_on < current.started_on:
            errors.add(
                "authorised_on",
                "The date authorised must be between the start of the assessment and today",
                AssessmentError.AUTHORISED_ON_INVALID,
            )
        closed_on = CaseEpisode.objects.filter(pk=current.case_episode_id).values_list("closed_on", flat=True).first()
        if closed_on is not None and authorised_on > closed_on:
            errors.add(
                "authorised_on",
                f"The child's episode of need closed on {closed_on:%-d %B %Y}: the assessment is authorised by "
                "then (nothing is recorded after a case closes)",
                AssessmentError.EPISODE_CLOSED,
            )
        late = authorised_on > current.due_on
        if late and not late_reason.strip():
            errors.add(
                "late_reason",
                f"The assessment was due by {current.due_on:%-d %B %Y} (45 working days from the referral date): "
                "say why it is late",
                AssessmentError.LATE_REASON_REQUIRED,
            )
        errors.raise_if_any()
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            changes={
                "status": AssessmentStatus.AUTHORISED,
                "completed_on": authorised_on,
                "late_reason": late_reason.strip() if late else "",
            },
            unrecorded={"authorised_by": actor},
        )
        clock = assessment_clock(current)
        if clock is not None and clock.met_on is None:
            timescales.deadline_meet(actor=actor, deadline=clock, met_on=authorised_on, late_reason=current.late_reason)
        if current.outcome == AssessmentOutcome.NO_FURTHER_ACTION:
            _close_episode_after_nfa(actor=actor, assessment=current, on=authorised_on)
    assessment.refresh_from_db()
    return assessment


def _close_episode_after_nfa(*, actor: Any, assessment: SingleAssessment, on: date) -> None:
    episode = CaseEpisode.objects.select_for_update().get(pk=assessment.case_episode_id)
    if episode.closed_on is not None or episode_open_work(episode):  # a Family Help case, another assessment
        return
    episodes.episode_close(
        decision=episodes.Decision(actor, "assessments.single_assessment_authorise", assessment),
        episode=episode,
        closed_on=on,
        closure_reason=ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA,
        reason=TransitionReason.ASSESSMENT_NO_FURTHER_ACTION,
    )


# -- practice prompts, as the authority words them ----------------------------------------------------------


_PROMPT_FIELDS = ("moment", "applies_to", "question", "guidance", "display_order", "is_active", "is_required")


def practice_prompt_save(
    *,
    actor: Any,
    prompt: PracticePrompt | None,
    moment: str,
    applies_to: str,
    question: str,
    guidance: str,
    display_order: int,
    is_active: bool,
    is_required: bool = True,
) -> PracticePrompt:
    """Add or change a practice prompt (administrators and managers). Answers already given keep the words that
    were asked."""
    if not has_permission(actor, Permission.CHANGE_PRACTICE_PROMPTS):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if moment not in PromptMoment.values:
        errors.add("moment", "Select when the prompt is asked", AssessmentError.PROMPT_MOMENT_REQUIRED)
    if applies_to not in PromptGroup.values:
        errors.add("applies_to", "Select which children the prompt is for", AssessmentError.PROMPT_APPLIES_REQUIRED)
    if not question.strip():
        errors.add("question", "Enter the prompt's question", AssessmentError.PROMPT_QUESTION_REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        if prompt is None:
            prompt = PracticePrompt(moment=moment)
            before: dict[str, Any] = {}
        else:
            prompt = PracticePrompt.objects.select_for_update().get(pk=prompt.pk)
            before = auditor.model_values(prompt, _PROMPT_FIELDS)
        prompt.moment = moment
        prompt.applies_to = applies_to
        prompt.question = question.strip()
        prompt.guidance = guidance.strip()
        prompt.display_order = display_order
        prompt.is_active = is_active
        prompt.is_required = is_required
        prompt.save()
        if before:
            auditor.record_updated(
                actor=actor,
                obj=prompt,
                child_id=None,
                before=before,
                after=auditor.model_values(prompt, _PROMPT_FIELDS),
            )
        else:
            auditor.record_created(actor=actor, obj=prompt, child_id=None)
    return prompt


# -- birth: the unborn child's record becomes the child's record (M16) ---------------------------------------


def expected_date_of_delivery_change(*, actor: Any, child: Person, expected_date_of_delivery: date) -> Person:
    """A scan or the midwife moved the unborn child's expected date of delivery. The record, any pre-birth
    assessment still in progress (its date and when the pre-birth conference is due) and the pre-birth conference
    clock all move with it, each change in the record history; an authorised assessment keeps the date it was
    written with."""
    if not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    profile = getattr(child, "child_profile", None)
    errors = FieldErrors()
    field = "expected_date_of_delivery"
    if profile is None or not profile.is_unborn:
        errors.add(field, "This child's birth is already recorded", AssessmentError.NOT_UNBORN)
    elif not expected_date_of_delivery_is_believable(expected_date_of_delivery, timezone.localdate()):
        errors.add(field, "Expected date of delivery must be within the next 42 weeks", AssessmentError.EXPECTED_DATE)
    errors.raise_if_any()
    assert profile is not None
    with transaction.atomic(), auditor.audit_last():
        locked = ChildProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.expected_date_of_delivery == expected_date_of_delivery:
            return child
        auditor.record_fields_changed(
            actor=actor, obj=locked, child_id=child.pk, changes={field: expected_date_of_delivery}
        )
        child.child_profile = locked
        conference_due = timescales_selectors.due_date_in_force(
            PRE_BIRTH_CONFERENCE, expected_date_of_delivery, interval="conference"
        )
        in_progress = SingleAssessment.objects.select_for_update().filter(
            child=child, kind=AssessmentKind.PRE_BIRTH, status=AssessmentStatus.IN_PROGRESS
        )
        for assessment in in_progress.order_by("id"):
            auditor.record_fields_changed(
                actor=actor,
                obj=assessment,
                child_id=child.pk,
                changes={field: expected_date_of_delivery, "pre_birth_conference_due_on": conference_due},
            )
        signals.expected_date_of_delivery_changed.send(sender=Person, actor=actor, child=child)
    return child


def unborn_child_birth_record(*, actor: Any, child: Person, date_of_birth: date, given_name: str, sex: str) -> Person:
    """The baby is born. The same record (same id) becomes the child's: everything linked to it (the pre-birth
    assessment, the episode of need, deadlines, involvements, Family Help, the link to the pregnant person, the
    expected date of delivery) stays, and nothing is copied or lost."""
    if not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    profile = getattr(child, "child_profile", None)
    errors = FieldErrors()
    if profile is None or not profile.is_unborn:
        errors.add("date_of_birth", "This child's birth is already recorded", AssessmentError.NOT_UNBORN)
    if date_of_birth > timezone.localdate():
        errors.add("date_of_birth", "The date of birth must be today or in the past", AssessmentError.BIRTH_IN_FUTURE)
    if sex not in Sex.values:
        errors.add("sex", "Select the baby's sex", AssessmentError.SEX_REQUIRED)
    errors.raise_if_any()
    assert profile is not None
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=child.pk)
        before = {
            **auditor.model_values(person, ("given_name", "date_of_birth", "sex")),
            "is_unborn": True,
        }
        person.date_of_birth = date_of_birth
        if given_name.strip():
            person.given_name = given_name.strip()
        person.sex = sex
        apply_name_keys(person)
        person.save()
        profile.is_unborn = False
        profile.save(update_fields=["is_unborn", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=person,
            child_id=person.pk,
            before=before,
            after={**auditor.model_values(person, ("given_name", "date_of_birth", "sex")), "is_unborn": False},
        )
        # A pre-birth plan's review clock, among others, moves with the birth (people/signals.py).
        signals.unborn_child_born.send(sender=Person, actor=actor, child=person, born_on=date_of_birth)
    child.refresh_from_db()
    child.child_profile.refresh_from_db()
    return child


def single_assessment_history_record(
    *,
    episode: CaseEpisode,
    started_on: date,
    authorised_on: date | None,
    factors: list[str],
    outcome: str,
) -> SingleAssessment:
    """A single assessment another system recorded (the history path, ADR 0028): started and, where it was, authorised
    on the days it was, with the factors identified; its due date is the statutory one from its start. No clock is
    started for it and no date is refused for being in the past; the caller (imports) audits it."""
    assessment = SingleAssessment.objects.create(
        child_id=episode.child_id,
        case_episode=episode,
        kind=AssessmentKind.SINGLE,
        status=AssessmentStatus.AUTHORISED if authorised_on else AssessmentStatus.IN_PROGRESS,
        referral_date=episode.started_on,
        started_on=started_on,
        due_on=engine.due_date(SINGLE_ASSESSMENT, started_on),
        completed_on=authorised_on,
        outcome=outcome if authorised_on else "",
    )
    AssessmentFactorIdentified.objects.bulk_create(
        [AssessmentFactorIdentified(assessment=assessment, code=code) for code in sorted(set(factors))]
    )
    return assessment
