"""Every write of child protection (M14, M17-M20), one module per what it writes: strategy discussions, section 47
enquiries, transfers in, conferences (with the agencies' reports and the minutes), plans (with core groups, actions
and their end; a visit is recorded once, by the visits app, issue 18), pre-proceedings, the pre-birth clock, and the
involvements partners hold while they take part. One transaction each, audited, with its statutory clocks started
and met through timescales/services.py. Nothing is half-saved: every check runs before the first write, and a clock
the timescales service refuses (met late without a reason) rolls the whole record back."""

from ._common import agency_of
from .conferences import (
    AgencyReportDetails,
    ArrangeDetails,
    OutcomeDetails,
    agency_report_submit,
    chair_independence_problem,
    cin_category_for,
    conference_arrange,
    conference_outcome_record,
    minutes_share,
)
from .contributions import ContributionDetails, strategy_action_complete, strategy_contribution_record
from .history import (
    child_protection_plan_history_record,
    conference_history_record,
    section_47_history_record,
)
from .involvement import PARTNER_INVOLVEMENT, involvements_end_with_the_work
from .plans import (
    ADULT_AGE,
    PLAN_RULES,
    AutomaticEnd,
    core_group_record,
    plan_action_add,
    plan_action_update,
    plans_end_automatically,
)
from .pre_birth import pre_birth_expected_date_changed, unborn_child_born
from .pre_proceedings import pre_proceedings_end, pre_proceedings_meeting_add, pre_proceedings_start
from .section_47 import TEAM_REQUIRED, EnquiryDetails, section_47_record
from .strategy_discussions import (
    REQUIRED_AGENCIES,
    ActionDetails,
    Participant,
    StrategyDetails,
    carer_participant,
    is_sexual_abuse,
    strategy_discussion_record,
)
from .transfers import transfer_in_record

__all__ = [
    "ADULT_AGE",
    "PARTNER_INVOLVEMENT",
    "PLAN_RULES",
    "REQUIRED_AGENCIES",
    "TEAM_REQUIRED",
    "ActionDetails",
    "AgencyReportDetails",
    "ArrangeDetails",
    "AutomaticEnd",
    "ContributionDetails",
    "EnquiryDetails",
    "OutcomeDetails",
    "Participant",
    "StrategyDetails",
    "agency_of",
    "agency_report_submit",
    "carer_participant",
    "chair_independence_problem",
    "child_protection_plan_history_record",
    "cin_category_for",
    "conference_arrange",
    "conference_history_record",
    "conference_outcome_record",
    "core_group_record",
    "involvements_end_with_the_work",
    "is_sexual_abuse",
    "minutes_share",
    "plan_action_add",
    "plan_action_update",
    "plans_end_automatically",
    "pre_birth_expected_date_changed",
    "pre_proceedings_end",
    "pre_proceedings_meeting_add",
    "pre_proceedings_start",
    "section_47_history_record",
    "section_47_record",
    "strategy_action_complete",
    "strategy_contribution_record",
    "strategy_discussion_record",
    "transfer_in_record",
    "unborn_child_born",
]
