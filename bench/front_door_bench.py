"""Front door benchmarks (issue 5), on PostgreSQL (DATABASE_URL).

    .venv/bin/python bench/run.py --only front_door                    # on the bench database (make bench)
    DATABASE_URL=postgres://... .venv/bin/python bench/front_door_bench.py [--open 20000] [--samples 300] [--keep]

It runs standalone on any migrated database (a generated authority, or empty: it then makes children of its own),
and through bench/run.py on the 1,000,000-person bench database. Its data carries the mark "fdbench" (users,
organisations, teams, made children) or the reference prefix "FB-" (contacts), and is removed afterwards unless
--keep is given; audit events it causes stay (the trail is append-only).

front_door_concern_submit  POST /concerns/new/ through the Django test client (the whole stack: middleware,
                           session, second factor, access, the service's validation, matching the child against
                           every child's record in the authority, the contact, its harms and indicator, the audit
                           write) as a school's designated safeguarding lead with a verified second factor; 300
                           concerns about children drawn from the database (exact details, a misspelt surname, a day
                           out in the date of birth) after 20 warm-up ones. Target: p95 under 150 ms.
front_door_mash_queue      GET /front-door/ (each view of the queue in turn) as a front door practitioner, with at
                           least --open (20,000) open contacts among --history (80,000) decided ones: counts by view,
                           the page of 25 with greater-risk flags, harms, repeat contacts and referrals in 12 months,
                           alerts, and 25 audit rows appended. 300 pages after 20 warm-up ones. Target: p95 under
                           100 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, signed_in_client

setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType  # noqa: E402
from joinedup.agencies.roles import Role  # noqa: E402
from joinedup.front_door.codes import ContactStatus  # noqa: E402
from joinedup.front_door.models import Contact, ContactHarm  # noqa: E402
from joinedup.harms.models import HarmType  # noqa: E402
from joinedup.harms.services import harm_taxonomy_sync  # noqa: E402
from joinedup.people.codes import FatherStatus  # noqa: E402
from joinedup.people.matching import name_keys  # noqa: E402
from joinedup.people.models import ChildProfile, Person  # noqa: E402
from joinedup.timescales.calendar import CALENDAR  # noqa: E402

MARK = "fdbench"
SEED = 20260505
WARMUP = 20
UK = ZoneInfo("Europe/London")
QUEUE_VIEWS = ["all", "overdue", "awaiting_decision", "waiting_for_information", "awaiting_sign_off"]
HARM_CODES = ["neglect", "domestic_abuse", "emotional_abuse", "physical_abuse", "child_criminal_exploitation"]


def bench_people() -> tuple[Any, Any, Organisation]:
    """A school with its DSL and a front door practitioner of the benchmark's own (kept between runs)."""
    user_model = get_user_model()
    la, _ = Organisation.objects.get_or_create(
        name=f"{MARK} council", organisation_type=OrganisationType.LOCAL_AUTHORITY
    )
    school, _ = Organisation.objects.get_or_create(
        name=f"{MARK} primary school", organisation_type=OrganisationType.SCHOOL, defaults={"urn": "FDB001"}
    )
    team, _ = Team.objects.get_or_create(name=f"{MARK} front door", organisation=la, team_type=TeamType.FRONT_DOOR)
    users = {}
    for username, role, org, team_of in (
        (f"{MARK}.front", Role.FRONT_DOOR_PRACTITIONER, la, team),
        (f"{MARK}.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, school, None),
    ):
        user, created = user_model.objects.get_or_create(username=username, defaults={"email": f"{username}@x.invalid"})
        if created:
            user.set_unusable_password()
            user.save()
        Practitioner.objects.get_or_create(
            user=user,
            defaults={
                "given_name": "Bench",
                "family_name": f"{MARK} {role}",
                "role": role,
                "organisation": org,
                "team": team_of,
                "is_designated_safeguarding_lead": role == Role.DESIGNATED_SAFEGUARDING_LEAD,
            },
        )
        users[role] = user
    return users[Role.FRONT_DOOR_PRACTITIONER], users[Role.DESIGNATED_SAFEGUARDING_LEAD], school


def children_to_use(rng: random.Random, wanted: int) -> list[tuple[int, str, str, date | None]]:
    """Children of the database (a sample), or, on a small database, children the benchmark makes."""
    count = Person.objects.filter(is_child_record=True, merged_into__isnull=True).count()
    if count < wanted:
        made = []
        for n in range(wanted - count):
            given = rng.choice(["Amelia", "Noah", "Ava", "Mohammed", "Olivia", "Leo", "Isla", "Oscar"])
            family = f"{MARK}{n % 997}"
            keys = name_keys(given, family)
            made.append(
                Person(
                    given_name=given, family_name=family, date_of_birth=date(2010, 1, 1) + timedelta(days=n % 5000),
                    is_child_record=True, given_name_key=keys.given_name_key, family_name_key=keys.family_name_key,
                    given_name_phonetic=keys.given_name_phonetic, family_name_phonetic=keys.family_name_phonetic,
                    search_name=keys.search_name,
                )
            )  # fmt: skip
        Person.objects.bulk_create(made, batch_size=2000)
        ChildProfile.objects.bulk_create(
            [ChildProfile(person=p, father_status=FatherStatus.NOT_KNOWN, father_not_known_reason=MARK) for p in made],
            batch_size=2000,
        )
    ids = list(
        Person.objects.filter(
            is_child_record=True,
            merged_into__isnull=True,
            date_of_birth__gt=date.today() - timedelta(days=17 * 365),  # under 18 (records go on to 25)
        )
        .order_by("?")
        .values_list("id", "given_name", "family_name", "date_of_birth")[: max(wanted, 2000)]
    )
    rng.shuffle(ids)
    return ids


def open_contacts(
    rng: random.Random, wanted: int, history: int, children: list[tuple[int, str, str, date | None]], dsl: Any
) -> int:
    """Top the open contacts up to `wanted` (received over the last week, some overdue, some waiting for
    information or sign-off) and the decided ones up to `history` (the year before), each about a child with one or
    two harms, as a large authority's front door holds them. Returns how many it made."""
    open_statuses = [ContactStatus.AWAITING_DECISION, ContactStatus.AWAITING_SIGN_OFF]
    need = max(0, wanted - Contact.objects.filter(status__in=open_statuses).count())
    decided = max(0, history - Contact.objects.filter(status=ContactStatus.DECIDED).count())
    harms = list(HarmType.objects.filter(code__in=HARM_CODES))
    today = timezone.localdate()
    days = [d for d in (today - timedelta(days=n) for n in range(8)) if CALENDAR.is_working_day(d)] or [today]
    rows = []
    for n in range(need + decided):
        child_id, given, family, born = children[n % len(children)]
        day = rng.choice(days) if n < need else today - timedelta(days=rng.randint(8, 365))
        received = datetime.combine(day, datetime.min.time(), tzinfo=UK) + timedelta(minutes=rng.randint(480, 1080))
        rows.append(
            Contact(
                reference=f"FB-{n:09d}", received_at=received, received_on=day,
                decision_due_on=CALENDAR.add_working_days(day, 1), channel="partner_portal", source="2A",
                kind="concern", urgency="standard", immediate_danger=n % 997 == 0,
                status=ContactStatus.DECIDED if n >= need else (
                    ContactStatus.AWAITING_SIGN_OFF if n % 5 == 0 else ContactStatus.AWAITING_DECISION
                ),
                referrer=dsl.practitioner, child_id=child_id, child_match="confirmed_by_front_door",
                child_given_name=given, child_family_name=family, child_date_of_birth=born,
                what_happened="Benchmark contact", family_aware="aware", consent="given",
                open_information_requests=1 if n % 7 == 0 and n < need else 0,
            )
        )  # fmt: skip
    with transaction.atomic():
        Contact.objects.bulk_create(rows, batch_size=2000)
        ContactHarm.objects.bulk_create(
            [ContactHarm(contact=c, harm_type=h) for c in rows for h in rng.sample(harms, rng.choice([1, 2]))],
            batch_size=2000,
        )
    with connection.cursor() as cursor:  # as autovacuum would, so the queue's counts read the index alone
        cursor.execute("VACUUM ANALYZE front_door_contact")
        cursor.execute("VACUUM ANALYZE front_door_contactharm")
    return need + decided


def concern_data(
    rng: random.Random, n: int, child: tuple[int, str, str, date | None], school: Organisation
) -> dict[str, Any]:
    _id, given, family, born = child
    kind = rng.random()
    if kind < 0.3 and len(family) > 4:  # a misspelt surname
        i = rng.randrange(1, len(family) - 1)
        family = family[:i] + family[i + 1] + family[i] + family[i + 2 :]
    elif kind < 0.45 and born is not None and born < date.today() - timedelta(days=2):  # a day out in the date of birth
        born = born + timedelta(days=1)
    assert born is not None
    return {
        "immediate_danger": "no", "urgency": "standard", "child_given_name": given, "child_family_name": family,
        "child_is_unborn": "no", "child_date_of_birth_0": str(born.day), "child_date_of_birth_1": str(born.month),
        "child_date_of_birth_2": str(born.year), "child_school": str(school.pk), "kind": "concern",
        "what_happened": "Arrived hungry again and said there was no food at home.", "childs_words": "",
        "harms": ["neglect", "emotional_abuse"], "indicators": ["missing_from_education"],
        "family_aware": "not_aware", "consent": "not_sought", "consent_reason": "Benchmark",
        "idempotency_key": f"{MARK}-{time.time_ns()}-{n}", "matches_reviewed": "True", "child_record_choice": "",
    }  # fmt: skip


def bench_submit(rng: random.Random, dsl: Any, school: Organisation, samples: int, children: list[Any]) -> None:
    client = signed_in_client(dsl)
    timings: list[float] = []
    queries: list[int] = []
    for n in range(WARMUP + samples):
        data = concern_data(rng, n, children[n % len(children)], school)
        if n < WARMUP:  # queries counted in the warm-up, outside the timed samples
            with CaptureQueriesContext(connection) as ctx:
                response = client.post("/concerns/new/", data, secure=True)
            queries.append(len(ctx.captured_queries))
            elapsed = 0.0
        else:
            started = time.perf_counter()
            response = client.post("/concerns/new/", data, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 302:
            import re

            problems = re.findall(r'<a href="#[^"]+">([^<]+)</a>', response.content.decode())
            raise SystemExit(f"front door bench: a concern was refused: {problems} ({data})")
        if n >= WARMUP:
            timings.append(elapsed)
    matched = Contact.objects.filter(referrer=dsl.practitioner, match_suggestions__isnull=False).distinct().count()
    made = Contact.objects.filter(referrer=dsl.practitioner).exclude(reference__startswith="FB-").count()
    report(
        "front_door_concern_submit",
        timings,
        data_size=f"{Person.objects.count():,} people",
        note_queries=f"{min(queries)}-{max(queries)} SQL queries a submission",
        note_matched=f"{matched} of {made} concerns had a likely existing record suggested",
    )


def bench_queue(front: Any, samples: int) -> None:
    client = signed_in_client(front)
    open_count = Contact.objects.filter(
        status__in=[ContactStatus.AWAITING_DECISION, ContactStatus.AWAITING_SIGN_OFF]
    ).count()
    timings: list[float] = []
    queries: list[int] = []
    for view in QUEUE_VIEWS:  # queries counted once per view, outside the timed loop
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/front-door/?tab={view}", secure=True)
        queries.append(len(ctx.captured_queries))
    for n in range(WARMUP + samples):
        view = QUEUE_VIEWS[n % len(QUEUE_VIEWS)]
        started = time.perf_counter()
        response = client.get(f"/front-door/?tab={view}", secure=True)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if n >= WARMUP:
            timings.append(elapsed)
    report(
        "front_door_mash_queue",
        timings,
        data_size=f"{open_count:,} open contacts",
        note_queries=f"{min(queries)}-{max(queries)} SQL queries a page",
    )


def remove(dsl: Any) -> None:
    with transaction.atomic():
        Contact.objects.filter(referrer=dsl.practitioner).delete()
        made = Person.objects.filter(family_name__startswith=MARK, is_child_record=True)
        ChildProfile.objects.filter(person__in=made).delete()
        made.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--open", type=int, default=20_000, help="open contacts in the queue (default 20,000)")
    parser.add_argument(
        "--history", type=int, default=80_000, help="decided contacts of the past year (default 80,000)"
    )
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's contacts and children")
    args = parser.parse_args()
    rng = random.Random(SEED)
    harm_taxonomy_sync()
    front, dsl, school = bench_people()
    remove(dsl)
    children = children_to_use(rng, min(args.open, 20_000))
    made = open_contacts(rng, args.open, args.history, children, dsl)
    print(f"front door bench: {made:,} contacts made; {Person.objects.count():,} people in the database")
    try:
        bench_submit(rng, dsl, school, args.samples, children)
        bench_queue(front, args.samples)
    finally:
        if not args.keep:
            remove(dsl)


if __name__ == "__main__":
    main()
