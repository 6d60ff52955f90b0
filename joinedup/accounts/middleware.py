from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

from .sessions import signed_in_at_of

# Paths a signed-in user who has not yet given a second factor may still reach.
_OPEN_PREFIXES = ("/sign-in/", "/sign-out/", "/assets/", "/healthz", "/api/")


class SecondFactorRequiredMiddleware:
    """Every signed-in page needs a verified second factor, except where demo settings allow skipping it.
    The API is guarded by its own authentication classes (a session must be verified; tokens are issued to
    partner systems)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not second_factor_satisfied(request)
        ):
            return redirect("accounts:second_factor")
        return self.get_response(request)


def second_factor_satisfied(request: HttpRequest) -> bool:
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    if not settings.JOINEDUP_SECOND_FACTOR_REQUIRED:
        return True
    return bool(settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR and request.session.get("demo_second_factor_skipped"))


class SessionLifetimeMiddleware:
    """A session ends a fixed time after signing in (`JOINEDUP_SESSION_ABSOLUTE_LIFETIME`), however active it is;
    the idle timeout (`SESSION_COOKIE_AGE`, renewed on every request) still ends it sooner when it is left alone.

    The time of signing in is written into the session when the user signs in (accounts/sessions.py). A request
    after the lifetime, or from a session that does not say when it was signed in, signs the user out and sends
    them to sign in again with a message, then back to the page they asked for. Nothing else is lost: drafts are
    kept on the server under their author, not in the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_lifetime_over(request):
            logout(request)
            if not request.path.startswith("/api/"):
                messages.info(request, session_lifetime_over_message())
                target = request.get_full_path() if request.method == "GET" else "/"
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")
        return self.get_response(request)


def session_lifetime_over_message() -> str:
    hours = round(settings.JOINEDUP_SESSION_ABSOLUTE_LIFETIME.total_seconds() / 3600)
    return (
        f"You have been signed out because you signed in more than {hours} hour{'' if hours == 1 else 's'} ago. "
        "Sign in again to carry on. Nothing you saved, including drafts, has been lost."
    )


def session_lifetime_over(request: HttpRequest) -> bool:
    signed_in_at = signed_in_at_of(request.session)
    if signed_in_at is None:
        return True
    return timezone.now() - signed_in_at >= settings.JOINEDUP_SESSION_ABSOLUTE_LIFETIME
