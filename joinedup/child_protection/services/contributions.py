"""Each agency's part in a strategy discussion (M17, issue 19): whoever took part records, in their own login, the
information their agency shared, their view on the threshold (reasonable cause to suspect significant harm) and the
actions they own. The local authority's caseworker may record it on a partner's behalf, marked as such."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted

from ..codes import Agency, ThresholdView
from ..errors import ChildProtectionError as E
from ..models import StrategyAction, StrategyContribution, StrategyDiscussion
from .involvement import involvements_end_with_the_work
from .strategy_discussions import ActionDetails


@dataclass
class ContributionDetails:
    information_shared: str
    threshold_view: str
    actions: list[ActionDetails] = field(default_factory=list)
    # Recorded by the local authority for a practitioner who took part: their contribution, typed by someone else.
    on_behalf_of: Practitioner | None = None


def strategy_contribution_record(
    *, actor: Any, discussion: StrategyDiscussion, details: ContributionDetails
) -> StrategyContribution:
    """One practitioner's contribution to a strategy discussion they took part in, with its actions (each with its
    owner and due date). Once for each practitioner; their agency is the one they took part for. When the discussion
    started no enquiry, recording it ends the practitioner's part (and the involvement it gave them) that day."""
    if not has_permission(actor, Permission.RECORD_STRATEGY_CONTRIBUTION, discussion):
        raise NotFoundOrNotPermitted
    me = practitioner_of(actor)
    if me is None:
        raise NotFoundOrNotPermitted
    author = details.on_behalf_of or me
    errors = FieldErrors()
    on_behalf = details.on_behalf_of is not None and details.on_behalf_of.pk != me.pk
    if on_behalf and not has_permission(actor, Permission.RECORD_CHILD_PROTECTION, discussion.child):
        raise NotFoundOrNotPermitted
    participant = discussion.participants.filter(practitioner_id=author.pk, carer_role="").order_by("id").first()
    if participant is None:
        errors.add("on_behalf_of", "Choose someone who took part in the strategy discussion", E.NOT_A_PARTICIPANT)
    elif StrategyContribution.objects.filter(discussion=discussion, practitioner=author).exists():
        errors.add("__all__", f"{author.full_name}'s contribution is already recorded", E.ALREADY_CONTRIBUTED)
    if not details.information_shared.strip():
        errors.add("information_shared", "Enter the information your agency shared", E.REQUIRED)
    if details.threshold_view not in ThresholdView.values:
        errors.add(
            "threshold_view",
            "Select whether there is reasonable cause to suspect significant harm, or that you are not sure",
            E.REQUIRED,
        )
    for number, a in enumerate(details.actions, start=1):
        if a.action.strip() and a.due_on is None:
            errors.add(f"action_{number}_due_on", f"Enter the date action {number} is due by", E.REQUIRED)
        if a.action.strip() and a.due_on is not None and a.due_on < discussion.held_on:
            errors.add(
                f"action_{number}_due_on",
                f"The date action {number} is due by must be on or after the strategy discussion",
                E.ORDER_OF_DATES,
            )
    errors.raise_if_any()
    assert participant is not None
    with transaction.atomic(), auditor.audit_last():
        contribution = StrategyContribution.objects.create(
            discussion=discussion,
            practitioner=author,
            agency=participant.agency or Agency.OTHER,
            information_shared=details.information_shared.strip(),
            threshold_view=details.threshold_view,
            recorded_by=me,
        )
        auditor.record_created(actor=actor, obj=contribution, child_id=discussion.child_id)
        actions = StrategyAction.objects.bulk_create(
            [
                StrategyAction(
                    discussion=discussion,
                    contribution=contribution,
                    action=a.action.strip(),
                    owner=a.owner or author,
                    due_on=a.due_on,
                )
                for a in details.actions
                if a.action.strip() and a.due_on is not None
            ]
        )
        for action in actions:
            auditor.record_created(actor=actor, obj=action, child_id=discussion.child_id)
        # Their contribution recorded, a partner whose discussion started no enquiry has done their part: it ends
        # today (selectors.parts_last_days), not at the end of the contribution window.
        involvements_end_with_the_work(actor=actor, child=discussion.child)
    return contribution


def strategy_action_complete(*, actor: Any, action: StrategyAction, completed_on: Any) -> StrategyAction:
    """An action from a strategy discussion done: by its owner, or the local authority's caseworker."""
    discussion = action.discussion
    me = practitioner_of(actor)
    owns = me is not None and action.owner_id == me.pk
    if not (
        (owns and has_permission(actor, Permission.RECORD_STRATEGY_CONTRIBUTION, discussion))
        or has_permission(actor, Permission.RECORD_CHILD_PROTECTION, discussion.child)
    ):
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if completed_on < discussion.held_on:
        errors.add("completed_on", "The date it was done must be on or after the strategy discussion", E.ORDER_OF_DATES)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        locked = StrategyAction.objects.select_for_update().get(pk=action.pk)
        auditor.record_fields_changed(
            actor=actor, obj=locked, child_id=discussion.child_id, changes={"completed_on": completed_on}
        )
    return locked
