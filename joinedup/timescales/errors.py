"""Machine-readable error codes for timescales (stable values: the API returns them)."""

from enum import StrEnum


class TimescalesError(StrEnum):
    UNKNOWN_RULE = "unknown_rule"
    UNKNOWN_INTERVAL = "unknown_interval"
    NOT_A_LOCAL_RULE = "not_a_local_rule"
    START_IN_FUTURE = "start_in_future"
    MET_IN_FUTURE = "met_in_future"
    MET_BEFORE_START = "met_before_start"
    LATE_REASON_REQUIRED = "late_reason_required"
    ALREADY_MET = "already_met"
    DUPLICATE_DEADLINE = "duplicate_deadline"
    NOT_A_CHILD = "not_a_child"
    FIGURE_OUT_OF_RANGE = "figure_out_of_range"
    EFFECTIVE_FROM_IN_PAST = "effective_from_in_past"
    FIGURE_UNCHANGED = "figure_unchanged"
    NO_SUCH_SUBJECT = "no_such_subject"
    INVALID_DATE_RANGE = "invalid_date_range"
    REASON_REQUIRED = "reason_required"
