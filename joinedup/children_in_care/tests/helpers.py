"""Building care histories through the services, for tests of pages, the API and the selectors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from joinedup.children_in_care import services
from joinedup.children_in_care.tests.conftest import foster_placement
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.visits.testing import visit_one


def long_history(world: World, child: Any, *, started_on: date, placements: int, step_days: int = 60) -> Any:
    """The child looked after from `started_on` with `placements` placements (a move every `step_days`), a care
    plan, a review and a visit in each placement."""
    actor = world.user("social_worker")
    period = services.looked_after_start(
        actor=actor,
        child=child,
        details=services.LookedAfterStart(
            started_on=started_on,
            legal_status="C2",
            category_of_need="N1",
            placement=foster_placement(),
            care_plan_due_on=started_on,
            independent_reviewing_officer_id=world.iro.pk,
        ),
    )
    services.care_plan_record(
        actor=actor,
        child=child,
        details=services.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=started_on,
            arrangements="Long-term fostering",
        ),
    )
    day = started_on
    for n in range(placements):
        if n:
            services.placement_move(
                actor=actor,
                child=child,
                move=services.PlacementMove(
                    started_on=day,
                    placement=foster_placement(carer_family_name=f"Carer{n}"),
                    reason_for_change="CARPL",
                ),
            )
        visit_one(actor=actor, child=child, visited_on=day + timedelta(days=3), late_reason="Test history")
        services.looked_after_review_record(
            actor=world.user("iro"),
            child=child,
            details=services.ReviewDetails(
                voice=ChildVoice(words="I like my school and I want to see my brother."),
                held_on=day + timedelta(days=10),
                chair_id=world.iro.pk,
                participation="PN1",
                permanence_plan="long_term_fostering",
                decisions=["Keep contact with grandmother", "Start counselling"],
                late_reason="Test history",
            ),
        )
        day += timedelta(days=step_days)
    return period
