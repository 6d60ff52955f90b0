"""A looked-after child's regulation 28 visit is recorded on the one visit form (issue 18): the form meets the
visiting clock that was running and starts the next by the placement's pattern, keeps the placement's own record of
the visit (StatutoryVisit, linked to the child's part of the visit), and a child not seen meets nothing. The old
"Record a statutory visit" address leads to the one visit form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse

from joinedup.children_in_care.models import StatutoryVisit
from joinedup.core.tests.personas import World
from joinedup.timescales.models import Deadline
from joinedup.visits.models import Visit


def _visit(client: Any, child: Any, on: date, **answers: str) -> Any:
    data = {
        "children": [str(child.pk)],
        "visited_on_0": str(on.day),
        "visited_on_1": str(on.month),
        "visited_on_2": str(on.year),
        "kind": "placement",
        "account": "Visited Ellie at her foster home with Margaret Holloway.",
        "action": "record",
    } | {f"child_{child.pk}_{k}": v for k, v in answers.items()}
    return client.post(reverse("visits:visit_new", args=[child.pk]), data)


def _open(child: Any) -> dict[str, date]:
    return {d.rule_code: d.due_on for d in Deadline.objects.filter(child=child, met_on__isnull=True)}


def test_the_one_visit_form_meets_the_regulation_28_clock_and_starts_the_next(
    world: World, today: date, start_care: Callable[..., Any], client_for: Any
) -> None:
    start_care(date(2027, 11, 24))
    child = world.allocated_child
    assert _open(child)["first_placement_visit"] == date(2027, 12, 1)  # 24 November + 7 days
    client = client_for("social_worker")
    response = _visit(client, child, date(2027, 11, 30), seen="yes", seen_alone="yes", childs_words="I like it here")
    assert response.status_code == 302
    first = Deadline.objects.get(child=child, rule_code="first_placement_visit")
    assert first.met_on == date(2027, 11, 30)
    statutory = StatutoryVisit.objects.get(child=child)
    assert statutory.visit_child.visit == Visit.objects.get()
    assert (statutory.child_seen, statutory.child_seen_alone) == (True, True)
    assert statutory.placement.ended_on is None  # the placement of the day, kept per child
    assert _open(child)["placement_visit_first_year"] == date(2028, 1, 11)  # 30 November + 6 weeks


def test_a_looked_after_child_not_seen_meets_no_clock(
    world: World, today: date, start_care: Callable[..., Any], client_for: Any
) -> None:
    start_care(date(2027, 11, 24))
    child = world.allocated_child
    client = client_for("social_worker")
    response = _visit(client, child, date(2027, 11, 30), seen="no", reason_not_seen="Ellie was at her grandmother's")
    assert response.status_code == 302
    assert Deadline.objects.get(child=child, rule_code="first_placement_visit").met_on is None
    assert "placement_visit_first_year" not in _open(child)
    assert StatutoryVisit.objects.get(child=child).child_seen is False


def test_the_old_statutory_visit_address_leads_to_the_one_visit_form(
    world: World, today: date, start_care: Callable[..., Any], client_for: Any
) -> None:
    start_care(date(2027, 11, 24))
    child = world.allocated_child
    response = client_for("social_worker").get(reverse("children_in_care:visit_record", args=[child.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:visit_new", args=[child.pk])
