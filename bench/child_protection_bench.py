"""Child protection benchmark (issue 7): the conference pack (every agency's report, the chronology extract, the
plan) for children two years on a plan. PostgreSQL only (DATABASE_URL).

Usage (from the repository root):

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup_cp \
        .venv/bin/python bench/child_protection_bench.py
    ... bench/child_protection_bench.py --children 5 --samples 100     # a quicker run
    ... bench/child_protection_bench.py --remove                         # take its child protection records out

bench/run.py runs it too (`bench/run.py --only child_protection`), on the bench database it builds.

What it does:
1. Finds, or builds through the services (so every record, clock and audit event is as a practitioner's would be),
   its own children: N children (default 10), each with a strategy discussion, a section 47 enquiry by the
   multi-agency child protection team, an initial conference two years ago starting a plan, core group meetings
   every six weeks, visits every ten working days, review conferences (at three months, then six-monthly), each
   conference with six agencies invited and their written reports sent through the partner portal; and the next
   review arranged, with all six reports in. Their family names carry the mark "Cpbench", so --remove finds them.
2. Figure `conference_pack` (target: p95 under 200 ms): GET /child-protection/conferences/<id>/ for the arranged
   review through the whole Django stack (production settings: middleware, database session, second factor, access
   scope, the audit write, the Jinja template) as the children's social worker, signed in with a verified second
   factor, over --samples requests spread over the children after a warm-up. SQL queries per page are counted.

Each run prints the figure and a `BENCH_RESULT {json}` line (the format bench/run.py reads).
"""

# ruff: noqa: S608  (--remove deletes the bench rows with fixed SQL; only the mark is a parameter)
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from joinedup.core.voice import ChildVoice

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, timed_gets

MARK = "Cpbench"
USERNAME = "cpbench.social.worker"
TARGET_P95_MS = 200.0
YEARS_ON_PLAN = 2
WARMUP = 20
PARTNERS = (
    ("cpbench.police", "police_officer", "police", "Constable"),
    ("cpbench.health", "health_visitor", "health_visiting", "Health visitor"),
    ("cpbench.gp", "gp", "gp_practice", "GP"),
    ("cpbench.midwife", "midwife", "midwifery", "Midwife"),
    ("cpbench.school", "designated_safeguarding_lead", "school", "DSL"),
    ("cpbench.youth", "youth_worker", "voluntary_sector", "Youth worker"),
)


def practitioners() -> tuple[Any, Any, list[Any]]:
    """The bench social worker (in a team of their own), an independent chair and six partners, made once."""
    from django.contrib.auth import get_user_model

    from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
    from joinedup.agencies.roles import Role

    user_model = get_user_model()
    la, _ = Organisation.objects.get_or_create(
        name=f"{MARK} Council", defaults={"organisation_type": OrganisationType.LOCAL_AUTHORITY}
    )
    team, _ = Team.objects.get_or_create(
        name=f"{MARK} Child Protection", organisation=la, defaults={"team_type": TeamType.CHILD_PROTECTION}
    )

    def person(username: str, role: str, org: Any, team: Any = None, **kw: Any) -> Any:
        user, _ = user_model.objects.get_or_create(username=username)
        practitioner, _ = Practitioner.objects.get_or_create(
            user=user,
            defaults={
                "given_name": username.split(".")[-1].title(),
                "family_name": MARK,
                "role": role,
                "organisation": org,
                "team": team,
                **kw,
            },
        )
        return practitioner

    worker = person(USERNAME, Role.SOCIAL_WORKER, la, team)
    chair = person("cpbench.chair", Role.INDEPENDENT_REVIEWING_OFFICER, la)
    partners = []
    for username, role, org_type, name in PARTNERS:
        org, _ = Organisation.objects.get_or_create(
            name=f"{MARK} {name} service", defaults={"organisation_type": org_type}
        )
        partners.append(
            person(
                username,
                role,
                org,
                is_registered_health_professional=role in ("health_visitor", "gp", "midwife"),
                is_designated_safeguarding_lead=role == "designated_safeguarding_lead",
            )
        )
    return worker, chair, partners


def bench_conferences() -> list[int]:
    from joinedup.child_protection.models import Conference

    return list(
        Conference.objects.filter(child__family_name=MARK, status="arranged", kind="review")
        .order_by("id")
        .values_list("id", flat=True)
    )


def build_child(n: int, worker: Any, chair: Any, partners: list[Any], today: date) -> int:
    """One child two years on a plan, every step through the services in date order."""
    from joinedup.access.models import Involvement, InvolvementRole
    from joinedup.child_protection import services
    from joinedup.child_protection.codes import (
        Agency,
        ConferenceDecision,
        ConferenceKind,
        ParentsParticipation,
        Section47Outcome,
        StrategyOutcome,
        TeamMemberRole,
    )
    from joinedup.episodes.codes import EpisodeTier, ReferralSource
    from joinedup.episodes.models import CaseEpisode
    from joinedup.harms.models import HarmType
    from joinedup.people.codes import FatherStatus
    from joinedup.records.services import ChildDetails, PersonDetails, child_create
    from joinedup.timescales.calendar import CALENDAR, add_months
    from joinedup.visits.testing import visit_one

    sw = worker.user
    child = child_create(
        actor=sw,
        details=PersonDetails(given_name=f"Child{n}", family_name=MARK, date_of_birth=today - timedelta(days=9 * 365)),
        child=ChildDetails(father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="Benchmark"),
        matches_reviewed=True,
    )
    start = today - timedelta(days=YEARS_ON_PLAN * 365 + 30)
    while not CALENDAR.is_working_day(start):
        start -= timedelta(days=1)
    Involvement.objects.create(
        practitioner=worker,
        child=child,
        team=worker.team,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=start - timedelta(days=10),
    )
    CaseEpisode.objects.create(
        child=child,
        started_on=start - timedelta(days=5),
        referral_source=ReferralSource.SCHOOLS,
        tier=EpisodeTier.FAMILY_HELP,
    )
    harms = list(HarmType.objects.filter(code__in=["neglect", "emotional_abuse"]))
    police, health = partners[0], partners[1]
    late = "Benchmark history"
    sd = services.strategy_discussion_record(
        actor=sw,
        child=child,
        details=services.StrategyDetails(
            reasonable_cause_on=start,
            held_on=start,
            harms=harms,
            participants=[
                services.Participant(Agency.LOCAL_AUTHORITY, worker),
                services.Participant(Agency.POLICE, police),
                services.Participant(Agency.HEALTH, health, is_experienced_health_representative=True),
            ],
            information_shared="What each agency holds about the family. " * 10,
            decisions="Joint section 47 enquiry.",
            outcome=StrategyOutcome.SECTION_47,
            lead_practitioner=worker,
            voice=ChildVoice(words="I want the shouting to stop."),
        ),
    )
    services.section_47_record(
        actor=sw,
        enquiry=sd.enquiry,
        details=services.EnquiryDetails(
            voice=ChildVoice(words="I want to feel safe at home."),
            lead_practitioner=worker,
            members=[
                (worker, TeamMemberRole.SOCIAL_WORKER),
                (police, TeamMemberRole.POLICE_OFFICER),
                (health, TeamMemberRole.HEALTH_PROFESSIONAL),
                (partners[4], TeamMemberRole.EDUCATION),
            ],
            findings="The multi-agency child protection team's findings. " * 20,
            outcome=Section47Outcome.INITIAL_CONFERENCE,
            concluded_on=CALENDAR.add_working_days(start, 5),
        ),
    )

    def conference(kind: str, day: date, plan: Any = None, *, hold: bool = True) -> Any:
        arranged = services.conference_arrange(
            actor=sw,
            child=child,
            details=services.ArrangeDetails(
                kind=kind,
                planned_for=day,
                chair=chair,
                invitees=partners,
                family_invited="Both parents",
                enquiry=sd.enquiry if kind == ConferenceKind.INITIAL else None,
                plan=plan,
            ),
        )
        for partner in partners:
            services.agency_report_submit(
                actor=partner.user,
                conference=arranged,
                details=services.AgencyReportDetails(
                    involvement="Our agency's involvement with the child and family. " * 8,
                    concerns="What we know and are worried about. " * 15,
                    strengths="What is working well. " * 6,
                    recommendation="Our recommendation. " * 4,
                    shared_with_family=True,
                ),
            )
        if not hold:
            return arranged
        return services.conference_outcome_record(
            actor=sw,
            conference=arranged,
            details=services.OutcomeDetails(
                held_on=day,
                decision=ConferenceDecision.PLAN,
                harms=harms,
                voice=ChildVoice(words="The child's views in their own words. " * 5),
                child_views_how="Seen alone at school",
                parents_participation=ParentsParticipation.ATTENDED,
                outline_plan="The outline plan. " * 10,
                minutes="Minutes. " * 80,
                parents_minutes="Minutes for parents. " * 30,
                late_reason=late,
            ),
        )

    icpc = conference(ConferenceKind.INITIAL, CALENDAR.add_working_days(start, 12))
    plan = icpc.plan
    events: list[tuple[date, str]] = []
    day = CALENDAR.add_working_days(icpc.held_on, 8)
    while day < today:
        events.append((day, "core_group"))
        day += timedelta(weeks=6)
    day = CALENDAR.add_working_days(icpc.held_on, 10)
    while day < today:
        events.append((day, "visit"))
        day = CALENDAR.add_working_days(day, 10)
    review_day = add_months(icpc.held_on, 3) - timedelta(days=3)
    while review_day < today:
        events.append((review_day, "review"))
        review_day = add_months(review_day, 6) - timedelta(days=3)
    for n_action in range(8):
        services.plan_action_add(
            actor=sw,
            plan=plan,
            action=f"Action {n_action} of the plan",
            due_on=icpc.held_on + timedelta(days=30 * n_action + 20),
            owner=partners[n_action % len(partners)],
        )
    for day, kind in sorted(events):
        if kind == "core_group":
            services.core_group_record(
                actor=sw,
                plan=plan,
                held_on=day,
                attended="The core group",
                progress="Progress. " * 20,
                late_reason=late,
            )
        elif kind == "visit":
            visit_one(actor=sw, child=child, visited_on=day, late_reason=late)  # the one visit (issue 18)
        else:
            conference(ConferenceKind.REVIEW, day, plan)
    conference(ConferenceKind.REVIEW, max(review_day, today + timedelta(days=7)), plan, hold=False)
    return int(child.pk)


def remove() -> None:
    """Take the bench children's child protection records (and the children) out again. The practitioners and users
    stay: the audit trail names them, and it is never edited."""
    from django.db import connection

    m = "SELECT id FROM people_person WHERE family_name = %s"
    c = f"SELECT id FROM child_protection_conference WHERE child_id IN ({m})"
    p = f"SELECT id FROM child_protection_childprotectionplan WHERE child_id IN ({m})"
    e = f"SELECT id FROM child_protection_section47enquiry WHERE child_id IN ({m})"
    d = f"SELECT id FROM child_protection_strategydiscussion WHERE child_id IN ({m})"
    like = [MARK]
    steps = [
        f"DELETE FROM child_protection_agencyreport WHERE conference_id IN ({c})",
        f"DELETE FROM child_protection_minutesshare WHERE conference_id IN ({c})",
        f"DELETE FROM child_protection_conferenceinvitation WHERE conference_id IN ({c})",
        f"DELETE FROM child_protection_conference_harms WHERE conference_id IN ({c})",
        f"UPDATE child_protection_conference SET plan_id = NULL WHERE child_id IN ({m})",
        f"DELETE FROM child_protection_planaction WHERE plan_id IN ({p})",
        f"DELETE FROM child_protection_coregroupmember WHERE plan_id IN ({p})",
        f"DELETE FROM child_protection_coregroupmeeting WHERE plan_id IN ({p})",
        f"DELETE FROM child_protection_childprotectionvisit WHERE plan_id IN ({p})",
        f"DELETE FROM visits_visitchild WHERE child_id IN ({m})",
        f"DELETE FROM child_protection_childprotectionplan_harms WHERE childprotectionplan_id IN ({p})",
        f"DELETE FROM child_protection_childprotectionplan WHERE child_id IN ({m})",
        f"DELETE FROM child_protection_conference WHERE child_id IN ({m})",
        f"DELETE FROM child_protection_childprotectionteammember WHERE enquiry_id IN ({e})",
        f"DELETE FROM child_protection_section47enquiry WHERE child_id IN ({m})",
        f"DELETE FROM child_protection_strategyparticipant WHERE discussion_id IN ({d})",
        f"DELETE FROM child_protection_strategyaction WHERE discussion_id IN ({d})",
        f"DELETE FROM child_protection_strategydiscussion_harms WHERE strategydiscussion_id IN ({d})",
        f"DELETE FROM child_protection_strategydiscussion WHERE child_id IN ({m})",
        f"DELETE FROM timescales_notification WHERE deadline_id IN "
        f"(SELECT id FROM timescales_deadline WHERE child_id IN ({m}))",
        f"DELETE FROM timescales_deadline WHERE child_id IN ({m})",
        f"DELETE FROM access_involvement WHERE child_id IN ({m})",
        f"DELETE FROM front_door_caseepisode WHERE child_id IN ({m})",
        f"DELETE FROM people_childprofile WHERE person_id IN ({m})",
        "DELETE FROM people_person WHERE family_name = %s",
    ]
    with connection.cursor() as cur:
        cur.execute(f"SELECT DISTINCT visit_id FROM visits_visitchild WHERE child_id IN ({m})", like)
        visit_ids = [row[0] for row in cur.fetchall()]
        for statement in steps:
            cur.execute(statement, like * statement.count("%s"))
        if visit_ids:  # the visits the bench recorded, once their children's parts are gone
            cur.execute(f"DELETE FROM visits_visit WHERE id IN ({', '.join(['%s'] * len(visit_ids))})", visit_ids)
    print("child_protection bench: removed its children and their child protection records")


def time_pack(conference_ids: list[int], samples: int) -> None:
    from django.contrib.auth import get_user_model

    from joinedup.child_protection.models import AgencyReport, Conference, CoreGroupMeeting

    timings, per_page = timed_gets(
        get_user_model().objects.get(username=USERNAME),
        lambda n: f"/child-protection/conferences/{conference_ids[n % len(conference_ids)]}/",
        samples,
        WARMUP,
    )
    children = Conference.objects.filter(pk__in=conference_ids).values("child_id")
    reports = AgencyReport.objects.filter(conference_id__in=conference_ids).count() / len(conference_ids)
    conferences = Conference.objects.filter(child_id__in=children).count() / len(conference_ids)
    meetings = CoreGroupMeeting.objects.filter(plan__child_id__in=children).count() / len(conference_ids)
    p95 = sorted(timings)[max(1, -(-95 * len(timings) // 100)) - 1]
    print(
        f"conference_pack: p95 {p95:.1f} ms over {samples} requests; target p95 under {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_P95_MS else 'MISSED'}. {len(conference_ids)} children, each with {reports:.0f} "
        f"reports in the pack, {conferences:.0f} conferences and {meetings:.0f} core groups in two years on a plan"
    )
    report(
        "conference_pack",
        timings,
        target_p95_ms=TARGET_P95_MS,
        data_size=f"{YEARS_ON_PLAN} years on a plan, {len(PARTNERS)} agencies' reports",
        note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
        note_history=f"{len(conference_ids)} children, each {conferences:.0f} conferences, {meetings:.0f} core groups",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=10)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--remove", action="store_true", help="take the bench children and their records out")
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
    from joinedup.harms.services import harm_taxonomy_sync

    harm_taxonomy_sync()
    worker, chair, partners = practitioners()
    ids = bench_conferences()
    if len(ids) < args.children:
        started = time.perf_counter()
        today = timezone.localdate()
        for n in range(len(ids), args.children):
            build_child(n, worker, chair, partners, today)
        print(f"  built {args.children - len(ids)} bench children in {time.perf_counter() - started:.0f} s", flush=True)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        ids = bench_conferences()
    time_pack(ids[: args.children], args.samples)


if __name__ == "__main__":
    main()
