"""Missing and away-from-placement episodes (SSDA903 Missing) and return home interviews (M22). Any child may go
missing, from home or from care; the episode sets the "Missing" flag on the child's record while it is open. The
child's return starts the `return_home_interview` clock (72 hours); offering the interview meets it.

Each episode is an early indicator of risk outside the home (M8), recorded through the harms app, which raises the
prompt to the lead practitioner and manager when indicators repeat."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.harms.models import RiskIndicatorType
from joinedup.harms.services import child_risk_indicators_record_for_event
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.services import prompt_answers_record, prompts_asked
from joinedup.timescales.models import Deadline
from joinedup.timescales.services import deadline_recompute_for_subject, subject_key_of

from ..codes import MissingKind
from ..errors import CareError
from ..models import MissingEpisode, ReturnHomeInterview
from ._common import (
    choice,
    clock_start,
    clocks_meet,
    instant_not_in_future,
    practitioner,
    profile_flag_set,
    require,
)
from .periods import _lock_child, placement_on


def _local(instant: datetime) -> str:
    local = timezone.localtime(instant)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def missing_episode_start(*, actor: Any, child: Person, kind: str, started_at: datetime) -> MissingEpisode:
    require(actor, Permission.RECORD_MISSING_EPISODE, child)
    errors = FieldErrors()
    choice(errors, "kind", kind, MissingKind, "whether the child is missing or away from placement")
    instant_not_in_future(errors, "started_at", started_at, "The time the child went missing")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        if MissingEpisode.objects.filter(child=child, ended_at__isnull=True).exists():
            raise field_error(
                "started_at",
                "The child is already recorded as missing: record their return first",
                CareError.ALREADY_MISSING,
            )
        last = MissingEpisode.objects.filter(child=child, ended_at__gt=started_at).order_by("-ended_at").first()
        if last is not None and last.ended_at is not None:
            raise field_error(
                "started_at",
                f"The child's last missing episode ended at {_local(last.ended_at)}, after this time",
                CareError.EVENTS_AFTER_DATE,
            )
        episode = MissingEpisode(
            child=child,
            recorded_by=practitioner(actor),
            kind=kind,
            started_at=started_at,
            placement=placement_on(child, timezone.localtime(started_at).date()),
        )
        episode.full_clean()
        episode.save()
        auditor.record_created(actor=actor, obj=episode, child_id=child.pk)
        profile_flag_set(actor=actor, child=child, name="is_missing", value=True)
        _record_indicator(actor=actor, child=child, episode=episode)
    return episode


# The harms taxonomy's early indicators (harms/data/taxonomy.toml) a missing or away episode records.
MISSING_FROM_PLACEMENT = "missing_from_placement"
MISSING_FROM_HOME = "missing_from_home"


def _record_indicator(*, actor: Any, child: Person, episode: MissingEpisode) -> None:
    """Each episode is an early indicator of risk outside the home (M8): missing from (or away from) a care
    placement, or missing from home. The harms app counts them with the child's other indicators and raises its
    prompt to the lead practitioner and manager when they repeat (three in its window)."""

    code = MISSING_FROM_PLACEMENT if episode.placement_id is not None else MISSING_FROM_HOME
    indicators = list(RiskIndicatorType.objects.filter(code=code, is_active=True))
    child_risk_indicators_record_for_event(
        actor=actor,
        child=child,
        indicators=indicators,
        observed_on=timezone.localtime(episode.started_at).date(),
        source_key=subject_key_of(episode),
    )


def missing_episode_end(*, actor: Any, episode: MissingEpisode, ended_at: datetime) -> MissingEpisode:
    """The child returned (or was found) at `ended_at`: the return home interview clock starts."""
    child = episode.child
    require(actor, Permission.RECORD_MISSING_EPISODE, child)
    errors = FieldErrors()
    instant_not_in_future(errors, "ended_at", ended_at, "The time the child returned")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        if episode.ended_at is not None:
            raise field_error("ended_at", "The child's return is already recorded", CareError.ALREADY_RETURNED)
        if ended_at < episode.started_at:
            raise field_error(
                "ended_at",
                f"The child went missing at {_local(episode.started_at)}: they returned after that",
                CareError.ENDS_BEFORE_IT_STARTS,
            )
        episode.ended_at = ended_at
        episode.full_clean()
        episode.save(update_fields=["ended_at", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=episode,
            child_id=child.pk,
            before={"ended_at": None},
            after={"ended_at": ended_at.isoformat()},
        )
        profile_flag_set(actor=actor, child=child, name="is_missing", value=False)
        clock_start(
            actor=actor,
            rule_code="return_home_interview",
            child=child,
            subject=episode,
            started_on=timezone.localtime(ended_at).date(),
            started_at=ended_at,
        )
    return episode


def missing_episode_return_correct(*, actor: Any, episode: MissingEpisode, ended_at: datetime) -> MissingEpisode:
    """The time of the child's return was recorded wrongly: correct it and recompute the interview clock."""
    child = episode.child
    require(actor, Permission.RECORD_MISSING_EPISODE, child)
    errors = FieldErrors()
    instant_not_in_future(errors, "ended_at", ended_at, "The time the child returned")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        if episode.ended_at is None:
            raise field_error("ended_at", "The child's return is not recorded yet", CareError.NOT_ENDED)
        if ended_at < episode.started_at:
            raise field_error(
                "ended_at",
                f"The child went missing at {_local(episode.started_at)}: they returned after that",
                CareError.ENDS_BEFORE_IT_STARTS,
            )
        later = MissingEpisode.objects.filter(child=child, started_at__gt=episode.started_at, started_at__lt=ended_at)
        if later.exists():
            raise field_error(
                "ended_at", "A later missing episode started before this time", CareError.EVENTS_AFTER_DATE
            )
        before = {"ended_at": episode.ended_at.isoformat()}
        episode.ended_at = ended_at
        episode.full_clean()
        episode.save(update_fields=["ended_at", "updated_at"])
        auditor.record_updated(
            actor=actor, obj=episode, child_id=child.pk, before=before, after={"ended_at": ended_at.isoformat()}
        )
        if Deadline.objects.filter(subject_key=subject_key_of(episode)).exists():
            deadline_recompute_for_subject(
                actor=actor, subject=episode, started_on=timezone.localtime(ended_at).date(), started_at=ended_at
            )
    return episode


def return_home_interview_record(
    *,
    actor: Any,
    episode: MissingEpisode,
    offered_at: datetime,
    accepted: bool | None,
    held_on: Any = None,
    carried_out_by: str = "",
    outcome: str = "",
    late_reason: str = "",
    prompt_answers: Mapping[int, str] | None = None,
) -> ReturnHomeInterview:
    """The interview offered to the child after their return, whether they accepted it, and what it found, with the
    practice prompts asked of the child here (a required one must be answered)."""
    child = episode.child
    require(actor, Permission.RECORD_RETURN_HOME_INTERVIEW, child)
    errors = FieldErrors()
    instant_not_in_future(errors, "offered_at", offered_at, "The time the interview was offered")
    if held_on is not None and accepted is not True:
        errors.add("held_on", "An interview was held only if the child accepted it", CareError.HELD_NEEDS_ACCEPTED)
    if held_on is not None and held_on > timezone.localdate():
        errors.add("held_on", "The date of the interview must be today or in the past", CareError.DATE_IN_FUTURE)
    asked = prompts_asked(moment=PromptMoment.RETURN_HOME_INTERVIEW, children=[child])
    answers = asked.check(prompt_answers or {}, errors)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        if episode.ended_at is None:
            raise field_error("offered_at", "Record the child's return first", CareError.NOT_ENDED)
        if offered_at < episode.ended_at:
            raise field_error(
                "offered_at",
                f"The child returned at {_local(episode.ended_at)}: the interview is offered after that",
                CareError.BEFORE_RETURN,
            )
        if held_on is not None and held_on < timezone.localtime(offered_at).date():
            raise field_error(
                "held_on", "The interview was held on or after the day it was offered", CareError.BEFORE_RETURN
            )
        if ReturnHomeInterview.objects.filter(episode=episode).exists():
            raise field_error("offered_at", "A return home interview is already recorded", CareError.ALREADY_RECORDED)
        interview = ReturnHomeInterview(
            child=child,
            episode=episode,
            recorded_by=practitioner(actor),
            offered_at=offered_at,
            accepted=accepted,
            held_on=held_on,
            carried_out_by=carried_out_by.strip(),
            outcome=outcome.strip(),
        )
        interview.full_clean()
        interview.save()
        auditor.record_created(actor=actor, obj=interview, child_id=child.pk)
        prompt_answers_record(actor=actor, asked=asked, record=interview, answers=answers)
        clocks_meet(
            actor=actor,
            child=child,
            rule_codes=("return_home_interview",),
            met_on=timezone.localtime(offered_at).date(),
            late_reason=late_reason,
            subjects=[episode],
        )
    return interview
