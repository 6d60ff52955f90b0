"""Case record benchmarks (issue 9): the multi-agency chronology of a child with 2,000 events, and the case
summary. PostgreSQL only (DATABASE_URL).

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup_case_record \
        .venv/bin/python bench/case_record_bench.py
    ... bench/case_record_bench.py --events 2000 --samples 200
    ... bench/case_record_bench.py --remove          # take its children and their records out again

bench/run.py runs it too (`bench/run.py --only case_record`), on the bench database it builds.

What it does:
1. Finds or builds (in bulk; it is the reading that is timed) --children (default 5) children of its own, each with
   --events (default 2,000) chronology events spread over ten years: police and health events partners shared
   (sharing.SharedEvent), events practitioners marked significant (case_record.SignificantEvent) and case notes
   marked significant with the child's words (case_record.CaseNote, one note for the child and a sibling), with a
   practitioner's analysis on one event in ten. Every other registered source (front door, children in care, care
   leavers, challenges and any app that registers one) is read too. The children are allocated to a bench social
   worker; their family names carry the mark "Crbench", so --remove finds them.
2. Figure `case_record_chronology` (target p95 under 150 ms): GET /children/<id>/chronology/ (all 2,000 events on
   one page, oldest first, with the analysis column) through the whole Django stack (production settings:
   middleware, database session, second factor, access scope, the audit write, the Jinja template) as that social
   worker with a verified second factor.
3. Figure `case_summary` (target p95 under 100 ms): GET /children/<id>/case-summary/ the same way.
4. Figure `case_record_oversight` (target p95 under 150 ms): GET /oversight/ for the bench team's manager, with
   --awaiting (default 200) supervision records waiting for their sign-off spread over the bench children, and every
   other registered sign-off source (assessments, front door decisions) queried too: all are read, sorted and
   counted; the oldest page of them (25) is shown and audited.
SQL queries per page are counted (they do not grow with the number of events or items).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, signed_in_client

MARK = "Crbench"
USERNAME = "crbench.worker"
MANAGER_USERNAME = "crbench.manager"
WARMUP = 20
SEED = 20261123
TARGETS = {"case_record_chronology": 150.0, "case_summary": 100.0, "case_record_oversight": 150.0}


def practitioner() -> Any:
    from django.contrib.auth import get_user_model

    from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
    from joinedup.agencies.roles import Role

    la, _ = Organisation.objects.get_or_create(
        name=f"{MARK} council", organisation_type=OrganisationType.LOCAL_AUTHORITY
    )
    hv, _ = Organisation.objects.get_or_create(
        name=f"{MARK} health visiting", organisation_type=OrganisationType.HEALTH_VISITING
    )
    team, _ = Team.objects.get_or_create(name=f"{MARK} team", organisation=la, team_type=TeamType.CHILD_PROTECTION)
    user, created = get_user_model().objects.get_or_create(username=USERNAME, defaults={"email": "crbench@x.invalid"})
    if created:
        user.set_unusable_password()
        user.save()
    worker, _ = Practitioner.objects.get_or_create(
        user=user,
        defaults={
            "given_name": "Bench",
            "family_name": MARK,
            "role": Role.SOCIAL_WORKER,
            "organisation": la,
            "team": team,
        },
    )
    return worker, hv


def build_child(n: int, worker: Any, hv: Any, events: int, rng: random.Random) -> int:
    from django.db import transaction
    from django.utils import timezone

    from joinedup.access.models import Involvement, InvolvementRole
    from joinedup.case_record.models import (
        CaseNote,
        CaseNoteChild,
        ChronologyAnalysis,
        SignificantEvent,
    )
    from joinedup.people.codes import FatherStatus
    from joinedup.people.models import ChildProfile, Person, Relationship
    from joinedup.sharing.models import SharedEvent

    today = timezone.localdate()
    start = today - timedelta(days=3650)
    with transaction.atomic():
        child = Person.objects.create(
            given_name=f"Child{n}", family_name=MARK, date_of_birth=date(2014, 5, 1), is_child_record=True
        )
        sibling = Person.objects.create(
            given_name=f"Sibling{n}", family_name=MARK, date_of_birth=date(2017, 2, 1), is_child_record=True
        )
        for person in (child, sibling):
            ChildProfile.objects.create(
                person=person, father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="Bench"
            )
            Involvement.objects.create(
                practitioner=worker,
                child=person,
                team=worker.team,
                role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                started_on=start,
            )
        Relationship.objects.create(from_person=sibling, to_person=child, relationship_type="sibling")
        mum = Person.objects.create(given_name="Mum", family_name=MARK)
        Relationship.objects.create(
            from_person=mum, to_person=child, relationship_type="mother", has_parental_responsibility=True
        )
        days = sorted(start + timedelta(days=rng.randrange(3650)) for _ in range(events))
        shared, marked, notes = [], [], []
        for i, day in enumerate(days):
            kind = i % 3
            if kind == 0:
                shared.append(
                    SharedEvent(
                        child=child,
                        occurred_on=day,
                        agency=rng.choice(["police", "health"]),
                        event_type=rng.choice(["police_incident", "health"]),
                        title=f"Shared event {i}",
                        detail="Reported by a partner. " * 4,
                        organisation=hv,
                        shared_by=worker.user,
                        shared_by_name="Bench Partner",
                    )
                )
            elif kind == 1:
                marked.append(
                    SignificantEvent(
                        child=child,
                        occurred_on=day,
                        agency="childrens_social_care",
                        event_type="other",
                        title=f"Significant event {i}",
                        detail="What happened and why it matters. " * 3,
                        recorded_by=worker.user,
                        recorded_by_name="Bench Worker",
                    )
                )
            else:
                notes.append((day, i))
        SharedEvent.objects.bulk_create(shared, batch_size=1000)
        SignificantEvent.objects.bulk_create(marked, batch_size=1000)
        now = timezone.now()
        made = CaseNote.objects.bulk_create(
            [
                CaseNote(
                    note_type="visit",
                    occurred_on=day,
                    child_seen=True,
                    child_seen_alone=i % 2 == 0,
                    what_happened="Home visit; the children were seen. " * 5,
                    childs_words=f"Words {i}",
                    analysis="Analysis.",
                    is_significant=True,
                    author=worker.user,
                    author_name="Bench Worker",
                    recorded_at=now,
                    locks_at=now,
                )
                for day, i in notes
            ],
            batch_size=1000,
        )
        CaseNoteChild.objects.bulk_create(
            [
                CaseNoteChild(note=note, child=c, occurred_on=note.occurred_on)
                for note in made
                for c in (child, sibling)
            ],
            batch_size=1000,
        )
        keys = [f"sharing.shared_event:{e.pk}" for e in SharedEvent.objects.filter(child=child)][::10]
        ChronologyAnalysis.objects.bulk_create(
            [
                ChronologyAnalysis(
                    child=child,
                    source_key=k,
                    analysis="A pattern.",
                    written_by=worker.user,
                    written_by_name="Bench Worker",
                )
                for k in keys
            ]
        )
    return int(child.pk)


def bench_children() -> list[int]:
    from joinedup.people.models import Person

    return list(
        Person.objects.filter(family_name=MARK, given_name__startswith="Child", is_child_record=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def remove() -> None:
    from django.db import transaction

    from joinedup.access.models import Involvement
    from joinedup.case_record.models import (
        CaseNote,
        CaseNoteChild,
        ChronologyAnalysis,
        SignificantEvent,
        SupervisionRecord,
    )
    from joinedup.people.models import ChildProfile, Person, Relationship
    from joinedup.sharing.models import SharedEvent

    people = Person.objects.filter(family_name=MARK)
    with transaction.atomic():
        ids = list(people.values_list("id", flat=True))
        note_ids = list(CaseNoteChild.objects.filter(child_id__in=ids).values_list("note_id", flat=True))
        CaseNoteChild.objects.filter(child_id__in=ids).delete()
        CaseNote.objects.filter(id__in=note_ids).delete()
        for model in (SharedEvent, SignificantEvent, ChronologyAnalysis, Involvement, SupervisionRecord):
            model.objects.filter(child_id__in=ids).delete()
        Relationship.objects.filter(to_person_id__in=ids).delete()
        Relationship.objects.filter(from_person_id__in=ids).delete()
        ChildProfile.objects.filter(person_id__in=ids).delete()
        people.delete()
    print(f"removed {len(ids)} bench people and their case records")


def time_pages(child_ids: list[int], samples: int, events: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    user = get_user_model().objects.get(username=USERNAME)
    client = signed_in_client(user)
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for figure, path in (("case_record_chronology", "chronology/"), ("case_summary", "case-summary/")):
        for n in range(WARMUP):
            response = client.get(f"/children/{child_ids[n % len(child_ids)]}/{path}", secure=True)
            assert response.status_code == 200, response.status_code
        timings: list[float] = []
        cpu: list[float] = []
        per_page: list[int] = []
        with connection.execute_wrapper(count):
            for n in range(samples):
                queries = 0
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(f"/children/{child_ids[n % len(child_ids)]}/{path}", secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                per_page.append(queries)
                assert response.status_code == 200, response.status_code
        if figure == "case_record_chronology":
            rows = response.content.count(b'class="govuk-table__row" id=')
            assert rows >= events, f"expected at least {events} events on the page, saw {rows}"
        report(
            figure,
            timings,
            target_p95_ms=TARGETS[figure],
            data_size=f"a child with {events:,} chronology events",
            note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
            note_children=f"{len(child_ids)} children, {events:,} events each",
            # The Django process's own CPU time (not PostgreSQL's, not waiting for a core): context on a shared machine.
            note_app_cpu_ms=f"p50 {sorted(cpu)[len(cpu) // 2]:.0f}, p95 {sorted(cpu)[int(len(cpu) * 0.95) - 1]:.0f}",
        )


def awaiting_sign_off(child_ids: list[int], worker: Any, awaiting: int) -> Any:
    """The bench team's manager, and `awaiting` supervision records the worker wrote, waiting for their sign-off."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from joinedup.agencies.models import Practitioner
    from joinedup.agencies.roles import Role
    from joinedup.case_record.models import SupervisionRecord

    user, created = get_user_model().objects.get_or_create(
        username=MANAGER_USERNAME, defaults={"email": "crbench.manager@x.invalid"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    manager, _ = Practitioner.objects.get_or_create(
        user=user,
        defaults={
            "given_name": "Manager",
            "family_name": MARK,
            "role": Role.TEAM_MANAGER,
            "organisation": worker.organisation,
            "team": worker.team,
        },
    )
    if worker.team.manager_id != manager.pk:
        worker.team.manager = manager
        worker.team.save(update_fields=["manager"])
    have = SupervisionRecord.objects.filter(worker=worker, signed_off_at__isnull=True).count()
    today = timezone.localdate()
    SupervisionRecord.objects.bulk_create(
        SupervisionRecord(
            child_id=child_ids[n % len(child_ids)],
            held_on=today - timedelta(days=n % 60),
            worker=worker,
            supervisor=manager,
            discussion="Reflective discussion of the plan and the child's words.",
            decisions="Stay on the plan; visit weekly.",
            recorded_by=worker.user,
        )
        for n in range(have, awaiting)
    )
    return user


def time_oversight(manager_user: Any, samples: int, awaiting: int) -> None:
    from django.db import connection

    client = signed_in_client(manager_user)
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for _ in range(WARMUP):
        assert client.get("/oversight/", secure=True).status_code == 200
    timings: list[float] = []
    cpu: list[float] = []
    per_page: list[int] = []
    with connection.execute_wrapper(count):
        for _ in range(samples):
            queries = 0
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get("/oversight/", secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            per_page.append(queries)
            assert response.status_code == 200, response.status_code
    from joinedup.oversight.selectors import SIGN_OFF_PAGE_SIZE

    # The page lists the oldest page of them (SIGN_OFF_PAGE_SIZE) and counts them all.
    shown = response.content.count(b">Sign off<span")
    assert shown == min(awaiting, SIGN_OFF_PAGE_SIZE), f"expected a page of items awaiting sign-off, saw {shown}"
    if awaiting > SIGN_OFF_PAGE_SIZE:
        counted = re.search(r"1 to \d+ of (\d+), oldest first", response.content.decode())
        assert counted and int(counted.group(1)) >= awaiting, "expected every item awaiting sign-off counted"
    report(
        "case_record_oversight",
        timings,
        target_p95_ms=TARGETS["case_record_oversight"],
        data_size=f"{awaiting} decisions awaiting sign-off",
        note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
        note_app_cpu_ms=f"p50 {sorted(cpu)[len(cpu) // 2]:.0f}, p95 {sorted(cpu)[int(len(cpu) * 0.95) - 1]:.0f}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--children", type=int, default=5)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--awaiting", type=int, default=200, help="supervision records awaiting sign-off")
    parser.add_argument("--remove", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    if args.remove:
        remove()
        return
    worker, hv = practitioner()
    ids = bench_children()
    if len(ids) < args.children:
        rng = random.Random(SEED)
        started = time.perf_counter()
        for n in range(len(ids), args.children):
            ids.append(build_child(n, worker, hv, args.events, rng))
        print(f"  built bench children in {time.perf_counter() - started:.0f} s", flush=True)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    time_pages(ids[: args.children], args.samples, args.events)
    time_oversight(awaiting_sign_off(ids[: args.children], worker, args.awaiting), args.samples, args.awaiting)


if __name__ == "__main__":
    main()
