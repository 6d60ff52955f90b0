"""The child's voice on the care plan and at the looked-after review (M26; issue 18): the child's wishes and feelings
in their own words, or why they could not be obtained, required on each; shown on the care history; the words reach
the case summary. What was recorded before, optional free text, is carried across as the child's words."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from joinedup.audit.models import AuditEvent
from joinedup.children_in_care.factories import CarePlanFactory, LookedAfterReviewFactory
from joinedup.children_in_care.models import CarePlan, LookedAfterReview, ReviewDecision
from joinedup.core.tests.personas import World
from joinedup.timescales.models import Deadline

WORDS = "I want to stay with Margaret and keep going to Brookside."


def counts() -> tuple[int, int, int, int, int]:
    return (
        CarePlan.objects.count(),
        LookedAfterReview.objects.count(),
        ReviewDecision.objects.count(),
        Deadline.objects.filter(met_on__isnull=False).count(),
        AuditEvent.objects.filter(action="created").count(),
    )


@pytest.fixture
def looked_after(world: World, today: date, start_care: Any) -> Any:
    start_care(date(2027, 11, 1), care_plan_due_on=date(2027, 11, 15))
    return world.allocated_child


def care_plan_post(**voice: str) -> dict[str, str]:
    return {
        "agreed_on_0": "10",
        "agreed_on_1": "11",
        "agreed_on_2": "2027",
        "arrangements": "Stay with Margaret; Brookside school; contact with mum weekly.",
        **voice,
    }


def review_post(world: World, **voice: str) -> dict[str, str]:
    return {
        "held_on_0": "20",
        "held_on_1": "11",
        "held_on_2": "2027",
        "chair": str(world.iro.pk),
        "participation": "PN1",
        "decisions": "Weekly contact with mum",
        **voice,
    }


def page(client: Any, url: str) -> str:
    return unescape(client.get(url).content.decode())


@pytest.mark.parametrize("form", ["care-plan", "review"])
def test_neither_words_nor_a_reason_is_refused_with_the_error_summary_and_nothing_is_saved(
    world: World, looked_after: Any, client_for: Any, form: str
) -> None:
    client = client_for("iro" if form == "review" else "social_worker")
    before = counts()
    data = review_post(world) if form == "review" else care_plan_post()
    response = client.post(f"/children/{looked_after.pk}/care/{form}/", data)
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "govuk-error-summary" in html and 'href="#id_child_voice_words"' in html
    assert "Enter the child's wishes and feelings in their own words, or select why they could not be obtained" in html
    assert counts() == before


def test_the_care_plans_words_show_on_the_care_history_and_the_case_summary(
    world: World, looked_after: Any, client_for: Any
) -> None:
    client = client_for("social_worker")
    response = client.post(f"/children/{looked_after.pk}/care/care-plan/", care_plan_post(child_voice_words=WORDS))
    assert response.status_code == 302
    assert CarePlan.objects.get().child_voice_words == WORDS
    history = page(client, f"/children/{looked_after.pk}/care/")
    assert f"In their own words: {WORDS}" in history
    summary = page(client, f"/children/{looked_after.pk}/case-summary/")
    assert WORDS in summary and "Care plan" in summary


def test_a_reviews_words_show_on_the_care_history_and_the_case_summary(
    world: World, looked_after: Any, client_for: Any
) -> None:
    client = client_for("iro")
    response = client.post(f"/children/{looked_after.pk}/care/review/", review_post(world, child_voice_words=WORDS))
    assert response.status_code == 302
    history = page(client_for("social_worker"), f"/children/{looked_after.pk}/care/")
    assert "The child's wishes and feelings at review 1, 20 November 2027" in history
    assert f"In their own words: {WORDS}" in history
    summary = page(client_for("social_worker"), f"/children/{looked_after.pk}/case-summary/")
    assert WORDS in summary and "Looked-after review" in summary


@pytest.mark.parametrize("form", ["care-plan", "review"])
def test_a_reason_is_shown_as_the_reason(world: World, looked_after: Any, client_for: Any, form: str) -> None:
    client = client_for("iro" if form == "review" else "social_worker")
    reason = {
        "child_voice_not_obtained": "cannot_communicate",
        "child_voice_not_obtained_detail": "Uses Makaton; the speech and language therapist joins the next visit.",
    }
    data = review_post(world, **reason) if form == "review" else care_plan_post(**reason)
    assert client.post(f"/children/{looked_after.pk}/care/{form}/", data).status_code == 302
    history = page(client_for("social_worker"), f"/children/{looked_after.pk}/care/")
    assert "Not obtained: Not able to communicate them, even with support" in history
    assert "Uses Makaton" in history
    assert "Uses Makaton" not in page(client, f"/children/{looked_after.pk}/case-summary/")


def test_a_care_plan_agreed_before_the_placement_asks_the_childs_voice_too(
    world: World, today: date, client_for: Any
) -> None:
    child = world.allocated_child
    data = {
        "started_on_0": "1",
        "started_on_1": "11",
        "started_on_2": "2027",
        "legal_status": "C2",
        "category_of_need": "N1",
        "is_unaccompanied_asylum_seeking": "no",
        "is_emergency": "no",
        "placement_type": "U6",
        "provider": "PR1",
        "carer_given_name": "Margaret",
        "carer_family_name": "Holloway",
        "postcode": "LS6 2AB",
        "is_in_authority": "yes",
        "care_plan_agreed_on_0": "1",
        "care_plan_agreed_on_1": "11",
        "care_plan_agreed_on_2": "2027",
        "care_plan_arrangements": "Planned admission to Margaret's.",
        "independent_reviewing_officer": str(world.iro.pk),
    }
    client = client_for("social_worker")
    response = client.post(f"/children/{child.pk}/care/start/", data)
    assert response.status_code == 400
    assert 'href="#id_child_voice_words"' in response.content.decode()
    assert not CarePlan.objects.exists()
    response = client.post(f"/children/{child.pk}/care/start/", {**data, "child_voice_words": WORDS})
    assert response.status_code == 302
    assert CarePlan.objects.get().child_voice_words == WORDS


BEFORE = [("children_in_care", "0004_statutory_visits_linked_to_the_one_visit")]
AFTER = [("children_in_care", "0005_child_voice_on_care_plan_and_looked_after_review")]


def test_the_migration_carries_what_was_recorded_before_across_as_the_childs_words(
    transactional_db: Any, every_app_migrated_afterwards: None, world: World
) -> None:
    plan = CarePlanFactory(child_voice_words="")
    review = LookedAfterReviewFactory(child_voice_words="")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    state = executor.loader.project_state(BEFORE).apps
    state.get_model("children_in_care", "CarePlan").objects.filter(pk=plan.pk).update(
        child_wishes_and_feelings="I want to see my nan."
    )
    state.get_model("children_in_care", "LookedAfterReview").objects.filter(pk=review.pk).update(
        child_views="I like my bedroom."
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    plan.refresh_from_db()
    review.refresh_from_db()
    assert plan.child_voice_words == "I want to see my nan."
    assert review.child_voice_words == "I like my bedroom."
