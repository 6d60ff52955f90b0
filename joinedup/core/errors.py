"""Domain errors that carry a machine-readable code, a message and the field they concern.

Services raise `DomainValidationError`; forms show it in the GOV.UK error summary and the API answers 400
with the same code, message and field. A service that checks several things collects them in `FieldErrors` and
raises them together, so the form shows every problem at once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404


class DomainValidationError(ValidationError):
    """A ValidationError raised by a service: {field: [messages]} with a code on each."""


def field_error(field: str, message: str, code: str) -> DomainValidationError:
    return DomainValidationError({field: [ValidationError(message, code=code)]})


class FieldErrors:
    """A service's field errors, collected so a form shows every problem at once: `add` each, then
    `raise_if_any` raises them together as one `DomainValidationError` ({field: [messages with codes]}). True when
    any were added, for a check that only makes sense once the earlier ones passed."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainValidationError(self.errors)


class NotFoundOrNotPermitted(Http404):
    """The record does not exist or the actor may not see it. Pages and the API answer 404 either way, wherever it
    is raised (it is Django's Http404, which DRF answers as 404 too), so no view needs to catch it."""
