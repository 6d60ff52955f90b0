"""factory_boy factory for a child's episode of need. Used by the tests, never by production code.

It writes the episode's row alone, as a test's starting state; it writes no transition. episodes/services.py is the
only code that opens, moves or closes an episode (ADR 0019), and the synthetic stages write theirs in bulk with
their transition rows (`bulk_history_rows`)."""

from __future__ import annotations

from datetime import date

import factory

from joinedup.people.factories import ChildFactory

from .codes import EpisodeTier, ReferralSource
from .models import CaseEpisode


class CaseEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEpisode

    child = factory.SubFactory(ChildFactory)
    started_on = date(2025, 9, 1)
    referral_source = ReferralSource.SCHOOLS
    tier = EpisodeTier.FAMILY_HELP
