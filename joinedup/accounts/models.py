from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in. What they may do comes from their practitioner record (agencies) via access/."""

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
