from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A person who signs in. What they may do comes from their practitioner record (agencies) via access/.

    A partner system that acts as itself (not through a named practitioner) has an account of its own here, with no
    usable password: it never signs in, and is only ever the user of a request its token authenticated (ADR 0022)."""

    class Meta:
        db_table = "accounts_user"


def enrolment_token_hash(token: str) -> str:
    """A link's token is 256 random bits, so one SHA-256 of it (no salt, no stretching) is as hard to reverse as
    guessing the token; only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_token_new() -> str:
    return secrets.token_urlsafe(32)


class EnrolmentLink(models.Model):
    """A one-time link, issued by an administrator for a named user, to set up their first authenticator app.
    Only the token's hash is kept; the link is shown once, to the administrator who issues it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"Enrolment link {self.pk} for user {self.user_id}"


class PartnerSystem(models.Model):
    """A partner agency's system that calls the API (a school's management information system, a health system, the
    police system), belonging to one organisation. It acts through a named practitioner of that organisation (whose
    permissions it has, narrowed by its token's scopes) or as the system itself, with an account of its own and no
    permission but what a rule grants a named partner system. People never hold tokens: they sign in (ADR 0022)."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey("agencies.Organisation", on_delete=models.PROTECT, related_name="partner_systems")
    practitioner = models.ForeignKey(
        "agencies.Practitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_systems",
        help_text="The named practitioner the system acts through, or none when it acts as itself",
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_partner_system",
        help_text="The system's own account, when it acts as itself (no usable password: it never signs in)",
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Through a named practitioner, or as itself: exactly one.
            models.CheckConstraint(
                condition=(Q(practitioner__isnull=False) & Q(account__isnull=True))
                | (Q(practitioner__isnull=True) & Q(account__isnull=False)),
                name="partner_system_acts_through_a_practitioner_or_as_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def acts_as_itself(self) -> bool:
        return self.practitioner_id is None

    def acting_user(self) -> User | None:
        """The user whose requests the system's token makes: the named practitioner's, or its own account."""
        if self.practitioner_id is not None:
            return self.practitioner.user  # type: ignore[union-attr,no-any-return]
        return self.account


class PartnerSystemToken(models.Model):
    """A partner system's API token. The secret is shown once, when the token is issued, and never stored: only a
    prefix to find the token by and a salted hash of the secret, compared in constant time (accounts/tokens.py). A
    token expires (always, and within the longest lifetime the settings allow), is limited to its scopes (the
    endpoints and permissions access/api_scopes.py gives each), and can be rotated or revoked (ADR 0022)."""

    partner_system = models.ForeignKey(PartnerSystem, on_delete=models.PROTECT, related_name="tokens")
    prefix = models.CharField(max_length=16, unique=True, help_text="The token's public part, to find it by")
    salt = models.CharField(max_length=32)
    secret_hash = models.CharField(max_length=64, help_text="HMAC-SHA256 of the secret under the salt")
    scopes = models.JSONField(default=list, help_text="Scope codes (access/api_scopes.py)")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_reason = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The token this one replaced when it was rotated",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("issued_at")), name="api_token_expires_later"),
        ]

    def __str__(self) -> str:
        return f"API token {self.display_prefix}"

    @property
    def display_prefix(self) -> str:
        """How pages and messages name the token: its public part, never its secret."""
        return f"jup_{self.prefix}"

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at
