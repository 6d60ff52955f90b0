"""The family plan: goals in the family's words, actions with an owner and a date, each child's own wishes and
feelings (or why they could not be obtained), the practice prompts answered; agreeing one replaces the plan in force
and starts the review clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.core.voice import ChildVoice, voices_check
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_children
from joinedup.timescales import services as timescales

from ..codes import ActionStatus
from ..errors import FamilyHelpError
from ..models import (
    FamilyHelpCase,
    FamilyPlan,
    FamilyPlanChildVoice,
    FamilyPlanPromptAnswer,
    PlanAction,
    PlanGoal,
)
from ._common import FAMILY_HELP_REVIEW, case_child_ids, locked_open_case, not_future, require, review_clock


@dataclass
class ActionInput:
    action: str
    owner: str
    due_on: date | None


@dataclass
class GoalInput:
    goal: str
    actions: list[ActionInput] = field(default_factory=list)


def family_plan_agree(
    *,
    actor: Any,
    case: FamilyHelpCase,
    agreed_on: date,
    family_words: str,
    child_voices: Mapping[int, ChildVoice],
    goals: list[GoalInput],
    prompt_answers: dict[int, str],
) -> FamilyPlan:
    """Agree the family plan: at least one goal in the family's words, each action with an owner and a date, each
    child the plan covers heard on their own (M26: `child_voices` by child, their words or why not; a brother's or
    sister's words are never another child's), the practice prompts answered. It replaces the plan in force; the
    first review is due by the local interval."""
    require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    errors = FieldErrors()
    not_future(errors, "agreed_on", agreed_on, "date the plan was agreed")
    if agreed_on < case.opened_on:
        errors.add("agreed_on", "The plan cannot be agreed before Family Help started", FamilyHelpError.DATE_INVALID)
    real_goals = [g for g in goals if g.goal.strip() or any(a.action.strip() for a in g.actions)]
    if not real_goals:
        errors.add(
            "goals",
            "Add at least one goal, in the family's own words",
            FamilyHelpError.GOALS_REQUIRED,
        )
    for n, goal in enumerate(real_goals, start=1):
        if not goal.goal.strip():
            errors.add(
                "goals", f"Goal {n}: write the goal in the family's own words", FamilyHelpError.GOAL_TEXT_REQUIRED
            )
        for action in goal.actions:
            if not action.action.strip() and not action.owner.strip() and action.due_on is None:
                continue
            if not action.action.strip() or not action.owner.strip() or action.due_on is None:
                errors.add(
                    "goals",
                    f"Goal {n}: each action needs what will be done, who will do it and by when",
                    FamilyHelpError.ACTION_INCOMPLETE,
                )
    children = list(Person.objects.filter(pk__in=case_child_ids(case)).select_related("child_profile"))
    voices = voices_check(child_voices, {c.pk: c.display_name for c in children}, errors)
    asked = {p.pk: p for p in prompts_for_children(children=children, moment=PromptMoment.FAMILY_PLAN)}
    unanswered = [pk for pk, p in asked.items() if p.is_required and not prompt_answers.get(pk, "").strip()]
    if unanswered:
        errors.add(
            "prompts",
            f"Answer the practice prompts ({len(unanswered)} not answered)",
            FamilyHelpError.PROMPTS_UNANSWERED,
        )
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(case)
        previous = FamilyPlan.objects.select_for_update().filter(case=current, replaced_on__isnull=True).first()
        if previous is not None:
            if agreed_on < previous.agreed_on:
                raise field_error(
                    "agreed_on", "A new plan cannot be dated before the plan it replaces", FamilyHelpError.DATE_INVALID
                )
            auditor.record_fields_changed(
                actor=actor, obj=previous, child_id=current.child_id, changes={"replaced_on": agreed_on}
            )
        plan = FamilyPlan.objects.create(
            case=current,
            agreed_on=agreed_on,
            family_words=family_words.strip(),
            recorded_by=actor,
        )
        FamilyPlanChildVoice.objects.bulk_create(
            [FamilyPlanChildVoice(plan=plan, child_id=child_id, **v.as_fields()) for child_id, v in voices.items()]
        )
        for order, goal in enumerate(real_goals, start=1):
            row = PlanGoal.objects.create(plan=plan, goal=goal.goal.strip(), display_order=order)
            PlanAction.objects.bulk_create(
                [
                    PlanAction(goal=row, action=a.action.strip(), owner=a.owner.strip(), due_on=a.due_on)
                    for a in goal.actions
                    if a.action.strip() and a.due_on is not None
                ]
            )
        FamilyPlanPromptAnswer.objects.bulk_create(
            [
                FamilyPlanPromptAnswer(
                    plan=plan,
                    prompt=asked[pk],
                    question_asked=asked[pk].question,
                    answer=text.strip(),
                    answered_by=actor,
                )
                for pk, text in prompt_answers.items()
                if pk in asked and text.strip()
            ]
        )
        auditor.record_created(actor=actor, obj=plan, child_id=current.child_id)
        if review_clock(current) is None:
            timescales.deadline_start(
                actor=actor,
                rule_code=FAMILY_HELP_REVIEW,
                child=current.child,
                subject=plan,
                started_on=agreed_on,
                assignee=current.lead_practitioner,
            )
    return plan


def plan_action_status_set(*, actor: Any, action: PlanAction, status: str) -> PlanAction:
    case = action.goal.plan.case
    require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    if status not in ActionStatus.values:
        raise field_error("status", "Select the action's status", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    with transaction.atomic(), auditor.audit_last():
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        auditor.record_fields_changed(actor=actor, obj=current, child_id=case.child_id, changes={"status": status})
    return current
