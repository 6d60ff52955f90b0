"""The episode services: each move writes one transition row (from, to, when, why, by whom, as which decision) and
one audit event on the episode, inside the caller's transaction; they check no user permission of their own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from joinedup.audit.models import AuditAction, AuditEvent, RecordHistory
from joinedup.core.errors import DomainValidationError
from joinedup.core.tests.personas import World
from joinedup.episodes import selectors
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import ClosureReason, EpisodeTier, ReferralSource, TransitionKind, TransitionReason
from joinedup.episodes.errors import EpisodeError
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.episodes.models import CaseEpisode, EpisodeTransition

OPENED_ON = date(2026, 9, 1)


def _decision(world: World, record: Any = None, user: str = "team_manager") -> episodes.Decision:
    return episodes.Decision(world.user(user), "tests.a_public_service", record)


def _open(world: World, tier: str = EpisodeTier.FAMILY_HELP) -> CaseEpisode:
    with transaction.atomic():
        return episodes.episode_open(
            decision=_decision(world),
            child=world.allocated_child,
            started_on=OPENED_ON,
            referral_source=ReferralSource.SCHOOLS,
            tier=tier,
            reason=TransitionReason.REFERRAL,
            reason_text="Contact C-1: Family Help",
        )


def _events(episode: CaseEpisode) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="episodes.caseepisode", object_id=str(episode.pk)).order_by("id"))


def test_opening_writes_the_episode_one_transition_and_one_audit_event(world: World) -> None:
    episode = _open(world)
    assert (episode.child_id, episode.started_on, episode.tier) == (
        world.allocated_child.pk,
        OPENED_ON,
        EpisodeTier.FAMILY_HELP,
    )
    (t,) = EpisodeTransition.objects.filter(episode=episode)
    opened = (TransitionKind.OPENED, "", EpisodeTier.FAMILY_HELP, OPENED_ON)
    assert (t.kind, t.from_tier, t.to_tier, t.happened_on) == opened
    assert (t.reason, t.reason_text) == (TransitionReason.REFERRAL, "Contact C-1: Family Help")
    assert (t.decided_by_id, t.decided_as) == (world.user("team_manager").pk, "tests.a_public_service")
    (event,) = _events(episode)
    assert event.action == AuditAction.CREATED
    assert event.actor_id == world.user("team_manager").pk
    assert event.child_id == world.allocated_child.pk
    assert f"transition {t.pk}" in event.reason
    assert selectors.open_episode_for(world.allocated_child) == episode


def test_a_child_has_one_open_episode(world: World) -> None:
    _open(world)
    with pytest.raises(DomainValidationError) as raised, transaction.atomic():
        episodes.episode_open(
            decision=_decision(world),
            child=world.allocated_child,
            started_on=OPENED_ON,
            referral_source=ReferralSource.SCHOOLS,
            tier=EpisodeTier.FAMILY_HELP,
        )
    assert raised.value.error_dict["episode"][0].code == EpisodeError.ALREADY_OPEN
    assert EpisodeTransition.objects.count() == 1


def test_stepping_up_writes_one_transition_with_from_to_by_and_why(world: World) -> None:
    episode = _open(world)
    record = world.allocated_child  # any row stands for the decision's record here
    with transaction.atomic():
        t = episodes.episode_step_up(
            decision=_decision(world, record, user="social_worker"),
            episode=episode,
            to_tier=EpisodeTier.CHILD_PROTECTION,
            on=date(2026, 10, 5),
            reason=TransitionReason.SECTION_47,
            reason_text="Strategy discussion: section 47 enquiry",
        )
    assert t is not None
    episode.refresh_from_db()
    assert episode.tier == EpisodeTier.CHILD_PROTECTION
    assert (t.kind, t.from_tier, t.to_tier, t.happened_on) == (
        TransitionKind.STEPPED_UP,
        EpisodeTier.FAMILY_HELP,
        EpisodeTier.CHILD_PROTECTION,
        date(2026, 10, 5),
    )
    assert (t.reason, t.decided_by_id) == (TransitionReason.SECTION_47, world.user("social_worker").pk)
    assert (t.source_type, t.source_id) == ("people.person", str(record.pk))
    assert EpisodeTransition.objects.filter(episode=episode).count() == 2
    event = _events(episode)[-1]
    assert event.action == AuditAction.UPDATED
    assert event.changed_fields == ["tier"]
    history = RecordHistory.objects.get(audit_event=event)
    assert (history.before, history.after) == ({"tier": "family_help"}, {"tier": "child_protection"})


def test_a_step_up_never_moves_an_episode_down_and_a_step_down_never_up(world: World) -> None:
    episode = _open(world, EpisodeTier.CHILD_PROTECTION)
    with transaction.atomic():
        for tier in (EpisodeTier.FAMILY_HELP, EpisodeTier.CHILD_PROTECTION):
            assert (
                episodes.episode_step_up(
                    decision=_decision(world),
                    episode=episode,
                    to_tier=tier,
                    on=OPENED_ON,
                    reason=TransitionReason.REFERRAL,
                )
                is None
            )
        for tier in (EpisodeTier.CHILDREN_IN_CARE, EpisodeTier.CHILD_PROTECTION):
            assert (
                episodes.episode_step_down(
                    decision=_decision(world),
                    episode=episode,
                    to_tier=tier,
                    on=OPENED_ON,
                    reason=TransitionReason.FAMILY_HELP_STEP_DOWN,
                )
                is None
            )
    episode.refresh_from_db()
    assert episode.tier == EpisodeTier.CHILD_PROTECTION
    assert EpisodeTransition.objects.filter(episode=episode).count() == 1  # the opening only
    assert len(_events(episode)) == 1


def test_stepping_down_writes_one_transition(world: World) -> None:
    episode = _open(world, EpisodeTier.CHILD_PROTECTION)
    with transaction.atomic():
        t = episodes.episode_step_down(
            decision=_decision(world),
            episode=episode,
            to_tier=EpisodeTier.FAMILY_HELP,
            on=date(2027, 1, 4),
            reason=TransitionReason.CHILD_PROTECTION_PLAN_ENDED,
        )
    assert t is not None
    assert (t.kind, t.from_tier, t.to_tier) == (
        TransitionKind.STEPPED_DOWN,
        EpisodeTier.CHILD_PROTECTION,
        EpisodeTier.FAMILY_HELP,
    )
    assert episode.tier == EpisodeTier.FAMILY_HELP  # the caller's object follows the move


def test_closing_writes_one_transition_with_the_cin_reason_and_never_closes_before_it_opened(world: World) -> None:
    episode = _open(world)
    with transaction.atomic():
        t = episodes.episode_close(
            decision=_decision(world),
            episode=episode,
            closed_on=date(2026, 8, 1),  # before it opened
            closure_reason=ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA,
            reason=TransitionReason.ASSESSMENT_NO_FURTHER_ACTION,
        )
        again = episodes.episode_close(
            decision=_decision(world),
            episode=episode,
            closed_on=date(2026, 10, 1),
            closure_reason=ClosureReason.SERVICES_CEASED,
            reason=TransitionReason.FAMILY_HELP_CLOSED,
        )
    assert again is None
    assert t is not None
    episode.refresh_from_db()
    assert (episode.closed_on, episode.closure_reason) == (OPENED_ON, ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA)
    assert (t.kind, t.from_tier, t.to_tier, t.happened_on, t.closure_reason) == (
        TransitionKind.CLOSED,
        EpisodeTier.FAMILY_HELP,
        "",
        OPENED_ON,
        ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA,
    )
    assert selectors.open_episode_for(world.allocated_child) is None
    assert [e.changed_fields for e in _events(episode)] == [[], ["closed_on", "closure_reason"]]


def test_a_closed_episode_does_not_move_and_a_closure_needs_a_cin_reason(world: World) -> None:
    episode = _open(world)
    with pytest.raises(DomainValidationError) as raised, transaction.atomic():
        episodes.episode_close(
            decision=_decision(world),
            episode=episode,
            closed_on=date(2026, 10, 1),
            closure_reason="RC99",
            reason=TransitionReason.FAMILY_HELP_CLOSED,
        )
    assert raised.value.error_dict["closure_reason"][0].code == EpisodeError.CLOSURE_REASON_REQUIRED
    with transaction.atomic():
        episodes.episode_close(
            decision=_decision(world),
            episode=episode,
            closed_on=date(2026, 10, 1),
            closure_reason=ClosureReason.SERVICES_CEASED,
            reason=TransitionReason.FAMILY_HELP_CLOSED,
        )
    with pytest.raises(DomainValidationError) as raised, transaction.atomic():
        episodes.episode_step_up(
            decision=_decision(world),
            episode=episode,
            to_tier=EpisodeTier.CHILD_PROTECTION,
            on=date(2026, 10, 2),
            reason=TransitionReason.SECTION_47,
        )
    assert raised.value.error_dict["episode"][0].code == EpisodeError.EPISODE_CLOSED


def test_the_services_check_no_permission_of_their_own(world: World) -> None:
    """A user who may see nothing of the child can be the decision's actor: the public service they called has
    decided (and checked) already; the episode service only records the move as theirs."""
    episode = _open(world)
    with transaction.atomic():
        t = episodes.episode_step_up(
            decision=_decision(world, user="analyst"),
            episode=episode,
            to_tier=EpisodeTier.CHILD_PROTECTION,
            on=date(2026, 10, 5),
            reason=TransitionReason.SECTION_47,
        )
    assert t is not None and t.decided_by_id == world.user("analyst").pk


@pytest.mark.django_db(transaction=True)
def test_an_episode_moves_only_inside_the_decisions_transaction(world: World) -> None:
    with pytest.raises(RuntimeError):
        episodes.episode_open(
            decision=_decision(world),
            child=world.allocated_child,
            started_on=OPENED_ON,
            referral_source=ReferralSource.SCHOOLS,
            tier=EpisodeTier.FAMILY_HELP,
        )
    assert not CaseEpisode.objects.exists()


def test_history_written_in_bulk_has_the_rows_a_service_would_write(world: World) -> None:
    episode = CaseEpisodeFactory(
        child=world.allocated_child,
        started_on=OPENED_ON,
        referral_source=ReferralSource.POLICE,
        tier=EpisodeTier.CHILD_PROTECTION,
        closed_on=date(2027, 1, 1),
        closure_reason=ClosureReason.SERVICES_CEASED,
    )
    rows = episodes.bulk_history_rows(
        episode,
        moves=[(OPENED_ON, EpisodeTier.FAMILY_HELP), (date(2026, 10, 1), EpisodeTier.CHILD_PROTECTION)],
        decided_by_id=world.user("team_manager").pk,
        decided_as="synthetic.front_door",
    )
    EpisodeTransition.objects.bulk_create(rows)
    assert [(t.kind, t.from_tier, t.to_tier, t.happened_on) for t in selectors.episode_transitions(episode)] == [
        (TransitionKind.OPENED, "", EpisodeTier.FAMILY_HELP, OPENED_ON),
        (TransitionKind.STEPPED_UP, EpisodeTier.FAMILY_HELP, EpisodeTier.CHILD_PROTECTION, date(2026, 10, 1)),
        (TransitionKind.CLOSED, EpisodeTier.CHILD_PROTECTION, "", date(2027, 1, 1)),
    ]


def test_open_work_in_an_episode_is_what_the_apps_registered(world: Any) -> None:
    """Issue 16: an app closing an episode asks the episode app what work is open, not the other apps' tables."""
    from joinedup.episodes.selectors import _OPEN_WORK, episode_open_work, register_open_work

    episode = CaseEpisodeFactory(
        child=world.allocated_child, started_on=date(2027, 1, 4), referral_source="1A", tier="family_help"
    )
    assert {"assessment", "family_help"} <= set(_OPEN_WORK)
    assert episode_open_work(episode) == []
    saved = dict(_OPEN_WORK)
    try:
        register_open_work("everything", lambda episode_id: CaseEpisode.objects.filter(pk=episode_id))
        assert episode_open_work(episode) == ["everything"]
    finally:
        _OPEN_WORK.clear()
        _OPEN_WORK.update(saved)
