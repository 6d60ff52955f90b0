"""Throttling the public form: a few reports sent, and a few started, per browser address in a window, each counted
in the cache under a keyed hash of the address (the address itself is never stored or logged)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PUBLIC_FORM_POSTS = 10
PUBLIC_FORM_STARTS = 2 * PUBLIC_FORM_POSTS  # reports started: some are left and started again, never sent
PUBLIC_FORM_WINDOW_SECONDS = 10 * 60


def _key(request: HttpRequest, what: str) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"front_door:public_form:{digest}" if what == "send" else f"front_door:public_form:{what}:{digest}"


def public_form_allowed(request: HttpRequest, what: str = "send") -> bool:
    """Count this post (a report sent, or with `what="start"`, one started); False once the address has sent
    PUBLIC_FORM_POSTS reports (or started PUBLIC_FORM_STARTS) within the window."""
    key = _key(request, what)
    limit = PUBLIC_FORM_POSTS if what == "send" else PUBLIC_FORM_STARTS
    if cache.add(key, 1, timeout=PUBLIC_FORM_WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=PUBLIC_FORM_WINDOW_SECONDS)
        return True
    return count <= limit
