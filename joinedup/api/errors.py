"""One error shape for the API: {"code", "message", "errors": [{"field", "code", "message"}]}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from joinedup.core.errors import NotFoundOrNotPermitted


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_field_errors(value, "" if name in ("non_field_errors", "__all__") else name))
    elif isinstance(detail, list):
        for item in detail:
            out.extend(_field_errors(item, prefix))
    else:
        out.append({"field": prefix, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotFoundOrNotPermitted | Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        errors = []
        for name, messages in exc.error_dict.items() if hasattr(exc, "error_dict") else [("", exc.error_list)]:
            for error in messages:
                msg = error.message % error.params if error.params else error.message
                errors.append(
                    {"field": "" if name == "__all__" else name, "code": error.code or "invalid", "message": str(msg)}
                )
        return Response(
            {"code": "invalid", "message": "The request has errors", "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "message": "The request has errors", "errors": _field_errors(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {"code": getattr(detail, "code", exc.default_code), "message": str(detail), "errors": []}
    return response
