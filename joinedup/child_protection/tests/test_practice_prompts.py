"""Practice prompts (M32; issue 18) at the strategy discussion and at the initial and review conferences: the
prompts that apply to the child are asked, each answer is recorded (who, when, which record, the words asked) and
shown to the local authority on the record's page (not to the agencies taking part); a required prompt left
unanswered is a 400 with the GOV.UK error summary, and nothing is saved."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.child_protection.codes import ConferenceKind
from joinedup.child_protection.models import (
    ChildProtectionPlan,
    Conference,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from joinedup.prompts.models import PracticePrompt, PromptAnswer
from joinedup.timescales.calendar import CALENDAR

from .conftest import Journey, harm
from .test_views_and_access import d, strategy_post

pytestmark = pytest.mark.django_db

ADULTIFICATION = "Has the child been seen as a child first, and their vulnerability recognised?"


def _required(moment: str, question: str = ADULTIFICATION) -> PracticePrompt:
    return PracticePrompt.objects.create(moment=moment, applies_to="all", question=question, is_required=True)


def _created() -> int:
    return AuditEvent.objects.filter(action=AuditAction.CREATED).count()


# -- the strategy discussion ----------------------------------------------------------------------------------


def test_a_strategy_discussion_with_a_required_prompt_unanswered_is_refused_and_saves_nothing(
    journey: Journey, client_for: Any, start: date
) -> None:
    prompt = _required("strategy_discussion")
    client = client_for("social_worker")
    url = reverse("child_protection:strategy_discussion_new", args=[journey.child.pk])
    page = unescape(client.get(url).content.decode())
    assert "Practice prompts" in page and ADULTIFICATION in page
    counts = (StrategyDiscussion, StrategyParticipant, Section47Enquiry, PromptAnswer)
    before = [m.objects.count() for m in counts], _created()
    response = client.post(url, strategy_post(journey, start, ["physical_abuse"], experienced="no"))
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#id_prompt_{prompt.pk}"' in html
    assert f"Answer the practice prompt: {ADULTIFICATION}" in html
    assert ([m.objects.count() for m in counts], _created()) == before


def test_a_strategy_discussions_answers_are_recorded_and_shown_to_the_local_authority_only(
    journey: Journey, client_for: Any, start: date
) -> None:
    prompt = _required("strategy_discussion")
    client = client_for("social_worker")
    answer = "Yes. He is 15; we talked about him as a child at risk, not as a young man who made choices."
    data = {**strategy_post(journey, start, ["physical_abuse"], experienced="no"), f"prompt_{prompt.pk}": answer}
    response = client.post(reverse("child_protection:strategy_discussion_new", args=[journey.child.pk]), data)
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    row = PromptAnswer.objects.get()
    assert (row.record_type, row.record_id, row.child_id, row.question_asked, row.answer) == (
        "child_protection.strategydiscussion", discussion.pk, journey.child.pk, ADULTIFICATION, answer,
    )  # fmt: skip
    assert row.answered_by == journey.actor and row.moment == "strategy_discussion"
    record = reverse("child_protection:record", args=[journey.child.pk])
    page = unescape(client.get(record).content.decode())
    assert "Practice prompts at this strategy discussion" in page and answer in page
    police = unescape(client_for("police_officer").get(record).content.decode())
    assert "Strategy discussion on" in police and answer not in police


# -- the conference, initial and review ------------------------------------------------------------------------


def _outcome_post(on: date, **extra: Any) -> dict[str, Any]:
    return {
        **d("held_on", on),
        "parents_participation": "attended",
        "child_voice_words": "Wants to be safe at home.",
        "decision": "plan",
        "harms": [str(harm("physical_abuse").pk)],
        "minutes": "Minutes.",
        "parents_minutes": "Parents' minutes.",
        **extra,
    }


def _initial(journey: Journey, start: date) -> tuple[Conference, date]:
    sd = journey.strategy(start)
    journey.enquiry_outcome(sd.enquiry, CALENDAR.add_working_days(start, 2))
    day = CALENDAR.add_working_days(start, 14)
    return journey.arrange(ConferenceKind.INITIAL, day, enquiry=sd.enquiry), day


def test_an_initial_conference_with_a_required_prompt_unanswered_is_refused_and_saves_nothing(
    journey: Journey, client_for: Any, start: date
) -> None:
    conference, day = _initial(journey, start)
    prompt = _required("conference", "Is the child's daily life at the centre of this conference?")
    client = client_for("social_worker")
    url = reverse("child_protection:conference_outcome", args=[conference.pk])
    assert "Is the child&#39;s daily life at the centre" in client.get(url).content.decode()
    before = ChildProtectionPlan.objects.count(), PromptAnswer.objects.count(), _created()
    response = client.post(url, _outcome_post(day))
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#id_prompt_{prompt.pk}"' in html
    assert (ChildProtectionPlan.objects.count(), PromptAnswer.objects.count(), _created()) == before
    conference.refresh_from_db()
    assert conference.status == "arranged" and conference.held_on is None


def test_initial_and_review_conferences_record_and_show_their_answers(
    journey: Journey, client_for: Any, start: date
) -> None:
    conference, day = _initial(journey, start)
    prompt = _required("conference", "Is the child's daily life at the centre of this conference?")
    client = client_for("social_worker")
    url = reverse("child_protection:conference_outcome", args=[conference.pk])
    first = "Yes: her diary of a school day was read out first."
    assert client.post(url, _outcome_post(day, **{f"prompt_{prompt.pk}": first})).status_code == 302
    row = PromptAnswer.objects.get()
    assert (row.record_type, row.record_id, row.child_id, row.answer) == (
        "child_protection.conference", conference.pk, journey.child.pk, first,
    )  # fmt: skip
    pack = reverse("child_protection:conference", args=[conference.pk])
    shown = unescape(client.get(pack).content.decode())
    assert "Practice prompts at this conference" in shown and first in shown
    assert first not in unescape(client_for("police_officer").get(pack).content.decode())

    plan = ChildProtectionPlan.objects.get()
    review = journey.arrange(ConferenceKind.REVIEW, CALENDAR.add_working_days(plan.started_on, 60), plan=plan)
    review_url = reverse("child_protection:conference_outcome", args=[review.pk])
    on = CALENDAR.add_working_days(plan.started_on, 60)
    assert client.post(review_url, _outcome_post(on)).status_code == 400
    second = "Yes, and in her own words this time."
    assert client.post(review_url, _outcome_post(on, **{f"prompt_{prompt.pk}": second})).status_code == 302
    assert PromptAnswer.objects.get(record_id=review.pk, record_type="child_protection.conference").answer == second
    shown = unescape(client.get(reverse("child_protection:conference", args=[review.pk])).content.decode())
    assert second in shown and first not in shown
