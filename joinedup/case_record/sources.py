"""The sign-off sources, registered from CaseRecordConfig.ready() until the registry moves to the oversight app."""

from __future__ import annotations


def register_sign_off() -> None:
    """Decisions awaiting a manager, for the oversight page: each app's own selector (one query each)."""
    from joinedup.assessments.selectors import awaiting_authorisation_for_teams
    from joinedup.front_door.selectors import decisions_awaiting_sign_off_for_teams

    from .selectors import supervision_awaiting_sign_off_for_teams
    from .sign_off import register_sign_off_source

    register_sign_off_source("case_record.supervision", supervision_awaiting_sign_off_for_teams)
    register_sign_off_source("assessments.authorisation", awaiting_authorisation_for_teams)
    register_sign_off_source("front_door.decision_sign_off", decisions_awaiting_sign_off_for_teams)
