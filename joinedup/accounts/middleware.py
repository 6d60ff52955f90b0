from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

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
