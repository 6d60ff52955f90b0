from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joinedup.access.permissions import Permission
from joinedup.access.policy import child_read_through_scope, has_permission
from joinedup.access.selectors import break_glass_held
from joinedup.audit.listing import audit_rows_listed
from joinedup.people import selectors as people_selectors
from joinedup.people.codes import MALE_CARER_TYPES, FatherStatus, RelationshipType
from joinedup.people.errors import PeopleError
from joinedup.people.matching import MatchQuery
from joinedup.people.models import Person
from joinedup.ui.fields import apply_domain_errors
from joinedup.ui.pages import form_page

from . import family_diagram, selectors, services
from .forms import (
    ChangeDetailsForm,
    ChildForm,
    EndedOnForm,
    FamilyMemberForm,
    HouseholdMoveForm,
    MergeForm,
    PersonSearchForm,
    PreviousAbuseOrNeglectForm,
)
from .navigation import child_record_actions, child_record_sections


@login_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Person search. Searches are POSTed so names never appear in URLs, browser history or server logs."""
    if not has_permission(request.user, Permission.SEARCH_PEOPLE):
        raise Http404
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        results = selectors.person_search(
            actor=request.user,
            query=MatchQuery(
                d.get("given_name", ""),
                d.get("family_name", ""),
                d.get("date_of_birth"),
                d.get("nhs_number", ""),
                d.get("postcode", ""),
            ),
        )
    return render(
        request,
        "records/search.html",
        {
            "form": form,
            "results": results,
            "can_break_glass": has_permission(request.user, Permission.BREAK_GLASS),
            "can_create": has_permission(request.user, Permission.CREATE_PERSON),
            "can_search_notes": has_permission(request.user, Permission.SEARCH_CASE_NOTES),
        },
    )


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.child_list(actor=request.user), 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # Every child the page shows is listed in the audit trail, as the API's list does (one bulk write).
    audit_rows_listed(actor=request.user, rows=page.object_list, child_id=_itself)
    flags = people_selectors.greater_risk_flags(child_ids=[child.pk for child in page.object_list])
    return render(request, "records/child_list.html", {"page": page, "flags": flags})


def _itself(child: Person) -> int:
    return child.pk


@login_required
def child_record(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(actor=request.user, child_id=child_id)
    child_read_through_scope(request.user, child)  # read through access/scopes.py: the rules need not ask again
    family = people_selectors.child_family_network(child=child)
    # Who recorded a previous abuse or neglect and why: for those who may record it (partners see the flag only).
    may_record_previous_abuse = has_permission(request.user, Permission.RECORD_PREVIOUS_ABUSE_OR_NEGLECT, child)
    return render(
        request,
        "records/child_record.html",
        {
            "child": child,
            "profile": child.child_profile,
            "family": family,
            "involvements": list(selectors.child_involvements(child=child)),
            "flags": people_selectors.child_greater_risk_flags(child=child),
            "may_record_previous_abuse": may_record_previous_abuse,
            "previous_abuse_records": people_selectors.previous_abuse_or_neglect_records(child=child)
            if may_record_previous_abuse
            else [],
            # The record's sections and actions: each only when the user may open its page (access/policy.py).
            "record_sections": child_record_sections(request.user, child),
            "record_actions": child_record_actions(request.user, child),
            "father_missing": child.child_profile.father_status == FatherStatus.RECORDED
            and not any(m.relationship_type in MALE_CARER_TYPES for m in family),
            # Opened by break-glass: for reading, until a second reason lets them record (asks nothing otherwise).
            "break_glass": break_glass_held(actor=request.user, child_id=child.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def previous_abuse_or_neglect(request: HttpRequest, child_id: int, removing: bool = False) -> HttpResponse:
    """Record that the child has experienced abuse or neglect before, or remove what a practitioner recorded, with a
    reason (a greater-risk flag, M9). The service checks the permission; the page is not offered to anyone else."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="Previous abuse or neglect")
    if not has_permission(request.user, Permission.RECORD_PREVIOUS_ABUSE_OR_NEGLECT, child):
        raise Http404
    records = people_selectors.previous_abuse_or_neglect_records(child=child)
    in_force = next((r for r in records if r.removed_at is None), None)
    if removing != (in_force is not None):  # nothing to remove, or already recorded: the record shows which
        return redirect("records:child_record", child.pk)
    form = PreviousAbuseOrNeglectForm(request.POST if request.method == "POST" else None, removing=removing)
    if request.method == "POST" and form.is_valid():
        service = services.previous_abuse_or_neglect_remove if removing else services.previous_abuse_or_neglect_record
        try:
            service(actor=request.user, child=child, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(
                request, "Previous abuse or neglect removed." if removing else "Previous abuse or neglect recorded."
            )
            return redirect("records:child_record", child.pk)
    return render(
        request,
        "records/previous_abuse_or_neglect.html",
        {"child": child, "form": form, "removing": removing, "in_force": in_force},
    )


@login_required
def child_access_log(request: HttpRequest, child_id: int) -> HttpResponse:
    """Who has viewed this record: for managers. Reading it is itself a read of the record, in its log."""
    child, events = selectors.child_access_log_get(actor=request.user, child_id=child_id)
    return render(request, "records/child_access_log.html", {"child": child, "events": events})


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    """Add a child. Likely matches are shown first; the practitioner confirms none is this child."""
    if not has_permission(request.user, Permission.CREATE_PERSON):
        raise Http404
    form = ChildForm(request.POST if request.method == "POST" else None)
    matches = None
    if request.method == "POST" and form.is_valid():
        details = form.person_details()
        try:
            child = services.child_create(
                actor=request.user,
                details=details,
                child=form.child_details(),
                matches_reviewed=bool(form.cleaned_data.get("matches_reviewed")),
            )
        except ValidationError as exc:
            codes = {e.code for errs in exc.error_dict.values() for e in errs} if hasattr(exc, "error_dict") else set()
            if PeopleError.POSSIBLE_DUPLICATE in codes:
                matches = selectors.person_search(
                    actor=request.user,
                    query=MatchQuery(
                        details.given_name,
                        details.family_name,
                        details.date_of_birth,
                        details.nhs_number,
                        details.postcode,
                    ),
                )
                data = request.POST.copy()
                data["matches_reviewed"] = "True"
                form = ChildForm(data)
                form.is_valid()
            else:
                apply_domain_errors(form, exc)
        else:
            if child.child_profile.father_status == FatherStatus.RECORDED:
                messages.success(request, "Child's record created. Now add the child's father or male carer.")
                return redirect(f"{reverse('records:child_family_add', args=[child.pk])}?relationship=father")
            messages.success(request, "Child's record created.")
            return redirect("records:child_record", child.pk)
    return render(request, "records/child_create.html", {"form": form, "matches": matches})


@login_required
@require_http_methods(["GET", "POST"])
def child_merge(request: HttpRequest, child_id: int) -> HttpResponse:
    """Merge a duplicate record into this child's record: likely duplicates are offered, the practitioner picks
    one and confirms; both records' histories are kept and the merge is audited."""
    if not has_permission(request.user, Permission.MERGE_PEOPLE):
        raise Http404
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="merge")
    candidates = selectors.child_duplicate_candidates(actor=request.user, child=child)
    choices = [
        (c.person.pk, f"{c.person.display_name}, record {c.person.pk}: {', '.join(c.reasons)}") for c in candidates
    ]
    form = MergeForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        duplicate = next(c.person for c in candidates if c.person.pk == form.cleaned_data["duplicate"])
        try:
            services.person_merge(actor=request.user, keep=child, duplicate=duplicate)
        except ValidationError as exc:
            apply_domain_errors(form, exc)
        else:
            messages.success(request, f"Record {duplicate.pk} merged into this record. Both histories are kept.")
            return redirect("records:child_record", child.pk)
    return render(request, "records/child_merge.html", {"child": child, "form": form, "candidates": candidates})


@login_required
@require_http_methods(["GET", "POST"])
def child_family_add(request: HttpRequest, child_id: int) -> HttpResponse:
    """Add someone to the child's family network. Likely matches are offered first, so a father already
    recorded for a sibling is linked rather than recorded twice."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="family network")
    if not has_permission(request.user, Permission.CHANGE_CHILD, child):
        raise Http404
    initial = {"relationship_type": request.GET.get("relationship", ""), "family_name": child.family_name}
    form = FamilyMemberForm(request.POST if request.method == "POST" else None, initial=initial)
    matches = None
    if request.method == "POST" and form.is_valid():
        details = form.person_details()
        try:
            services.family_member_add(
                actor=request.user,
                child=child,
                member=form.member_details(),
                person=details,
                existing_person_id=form.cleaned_data.get("existing_person"),
                matches_reviewed=bool(form.cleaned_data.get("matches_reviewed")),
            )
        except ValidationError as exc:
            codes = {e.code for errs in exc.error_dict.values() for e in errs} if hasattr(exc, "error_dict") else set()
            if PeopleError.POSSIBLE_DUPLICATE in codes:
                matches = selectors.person_search(
                    actor=request.user,
                    query=MatchQuery(
                        details.given_name, details.family_name, details.date_of_birth, details.nhs_number, ""
                    ),
                )
                matches = [m for m in matches if m.person.pk != child.pk]
            else:
                apply_domain_errors(form, exc)
        else:
            messages.success(request, "Added to the family network.")
            return redirect("records:child_record", child.pk)
    asks_for_father = child.child_profile.father_status != FatherStatus.RECORDED or request.GET.get("relationship") in {
        t.value for t in MALE_CARER_TYPES
    }
    return render(
        request,
        "records/child_family_add.html",
        {
            "child": child,
            "form": form,
            "matches": matches,
            "asks_for_father": asks_for_father,
            "relationship_types": RelationshipType,
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Home by role (issue 19): what this person acts on first. The selector reads and audits; this page shows."""
    page = selectors.home_page(actor=request.user)
    user = request.user
    return render(
        request,
        "records/home.html",
        {
            "title_text": "Home – JoinedUp",
            "home": page,
            "practitioner": page.practitioner,
            "can_manage_restricted": has_permission(user, Permission.GRANT_RESTRICTED_ACCESS),
            "can_allocate": has_permission(user, Permission.VIEW_AWAITING_ALLOCATION),
            "can_view_caseloads": has_permission(user, Permission.VIEW_CASELOADS),
            "can_view_team": has_permission(user, Permission.VIEW_TEAM_WORK),
            "can_issue_enrolment_links": has_permission(user, Permission.ISSUE_ENROLMENT_LINK),
            "can_manage_staff": has_permission(user, Permission.MANAGE_STAFF),
            "can_view_insight": has_permission(user, Permission.VIEW_INSIGHT),
            "can_view_timeliness": has_permission(user, Permission.VIEW_TIMELINESS),
            "can_produce_returns": has_permission(user, Permission.PRODUCE_STATUTORY_RETURNS),
            "can_view_all_challenges": has_permission(user, Permission.VIEW_ALL_CHALLENGES),
            "can_act_on_inequalities": has_permission(user, Permission.RECORD_INEQUALITY_ACTION),
            "can_manage_partnership": has_permission(user, Permission.MANAGE_PARTNERSHIP_REPORT),
            "can_search": has_permission(user, Permission.SEARCH_PEOPLE),
        },
    )


# -- keeping a person's record current, and the family network view (issue 20) --------------------------------------


def _network_diagram(child: Person, family: list[people_selectors.FamilyMember], involvements: list[Any]) -> Any:
    """The family network as positioned shapes and lines (records/family_diagram.py), from what the record holds."""
    today = timezone.localdate()

    def age(person: Person) -> str:
        if person.date_of_death:
            return "died"
        born = person.date_of_birth
        if born is None:
            return ""
        return str(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))

    def as_drawn(m: people_selectors.FamilyMember) -> family_diagram.DiagramPerson:
        return family_diagram.DiagramPerson(
            key=m.person.pk,
            name=m.person.display_name,
            sex=m.person.sex,
            relationship=m.relationship,
            relationship_type=m.relationship_type,
            child_is_theirs=m.direction == "from_child",
            has_parental_responsibility=m.has_parental_responsibility,
            is_significant=m.is_significant,
            lives_with_child=m.lives_with_child,
            is_deceased=m.person.date_of_death is not None,
            age=age(m.person),
        )

    me = family_diagram.DiagramPerson(
        key=child.pk,
        name=child.display_name,
        sex=child.sex,
        relationship="The child",
        lives_with_child=True,
        age=age(child),
    )
    professionals = [
        family_diagram.Professional(i.practitioner.full_name, i.get_role_display(), i.practitioner.organisation.name)
        for i in involvements
    ]
    return family_diagram.layout(me, [as_drawn(m) for m in family], professionals)


@login_required
def child_family(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's family network (M3): a genogram-like diagram, drawn on the server as SVG, and the same people in a
    table (its accessible equivalent), with where the child has lived. A fixed number of queries, however big the
    family."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="Family network")
    child_read_through_scope(request.user, child)
    family = people_selectors.child_family_network(child=child)
    involvements = list(selectors.child_involvements(child=child))
    may_change = has_permission(request.user, Permission.CHANGE_CHILD, child)
    return render(
        request,
        "records/child_family.html",
        {
            "child": child,
            "family": sorted(family, key=lambda m: (not m.lives_with_child, not m.has_parental_responsibility)),
            "diagram": _network_diagram(child, family, involvements),
            "involvements": involvements,
            "addresses": people_selectors.address_history(person=child),
            "may_change": may_change,
            "record_sections": child_record_sections(request.user, child),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_change(request: HttpRequest, child_id: int, person_id: int | None = None) -> HttpResponse:
    """Change the details of a child, or of someone in their network (M2). The service checks the permission, asks a
    reason for a name, date of birth or NHS number, and audits each change with its values before and after."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="Change details")
    if not has_permission(request.user, Permission.CHANGE_CHILD, child):
        raise Http404
    person = (
        child
        if person_id is None
        else selectors.network_person_get(actor=request.user, child=child, person_id=person_id)
    )
    profile = child.child_profile if person is child else None
    form = ChangeDetailsForm(request.POST if request.method == "POST" else None, person=person, profile=profile)

    def perform() -> str:
        services.person_update(
            actor=request.user,
            person=person,
            details=form.person_details(),
            child=form.child_details(),
            reason=form.cleaned_data.get("reason", ""),
            for_child=None if person is child else child,
        )
        return "Details changed."

    return form_page(
        request,
        form,
        perform=perform,
        template="records/person_change.html",
        context={"child": child, "person": person, "profile": profile},
        success_url=reverse("records:child_record" if person is child else "records:child_family", args=[child.pk]),
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def relationship_end(request: HttpRequest, child_id: int, relationship_id: int) -> HttpResponse:
    """End one of the child's relationships from a date: it stays on the record, no longer in the current network."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="End a relationship")
    relationship = selectors.child_relationship_get(actor=request.user, child=child, relationship_id=relationship_id)
    other = relationship.from_person if relationship.to_person_id == child.pk else relationship.to_person
    form = EndedOnForm(request.POST if request.method == "POST" else None, label="When did the relationship end?")

    def perform() -> str:
        services.relationship_end(actor=request.user, relationship=relationship, ended_on=form.cleaned_data["ended_on"])
        return f"The relationship with {other.display_name} has ended."

    return form_page(
        request,
        form,
        perform=perform,
        template="records/relationship_end.html",
        context={"child": child, "other": other, "relationship": relationship},
        success_url=reverse("records:child_family", args=[child.pk]),
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_leave(request: HttpRequest, child_id: int, person_id: int) -> HttpResponse:
    """Someone no longer lives with the child, from a date (and where they went, if known)."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="Someone moved out")
    if not has_permission(request.user, Permission.CHANGE_CHILD, child):
        raise Http404
    person = next((p for p in selectors.living_with_child(child=child) if p.pk == person_id), None)
    if person is None:
        raise Http404
    form = EndedOnForm(
        request.POST if request.method == "POST" else None,
        label=f"When did {person.display_name} stop living with {child.given_name or 'the child'}?",
        moved_out=True,
    )

    def perform() -> str:
        d = form.cleaned_data
        services.household_leave(
            actor=request.user,
            child=child,
            person=person,
            ended_on=d["ended_on"],
            new_address=d.get("new_address", ""),
            new_postcode=d.get("new_postcode", ""),
        )
        return f"{person.display_name} no longer lives with {child.display_name}."

    return form_page(
        request,
        form,
        perform=perform,
        template="records/household_leave.html",
        context={"child": child, "person": person},
        success_url=reverse("records:child_family", args=[child.pk]),
        invalid_status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_move(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record a move of address: the child and whoever moves with them; the old address is kept with its dates."""
    child = selectors.child_get(actor=request.user, child_id=child_id, purpose="Record a move of address")
    if not has_permission(request.user, Permission.CHANGE_CHILD, child):
        raise Http404
    form = HouseholdMoveForm(
        request.POST if request.method == "POST" else None, living_with_child=selectors.living_with_child(child=child)
    )

    def perform() -> str:
        d = form.cleaned_data
        services.household_move(
            actor=request.user,
            child=child,
            people=form.movers(),
            address=d["address"],
            postcode=d["postcode"],
            moved_on=d["moved_on"],
        )
        return "Move of address recorded."

    return form_page(
        request,
        form,
        perform=perform,
        template="records/household_move.html",
        context={"child": child},
        success_url=reverse("records:child_family", args=[child.pk]),
        invalid_status=400,
    )


@login_required
def child_changes(request: HttpRequest, child_id: int) -> HttpResponse:
    """The history of changes to the child's details and family network: who, when, what changed, and why."""
    child, changes = selectors.child_change_history(actor=request.user, child_id=child_id)
    return render(
        request,
        "records/child_changes.html",
        {"child": child, "changes": changes, "record_sections": child_record_sections(request.user, child)},
    )
