"""The adoption and deprivation of liberty page and its forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.children_in_care import services
from joinedup.children_in_care.models import AdopterMatch, AdoptionDecision, DeprivationOfLibertyOrder, PeriodOfCare
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db

StartCare = Callable[..., PeriodOfCare]
# Session, user, OTP device, the practitioner (their teams only if they manage one), the scoped child (its checks
# answered from the request's cache), the audit event, then periods, decisions (with their matches), placements for
# adoption and orders: the same for any history.
# 20 before issue 16: reaching the child through access_child records the answer, so sees_child asks no second time.
PAGE_QUERIES = 19


def url(child: Any, suffix: str = "") -> str:
    return f"/children/{child.pk}/care/adoption/{suffix}"


def date_post(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_given_a_looked_after_child_when_the_care_history_is_shown_then_it_links_to_the_adoption_page(
    world: World, client_for: Any, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    page = client_for("social_worker").get(f"/children/{world.allocated_child.pk}/care/").content.decode()
    assert url(world.allocated_child) in page


def test_given_a_social_worker_when_they_record_the_decision_and_the_match_then_the_page_shows_them(
    world: World, client_for: Any, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    client, child = client_for("social_worker"), world.allocated_child
    assert client.get(url(child, "decision/")).status_code == 200
    response = client.post(url(child, "decision/"), date_post("decided_on", date(2027, 5, 10)))
    assert response.status_code == 302 and response["Location"] == url(child)
    decision = AdoptionDecision.objects.get()
    response = client.post(
        url(child, f"decision/{decision.pk}/match/"),
        {
            **date_post("matched_on", date(2027, 11, 1)),
            "adopters_are_foster_carers": "yes",
            "number_of_adopters": "2",
            "adopters_sex": "FF",
            "adopters_legal_status": "L12",
        },
    )
    assert response.status_code == 302
    assert AdopterMatch.objects.get().adopters_are_foster_carers is True
    page = client.get(url(child)).content.decode()
    assert "10 May 2027" in page and "1 November 2027" in page and "FF: Female couple" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, child_id=child.pk, reason="Adoption and deprivation of liberty"
    ).exists()


def test_given_a_match_before_the_decision_when_it_is_posted_then_the_form_shows_the_error_and_nothing_is_saved(
    world: World, client_for: Any, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decision = services.adoption_decision_record(
        actor=world.user("social_worker"), child=world.allocated_child, decided_on=date(2027, 5, 10)
    )
    response = client_for("social_worker").post(
        url(world.allocated_child, f"decision/{decision.pk}/match/"),
        {
            **date_post("matched_on", date(2027, 5, 1)),
            "adopters_are_foster_carers": "no",
            "number_of_adopters": "1",
            "adopters_sex": "MF",
            "adopters_legal_status": "L0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "One adopter: select single male or single female" in page
    assert not AdopterMatch.objects.exists()


def test_given_a_decision_when_it_is_reversed_and_a_dolo_recorded_through_the_forms_then_the_page_shows_both(
    world: World, client_for: Any, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    client, child = client_for("social_worker"), world.allocated_child
    decision = services.adoption_decision_record(
        actor=world.user("social_worker"), child=child, decided_on=date(2027, 5, 10)
    )
    response = client.post(
        url(child, f"decision/{decision.pk}/reverse/"), {**date_post("ceased_on", date(2027, 8, 2)), "reason": "RD1"}
    )
    assert response.status_code == 302
    response = client.post(url(child, "deprivation-of-liberty/"), date_post("started_on", date(2027, 9, 1)))
    assert response.status_code == 302
    order = DeprivationOfLibertyOrder.objects.get()
    response = client.post(
        url(child, f"deprivation-of-liberty/{order.pk}/end/"), date_post("ended_on", date(2027, 8, 1))
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    page = client.get(url(child)).content.decode()
    assert "2 August 2027: The child" in page and "needs changed" in page  # the reason's meaning, not RD1
    assert "1 September 2027" in page and "In force" in page
    # The start was wrong: the correction page shows the dates as recorded and takes both.
    assert f'href="{url(child, f"deprivation-of-liberty/{order.pk}/correct/")}"' in page
    form = client.get(url(child, f"deprivation-of-liberty/{order.pk}/correct/")).content.decode()
    recorded = [re.search(rf'name="started_on_{n}" type="text" value="([0-9]+)"', form) for n in range(3)]
    assert [m.group(1) if m else None for m in recorded] == ["1", "9", "2027"]  # 1 September 2027, as recorded
    bad = client.post(
        url(child, f"deprivation-of-liberty/{order.pk}/correct/"),
        {**date_post("started_on", date(2027, 9, 1)), **date_post("ended_on", date(2027, 8, 1))},
    )
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    done = client.post(
        url(child, f"deprivation-of-liberty/{order.pk}/correct/"),
        {**date_post("started_on", date(2027, 8, 25)), **date_post("ended_on", date(2027, 11, 1))},
    )
    assert done.status_code == 302
    order.refresh_from_db()
    assert (order.started_on, order.ended_on) == (date(2027, 8, 25), date(2027, 11, 1))


def test_given_a_school_dsl_when_they_open_the_adoption_pages_then_page_not_found(
    world: World, client_for: Any, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 1, 4))
    decision = services.adoption_decision_record(
        actor=world.user("social_worker"), child=world.allocated_child, decided_on=date(2027, 5, 10)
    )
    order = services.deprivation_of_liberty_order_record(
        actor=world.user("social_worker"), child=world.allocated_child, started_on=date(2027, 6, 1)
    )
    client, child = client_for("school_dsl"), world.allocated_child
    for suffix in (
        "",
        "decision/",
        f"decision/{decision.pk}/match/",
        f"decision/{decision.pk}/reverse/",
        "deprivation-of-liberty/",
        f"deprivation-of-liberty/{order.pk}/correct/",
    ):
        assert client.get(url(child, suffix)).status_code == 404, suffix
    assert client.post(url(child, "decision/"), date_post("decided_on", date(2027, 6, 1))).status_code == 404
    assert AdoptionDecision.objects.count() == 1


def test_given_longer_histories_when_the_adoption_page_is_shown_then_the_query_count_is_fixed(
    world: World, client_for: Any, today: date, start_care: StartCare, django_assert_num_queries: Any
) -> None:
    start_care(date(2026, 1, 5))
    actor, child = world.user("social_worker"), world.allocated_child
    client = client_for("social_worker")
    client.get(url(child))  # session warm-up
    with CaptureQueriesContext(connection) as before:
        client.get(url(child))
    decision = services.adoption_decision_record(actor=actor, child=child, decided_on=date(2026, 3, 2))
    services.adoption_decision_reverse(actor=actor, decision=decision, ceased_on=date(2026, 5, 1), reason="RD4")
    decision = services.adoption_decision_record(actor=actor, child=child, decided_on=date(2026, 6, 1))
    services.adopter_match_record(
        actor=actor,
        decision=decision,
        matched_on=date(2026, 12, 1),
        adopters_are_foster_carers=False,
        number_of_adopters=1,
        adopters_sex="F1",
        adopters_legal_status="L0",
    )
    for start, end in ((date(2026, 2, 1), date(2026, 3, 1)), (date(2026, 4, 1), None)):
        services.deprivation_of_liberty_order_record(actor=actor, child=child, started_on=start, ended_on=end)
    assert len(before) == PAGE_QUERIES
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url(child)).status_code == 200
