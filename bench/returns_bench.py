"""Statutory returns and insight benchmarks (issue 10), on PostgreSQL (DATABASE_URL).

    .venv/bin/python bench/run.py --only returns                    # on the bench database (make bench)
    DATABASE_URL=postgres://... .venv/bin/python bench/returns_bench.py [--in-need 25000] [--looked-after 2500]

It runs standalone on any migrated database and through bench/run.py. It makes an authority's year of its own in
bulk: --in-need children with an episode of need open in the year ending 31 March 2026 (a third closed in it, four
in five assessed, those of school age with a pupil number), --looked-after of them looked after (a third moved
placement in the year, real ONS postcodes for home and placement, a registered social worker allocated), all marked
"rtbench" and removed afterwards unless --keep is given (audit events stay: the trail is append-only). Both returns
of this authority have no errors and no queries under the maintained validators, as a sample line shows.

returns_both_generated_and_validated  Both returns for the year ending 31 March 2026 produced and validated the way
                            `statutory_return` does it (return_produce: build from the record, write, the
                            validation step - the DfE's rules as the maintained validators csc-validator-be-cin
                            and csc-validator-be-903 run them - keep the run, its failures and one audit event per
                            child): CIN census then SSDA903, one sample = the two together. 3 samples after 1
                            warm-up. Target: p95 under 60 s.
insight_disproportionality_page  GET /insight/disproportionality/ through the whole Django stack as an analyst with
                            a verified second factor, each characteristic and stage in turn, over the same data.
                            100 pages after 10 warm-up ones. Target: p95 under 300 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, signed_in_client

setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from joinedup.access.models import Involvement, InvolvementRole  # noqa: E402
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType  # noqa: E402
from joinedup.agencies.roles import Role  # noqa: E402
from joinedup.assessments.codes import AssessmentFactor, AssessmentOutcome, AssessmentStatus  # noqa: E402
from joinedup.assessments.models import AssessmentFactorIdentified, SingleAssessment  # noqa: E402
from joinedup.children_in_care.models import CareEpisode, LegalStatus, PeriodOfCare, Placement  # noqa: E402
from joinedup.episodes.models import CaseEpisode  # noqa: E402
from joinedup.people.codes import FatherStatus  # noqa: E402
from joinedup.people.identifiers import upn_check_letter  # noqa: E402
from joinedup.people.models import ChildProfile, Person  # noqa: E402
from joinedup.returns import postcodes  # noqa: E402
from joinedup.returns.models import ReturnRun  # noqa: E402
from joinedup.returns.services import return_produce  # noqa: E402

MARK = "rtbench"
SEED = 20261010
YEAR = 2026
ETHNICITIES = ["WBRI"] * 60 + ["WOTH"] * 8 + ["MWBC", "MWBA", "MWAS", "MOTH"] * 2 + ["AIND", "APKN", "ABAN"] * 4
ETHNICITIES += ["BAFR"] * 5 + ["BCRB", "CHNE", "OOTH"]


def bench_people() -> tuple[Practitioner, Practitioner, Practitioner]:
    """The benchmark's authority, team and three practitioners, made once and kept (audit events point at them)."""
    la, _ = Organisation.objects.get_or_create(
        name=f"{MARK} council", defaults={"organisation_type": OrganisationType.LOCAL_AUTHORITY}
    )
    team, _ = Team.objects.get_or_create(
        name=f"{MARK} children in care", organisation=la, defaults={"team_type": TeamType.CHILDREN_IN_CARE}
    )
    user_model = get_user_model()
    made = []
    for name, role, in_team, number in (("worker", Role.SOCIAL_WORKER, True, "SW990001"),
                                        ("analyst", Role.ANALYST, False, ""),
                                        ("manager", Role.TEAM_MANAGER, True, "SW990002")):  # fmt: skip
        user, _ = user_model.objects.get_or_create(username=f"{MARK}.{name}")
        practitioner, _ = Practitioner.objects.update_or_create(
            user=user,
            defaults={
                "given_name": "Bench",
                "family_name": name.title(),
                "role": role,
                "organisation": la,
                "team": team if in_team else None,
                "social_work_england_number": number,
            },
        )
        made.append(practitioner)
    return made[0], made[1], made[2]


def build(in_need: int, looked_after: int) -> dict[str, Any]:
    rng = random.Random(SEED)
    authority = settings.JOINEDUP_AUTHORITY
    homes = postcodes.in_authority(str(authority["ons_code"]), tuple(authority["postcode_areas"]))
    away = postcodes.near_authority(str(authority["ons_code"]), tuple(authority["postcode_areas"]))
    worker, analyst, manager = bench_people()
    team = worker.team
    start, end = date(YEAR - 1, 4, 1), date(YEAR, 3, 31)
    people = []
    for n in range(in_need):
        dob = end - timedelta(days=rng.randint(200, 17 * 365))
        people.append(
            Person(
                given_name=f"{MARK}{n}",
                family_name="Bench",
                date_of_birth=dob,
                sex=rng.choice("MF"),
                ethnicity=rng.choice(ETHNICITIES),
                postcode=rng.choice(homes).postcode,
                is_child_record=True,
            )
        )
    Person.objects.bulk_create(people, batch_size=5000)
    la_code = str(authority["dfe_code"]).zfill(3)

    def upn(n: int, dob: date) -> str:
        """A child of school age has the unique pupil number their school gave them (CIN census 8770Q)."""
        if (end - dob).days < 4 * 365:
            return ""
        tail = f"{la_code}{n // 1000 % 10000:04d}{(dob.year + 5) % 100:02d}{n % 1000:03d}"
        return upn_check_letter(tail) + tail

    ChildProfile.objects.bulk_create(
        [
            ChildProfile(person=p, father_status=FatherStatus.NOT_KNOWN, upn=upn(n, p.date_of_birth))
            for n, p in enumerate(people)
        ],
        batch_size=5000,
    )
    episodes = []
    for p in people:
        referred = start + timedelta(days=rng.randint(0, 300))
        referred = max(referred, p.date_of_birth or referred)
        closed = referred + timedelta(days=rng.randint(30, 200)) if rng.random() < 0.33 else None
        episodes.append(
            CaseEpisode(
                child=p,
                started_on=referred,
                referral_source=rng.choice(["2A", "3A", "6", "1A", "5D", "8"]),
                tier="family_help",
                primary_need_code=rng.choice(["N1", "N2", "N4", "N5"]),
                closed_on=closed if closed and closed <= end else None,
                closure_reason="RC7" if closed and closed <= end else "",
            )
        )
    CaseEpisode.objects.bulk_create(episodes, batch_size=5000)
    # Most referrals are assessed: started within a few days, authorised within 25 days (before any closure), or
    # still going at the year's end when started in its last weeks; one to three factors identified.
    assessments, factors = [], []
    factor_codes = [code for code, _ in AssessmentFactor.choices if code != "21"]  # 21: no factors, alone (8873Q)
    for episode in episodes:
        if rng.random() >= 0.8:
            continue
        started = episode.started_on + timedelta(days=rng.randint(0, 3))
        completed = started + timedelta(days=rng.randint(5, 25))
        done = completed <= end
        assessments.append(
            SingleAssessment(
                child=episode.child,
                case_episode=episode,
                referral_date=episode.started_on,
                started_on=started,
                due_on=started + timedelta(days=63),
                status=AssessmentStatus.AUTHORISED if done else AssessmentStatus.IN_PROGRESS,
                outcome=AssessmentOutcome.FAMILY_HELP if done else "",
                primary_need=episode.primary_need_code,
                completed_on=completed if done else None,
            )
        )
    SingleAssessment.objects.bulk_create(assessments, batch_size=5000)
    for assessment in assessments:
        if assessment.completed_on:
            for code in rng.sample(factor_codes, rng.randint(1, 3)):
                factors.append(AssessmentFactorIdentified(assessment=assessment, code=code))
    AssessmentFactorIdentified.objects.bulk_create(factors, batch_size=5000)
    cared = [p for p in people if (end - p.date_of_birth).days > 400][:looked_after]
    periods, statuses, placements, care_episodes, involvements = [], [], [], [], []
    for p in cared:
        started = max(start - timedelta(days=rng.randint(0, 700)), p.date_of_birth + timedelta(days=30))
        period = PeriodOfCare(child=p, started_on=started, category_of_need="N1", home_postcode=p.postcode)
        periods.append(period)
    PeriodOfCare.objects.bulk_create(periods, batch_size=5000)
    for period in periods:
        statuses.append(LegalStatus(child_id=period.child_id, period=period, code="C2", started_on=period.started_on))
    LegalStatus.objects.bulk_create(statuses, batch_size=5000)
    moves: dict[int, date] = {}

    def placed(pool: list[Any], home: str) -> str:
        """A placement's postcode: not the child's home (SSDA903 392d)."""
        return next(p.postcode for p in iter(lambda: rng.choice(pool), None) if p.postcode != home)

    for period in periods:
        first_end = None
        if rng.random() < 0.33:
            first_end = max(period.started_on + timedelta(days=30), start + timedelta(days=rng.randint(10, 300)))
            moves[period.pk] = first_end
        in_area = rng.random() < 0.7
        placements.append(
            Placement(
                child_id=period.child_id,
                period=period,
                placement_type="U4",
                provider="PR1",
                started_on=period.started_on,
                ended_on=first_end,
                reason_for_change="CARPL" if first_end else "",
                postcode=placed(homes if in_area else away, period.home_postcode),
                is_in_authority=in_area,
                visiting_pattern="standard",
                care_plan_due_on=period.started_on,
            )
        )
        if first_end:
            placements.append(
                Placement(
                    child_id=period.child_id,
                    period=period,
                    placement_type="U6",
                    provider="PR4",
                    started_on=first_end,
                    postcode=placed(homes, period.home_postcode),
                    is_in_authority=True,
                    visiting_pattern="standard",
                    care_plan_due_on=first_end,
                )
            )
    Placement.objects.bulk_create(placements, batch_size=5000)
    status_by_period = {s.period_id: s for s in statuses}
    for pl in placements:
        first = pl.started_on == pl.period.started_on
        care_episodes.append(
            CareEpisode(
                child_id=pl.child_id,
                period=pl.period,
                started_on=pl.started_on,
                ended_on=pl.ended_on,
                reason_new_episode="S" if first else "P",
                legal_status=status_by_period[pl.period_id],
                placement=pl,
                reason_ceased="X1" if pl.ended_on else "",
            )
        )
        if first:
            involvements.append(
                Involvement(
                    practitioner=worker,
                    child_id=pl.child_id,
                    team=team,
                    role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                    started_on=pl.started_on,
                )
            )
    CareEpisode.objects.bulk_create(care_episodes, batch_size=5000)
    Involvement.objects.bulk_create(involvements, batch_size=5000)
    # Fresh planner statistics for what was just loaded in bulk, as autovacuum would give them soon after: without
    # them, a database that already holds an authority plans the grouped queries from the tables' sizes before.
    from django.db import connection

    with connection.cursor() as cursor:
        loaded = (Person, ChildProfile, CaseEpisode, SingleAssessment, AssessmentFactorIdentified, PeriodOfCare,
                  LegalStatus, Placement, CareEpisode, Involvement)  # fmt: skip
        for model in loaded:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return {
        "analyst": analyst.user,
        "manager": manager.user,
        "team": worker.team,
        "looked_after": len(periods),
        "in_need": len(people),
    }


def clean() -> None:
    people = Person.objects.filter(given_name__startswith=MARK, family_name="Bench")
    with transaction.atomic():
        ReturnRun.objects.filter(produced_by__username__startswith=MARK).delete()
        Involvement.objects.filter(child__in=people).delete()
        CareEpisode.objects.filter(child__in=people).delete()
        Placement.objects.filter(child__in=people).delete()
        LegalStatus.objects.filter(child__in=people).delete()
        PeriodOfCare.objects.filter(child__in=people).delete()
        AssessmentFactorIdentified.objects.filter(assessment__child__in=people).delete()
        SingleAssessment.objects.filter(child__in=people).delete()
        CaseEpisode.objects.filter(child__in=people).delete()
        ChildProfile.objects.filter(person__in=people).delete()
        people.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-need", type=int, default=25_000)
    parser.add_argument("--looked-after", type=int, default=2_500)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    clean()
    started = time.monotonic()
    made = build(args.in_need, args.looked_after)
    took = time.monotonic() - started
    print(f"Made {made['in_need']} children in need, {made['looked_after']} looked after in {took:.1f}s")
    try:
        samples = []
        for n in range(args.samples + 1 if args.samples else 0):
            t0 = time.perf_counter()
            cin = return_produce(actor=made["manager"], kind="cin", year=YEAR)
            ssda = return_produce(actor=made["manager"], kind="ssda903", year=YEAR)
            elapsed = (time.perf_counter() - t0) * 1000
            print(
                f"  sample {n}: {elapsed / 1000:.1f}s; CIN {cin.run.children} children, {cin.run.error_count} errors; "
                f"SSDA903 {ssda.run.children} children, {ssda.run.error_count} errors, {ssda.run.rules_run} rules "
                f"{sorted({f.rule for f in ssda.report.failures})}"
            )
            if n:
                samples.append(elapsed)
        if samples:
            report(
                "returns_both_generated_and_validated",
                samples,
                data_size=f"{made['in_need']} children in need, {made['looked_after']} looked after",
            )
        client = signed_in_client(made["analyst"])
        urls = [
            f"/insight/disproportionality/?characteristic={c}&stage={s}&period={YEAR}"
            for c in ("ethnicity", "sex", "age", "disability", "send", "area")
            for s in ("referral", "child_in_need", "looked_after")
        ]
        pages = []
        for n in range(args.pages + 10):
            url = urls[n % len(urls)]
            t0 = time.perf_counter()
            response = client.get(url, secure=True)
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200, response.status_code
            if n >= 10:
                pages.append(elapsed)
        report(
            "insight_disproportionality_page",
            pages,
            data_size=f"{made['in_need']} children in need, {made['looked_after']} looked after",
        )
    finally:
        if not args.keep:
            clean()


if __name__ == "__main__":
    main()
