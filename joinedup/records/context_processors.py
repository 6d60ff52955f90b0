from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of

from .navigation import child_record_actions, child_record_sections, navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    practitioner = practitioner_of(getattr(request, "user", None))
    return {
        "authority_name": settings.JOINEDUP_AUTHORITY["name"],
        "current_practitioner": practitioner,
        "navigation": navigation_for(request, practitioner),
        # The footer links to the API's schema only for those who use the API (issue 19).
        "shows_api_schema": has_permission(getattr(request, "user", None), Permission.VIEW_API_SCHEMA),
        # The child's record's sections and actions, for the pages that show its navigation (records/navigation.py).
        "child_record_sections": child_record_sections,
        "child_record_actions": child_record_actions,
        "csp_nonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else None,
    }
