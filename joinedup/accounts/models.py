from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in. What they may do comes from their practitioner record (agencies) via access/."""

    class Meta:
        db_table = "accounts_user"
