"""Codes for Family Help (M15): case status, step-up and step-down, plan goals and actions, the family network's
engagement, family group decision making."""

from __future__ import annotations

from django.db import models

from joinedup.episodes.codes import ClosureReason

__all__ = [
    "ActionStatus",
    "ClosureReason",
    "FamilyHelpStatus",
    "FgdmContext",
    "FgdmResponse",
    "GoalProgress",
    "NetworkEngagement",
    "StepDirection",
]


class FamilyHelpStatus(models.TextChoices):
    OPEN = "open", "Open"
    CHILD_PROTECTION_ALONGSIDE = "child_protection", "Open, with child protection alongside"
    CLOSED = "closed", "Closed"


class StepDirection(models.TextChoices):
    UP = "up", "Stepped up to child protection"
    DOWN = "down", "Stepped down to Family Help"


class GoalProgress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    SOME_PROGRESS = "some_progress", "Some progress"
    GOOD_PROGRESS = "good_progress", "Good progress"
    ACHIEVED = "achieved", "Achieved"


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class NetworkEngagement(models.TextChoices):
    NOT_YET_CONTACTED = "not_yet_contacted", "Not yet contacted"
    CONTACTED = "contacted", "Contacted"
    ENGAGED = "engaged", "Engaged in the plan"
    DECLINED = "declined", "Declined to be involved"


class FgdmContext(models.TextChoices):
    FAMILY_HELP = "family_help", "Family Help"
    PRE_PROCEEDINGS = "pre_proceedings", "Before proceedings (Children Act 1989 s31ZA)"


class FgdmResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting the family's answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NOT_IN_CHILDS_INTERESTS = "not_in_interests", "Not offered: not in the child's interests"
