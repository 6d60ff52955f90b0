"""Navigation by role: what each kind of user reaches from the header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission


def navigation_for(request: HttpRequest, practitioner: Any) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or practitioner is None:
        return []
    items = [("Home", reverse("ui:home"))]
    if has_permission(user, Permission.SEARCH_PEOPLE):
        items.append(("Find a person", reverse("people:search")))
        items.append(("Children", reverse("people:child_list")))
    if has_permission(user, Permission.CREATE_PERSON):
        items.append(("Add a child", reverse("people:child_create")))
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
    if has_permission(user, Permission.SEARCH_CASE_NOTES):
        items.append(("Search notes", reverse("case_record:notes_search")))
    if practitioner.role == "team_manager":  # the role alone, so no page pays a query for it
        items.append(("Oversight", reverse("case_record:oversight")))
    if has_permission(user, Permission.VIEW_ALL_CHALLENGES) or has_permission(user, Permission.RAISE_CONCERN):
        items.append(("Challenges", reverse("sharing:challenges")))
    path = request.path
    # One active item: the most specific section containing this page ("Add a child", not also "Children").
    matching = [href for _, href in items if path == href or (href != "/" and path.startswith(href))]
    active = max(matching, key=len) if matching else None
    return [{"text": text, "href": href, "active": href == active} for text, href in items]
