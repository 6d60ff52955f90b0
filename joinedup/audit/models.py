"""The append-only, hash-chained audit trail (M36) and record history for edits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.core.actors import system_actor_label


class AuditAction(models.TextChoices):
    """Stable stored values; never rename one, only add."""

    VIEWED = "viewed", "Viewed"
    LISTED = "listed", "Listed"
    SEARCHED = "searched", "Searched"
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"
    EXPORTED = "exported", "Exported"
    SHARED = "shared", "Shared"
    MERGED = "merged", "Merged"
    BREAK_GLASS = "break_glass", "Break-glass access"
    BREAK_GLASS_REVIEWED = "break_glass_reviewed", "Break-glass access reviewed"
    ACCESS_GRANTED = "access_granted", "Restricted record access granted"
    ACCESS_REVOKED = "access_revoked", "Restricted record access revoked"
    SETTING_CHANGED = "setting_changed", "Setting changed"
    # Partner systems' API tokens (issue 26, ADR 0022).
    API_TOKEN_ISSUED = "api_token_issued", "API token issued"
    API_TOKEN_ROTATED = "api_token_rotated", "API token rotated"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
    API_TOKEN_USED = "api_token_used", "API token used"


class AuditEvent(models.Model):
    """One event. Rows are only ever inserted: the database refuses updates and deletes through the ORM
    (see `save` and `delete`), and each row's hash covers the previous row's, so any later change to a row
    breaks the chain that `manage.py audit_verify` checks."""

    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_system = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="The named system actor (core/actors.py) when no user did this, e.g. daily-jobs",
    )
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    child_id = models.BigIntegerField(null=True, blank=True, help_text="The child whose record this concerns")
    request_id = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True, help_text="Why, where a reason is required (break-glass)")
    changed_fields = models.JSONField(default=list, blank=True, help_text="Names of fields, never their values")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["child_id", "-occurred_at"], name="audit_child_time_idx"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time_idx"),
        ]
        constraints = [
            # A user or a named system actor, never both. (Events written before the system actor existed may
            # have neither; the auditor refuses to write a new one without an actor.)
            models.CheckConstraint(
                condition=Q(actor__isnull=True) | Q(actor_system=""), name="audit_event_one_kind_of_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only")

    @property
    def actor_system_label(self) -> str:
        """What the named system actor is, in plain English ("" when a user did this)."""
        return system_actor_label(self.actor_system) if self.actor_system else ""


class AuditChainHead(models.Model):
    """One row holding the hash of the newest event; locked while an event is appended, so the chain is
    a single sequence even with many writers."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    event_count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Audit chain head after {self.event_count} events"


class RecordHistory(models.Model):
    """Before and after values of an edited record, kept in the database (not in logs)."""

    audit_event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="history")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"History of audit event {self.audit_event_id}"
