"""Timescales benchmark: computing due dates for 30,000 open children, and the My work page over 1,000,000
deadline rows. PostgreSQL only (DATABASE_URL).

Usage (from the repository root):

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup .venv/bin/python bench/timescales_bench.py
    ... bench/timescales_bench.py --children 3000 --deadlines 100000 --samples 20    # a quick, smaller run

What it does:
1. Creates its own fictional data, marked so it can find and remove it again: one organisation, teams of 10
   workers (one worker per 20 children, a typical caseload), N open children each allocated to a worker.
2. Figure `timescales_compute` (target: all of them under 2 s): due dates for one open clock per child (every rule
   in rules.toml in turn, starts spread over the last year), computed with the authority's local settings read
   once (one query) and the pure engine. Inserting those deadline rows is timed too, for information.
3. Tops the deadline table up to M rows (default 1,000,000) with SQL (history, nearly all met), ANALYZEs.
4. Figure `timescales_my_work` (target: p95 under 100 ms): GET /my-work/ through the whole Django stack (settings
   as in production: middleware, session, second factor, access scope, template) for a signed-in social worker
   with a verified second factor, timed over --samples requests after a warm-up.
5. Removes its data unless --keep is given.

Each figure is printed with its target and the data size, then as a `BENCH_RESULT {json}` line (the format the
bench runner reads). Settings: DJANGO_SETTINGS_MODULE if set (the bench runner sets bench.settings), otherwise
the production settings with a throwaway secret and the test client's host allowed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MARK = "tsbench"  # family names, usernames and the organisation name carry this mark
COMPUTE_TARGET_S = 2.0
MY_WORK_TARGET_P95_MS = 100.0
CHILDREN_PER_WORKER = 20
WORKERS_PER_TEAM = 10


def setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        os.environ["DJANGO_SETTINGS_MODULE"] = "joinedup.settings.production"
        os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(60))
        os.environ.setdefault("JOINEDUP_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


def result(figure: str, samples_ms: list[float], **extra: Any) -> None:
    line = {
        "figure": figure,
        "p50_ms": round(percentile(samples_ms, 50), 2),
        "p95_ms": round(percentile(samples_ms, 95), 2),
        "max_ms": round(max(samples_ms), 2),
        "samples": len(samples_ms),
        **extra,
    }
    print("BENCH_RESULT " + json.dumps(line, sort_keys=True), flush=True)


def remove_data() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM timescales_notification WHERE deadline_id IN (SELECT d.id FROM timescales_deadline d "
            "JOIN people_person p ON p.id = d.child_id WHERE p.family_name = %s) OR recipient_id IN "
            "(SELECT id FROM agencies_practitioner WHERE family_name LIKE %s)",
            [MARK, f"{MARK} %"],
        )
        cur.execute(
            "DELETE FROM timescales_deadline WHERE child_id IN (SELECT id FROM people_person WHERE family_name = %s)",
            [MARK],
        )
        cur.execute(
            "DELETE FROM access_involvement WHERE child_id IN (SELECT id FROM people_person WHERE family_name = %s)",
            [MARK],
        )
        cur.execute(
            "DELETE FROM people_childprofile WHERE person_id IN (SELECT id FROM people_person WHERE family_name = %s)",
            [MARK],
        )
        cur.execute("DELETE FROM people_person WHERE family_name = %s", [MARK])
        cur.execute("UPDATE agencies_team SET manager_id = NULL WHERE name LIKE %s", [f"{MARK} %"])
        cur.execute(
            "DELETE FROM otp_totp_totpdevice WHERE user_id IN (SELECT id FROM accounts_user WHERE username LIKE %s)",
            [f"{MARK}.%"],
        )
        cur.execute(
            "DELETE FROM agencies_practitioner WHERE organisation_id IN "
            "(SELECT id FROM agencies_organisation WHERE name = %s)",
            [MARK],
        )
        cur.execute("DELETE FROM accounts_user WHERE username LIKE %s", [f"{MARK}.%"])
        cur.execute("DELETE FROM agencies_team WHERE name LIKE %s", [f"{MARK} %"])
        cur.execute("DELETE FROM agencies_organisation WHERE name = %s", [MARK])


def build_people(children: int) -> tuple[list[Any], list[int], list[int]]:
    """Workers in teams, and `children` open children each allocated to a worker. Returns the workers, the
    child ids and, for each child, its worker's index."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from joinedup.access.models import Involvement, InvolvementRole
    from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
    from joinedup.agencies.roles import Role
    from joinedup.people.codes import FatherStatus
    from joinedup.people.models import ChildProfile, Person

    n_workers = max(1, children // CHILDREN_PER_WORKER)
    User = get_user_model()
    with transaction.atomic():
        org = Organisation.objects.create(name=MARK, organisation_type=OrganisationType.LOCAL_AUTHORITY)
        teams = Team.objects.bulk_create(
            [
                Team(name=f"{MARK} {t}", organisation=org, team_type=TeamType.CHILD_PROTECTION)
                for t in range(math.ceil(n_workers / WORKERS_PER_TEAM))
            ]
        )
        users = User.objects.bulk_create([User(username=f"{MARK}.{w}", is_active=True) for w in range(n_workers)])
        workers = Practitioner.objects.bulk_create(
            [
                Practitioner(
                    user=users[w],
                    given_name="Worker",
                    family_name=f"{MARK} {w}",
                    role=Role.SOCIAL_WORKER,
                    organisation=org,
                    team=teams[w // WORKERS_PER_TEAM],
                )
                for w in range(n_workers)
            ]
        )
        people = Person.objects.bulk_create(
            [
                Person(given_name=f"Child{i}", family_name=MARK, is_child_record=True, date_of_birth=date(2015, 1, 1))
                for i in range(children)
            ],
            batch_size=5000,
        )
        ChildProfile.objects.bulk_create(
            [
                ChildProfile(person=p, father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="bench")
                for p in people
            ],
            batch_size=5000,
        )
        worker_of = [i % n_workers for i in range(children)]
        Involvement.objects.bulk_create(
            [
                Involvement(
                    practitioner=workers[worker_of[i]],
                    child=p,
                    team=workers[worker_of[i]].team,
                    role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                    started_on=date(2025, 1, 6),
                )
                for i, p in enumerate(people)
            ],
            batch_size=5000,
        )
    return workers, [p.pk for p in people], worker_of


def compute_and_insert(workers: list[Any], child_ids: list[int], worker_of: list[int], today: date) -> None:
    from joinedup.timescales import engine
    from joinedup.timescales.models import Deadline
    from joinedup.timescales.rules import RULES
    from joinedup.timescales.selectors import local_figures

    codes = list(RULES)
    clocks = [(codes[i % len(codes)], today - timedelta(days=i % 365)) for i in range(len(child_ids))]
    started = time.perf_counter()
    figures = local_figures()
    due = [engine.due_date(code, start, figures=figures) for code, start in clocks]
    elapsed = time.perf_counter() - started
    verdict = "met" if elapsed < COMPUTE_TARGET_S else "MISSED"
    print(
        f"timescales_compute: {len(clocks):,} due dates (one open clock per child, all {len(codes)} rules) in "
        f"{elapsed:.3f} s; target under {COMPUTE_TARGET_S:.0f} s: {verdict}. Data: {len(child_ids):,} open children"
    )
    result(
        "timescales_compute",
        [elapsed * 1000],
        target_ms=COMPUTE_TARGET_S * 1000,
        data_size=f"{len(child_ids):,} open children",
    )
    started = time.perf_counter()
    Deadline.objects.bulk_create(
        [
            Deadline(
                rule_code=code,
                interval=RULES[code].headline.name,
                child_id=child_ids[i],
                subject_key=f"bench.open:{i}",
                started_on=start,
                due_on=due[i],
                figure_applied=RULES[code].headline.describe(),
                is_local=RULES[code].is_local,
                assignee_id=workers[worker_of[i]].pk,
                team_id=workers[worker_of[i]].team_id,
            )
            for i, (code, start) in enumerate(clocks)
        ],
        batch_size=5000,
    )
    print(f"  (inserting those {len(clocks):,} deadline rows took {time.perf_counter() - started:.2f} s)")


def top_up(total: int, today: date) -> int:
    """History to `total` deadline rows with one INSERT ... SELECT: each bench child gets past clocks over about
    four years, all met except a seventh of those started in the last 60 days. (The moduli 1499 and 7 are prime to
    the number of workers, so no worker gets more than their share of open clocks.)"""
    from django.db import connection

    from joinedup.timescales.rules import RULES

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM timescales_deadline")
        have = cur.fetchone()[0]
        missing = max(0, total - have)
        if missing:
            cur.execute(
                """
                WITH kids AS (
                    SELECT p.id AS child_id, i.practitioner_id, i.team_id, row_number() OVER (ORDER BY p.id) - 1 AS k
                    FROM people_person p JOIN access_involvement i ON i.child_id = p.id
                    WHERE p.family_name = %(mark)s
                ), rows AS (
                    SELECT g, g %% (SELECT count(*) FROM kids) AS k,
                           (%(today)s::date - ((g %% 1499) + 1)) AS started_on
                    FROM generate_series(1, %(missing)s) AS g
                )
                INSERT INTO timescales_deadline (created_at, updated_at, rule_code, "interval", child_id, subject_key,
                    started_on, due_on, figure_applied, is_local, met_on, late_reason, assignee_id, team_id)
                SELECT now(), now(), (%(codes)s::text[])[1 + g %% %(ncodes)s], 'standard', kids.child_id,
                       'bench.history:' || g, rows.started_on, rows.started_on + 30, '30 days', false,
                       CASE WHEN g %% 7 = 0 AND rows.started_on > %(today)s::date - 60 THEN NULL
                            ELSE rows.started_on + (g %% 45) END,
                       '', kids.practitioner_id, kids.team_id
                FROM rows JOIN kids ON kids.k = rows.k
                """,
                {
                    "mark": MARK,
                    "today": today,
                    "missing": missing,
                    "codes": list(RULES),
                    "ncodes": len(RULES),
                },
            )
        cur.execute("ANALYZE timescales_deadline")
        cur.execute("ANALYZE access_involvement")
        cur.execute("ANALYZE people_person")
        cur.execute("SELECT count(*), count(*) FILTER (WHERE met_on IS NULL) FROM timescales_deadline")
        rows, open_rows = cur.fetchone()
    print(f"  deadline table: {rows:,} rows, {open_rows:,} open")
    return int(rows)


def time_my_work(worker: Any, samples: int, rows: int, children: int) -> None:
    from django.test import Client
    from django.test.utils import override_settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from joinedup.timescales.models import Deadline

    device = TOTPDevice.objects.create(user=worker.user, name="phone", confirmed=True)
    open_count = Deadline.objects.filter(assignee=worker, met_on__isnull=True).count()
    with override_settings(
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        },
    ):
        client = Client()
        client.force_login(worker.user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        for _ in range(3):
            assert client.get("/my-work/", secure=True).status_code == 200
        timings = []
        for _ in range(samples):
            started = time.perf_counter()
            response = client.get("/my-work/", secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    p95 = percentile(timings, 95)
    verdict = "met" if p95 < MY_WORK_TARGET_P95_MS else "MISSED"
    print(
        f"timescales_my_work: GET /my-work/ p50 {percentile(timings, 50):.1f} ms, p95 {p95:.1f} ms over {samples} "
        f"requests; target p95 under {MY_WORK_TARGET_P95_MS:.0f} ms: {verdict}. Data: {rows:,} deadline rows, "
        f"{children:,} children, this worker {open_count} open deadlines"
    )
    result(
        "timescales_my_work",
        timings,
        target_p95_ms=MY_WORK_TARGET_P95_MS,
        data_size=f"{rows:,} deadline rows",
        worker_open_deadlines=open_count,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=30_000)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="leave the bench data in the database")
    args = parser.parse_args()
    setup_django()
    from django.utils import timezone

    today = timezone.localdate()
    remove_data()
    try:
        started = time.perf_counter()
        workers, child_ids, worker_of = build_people(args.children)
        print(
            f"  built {len(workers):,} workers and {len(child_ids):,} children in {time.perf_counter() - started:.1f} s"
        )
        compute_and_insert(workers, child_ids, worker_of, today)
        started = time.perf_counter()
        rows = top_up(args.deadlines, today)
        print(f"  topped up in {time.perf_counter() - started:.1f} s")
        time_my_work(workers[0], args.samples, rows, len(child_ids))
    finally:
        if not args.keep:
            remove_data()


if __name__ == "__main__":
    main()
