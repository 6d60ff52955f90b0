from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from joinedup.accounts.middleware import second_factor_satisfied


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts only once its second factor is satisfied."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        if not second_factor_satisfied(request._request):
            return None
        return result
