"""The child's voice on the child protection plan (M26; issue 18): the conference that starts (or reviews) the plan
records the child's wishes and feelings in their own words, or why they could not be obtained, through the shared
fields; the plan's part of the record shows them, the case summary gives the words, and the views recorded before
(the conference's old ``child_views``) are carried across as the child's words."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.timescales.calendar import CALENDAR

from ..codes import ConferenceKind, ConferenceStatus
from ..factories import ConferenceFactory
from ..models import ChildProtectionPlan, Conference, CoreGroupMember
from .conftest import Journey, harm
from .test_views_and_access import d

pytestmark = pytest.mark.django_db

WORDS = "I want Mum and Dad to stop fighting. I feel safe at Nan's."


def counts() -> tuple[int, int, int, int]:
    return (
        ChildProtectionPlan.objects.count(),
        Conference.objects.filter(status=ConferenceStatus.HELD).count(),
        CoreGroupMember.objects.count(),
        AuditEvent.objects.count(),
    )


def initial_conference(journey: Journey, start: date) -> Conference:
    sd = journey.strategy(start)
    journey.enquiry_outcome(sd.enquiry, CALENDAR.add_working_days(start, 2))
    return journey.arrange(ConferenceKind.INITIAL, CALENDAR.add_working_days(start, 14), enquiry=sd.enquiry)


def outcome_post(conference: Conference, **voice: str) -> dict[str, Any]:
    return {
        **d("held_on", conference.planned_for),
        "parents_participation": "attended",
        "decision": "plan",
        "harms": [str(harm("physical_abuse").pk)],
        "minutes": "Minutes.",
        "parents_minutes": "Parents' minutes.",
        **voice,
    }


def record_page(client: Any, journey: Journey) -> str:
    return unescape(client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode())


def plan_section(page: str) -> str:
    """The record page's part for the plan: from its heading to the next heading of the same level."""
    start = page.index("Child protection plan from")
    return page[start : page.index('<h2 class="govuk-heading-m"', start)]


def test_a_conference_outcome_without_words_or_a_reason_is_refused_and_starts_no_plan(
    journey: Journey, client_for: Any, start: date
) -> None:
    conference = initial_conference(journey, start)
    before = counts()
    response = client_for("social_worker").post(
        reverse("child_protection:conference_outcome", args=[conference.pk]), outcome_post(conference)
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "govuk-error-summary" in html and 'href="#id_child_voice_words"' in html
    assert "Enter the child's wishes and feelings in their own words, or select why they could not be obtained" in html
    assert counts() == before
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.ARRANGED and conference.child_voice_words == ""


def test_the_words_are_carried_by_the_plan_and_shown_on_its_page_and_the_case_summary(
    journey: Journey, client_for: Any, start: date
) -> None:
    conference = initial_conference(journey, start)
    client = client_for("social_worker")
    response = client.post(
        reverse("child_protection:conference_outcome", args=[conference.pk]),
        outcome_post(conference, child_voice_words=WORDS),
    )
    assert response.status_code == 302
    plan = ChildProtectionPlan.objects.get()
    assert plan.starting_conference.child_voice_words == WORDS
    section = plan_section(record_page(client, journey))
    assert f"In their own words: {WORDS}" in section
    assert "At the initial child protection conference" in section
    conference_page = unescape(
        client.get(reverse("child_protection:conference", args=[conference.pk])).content.decode()
    )
    assert f"In their own words: {WORDS}" in conference_page
    summary = unescape(client.get(f"/children/{journey.child.pk}/case-summary/").content.decode())
    assert WORDS in summary and "Initial child protection conference" in summary


def test_a_reason_is_shown_on_the_plan_as_the_reason_and_gives_the_summary_no_words(
    journey: Journey, client_for: Any, start: date
) -> None:
    conference = initial_conference(journey, start)
    client = client_for("social_worker")
    response = client.post(
        reverse("child_protection:conference_outcome", args=[conference.pk]),
        outcome_post(
            conference,
            child_voice_not_obtained="too_young",
            child_voice_not_obtained_detail="Eleven months old: observed with Nan, settled and reaching for her.",
        ),
    )
    assert response.status_code == 302
    section = plan_section(record_page(client, journey))
    assert "Not obtained: Too young to share their wishes and feelings" in section
    assert "observed with Nan, settled and reaching for her" in section
    summary = unescape(client.get(f"/children/{journey.child.pk}/case-summary/").content.decode())
    assert "observed with Nan" not in summary


def test_a_review_conference_gives_the_plan_the_childs_latest_words(
    journey: Journey, client_for: Any, start: date
) -> None:
    plan = journey.to_plan(start)  # the initial conference: "Wants to stay at home but not be hurt."
    review = journey.arrange(ConferenceKind.REVIEW, CALENDAR.add_working_days(plan.started_on, 60), plan=plan)
    client = client_for("social_worker")
    response = client.post(
        reverse("child_protection:conference_outcome", args=[review.pk]),
        outcome_post(review, child_voice_words="Things are better. Dad comes on Saturdays now."),
    )
    assert response.status_code == 302
    section = plan_section(record_page(client, journey))
    assert "In their own words: Things are better. Dad comes on Saturdays now." in section
    assert "At the review child protection conference" in section
    assert "Wants to stay at home but not be hurt." not in section


BEFORE = [("child_protection", "0009_child_voice_at_strategy_discussion_and_section_47_outcome")]
AFTER = [("child_protection", "0010_child_voice_at_conference_carries_child_views")]


def test_the_migration_carries_the_views_recorded_before_across_as_the_childs_words(
    transactional_db: Any, every_app_migrated_afterwards: None, journey: Journey
) -> None:
    said = ConferenceFactory(child=journey.child)
    unsaid = ConferenceFactory(child=journey.child)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # the conference as it stood, with its child_views
    old = executor.loader.project_state(BEFORE).apps.get_model("child_protection", "Conference")
    old.objects.filter(pk=said.pk).update(child_views="I don't like it when Dad shouts.")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    said.refresh_from_db()
    unsaid.refresh_from_db()
    assert said.child_voice_words == "I don't like it when Dad shouts."
    assert unsaid.child_voice_words == "" and unsaid.child_voice_not_obtained == ""
