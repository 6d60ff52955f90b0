"""What access is decided from: involvements, restricted-record grants and break-glass access (M36)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel


class InvolvementRole(models.TextChoices):
    ALLOCATED_SOCIAL_WORKER = "allocated_social_worker", "Allocated social worker"
    LEAD_PRACTITIONER = "lead_practitioner", "Family Help lead practitioner"
    LEAD_CHILD_PROTECTION_PRACTITIONER = "lead_child_protection_practitioner", "Lead child protection practitioner"
    FAMILY_HELP_TEAM_MEMBER = "family_help_team_member", "Family Help team member"
    CORE_GROUP_MEMBER = "core_group_member", "Core group member"
    INDEPENDENT_REVIEWING_OFFICER = "independent_reviewing_officer", "Independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    SCHOOL_DESIGNATED_SAFEGUARDING_LEAD = "school_dsl", "School designated safeguarding lead"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    GP = "gp", "GP"
    MIDWIFE = "midwife", "Midwife"
    POLICE_CONTACT = "police_contact", "Police contact"
    OTHER_PROFESSIONAL = "other_professional", "Other professional"
    # Children in care (issue 8)
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"
    LOOKED_AFTER_CHILDREN_NURSE = "looked_after_children_nurse", "Looked-after children's nurse"
    FOSTER_CARER = "foster_carer", "Foster carer"
    RESIDENTIAL_KEY_WORKER = "residential_key_worker", "Residential key worker"


class InvolvementWork(models.TextChoices):
    """The work that gave a practitioner an involvement, where that work also ends it. Access reads this, not the
    work's own tables: a partner takes part in child protection while they hold an open involvement of that work."""

    CHILD_PROTECTION = "child_protection", "Child protection"


class SocialWorkerChangeReason(models.TextChoices):
    """Why a child's allocated social worker changed to this one: the DfE's SSDA903 SW_REASON codes (social worker
    episodes, from 2023-24). The first social worker a child is given, or one after a re-referral, is FCONTA."""

    MANAGE = "MANAGE", "Managing caseloads"
    FCONTA = "FCONTA", "First contact or re-referral"
    LEFTRL = "LEFTRL", "The previous social worker left their role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer between teams as part of the authority's process"
    ABSENC = "ABSENC", "Absence cover or return from absence"
    CHCHAN = "CHCHAN", "The child asked to change from the previous social worker"
    PCCHAN = "PCCHAN", "A parent or carer asked to change from the previous social worker"
    SWDIED = "SWDIED", "The previous social worker died"
    OTHERS = "OTHERS", "Other"


class Involvement(TimeStampedModel):
    """A practitioner's part in a child's life and work, with dates. Access rules read these."""

    practitioner = models.ForeignKey("agencies.Practitioner", on_delete=models.PROTECT, related_name="involvements")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="involvements")
    team = models.ForeignKey(
        "agencies.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
        help_text="The team the work is allocated to; its manager oversees it",
    )
    role = models.CharField(max_length=40, choices=InvolvementRole.choices)
    work = models.CharField(
        max_length=30,
        choices=InvolvementWork.choices,
        blank=True,
        default="",
        help_text="The work that gave this involvement and ends it with itself; blank for an involvement held for "
        "its own sake (an allocation, a lead practitioner, a school)",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ended_when_worker_left = models.BooleanField(
        default=False,
        help_text="Ended because its practitioner left (access/staff.py: practitioner_deactivate): the team it was "
        "allocated in still oversees the child until someone holds their work again (access/scopes.py)",
    )
    reason_for_social_worker_change = models.CharField(
        max_length=6,
        choices=SocialWorkerChangeReason.choices,
        blank=True,
        default="",
        help_text="An allocated social worker's: why the child's social worker changed to this one (SSDA903 "
        "SW_REASON); FCONTA for the first",
    )

    class Meta:
        indexes = [
            # Covering the child, so the access scope reads a worker's or a team's children from the index alone.
            models.Index(fields=["practitioner", "ended_on"], include=["child"], name="involvement_practitioner_idx"),
            models.Index(fields=["team", "ended_on"], include=["child"], name="involvement_team_idx"),
            models.Index(fields=["child", "ended_on"], name="involvement_child_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="involvement_ends_after_it_starts",
            )
        ]


# The roles through which a practitioner holds a child's work: the child is allocated to them (issue 19, item 7). A
# core group member, a school's safeguarding lead or an independent reviewing officer works with the child but does
# not hold the case. access/selectors.py reads caseloads through these; access/scopes.py, a team's children whose
# worker left.
CASELOAD_ROLES = frozenset(
    {
        InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        InvolvementRole.LEAD_PRACTITIONER,
        InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
        InvolvementRole.PERSONAL_ADVISER,
    }
)


class RestrictedRecordGrant(TimeStampedModel):
    """An explicit grant to see a restricted record (for example a staff member's own family)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="restricted_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restricted_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"], name="grant_user_idx")]


class BreakGlassAccess(TimeStampedModel):
    """Emergency access to a record the user would not otherwise see: a reason, a time limit, a review. It opens the
    record for reading; recording on it needs a second reason (`write_reason`)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="break_glass_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses")
    reason = models.TextField()
    expires_at = models.DateTimeField()
    write_reason = models.TextField(
        blank=True,
        help_text="Break-glass opens a record for reading; recording on it needs this second, separate reason",
    )
    writing_allowed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_user_idx")]

    @property
    def allows_writing(self) -> bool:
        return bool(self.write_reason)

    @property
    def is_repeated_use(self) -> bool:
        """Whether its user opened more break-glass accesses in the repeat period than the limit (settings), counting
        this one: known on an access read for review (access/selectors.py annotates `uses_in_period`)."""
        uses = getattr(self, "uses_in_period", None)
        return uses is not None and uses > settings.JOINEDUP_BREAK_GLASS_REPEAT_LIMIT
