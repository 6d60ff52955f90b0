"""What the case record gives the oversight page (joinedup/core/sign_off.py): supervision decisions a worker
recorded, waiting for their manager's sign-off. Declared here, read by the oversight app (OversightConfig.ready)."""

from __future__ import annotations

from joinedup.core.sign_off import SignOffSource

from .selectors import supervision_awaiting_sign_off_for_teams

SIGN_OFF_SOURCES = [SignOffSource("case_record.supervision", supervision_awaiting_sign_off_for_teams)]
