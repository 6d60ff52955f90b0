"""A transition row is the episode's history: once written it is never changed or deleted through the ORM, and the
database refuses rows of the wrong shape."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from joinedup.core.tests.personas import World
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import EpisodeTier, ReferralSource, TransitionKind, TransitionReason
from joinedup.episodes.models import CaseEpisode, EpisodeTransition, TransitionIsImmutable


@pytest.fixture
def transition(world: World) -> EpisodeTransition:
    with transaction.atomic():
        episode = episodes.episode_open(
            decision=episodes.Decision(world.user("team_manager"), "tests.open"),
            child=world.allocated_child,
            started_on=date(2026, 9, 1),
            referral_source=ReferralSource.SCHOOLS,
            tier=EpisodeTier.FAMILY_HELP,
        )
    return EpisodeTransition.objects.get(episode=episode)


def test_a_saved_transition_cannot_be_changed(transition: EpisodeTransition) -> None:
    transition.reason_text = "rewritten"
    with pytest.raises(TransitionIsImmutable):
        transition.save()
    with pytest.raises(TransitionIsImmutable):
        transition.save(update_fields=["reason_text"])
    assert EpisodeTransition.objects.get(pk=transition.pk).reason_text == ""


def test_a_transition_cannot_be_deleted(transition: EpisodeTransition) -> None:
    with pytest.raises(TransitionIsImmutable):
        transition.delete()
    assert EpisodeTransition.objects.filter(pk=transition.pk).exists()


def test_no_queryset_updates_or_deletes_transitions(transition: EpisodeTransition) -> None:
    with pytest.raises(TransitionIsImmutable):
        EpisodeTransition.objects.filter(pk=transition.pk).update(reason_text="rewritten")
    with pytest.raises(TransitionIsImmutable):
        EpisodeTransition.objects.all().delete()
    with pytest.raises(TransitionIsImmutable):
        transition.episode.transitions.update(happened_on=date(2020, 1, 1))
    assert EpisodeTransition.objects.get(pk=transition.pk).happened_on == date(2026, 9, 1)


def test_a_new_object_given_an_existing_rows_id_does_not_overwrite_it(transition: EpisodeTransition) -> None:
    forged = EpisodeTransition(
        pk=transition.pk,
        episode=transition.episode,
        kind=TransitionKind.OPENED,
        to_tier=EpisodeTier.CHILDREN_IN_CARE,
        happened_on=date(2020, 1, 1),
        reason=TransitionReason.REFERRAL,
        decided_as="forged",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    assert EpisodeTransition.objects.get(pk=transition.pk).to_tier == EpisodeTier.FAMILY_HELP


def test_an_episode_with_history_cannot_be_deleted(transition: EpisodeTransition) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        CaseEpisode.objects.filter(pk=transition.episode_id).delete()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": TransitionKind.OPENED, "from_tier": "", "to_tier": EpisodeTier.FAMILY_HELP, "decided_as": ""},
        {"kind": TransitionKind.OPENED, "from_tier": EpisodeTier.FAMILY_HELP, "to_tier": EpisodeTier.FAMILY_HELP},
        {"kind": TransitionKind.STEPPED_UP, "from_tier": EpisodeTier.FAMILY_HELP, "to_tier": EpisodeTier.FAMILY_HELP},
        {"kind": TransitionKind.STEPPED_DOWN, "from_tier": "", "to_tier": EpisodeTier.FAMILY_HELP},
        {"kind": TransitionKind.CLOSED, "from_tier": EpisodeTier.FAMILY_HELP, "to_tier": ""},  # no closure reason
    ],
)
def test_the_database_refuses_a_transition_of_the_wrong_shape(
    transition: EpisodeTransition, fields: dict[str, str]
) -> None:
    values = {"decided_as": "tests.shape", **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeTransition.objects.create(
            episode=transition.episode, happened_on=date(2026, 9, 2), reason=TransitionReason.REFERRAL, **values
        )
