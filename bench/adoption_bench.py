"""Adoption and deprivation of liberty benchmark (issues 8, 10): the child's adoption page. PostgreSQL only.

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/<db> .venv/bin/python bench/adoption_bench.py
    ... bench/adoption_bench.py --children 10 --samples 300

bench/run.py runs it too (`bench/run.py --only adoption`). It finds, or builds through the services, its own
children (family name "Adoptbench"): each looked after for six years with six placements, two decisions that the
child should be placed for adoption reversed (RD1, RD3), a third in force with the match with adopters, and four
deprivation of liberty orders. Figure `adoption_page` (target: p95 under 100 ms): GET
/children/<id>/care/adoption/ through the whole Django stack (middleware, session, second factor, access scope,
the audit write, the template) as the bench social worker with a verified second factor, after a warm-up. SQL
queries per page are counted. Prints the figure and a `BENCH_RESULT {json}` line.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, timed_gets

MARK = "Adoptbench"
USERNAME = "adoptbench.social.worker"
TARGET_P95_MS = 100.0
WARMUP = 20


def practitioners() -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
    from joinedup.agencies.roles import Role

    org, _ = Organisation.objects.get_or_create(
        name=f"{MARK} Council", defaults={"organisation_type": OrganisationType.LOCAL_AUTHORITY}
    )
    team, _ = Team.objects.get_or_create(
        name=f"{MARK} Children in Care", organisation=org, defaults={"team_type": TeamType.CHILDREN_IN_CARE}
    )
    made = []
    for username, role, given in (
        (USERNAME, Role.SOCIAL_WORKER, "Sam"),
        ("adoptbench.iro", Role.INDEPENDENT_REVIEWING_OFFICER, "Iris"),
    ):
        user, _ = get_user_model().objects.get_or_create(username=username)
        practitioner, _ = Practitioner.objects.get_or_create(
            user=user,
            defaults={"given_name": given, "family_name": MARK, "role": role, "organisation": org, "team": team},
        )
        made.append(practitioner)
    return made[0], made[1]


def build_child(n: int, worker: Any, iro: Any, today: date) -> int:
    from joinedup.access.models import Involvement, InvolvementRole
    from joinedup.children_in_care import services
    from joinedup.core.voice import ChildVoice
    from joinedup.people.codes import FatherStatus
    from joinedup.records.services import ChildDetails, PersonDetails, child_create

    sw = worker.user
    child = child_create(
        actor=sw,
        details=PersonDetails(given_name=f"Child{n}", family_name=MARK, date_of_birth=today - timedelta(days=7 * 365)),
        child=ChildDetails(father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="Benchmark"),
        matches_reviewed=True,
    )
    start = today - timedelta(days=6 * 365)
    Involvement.objects.create(
        practitioner=worker,
        child=child,
        team=worker.team,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=start,
    )

    def placement(k: int) -> services.PlacementDetails:
        return services.PlacementDetails(
            placement_type="U6",
            provider="PR1",
            carer_given_name="Carer",
            carer_family_name=f"{MARK}{k}",
            postcode="LS6 2AB",
            is_in_authority=True,
        )

    services.looked_after_start(
        actor=sw,
        child=child,
        details=services.LookedAfterStart(
            started_on=start,
            legal_status="C2",
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
            arrangements="Bench",
        ),
    )
    for k in range(1, 6):
        services.placement_move(
            actor=sw,
            child=child,
            move=services.PlacementMove(
                started_on=start + timedelta(days=k * 360), placement=placement(k), reason_for_change="CARPL"
            ),
        )
    for k, reason in enumerate(("RD1", "RD3")):
        decision = services.adoption_decision_record(
            actor=sw, child=child, decided_on=start + timedelta(days=100 + k * 500)
        )
        services.adoption_decision_reverse(
            actor=sw, decision=decision, ceased_on=decision.decided_on + timedelta(days=200), reason=reason
        )
    decision = services.adoption_decision_record(actor=sw, child=child, decided_on=start + timedelta(days=1300))
    services.adopter_match_record(
        actor=sw,
        decision=decision,
        matched_on=decision.decided_on + timedelta(days=250),
        adopters_are_foster_carers=False,
        number_of_adopters=2,
        adopters_sex="MF",
        adopters_legal_status="L11",
    )
    for k in range(4):
        begins = start + timedelta(days=1700 + k * 100)
        services.deprivation_of_liberty_order_record(
            actor=sw, child=child, started_on=begins, ended_on=begins + timedelta(days=60)
        )
    return int(child.pk)


def time_page(child_ids: list[int], samples: int) -> None:
    from django.contrib.auth import get_user_model

    timings, per_page = timed_gets(
        get_user_model().objects.get(username=USERNAME),
        lambda n: f"/children/{child_ids[n % len(child_ids)]}/care/adoption/",
        samples,
        WARMUP,
    )
    p95 = sorted(timings)[max(1, -(-95 * len(timings) // 100)) - 1]
    print(
        f"adoption_page: p95 {p95:.1f} ms over {samples} requests; target p95 under {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_P95_MS else 'MISSED'}. {len(child_ids)} children, median "
        f"{statistics.median(per_page):.0f} queries a page"
    )
    report(
        "adoption_page",
        timings,
        target_p95_ms=TARGET_P95_MS,
        data_size="6 years in care, 6 placements, 3 decisions (2 reversed), a match, 4 DoLo orders",
        note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=10)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.utils import timezone

    from joinedup.people.models import Person

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    worker, iro = practitioners()
    from joinedup.children_in_care.models import DeprivationOfLibertyOrder

    # Children complete to their last record (a run stopped half-way leaves one without: it is not timed).
    ids = sorted(
        set(DeprivationOfLibertyOrder.objects.filter(child__family_name=MARK).values_list("child_id", flat=True))
    )
    today = timezone.localdate()
    made = Person.objects.filter(family_name=MARK, is_child_record=True).count()
    while len(ids) < args.children:
        ids.append(build_child(made, worker, iro, today))
        made += 1
    time_page(ids[: args.children], args.samples)


if __name__ == "__main__":
    main()
