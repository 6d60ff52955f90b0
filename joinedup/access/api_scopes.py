"""What a partner system's API token may do: its scopes (ADR 0022).

Each scope names the API endpoints a token may call (by method and URL name in the "api" namespace) and the
permissions it may use there. A token-authenticated request is refused (403) at any endpoint none of its scopes
names, and `has_permission` (policy.py) refuses any permission none of them gives, so a token can never do more than
its scopes allow, nor more than the user it acts as may do: the two are checked together. A session (a person,
second factor verified) is not limited by scopes. An endpoint that no scope names is closed to every token.

The scopes are data: a new endpoint that partner systems need is added to a scope here, with the permissions its
code checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import rules

from .permissions import Permission


class ApiScope(StrEnum):
    """Stored on tokens: never rename a value, only add (and retire by leaving it out of SCOPES)."""

    CHILDREN_READ = "children:read"
    CONTACTS_WRITE = "contacts:write"
    CHILD_PROTECTION_STATUS_READ = "child-protection-status:read"
    CHRONOLOGY_READ = "chronology:read"
    SHARED_EVENTS_WRITE = "shared-events:write"
    CHALLENGES_READ = "challenges:read"
    CHALLENGES_WRITE = "challenges:write"
    DEADLINES_READ = "deadlines:read"
    CARE_READ = "care:read"
    FAMILY_HELP_READ = "family-help:read"
    CASE_NOTES_READ = "case-notes:read"
    CASE_NOTES_WRITE = "case-notes:write"
    VISITS_READ = "visits:read"
    VISITS_WRITE = "visits:write"
    FRONT_DOOR_QUEUE_READ = "front-door-queue:read"
    INSIGHT_READ = "insight:read"
    CP_IS_BULK_FEED = "child-protection-plans-feed:read"
    INEQUALITY_ACTIONS_READ = "inequality-actions:read"
    INEQUALITY_ACTIONS_WRITE = "inequality-actions:write"
    SCRUTINY_READ = "scrutiny:read"
    SCRUTINY_WRITE = "scrutiny:write"


@dataclass(frozen=True)
class ScopeGrant:
    label: str  # what the administrator reads when choosing it
    endpoints: frozenset[tuple[str, str]]  # (HTTP method, URL name in the "api" namespace)
    permissions: frozenset[Permission]


def _grant(label: str, endpoints: Iterable[str], permissions: Iterable[Permission]) -> ScopeGrant:
    pairs = frozenset((method, name) for method, name in (e.split(" ") for e in endpoints))
    return ScopeGrant(label, pairs, frozenset(permissions))


SCOPES: dict[ApiScope, ScopeGrant] = {
    ApiScope.CHILDREN_READ: _grant(
        "Read the children it may see", ["GET children", "GET child"], [Permission.VIEW_CHILD]
    ),
    ApiScope.CONTACTS_WRITE: _grant(
        "Raise concerns with the front door and follow their outcome",
        ["POST contacts", "GET contact"],
        [Permission.RAISE_CONCERN, Permission.VIEW_OWN_CONCERNS],
    ),
    ApiScope.CHILD_PROTECTION_STATUS_READ: _grant(
        "Look up child protection status (CP-IS)",
        ["GET child_protection_cp_is"],
        [Permission.VIEW_CHILD_PROTECTION_STATUS],
    ),
    ApiScope.CHRONOLOGY_READ: _grant(
        "Read the chronology shared with it", ["GET child_chronology"], [Permission.VIEW_CHRONOLOGY]
    ),
    ApiScope.SHARED_EVENTS_WRITE: _grant(
        "Share its agency's events into a child's chronology", ["POST child_shared_events"], [Permission.SHARE_EVENT]
    ),
    ApiScope.CHALLENGES_READ: _grant(
        "Read professional challenges",
        ["GET challenges", "GET challenge"],
        [Permission.VIEW_CHALLENGE, Permission.VIEW_ALL_CHALLENGES],
    ),
    ApiScope.CHALLENGES_WRITE: _grant(
        "Raise and answer professional challenges",
        ["POST child_challenges", "POST challenge_respond", "POST challenge_escalate", "POST challenge_resolve"],
        [
            Permission.RAISE_CHALLENGE,
            Permission.RESPOND_TO_CHALLENGE,
            Permission.VIEW_CHALLENGE,
            Permission.VIEW_ALL_CHALLENGES,
        ],
    ),
    ApiScope.DEADLINES_READ: _grant(
        "Read deadlines", ["GET deadlines"], [Permission.VIEW_OWN_WORK, Permission.VIEW_TEAM_WORK]
    ),
    ApiScope.CARE_READ: _grant(
        "Read care episodes, placements, adoption and deprivation of liberty",
        [
            "GET child_care_episodes",
            "GET child_placements",
            "GET child_adoption_decisions",
            "GET child_deprivation_of_liberty_orders",
        ],
        [Permission.VIEW_CARE_RECORD, Permission.VIEW_CURRENT_PLACEMENT],
    ),
    ApiScope.FAMILY_HELP_READ: _grant(
        "Read Family Help cases and assessments",
        ["GET family_help_cases", "GET family_help_case", "GET child_assessments"],
        [
            Permission.WORK_IN_FAMILY_HELP,
            Permission.VIEW_FAMILY_HELP,
            Permission.VIEW_ASSESSMENT,
            Permission.VIEW_CHILD,
        ],
    ),
    ApiScope.CASE_NOTES_READ: _grant("Read case notes", ["GET child_case_notes"], [Permission.VIEW_CASE_RECORD]),
    ApiScope.CASE_NOTES_WRITE: _grant(
        "Record case notes", ["POST child_case_notes"], [Permission.VIEW_CASE_RECORD, Permission.RECORD_CASE_NOTE]
    ),
    # The one visit (issue 18): a system its local authority's caseworkers use, reading or recording their visits.
    ApiScope.VISITS_READ: _grant("Read visits", ["GET child_visits"], [Permission.VIEW_VISITS]),
    ApiScope.VISITS_WRITE: _grant(
        "Record visits", ["POST child_visits"], [Permission.VIEW_VISITS, Permission.RECORD_VISIT]
    ),
    ApiScope.FRONT_DOOR_QUEUE_READ: _grant(
        "Read the front door's queue", ["GET front_door_queue"], [Permission.WORK_IN_FRONT_DOOR]
    ),
    ApiScope.INSIGHT_READ: _grant(
        "Read the dashboards' figures",
        ["GET insight_dashboard", "GET insight_disproportionality"],
        [Permission.VIEW_INSIGHT],
    ),
    ApiScope.CP_IS_BULK_FEED: _grant(
        "Receive every child protection plan (the NHS CP-IS feed; only a system acting as itself)",
        ["GET child_protection_cp_is_feed"],
        [Permission.RECEIVE_CP_IS_BULK_FEED],
    ),
    # The safeguarding partnership (issue 22): its own records, never a child's.
    ApiScope.INEQUALITY_ACTIONS_READ: _grant(
        "Read actions on inequalities",
        ["GET inequality_actions", "GET inequality_action"],
        [Permission.VIEW_INEQUALITY_ACTION, Permission.RECORD_INEQUALITY_ACTION],
    ),
    ApiScope.INEQUALITY_ACTIONS_WRITE: _grant(
        "Record actions on inequalities",
        ["POST inequality_actions"],
        [Permission.RECORD_INEQUALITY_ACTION, Permission.VIEW_INSIGHT],
    ),
    ApiScope.SCRUTINY_READ: _grant(
        "Read the independent scrutiny findings", ["GET scrutiny_findings"], [Permission.MANAGE_PARTNERSHIP_REPORT]
    ),
    ApiScope.SCRUTINY_WRITE: _grant(
        "Record independent scrutiny findings", ["POST scrutiny_findings"], [Permission.MANAGE_PARTNERSHIP_REPORT]
    ),
}

# Endpoints every token may call, whatever its scopes: the API's description, which holds no record.
EVERY_TOKEN_MAY_CALL = frozenset({("GET", "schema")})

# Endpoints no token may call, whatever its scopes, each closed by decision (a test holds every API endpoint to a
# scope, to EVERY_TOKEN_MAY_CALL or to this list):
# - staff administration (issue 20): adding accounts, moving and deactivating people is the administrator's, signed
#   in with a second factor; a token acting as the administrator would hold the keys to every account;
# - serious incidents and learning actions (issue 22): known only to the few who manage them, through their own
#   sign-in; no partner system yet needs them, and opening them to one is a decision to make here, with its scope;
# - changing a person's details (issue 20): a correction of identity (name, date of birth, NHS number) asks a reason
#   of a practitioner; no partner system writes people (PATCH on a child is likewise in no scope).
NO_TOKEN_MAY_CALL = frozenset(
    {
        "organisations",
        "organisation",
        "teams",
        "team",
        "practitioners",
        "practitioner",
        "practitioner_invite",
        "practitioner_move",
        "practitioner_deactivate",
        "serious_incidents",
        "serious_incident",
        "serious_incident_notification",
        "child_serious_incidents",
        "learning_actions",
        "learning_progress",
        "learning_complete",
        "network_person_change",
    }
)


def scope_choices() -> list[tuple[str, str]]:
    """(code, what it allows) for each scope an administrator may give a token, in the order above."""
    return [(str(scope), grant.label) for scope, grant in SCOPES.items()]


def known_scopes(codes: Iterable[str]) -> frozenset[ApiScope]:
    """The scopes among `codes` that exist today (a retired code on an old token grants nothing)."""
    known = {str(s) for s in SCOPES}
    return frozenset(ApiScope(code) for code in codes if code in known)


def token_may_call(scopes: Iterable[str], method: str, url_name: str | None) -> bool:
    """Whether a token with `scopes` may call the endpoint named `url_name` with `method`."""
    if url_name is None:
        return False
    method = "GET" if method == "HEAD" else method
    if (method, url_name) in EVERY_TOKEN_MAY_CALL:
        return True
    grants = [SCOPES[s] for s in known_scopes(scopes)]
    if method == "OPTIONS":  # what the endpoint accepts: any of its methods in scope will do
        return any(name == url_name for g in grants for _method, name in g.endpoints)
    return any((method, url_name) in g.endpoints for g in grants)


# -- The user a token's request acts as --------------------------------------------------------------------------------
# The API's token authentication marks the user object it answers with (fresh from the database for that request), so
# every permission checked while serving the request is narrowed to the token's scopes.
_SCOPES_MARK = "_joinedup_api_scopes"


def act_through_token(user: Any, scopes: Iterable[str]) -> None:
    """Mark `user` (the object a token-authenticated request is served as) as limited to `scopes`."""
    setattr(user, _SCOPES_MARK, known_scopes(scopes))


def token_scopes_of(user: Any) -> frozenset[ApiScope] | None:
    """The scopes of the token the user is acting through in this request; None for a signed-in person."""
    return getattr(user, _SCOPES_MARK, None)


def permitted_through_token(user: Any, permission: Permission) -> bool:
    """False when the user acts through a token none of whose scopes gives `permission`; True otherwise."""
    scopes = token_scopes_of(user)
    if scopes is None:
        return True
    return any(permission in SCOPES[scope].permissions for scope in scopes)


def acts_through_token_with(scope: ApiScope) -> Any:
    """A rules predicate: the request is made by a partner system's token that carries `scope`. For a permission only
    a named partner system holds (a bulk feed, say), together with a rule naming the system."""

    @rules.predicate(name=f"acts_through_token_with_{scope.name.lower()}")
    def predicate(user: Any) -> bool:
        scopes = token_scopes_of(user)
        return scopes is not None and scope in scopes

    return predicate
