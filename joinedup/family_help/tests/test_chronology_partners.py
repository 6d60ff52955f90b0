"""Family Help in the multi-agency chronology as each reader sees it (issue 18): the school's designated safeguarding
lead, the family's lead practitioner, sees the family plan and its reviews, under the school's name, never the local
authority's decisions to open, step up or down, or close; the social worker sees them all."""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.chronology.registry import gather
from joinedup.core.tests.personas import World
from joinedup.family_help import services

from .builders import agreed_plan, open_case

pytestmark = pytest.mark.django_db


def _family_help(world: World, who: str) -> list[tuple[str, str, str]]:
    entries = gather(children=[world.allocated_child.pk], user=world.user(who)).entries
    return [(e.title, e.agency_label, e.organisation) for e in entries if e.source_key.startswith("family_help.")]


def test_the_lead_practitioner_sees_the_plan_and_its_reviews_under_their_own_agency(world: World, today: date) -> None:
    case = open_case(world)
    plan = agreed_plan(world, case)
    services.family_plan_review_record(
        actor=world.user("school_dsl"),
        case=case,
        held_on=date(2027, 3, 10),
        family_view="Mornings are better.",
        progress_summary="Attendance up from 82% to 95%.",
        goal_progress={plan.goals.get().pk: "good_progress"},
    )
    school = ("Education", "Brookside Primary School")
    assert _family_help(world, "school_dsl") == [
        ("Family plan agreed", *school),
        ("Family plan reviewed", *school),
    ]
    assert _family_help(world, "social_worker") == [
        ("Family Help opened", "Family Help", ""),
        ("Family plan agreed", *school),
        ("Family plan reviewed", *school),
    ]
    # A partner with no part in the family's Family Help sees none of it.
    assert _family_help(world, "other_school_dsl") == []
