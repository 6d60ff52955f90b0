"""Assessments (M13, M14, M16, M32): the single assessment (Children Act 1989 s17) started from a referral and due
45 working days from the referral date, the pre-birth assessment timed against the expected date of delivery, the
CIN census factors identified at its end, and practice prompts the practitioner answers and the manager sees."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.carers import CarerRole
from joinedup.core.models import TimeStampedModel
from joinedup.harms.models import HarmType

from .codes import (
    AssessmentFactor,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    PrimaryNeed,
)


class SingleAssessment(TimeStampedModel):
    """One child's assessment within their episode of need. Its clock is the `single_assessment` Deadline the
    referral started (from the referral date, not allocation); `due_on` is that deadline's due date, copied when
    the assessment starts so lists need not join to it."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    case_episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey(
        "front_door.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices, default=AssessmentKind.SINGLE)
    status = models.CharField(max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS)
    referral_date = models.DateField(help_text="When the clock started: the referral date")
    started_on = models.DateField(help_text="When the assessment started (allocation)")
    due_on = models.DateField(help_text="The single_assessment deadline's due date")
    worker = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    # The child seen, their voice, direct work (M13).
    child_seen_on = models.DateField(null=True, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    child_not_seen_alone_reason = models.TextField(blank=True)
    childs_wishes_and_feelings = models.TextField(blank=True, help_text="In the child's own words")
    direct_work = models.TextField(blank=True)
    # Parents and carers, including fathers and male carers, and foster carers or residential staff.
    parents_views = models.TextField(blank=True)
    fathers_views = models.TextField(blank=True, help_text="Fathers and male carers: their views, or why not")
    lives_with_foster_carers_or_residential_staff = models.BooleanField(default=False)
    carers_views = models.TextField(blank=True, help_text="Foster carers or residential staff the child lives with")
    # The people the assessment includes besides the child (issue 19, never type twice): carried forward from the
    # child's family network (parents and carers, who lives with the child, who matters to them) and confirmed.
    people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="+",
        help_text="The people this assessment includes, confirmed from the child's family network",
    )
    # Pre-birth (M16).
    expected_date_of_delivery = models.DateField(null=True, blank=True)
    pre_birth_conference_due_on = models.DateField(
        null=True, blank=True, help_text="32 weeks of pregnancy (pre_birth_conference rule), from the EDD"
    )
    # Child sexual abuse (M14): the experienced health representative who is part of the assessment.
    health_representative = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    health_representative_contribution = models.TextField(blank=True)
    analysis = models.TextField(blank=True, help_text="What the assessment found: needs, strengths and risks")
    harms: models.ManyToManyField[HarmType, AssessmentHarm] = models.ManyToManyField(
        "harms.HarmType", through="AssessmentHarm", related_name="+", blank=True
    )
    outcome = models.CharField(max_length=24, choices=AssessmentOutcome.choices, blank=True)
    outcome_rationale = models.TextField(blank=True)
    primary_need = models.CharField(
        max_length=2, choices=PrimaryNeed.choices, blank=True, help_text="CIN census PrimaryNeedCode (N1-N9)"
    )
    completed_on = models.DateField(null=True, blank=True, help_text="Authorised by the manager (CIN census)")
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [
            models.Index(fields=["child", "-referral_date"], name="assessment_child_idx"),
            models.Index(fields=["worker", "status"], name="assessment_worker_idx"),
            models.Index(fields=["completed_on"], name="assessment_completed_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=Q(referral__isnull=False), name="one_assessment_per_referral"
            ),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.IN_PROGRESS) | (Q(completed_on__isnull=False) & ~Q(outcome="")),
                name="authorised_assessment_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=models.F("referral_date")),
                name="assessment_completed_after_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_authorised(self) -> bool:
        return self.status == AssessmentStatus.AUTHORISED


class AssessmentCarer(models.Model):
    """A carer the child lives with, named in the assessment with their role and their views (M13, M21): from the
    placement record, a person in the family network (no login needed) or a carer who uses JoinedUp."""

    assessment = models.ForeignKey(SingleAssessment, on_delete=models.CASCADE, related_name="carers")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(max_length=40, help_text="Names the carer in the form: person-<id> or practitioner-<id>")
    name = models.CharField(max_length=200)
    carer_role = models.CharField(max_length=30, choices=CarerRole.choices)
    views = models.TextField(blank=True, help_text="The carer's views and part in the assessment")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="assessment_carer_once")]

    def __str__(self) -> str:
        return f"AssessmentCarer {self.pk}"

    @property
    def described(self) -> str:
        return f"{self.name} ({self.get_carer_role_display().lower()})"


class AssessmentHarm(models.Model):
    assessment = models.ForeignKey(SingleAssessment, on_delete=models.CASCADE, related_name="harm_links")
    harm_type = models.ForeignKey("harms.HarmType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "harm_type"], name="one_row_per_assessment_harm")]

    def __str__(self) -> str:
        return f"{self.harm_type_id} on assessment {self.assessment_id}"


class AssessmentFactorIdentified(models.Model):
    """A CIN census factor identified at the end of the assessment (several at once)."""

    assessment = models.ForeignKey(SingleAssessment, on_delete=models.CASCADE, related_name="factor_rows")
    code = models.CharField(max_length=3, choices=AssessmentFactor.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_row_per_assessment_factor")]

    def __str__(self) -> str:
        return f"{self.code} on assessment {self.assessment_id}"


class AssessmentPromptAnswer(TimeStampedModel):
    assessment = models.ForeignKey(SingleAssessment, on_delete=models.CASCADE, related_name="prompt_answers")
    prompt = models.ForeignKey("prompts.PracticePrompt", on_delete=models.PROTECT, related_name="assessment_answers")
    question_asked = models.CharField(max_length=300, help_text="The prompt's words when it was answered")
    answer = models.TextField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["prompt__display_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "prompt"], name="one_answer_per_assessment_prompt")
        ]

    def __str__(self) -> str:
        return f"Answer to prompt {self.prompt_id} on assessment {self.assessment_id}"
