"""Learning from serious incidents (M30; issue 22): the notification of a serious incident to the Child Safeguarding
Practice Review Panel, the rapid review with each agency's contribution, the decision on a local child safeguarding
practice review and its publication, and the learning actions that follow, tracked to completion and to evidence of
a change in practice (Working Together 2023, chapter 5). Known only to those who need it (access/policy.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from joinedup.core.models import TimeStampedModel


class IncidentOutcome(models.TextChoices):
    DIED = "died", "The child died"
    SERIOUSLY_HARMED = "seriously_harmed", "The child was seriously harmed"


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Abuse or neglect is known"
    SUSPECTED = "suspected", "Abuse or neglect is suspected"
    IN_CARE_OR_REGULATED_SETTING = (
        "in_care_or_regulated_setting",
        "Neither, but the child died in care or in a regulated setting",
    )


class IncidentSetting(models.TextChoices):
    """Where the child was: Ofsted must be told of a serious incident about a looked-after child or a child in a
    regulated setting (a children's home, a residential special school, registered childcare)."""

    OTHER = "other", "Not in care and not in a regulated setting"
    LOOKED_AFTER = "looked_after", "The child was looked after (in care)"
    REGULATED_SETTING = "regulated_setting", "The child was in a regulated setting"


class LearningTheme(models.TextChoices):
    """Themes the partnership searches its learning by, beside the 2026 harm types (the harms app)."""

    BABIES = "babies", "Babies (under one year old)"
    ADULTIFICATION = "adultification", "Adultification"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    ADOLESCENTS = "adolescents", "Adolescents and harm outside the home"
    INFORMATION_SHARING = "information_sharing", "Information sharing between agencies"
    PROFESSIONAL_CURIOSITY = "professional_curiosity", "Professional curiosity"
    VOICE_OF_THE_CHILD = "voice_of_the_child", "The child's voice"
    FATHERS_AND_MEN = "fathers_and_men", "Fathers and men in the household"


class RecommendationSource(models.TextChoices):
    RAPID_REVIEW = "rapid_review", "The rapid review"
    LOCAL_REVIEW = "local_review", "The local child safeguarding practice review"


class SeriousIncident(TimeStampedModel):
    """A serious incident notification, with the fields the Panel's notification asks for. What the record already
    knew (known to children's social care, on a child protection plan, looked after) is drawn from it on the day of
    the incident when the incident is recorded, never typed again. The notification is sent within 5 working days of
    the authority becoming aware (rules.toml `serious_incident_notification`), the rapid review within 15
    (`rapid_review`)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    incident_on = models.DateField(help_text="The date of the incident")
    became_aware_on = models.DateField(help_text="The date the local authority became aware of it")
    what_happened = models.TextField(max_length=5000)
    outcome = models.CharField(max_length=20, choices=IncidentOutcome.choices)
    abuse_or_neglect = models.CharField(max_length=30, choices=AbuseOrNeglect.choices)
    setting = models.CharField(max_length=20, choices=IncidentSetting.choices)
    harm_types = models.ManyToManyField("harms.HarmType", blank=True, related_name="+")
    agencies_involved = models.ManyToManyField("agencies.Organisation", blank=True, related_name="+")
    known_to_childrens_social_care = models.BooleanField(help_text="Drawn from the record: an episode of need open")
    on_child_protection_plan = models.BooleanField(help_text="Drawn from the record: a plan in force")
    looked_after = models.BooleanField(help_text="Drawn from the record: a period of care in force")
    ofsted_informed_on = models.DateField(null=True, blank=True)
    partners_informed_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True, help_text="The date the notification was sent to the Panel")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-became_aware_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(became_aware_on__gte=F("incident_on")), name="incident_known_after_it_happened"
            ),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=F("became_aware_on")),
                name="incident_notified_after_aware",
            ),
        ]
        indexes = [models.Index(fields=["became_aware_on"], name="incident_aware_idx")]

    def __str__(self) -> str:
        return f"Serious incident {self.pk}"

    @property
    def ofsted_must_be_told(self) -> bool:
        return self.setting != IncidentSetting.OTHER or self.looked_after


class IncidentTheme(models.Model):
    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=30, choices=LearningTheme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "theme"], name="one_row_per_incident_theme")]

    def __str__(self) -> str:
        return self.get_theme_display()


class RapidReview(TimeStampedModel):
    """The rapid review: the agencies' chronologies for the dates chosen (read from the multi-agency chronology,
    never copied), each agency's contribution, the immediate learning and the decision whether a local child
    safeguarding practice review is needed and why, sent to the Panel."""

    incident = models.OneToOneField(SeriousIncident, on_delete=models.CASCADE, related_name="rapid_review")
    chronology_from = models.DateField()
    chronology_to = models.DateField()
    immediate_learning = models.TextField(max_length=10000, blank=True)
    local_review_needed = models.BooleanField(null=True, blank=True)
    decision_reason = models.TextField(max_length=5000, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(chronology_to__gte=F("chronology_from")), name="rapid_review_chronology_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"Rapid review {self.pk}"


class AgencyContribution(TimeStampedModel):
    """One agency's contribution to a rapid review, asked of a practitioner in that agency and recorded by them in
    their own login."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="contributions")
    practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("agencies.Organisation", on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField()
    contribution = models.TextField(max_length=10000, blank=True)
    recorded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "practitioner"], name="one_contribution_per_practitioner")
        ]


class LocalPracticeReview(TimeStampedModel):
    """A local child safeguarding practice review the rapid review decided was needed: its scope, reviewer and
    milestones, published within 6 months of the decision (`local_practice_review_publication`), or the reason it
    is not published."""

    rapid_review = models.OneToOneField(RapidReview, on_delete=models.CASCADE, related_name="local_review")
    decided_on = models.DateField()
    scope = models.TextField(max_length=5000, blank=True)
    reviewer = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    not_published_reason = models.TextField(max_length=5000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(not_published_reason=""),
                name="local_review_published_or_reason",
            ),
        ]


class ReviewMilestone(TimeStampedModel):
    local_review = models.ForeignKey(LocalPracticeReview, on_delete=models.CASCADE, related_name="milestones")
    milestone = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class Recommendation(TimeStampedModel):
    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="recommendations")
    source = models.CharField(max_length=20, choices=RecommendationSource.choices)
    recommendation = models.TextField(max_length=5000)

    class Meta:
        ordering = ["id"]


class LearningAction(TimeStampedModel):
    """An action a recommendation became: its owner in any agency, its due date, its progress, and when done, the
    evidence of the change in practice."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=500)
    owner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "due_on"], condition=Q(completed_on__isnull=True), name="action_open_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | ~Q(evidence=""), name="action_completed_with_evidence"
            ),
        ]


class LearningActionUpdate(models.Model):
    action = models.ForeignKey(LearningAction, on_delete=models.CASCADE, related_name="updates")
    progress = models.TextField(max_length=5000)
    recorded_on = models.DateField()
    recorded_by_name = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return f"Progress on learning action {self.action_id}"
