"""Practice prompts (M32; issue 18) at the visit: the prompts that apply to any child present are asked once; each
answer is kept for each child it applies to (who, when, which visit, the words asked) and shown on that child's
visit, not their sisters'; a required prompt unanswered is a 400 with the GOV.UK error summary, and nothing is
saved."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.child_protection.models import ChildProtectionPlan
from joinedup.core.tests.personas import World
from joinedup.people.models import Person
from joinedup.prompts.models import PracticePrompt, PromptAnswer

from .test_one_visit import _answers, _post, counts, three_sisters_on_plans

pytestmark = pytest.mark.django_db

ADULTIFICATION = "Has the child been seen as a child first, and their vulnerability recognised?"


@pytest.fixture
def sisters(world: World) -> list[tuple[Person, ChildProtectionPlan]]:
    found = three_sisters_on_plans(world)
    amira = found[1][0]
    amira.ethnicity, amira.date_of_birth = "MWBC", date(2012, 5, 1)  # mixed heritage, 14
    amira.save()
    return found


@pytest.fixture
def prompt(db: Any) -> PracticePrompt:
    return PracticePrompt.objects.create(
        moment="visit", applies_to="black_mixed_heritage_older", question=ADULTIFICATION, is_required=True
    )


def _visit(world: World, children: list[Person]) -> dict[str, Any]:
    data = _post(world, children, timezone.localdate())
    for child in children:
        data |= _answers(child, seen="yes", seen_alone="yes", childs_words=f"{child.given_name}'s words")
    return data


def test_a_required_prompt_for_a_child_present_unanswered_is_refused_and_saves_nothing(
    world: World, client_for: Any, sisters: list[tuple[Person, ChildProtectionPlan]], prompt: PracticePrompt
) -> None:
    (nour, _), (amira, _), _ = sisters
    client = client_for("social_worker")
    url = reverse("visits:visit_new", args=[nour.pk])
    page = unescape(client.get(url).content.decode())
    assert "Practice prompts" in page and ADULTIFICATION in page  # Amira may be in the visit
    before = counts(), PromptAnswer.objects.count()
    response = client.post(url, _visit(world, [nour, amira]))
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#id_prompt_{prompt.pk}"' in html
    assert (counts(), PromptAnswer.objects.count()) == before


def test_the_answer_is_kept_for_the_child_it_applies_to_and_shown_on_her_visit_only(
    world: World, client_for: Any, sisters: list[tuple[Person, ChildProtectionPlan]], prompt: PracticePrompt
) -> None:
    (nour, _), (amira, _), _ = sisters
    client = client_for("social_worker")
    answer = "Yes: we talked about her worries as a 14-year-old's, not as an adult's choices."
    data = _visit(world, [nour, amira]) | {f"prompt_{prompt.pk}": answer}
    response = client.post(reverse("visits:visit_new", args=[nour.pk]), data)
    assert response.status_code == 302, re.findall(r'<a href="#[^"]*">([^<]*)</a>', response.content.decode())
    row = PromptAnswer.objects.get()
    assert (row.record_type, row.child_id, row.question_asked, row.answer, row.moment) == (
        "visits.visit", amira.pk, ADULTIFICATION, answer, "visit",
    )  # fmt: skip
    assert row.answered_by == world.user("social_worker")
    amiras = unescape(client.get(reverse("visits:visit", args=[amira.pk, row.record_id])).content.decode())
    assert "Practice prompts at this visit" in amiras and answer in amiras
    nours = unescape(client.get(reverse("visits:visit", args=[nour.pk, row.record_id])).content.decode())
    assert answer not in nours and "Practice prompts at this visit" not in nours


def test_a_visit_to_a_child_the_prompt_is_not_for_does_not_ask_it(
    world: World, client_for: Any, sisters: list[tuple[Person, ChildProtectionPlan]], prompt: PracticePrompt
) -> None:
    (nour, _), _, _ = sisters
    client = client_for("social_worker")
    assert client.post(reverse("visits:visit_new", args=[nour.pk]), _visit(world, [nour])).status_code == 302
    assert not PromptAnswer.objects.exists()
    # an answer to a prompt for a sister not in the visit is pointed out, not kept silently
    data = _visit(world, [nour]) | {f"prompt_{prompt.pk}": "Answered for the wrong child"}
    response = client.post(reverse("visits:visit_new", args=[nour.pk]), data)
    assert response.status_code == 400 and f'href="#id_prompt_{prompt.pk}"' in response.content.decode()
