"""The moments a practice prompt (M32) is asked at, and the groups of children a prompt applies to."""

from __future__ import annotations

from django.db import models


class PromptMoment(models.TextChoices):
    """Each moment that matters: the record a prompt's answer is kept with."""

    CONTACT_DECISION = "contact_decision", "Front door decision"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    ASSESSMENT = "assessment", "Assessment"
    CONFERENCE = "conference", "Child protection conference (initial and review)"
    FAMILY_PLAN = "family_plan", "Family plan"
    VISIT = "visit", "Visit"
    RETURN_HOME_INTERVIEW = "return_home_interview", "Return home interview"


class PromptGroup(models.TextChoices):
    """The children a prompt is for. Which groups a child is in is decided in one place:
    ``joinedup.prompts.targeting.groups_for``."""

    ALL_CHILDREN = "all", "Every child"
    BABIES = "babies", "Babies under one and unborn children"
    OLDER_CHILDREN = "older_children", "Older children (10 and over)"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    BLACK_MIXED_HERITAGE = "black_mixed_heritage", "Black and mixed-heritage children (adultification)"
    BLACK_MIXED_HERITAGE_OLDER = (
        "black_mixed_heritage_older",
        "Black and mixed-heritage children aged 10 and over (adultification)",
    )
    YOUNG_PARENT = "young_parent", "Children of a young parent (under 21, or a care leaver)"
    FATHER_NOT_ENGAGED = "father_not_engaged", "A father or male carer not yet engaged in the work"
    LGBTQIA_PARENT = "lgbtqia_parent", "Children of an LGBTQIA parent, where the parent has shared it"


class PromptError:
    ANSWER_REQUIRED = "prompt_answer_required"
    UNKNOWN_PROMPT = "unknown_prompt"
