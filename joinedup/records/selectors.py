"""Reads of people for a user: scoped by access/ and, for a child's record, audited."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import DateField, Q, QuerySet
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to, is_front_door_member, people_searchable_by, practitioner_of
from joinedup.access.selectors import caseload_of, reviewed_by
from joinedup.agencies.models import Organisation
from joinedup.agencies.roles import PARTNER_ROLES, Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.selectors import record_access_log
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.work import WorkItem
from joinedup.people.codes import Disability
from joinedup.people.matching import (
    MatchQuery,
)
from joinedup.people.models import ChildProfile, Household, HouseholdMember, Person, Relationship
from joinedup.people.selectors import RiskFlag, greater_risk_flags, person_in_network, person_match_candidates
from joinedup.timescales import work_reader
from joinedup.timescales.selectors import DueCounts, NextDue, due_counts_for, next_due_by_child
from joinedup.ui.govuk import format_nhs_number, uk_date


@dataclass
class SearchResult:
    person: Person
    score: int
    reasons: list[str]
    can_open: bool
    # The child's greater-risk flags (M9), for a child whose record the user may open; none for anyone else.
    flags: list[RiskFlag] = field(default_factory=list)


def person_search(*, actor: Any, query: MatchQuery, limit: int = 20) -> list[SearchResult]:
    """Person search for a user: only people they may search; whether they may open each record; audited."""
    base = people_searchable_by(actor).filter(merged_into__isnull=True)
    matches = person_match_candidates(query=query, base=base, limit=limit)
    ids = [m.person_id for m in matches]
    people = Person.objects.select_related("child_profile").in_bulk(ids)
    visible = set(children_visible_to(actor).filter(id__in=ids).values_list("id", flat=True))
    flags = greater_risk_flags(child_ids=visible)
    results = [
        SearchResult(
            person=people[m.person_id],
            score=m.score,
            reasons=m.reasons,
            can_open=(m.person_id in visible) or not people[m.person_id].is_child_record,
            flags=flags.get(m.person_id, []),
        )
        for m in matches
        if m.person_id in people
    ]
    with transaction.atomic():
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.SEARCHED,
            object_type="people.person",
            object_id="search",
            changed_fields=[f"results:{len(results)}"],
        )
    return results


def child_list(*, actor: Any) -> QuerySet[Person]:
    """The children a user may see, ready for a list page or the API list."""
    return (
        children_visible_to(actor)
        .select_related("child_profile", "child_profile__school")
        .order_by("family_name", "given_name", "id")
    )


def child_get(*, actor: Any, child_id: int, purpose: str = "") -> Person:
    """One child's record, if the user may see it, with the read audited in the same transaction."""
    with transaction.atomic():
        child = (
            children_visible_to(actor)
            .select_related(
                "child_profile", "child_profile__school", "child_profile__gp_practice", "child_profile__pregnant_person"
            )
            .prefetch_related("disabilities")
            .filter(pk=child_id)
            .first()
        )
        if child is None:
            raise NotFoundOrNotPermitted
        auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason=purpose)
    return child


def child_access_log_get(*, actor: Any, child_id: int) -> tuple[Person, list[AuditEvent]]:
    """The child and who has opened, changed or exported their record, for someone who may read the log; reading
    it is a read of the record, audited first (so the reader is the newest in it)."""
    child = access_child(
        actor, child_id, permission=Permission.VIEW_RECORD_ACCESS_LOG, purpose="Who has viewed this record"
    )
    return child, list(record_access_log(child_id=child.pk))


def child_involvements(*, child: Person) -> QuerySet[Involvement]:
    today = timezone.localdate()
    return (
        Involvement.objects.filter(child=child)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("practitioner", "practitioner__organisation", "team")
        .order_by("role", "started_on")
    )


def child_duplicate_candidates(*, actor: Any, child: Person, limit: int = 10) -> list[SearchResult]:
    """Records that may be the same child, for merging: likely matches the user may open, not the child."""
    query = MatchQuery(child.given_name, child.family_name, child.date_of_birth, child.nhs_number or "", child.postcode)
    base = children_visible_to(actor).exclude(pk=child.pk)
    matches = [m for m in person_match_candidates(query=query, base=base, limit=limit) if m.score >= 50]
    people = Person.objects.select_related("child_profile").in_bulk([m.person_id for m in matches])
    return [SearchResult(people[m.person_id], m.score, m.reasons, True) for m in matches if m.person_id in people]


# -- the home page per role (issue 19, ADR 0025) -------------------------------------------------------------------


# Roles that work with figures and settings rather than children's records.
TOOLS_ROLES = frozenset({Role.ANALYST, Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR})


class HomeKind(StrEnum):
    """Which home page a person gets: what they act on first."""

    CASEWORK = "casework"  # the local authority's caseworkers and managers: their children, then their work
    FRONT_DOOR = "front_door"  # the front door (MASH): the queue, then their work
    PARTNER = "partner"  # schools, police, health and other partners: requests and contributions, their children
    TOOLS = "tools"  # analysts, the partnership lead, administrators: a short page pointing at their tools


@dataclass(frozen=True)
class CaseloadChild:
    child: Person
    next_due: NextDue | None
    flags: list[RiskFlag]


# The children a partner's home names (the rest are on the children list, a link away).
PARTNER_CHILDREN_SHOWN = 20


@dataclass
class HomePage:
    kind: HomeKind
    practitioner: Any
    today: date
    work: list[WorkItem] = field(default_factory=list)
    caseload: list[CaseloadChild] = field(default_factory=list)  # a caseworker's children (the one caseload figure)
    due: DueCounts | None = None  # a caseworker's statutory deadlines: overdue and due this week
    children: list[Person] = field(default_factory=list)  # a partner's children they work with (the first few)
    children_count: int = 0
    reviewing: bool = False  # an independent reviewing officer: their children are those they review

    @property
    def work_groups(self) -> list[tuple[str, list[WorkItem]]]:
        return work_reader.grouped(self.work)

    @property
    def overdue(self) -> int:
        """Overdue statutory deadlines and overdue work items together."""
        return (self.due.overdue if self.due else 0) + sum(1 for i in self.work if i.is_overdue(self.today))

    @property
    def due_this_week(self) -> int:
        week_end = self.today + timedelta(days=7)
        items = sum(1 for i in self.work if i.due_on is not None and self.today <= i.due_on <= week_end)
        return (self.due.due_this_week if self.due else 0) + items


def home_kind(practitioner: Any) -> HomeKind:
    if practitioner is None or practitioner.role in TOOLS_ROLES:
        return HomeKind.TOOLS
    if is_front_door_member(practitioner):
        return HomeKind.FRONT_DOOR
    if practitioner.role in PARTNER_ROLES:
        return HomeKind.PARTNER
    return HomeKind.CASEWORK


def home_page(*, actor: Any, today: date | None = None) -> HomePage:
    """What the signed-in person acts on first (issue 19): every work item every app declares for them
    (timescales/work_reader.py), urgent and overdue first; for a caseworker their caseload (the children allocated to
    them, access.selectors.caseload_of; for an independent reviewing officer the children they review,
    access.selectors.reviewed_by) each with the next thing due, and how many statutory deadlines are overdue
    and due this week; for a partner the children they work with. Every child the page names is audited in one bulk
    write. A fixed number of queries for each kind of home, whatever the number of children or items."""
    today = today or timezone.localdate()
    practitioner = practitioner_of(actor)
    page = HomePage(kind=home_kind(practitioner), practitioner=practitioner, today=today)
    if practitioner is None:
        return page
    page.work = work_reader.work_for(actor=actor, today=today)
    named: list[Person] = []
    if page.kind == HomeKind.CASEWORK:
        page.reviewing = practitioner.role == Role.INDEPENDENT_REVIEWING_OFFICER
        held = (reviewed_by if page.reviewing else caseload_of)(practitioner=practitioner, today=today)
        children = list(held.filter(pk__in=children_visible_to(actor)))
        next_due = next_due_by_child(child_ids=[c.pk for c in children])
        flags = greater_risk_flags(child_ids=[c.pk for c in children], today=today)
        rows = [CaseloadChild(c, next_due.get(c.pk), flags.get(c.pk, [])) for c in children]
        # Overdue first, then soonest due, then the children with nothing open (alphabetical, as read).
        rows.sort(key=lambda r: r.next_due.due_on if r.next_due else date.max)
        page.caseload = rows
        page.due = due_counts_for(actor=actor, worker=practitioner, today=today)
        named = children
    elif page.kind == HomeKind.PARTNER:
        listed = child_list(actor=actor)
        page.children = list(listed[:PARTNER_CHILDREN_SHOWN])
        page.children_count = len(page.children) if len(page.children) < PARTNER_CHILDREN_SHOWN else listed.count()
        named = page.children
    with transaction.atomic():  # the children the page names, and the work items naming them: one bulk write
        auditor.audit_events_record(
            actor=actor,
            events=[auditor.EventSpec(AuditAction.LISTED, "people.person", c.pk, child_id=c.pk) for c in named]
            + work_reader.audit_events(page.work),
        )
    return page


# -- keeping a person's record current (issue 20): the history of changes, and who the child's network holds ----------


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RecordChange:
    occurred_at: Any
    who: str
    what: str  # whose details, or which part of the network
    changes: list[FieldChange]
    reason: str


# What each field is called on the page, where the model's own name for it is not the words a practitioner uses.
_FIELD_LABELS = {
    "given_name": "First name",
    "family_name": "Last name",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number (UPN)",
    "uln": "Unique learner number (ULN)",
    "school_id": "School or setting",
    "interpreter_needed": "Interpreter needed",
    "is_young_parent": "Young parent",
    "lgbtqia_identity_shared": "LGBTQIA identity (where shared)",
    "disabilities": "Disabilities",
    "ended_on": "Ended",
    "father_status": "Father or male carer",
    "removed_at": "Removed",
    "removed_by_id": "Removed by",
}
_PEOPLE_MODELS = {
    "people.person": Person,
    "people.childprofile": ChildProfile,
    "people.relationship": Relationship,
    "people.householdmember": HouseholdMember,
    "people.household": Household,
}


def _in_words(model: Any, name: str, value: Any, schools: dict[int, str]) -> str:
    """A stored value as the page shows it: a code by its meaning, a date in the UK style, yes or no."""
    if value in (None, "", []):
        return "Not recorded"
    if name == "school_id":
        return schools.get(value, "A school no longer recorded")
    if name == "nhs_number":
        return format_nhs_number(value)
    if name == "disabilities":
        return ", ".join(Disability(v).label if v in Disability.values else str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, DateField) and isinstance(value, str):
        with suppress(ValueError):
            return uk_date(date.fromisoformat(value[:10]))
    return str(value)


def _label(model: Any, name: str) -> str:
    if name in _FIELD_LABELS:
        return _FIELD_LABELS[name]
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize()


def child_change_history(*, actor: Any, child_id: int, limit: int = 200) -> tuple[Person, list[RecordChange]]:
    """The history of changes to a child's record and family network (M2, M3), newest first: who changed what, when,
    from what to what, and why (the reason asked for a name, date of birth or NHS number). For those who may read
    who has viewed the record (managers); reading it is audited. A fixed number of queries however long."""
    child = access_child(actor, child_id, permission=Permission.VIEW_RECORD_ACCESS_LOG, purpose="History of changes")
    events = list(
        AuditEvent.objects.filter(
            child_id=child.pk,
            action__in=[AuditAction.UPDATED, AuditAction.MERGED],
            object_type__in=list(_PEOPLE_MODELS),
            history__isnull=False,
        )
        .select_related("history", "actor", "actor__practitioner")
        .order_by("-occurred_at", "-id")[:limit]
    )
    ids: dict[str, set[int]] = {}
    school_ids: set[int] = set()
    for event in events:
        ids.setdefault(event.object_type, set()).add(int(event.object_id))
        for values in (event.history.before, event.history.after):
            if isinstance(values.get("school_id"), int):
                school_ids.add(values["school_id"])
    people = Person.objects.in_bulk(ids.get("people.person", set()))
    relationships = (
        Relationship.objects.select_related("from_person", "to_person").in_bulk(ids["people.relationship"])
        if "people.relationship" in ids
        else {}
    )
    memberships = (
        HouseholdMember.objects.select_related("person").in_bulk(ids["people.householdmember"])
        if "people.householdmember" in ids
        else {}
    )
    schools = dict(Organisation.objects.filter(pk__in=school_ids).values_list("pk", "name")) if school_ids else {}

    def what(event: AuditEvent) -> str:
        pk = int(event.object_id)
        if event.object_type == "people.person":
            person = people.get(pk)
            return f"{person.display_name}'s details" if person else "A person's details"
        if event.object_type == "people.childprofile":
            return f"{child.display_name}'s details"
        if event.object_type == "people.relationship" and pk in relationships:
            rel = relationships[pk]
            other = rel.from_person if rel.to_person_id == child.pk else rel.to_person
            return f"{other.display_name}: {rel.get_relationship_type_display().lower()}"
        if event.object_type == "people.householdmember" and pk in memberships:
            return f"{memberships[pk].person.display_name} living at the household's address"
        if event.object_type == "people.household":
            return "The household's address"
        return "The family network"

    changes = []
    for event in events:
        model = _PEOPLE_MODELS[event.object_type]
        before, after = event.history.before, event.history.after
        practitioner = getattr(event.actor, "practitioner", None) if event.actor else None
        who = practitioner.full_name if practitioner else (event.actor.username if event.actor else "System")
        changes.append(
            RecordChange(
                occurred_at=event.occurred_at,
                who=who,
                what=what(event),
                changes=[
                    FieldChange(
                        _label(model, name),
                        _in_words(model, name, before.get(name), schools),
                        _in_words(model, name, after.get(name), schools),
                    )
                    for name in sorted(
                        set(before) | set(after), key=lambda n: list(after).index(n) if n in after else 0
                    )
                ],
                reason=event.reason,
            )
        )
    return child, changes


def network_person_get(*, actor: Any, child: Person, person_id: int) -> Person:
    """Someone in the child's family network who has no child's record of their own, for a user who may change the
    child (a child's record is changed from that child's own record)."""
    person = Person.objects.filter(pk=person_id, is_child_record=False, merged_into__isnull=True).first()
    if (
        person is None
        or not has_permission(actor, Permission.CHANGE_CHILD, child)
        or not person_in_network(child=child, person=person)
    ):
        raise NotFoundOrNotPermitted
    return person


def child_relationship_get(*, actor: Any, child: Person, relationship_id: int) -> Relationship:
    """One of the child's relationships with no end recorded yet, for a user who may change the child."""
    relationship = (
        Relationship.objects.filter(
            Q(to_person=child) | Q(from_person=child), pk=relationship_id, ended_on__isnull=True
        )
        .select_related("from_person", "to_person")
        .first()
    )
    if relationship is None or not has_permission(actor, Permission.CHANGE_CHILD, child):
        raise NotFoundOrNotPermitted
    return relationship


def living_with_child(*, child: Person) -> list[Person]:
    """Who lives with the child now (their current household, the child left out)."""
    households = HouseholdMember.objects.filter(person=child, ended_on__isnull=True).values("household_id")
    return list(
        Person.objects.filter(
            household_memberships__household_id__in=households, household_memberships__ended_on__isnull=True
        )
        .exclude(pk=child.pk)
        .select_related("child_profile")
        .order_by("family_name", "given_name", "id")
    )
