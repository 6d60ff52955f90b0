"""factory_boy factory for a child's episode of need. Used by the tests, never by production code.

It writes the episode's row alone, as a test's starting state; it writes no transition. episodes/services.py is the
only code that opens, moves or closes an episode (ADR 0019), and the synthetic stages write theirs in bulk with
their transition rows (`bulk_history_rows`)."""

from __future__ import annotations

from datetime import date
from typing import cast

import factory

from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person

from .codes import EpisodeTier, ReferralSource
from .models import CaseEpisode


class CaseEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEpisode

    child = factory.SubFactory(ChildFactory)
    started_on = date(2025, 9, 1)
    referral_source = ReferralSource.SCHOOLS
    tier = EpisodeTier.FAMILY_HELP


def open_episode_of(child: Person) -> CaseEpisode:
    """The child's open episode of need, or a new one (a child has one open episode at most): for the factories of
    the records made in an episode."""
    episode = CaseEpisode.objects.filter(child=child, closed_on__isnull=True).first()
    return episode if episode is not None else cast(CaseEpisode, CaseEpisodeFactory(child=child))
