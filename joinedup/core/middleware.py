from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from .requestcontext import new_request_id, set_request_id


class RequestIdMiddleware:
    """Gives each request an id that audit events and log lines carry, and returns it in a header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = new_request_id()
        request.request_id = rid  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            set_request_id("-")
        response["X-Request-ID"] = rid
        return response


class NoStoreWhenSignedInMiddleware:
    """No browser or proxy keeps a copy of anything a signed-in person or a partner system was shown:
    `Cache-Control: no-store` (with Django's never-cache set: no-cache, must-revalidate, private, max-age=0) on
    every response to an authenticated request, and on every API response whatever the caller. Static assets
    are served before this middleware and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or request.path.startswith("/api/") or request.headers.get("Authorization"):
            add_never_cache_headers(response)
        return response


class RefuseTraceMiddleware:
    """TRACE (and CONNECT) echo or tunnel a request: nothing here answers them, whatever a view allows."""

    REFUSED = frozenset({"TRACE", "CONNECT"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in self.REFUSED:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        return self.get_response(request)
