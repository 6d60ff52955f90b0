"""What a session remembers of signing in: when it happened, for its absolute lifetime (SessionLifetimeMiddleware),
and the one-time link to set up an authenticator app that was opened in it."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

# When the user signed in with their password, as seconds since the epoch (sessions are stored as JSON).
SIGNED_IN_AT_SESSION_KEY = "joinedup_signed_in_at"
# The one-time enrolment link a user opened, kept until they have signed in and set up their app.
ENROLMENT_TOKEN_SESSION_KEY = "joinedup_enrolment_token"  # noqa: S105 - a session key's name, not a secret


@receiver(user_logged_in, dispatch_uid="joinedup-signed-in-at")
def note_when_signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Every sign-in (the password step, and the test client's force_login) starts the session's lifetime."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT_SESSION_KEY] = int(timezone.now().timestamp())


def signed_in_at_of(session: Any) -> datetime | None:
    value = session.get(SIGNED_IN_AT_SESSION_KEY)
    if not isinstance(value, int):
        return None
    return datetime.fromtimestamp(value, tz=UTC)


def sessions_end(*, user_id: int) -> int:
    """End every session of the user's at once, by deleting it from the session store (a deactivated leaver, issue
    20): the browser's next request has no session and is signed out. Sessions are kept as encoded data, not by user,
    so each unexpired one is read. Returns how many were ended. For a store with no database table (the cache or
    signed cookies) nothing can be found; an inactive user is still refused by the authentication backend."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    ended = [
        row.session_key
        for row in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(store().decode(row.session_data).get("_auth_user_id")) == str(user_id)
    ]
    for key in ended:
        store(session_key=key).delete()
    return len(ended)
