"""The only writer of the episode of need (ADR 0019): open, step up, step down and close, each writing one
EpisodeTransition (from, to, when, why, by whom, as which decision) and its audit event, last, inside the caller's
transaction.

These services check no user permission. They are called by the domain service a user called (the front door's
sign-off, a strategy discussion, a conference, Family Help, an assessment), which has checked its own permission
once; the move runs as that decision, whoever clicked. So a strategy discussion that starts a section 47 enquiry
steps the episode up whether a social worker, a front-door practitioner or an IRO recorded it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import models, transaction

from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import field_error
from joinedup.people.models import Person

from .codes import ClosureReason, EpisodeTier, TransitionKind, TransitionReason, tier_rank
from .errors import EpisodeError
from .models import CaseEpisode, EpisodeTransition

_FIELDS = ("tier", "closed_on", "closure_reason")


@dataclass(frozen=True)
class Decision:
    """The decision a move runs as: who made it (the user who called the public service), the service they called
    ("app.service_name"), and the record of the decision where there is one (the contact decision, the strategy
    discussion, the conference). Nested steps are handed this, not the user, and check no permission of their own."""

    actor: Any
    made_in: str
    record: models.Model | None = None

    def about(self, record: models.Model) -> Decision:
        """The same decision, recorded on another row (the Family Help step it led to, say)."""
        return replace(self, record=record)


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An episode moves inside the transaction of the decision that moves it")


def _locked(episode: CaseEpisode) -> CaseEpisode:
    locked = CaseEpisode.objects.select_for_update().get(pk=episode.pk)
    for name in _FIELDS:
        setattr(episode, name, getattr(locked, name))
    return locked


def _tier(tier: str) -> EpisodeTier:
    if tier not in EpisodeTier.values:
        raise field_error("tier", f"Unknown tier: {tier}", EpisodeError.TIER_UNKNOWN)
    return EpisodeTier(tier)


def _write(
    *,
    decision: Decision,
    episode: CaseEpisode,
    kind: TransitionKind,
    from_tier: str,
    to_tier: str,
    on: date,
    reason: TransitionReason,
    reason_text: str,
    closure_reason: str = "",
) -> EpisodeTransition:
    record = decision.record
    transition = EpisodeTransition.objects.create(
        episode=episode,
        kind=kind,
        from_tier=from_tier,
        to_tier=to_tier,
        happened_on=on,
        reason=reason,
        reason_text=reason_text.strip(),
        closure_reason=closure_reason,
        decided_by=decision.actor if getattr(decision.actor, "pk", None) is not None else None,
        decided_as=decision.made_in,
        source_type=record._meta.label_lower if record is not None else "",
        source_id=str(record.pk) if record is not None else "",
    )
    return transition


def _audit(
    *,
    decision: Decision,
    episode: CaseEpisode,
    transition: EpisodeTransition,
    before: dict[str, Any] | None,
) -> None:
    """Last of each move: one event on the episode, naming the transition and why."""
    why = f"{transition.get_kind_display()} (transition {transition.pk}): {transition.get_reason_display()}"
    after = auditor.model_values(episode, _FIELDS)
    if before is None:
        auditor.audit_event_record(
            actor=decision.actor,
            action=AuditAction.CREATED,
            object_type=episode._meta.label_lower,
            object_id=episode.pk,
            child_id=episode.child_id,
            reason=why,
        )
        return
    changed = [k for k in after if before.get(k) != after.get(k)]
    auditor.audit_event_record(
        actor=decision.actor,
        action=AuditAction.UPDATED,
        object_type=episode._meta.label_lower,
        object_id=episode.pk,
        child_id=episode.child_id,
        reason=why,
        changed_fields=changed,
        before={k: before.get(k) for k in changed},
        after={k: after.get(k) for k in changed},
    )


def episode_open(
    *,
    decision: Decision,
    child: Person,
    started_on: date,
    referral_source: str,
    tier: str,
    reason: TransitionReason = TransitionReason.REFERRAL,
    reason_text: str = "",
) -> CaseEpisode:
    """Open the child's episode of need in a tier, from the referral date. A child has one open episode at a time:
    the caller joins the open one (`selectors.open_episode_for`) rather than opening another."""
    _in_transaction()
    to = _tier(tier)
    if CaseEpisode.objects.select_for_update().filter(child=child, closed_on__isnull=True).exists():
        raise field_error("episode", "The child already has an open episode of need", EpisodeError.ALREADY_OPEN)
    episode = CaseEpisode.objects.create(child=child, started_on=started_on, referral_source=referral_source, tier=to)
    transition = _write(
        decision=decision,
        episode=episode,
        kind=TransitionKind.OPENED,
        from_tier="",
        to_tier=to,
        on=started_on,
        reason=reason,
        reason_text=reason_text,
    )
    _audit(decision=decision, episode=episode, transition=transition, before=None)
    return episode


def _move(
    *,
    decision: Decision,
    episode: CaseEpisode,
    to_tier: str,
    on: date,
    reason: TransitionReason,
    reason_text: str,
    up: bool,
) -> EpisodeTransition | None:
    _in_transaction()
    to = _tier(to_tier)
    locked = _locked(episode)
    if locked.closed_on is not None:
        raise field_error("episode", "The child's episode of need is closed", EpisodeError.EPISODE_CLOSED)
    difference = tier_rank(to) - tier_rank(locked.tier)
    if (up and difference <= 0) or (not up and difference >= 0):
        return None  # already there, or past it in this direction: nothing moves
    before = auditor.model_values(locked, _FIELDS)
    from_tier = locked.tier
    locked.tier = to
    locked.save(update_fields=["tier", "updated_at"])
    episode.tier = to
    transition = _write(
        decision=decision,
        episode=locked,
        kind=TransitionKind.STEPPED_UP if up else TransitionKind.STEPPED_DOWN,
        from_tier=from_tier,
        to_tier=to,
        # A move is never dated before the episode opened.
        on=max(on, locked.started_on),
        reason=reason,
        reason_text=reason_text,
    )
    _audit(decision=decision, episode=locked, transition=transition, before=before)
    return transition


def episode_step_up(
    *,
    decision: Decision,
    episode: CaseEpisode,
    to_tier: str,
    on: date,
    reason: TransitionReason,
    reason_text: str = "",
) -> EpisodeTransition | None:
    """Move the open episode up to `to_tier`. An episode already in that tier or a higher one stays where it is
    (None): a step-up never moves an episode down."""
    return _move(
        decision=decision, episode=episode, to_tier=to_tier, on=on, reason=reason, reason_text=reason_text, up=True
    )


def episode_step_down(
    *,
    decision: Decision,
    episode: CaseEpisode,
    to_tier: str,
    on: date,
    reason: TransitionReason,
    reason_text: str = "",
) -> EpisodeTransition | None:
    """Move the open episode down to `to_tier`. An episode already in that tier or a lower one stays where it is
    (None)."""
    return _move(
        decision=decision, episode=episode, to_tier=to_tier, on=on, reason=reason, reason_text=reason_text, up=False
    )


def episode_close(
    *,
    decision: Decision,
    episode: CaseEpisode,
    closed_on: date,
    closure_reason: str,
    reason: TransitionReason,
    reason_text: str = "",
) -> EpisodeTransition | None:
    """Close the episode with a CIN census reason. It never closes before it opened (the later of the two dates is
    its closure). An episode already closed stays as it was (None). Whether anything else still open in it keeps it
    open is the caller's to decide (Family Help, an assessment in progress)."""
    _in_transaction()
    if closure_reason not in ClosureReason.values:
        raise field_error("closure_reason", "Select the reason for closing", EpisodeError.CLOSURE_REASON_REQUIRED)
    locked = _locked(episode)
    if locked.closed_on is not None:
        return None
    before = auditor.model_values(locked, _FIELDS)
    locked.closed_on = max(closed_on, locked.started_on)
    locked.closure_reason = closure_reason
    locked.save(update_fields=["closed_on", "closure_reason", "updated_at"])
    episode.closed_on, episode.closure_reason = locked.closed_on, locked.closure_reason
    transition = _write(
        decision=decision,
        episode=locked,
        kind=TransitionKind.CLOSED,
        from_tier=locked.tier,
        to_tier="",
        on=locked.closed_on,
        reason=reason,
        reason_text=reason_text,
        closure_reason=closure_reason,
    )
    _audit(decision=decision, episode=locked, transition=transition, before=before)
    return transition


def bulk_history_rows(
    episode: CaseEpisode,
    *,
    moves: list[tuple[date, str]],
    decided_by_id: int | None,
    decided_as: str,
    reason: TransitionReason = TransitionReason.REFERRAL,
    closing_reason: TransitionReason = TransitionReason.RECORDED_HISTORY,
) -> list[EpisodeTransition]:
    """The transition rows of an episode written in bulk (the synthetic authority, ADR 0006 and 0017): opened in
    the first tier of `moves`, moved to each next tier on its date, closed when the episode is. Unsaved: the caller
    bulk-creates them with the episodes, so every episode has the history a service would have written."""
    if not moves:
        return []
    rows: list[EpisodeTransition] = []
    (opened_on, first), later = moves[0], moves[1:]
    common: dict[str, Any] = {"episode": episode, "decided_by_id": decided_by_id, "decided_as": decided_as}
    rows.append(
        EpisodeTransition(
            kind=TransitionKind.OPENED, from_tier="", to_tier=first, happened_on=opened_on, reason=reason, **common
        )
    )
    current = first
    for on, tier in later:
        if tier == current:
            continue
        kind = TransitionKind.STEPPED_UP if tier_rank(tier) > tier_rank(current) else TransitionKind.STEPPED_DOWN
        rows.append(
            EpisodeTransition(kind=kind, from_tier=current, to_tier=tier, happened_on=on, reason=reason, **common)
        )
        current = tier
    if episode.closed_on is not None:
        rows.append(
            EpisodeTransition(
                kind=TransitionKind.CLOSED,
                from_tier=current,
                to_tier="",
                happened_on=episode.closed_on,
                reason=closing_reason,
                closure_reason=episode.closure_reason,
                decided_by_id=None,
                decided_as=decided_as,
                episode=episode,
            )
        )
    return rows


def episode_history_record(
    *,
    child: Person,
    started_on: date,
    referral_source: str,
    primary_need_code: str,
    moves: list[tuple[date, str]],
    closed_on: date | None,
    closure_reason: str,
    decided_as: str,
) -> CaseEpisode:
    """An episode of need another system recorded (the history path, ADR 0028): its referral, its tiers on the
    days it moved between them, and its closure, as they happened; no date is refused for being in the past. The
    transitions record the history as written in bulk, by no user; the caller (imports) audits the episode."""
    episode = CaseEpisode.objects.create(
        child=child,
        started_on=started_on,
        referral_source=referral_source,
        tier=moves[-1][1],
        primary_need_code=primary_need_code,
        closed_on=closed_on,
        closure_reason=closure_reason,
    )
    EpisodeTransition.objects.bulk_create(
        bulk_history_rows(
            episode,
            moves=moves,
            decided_by_id=None,
            decided_as=decided_as,
            reason=TransitionReason.RECORDED_HISTORY,
        )
    )
    return episode
