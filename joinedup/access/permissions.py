"""Every permission JoinedUp checks, named once. Predicates for each live in access/policy.py."""

from enum import StrEnum


class Permission(StrEnum):
    VIEW_CHILD = "people.view_child"
    CHANGE_CHILD = "people.change_child"
    # Recording, or removing, that a child has experienced abuse or neglect before (a greater-risk flag, M9; issue 18)
    RECORD_PREVIOUS_ABUSE_OR_NEGLECT = "people.record_previous_abuse_or_neglect"
    CREATE_PERSON = "people.create_person"
    SEARCH_PEOPLE = "people.search"
    MERGE_PEOPLE = "people.merge"
    VIEW_RECORD_ACCESS_LOG = "audit.view_record_access_log"
    BREAK_GLASS = "access.break_glass"
    GRANT_RESTRICTED_ACCESS = "access.grant_restricted_access"
    REVIEW_BREAK_GLASS = "access.review_break_glass"
    ISSUE_ENROLMENT_LINK = "accounts.issue_enrolment_link"
    ALLOCATE_CASE = "access.allocate_case"
    MANAGE_PARTNER_SYSTEMS = "access.manage_partner_systems"
    # Joiners, movers and leavers (issue 20): organisations, teams, practitioners and their accounts.
    MANAGE_STAFF = "agencies.manage_staff"
    IMPORT_HISTORY = "imports.import_history"
    VIEW_API_SCHEMA = "api.view_schema"
    VIEW_AWAITING_ALLOCATION = "access.view_awaiting_allocation"
    # Statutory timescales (issue 4)
    VIEW_OWN_WORK = "timescales.view_own_work"
    VIEW_TEAM_WORK = "timescales.view_team_work"
    VIEW_WORKER_WORK = "timescales.view_worker_work"
    VIEW_TIMELINESS = "timescales.view_timeliness"
    CHANGE_LOCAL_RULE = "timescales.change_local_rule"
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
    # The front door (issue 5)
    RAISE_CONCERN = "front_door.raise_concern"
    VIEW_OWN_CONCERNS = "front_door.view_own_concerns"
    WORK_IN_FRONT_DOOR = "front_door.work"
    TRIAGE_CONTACT = "front_door.triage_contact"
    SIGN_OFF_CONTACT_DECISION = "front_door.sign_off_decision"
    ANSWER_INFORMATION_REQUEST = "front_door.answer_information_request"
    VIEW_FRONT_DOOR_HISTORY = "front_door.view_child_history"
    ACKNOWLEDGE_ALERT = "front_door.acknowledge_alert"
    VIEW_PROMPTS = "front_door.view_prompts"
    # Multi-agency child protection (issue 7)
    VIEW_CHILD_PROTECTION = "child_protection.view"
    RECORD_CHILD_PROTECTION = "child_protection.record"
    SUBMIT_AGENCY_REPORT = "child_protection.submit_agency_report"
    # Partners record their own part (issue 19): a strategy discussion's invitee their contribution, a core group
    # member the plan's meetings and the actions they own.
    RECORD_STRATEGY_CONTRIBUTION = "child_protection.record_strategy_contribution"
    RECORD_CORE_GROUP = "child_protection.record_core_group"
    VIEW_CONFERENCE_MINUTES = "child_protection.view_minutes"
    VIEW_CHILD_PROTECTION_STATUS = "child_protection.view_status_for_health"
    # Every child protection plan at once, for a named partner system (the NHS CP-IS service's feed), never a person
    # (issue 26). A partner system acting as itself has it through a token with the CP-IS feed scope (api_scopes.py).
    RECEIVE_CP_IS_BULK_FEED = "child_protection.cp_is_bulk_feed"
    VIEW_CONFERENCE_INVITATIONS = "child_protection.view_invitations"
    # Assessment and Family Help (issue 6)
    VIEW_ASSESSMENT = "assessments.view"
    RECORD_ASSESSMENT = "assessments.record"
    AUTHORISE_ASSESSMENT = "assessments.authorise"
    CHANGE_PRACTICE_PROMPTS = "assessments.change_practice_prompts"
    VIEW_FAMILY_HELP = "family_help.view"
    RECORD_FAMILY_HELP = "family_help.record"
    MANAGE_FAMILY_HELP = "family_help.manage"
    WORK_IN_FAMILY_HELP = "family_help.work"
    # The case record and sharing (issue 9)
    VIEW_CASE_RECORD = "case_record.view"
    RECORD_CASE_NOTE = "case_record.record_note"
    VIEW_CHRONOLOGY = "case_record.view_chronology"
    ANNOTATE_CHRONOLOGY = "case_record.annotate_chronology"
    EXPORT_CHRONOLOGY = "case_record.export_chronology"
    UPLOAD_DOCUMENT = "case_record.upload_document"
    RECORD_SUPERVISION = "case_record.record_supervision"
    SIGN_OFF_SUPERVISION = "case_record.sign_off_supervision"
    VIEW_CASELOADS = "case_record.view_caseloads"
    SEARCH_CASE_NOTES = "case_record.search_notes"
    SHARE_EVENT = "sharing.share_event"
    RAISE_CHALLENGE = "sharing.raise_challenge"
    VIEW_CHALLENGE = "sharing.view_challenge"
    RESPOND_TO_CHALLENGE = "sharing.respond_to_challenge"
    VIEW_ALL_CHALLENGES = "sharing.view_all_challenges"
    # One visit (issue 18): a visit, or other direct contact, recorded once for every child present.
    VIEW_VISITS = "visits.view"
    RECORD_VISIT = "visits.record"
    # Statutory returns and insight (issue 10)
    PRODUCE_STATUTORY_RETURNS = "returns.produce"
    VIEW_INSIGHT = "insight.view"
    # Learning from serious incidents (issue 22, M30): the authority's manager records a serious incident on a child
    # they may record on; the partnership lead, the safeguarding partners' delegates and whoever recorded it manage
    # it (the notification, the rapid review, the local review, recommendations and actions); an agency's
    # practitioner asked for a contribution records it; an action's owner updates it. Nobody else sees them.
    RECORD_SERIOUS_INCIDENT = "learning.record_serious_incident"
    VIEW_SERIOUS_INCIDENTS = "learning.view_serious_incidents"
    MANAGE_SERIOUS_INCIDENT = "learning.manage_serious_incident"
    RECORD_RAPID_REVIEW_CONTRIBUTION = "learning.record_rapid_review_contribution"
    VIEW_LEARNING_LOG = "learning.view_learning_log"
    VIEW_OWN_LEARNING_ACTIONS = "learning.view_own_learning_actions"
    UPDATE_LEARNING_ACTION = "learning.update_learning_action"
    # The safeguarding partnership (issue 22): actions on inequalities found in the disproportionality figures, the
    # independent scrutiny findings and the partners' yearly report.
    RECORD_INEQUALITY_ACTION = "partnership.record_inequality_action"
    VIEW_INEQUALITY_ACTION = "partnership.view_inequality_action"
    REVIEW_INEQUALITY_ACTION = "partnership.review_inequality_action"
    MANAGE_PARTNERSHIP_REPORT = "partnership.manage_report"
