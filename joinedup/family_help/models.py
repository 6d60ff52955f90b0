"""Family Help (M1, M15): one service from targeted early help to child in need, led by one lead practitioner (who
may be from a partner agency: a school, health visiting, a voluntary organisation) or a small team; a family plan
with goals in the family's own words, actions, owners and dates; reviews; the family network; family group
decision making; step-up to child protection and step-down from it inside the same episode of need; closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel
from joinedup.core.voice import ChildVoiceFields

from .codes import (
    ActionStatus,
    ClosureReason,
    FamilyHelpStatus,
    FgdmContext,
    FgdmResponse,
    GoalProgress,
    NetworkEngagement,
    StepDirection,
)


class FamilyHelpCase(TimeStampedModel):
    """The family's Family Help, opened in one child's episode of need (one open case per episode). The other
    children it covers are `FamilyHelpChild` rows (the first child is one too). The lead practitioner is also an
    access Involvement (lead_practitioner) with every child the case covers, so access/ gives them their view."""

    case_episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="family_help")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="family_help_cases")
    status = models.CharField(max_length=20, choices=FamilyHelpStatus.choices, default=FamilyHelpStatus.OPEN)
    opened_on = models.DateField()
    lead_practitioner = models.ForeignKey(
        "agencies.Practitioner", on_delete=models.PROTECT, related_name="family_help_cases_led"
    )
    team = models.ForeignKey(
        "agencies.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_help_cases",
        help_text="The local authority team that oversees the case (its manager)",
    )
    assessment = models.ForeignKey(
        "assessments.SingleAssessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["lead_practitioner", "status"], name="fh_lead_idx"),
            models.Index(fields=["child", "-opened_on"], name="fh_child_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case_episode"], condition=Q(closed_on__isnull=True), name="one_open_family_help_per_episode"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="family_help_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closure_reason=""), name="closed_family_help_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Family Help case {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class FamilyHelpChild(models.Model):
    """A child the Family Help case covers (brothers and sisters share the family's plan; each keeps their own
    record and episode of need)."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="family_help_memberships")
    added_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["child", "ended_on"], name="fh_child_member_idx")]
        constraints = [models.UniqueConstraint(fields=["case", "child"], name="one_row_per_family_help_child")]

    def __str__(self) -> str:
        return f"Child {self.child_id} in Family Help case {self.case_id}"


class FamilyHelpTeamMember(models.Model):
    """A practitioner in the small team around the family, with the lead practitioner."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="team_members")
    practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    contribution = models.CharField(max_length=200, help_text="What they bring to the family's plan")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Team member {self.practitioner_id} on case {self.case_id}"


class FamilyHelpStep(TimeStampedModel):
    """Step-up to child protection, or step-down from it, inside the same episode of need: an immutable,
    attributed row (the chronology reads these). The lead practitioner is recorded as it was at the step."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="steps")
    direction = models.CharField(max_length=4, choices=StepDirection.choices)
    on = models.DateField()
    reason = models.TextField()
    lead_practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on {self.on}"


class FamilyPlan(TimeStampedModel):
    """The family plan: goals in the family's own words, with actions, owners and dates. A new version replaces
    the one in force (the previous stays, as history)."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="plans")
    agreed_on = models.DateField()
    family_words = models.TextField(blank=True, help_text="What the family says they want to change, in their words")
    childs_words = models.TextField(
        blank=True,
        help_text="What the children wanted, recorded once for them all before each child was asked "
        "(FamilyPlanChildVoice); kept as it was recorded, never shown as one child's own words",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaced_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(replaced_on__isnull=True), name="one_family_plan_in_force"
            )
        ]

    def __str__(self) -> str:
        return f"Family plan {self.pk}"


class FamilyPlanChildVoice(ChildVoiceFields):
    """One child's wishes and feelings at the family plan, in their own words or why they could not be obtained
    (M26; issue 18): one row for each child the plan covers, so brothers and sisters each have their own answer and
    a child's summary shows only theirs."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="child_voices")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="family_plan_voices")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "child"], name="one_voice_per_child_per_family_plan")]

    def __str__(self) -> str:
        return f"Child {self.child_id}'s voice at family plan {self.plan_id}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="goals")
    goal = models.TextField(help_text="In the family's own words")
    progress = models.CharField(max_length=16, choices=GoalProgress.choices, default=GoalProgress.NOT_STARTED)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "id"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


class PlanAction(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=200, help_text="Who will do it: a family member or a practitioner")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.TO_DO)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Action {self.pk}"


class FamilyPlanPromptAnswer(TimeStampedModel):
    """A practice prompt (prompts.PracticePrompt, moment family_plan) answered at the plan."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="prompt_answers")
    prompt = models.ForeignKey("prompts.PracticePrompt", on_delete=models.PROTECT, related_name="plan_answers")
    question_asked = models.CharField(max_length=300)
    answer = models.TextField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "prompt"], name="one_answer_per_plan_prompt")]

    def __str__(self) -> str:
        return f"Answer to prompt {self.prompt_id} on plan {self.plan_id}"


class FamilyPlanReview(TimeStampedModel):
    """A review of the family plan (local protocol family_help_review: 3 months between reviews by default)."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.PROTECT, related_name="reviews")
    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    family_view = models.TextField(help_text="What the family says about how things are going, in their words")
    progress_summary = models.TextField()
    next_steps = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["case", "-held_on"], name="fh_review_case_idx")]

    def __str__(self) -> str:
        return f"Family plan review {self.pk}"


class FamilyNetworkMember(TimeStampedModel):
    """Someone in the family's network (family, friends, community) and how they are engaged in the plan. A
    person on our records where they are one; otherwise the name the family gave."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="network")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    relationship_to_family = models.CharField(max_length=200)
    engagement = models.CharField(
        max_length=20, choices=NetworkEngagement.choices, default=NetworkEngagement.NOT_YET_CONTACTED
    )
    support_offered = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class FamilyGroupDecisionMaking(TimeStampedModel):
    """Family group decision making offered to the family, their answer, the meeting and its outcome. In
    `pre_proceedings` it is the offer the authority must make before applying for a care or supervision order
    (Children Act 1989 s31ZA, 2026); child protection records those through the same services."""

    case = models.ForeignKey(
        FamilyHelpCase, null=True, blank=True, on_delete=models.CASCADE, related_name="fgdm_offers"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="fgdm_offers")
    case_episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="+")
    context = models.CharField(max_length=16, choices=FgdmContext.choices, default=FgdmContext.FAMILY_HELP)
    offered_on = models.DateField()
    response = models.CharField(max_length=16, choices=FgdmResponse.choices, default=FgdmResponse.AWAITING)
    responded_on = models.DateField(null=True, blank=True)
    not_offered_reason = models.TextField(blank=True, help_text="Why it is not in the child's interests")
    meeting_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="The family's plan or decision from the meeting")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-offered_on", "-id"]
        indexes = [models.Index(fields=["child", "-offered_on"], name="fgdm_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_on__isnull=True) | Q(meeting_on__gte=models.F("offered_on")),
                name="fgdm_meeting_after_offer",
            )
        ]

    def __str__(self) -> str:
        return f"Family group decision making {self.pk}"
