from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
