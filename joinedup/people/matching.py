"""Person matching (M5): find the records a new person may already have before one is created.

Names are reduced to keys that survive nicknames and transliterations (Bill -> william,
Mohammed -> muhammad), accents and case; each key also gets a phonetic code (Metaphone) that survives
most misspellings. Candidates come from indexed columns (NHS number, date of birth, phonetic codes, and on
PostgreSQL a trigram index over the name keys in use, ADR 0007), then each is scored in Python with rapidfuzz so
the reasons for a match can be shown to the practitioner.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jellyfish
from rapidfuzz import fuzz

_VARIANTS_FILE = Path(__file__).parent / "data" / "name_variants.json"


@cache
def _variant_index() -> dict[str, str]:
    data = json.loads(_VARIANTS_FILE.read_text(encoding="utf-8"))
    index: dict[str, str] = {}
    for group in data["groups"]:
        canonical = _fold(group[0])
        for name in group:
            # A name in several groups (alex) keeps its first group; matching still compares raw spellings too.
            index.setdefault(_fold(name), canonical)
    return index


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in stripped.lower() if ch.isalpha() or ch in " -'").replace("'", "").strip()


def name_key(name: str) -> str:
    """A canonical key for one name: folded, hyphens to spaces, each word mapped through its variants."""
    words = _fold(name).replace("-", " ").split()
    index = _variant_index()
    return " ".join(index.get(w, w) for w in words)


@lru_cache(maxsize=4096)
def phonetic(name_key_value: str) -> str:
    first = name_key_value.split(" ")[0] if name_key_value else ""
    return jellyfish.metaphone(first)[:20] if first else ""


@dataclass(frozen=True)
class NameKeys:
    given_name_key: str
    family_name_key: str
    given_name_phonetic: str
    family_name_phonetic: str
    search_name: str


@lru_cache(maxsize=4096)  # score() asks again for every candidate
def name_keys(given_name: str, family_name: str) -> NameKeys:
    g = name_key(given_name)
    f = name_key(family_name)
    return NameKeys(
        given_name_key=g,
        family_name_key=f,
        given_name_phonetic=phonetic(g),
        family_name_phonetic=phonetic(f),
        search_name=f"{g} {f}".strip(),
    )


@dataclass(frozen=True)
class MatchQuery:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""


@dataclass
class MatchCandidate:
    """The parts of a person record needed to score it (no ORM object, so scoring is pure)."""

    person_id: int
    given_name: str
    family_name: str
    given_name_key: str
    family_name_key: str
    date_of_birth: date | None
    nhs_number: str | None
    postcode: str


@dataclass
class MatchResult:
    person_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


def _postcode_norm(value: str) -> str:
    return value.replace(" ", "").upper()


# Below this, one part of the name is too different for the whole name to be "similar": a sibling or parent
# sharing a surname must not look like the same person.
_PART_FLOOR = 60


def _both_parts(given: float, family: float) -> float:
    average = (given + family) / 2
    return average if min(given, family) >= _PART_FLOOR else average * 0.6


def _name_similarity(query: NameKeys, cand: MatchCandidate) -> tuple[int, bool]:
    if query.given_name_key and cand.given_name_key:
        straight = _both_parts(
            fuzz.ratio(query.given_name_key, cand.given_name_key),
            fuzz.ratio(query.family_name_key, cand.family_name_key),
        )
        swapped = _both_parts(
            fuzz.ratio(query.given_name_key, cand.family_name_key),
            fuzz.ratio(query.family_name_key, cand.given_name_key),
        )
    else:
        straight = fuzz.ratio(query.family_name_key, cand.family_name_key)
        swapped = fuzz.ratio(query.family_name_key, cand.given_name_key)
    phonetic_same = bool(query.family_name_phonetic) and (
        query.family_name_phonetic == phonetic(cand.family_name_key)
        and (not query.given_name_phonetic or query.given_name_phonetic == phonetic(cand.given_name_key))
    )
    best = max(straight, swapped)
    if phonetic_same:
        best = max(best, 85)
    return round(best), swapped > straight + 10


def _dob_similarity(a: date, b: date) -> tuple[int, str | None]:
    if a == b:
        return 100, "Date of birth matches"
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return 70, "Date of birth matches with day and month swapped"
    same_parts = sum([a.year == b.year, a.month == b.month, a.day == b.day])
    if same_parts == 2:
        return 60, "Date of birth differs by one part"
    return 0, None


def score(query: MatchQuery, cand: MatchCandidate) -> MatchResult:
    keys = name_keys(query.given_name, query.family_name)
    reasons: list[str] = []
    total = 0
    if query.nhs_number and cand.nhs_number and query.nhs_number == cand.nhs_number:
        return MatchResult(cand.person_id, 100, ["NHS number matches"])
    name_score, swapped = _name_similarity(keys, cand) if keys.family_name_key else (0, False)
    if name_score >= 95:
        reasons.append("Name matches" + (" (forename and surname swapped)" if swapped else ""))
    elif name_score >= 75:
        reasons.append("Name is similar" + (" (forename and surname swapped)" if swapped else ""))
    total += int(name_score * 0.55)
    if query.date_of_birth and cand.date_of_birth:
        dob_score, reason = _dob_similarity(query.date_of_birth, cand.date_of_birth)
        if reason:
            reasons.append(reason)
        total += int(dob_score * 0.35)
    if query.postcode and cand.postcode and _postcode_norm(query.postcode) == _postcode_norm(cand.postcode):
        reasons.append("Same postcode")
        total += 10
    return MatchResult(cand.person_id, min(total, 99), reasons)


# A result must reach this score to be shown as a likely match.
LIKELY_MATCH_THRESHOLD = 50


def apply_name_keys(person: Any) -> None:
    """Set a person's search keys (indexed for matching) from their names."""
    keys = name_keys(person.given_name, person.family_name)
    person.given_name_key = keys.given_name_key
    person.family_name_key = keys.family_name_key
    person.given_name_phonetic = keys.given_name_phonetic
    person.family_name_phonetic = keys.family_name_phonetic
    person.search_name = keys.search_name
