"""The synthetic authority's practice prompts (M32; issue 18): the defaults are there, and every moment's records
carry plausible answers, each to a prompt asked of that child, by the person who recorded it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from joinedup.people.models import Person
from joinedup.prompts.models import PracticePrompt, PromptAnswer
from joinedup.prompts.seed import DEFAULT_PROMPTS
from joinedup.prompts.targeting import groups_for_child
from joinedup.synthetic.generator import generate

AS_OF = date(2026, 11, 20)


@pytest.mark.django_db(transaction=True)
def test_the_generator_loads_the_defaults_and_answers_the_prompts_at_every_moment() -> None:
    call_command("flush", "--no-input", verbosity=0)  # as a browser journey leaves it: no prompts at all
    assert not PracticePrompt.objects.exists()
    generate(seed=5, children=300, as_of=AS_OF)
    assert PracticePrompt.objects.filter(moment__in={m for m, *_ in DEFAULT_PROMPTS}).count() == len(DEFAULT_PROMPTS)
    moments = set(PromptAnswer.objects.values_list("moment", flat=True))
    assert {"contact_decision", "strategy_discussion", "conference", "visit", "return_home_interview"} <= moments
    answers = list(PromptAnswer.objects.select_related("prompt", "child__child_profile")[:400])
    assert answers
    for a in answers:
        assert a.answer and a.answered_by_id and a.question_asked == a.prompt.question and a.prompt.moment == a.moment
        if a.child is not None and a.prompt.applies_to in {"all", "disabled_children", "lgbtqia_parent"}:
            assert a.prompt.applies_to in groups_for_child(a.child, AS_OF)
    # the adultification prompt reaches a Black or mixed-heritage child aged 10 or over where there is one
    older = PromptAnswer.objects.filter(prompt__applies_to="black_mixed_heritage_older").values_list("child", flat=True)
    assert all(Person.objects.get(pk=pk).ethnicity in {"BCRB", "BAFR", "BOTH", "MWBC", "MWBA", "MWAS", "MOTH"}
               for pk in older)  # fmt: skip
