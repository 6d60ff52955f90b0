"""People benchmarks (issue 3), on the bench database built by bench/run.py.

person_search      `person_search(actor=<front door practitioner>, query=...)`, the selector the search page and
                   the API call: access scope, candidates from indexes, scoring, the audit write. 300 queries after
                   30 warm-up queries, drawn deterministically from the bench data and perturbed the way people
                   search: exact, misspelt surname or forename, nickname (Bill for William), transliteration
                   (Mohamed for Muhammad), forename and surname swapped, surname and date of birth only, name only,
                   name and postcode, NHS number only.
child_record_page  GET /children/<id>/ through the Django test client (the whole stack: middleware, database
                   session, second factor, access scope, audit write, template), as the demo social worker signed
                   in with a verified second factor, over 300 different children they may see, after 20 warm-up
                   pages; SQL queries per page are counted too.
child_record_page_front_door  the same page for a front door practitioner (every child visible), for comparison.

Run it through `make bench` (or `bench/run.py --only people`); it needs the bench database and settings.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, report, setup_django, signed_in_client

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from joinedup.access.scopes import children_visible_to  # noqa: E402
from joinedup.people.matching import MatchQuery, _fold  # noqa: E402
from joinedup.people.models import Person  # noqa: E402
from joinedup.records.selectors import person_search  # noqa: E402

SEED = 20260311
SEARCHES = 300
SEARCH_WARMUP = 30
PAGES = 300
PAGE_WARMUP = 20
POOL = 20_000  # people sampled from the bench data to draw queries from

_VARIANT_GROUPS: list[list[str]] = json.loads(
    (ROOT / "joinedup/people/data/name_variants.json").read_text(encoding="utf-8")
)["groups"]
# The file lists English nicknames first, then transliterations and spelling variants (from Muhammad on).
_FIRST_TRANSLITERATION = next(i for i, g in enumerate(_VARIANT_GROUPS) if g[0] == "muhammad")


def _variants(groups: list[list[str]]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for name in group:
            index[_fold(name)].extend(_fold(other) for other in group if _fold(other) != _fold(name))
    return index


NICKNAMES = _variants(_VARIANT_GROUPS[:_FIRST_TRANSLITERATION])
TRANSLITERATIONS = _variants(_VARIANT_GROUPS[_FIRST_TRANSLITERATION:])


@dataclass(frozen=True)
class Row:
    id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    nhs_number: str | None
    postcode: str


@dataclass(frozen=True)
class Search:
    kind: str
    query: MatchQuery
    expected_id: int
    # Whether the query identifies the person among namesakes (a date of birth, even one slip out, an NHS number or
    # a postcode): only these count towards "found" (synthetic names repeat, so a bare name has many equal matches).
    identifying: bool


def typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with the next, or replaced."""
    if len(word) < 4:
        return word + rng.choice("aeiou")
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letters = "aeiou" if word[i].lower() in "aeiou" else "bcdfghklmnprstvwz"
    return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]


def variant(rng: random.Random, name: str, table: dict[str, list[str]]) -> str | None:
    options = table.get(_fold(name))
    return rng.choice(options).title() if options else None


def sample_people(rng: random.Random) -> list[Row]:
    ids_in_order = Person.objects.order_by("id").values_list("id", flat=True)
    lo, hi = ids_in_order.first(), ids_in_order.reverse().first()
    assert lo is not None and hi is not None, "the bench database has no people"
    ids = sorted(set(rng.randint(lo, hi) for _ in range(POOL)))
    rows = (
        Person.objects.filter(id__in=ids, merged_into__isnull=True, is_restricted=False)
        .exclude(given_name="")
        .order_by("id")
        .values_list("id", "given_name", "family_name", "date_of_birth", "nhs_number", "postcode")
    )
    return [Row(*r) for r in rows]


def make_searches(rng: random.Random, people: list[Row], n: int) -> list[Search]:
    """A realistic mix of searches, each built from one person in the bench data."""
    with_dob = [p for p in people if p.date_of_birth]
    nicknamed = [p for p in with_dob if _fold(p.given_name) in NICKNAMES]
    transliterated = [
        p for p in with_dob if _fold(p.given_name) in TRANSLITERATIONS or _fold(p.family_name) in TRANSLITERATIONS
    ]
    with_nhs = [p for p in people if p.nhs_number]

    def exact(p: Row) -> Search:
        return Search(
            "exact name and date of birth", MatchQuery(p.given_name, p.family_name, p.date_of_birth), p.id, True
        )

    def surname_typo(p: Row) -> Search:
        q = MatchQuery(p.given_name, typo(rng, p.family_name), p.date_of_birth)
        return Search("misspelt surname, date of birth", q, p.id, True)

    def forename_typo(p: Row) -> Search:
        q = MatchQuery(typo(rng, p.given_name), p.family_name, p.date_of_birth if rng.random() < 0.5 else None)
        return Search("misspelt forename, date of birth or not", q, p.id, q.date_of_birth is not None)

    def nickname(p: Row) -> Search:
        q = MatchQuery(variant(rng, p.given_name, NICKNAMES) or p.given_name, p.family_name, p.date_of_birth)
        return Search("nickname (Bill for William), date of birth", q, p.id, True)

    def transliteration(p: Row) -> Search:
        given = variant(rng, p.given_name, TRANSLITERATIONS) or p.given_name
        family = variant(rng, p.family_name, TRANSLITERATIONS) or p.family_name
        dob = p.date_of_birth if rng.random() < 0.7 else None
        return Search("transliteration (Mohamed for Muhammad)", MatchQuery(given, family, dob), p.id, dob is not None)

    def swapped(p: Row) -> Search:
        q = MatchQuery(p.family_name, p.given_name, p.date_of_birth)
        return Search("forename and surname swapped, date of birth", q, p.id, True)

    def surname_dob(p: Row) -> Search:
        return Search("surname and date of birth only", MatchQuery("", p.family_name, p.date_of_birth), p.id, True)

    def dob_off_by_one_part(p: Row) -> Search:
        assert p.date_of_birth is not None
        dob = p.date_of_birth + timedelta(days=rng.choice([-1, 1]))
        if dob.month != p.date_of_birth.month:
            dob = p.date_of_birth.replace(year=p.date_of_birth.year + rng.choice([-1, 1]))
        q = MatchQuery(p.given_name, p.family_name, dob)
        return Search("date of birth wrong by a day or a year", q, p.id, True)

    def name_only(p: Row) -> Search:
        return Search("name only", MatchQuery(p.given_name, p.family_name), p.id, False)

    def name_postcode(p: Row) -> Search:
        q = MatchQuery(p.given_name, p.family_name, postcode=p.postcode.lower().replace(" ", ""))
        return Search("name and postcode", q, p.id, True)

    def nhs_only(p: Row) -> Search:
        return Search("NHS number only", MatchQuery(nhs_number=p.nhs_number or ""), p.id, True)

    mix: list[tuple[float, list[Row], Callable[[Row], Search]]] = [
        (14, with_dob, exact),
        (14, with_dob, surname_typo),
        (10, with_dob, forename_typo),
        (10, nicknamed, nickname),
        (10, transliterated, transliteration),
        (8, with_dob, swapped),
        (8, with_dob, surname_dob),
        (5, with_dob, dob_off_by_one_part),
        (8, people, name_only),
        (5, people, name_postcode),
        (8, with_nhs, nhs_only),
    ]
    searches: list[Search] = []
    for _ in range(n):
        _weight, pool, build = rng.choices(mix, weights=[m[0] for m in mix])[0]
        searches.append(build(rng.choice(pool)))
    return searches


def bench_search(rng: random.Random, people: list[Row]) -> None:
    user = get_user_model().objects.get(username="front.door")
    searches = make_searches(rng, people, SEARCH_WARMUP + SEARCHES)
    for s in searches[:SEARCH_WARMUP]:
        person_search(actor=user, query=s.query)
    timings: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    found: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for s in searches[SEARCH_WARMUP:]:
        user.__dict__.pop("_joinedup_practitioner", None)  # looked up afresh, as on each request
        started = time.perf_counter()
        results = person_search(actor=user, query=s.query)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        by_kind[s.kind].append(elapsed)
        if s.identifying:
            asked[s.kind] += 1
            found[s.kind] += any(r.person.pk == s.expected_id for r in results)
    print("person_search by kind of query (p50 / p95 ms, the person found among the results):")
    for kind, values in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        hit = f"found {found[kind]}/{asked[kind]}" if asked[kind] else "bare name: many namesakes, not counted"
        print(
            f"  {kind:<45} n={len(values):>3}  {statistics.median(values):6.1f} / "
            f"{sorted(values)[max(0, int(len(values) * 0.95 + 0.5) - 1)]:6.1f}  {hit}"
        )
    report(
        "person_search",
        timings,
        note_found=f"{sum(found.values())} of {sum(asked.values())} identifying searches found the person",
    )


def signed_in_client_named(username: str) -> Client:
    """A test client signed in as `username` with a verified second factor, over HTTPS as production requires."""
    return signed_in_client(get_user_model().objects.get(username=username))


def bench_record_page(rng: random.Random, username: str, figure: str) -> None:
    user = get_user_model().objects.get(username=username)
    visible = sorted(children_visible_to(user).values_list("id", flat=True))
    if not visible:
        raise SystemExit(f"{username} can see no children in the bench data")
    wanted = PAGE_WARMUP + PAGES
    ids = rng.sample(visible, wanted) if len(visible) >= wanted else [rng.choice(visible) for _ in range(wanted)]
    client = signed_in_client_named(username)
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for child_id in ids[:PAGE_WARMUP]:
        response = client.get(f"/children/{child_id}/", secure=True)
        if response.status_code != 200:
            raise SystemExit(f"GET /children/{child_id}/ as {username} gave {response.status_code}, not 200")
    timings: list[float] = []
    per_page: list[int] = []
    with connection.execute_wrapper(count):
        for child_id in ids[PAGE_WARMUP:]:
            queries = 0
            started = time.perf_counter()
            response = client.get(f"/children/{child_id}/", secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            per_page.append(queries)
            if response.status_code != 200:
                raise SystemExit(f"GET /children/{child_id}/ as {username} gave {response.status_code}, not 200")
    report(
        figure,
        timings,
        note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
        note_children_visible=f"{len(visible):,} children visible to {username}",
    )


def main() -> None:
    rng = random.Random(SEED)
    people = sample_people(rng)
    print(f"Drew queries from {len(people):,} people sampled from the bench data.")
    bench_search(rng, people)
    bench_record_page(rng, "social.worker", "child_record_page")
    bench_record_page(rng, "front.door", "child_record_page_front_door")


if __name__ == "__main__":
    main()
