"""Care leavers (M23): eligibility, the needs assessment, pathway plans and their reviews, what the young person
is doing and where they live around each birthday from 17 to 25 (SSDA903 OC3), and staying put.

The young person's category (eligible, relevant, former relevant, qualifying) is not stored: it follows from their
date of birth and their periods of care (care_leavers/eligibility.py), so it can never be out of date."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from joinedup.core.models import TimeStampedModel
from joinedup.core.voice import ChildVoiceFields

from .codes import LAST_OC3_BIRTHDAY, Accommodation, Activity, InTouch


class CareLeaverRecord(TimeStampedModel):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class CareLeaver(TimeStampedModel):
    """A young person the authority supports as a care leaver: when they became an eligible child (the needs
    assessment clock starts then) and whether they asked for a personal adviser to 25."""

    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="care_leaver")
    became_eligible_on = models.DateField(null=True, blank=True)
    support_to_25_requested_on = models.DateField(
        null=True, blank=True, help_text="Asked for a personal adviser to 25 (Children Act 1989 s23CZB)"
    )
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Care leaver {self.child_id}"


class NeedsAssessment(CareLeaverRecord):
    completed_on = models.DateField()
    summary = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["completed_on", "id"]
        indexes = [models.Index(fields=["child", "completed_on"], name="needs_assessment_child_idx")]

    def __str__(self) -> str:
        return f"Needs assessment on {self.completed_on}"


class PathwayPlan(ChildVoiceFields, CareLeaverRecord):
    """A pathway plan, with the young person's wishes and feelings in their own words or why they could not be
    obtained (M26)."""

    agreed_on = models.DateField()
    summary = models.TextField(max_length=5000, blank=True, help_text="Accommodation, education, work, health, money")

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["child", "agreed_on"], name="pathway_plan_child_idx")]

    def __str__(self) -> str:
        return f"Pathway plan agreed {self.agreed_on}"


class PathwayPlanReview(CareLeaverRecord):
    pathway_plan = models.ForeignKey(PathwayPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    notes = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["reviewed_on", "id"]
        indexes = [models.Index(fields=["child", "reviewed_on"], name="pathway_review_child_idx")]

    def __str__(self) -> str:
        return f"Pathway plan review on {self.reviewed_on}"


class CareLeaverCircumstances(CareLeaverRecord):
    """In touch, activity and accommodation around one birthday (SSDA903 OC3)."""

    birthday = models.PositiveSmallIntegerField(help_text="Which birthday: 17 to 25")
    recorded_on = models.DateField()
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2, choices=Activity.choices)
    accommodation = models.CharField(max_length=1, choices=Accommodation.choices)
    accommodation_suitable = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["birthday"]
        verbose_name_plural = "care leaver circumstances"
        constraints = [
            models.UniqueConstraint(fields=["child", "birthday"], name="one_record_per_birthday"),
            models.CheckConstraint(
                condition=Q(birthday__gte=17) & Q(birthday__lte=LAST_OC3_BIRTHDAY), name="oc3_birthday_17_to_25"
            ),
        ]

    def __str__(self) -> str:
        return f"Circumstances at {self.birthday}"


class StayingPut(CareLeaverRecord):
    """Staying put (Children Act 1989 s23CZA): living on with former foster carers after 18, to 21."""

    carer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="staying_put_arrangements"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name_plural = "staying put arrangements"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="staying_put_ends_after"
            ),
            models.UniqueConstraint(fields=["child"], condition=Q(ended_on__isnull=True), name="one_open_staying_put"),
        ]

    def __str__(self) -> str:
        return f"Staying put from {self.started_on}"
