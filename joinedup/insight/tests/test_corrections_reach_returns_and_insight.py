"""A correction of a child's details reaches the returns and the insight figures (issue 20): the CIN census and the
disproportionality figures read the person, not a copy, so a child's ethnicity corrected through the service is what
the next census and the next figures show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.insight import selectors as insight
from joinedup.people.codes import Ethnicity
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.records import services
from joinedup.returns import cin_census
from joinedup.returns.years import collection_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_the_year() -> Iterator[None]:
    with time_machine.travel("2026-06-01 10:00:00+01:00", tick=False):
        yield


def _correct_ethnicity(world: World, child: Person, ethnicity: str) -> None:
    details = services.person_details_of(Person.objects.get(pk=child.pk))
    details.ethnicity = ethnicity
    services.person_update(actor=world.user("social_worker"), person=child, details=details)


def _census_ethnicity(child: Person) -> str:
    census = cin_census.build(collection_year("cin", 2026))
    (found,) = census.tree.getroot().xpath(f"Children/Child[ChildIdentifiers/LAchildID='{child.pk}']")
    return found.findtext("ChildCharacteristics/Ethnicity")


def test_a_corrected_ethnicity_is_what_the_next_cin_census_reads(world: World, after_the_year: None) -> None:
    child = world.allocated_child
    CaseEpisodeFactory(child=child, started_on=date(2025, 9, 1), referral_source="2A", tier="family_help")
    assert _census_ethnicity(child) == Ethnicity.NOBT
    _correct_ethnicity(world, child, Ethnicity.BAFR)
    assert _census_ethnicity(child) == Ethnicity.BAFR


def test_a_corrected_ethnicity_moves_the_child_between_groups_in_the_disproportionality_figures(
    world: World, after_the_year: None, settings: Any
) -> None:
    settings.JOINEDUP_CHILD_POPULATION = 10_000
    children: dict[str, list[Person]] = {"WBRI": [], "BAFR": []}
    for ethnicity, group in children.items():
        for _ in range(6):
            child = ChildFactory(ethnicity=ethnicity)
            CaseEpisodeFactory(child=child, started_on=date(2025, 9, 1), referral_source="2A", tier="family_help")
            group.append(child)

    def counts() -> dict[str, int]:
        result = insight.disproportionality(
            actor=world.user("analyst"), today=date(2026, 6, 1), period_key="2026", stage="child_in_need"
        )
        stage = next(s for s in result.stages if s.stage == "child_in_need")
        return {g.group: g.count for g in stage.groups if g.group in ("White British", "Black")}

    assert counts() == {"White British": 6, "Black": 6}
    # Recorded as Black African by mistake; the family say White British. The social worker may change this child.
    mistaken = children["BAFR"][0]
    InvolvementFactory(
        practitioner=world.social_worker,
        child=mistaken,
        team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    )
    _correct_ethnicity(world, mistaken, Ethnicity.WBRI)
    assert counts() == {"White British": 7, "Black": 5}
