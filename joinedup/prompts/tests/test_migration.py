"""The practice prompt model moved from the assessments app to this one (ADR 0024) without losing a prompt or an
answer: rows written before the move, in the old table by the old model, are all there after it, still linked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from joinedup.assessments.factories import SingleAssessmentFactory
from joinedup.core.factories import UserFactory
from joinedup.family_help.factories import FamilyPlanFactory
from joinedup.prompts.seed import DEFAULT_PROMPTS

BEFORE = [
    ("assessments", "0005_carers_named_with_their_views"),
    ("family_help", "0002_case_episode_in_episodes_app"),
    ("prompts", None),
]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] in {"assessments", "family_help", "prompts"}]


@pytest.mark.django_db(transaction=True)
def test_moving_the_prompts_keeps_every_prompt_and_answer(every_app_migrated_afterwards: None) -> None:
    # the rows the move must keep, made now (the factories know the latest models), then put back before the move
    assessment = SingleAssessmentFactory()
    plan = FamilyPlanFactory()
    user = UserFactory()
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE[:2]).apps
    OldPrompt = old.get_model("assessments", "PracticePrompt")
    kept = OldPrompt.objects.create(moment="assessment", applies_to="babies", question="Was the baby seen today?")
    held = set(OldPrompt.objects.values_list("pk", flat=True))
    old.get_model("assessments", "AssessmentPromptAnswer").objects.create(
        assessment_id=assessment.pk, prompt=kept, question_asked=kept.question, answer="Yes, asleep.",
        answered_by_id=user.pk,
    )  # fmt: skip
    old.get_model("family_help", "FamilyPlanPromptAnswer").objects.create(
        plan_id=plan.pk, prompt=kept, question_asked="Was the baby seen?", answer="By the health visitor.",
        answered_by_id=user.pk,
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    new = MigrationExecutor(connection).loader.project_state(latest).apps
    NewPrompt = new.get_model("prompts", "PracticePrompt")
    assert NewPrompt._meta.db_table == "prompts_practiceprompt"
    moved = NewPrompt.objects.get(pk=kept.pk)
    assert (moved.moment, moved.applies_to, moved.question, moved.is_required) == (
        "assessment", "babies", "Was the baby seen today?", True,
    )  # fmt: skip
    # every prompt held before is still there; the defaults at the new moments, which the old table could not hold
    # (going back removed them), are there again, once each
    assert held <= set(NewPrompt.objects.values_list("pk", flat=True))
    for moment, _, question, _ in DEFAULT_PROMPTS:
        assert NewPrompt.objects.filter(moment=moment, question=question).count() == 1
    answer = new.get_model("assessments", "AssessmentPromptAnswer").objects.get(assessment_id=assessment.pk)
    assert answer.prompt_id == kept.pk and answer.answer == "Yes, asleep."
    plan_answer = new.get_model("family_help", "FamilyPlanPromptAnswer").objects.get(plan_id=plan.pk)
    assert plan_answer.prompt.question == "Was the baby seen today?" and plan_answer.answer == "By the health visitor."
    assert NewPrompt.objects.filter(moment="visit").exists()
