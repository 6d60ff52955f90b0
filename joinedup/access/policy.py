"""The only module that answers "may this user do this to this record?" (rules predicates).

Object-level rules for a child defer to access/scopes.py, so a page, a list and the API can never disagree.
"""

from __future__ import annotations

from typing import Any

import rules

from joinedup.agencies.roles import LOCAL_AUTHORITY_CASEWORK_ROLES, PARTNER_ROLES, Role

from .permissions import Permission
from .scopes import child_is_visible_to, practitioner_of


def _role(user: Any) -> str | None:
    practitioner = practitioner_of(user)
    return practitioner.role if practitioner else None


@rules.predicate
def can_see_child(user: Any, child: Any) -> bool:
    return child is not None and child_is_visible_to(user, child.pk)


@rules.predicate
def is_local_authority_caseworker(user: Any) -> bool:
    return _role(user) in LOCAL_AUTHORITY_CASEWORK_ROLES


@rules.predicate
def is_partner_practitioner(user: Any) -> bool:
    return _role(user) in PARTNER_ROLES


@rules.predicate
def is_team_manager(user: Any) -> bool:
    return _role(user) == Role.TEAM_MANAGER


@rules.predicate
def is_front_door(user: Any) -> bool:
    return _role(user) == Role.FRONT_DOOR_PRACTITIONER


@rules.predicate
def is_administrator(user: Any) -> bool:
    return _role(user) == Role.ADMINISTRATOR


@rules.predicate
def manages_a_team(user: Any) -> bool:
    practitioner = practitioner_of(user)
    return practitioner is not None and practitioner.managed_teams.exists()


rules.add_perm(Permission.VIEW_CHILD, can_see_child)
rules.add_perm(Permission.CHANGE_CHILD, can_see_child & is_local_authority_caseworker)
rules.add_perm(Permission.CREATE_PERSON, is_local_authority_caseworker)
rules.add_perm(Permission.SEARCH_PEOPLE, is_local_authority_caseworker | is_partner_practitioner)
rules.add_perm(Permission.MERGE_PEOPLE, is_team_manager | is_front_door)
rules.add_perm(Permission.VIEW_RECORD_ACCESS_LOG, can_see_child & (is_team_manager | manages_a_team))
rules.add_perm(Permission.BREAK_GLASS, is_local_authority_caseworker)
rules.add_perm(Permission.GRANT_RESTRICTED_ACCESS, is_team_manager | is_administrator)
rules.add_perm(Permission.REVIEW_BREAK_GLASS, is_team_manager)


def has_permission(user: Any, permission: Permission, obj: Any = None) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(str(permission), obj))


# Statutory timescales (issue 4): worklists, timeliness, local rule settings and deadlines.
@rules.predicate
def is_practitioner(user: Any) -> bool:
    return practitioner_of(user) is not None


@rules.predicate
def works_with_aggregates(user: Any) -> bool:
    return _role(user) in (Role.ANALYST, Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)


@rules.predicate
def manages_worker(user: Any, worker: Any) -> bool:
    """The worker is a member of a team this user manages."""
    practitioner = practitioner_of(user)
    if practitioner is None or worker is None or worker.team_id is None:
        return False
    return bool(practitioner.managed_teams.filter(pk=worker.team_id).exists())


rules.add_perm(Permission.VIEW_OWN_WORK, is_practitioner)
rules.add_perm(Permission.VIEW_TEAM_WORK, manages_a_team)
rules.add_perm(Permission.VIEW_WORKER_WORK, manages_worker)
rules.add_perm(Permission.VIEW_TIMELINESS, is_team_manager | manages_a_team | works_with_aggregates)
rules.add_perm(Permission.CHANGE_LOCAL_RULE, is_administrator)
rules.add_perm(Permission.RECORD_DEADLINE, can_see_child & is_local_authority_caseworker)
