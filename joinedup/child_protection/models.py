"""The multi-agency child protection tier (M17-M20, M14): strategy discussions, section 47 enquiries by the
multi-agency child protection team, conferences (initial, review, pre-birth, transfer-in) with the agencies'
reports and minutes, the child protection plan with its actions, core group meetings and visits, and
pre-proceedings. Each sits inside the child's episode of need (episodes.CaseEpisode)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from joinedup.children_in_care.codes import CarerRole
from joinedup.core.models import TimeStampedModel
from joinedup.core.voice import ChildVoiceFields

from .codes import (
    CIN_CATEGORY_LABELS,
    Agency,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    MinutesVersion,
    ParentsParticipation,
    PlanEndReason,
    PreProceedingsOutcome,
    Section47Outcome,
    StrategyOutcome,
    TeamMemberRole,
    ThresholdView,
)


class StrategyDiscussion(ChildVoiceFields, TimeStampedModel):
    """Held when there is reasonable cause to suspect significant harm (M17): the local authority, police and
    health at least; the information shared, the decisions and actions; the child's wishes and feelings or why they
    could not be obtained (M26); the outcome."""

    episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="strategy_discussions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="strategy_discussions")
    reasonable_cause_on = models.DateField(
        help_text="The decision that there is reasonable cause to suspect significant harm (starts the clock)"
    )
    immediate_danger = models.BooleanField(default=False)
    held_on = models.DateField()
    harms = models.ManyToManyField("harms.HarmType", related_name="+", help_text="The concerns discussed")
    information_shared = models.TextField()
    decisions = models.TextField()
    outcome = models.CharField(max_length=20, choices=StrategyOutcome.choices)
    outcome_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["child", "held_on"], name="cp_strategy_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__gte=models.F("reasonable_cause_on")), name="cp_strategy_held_after_cause"
            )
        ]

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk} for child {self.child_id}"


class StrategyParticipant(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="participants")
    practitioner = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, help_text="As recorded (a practitioner's name, or someone without a login)")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    is_experienced_health_representative = models.BooleanField(
        default=False, help_text="M14: an experienced health representative, for concerns of sexual abuse"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A carer the child lives with who took part, as a person in the family network (no login needed)",
    )
    carer_role = models.CharField(
        max_length=30,
        choices=CarerRole.choices,
        blank=True,
        help_text="For a carer the child lives with (M21): their part, from the placement record",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"StrategyParticipant {self.pk}"

    @property
    def described(self) -> str:
        """Their name, with their part when they are a carer the child lives with, or when they took part as an
        experienced health representative (M14)."""
        if self.carer_role:
            return f"{self.name} ({self.get_carer_role_display().lower()})"
        if self.is_experienced_health_representative:
            return f"{self.name} (experienced health representative)"
        return self.name


class StrategyContribution(TimeStampedModel):
    """One invited agency's part in a strategy discussion (M17), recorded by its practitioner in their own login (or
    by the local authority on their behalf, marked as such): what they shared, their view on the threshold, and the
    actions they own (StrategyAction.contribution)."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="contributions")
    practitioner = models.ForeignKey(
        "agencies.Practitioner", on_delete=models.PROTECT, related_name="+", help_text="Whose contribution it is"
    )
    agency = models.CharField(max_length=20, choices=Agency.choices)
    information_shared = models.TextField()
    threshold_view = models.CharField(max_length=10, choices=ThresholdView.choices)
    recorded_by = models.ForeignKey(
        "agencies.Practitioner",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who typed it: the practitioner, or the local authority on their behalf",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["discussion", "practitioner"], name="cp_strategy_contribution_once")
        ]

    def __str__(self) -> str:
        return f"StrategyContribution {self.pk}"

    @property
    def on_behalf(self) -> bool:
        return self.recorded_by_id != self.practitioner_id


class StrategyAction(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=500)
    owner = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    contribution = models.ForeignKey(
        StrategyContribution,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
        help_text="The agency's contribution that added it (none: the discussion's own record)",
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"StrategyAction {self.pk}"


class Section47Enquiry(ChildVoiceFields, TimeStampedModel):
    """A section 47 enquiry by the multi-agency child protection team (M18), led by the lead child protection
    practitioner, with the child's wishes and feelings or why they could not be obtained at its outcome (M26). The
    initial conference clock runs from the strategy discussion that started it."""

    episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="section_47_enquiries")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="section_47_enquiries")
    strategy_discussion = models.OneToOneField(StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiry")
    started_on = models.DateField()
    lead_practitioner = models.ForeignKey(
        "agencies.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The lead child protection practitioner",
    )
    findings = models.TextField(blank=True)
    outcome = models.CharField(max_length=24, choices=Section47Outcome.choices, blank=True)
    concluded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["child", "started_on"], name="cp_s47_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("started_on")),
                name="cp_s47_concludes_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.pk} for child {self.child_id}"


class ChildProtectionTeamMember(models.Model):
    """A member of the multi-agency child protection team for one enquiry."""

    enquiry = models.ForeignKey(Section47Enquiry, on_delete=models.CASCADE, related_name="team_members")
    practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    member_role = models.CharField(max_length=24, choices=TeamMemberRole.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["enquiry", "practitioner"], name="cp_team_member_once")]

    def __str__(self) -> str:
        return f"ChildProtectionTeamMember {self.pk}"


class TransferIn(TimeStampedModel):
    """Notification that a child on a child protection plan elsewhere has moved into the area (starts the
    transfer-in conference clock)."""

    episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_protection_transfers_in")
    notified_on = models.DateField()
    from_authority = models.CharField(max_length=200)
    previous_plan_started_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"TransferIn {self.pk}"


class Conference(ChildVoiceFields, TimeStampedModel):
    """A child protection conference (M19). Arranged first (date, chair, invitations: agencies send their
    reports through the partner portal), then held: the child's wishes and feelings in their own words or why they
    could not be obtained (M26), carried by the plan the conference starts or reviews; the parents' participation,
    the decision and the categories of harm, the outline plan, minutes (and a parents' version) shared with those
    entitled."""

    episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="conferences")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_protection_conferences")
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    status = models.CharField(max_length=10, choices=ConferenceStatus.choices, default=ConferenceStatus.ARRANGED)
    enquiry = models.ForeignKey(
        Section47Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    plan = models.ForeignKey(
        "ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
        help_text="The plan a review conference reviews, or the plan an initial conference started",
    )
    transfer_in = models.ForeignKey(TransferIn, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    planned_for = models.DateField()
    chair = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    family_invited = models.TextField(blank=True, help_text="The family members invited, and how")
    held_on = models.DateField(null=True, blank=True)
    child_views_how = models.TextField(blank=True, help_text="How the child's wishes and feelings were gathered")
    parents_participation = models.CharField(max_length=20, choices=ParentsParticipation.choices, blank=True)
    decision = models.CharField(max_length=10, choices=ConferenceDecision.choices, blank=True)
    harms = models.ManyToManyField("harms.HarmType", related_name="+", blank=True, help_text="Categories of harm")
    cin_category = models.CharField(max_length=3, blank=True, help_text="CIN census category of abuse, mapped")
    outline_plan = models.TextField(blank=True)
    step_down_to_family_help = models.BooleanField(default=False)
    minutes = models.TextField(blank=True)
    parents_minutes = models.TextField(blank=True, help_text="The version of the minutes for the parents")
    minutes_shared_on = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-planned_for", "-id"]
        indexes = [models.Index(fields=["child", "planned_for"], name="cp_conference_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="arranged") | Q(held_on__isnull=False), name="cp_held_conference_has_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def date(self):  # type: ignore[no-untyped-def]
        return self.held_on or self.planned_for


class ConferenceInvitation(models.Model):
    """An agency's practitioner invited to the conference and asked for a written report."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    invited_on = models.DateField()
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["conference", "practitioner"], name="cp_invited_once")]

    def __str__(self) -> str:
        return f"ConferenceInvitation {self.pk}"


class CarerParticipant(models.Model):
    """A carer the child lives with taking part (M21), from the placement record: a person in the family network
    (no login needed) or the foster carer or residential care worker who uses JoinedUp, with their role."""

    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    carer_role = models.CharField(max_length=30, choices=CarerRole.choices)

    class Meta:
        abstract = True
        ordering = ["id"]

    @property
    def described(self) -> str:
        return f"{self.name} ({self.get_carer_role_display().lower()})"  # type: ignore[attr-defined]


class ConferenceCarer(CarerParticipant):
    """A carer the child lives with, invited to the conference, and whether they attended."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="carers")
    attended = models.BooleanField(null=True, blank=True)

    class Meta(CarerParticipant.Meta):
        pass

    def __str__(self) -> str:
        return f"ConferenceCarer {self.pk}"


class AgencyReport(TimeStampedModel):
    """An agency's written report to a conference, submitted through the partner portal before it."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="reports")
    invitation = models.OneToOneField(ConferenceInvitation, on_delete=models.CASCADE, related_name="report")
    author = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    involvement = models.TextField(help_text="The agency's involvement with the child and family")
    concerns = models.TextField(help_text="What the agency knows and is worried about")
    strengths = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    shared_with_family = models.BooleanField(default=False)
    submitted_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"AgencyReport {self.pk}"


class MinutesShare(models.Model):
    """Who the minutes went to, and which version."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="minutes_shares")
    recipient = models.CharField(max_length=200)
    practitioner = models.ForeignKey("agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT)
    version = models.CharField(max_length=10, choices=MinutesVersion.choices)
    shared_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"MinutesShare {self.pk}"


class ChildProtectionPlan(TimeStampedModel):
    """The child protection plan (M20), started by a conference's decision; ended at a review conference (with
    step-down to Family Help in the same episode), or automatically when the child turns 18, dies or moves away."""

    episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_protection_plans")
    started_on = models.DateField()
    starting_conference = models.OneToOneField(Conference, on_delete=models.PROTECT, related_name="started_plan")
    initial_category = models.CharField(max_length=3, help_text="CIN census CPPinitialCategory")
    latest_category = models.CharField(max_length=3, help_text="CIN census CPPlatestCategory")
    harms = models.ManyToManyField("harms.HarmType", related_name="+", help_text="The latest categories of harm")
    is_repeat = models.BooleanField(default=False, help_text="The child has been the subject of a plan before")
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    ending_conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="ended_plans"
    )
    ended_automatically = models.BooleanField(default=False)
    flagged_for_review = models.BooleanField(
        default=False, help_text="Ended automatically: for the lead practitioner and manager to check"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["child", "started_on"], name="cp_plan_child_idx"),
            models.Index(fields=["ended_on"], name="cp_plan_open_idx", condition=Q(ended_on__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(ended_on__isnull=True), name="cp_one_open_plan"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="cp_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan {self.pk} for child {self.child_id}"

    def category_of_abuse_in_words(self) -> str:
        """The CIN census category of abuse as people say it: "Emotional abuse", and what it was at the start of
        the plan when that differs ("Multiple (at the start of the plan: Neglect)"), never the census's codes."""
        latest = CIN_CATEGORY_LABELS.get(self.latest_category, self.latest_category)
        if self.initial_category == self.latest_category or not self.initial_category:
            return latest
        initial = CIN_CATEGORY_LABELS.get(self.initial_category, self.initial_category)
        return f"{latest} (at the start of the plan: {initial})"


class PlanAction(models.Model):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=500)
    owner = models.ForeignKey("agencies.Practitioner", null=True, blank=True, on_delete=models.PROTECT)
    owner_name = models.CharField(max_length=200, blank=True, help_text="A family member or someone without a login")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    progress = models.TextField(blank=True, help_text="The latest progress, in the words of whoever updated it")
    added_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"PlanAction {self.pk}"


class CoreGroupMember(models.Model):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_group")
    practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=20, choices=Agency.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "practitioner"], name="cp_core_group_member_once")]

    def __str__(self) -> str:
        return f"CoreGroupMember {self.pk}"


class CoreGroupCarer(CarerParticipant):
    """A carer the child lives with, a member of the plan's core group (from the conference's carers)."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_group_carers")

    class Meta(CarerParticipant.Meta):
        pass

    def __str__(self) -> str:
        return f"CoreGroupCarer {self.pk}"


class CoreGroupMeeting(TimeStampedModel):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_group_meetings")
    held_on = models.DateField()
    attended = models.TextField(help_text="Who took part")
    progress = models.TextField(help_text="Progress against the plan and what changes")
    changes = models.TextField(blank=True, help_text="What changes in the plan")
    recorded_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"CoreGroupMeeting {self.pk}"


class ChildProtectionVisit(TimeStampedModel):
    """A visit while the plan was in force, as the plan's visiting clock counts it: the subject of the clock it
    started. Since issue 18 a visit is recorded once (joinedup/visits/) and this row is linked to that child's part
    of it (`visit_child`), written by child_protection/visits.py."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="visits")
    visit_child = models.OneToOneField(
        "visits.VisitChild", null=True, blank=True, on_delete=models.CASCADE, related_name="child_protection_visit"
    )
    visited_on = models.DateField()
    visited_by = models.ForeignKey("agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL)
    child_seen = models.BooleanField()
    child_seen_alone = models.BooleanField()
    reason_not_seen_alone = models.TextField(blank=True)

    class Meta:
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"ChildProtectionVisit {self.pk}"


class PreProceedings(TimeStampedModel):
    """The pre-proceedings stage of the Public Law Outline (the CIN census's pre-proceedings module): start,
    the letter before proceedings, meetings and the outcome."""

    episode = models.ForeignKey("episodes.CaseEpisode", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pre_proceedings")
    started_on = models.DateField(help_text="The legal planning meeting's decision to enter pre-proceedings")
    letter_before_proceedings_on = models.DateField(null=True, blank=True)
    family_group_decision_making_offered = models.BooleanField(null=True, blank=True)
    family_group_decision_making = models.ForeignKey(
        "family_help.FamilyGroupDecisionMaking",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The offer of family group decision making before proceedings (family_help records it)",
    )
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=PreProceedingsOutcome.choices, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="cp_pre_proceedings_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"PreProceedings {self.pk}"


class PreProceedingsMeeting(models.Model):
    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    notes = models.TextField()

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"PreProceedingsMeeting {self.pk}"
