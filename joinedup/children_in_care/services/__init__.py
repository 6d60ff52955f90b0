"""Every write of children in care: one transaction per service, its audit events and the statutory clocks the
event starts, meets or withdraws (timescales Deadlines). Nothing is half-saved."""

from .adoption import (
    adopter_match_record,
    adoption_decision_correct,
    adoption_decision_record,
    adoption_decision_reverse,
    deprivation_of_liberty_order_correct,
    deprivation_of_liberty_order_end,
    deprivation_of_liberty_order_record,
)
from .education import PersonalEducationPlanDetails, personal_education_plan_record, school_change_record
from .health import (
    dental_check_record,
    health_assessment_record,
    immunisation_status_record,
    next_health_assessment_rule,
    strengths_and_difficulties_record,
)
from .history import (
    EpisodeHistory,
    looked_after_review_history_record,
    missing_episode_history_record,
    period_of_care_history_record,
)
from .missing import (
    missing_episode_end,
    missing_episode_return_correct,
    missing_episode_start,
    return_home_interview_record,
)
from .periods import (
    CarePlanDetails,
    LookedAfterStart,
    PlacementDetails,
    PlacementMove,
    care_partner_add,
    care_plan_record,
    default_visiting_pattern,
    independent_reviewing_officer_appoint,
    legal_status_change,
    looked_after_end,
    looked_after_start,
    looked_after_start_correct,
    placement_move,
    placement_plan_record,
    placement_start_correct,
)
from .reviews import ReviewDetails, looked_after_review_record, next_review_rule
from .visits import next_visit_rule

__all__ = [
    "CarePlanDetails",
    "EpisodeHistory",
    "LookedAfterStart",
    "PersonalEducationPlanDetails",
    "PlacementDetails",
    "PlacementMove",
    "ReviewDetails",
    "adopter_match_record",
    "adoption_decision_correct",
    "adoption_decision_record",
    "adoption_decision_reverse",
    "care_partner_add",
    "care_plan_record",
    "default_visiting_pattern",
    "dental_check_record",
    "deprivation_of_liberty_order_correct",
    "deprivation_of_liberty_order_end",
    "deprivation_of_liberty_order_record",
    "health_assessment_record",
    "immunisation_status_record",
    "independent_reviewing_officer_appoint",
    "legal_status_change",
    "looked_after_end",
    "looked_after_review_history_record",
    "looked_after_review_record",
    "looked_after_start",
    "looked_after_start_correct",
    "missing_episode_end",
    "missing_episode_history_record",
    "missing_episode_return_correct",
    "missing_episode_start",
    "next_health_assessment_rule",
    "next_review_rule",
    "next_visit_rule",
    "period_of_care_history_record",
    "personal_education_plan_record",
    "placement_move",
    "placement_plan_record",
    "placement_start_correct",
    "return_home_interview_record",
    "school_change_record",
    "strengths_and_difficulties_record",
]
