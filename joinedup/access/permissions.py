"""Every permission JoinedUp checks, named once. Predicates for each live in access/policy.py."""

from enum import StrEnum


class Permission(StrEnum):
    VIEW_CHILD = "people.view_child"
    CHANGE_CHILD = "people.change_child"
    CREATE_PERSON = "people.create_person"
    SEARCH_PEOPLE = "people.search"
    MERGE_PEOPLE = "people.merge"
    VIEW_RECORD_ACCESS_LOG = "audit.view_record_access_log"
    BREAK_GLASS = "access.break_glass"
    GRANT_RESTRICTED_ACCESS = "access.grant_restricted_access"
    REVIEW_BREAK_GLASS = "access.review_break_glass"
    # Statutory timescales (issue 4)
    VIEW_OWN_WORK = "timescales.view_own_work"
    VIEW_TEAM_WORK = "timescales.view_team_work"
    VIEW_WORKER_WORK = "timescales.view_worker_work"
    VIEW_TIMELINESS = "timescales.view_timeliness"
    CHANGE_LOCAL_RULE = "timescales.change_local_rule"
    RECORD_DEADLINE = "timescales.record_deadline"
