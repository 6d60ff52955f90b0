"""Practice prompts (M32; issue 18) at the return home interview: the prompts that apply to the child are asked, each
answer is recorded (who, when, which interview, the words asked) and shown on the care history; a required prompt
left unanswered is a 400 with the GOV.UK error summary, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.children_in_care import services
from joinedup.children_in_care.models import MissingEpisode, PeriodOfCare, ReturnHomeInterview
from joinedup.core.tests.personas import World
from joinedup.prompts.models import PracticePrompt, PromptAnswer
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db

EXPLOITATION = "Are there signs of exploitation: new belongings, money, phones, older friends?"


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 11, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def returned(world: World, today: date, start_care: Callable[..., PeriodOfCare]) -> MissingEpisode:
    start_care(date(2027, 11, 1))
    actor, child = world.user("social_worker"), world.allocated_child  # Ellie, 11
    episode = services.missing_episode_start(actor=actor, child=child, kind="M", started_at=at(20, 22))
    return services.missing_episode_end(actor=actor, episode=episode, ended_at=at(21, 9))


@pytest.fixture
def prompt(db: Any) -> PracticePrompt:
    return PracticePrompt.objects.create(
        moment="return_home_interview", applies_to="older_children", question=EXPLOITATION, is_required=True
    )


def _post(**more: str) -> dict[str, str]:
    return {"offered_on_0": "22", "offered_on_1": "11", "offered_on_2": "2027", "offered_time": "15:00",
            "accepted": "yes", "held_on_0": "23", "held_on_1": "11", "held_on_2": "2027",
            "carried_out_by": "Independent advocate", "outcome": "Stayed at a friend's flat.", **more}  # fmt: skip


def test_a_required_prompt_unanswered_is_refused_and_saves_nothing(
    world: World, client_for: Any, returned: MissingEpisode, prompt: PracticePrompt
) -> None:
    child = world.allocated_child
    client = client_for("social_worker")
    url = reverse("children_in_care:return_home_interview_record", args=[child.pk, returned.pk])
    page = unescape(client.get(url).content.decode())
    assert "Practice prompts" in page and EXPLOITATION in page
    created = AuditEvent.objects.filter(action=AuditAction.CREATED).count
    before = ReturnHomeInterview.objects.count(), PromptAnswer.objects.count(), created()
    response = client.post(url, _post())
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#id_prompt_{prompt.pk}"' in html
    assert (ReturnHomeInterview.objects.count(), PromptAnswer.objects.count(), created()) == before
    assert Deadline.objects.get(rule_code="return_home_interview").met_on is None


def test_the_answer_is_recorded_and_shown_on_the_care_history(
    world: World, client_for: Any, returned: MissingEpisode, prompt: PracticePrompt
) -> None:
    child = world.allocated_child
    client = client_for("social_worker")
    url = reverse("children_in_care:return_home_interview_record", args=[child.pk, returned.pk])
    answer = "A new phone she would not explain; an older boy collected her. Shared with the exploitation lead."
    assert client.post(url, _post(**{f"prompt_{prompt.pk}": answer})).status_code == 302
    interview = ReturnHomeInterview.objects.get()
    row = PromptAnswer.objects.get()
    assert (row.record_type, row.record_id, row.child_id, row.question_asked, row.answer, row.moment) == (
        "children_in_care.returnhomeinterview", interview.pk, child.pk, EXPLOITATION, answer,
        "return_home_interview",
    )  # fmt: skip
    assert row.answered_by == world.user("social_worker")
    history = unescape(client.get(reverse("children_in_care:care_history", args=[child.pk])).content.decode())
    assert "Practice prompts at the return home interview" in history and answer in history
