"""What assessments give the oversight page (joinedup/core/sign_off.py): assessments proposing an outcome, waiting
for a manager to authorise them. Declared here, read by the oversight app (OversightConfig.ready)."""

from __future__ import annotations

from joinedup.core.sign_off import SignOffSource

from .selectors import awaiting_authorisation_for_teams

SIGN_OFF_SOURCES = [SignOffSource("assessments.authorisation", awaiting_authorisation_for_teams)]
