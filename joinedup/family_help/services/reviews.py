"""Reviews of the family plan: each meets the review clock (a reason when late) and starts the next."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors
from joinedup.timescales import services as timescales

from ..codes import GoalProgress
from ..errors import FamilyHelpError
from ..models import FamilyHelpCase, FamilyPlan, FamilyPlanReview, PlanGoal
from ._common import FAMILY_HELP_REVIEW, locked_open_case, not_future, require, review_clock


def family_plan_review_record(
    *,
    actor: Any,
    case: FamilyHelpCase,
    held_on: date,
    family_view: str,
    progress_summary: str,
    next_steps: str = "",
    goal_progress: dict[int, str] | None = None,
    late_reason: str = "",
) -> FamilyPlanReview:
    """Review the plan in force: never dated before the plan was agreed. Meets the review clock (a reason when late)
    and starts the next one."""
    require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    plan = FamilyPlan.objects.filter(case=case, replaced_on__isnull=True).first()
    errors = FieldErrors()
    if plan is None:
        errors.add("held_on", "Agree the family plan before reviewing it", FamilyHelpError.NO_PLAN)
    elif held_on < plan.agreed_on:
        errors.add(
            "held_on",
            f"The review cannot be dated before the plan it reviews (agreed {plan.agreed_on:%-d %B %Y})",
            FamilyHelpError.REVIEW_BEFORE_PLAN,
        )
    not_future(errors, "held_on", held_on, "date of the review")
    if not family_view.strip():
        errors.add("family_view", "Record what the family says, in their words", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    if not progress_summary.strip():
        errors.add("progress_summary", "Summarise the progress made", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    progress = goal_progress or {}
    if any(v not in GoalProgress.values for v in progress.values()):
        errors.add("goal_progress", "Select the progress on each goal", FamilyHelpError.REVIEW_TEXT_REQUIRED)
    clock = review_clock(case)
    if clock is not None and held_on > clock.due_on and not late_reason.strip():
        errors.add(
            "late_reason",
            f"The review was due by {clock.due_on:%-d %B %Y}: say why it is late",
            FamilyHelpError.LATE_REASON_REQUIRED,
        )
    errors.raise_if_any()
    assert plan is not None
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(case)
        review = FamilyPlanReview.objects.create(
            plan=plan,
            case=current,
            held_on=held_on,
            family_view=family_view.strip(),
            progress_summary=progress_summary.strip(),
            next_steps=next_steps.strip(),
            recorded_by=actor,
        )
        for goal in PlanGoal.objects.filter(plan=plan, pk__in=list(progress)):
            goal.progress = progress[goal.pk]
            goal.save(update_fields=["progress"])
        auditor.record_created(actor=actor, obj=review, child_id=current.child_id)
        if clock is not None:
            timescales.deadline_meet(
                actor=actor, deadline=clock, met_on=max(held_on, clock.started_on), late_reason=late_reason
            )
        timescales.deadline_start(
            actor=actor,
            rule_code=FAMILY_HELP_REVIEW,
            child=current.child,
            subject=review,
            started_on=held_on,
            assignee=current.lead_practitioner,
        )
    return review
