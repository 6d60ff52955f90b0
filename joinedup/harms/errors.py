"""Machine-readable error codes for harms (stable values: the API returns them)."""

from enum import StrEnum


class HarmsError(StrEnum):
    UNKNOWN_HARM = "unknown_harm"
    UNKNOWN_INDICATOR = "unknown_indicator"
    INDICATOR_DATE_IN_FUTURE = "indicator_date_in_future"
    ACTION_REQUIRED = "action_required"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
