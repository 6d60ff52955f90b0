from enum import StrEnum


class PeopleError(StrEnum):
    INVALID_NHS_NUMBER = "invalid_nhs_number"
    DUPLICATE_NHS_NUMBER = "duplicate_nhs_number"
    INVALID_UPN = "invalid_upn"
    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_EARLY = "date_too_early"
    UNBORN_NEEDS_EXPECTED_DATE = "unborn_needs_expected_date_of_delivery"
    UNBORN_HAS_DATE_OF_BIRTH = "unborn_has_date_of_birth"
    EXPECTED_DATE_OUT_OF_RANGE = "expected_date_of_delivery_out_of_range"
    FATHER_STATUS_REQUIRED = "father_status_required"
    FATHER_REASON_REQUIRED = "father_not_known_reason_required"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    FAMILY_NAME_REQUIRED = "family_name_required"
    CHILD_TOO_OLD = "child_too_old"
    SAME_PERSON = "same_person"
    ALREADY_MERGED = "already_merged"
    MERGE_CONFLICT = "merge_conflict"
    INVALID_POSTCODE = "invalid_postcode"
    REASON_REQUIRED = "reason_required"
    PREVIOUS_ABUSE_ALREADY_RECORDED = "previous_abuse_or_neglect_already_recorded"
    PREVIOUS_ABUSE_NOT_RECORDED = "previous_abuse_or_neglect_not_recorded"
