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
