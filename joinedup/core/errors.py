"""Domain errors that carry a machine-readable code, a message and the field they concern.

Services raise `DomainValidationError`; forms show it in the GOV.UK error summary and the API answers 400
with the same code, message and field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404


class DomainValidationError(ValidationError):
    """A ValidationError raised by a service: {field: [messages]} with a code on each."""


def field_error(field: str, message: str, code: str) -> DomainValidationError:
    return DomainValidationError({field: [ValidationError(message, code=code)]})


class NotFoundOrNotPermitted(Http404):
    """The record does not exist or the actor may not see it. Pages and the API answer 404 either way, wherever it
    is raised (it is Django's Http404, which DRF answers as 404 too), so no view needs to catch it."""
