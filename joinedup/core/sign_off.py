"""The contract of a decision awaiting a manager's sign-off (M28): the one shape every app gives the oversight page,
without importing the layer that reads them (joinedup/oversight/, ADR 0020).

Each app that has something a manager signs off or authorises declares a source in its own ``oversight.py``::

    # joinedup/assessments/oversight.py
    from joinedup.core.sign_off import SignOffSource

    from .selectors import awaiting_authorisation_for_teams

    SIGN_OFF_SOURCES = [SignOffSource("assessments.authorisation", awaiting_authorisation_for_teams)]

    # joinedup/assessments/selectors.py
    def awaiting_authorisation_for_teams(*, actor, team_ids) -> list[AwaitingSignOff]:
        ...  # ONE query: the items submitted by members of `team_ids`, scoped through access/scopes.py

A source is called once per page with the teams the manager manages and must read its items in one query, whatever
their number, returning only what the manager may see (children_visible_to, front_door's contacts_visible_to).
The oversight page sorts them oldest first, counts working days, and audits them with the rest of the page in one
bulk write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class AwaitingSignOff:
    """One decision waiting for a manager: what, about which child, since when, who submitted it, and where the
    manager signs it off. `object_type` and `object_id` name the record for the audit trail."""

    kind: str
    what: str
    child_id: int | None
    child_name: str
    since: dt.date
    submitted_by: str
    submitted_by_id: int | None  # the submitting practitioner, for the caseload counts
    url: str
    object_type: str
    object_id: int
    working_days: int = 0
    child_url: str = ""  # the child's record, filled in by the oversight page's reader (once per child)


class SignOffReader(Protocol):
    """A sign-off source's function: what waits for the manager of `team_ids`, in one query."""

    def __call__(self, *, actor: Any, team_ids: list[int]) -> Iterable[AwaitingSignOff]: ...


@dataclass(frozen=True)
class SignOffSource:
    """A source of items awaiting sign-off as an app declares it in its ``oversight.py`` (``SIGN_OFF_SOURCES``)."""

    name: str
    fn: Callable[..., Iterable[AwaitingSignOff]]


def person_name(user: Any) -> str:
    """A submitter's name from a user with its practitioner loaded (select_related("…__practitioner"))."""
    if user is None:
        return ""
    practitioner = getattr(user, "practitioner", None)
    if practitioner is not None:
        return f"{practitioner.given_name} {practitioner.family_name}"
    return str(user.get_full_name() or user.get_username())
