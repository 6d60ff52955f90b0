"""Reads of people that need no user: likely matches for a new record, the family network, greater-risk flags. Reads
for a user, scoped by access/ and audited, are in records/selectors.py."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import Left
from django.utils import timezone
from rapidfuzz import fuzz

from joinedup.core.discovery import declared
from joinedup.core.flags import FlagSource

from .matching import MatchCandidate, MatchQuery, MatchResult, NameKeys, _name_similarity, name_keys, score
from .models import HouseholdMember, Person, PreviousAbuseOrNeglect, Relationship

CANDIDATE_LIMIT = 200
# Names on PostgreSQL (ADR 0007): for each part of the name, the SIMILAR_KEYS distinct keys in use most like it by
# spelling (trigrams) or sound (the same Metaphone code), from the people_name_key dictionary (migration people
# 0004); these are paired up best first, and people are read by exact keys through the indexes of migration 0003, a
# pair at a time, in id order, until NAME_CANDIDATES (or twice the results wanted) are in hand. Anyone with the NHS
# number, date of birth or postcode is looked up in full, so among the rest, who rank by name alone, the first read
# are the best. A pair is worth reading only if its name similarity (as matching.score computes it) reaches
# NAME_PAIR_FLOOR, the least a name needs for "Name is similar".
NAME_CANDIDATES = 50
SIMILAR_KEYS = 8
NAME_PAIRS = 12
NAME_PAIR_FLOOR = 75
SAME_SOUND_SIMILARITY = 85  # what matching.score gives a name whose parts sound the same (to pick keys by)


def _candidate_rows(qs: QuerySet[Person], limit: int = CANDIDATE_LIMIT) -> list[MatchCandidate]:
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
        )[:limit]
    ]


def _uses_trigrams() -> bool:
    return connection.vendor == "postgresql"


def _postcode_forms(value: str) -> list[str]:
    """A postcode as typed and as stored ("ls129ab" and "LS12 9AB": the inward code is always three characters)."""
    compact = value.replace(" ", "").upper()
    forms = [value.strip().upper()]
    if len(compact) >= 5:
        forms.append(f"{compact[:-3]} {compact[-3:]}")
    return list(dict.fromkeys(forms))


def _near_dates(day: date) -> list[date]:
    """Dates of birth one slip away: a day either side, the month or the year one out, day and month swapped."""
    near = {day - timedelta(days=1), day + timedelta(days=1)}
    for year, month, dom in [
        (day.year - 1, day.month, day.day),
        (day.year + 1, day.month, day.day),
        (day.year, day.month - 1, day.day),
        (day.year, day.month + 1, day.day),
        (day.year, day.day, day.month),
    ]:
        with suppress(ValueError):
            near.add(date(year, month, dom))
    near.discard(day)
    return sorted(near)


@dataclass(frozen=True)
class _KeyLike:
    key: str
    similarity: float  # rapidfuzz ratio to the wanted key, 0-100
    same_sound: bool


def _similar_name_keys(keys: NameKeys) -> dict[tuple[str, str], list[_KeyLike]]:
    """For each part ("g" given, "f" family) and each key of the query: the keys in use most like it, best first."""
    sounds = {keys.family_name_key: keys.family_name_phonetic, keys.given_name_key: keys.given_name_phonetic}
    wanted = [k for k in sounds if k]
    with connection.cursor() as cursor:
        # pg_trgm's % (trigram similarity over its threshold, 0.3 by default) uses the dictionary's trigram index.
        cursor.execute(
            "SELECT part, key, phonetic FROM people_name_key "
            "WHERE key %% %s OR key %% %s OR phonetic = %s OR phonetic = %s",
            [wanted[0], wanted[-1], sounds[wanted[0]], sounds[wanted[-1]]],
        )
        rows = cursor.fetchall()
    similar: dict[tuple[str, str], list[_KeyLike]] = {}
    for want in wanted:
        for part in ("g", "f"):
            found = [
                _KeyLike(key, fuzz.ratio(want, key), bool(sound) and sound == sounds[want])
                for p, key, sound in rows
                if p == part
            ]
            found.sort(key=lambda k: (-max(k.similarity, SAME_SOUND_SIMILARITY * k.same_sound), k.key))
            similar[(part, want)] = found[:SIMILAR_KEYS]
    return similar


def _name_lookups(keys: NameKeys) -> list[tuple[dict[str, str], list[str]]]:
    """Exact-key lookups (filter, order) for people named like the query, either way round, best first. A pair of
    keys is ranked by the name similarity matching.score gives everyone who has it."""
    given, family = keys.given_name_key, keys.family_name_key
    similar = _similar_name_keys(keys)
    # (family key, given key); None: any (a surname alone is looked up as either name).
    pairs: set[tuple[str | None, str | None]] = set()
    if given:
        pairs.update((f.key, g.key) for f in similar[("f", family)] for g in similar[("g", given)])
        pairs.update((f.key, g.key) for f in similar[("f", given)] for g in similar[("g", family)])
        pairs.update((f.key, "") for f in similar[("f", family)])  # no forename yet (an unborn child)
    else:
        pairs.update((f.key, None) for f in similar[("f", family)])
        pairs.update((None, g.key) for g in similar[("g", family)])
    ranked: list[tuple[int, str | None, str | None]] = []
    for fam, giv in pairs:
        similarity, _swapped = _name_similarity(keys, MatchCandidate(0, "", "", giv or "", fam or "", None, None, ""))
        if similarity >= NAME_PAIR_FLOOR:
            ranked.append((similarity, fam, giv))
    ranked.sort(key=lambda r: (-r[0], r[1] or "", r[2] or ""))
    lookups: list[tuple[dict[str, str], list[str]]] = []
    for _similarity, fam, giv in ranked[:NAME_PAIRS]:
        if giv is None and fam is not None:
            lookups.append(({"family_name_key": fam}, ["given_name_key", "id"]))
        elif fam is None and giv is not None:
            lookups.append(({"given_name_key": giv}, ["family_name_key", "id"]))
        elif fam is not None and giv is not None:
            lookups.append(({"family_name_key": fam, "given_name_key": giv}, ["id"]))
    return lookups


def person_match_candidates(
    *, query: MatchQuery, base: QuerySet[Person] | None = None, limit: int = 20
) -> list[MatchResult]:
    """Likely matches, best first. Candidates come from indexes (NHS number, date of birth and dates one slip away
    from it, postcode, and names like the query's by spelling or sound, either way round: on PostgreSQL through the
    dictionary of name keys in use, on SQLite by phonetic code and prefix); each is then scored."""
    base = base if base is not None else Person.objects.filter(merged_into__isnull=True)
    keys = name_keys(query.given_name, query.family_name)
    candidates: dict[int, MatchCandidate] = {}

    def add(qs: QuerySet[Person], limit: int = CANDIDATE_LIMIT) -> int:
        rows = _candidate_rows(qs, limit)
        for cand in rows:
            candidates.setdefault(cand.person_id, cand)
        return len(rows)

    # Identifiers, in one lookup: NHS number; date of birth (with the initial of either name, when there is a
    # name) and, with a name, dates one slip away; postcode, with a name.
    near = _near_dates(query.date_of_birth) if query.date_of_birth and keys.family_name_key else []
    identifiers: list[Q] = []
    if query.nhs_number:
        identifiers.append(Q(nhs_number=query.nhs_number))
    if query.date_of_birth:
        dates = Q(date_of_birth__in=[query.date_of_birth, *near])
        if keys.family_name_key:
            # The initial as an expression, not a prefix (LIKE) the planner might read a name index for: a date of
            # birth narrows to a few hundred people at most, a letter to tens of thousands.
            initial = keys.family_name_key[:1]
            dates &= Q(family_initial=initial) | Q(given_initial=initial)
        identifiers.append(dates)
    if query.postcode and keys.family_name_key:
        identifiers.append(Q(postcode__in=_postcode_forms(query.postcode)))
    if identifiers:
        initials = base.alias(family_initial=Left("family_name_key", 1), given_initial=Left("given_name_key", 1))
        add(initials.filter(reduce(operator.or_, identifiers)).order_by("id"), 2 * CANDIDATE_LIMIT)
    if keys.family_name_key and _uses_trigrams():
        remaining = max(NAME_CANDIDATES, 2 * limit)
        for lookup, order in _name_lookups(keys):
            remaining -= add(base.filter(**lookup).order_by(*order), remaining)
            if remaining <= 0:
                break
    elif keys.family_name_key:
        # SQLite: phonetic codes of either name in either order, and either name key starting with the same three
        # letters as the surname.
        phon = Q(family_name_phonetic=keys.family_name_phonetic)
        swapped = Q(given_name_phonetic=keys.family_name_phonetic)
        if keys.given_name_phonetic:
            phon &= Q(given_name_phonetic=keys.given_name_phonetic)
            swapped &= Q(family_name_phonetic=keys.given_name_phonetic)
        add(base.filter(phon | swapped).order_by("id"))
        prefix = keys.family_name_key[:3]
        add(base.filter(Q(family_name_key__startswith=prefix) | Q(given_name_key__startswith=prefix)).order_by("id"))
    results = [score(query, c) for c in candidates.values()]
    # Someone found only by a date of birth one slip away is a likely match only if their name is like the query's.
    near_dates = set(near)
    results = [
        r
        for r in results
        if r.reasons
        and (
            candidates[r.person_id].date_of_birth not in near_dates
            or any(reason.startswith("Name") for reason in r.reasons)
            or any(reason in ("NHS number matches", "Same postcode") for reason in r.reasons)
        )
    ]
    results.sort(key=lambda r: (-r.score, r.person_id))
    return results[:limit]


@dataclass
class FamilyMember:
    person: Person
    relationship: str
    relationship_type: str
    has_parental_responsibility: bool
    is_significant: bool
    lives_with_child: bool
    direction: str
    relationship_id: int | None = None  # the relationship row, where there is one (not for a household member only)


def person_in_network(*, child: Person, person: Person) -> bool:
    """Whether `person` is, or was, in the child's family network: a relationship either way, or a household shared
    with the child at any time (what lets a practitioner who may change the child correct that person's details)."""
    if Relationship.objects.filter(
        Q(from_person=person, to_person=child) | Q(from_person=child, to_person=person)
    ).exists():
        return True
    households = HouseholdMember.objects.filter(person=child).values("household_id")
    return HouseholdMember.objects.filter(person=person, household_id__in=households).exists()


@dataclass(frozen=True)
class AddressLived:
    address: str
    postcode: str
    started_on: date | None
    ended_on: date | None


def address_history(*, person: Person) -> list[AddressLived]:
    """Where the person has lived, newest first: their households' addresses with the dates they lived there. One
    query."""
    return [
        AddressLived(m.household.address, m.household.postcode, m.started_on, m.ended_on)
        for m in HouseholdMember.objects.filter(person=person)
        .select_related("household")
        .order_by(F("ended_on").desc(nulls_first=True), F("started_on").desc(nulls_last=True), "-id")
    ]


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
    for rel in Relationship.objects.filter(current, to_person=child).select_related(
        "from_person", "from_person__child_profile"
    ):
        members.append(
            FamilyMember(
                rel.from_person,
                rel.get_relationship_type_display(),
                rel.relationship_type,
                rel.has_parental_responsibility,
                rel.is_significant,
                rel.from_person_id in co_resident,
                "to_child",
                rel.pk,
            )
        )
        seen.add(rel.from_person_id)
    for rel in Relationship.objects.filter(current, from_person=child).select_related(
        "to_person", "to_person__child_profile"
    ):
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
                rel.pk,
            )
        )
        seen.add(rel.to_person_id)
    for person in Person.objects.filter(id__in=co_resident - seen).select_related("child_profile"):
        members.append(FamilyMember(person, "Lives in the same household", "", False, False, True, "household"))
    return members


# -- greater-risk flags (M9) ----------------------------------------------------------------------------------------

PREVIOUS_ABUSE_OR_NEGLECT = "previous_abuse_or_neglect"
RECORDED_BY_A_PRACTITIONER = "Recorded by a practitioner"
# The flags the other apps' records show (their flags.py, joinedup/core/flags.py), by the flag's code.
DERIVED_FLAG_LABELS = {PREVIOUS_ABUSE_OR_NEGLECT: "Previous abuse or neglect"}

_FLAG_SOURCES: dict[str, FlagSource] = {}


def discover_flag_sources() -> None:
    """Read every installed app's ``flags.py`` declarations (run once from PeopleConfig.ready). A name declared twice,
    or a flag this module has no words for, is a mistake that stops Django starting."""
    _FLAG_SOURCES.clear()
    for source in declared("flags", "FLAG_SOURCES"):
        if source.name in _FLAG_SOURCES:
            raise ImproperlyConfigured(f"Flag source {source.name!r} is declared twice")
        if source.flag not in DERIVED_FLAG_LABELS:
            raise ImproperlyConfigured(f"Flag source {source.name!r} gives an unknown flag {source.flag!r}")
        _FLAG_SOURCES[source.name] = source


def flag_sources() -> list[FlagSource]:
    return list(_FLAG_SOURCES.values())


@dataclass(frozen=True)
class RiskFlag:
    code: str
    label: str
    # Why the record shows it, in plain words, where that is not the flag itself (the previous abuse or neglect's
    # sources: a child protection plan, a substantiated enquiry, a practitioner's record).
    because: tuple[str, ...] = ()


# The flags read from the child's own record (_record_flag_conditions), in the order a record shows them.
SEND_NEEDS = ("sen_support", "ehc_plan")
BABY_UNDER_ONE_DAYS = 365


def _record_flag_conditions(today: date) -> dict[str, Q]:
    """Each flag read from a child's own record, as a condition on a Person row: the one statement of each rule,
    for the flags a record shows (greater_risk_flags) and for lists ordered by them (children_at_greater_risk)."""
    return {
        "unborn": Q(child_profile__is_unborn=True),
        "baby_under_one": Q(
            child_profile__is_unborn=False, date_of_birth__gt=today - timedelta(days=BABY_UNDER_ONE_DAYS)
        ),
        "send": Q(child_profile__special_educational_needs__in=SEND_NEEDS),
        "missing": Q(child_profile__is_missing=True),
        "looked_after": Q(child_profile__is_looked_after=True),
        "restricted": Q(child_profile__isnull=False, is_restricted=True),
    }


RECORD_FLAG_LABELS = {
    "unborn": "Unborn",
    "baby_under_one": "Baby under one",
    "send": "SEND",
    "missing": "Missing",
    "looked_after": "Looked after",
    "restricted": "Restricted record",
}


def _previous_abuse_columns(sources: list[FlagSource]) -> dict[str, Any]:
    """Previous abuse or neglect's evidence, an EXISTS column each: every source another app declares, and what a
    practitioner recorded (and has not removed)."""
    columns: dict[str, Any] = {
        f"_flag_source_{n}": Exists(source.rows().filter(child_id=OuterRef("pk"))) for n, source in enumerate(sources)
    }
    columns["_flag_recorded"] = Exists(
        PreviousAbuseOrNeglect.objects.filter(child_id=OuterRef("pk"), removed_at__isnull=True)
    )
    return columns


def children_at_greater_risk(*, today: date | None = None) -> QuerySet[Person]:
    """The children with any greater-risk flag (M9), as a query to filter or to test with EXISTS, so that a list
    ordered by risk orders in SQL, before any page or limit (oversight's allocation list): the same rules as
    greater_risk_flags, read from the same conditions."""
    today = today or timezone.localdate()
    conditions = list(_record_flag_conditions(today).values())
    conditions += [Q(c) for c in _previous_abuse_columns(flag_sources()).values()]
    return Person.objects.filter(reduce(operator.or_, conditions))


def greater_risk_flags(*, child_ids: Iterable[int], today: date | None = None) -> dict[int, list[RiskFlag]]:
    """Children at greater risk (M9), flagged wherever their record appears: each child's flags, by the child's id,
    in one query however many children (each rule, and each source other apps declare, is a column of it). A child
    with no flag, or who is not a child's record, maps to an empty list."""
    ids = set(child_ids)
    if not ids:
        return {}
    today = today or timezone.localdate()
    sources = flag_sources()
    columns = _previous_abuse_columns(sources)
    for code, condition in _record_flag_conditions(today).items():
        columns[f"_flag_{code}"] = ExpressionWrapper(condition, output_field=BooleanField())
    people = Person.objects.filter(pk__in=ids).select_related("child_profile").annotate(**columns)
    flags: dict[int, list[RiskFlag]] = {pk: [] for pk in ids}
    for person in people:
        because = [source.because for n, source in enumerate(sources) if getattr(person, f"_flag_source_{n}")]
        if person._flag_recorded:  # type: ignore[attr-defined]
            because.append(RECORDED_BY_A_PRACTITIONER)
        flags[person.pk] = _flags_of(person, tuple(because))
    return flags


def _flags_of(child: Person, previous_abuse_because: tuple[str, ...]) -> list[RiskFlag]:
    """The flags of a child read with greater_risk_flags' columns, in the order a record shows them: the record's
    own, then previous abuse or neglect, then a restricted record."""
    if getattr(child, "child_profile", None) is None:
        return []
    shown = [code for code in RECORD_FLAG_LABELS if getattr(child, f"_flag_{code}")]
    flags = [RiskFlag(code, _record_flag_label(child, code)) for code in shown if code != "restricted"]
    if previous_abuse_because:
        label = DERIVED_FLAG_LABELS[PREVIOUS_ABUSE_OR_NEGLECT]
        flags.append(RiskFlag(PREVIOUS_ABUSE_OR_NEGLECT, label, previous_abuse_because))
    if "restricted" in shown:
        flags.append(RiskFlag("restricted", RECORD_FLAG_LABELS["restricted"]))
    return flags


def _record_flag_label(child: Person, code: str) -> str:
    label = RECORD_FLAG_LABELS[code]
    return label + " (EHC plan)" if code == "send" and child.child_profile.has_ehc_plan else label


def child_greater_risk_flags(*, child: Person, today: date | None = None) -> list[RiskFlag]:
    """One child's greater-risk flags (one query). For a list, greater_risk_flags reads them all at once."""
    return greater_risk_flags(child_ids=[child.pk], today=today)[child.pk]


def previous_abuse_or_neglect_records(*, child: Person) -> list[PreviousAbuseOrNeglect]:
    """What practitioners have recorded of the child's previous abuse or neglect, the one in force first, then those
    removed, latest first, with who recorded and removed each. One query."""
    return sorted(
        PreviousAbuseOrNeglect.objects.filter(child=child).select_related("recorded_by", "removed_by"),
        key=lambda r: (r.removed_at is not None, -r.recorded_at.timestamp(), -r.pk),
    )
