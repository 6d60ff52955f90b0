"""Machine-readable error codes for learning from serious incidents (stable values: the API returns them). Each
code's message lives beside it, once."""

from enum import StrEnum


class LearningError(StrEnum):
    DATE_IN_FUTURE = "date_in_future"
    NOT_A_CHILD = "not_a_child"
    AWARE_BEFORE_INCIDENT = "aware_before_incident"
    REQUIRED = "required"
    BEFORE_AWARE = "before_became_aware"
    OFSTED_NOT_INFORMED = "ofsted_not_informed"
    PARTNERS_NOT_INFORMED = "partners_not_informed"
    ALREADY_NOTIFIED = "already_notified"
    NOT_NOTIFIED = "not_notified"
    LATE_REASON_REQUIRED = "late_reason_required"
    RAPID_REVIEW_EXISTS = "rapid_review_exists"
    CHRONOLOGY_DATES = "chronology_dates"
    NO_CONTRIBUTORS = "no_contributors"
    ALREADY_DECIDED = "already_decided"
    CONTRIBUTIONS_OUTSTANDING = "contributions_outstanding"
    NOT_DECIDED = "not_decided"
    ALREADY_PUBLISHED = "already_published"
    ACTION_COMPLETED = "action_completed"


MESSAGES: dict[LearningError, str] = {
    LearningError.DATE_IN_FUTURE: "The date must be today or in the past",
    LearningError.NOT_A_CHILD: "A serious incident is recorded on a child's record",
    LearningError.AWARE_BEFORE_INCIDENT: "The date the authority became aware must be on or after the incident",
    LearningError.REQUIRED: "Enter an answer",
    LearningError.BEFORE_AWARE: "The date must be on or after the date the authority became aware",
    LearningError.OFSTED_NOT_INFORMED: "Enter the date Ofsted was told: the child was in care or a regulated setting",
    LearningError.PARTNERS_NOT_INFORMED: "Enter the date the safeguarding partners were told",
    LearningError.ALREADY_NOTIFIED: "The notification has already been sent",
    LearningError.NOT_NOTIFIED: "Send the notification to the Panel first",
    LearningError.LATE_REASON_REQUIRED: "Say why it was sent after the date it was due",
    LearningError.RAPID_REVIEW_EXISTS: "The rapid review has already been started",
    LearningError.CHRONOLOGY_DATES: "The chronology's end must be on or after its start",
    LearningError.NO_CONTRIBUTORS: "Choose at least one practitioner to contribute",
    LearningError.ALREADY_DECIDED: "The rapid review has already been sent to the Panel",
    LearningError.CONTRIBUTIONS_OUTSTANDING: "Every agency asked must record its contribution first",
    LearningError.NOT_DECIDED: "No local child safeguarding practice review was decided on",
    LearningError.ALREADY_PUBLISHED: "The review has already been published, or its reason for not publishing recorded",
    LearningError.ACTION_COMPLETED: "The action has already been completed",
}
