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
    # Children in care and care leavers (issue 8)
    VIEW_CARE_RECORD = "children_in_care.view_care_record"
    VIEW_CHILDREN_IN_CARE_LIST = "children_in_care.view_list"
    RECORD_CARE = "children_in_care.record_care"
    RECORD_LOOKED_AFTER_REVIEW = "children_in_care.record_review"
    VIEW_CURRENT_PLACEMENT = "children_in_care.view_current_placement"
    VIEW_CARE_HEALTH = "children_in_care.view_health"
    RECORD_HEALTH_ASSESSMENT = "children_in_care.record_health_assessment"
    RECORD_HEALTH_CHECK = "children_in_care.record_health_check"
    VIEW_CARE_EDUCATION = "children_in_care.view_education"
    RECORD_CARE_EDUCATION = "children_in_care.record_education"
    VIEW_MISSING_EPISODES = "children_in_care.view_missing"
    RECORD_MISSING_EPISODE = "children_in_care.record_missing"
    RECORD_RETURN_HOME_INTERVIEW = "children_in_care.record_return_home_interview"
    VIEW_CARE_LEAVER = "care_leavers.view"
    RECORD_CARE_LEAVER = "care_leavers.record"
