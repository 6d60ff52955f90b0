"""What the front door gives the oversight page (joinedup/core/sign_off.py): decisions on contacts waiting for the
front door manager's sign-off. Declared here, read by the oversight app (OversightConfig.ready)."""

from __future__ import annotations

from joinedup.core.sign_off import SignOffSource

from .selectors import decisions_awaiting_sign_off_for_teams

SIGN_OFF_SOURCES = [SignOffSource("front_door.decision_sign_off", decisions_awaiting_sign_off_for_teams)]
