"""The codes of the visits service's field errors (the API and tests read the code, the form shows the message)."""

from enum import StrEnum


class VisitError(StrEnum):
    REQUIRED = "required"
    DATE_IN_FUTURE = "date_in_future"
    NO_CHILD = "no_child"
    SEEN_ALONE_NEEDS_SEEN = "seen_alone_needs_seen"
    INVALID_CHOICE = "invalid_choice"
