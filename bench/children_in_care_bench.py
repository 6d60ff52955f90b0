"""Children in care benchmark (issue 8): the child's care history page for children ten years in care with 15
placements. PostgreSQL only (DATABASE_URL).

Usage (from the repository root):

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup .venv/bin/python bench/children_in_care_bench.py
    ... bench/children_in_care_bench.py --children 10 --samples 100     # a quicker run
    ... bench/children_in_care_bench.py --remove                          # take its care records out again

bench/run.py runs it too (`bench/run.py --only children_in_care`), on the bench database it builds.

What it does:
1. Finds, or builds through the services (so every record, clock and audit event is as a practitioner's would be),
   its own children: N children (default 20), each looked after for ten years from age 7 with 15 placements,
   care plan, placement plans, reviews (the first, the second, then 6-monthly, with decisions), visits every
   6 weeks, yearly health assessments, dental checks and questionnaires, termly personal education plans and
   some missing episodes with return home interviews. They are allocated to a bench social worker; their family
   names (and their carers') carry the mark "Cicbench", so --remove finds them.
2. Figure `care_history_page` (target: p95 under 100 ms): GET /children/<id>/care/ through the whole Django stack
   (settings as in production: middleware, database session, second factor, access scope, the audit write, the
   Jinja template) as that social worker, signed in with a verified second factor, over --samples requests spread
   over the children after a warm-up. SQL queries per page are counted (they do not grow with the history).

Each run prints the figure and a `BENCH_RESULT {json}` line (the format bench/run.py reads). Settings:
DJANGO_SETTINGS_MODULE if set (bench/run.py sets bench.settings), otherwise the bench settings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, timed_gets

MARK = "Cicbench"
USERNAME = "cicbench.social.worker"
IRO_USERNAME = "cicbench.iro"
TARGET_P95_MS = 100.0
YEARS = 10
PLACEMENTS = 15
WARMUP = 20


def practitioners() -> tuple[Any, Any]:
    """The bench social worker (in a team of their own) and an IRO, made once and kept (audit events name them)."""
    from django.contrib.auth import get_user_model

    from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
    from joinedup.agencies.roles import Role

    user_model = get_user_model()
    org, _ = Organisation.objects.get_or_create(
        name=f"{MARK} Council", defaults={"organisation_type": OrganisationType.LOCAL_AUTHORITY}
    )
    team, _ = Team.objects.get_or_create(
        name=f"{MARK} Children in Care", organisation=org, defaults={"team_type": TeamType.CHILDREN_IN_CARE}
    )
    made = []
    for username, role, given in (
        (USERNAME, Role.SOCIAL_WORKER, "Sam"),
        (IRO_USERNAME, Role.INDEPENDENT_REVIEWING_OFFICER, "Iris"),
    ):
        user, _ = user_model.objects.get_or_create(username=username)
        practitioner, _ = Practitioner.objects.get_or_create(
            user=user,
            defaults={"given_name": given, "family_name": MARK, "role": role, "organisation": org, "team": team},
        )
        made.append(practitioner)
    return made[0], made[1]


def bench_children() -> list[int]:
    from django.db.models import Count

    from joinedup.children_in_care.models import Placement
    from joinedup.people.models import Person

    ids = list(
        Person.objects.filter(family_name=MARK, is_child_record=True).order_by("id").values_list("id", flat=True)
    )
    complete = set(
        Placement.objects.filter(child_id__in=ids)
        .values("child_id")
        .order_by()
        .annotate(n=Count("id"))
        .filter(n__gte=PLACEMENTS)
        .values_list("child_id", flat=True)
    )
    return [i for i in ids if i in complete]


def build_child(n: int, worker: Any, iro: Any, today: date) -> int:
    """One child, ten years in care with 15 placements, built through the services in date order."""
    from django.utils import timezone

    from joinedup.access.models import InvolvementRole
    from joinedup.children_in_care import services
    from joinedup.core.voice import ChildVoice
    from joinedup.people.codes import FatherStatus
    from joinedup.records.services import ChildDetails, PersonDetails, child_create
    from joinedup.visits.testing import visit_one

    sw, iro_user = worker.user, iro.user
    child = child_create(
        actor=sw,
        details=PersonDetails(given_name=f"Child{n}", family_name=MARK, date_of_birth=today - timedelta(days=17 * 365)),
        child=ChildDetails(father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="Benchmark"),
        matches_reviewed=True,
    )
    from joinedup.access.models import Involvement

    Involvement.objects.create(
        practitioner=worker,
        child=child,
        team=worker.team,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=today - timedelta(days=YEARS * 365 + 30),
    )
    start = today - timedelta(days=YEARS * 365)
    late = "Benchmark history"

    def placement(k: int) -> services.PlacementDetails:
        kind = "U4" if k % 3 else "U6"
        return services.PlacementDetails(
            placement_type=kind,
            provider="PR1",
            carer_given_name="Carer",
            carer_family_name=f"{MARK}{k}",
            postcode="LS6 2AB",
            is_in_authority=True,
            is_intended_until_eighteen=kind == "U4",
        )

    services.looked_after_start(
        actor=sw,
        child=child,
        details=services.LookedAfterStart(
            started_on=start,
            legal_status="C1",
            category_of_need="N1",
            placement=placement(0),
            care_plan_due_on=start,
            independent_reviewing_officer_id=iro.pk,
        ),
    )
    services.care_plan_record(
        actor=sw,
        child=child,
        details=services.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=start + timedelta(days=5),
            arrangements="Benchmark",
        ),
    )
    services.legal_status_change(actor=sw, child=child, code="C2", started_on=start + timedelta(days=150))
    span = (YEARS * 365) // PLACEMENTS
    events: list[tuple[date, int, str, Any]] = []
    for k in range(1, PLACEMENTS):
        events.append((start + timedelta(days=k * span), 0, "move", k))
    for k in range(PLACEMENTS):
        begins = start + timedelta(days=k * span)
        events.append((begins + timedelta(days=3), 1, "placement_plan", None))
        day = begins + timedelta(days=5)
        while day < begins + timedelta(days=span):
            events.append((day, 2, "visit", None))
            day += timedelta(days=42)
    review, number = start + timedelta(days=20), 1
    while review < today:
        events.append((review, 3, "review", number))
        review += timedelta(days=85 if number == 1 else 175)
        number += 1
    for year in range(YEARS):
        base = start + timedelta(days=year * 365)
        events.append((base + timedelta(days=15), 4, "health", None))
        events.append((base + timedelta(days=40), 5, "dental", None))
        events.append((base + timedelta(days=45), 5, "sdq", None))
        for term in range(3):
            events.append((base + timedelta(days=8 + term * 120), 6, "pep", None))
    for m in range(5):
        events.append((today - timedelta(days=60 + m * 90), 7, "missing", None))
    for day, _order, kind, value in sorted(events, key=lambda e: (e[0], e[1])):
        if day >= today:
            continue
        if kind == "move":
            services.placement_move(
                actor=sw,
                child=child,
                move=services.PlacementMove(started_on=day, placement=placement(value), reason_for_change="CARPL"),
            )
        elif kind == "placement_plan":
            services.placement_plan_record(actor=sw, child=child, agreed_on=day, late_reason=late)
        elif kind == "visit":
            visit_one(actor=sw, child=child, visited_on=day, late_reason=late)  # the one visit (issue 18)
        elif kind == "review":
            services.looked_after_review_record(
                actor=iro_user,
                child=child,
                details=services.ReviewDetails(
                    voice=ChildVoice(words="I like my school and I want to see my brother."),
                    held_on=day,
                    chair_id=iro.pk,
                    participation="PN1",
                    permanence_plan="long_term_fostering",
                    decisions=["Keep contact with grandmother", "Personal education plan to add tuition"],
                    late_reason=late,
                ),
            )
        elif kind == "health":
            services.health_assessment_record(actor=sw, child=child, assessed_on=day, late_reason=late)
        elif kind == "dental":
            services.dental_check_record(actor=sw, child=child, checked_on=day)
        elif kind == "sdq":
            services.strengths_and_difficulties_record(actor=sw, child=child, completed_on=day, score=12)
        elif kind == "pep":
            services.personal_education_plan_record(
                actor=sw, child=child, details=services.PersonalEducationPlanDetails(held_on=day, late_reason=late)
            )
        elif kind == "missing":
            went = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=21)
            episode = services.missing_episode_start(actor=sw, child=child, kind="M", started_at=went)
            services.missing_episode_end(actor=sw, episode=episode, ended_at=went + timedelta(hours=5))
            services.return_home_interview_record(
                actor=sw, episode=episode, offered_at=went + timedelta(hours=30), accepted=True, late_reason=late
            )
    return int(child.pk)


# The bench children's care records, children first in the order their foreign keys need.
CHILD_TABLES = (
    "children_in_care_returnhomeinterview",
    "children_in_care_missingepisode",
    "children_in_care_statutoryvisit",
    "visits_visitchild",
    "children_in_care_placementplan",
    "children_in_care_careepisode",
    "children_in_care_lookedafterreview",
    "children_in_care_healthassessment",
    "children_in_care_dentalcheck",
    "children_in_care_immunisationstatus",
    "children_in_care_strengthsanddifficultiesquestionnaire",
    "children_in_care_personaleducationplan",
    "children_in_care_schoolchange",
    "children_in_care_placement",
    "children_in_care_careplan",
    "children_in_care_legalstatus",
    "children_in_care_periodofcare",
    "care_leavers_careleaver",
    "timescales_deadline",
    "access_involvement",
)


def remove() -> None:
    """Take the bench children's care records (and the children and their carers) out again. The practitioners and
    users stay: the audit trail names them, and it is never edited."""
    from django.db import connection

    marked = "SELECT id FROM people_person WHERE family_name LIKE %s"
    like = [f"{MARK}%"]
    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM children_in_care_reviewdecision WHERE review_id IN "  # noqa: S608
            f"(SELECT id FROM children_in_care_lookedafterreview WHERE child_id IN ({marked}))",
            like,
        )
        cur.execute(
            "UPDATE children_in_care_placement SET care_plan_id = NULL, care_plan_due_on = started_on "  # noqa: S608
            f"WHERE child_id IN ({marked})",
            like,
        )
        cur.execute(
            "DELETE FROM timescales_notification WHERE deadline_id IN "  # noqa: S608
            f"(SELECT id FROM timescales_deadline WHERE child_id IN ({marked}))",
            like,
        )
        cur.execute(f"SELECT DISTINCT visit_id FROM visits_visitchild WHERE child_id IN ({marked})", like)  # noqa: S608
        visit_ids = [row[0] for row in cur.fetchall()]
        for table in CHILD_TABLES:
            cur.execute(f"DELETE FROM {table} WHERE child_id IN ({marked})", like)  # noqa: S608
        if visit_ids:  # the visits the bench recorded, once their children's parts are gone
            cur.execute(f"DELETE FROM visits_visit WHERE id IN ({', '.join(['%s'] * len(visit_ids))})", visit_ids)  # noqa: S608
        cur.execute(
            f"DELETE FROM people_relationship WHERE to_person_id IN ({marked}) OR from_person_id IN ({marked})",  # noqa: S608
            like * 2,
        )
        for table in ("people_persondisability", "people_householdmember", "people_childprofile"):
            cur.execute(f"DELETE FROM {table} WHERE person_id IN ({marked})", like)  # noqa: S608
        cur.execute("DELETE FROM people_person WHERE family_name LIKE %s", like)
    print("children_in_care bench: removed its children and their care records")


def time_page(child_ids: list[int], samples: int) -> None:
    from django.contrib.auth import get_user_model

    timings, per_page = timed_gets(
        get_user_model().objects.get(username=USERNAME),
        lambda n: f"/children/{child_ids[n % len(child_ids)]}/care/",
        samples,
        WARMUP,
    )
    from joinedup.children_in_care.models import Placement, StatutoryVisit

    placements = Placement.objects.filter(child_id__in=child_ids).count() / len(child_ids)
    visits = StatutoryVisit.objects.filter(child_id__in=child_ids).count() / len(child_ids)
    p95 = sorted(timings)[max(1, -(-95 * len(timings) // 100)) - 1]
    print(
        f"care_history_page: p95 {p95:.1f} ms over {samples} requests; target p95 under {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_P95_MS else 'MISSED'}. {len(child_ids)} children, each {YEARS} years in care with "
        f"{placements:.0f} placements and {visits:.0f} visits"
    )
    report(
        "care_history_page",
        timings,
        target_p95_ms=TARGET_P95_MS,
        data_size=f"{YEARS} years in care, {PLACEMENTS} placements",
        note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
        note_history=f"{len(child_ids)} children, each {placements:.0f} placements, {visits:.0f} visits",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=20)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--remove", action="store_true", help="take the bench children and their care records out")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.utils import timezone

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    if args.remove:
        remove()
        return
    worker, iro = practitioners()
    ids = bench_children()
    if len(ids) < args.children:
        started = time.perf_counter()
        today = timezone.localdate()
        had = len(ids)
        for n in range(had, args.children):
            ids.append(build_child(n, worker, iro, today))
        print(f"  built {args.children - had} bench children in {time.perf_counter() - started:.0f} s", flush=True)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    time_page(ids[: args.children], args.samples)


if __name__ == "__main__":
    main()
