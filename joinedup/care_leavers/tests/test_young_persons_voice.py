"""The young person's voice on the pathway plan (M26; issue 18): their wishes and feelings in their own words, or
why they could not be obtained, required; shown on the leaving care page; the words reach the case summary. The
views recorded before, optional free text, are carried across as their words."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from joinedup.audit.models import AuditEvent
from joinedup.care_leavers.factories import PathwayPlanFactory
from joinedup.care_leavers.models import PathwayPlan
from joinedup.core.tests.personas import World
from joinedup.timescales.models import Deadline

from .test_services import young_person

__all__ = ["young_person"]

pytestmark = pytest.mark.django_db

WORDS = "I want my own flat near college, not too far from my sister."


def counts() -> tuple[int, int, int]:
    return (
        PathwayPlan.objects.count(),
        Deadline.objects.filter(rule_code="pathway_plan_review").count(),
        AuditEvent.objects.filter(action="created").count(),
    )


def plan_post(**voice: str) -> dict[str, str]:
    return {
        "agreed_on_0": "20",
        "agreed_on_1": "4",
        "agreed_on_2": "2026",
        "summary": "Semi-independent flat; college in September; personal adviser monthly.",
        **voice,
    }


def pages(client: Any, child: Any) -> tuple[str, str]:
    leaving = unescape(client.get(f"/children/{child.pk}/leaving-care/").content.decode())
    summary = unescape(client.get(f"/children/{child.pk}/case-summary/").content.decode())
    return leaving, summary


def test_neither_words_nor_a_reason_is_refused_with_the_error_summary_and_nothing_is_saved(
    world: World, young_person: Any, client_for: Any
) -> None:
    before = counts()
    response = client_for("social_worker").post(f"/children/{young_person.pk}/leaving-care/pathway-plan/", plan_post())
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "govuk-error-summary" in html and 'href="#id_child_voice_words"' in html
    assert "The young person's wishes and feelings, in their own words" in html
    assert counts() == before


def test_the_words_show_on_the_leaving_care_page_and_the_case_summary(
    world: World, young_person: Any, client_for: Any
) -> None:
    client = client_for("social_worker")
    url = f"/children/{young_person.pk}/leaving-care/pathway-plan/"
    assert client.post(url, plan_post(child_voice_words=WORDS)).status_code == 302
    leaving, summary = pages(client, young_person)
    assert f"In their own words: {WORDS}" in leaving
    assert WORDS in summary and "Pathway plan" in summary


def test_a_reason_is_shown_as_the_reason(world: World, young_person: Any, client_for: Any) -> None:
    client = client_for("social_worker")
    data = plan_post(
        child_voice_not_obtained="declined",
        child_voice_not_obtained_detail="Did not want to talk about it today; their personal adviser will ask again.",
    )
    assert client.post(f"/children/{young_person.pk}/leaving-care/pathway-plan/", data).status_code == 302
    leaving, summary = pages(client, young_person)
    assert "Not obtained: Declined to share them" in leaving and "personal adviser will ask again" in leaving
    assert "personal adviser will ask again" not in summary


BEFORE = [("care_leavers", "0001_care_leavers_pathway_plans_circumstances_staying_put")]
AFTER = [("care_leavers", "0002_young_persons_voice_on_pathway_plan")]


def test_the_migration_carries_the_views_recorded_before_across_as_their_words(
    transactional_db: Any, every_app_migrated_afterwards: None
) -> None:
    plan = PathwayPlanFactory(child_voice_words="")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("care_leavers", "PathwayPlan")
    old.objects.filter(pk=plan.pk).update(young_person_views="College, then an apprenticeship.")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    plan.refresh_from_db()
    assert plan.child_voice_words == "College, then an apprenticeship."
