"""The harm definitions page: the 2026 taxonomy as practitioners and the public read it, with its codes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .taxonomy import TAXONOMY


def harm_definitions(request: HttpRequest) -> HttpResponse:
    """Public: no personal data, and the public concern form links here."""
    harms = list(selectors.harm_types_all().filter(is_active=True))
    return render(
        request,
        "harms/definitions.html",
        {
            "groups": selectors.harm_groups(harms),
            "indicators": selectors.risk_indicator_types_offered(),
            "escalation": TAXONOMY.escalation,
        },
    )
