"""Machine-readable error codes for care leavers (stable values: the API returns them)."""

from enum import StrEnum


class CareLeaverError(StrEnum):
    DATE_IN_FUTURE = "date_in_future"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_RECORDED = "already_recorded"
    NOT_A_CARE_LEAVER = "not_a_care_leaver"
    NO_PATHWAY_PLAN = "no_pathway_plan"
    REVIEW_OUT_OF_ORDER = "review_out_of_order"
    NOT_A_PERSONAL_ADVISER = "not_a_personal_adviser"
    TOO_OLD_FOR_ADVISER = "too_old_for_adviser"
    REQUEST_NEEDS_TWENTY_ONE = "request_needs_twenty_one"
    BIRTHDAY_OUT_OF_RANGE = "birthday_out_of_range"
    OUTSIDE_BIRTHDAY_WINDOW = "outside_birthday_window"
    ACTIVITY_REQUIRED = "activity_required"
    ACCOMMODATION_REQUIRED = "accommodation_required"
    SUITABILITY_REQUIRED = "suitability_required"
    STAYING_PUT_AGE = "staying_put_age"
    STAYING_PUT_OPEN = "staying_put_open"
    ENDS_BEFORE_IT_STARTS = "ends_before_it_starts"
    STILL_LOOKED_AFTER = "still_looked_after"
    REQUIRED = "required"
