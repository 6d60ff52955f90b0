"""The care history page and the pages that record care: who may use them, what they show, errors, query count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from markupsafe import escape

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.children_in_care import services
from joinedup.children_in_care.models import PeriodOfCare, Placement
from joinedup.children_in_care.tests.helpers import long_history
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory

pytestmark = pytest.mark.django_db


def url(child: Any, suffix: str = "") -> str:
    return f"/children/{child.pk}/care/{suffix}"


def date_post(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_childs_record_links_to_the_care_history(world: World, client_for: Any) -> None:
    page = client_for("social_worker").get(f"/children/{world.allocated_child.pk}/").content.decode()
    assert url(world.allocated_child) in page


def test_a_child_not_looked_after_offers_starting_care(world: World, client_for: Any, today: date) -> None:
    response = client_for("social_worker").get(url(world.allocated_child))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not looked after" in page
    assert url(world.allocated_child, "start/") in page
    event = AuditEvent.objects.filter(action=AuditAction.VIEWED).last()
    assert event is not None and (event.child_id, event.reason) == (world.allocated_child.pk, "care history")


def start_post(started_on: date, **overrides: str) -> dict[str, str]:
    data = {
        **date_post("started_on", started_on),
        "legal_status": "L2",
        "category_of_need": "N1",
        "is_unaccompanied_asylum_seeking": "no",
        "is_emergency": "yes",
        "placement_type": "U6",
        "provider": "PR1",
        "carer_given_name": "Margaret",
        "carer_family_name": "Holloway",
        "postcode": "LS6 2AB",
        "is_in_authority": "yes",
        "visiting_pattern": "standard",
        "is_intended_until_eighteen": "no",
        **date_post("care_plan_due_on", started_on),
        "independent_reviewing_officer": "",
    }
    data.update(overrides)
    return data


def test_starting_care_through_the_page(world: World, client_for: Any, today: date) -> None:
    client = client_for("social_worker")
    response = client.post(url(world.allocated_child, "start/"), start_post(date(2027, 11, 22)))
    assert response.status_code == 302 and response["Location"] == url(world.allocated_child)
    page = client.get(url(world.allocated_child)).content.decode()
    assert "Looked after" in page and "Holloway" in page and "L2: Emergency protection order" in page
    assert "What is due" in page and "Care plan" in page
    assert PeriodOfCare.objects.get().started_on == date(2027, 11, 22)


def test_a_start_without_a_care_plan_due_date_shows_the_rule_in_the_error_summary(
    world: World, client_for: Any, today: date
) -> None:
    data = start_post(date(2027, 11, 22))
    for part in ("_0", "_1", "_2"):
        data[f"care_plan_due_on{part}"] = ""
    response = client_for("social_worker").post(url(world.allocated_child, "start/"), data)
    assert response.status_code == 400  # the start form asks the child's voice (with a care plan agreed before)
    page = response.content.decode()
    assert "<title>Error: Start to be looked after" in page
    assert "govuk-error-summary" in page and "There is no care plan yet" in page
    assert not PeriodOfCare.objects.exists()


def test_an_overlapping_placement_is_refused_on_the_page(
    world: World, client_for: Any, today: date, start_care: Any
) -> None:
    start_care(date(2027, 11, 22))
    data = {
        **date_post("started_on", date(2027, 11, 20)),
        "reason_for_change": "CARPL",
        "same_carer": "no",
        "is_emergency": "no",
        "placement_type": "U6",
        "provider": "PR1",
        "carer_family_name": "Osei",
        **date_post("care_plan_due_on", date(2027, 11, 22)),
    }
    response = client_for("social_worker").post(url(world.allocated_child, "placement/"), data)
    assert response.status_code == 200
    assert "placements do not overlap" in response.content.decode()
    assert Placement.objects.count() == 1


def test_a_review_for_a_child_not_looked_after_is_refused_on_the_page(
    world: World, client_for: Any, today: date
) -> None:
    # The review page is open only while there is a care record to review; the service refuses the date.
    data = {
        **date_post("held_on", date(2027, 11, 1)),
        "chair": str(world.iro.pk),
        "participation": "PN1",
        "child_voice_words": "I want to go home.",
    }
    InvolvementFactory(
        practitioner=world.iro, child=world.allocated_child, role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER
    )
    response = client_for("iro").post(url(world.allocated_child, "review/"), data)
    assert response.status_code == 400
    assert "was not looked after on 1 November 2027" in response.content.decode()


def test_the_pages_404_for_a_user_who_cannot_see_the_child(world: World, client_for: Any) -> None:
    client = client_for("other_team_worker")
    assert client.get(url(world.allocated_child)).status_code == 404
    assert client.get(url(world.allocated_child, "start/")).status_code == 404


def test_a_partner_may_see_the_child_but_not_record_placements(world: World, client_for: Any) -> None:
    # The school's DSL sees the pupil's record, and the care history's limited page, but no recording page.
    client = client_for("school_dsl")
    page = client.get(url(world.allocated_child)).content.decode()
    assert "The care history is open to" in page
    assert client.get(url(world.allocated_child, "start/")).status_code == 404


@pytest.fixture
def nurse(world: World) -> Any:
    return PractitionerFactory(user__username="lac.nurse", role=Role.LOOKED_AFTER_CHILDREN_NURSE)


def test_the_looked_after_childrens_nurse_sees_and_records_health_only(
    world: World, client_for: Any, today: date, start_care: Any, nurse: Any
) -> None:
    start_care(date(2027, 11, 1))
    services.care_partner_add(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        partner=nurse,
        role=InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE,
        started_on=date(2027, 11, 2),
    )
    world.lac_nurse = nurse  # type: ignore[attr-defined]
    client = client_for("lac_nurse")
    page = client.get(url(world.allocated_child)).content.decode()
    assert "Health" in page and "Periods of care" not in page and "Looked-after reviews" not in page
    assert "Holloway" in page  # the current placement's carer
    response = client.post(
        url(world.allocated_child, "health-assessment/"), date_post("assessed_on", date(2027, 11, 20))
    )
    assert response.status_code == 302
    assert client.get(url(world.allocated_child, "visit/")).status_code == 404


def test_the_care_history_query_count_does_not_grow_with_the_number_of_placements(
    world: World, client_for: Any, today: date
) -> None:
    small, large = ChildFactory(date_of_birth=date(2014, 1, 1)), ChildFactory(date_of_birth=date(2014, 1, 1))
    for child in (small, large):
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    long_history(world, small, started_on=date(2024, 1, 8), placements=3)
    long_history(world, large, started_on=date(2024, 1, 8), placements=12)
    client = client_for("social_worker")
    client.get(url(small))  # warm the session
    counts = []
    for child in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(child)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # Session, user, OTP device; the practitioner (their teams only if they manage one); the scoped child (which also
    # answers every permission's visibility question, access/policy.py); the audit (lock head, insert, move head);
    # periods with their legal statuses and placements (3); care plans; the latest reviews and their decisions (2); the
    # latest visits; involvements; the clocks running; the latest health assessment, dental check, immunisations,
    # questionnaire and personal education plan (5: five small queries cost less to build than one of a dozen
    # subqueries); school changes (1); missing (1); the session save; and the savepoints around them. The record's
    # navigation adds none.
    assert counts[1] == PINNED_CARE_HISTORY_QUERIES, counts


PINNED_CARE_HISTORY_QUERIES = 29


def test_the_ssda903_episodes_page(world: World, client_for: Any, today: date) -> None:
    long_history(world, world.allocated_child, started_on=date(2026, 1, 5), placements=2)
    response = client_for("social_worker").get(url(world.allocated_child, "episodes/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "05/01/2026" in page and "CARPL" in page
    assert client_for("school_dsl").get(url(world.allocated_child, "episodes/")).status_code == 404


def test_the_children_in_care_list(world: World, client_for: Any, today: date, start_care: Any) -> None:
    start_care(date(2027, 11, 1))
    response = client_for("social_worker").get("/children-in-care/")
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(world.allocated_child.full_name) in page and "Next review due" in page
    assert client_for("school_dsl").get("/children-in-care/").status_code == 404


def test_children_in_care_is_in_the_navigation_of_care_workers_only(world: World, client_for: Any) -> None:
    assert 'href="/children-in-care/"' in client_for("iro").get("/").content.decode()
    assert 'href="/children-in-care/"' not in client_for("school_dsl").get("/").content.decode()


def test_the_carers_the_child_lives_with_are_there_for_assessments(world: World, today: date, start_care: Any) -> None:
    """Foster carers and residential staff take part in the child's assessments (M13, M21)."""
    from joinedup.children_in_care.selectors import current_carers
    from joinedup.children_in_care.tests.conftest import foster_placement

    key_worker = PractitionerFactory(role=Role.RESIDENTIAL_CARE_WORKER)
    start_care(date(2027, 11, 1), placement=foster_placement(carer_practitioner_id=key_worker.pk))
    carers = current_carers(child=world.allocated_child)
    assert [getattr(c, "family_name", None) for c in carers] == ["Holloway", key_worker.family_name]
    assert InvolvementRole.RESIDENTIAL_KEY_WORKER in set(
        world.allocated_child.involvements.values_list("role", flat=True)
    )
