"""A partner system's API token: how its key is made, what is stored of it, and how a presented key is checked.

A key is `jup_<prefix>_<secret>`: `jup_` so secret scanners recognise it, a 12-character hexadecimal prefix that is
stored as it is and finds the token, and a 256-bit random secret that is never stored. What is stored is a random
salt and the HMAC-SHA256 of the secret under it; a presented key is hashed the same way and compared in constant
time. The secret has 256 bits of entropy, so a slow password hash would add nothing against guessing and cost every
request its time (ADR 0022)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from .models import PartnerSystemToken

KEY_PREFIX = "jup_"
PREFIX_LENGTH = 12  # hexadecimal characters: 48 bits, unique in the table
SECRET_BYTES = 32  # 256 bits


@dataclass(frozen=True)
class NewKey:
    """A freshly made key: `key` is shown once to the administrator; the rest is what is stored."""

    key: str
    prefix: str
    salt: str
    secret_hash: str


def secret_hash(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode(), hashlib.sha256).hexdigest()


def key_new() -> NewKey:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    salt = secrets.token_hex(16)
    return NewKey(key=f"{KEY_PREFIX}{prefix}_{secret}", prefix=prefix, salt=salt, secret_hash=secret_hash(salt, secret))


def key_parts(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a key in the right shape, or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    rest = key[len(KEY_PREFIX) :]
    prefix, separator, secret = rest[:PREFIX_LENGTH], rest[PREFIX_LENGTH : PREFIX_LENGTH + 1], rest[PREFIX_LENGTH + 1 :]
    if separator != "_" or len(prefix) != PREFIX_LENGTH or not secret or len(secret) > 100:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix, secret


# Compared against when no token has the presented prefix, so an unknown prefix costs the same hash and comparison.
_NO_SUCH_TOKEN = key_new()


def token_for_key(key: str, *, now: datetime) -> PartnerSystemToken | None:
    """The live token this key belongs to, with its partner system and the user it acts as; None when the key is
    malformed, unknown, wrong, expired or revoked (the caller answers each the same way)."""
    parts = key_parts(key)
    if parts is None:
        return None
    prefix, secret = parts
    token = (
        PartnerSystemToken.objects.select_related(
            "partner_system__practitioner__user", "partner_system__account", "partner_system__organisation"
        )
        .filter(prefix=prefix)
        .first()
    )
    salt, expected = (token.salt, token.secret_hash) if token else (_NO_SUCH_TOKEN.salt, _NO_SUCH_TOKEN.secret_hash)
    matches = hmac.compare_digest(secret_hash(salt, secret), expected)
    if token is None or not matches or not token.is_live(now):
        return None
    return token
