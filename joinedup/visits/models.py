"""One visit (issue 18, ADR 0023): the shared part once (`Visit`), and one row per child present (`VisitChild`)
with that child's own answers: seen, seen alone, why not, their own words, what was observed about them.

The apps whose statutory clocks a visit meets keep their own rows of it, linked to the child's `VisitChild`
(child protection's `ChildProtectionVisit`, children in care's regulation 28 `StatutoryVisit`): the clock's subject
and that app's own fields, never a second copy of what was said."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.models import TimeStampedModel


class VisitKind(models.TextChoices):
    HOME = "home", "Home visit"
    SCHOOL = "school", "Visit at school, college or nursery"
    PLACEMENT = "placement", "Visit at the child's placement"
    ELSEWHERE = "elsewhere", "Visit somewhere else"
    OFFICE = "office", "At the office"
    VIRTUAL = "virtual", "Virtual (a video call)"
    OTHER_DIRECT = "other_direct", "Other direct contact with the child"


class BedroomSeen(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_RELEVANT = "not_relevant", "Not relevant to this visit"


class Visit(TimeStampedModel):
    """What the children in a visit share: when, what kind, where, who visited and who else was there, and what
    happened. Written once however many brothers and sisters were seen."""

    visited_on = models.DateField()
    visited_at = models.TimeField(null=True, blank=True, help_text="The time the visit started, when known")
    kind = models.CharField(max_length=20, choices=VisitKind.choices)
    place = models.CharField(max_length=300, blank=True, help_text="Where, when not the child's home")
    visited_by = models.ForeignKey(
        "agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visited_by_name = models.CharField(max_length=200, blank=True)
    others_present = models.TextField(max_length=2000, blank=True, help_text="Anyone else there, and their role")
    account = models.TextField(max_length=20000, blank=True, help_text="What happened: the shared account")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField(
        max_length=80,
        blank=True,
        help_text="Where a visit recorded before issue 18 came from ('child_protection.visit:12'); blank for new ones",
    )

    class Meta:
        ordering = ["visited_on", "visited_at", "id"]
        indexes = [models.Index(fields=["origin"], name="visit_origin_idx", condition=~Q(origin=""))]

    def __str__(self) -> str:
        return f"Visit {self.pk} on {self.visited_on}"


class VisitChild(models.Model):
    """One child's part of a visit: their own answers, never another child's."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(help_text="The visit's date, kept here so a child's visits read from one index")
    seen = models.BooleanField()
    seen_alone = models.BooleanField()
    reason_not_seen = models.TextField(max_length=2000, blank=True)
    reason_not_seen_alone = models.TextField(max_length=2000, blank=True)
    childs_words = models.TextField("the child's own words", max_length=10000, blank=True)
    observations = models.TextField(max_length=10000, blank=True, help_text="What was observed about this child")
    bedroom_seen = models.CharField(max_length=20, choices=BedroomSeen.choices, blank=True)

    class Meta:
        ordering = ["visited_on", "visit_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "child"], name="visit_child_once"),
            models.CheckConstraint(condition=Q(seen_alone=False) | Q(seen=True), name="visit_seen_alone_when_seen"),
        ]
        indexes = [models.Index(fields=["child", "visited_on"], name="visit_child_date_idx")]

    def __str__(self) -> str:
        return f"Visit {self.visit_id} to child {self.child_id}"


class VisitDraft(TimeStampedModel):
    """What a worker has typed of a visit so far, kept on the server as they type (autosave) and on every
    submission, so neither a session timeout nor an error loses it (as the case record's note drafts). Seen only by
    its author; deleted once the visit is recorded."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", help_text="Started from")
    data = models.JSONField(default=dict)
    audited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["author", "child"], name="visit_draft_idx")]
