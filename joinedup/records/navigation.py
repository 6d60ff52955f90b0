"""Navigation by role: what each kind of user reaches from the header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission, is_partner_practitioner


def navigation_for(request: HttpRequest, practitioner: Any) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or practitioner is None:
        return []
    items = [("Home", reverse("records:home"))]
    if has_permission(user, Permission.SEARCH_PEOPLE):
        items.append(("Find a person", reverse("records:search")))
        items.append(("Children", reverse("records:child_list")))
    # Adding a child starts from "Find a person" (search before you add, so nobody gets two records), and so does
    # searching case notes: the header keeps one row at 1280 px (issue 19, item 8).
    if has_permission(user, Permission.VIEW_OWN_WORK):
        items.append(("My work", reverse("timescales:my_work")))
    if has_permission(user, Permission.VIEW_CHILDREN_IN_CARE_LIST):
        items.append(("Children in care", reverse("children_in_care:children_in_care")))
    # The front door (issue 5): the MASH's queue; partners' concerns and requests; prompts for caseworkers.
    if has_permission(user, Permission.WORK_IN_FRONT_DOOR):
        items.append(("Front door", reverse("front_door:queue")))
    else:
        if has_permission(user, Permission.VIEW_OWN_CONCERNS):
            items.append(("Concerns", reverse("front_door:partner_concern_list")))
        if has_permission(user, Permission.VIEW_PROMPTS):
            items.append(("Prompts", reverse("front_door:prompts")))
    # Child protection (issue 7): the conferences a partner is invited to, and their reports.
    if has_permission(user, Permission.VIEW_CONFERENCE_INVITATIONS):
        items.append(("Conferences", reverse("child_protection:reports")))
    # Statutory returns and insight (issue 10).
    if has_permission(user, Permission.VIEW_INSIGHT):
        items.append(("Insight", reverse("insight:dashboards")))
    if has_permission(user, Permission.PRODUCE_STATUTORY_RETURNS):
        items.append(("Returns", reverse("returns:index")))
    # The case record and sharing (issue 9): search across notes, a manager's oversight, professional challenge.
    if practitioner.role == "team_manager":  # the role alone, so no page pays a query for it
        items.append(("Oversight", reverse("oversight:oversight")))
    if has_permission(user, Permission.VIEW_ALL_CHALLENGES) or has_permission(user, Permission.RAISE_CONCERN):
        items.append(("Challenges", reverse("sharing:challenges")))
    # Learning from serious incidents (issue 22): the partnership lead's and the partners' delegates'.
    if has_permission(user, Permission.VIEW_LEARNING_LOG):
        items.append(("Serious incidents", reverse("learning:incidents")))
    # Partner systems and their API tokens (issue 26): the administrator's.
    if has_permission(user, Permission.MANAGE_PARTNER_SYSTEMS):
        items.append(("Partner systems", reverse("access:partner_systems")))
    # Joiners, movers and leavers (issue 20): the administrator's.
    if has_permission(user, Permission.MANAGE_STAFF):
        items.append(("Staff", reverse("access:staff_organisations")))
    # History brought in from another system (issue 20): the administrator's.
    if has_permission(user, Permission.IMPORT_HISTORY):
        items.append(("Bring in history", reverse("imports:history")))
    path = request.path
    # One active item: the most specific section containing this page ("Add a child", not also "Children").
    matching = [href for _, href in items if path == href or (href != "/" and path.startswith(href))]
    active = max(matching, key=len) if matching else None
    return [{"text": text, "href": href, "active": href == active} for text, href in items]


# -- The child's record (issue 9): its sections and what the user may do to it ---------------------------------------
# Each link appears only when the user may open its page: the very permission the page's own view checks, from
# access/policy.py (no rule of its own here). Asked after the record was read through access/scopes.py, so the
# rules built on `sees_child` answer from the request's cache.


@dataclass(frozen=True, slots=True)
class RecordLink:
    key: str
    text: str
    href: str


def _may(user: Any, child: Any, *permissions: Permission) -> bool:
    return any(has_permission(user, p, child) for p in permissions)


def child_record_sections(user: Any, child: Any) -> list[RecordLink]:
    """The sections of a child's record this user may open, in the order a practitioner reads them."""
    pk = child.pk
    sections = [
        RecordLink("record", "Overview", reverse("records:child_record", args=[pk])),
        RecordLink("family", "Family network", reverse("records:child_family", args=[pk])),
    ]
    case_record = has_permission(user, Permission.VIEW_CASE_RECORD, child)
    if case_record:
        sections.append(RecordLink("summary", "Case summary", reverse("chronology:summary", args=[pk])))
        sections.append(RecordLink("notes", "Case notes", reverse("case_record:notes", args=[pk])))
    if has_permission(user, Permission.VIEW_VISITS, child):
        sections.append(RecordLink("visits", "Visits", reverse("visits:visits", args=[pk])))
    if has_permission(user, Permission.VIEW_CHRONOLOGY, child):
        sections.append(RecordLink("chronology", "Chronology", reverse("chronology:chronology", args=[pk])))
    if has_permission(user, Permission.VIEW_FRONT_DOOR_HISTORY, child):
        sections.append(
            RecordLink("front_door", "Contacts and referrals", reverse("front_door:child_history", args=[pk]))
        )
    if _may(user, child, Permission.VIEW_ASSESSMENT, Permission.VIEW_FAMILY_HELP):
        sections.append(
            RecordLink("assessments", "Assessment and Family Help", reverse("family_help:child_overview", args=[pk]))
        )
    if has_permission(user, Permission.VIEW_CHILD_PROTECTION, child):
        sections.append(
            RecordLink("child_protection", "Child protection", reverse("child_protection:record", args=[pk]))
        )
    if _may(
        user,
        child,
        Permission.VIEW_CARE_RECORD,
        Permission.VIEW_CURRENT_PLACEMENT,
        Permission.VIEW_CARE_HEALTH,
        Permission.VIEW_CARE_EDUCATION,
        Permission.VIEW_MISSING_EPISODES,
    ):
        sections.append(RecordLink("care_history", "Care history", reverse("children_in_care:care_history", args=[pk])))
    if case_record:
        sections.append(RecordLink("documents", "Documents", reverse("case_record:documents", args=[pk])))
        sections.append(RecordLink("supervision", "Supervision", reverse("case_record:supervision", args=[pk])))
        sections.append(
            RecordLink("record_search", "Search this record", reverse("chronology:record_search", args=[pk]))
        )
    if has_permission(user, Permission.VIEW_RECORD_ACCESS_LOG, child):
        sections.append(RecordLink("changes", "History of changes", reverse("records:child_changes", args=[pk])))
        sections.append(
            RecordLink("access_log", "Who has viewed this record", reverse("records:child_access_log", args=[pk]))
        )
    return sections


def child_record_actions(user: Any, child: Any) -> list[RecordLink]:
    """What this user may do to the child's record from its overview page."""
    pk = child.pk
    actions = []
    if has_permission(user, Permission.CHANGE_CHILD, child):
        actions.append(RecordLink("change", "Change details", reverse("records:child_change", args=[pk])))
        actions.append(
            RecordLink(
                "family_add", "Add someone to the family network", reverse("records:child_family_add", args=[pk])
            )
        )
        actions.append(RecordLink("move", "Record a move of address", reverse("records:household_move", args=[pk])))
    if has_permission(user, Permission.ALLOCATE_CASE, child):
        actions.append(RecordLink("allocate", "Allocate the child's work", reverse("oversight:allocate", args=[pk])))
    if has_permission(user, Permission.MERGE_PEOPLE):
        actions.append(
            RecordLink("merge", "Merge a duplicate record into this one", reverse("records:child_merge", args=[pk]))
        )
    if has_permission(user, Permission.SHARE_EVENT, child):
        actions.append(RecordLink("share_event", "Share an event", reverse("sharing:share_event", args=[pk])))
    # A partner's concern about a child they can see starts with what the record says (issue 19).
    if has_permission(user, Permission.RAISE_CONCERN) and is_partner_practitioner(user):
        actions.append(
            RecordLink(
                "raise_concern", "Raise a concern about this child", f"{reverse('front_door:concern_raise')}?child={pk}"
            )
        )
    # A serious incident (issue 22) is recorded by the authority's manager; nobody else sees the link.
    if has_permission(user, Permission.RECORD_SERIOUS_INCIDENT, child):
        actions.append(
            RecordLink("serious_incident", "Record a serious incident", reverse("learning:incident_new", args=[pk]))
        )
    if has_permission(user, Permission.RAISE_CHALLENGE, child):
        actions.append(
            RecordLink("challenge", "Raise a professional challenge", reverse("sharing:challenge_new", args=[pk]))
        )
    return actions
