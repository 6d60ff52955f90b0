"""Every read of people: scoped by access/ and, for a child's record, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from joinedup.access.models import Involvement
from joinedup.access.scopes import children_visible_to, people_searchable_by
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted

from .matching import MatchCandidate, MatchQuery, MatchResult, name_keys, score
from .models import ChildProfile, HouseholdMember, Person, Relationship

CANDIDATE_LIMIT = 200


def _candidate_rows(qs: QuerySet[Person]) -> list[MatchCandidate]:
    return [
        MatchCandidate(
            person_id=row[0],
            given_name=row[1],
            family_name=row[2],
            given_name_key=row[3],
            family_name_key=row[4],
            date_of_birth=row[5],
            nhs_number=row[6],
            postcode=row[7],
        )
        for row in qs.values_list(
            "id",
            "given_name",
            "family_name",
            "given_name_key",
            "family_name_key",
            "date_of_birth",
            "nhs_number",
            "postcode",
        )[:CANDIDATE_LIMIT]
    ]


def _uses_trigrams() -> bool:
    return connection.vendor == "postgresql"


def person_match_candidates(
    *, query: MatchQuery, base: QuerySet[Person] | None = None, limit: int = 20
) -> list[MatchResult]:
    """Likely matches, best first. Candidates come from indexes (NHS number, date of birth, phonetic codes of
    either name in either order, and on PostgreSQL trigram similarity of the whole name); each is then scored."""
    base = base if base is not None else Person.objects.filter(merged_into__isnull=True)
    keys = name_keys(query.given_name, query.family_name)
    candidates: dict[int, MatchCandidate] = {}

    def add(qs: QuerySet[Person]) -> None:
        for cand in _candidate_rows(qs):
            candidates.setdefault(cand.person_id, cand)

    if query.nhs_number:
        add(base.filter(nhs_number=query.nhs_number))
    if keys.family_name_phonetic:
        phon = Q(family_name_phonetic=keys.family_name_phonetic)
        swapped = Q(given_name_phonetic=keys.family_name_phonetic)
        if keys.given_name_phonetic:
            phon &= Q(given_name_phonetic=keys.given_name_phonetic)
            swapped &= Q(family_name_phonetic=keys.given_name_phonetic)
        add(base.filter(phon | swapped))
    if query.date_of_birth:
        dob = base.filter(date_of_birth=query.date_of_birth)
        if keys.family_name_key:
            initials = Q(family_name_key__startswith=keys.family_name_key[:1]) | Q(
                given_name_key__startswith=keys.family_name_key[:1]
            )
            dob = dob.filter(initials)
        add(dob)
    if keys.search_name and _uses_trigrams():
        # pg_trgm's % operator uses the GIN trigram index on search_name (migration people 0002).
        add(
            base.extra(where=["search_name %% %s"], params=[keys.search_name])
            .extra(select={"sim": "similarity(search_name, %s)"}, select_params=[keys.search_name])
            .order_by("-sim")
        )
    elif keys.family_name_key:
        # SQLite fallback: family or given name key starting with the same three letters, either order.
        prefix = keys.family_name_key[:3]
        add(base.filter(Q(family_name_key__startswith=prefix) | Q(given_name_key__startswith=prefix)))
    if query.postcode and keys.family_name_key:
        add(base.filter(postcode=query.postcode.strip().upper()))
    results = [score(query, c) for c in candidates.values()]
    results = [r for r in results if r.reasons]
    results.sort(key=lambda r: (-r.score, r.person_id))
    return results[:limit]


@dataclass
class SearchResult:
    person: Person
    score: int
    reasons: list[str]
    can_open: bool


def person_search(*, actor: Any, query: MatchQuery, limit: int = 20) -> list[SearchResult]:
    """Person search for a user: only people they may search; whether they may open each record; audited."""
    base = people_searchable_by(actor).filter(merged_into__isnull=True)
    matches = person_match_candidates(query=query, base=base, limit=limit)
    ids = [m.person_id for m in matches]
    people = Person.objects.select_related("child_profile").in_bulk(ids)
    visible = set(children_visible_to(actor).filter(id__in=ids).values_list("id", flat=True))
    results = [
        SearchResult(
            person=people[m.person_id],
            score=m.score,
            reasons=m.reasons,
            can_open=(m.person_id in visible) or not people[m.person_id].is_child_record,
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


def child_get_unaudited_for_access_check(*, actor: Any, child_id: int) -> Person:
    """A child's record for deciding on a page that is not the record itself (no read of its contents)."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        raise NotFoundOrNotPermitted
    return child


@dataclass
class FamilyMember:
    person: Person
    relationship: str
    relationship_type: str
    has_parental_responsibility: bool
    is_significant: bool
    lives_with_child: bool
    direction: str


def child_family_network(*, child: Person) -> list[FamilyMember]:
    """Who matters to the child: relationships both ways, and who lives in the child's household."""
    today = timezone.localdate()
    household_ids = HouseholdMember.objects.filter(person=child, ended_on__isnull=True).values("household_id")
    co_resident = set(
        HouseholdMember.objects.filter(household_id__in=household_ids, ended_on__isnull=True)
        .exclude(person=child)
        .values_list("person_id", flat=True)
    )
    current = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    members: list[FamilyMember] = []
    seen: set[int] = set()
    for rel in Relationship.objects.filter(current, to_person=child).select_related("from_person"):
        members.append(
            FamilyMember(
                rel.from_person,
                rel.get_relationship_type_display(),
                rel.relationship_type,
                rel.has_parental_responsibility,
                rel.is_significant,
                rel.from_person_id in co_resident,
                "to_child",
            )
        )
        seen.add(rel.from_person_id)
    for rel in Relationship.objects.filter(current, from_person=child).select_related("to_person"):
        if rel.to_person_id in seen:
            continue
        label = f"{child.given_name or 'Child'} is their {rel.get_relationship_type_display().lower()}"
        members.append(
            FamilyMember(
                rel.to_person,
                label,
                rel.relationship_type,
                False,
                rel.is_significant,
                rel.to_person_id in co_resident,
                "from_child",
            )
        )
        seen.add(rel.to_person_id)
    for person in Person.objects.filter(id__in=co_resident - seen):
        members.append(FamilyMember(person, "Lives in the same household", "", False, False, True, "household"))
    return members


def child_involvements(*, child: Person) -> QuerySet[Involvement]:
    today = timezone.localdate()
    return (
        Involvement.objects.filter(child=child)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("practitioner", "practitioner__organisation", "team")
        .order_by("role", "started_on")
    )


@dataclass(frozen=True)
class RiskFlag:
    code: str
    label: str


def child_greater_risk_flags(*, child: Person, today: date | None = None) -> list[RiskFlag]:
    """Children at greater risk (M9), flagged wherever their record appears."""
    today = today or timezone.localdate()
    flags: list[RiskFlag] = []
    profile: ChildProfile | None = getattr(child, "child_profile", None)
    if profile is None:
        return flags
    if profile.is_unborn:
        flags.append(RiskFlag("unborn", "Unborn"))
    elif child.date_of_birth and (today - child.date_of_birth).days < 365:
        flags.append(RiskFlag("baby_under_one", "Baby under one"))
    if profile.special_educational_needs in ("sen_support", "ehc_plan"):
        flags.append(RiskFlag("send", "SEND" + (" (EHC plan)" if profile.has_ehc_plan else "")))
    if profile.is_missing:
        flags.append(RiskFlag("missing", "Missing"))
    if profile.is_looked_after:
        flags.append(RiskFlag("looked_after", "Looked after"))
    if profile.previous_abuse_or_neglect:
        flags.append(RiskFlag("previous_abuse_or_neglect", "Previous abuse or neglect"))
    if child.is_restricted:
        flags.append(RiskFlag("restricted", "Restricted record"))
    return flags


def child_list_prefetch_profiles(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.prefetch_related(Prefetch("disabilities"))


def child_duplicate_candidates(*, actor: Any, child: Person, limit: int = 10) -> list[SearchResult]:
    """Records that may be the same child, for merging: likely matches the user may open, not the child."""
    query = MatchQuery(child.given_name, child.family_name, child.date_of_birth, child.nhs_number or "", child.postcode)
    base = children_visible_to(actor).exclude(pk=child.pk)
    matches = [m for m in person_match_candidates(query=query, base=base, limit=limit) if m.score >= 50]
    people = Person.objects.select_related("child_profile").in_bulk([m.person_id for m in matches])
    return [SearchResult(people[m.person_id], m.score, m.reasons, True) for m in matches if m.person_id in people]
