"""Every write of Family Help (M1, M15), one module per what it writes: the case (opened with a lead practitioner,
an access Involvement with every child it covers; its team; its closure with a CIN census reason), the family plan,
its reviews (the local family_help_review clock), the family network, family group decision making, and the steps
up to child protection and down again inside the same episode of need, keeping the lead practitioner. Every write
is audited."""

from ._common import FAMILY_HELP_REVIEW, case_child_ids
from .cases import family_help_close, family_help_lead_change, family_help_open, family_help_team_member_add
from .family_group_decision_making import fgdm_meeting_record, fgdm_offer, fgdm_response_record
from .history import child_in_need_plan_history_record
from .network import family_network_member_add, family_network_member_engagement_set
from .plans import ActionInput, GoalInput, family_plan_agree, plan_action_status_set
from .reviews import family_plan_review_record
from .steps import (
    family_help_step_down_for_decision,
    family_help_step_up_for_decision,
    step_down_to_family_help,
    step_up_to_child_protection,
)

__all__ = [
    "FAMILY_HELP_REVIEW",
    "ActionInput",
    "GoalInput",
    "case_child_ids",
    "child_in_need_plan_history_record",
    "family_help_close",
    "family_help_lead_change",
    "family_help_open",
    "family_help_step_down_for_decision",
    "family_help_step_up_for_decision",
    "family_help_team_member_add",
    "family_network_member_add",
    "family_network_member_engagement_set",
    "family_plan_agree",
    "family_plan_review_record",
    "fgdm_meeting_record",
    "fgdm_offer",
    "fgdm_response_record",
    "plan_action_status_set",
    "step_down_to_family_help",
    "step_up_to_child_protection",
]
