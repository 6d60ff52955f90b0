"""Throttling the public form: a few submissions per browser address in a window, counted in the cache under a
keyed hash of the address (the address itself is never stored or logged)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PUBLIC_FORM_POSTS = 10
PUBLIC_FORM_WINDOW_SECONDS = 10 * 60


def _key(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"front_door:public_form:{digest}"


def public_form_allowed(request: HttpRequest) -> bool:
    """Count this post; False once the address has posted PUBLIC_FORM_POSTS times within the window."""
    key = _key(request)
    if cache.add(key, 1, timeout=PUBLIC_FORM_WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=PUBLIC_FORM_WINDOW_SECONDS)
        return True
    return count <= PUBLIC_FORM_POSTS
