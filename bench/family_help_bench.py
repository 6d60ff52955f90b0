"""Family Help benchmark (issue 6): the family's record page (all children, the plan, the network) for families of
six with ten years of history. PostgreSQL only (DATABASE_URL).

Usage (from the repository root):

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup_family_help \
        .venv/bin/python bench/family_help_bench.py
    ... bench/family_help_bench.py --families 2 --samples 100     # a quicker run

bench/run.py runs it too (`bench/run.py --only family_help`), on the bench database it builds.

What it does:
1. Finds, or builds through the services (the front door's referral, the assessment, Family Help: every record,
   clock and audit event as a practitioner's would be), N families (default 4) of six: two parents and four
   children. Over ten years each family has five episodes of need, two years apart: each child referred and
   assessed (child seen, factors, prompts answered, authorised by the manager), Family Help opened for the four
   children with the school's DSL as lead practitioner, a plan of three goals with two actions each, reviews about
   every three months, four people in the family network, family group decision making, one step-up and step-down,
   closure; the fifth episode is still open. Family names carry the mark "Fhbench".
2. Figure `family_record_page` (target: p95 under 150 ms): GET /family-help/<id>/ for the open case through the
   whole Django stack (production settings: middleware, database session, second factor, access scope, the audit
   write, the Jinja template) as the families' social worker, signed in with a verified second factor, over
   --samples requests spread over the families after a warm-up. SQL queries per page are counted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import report, setup_django, signed_in_client

MARK = "Fhbench"
TARGET_P95_MS = 150.0
YEARS = 10
EPISODES = 5
CHILDREN = 4
WARMUP = 20


@dataclass
class BenchWorld:
    """What assessments.testing.referral_made expects of a test world."""

    local_authority: Any
    front_door_team: Any
    social_worker: Any
    team_manager: Any
    front_door: Any
    school_dsl: Any

    def user(self, name: str) -> Any:
        return getattr(self, name).user


def world() -> BenchWorld:
    from django.contrib.auth import get_user_model

    from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
    from joinedup.agencies.roles import Role

    user_model = get_user_model()
    la, _ = Organisation.objects.get_or_create(
        name=f"{MARK} Council", defaults={"organisation_type": OrganisationType.LOCAL_AUTHORITY}
    )
    school, _ = Organisation.objects.get_or_create(
        name=f"{MARK} Primary School", defaults={"organisation_type": OrganisationType.SCHOOL}
    )
    team, _ = Team.objects.get_or_create(
        name=f"{MARK} Family Help", organisation=la, defaults={"team_type": TeamType.FAMILY_HELP}
    )
    fd_team, _ = Team.objects.get_or_create(
        name=f"{MARK} Front Door", organisation=la, defaults={"team_type": TeamType.FRONT_DOOR}
    )

    def person(username: str, role: str, org: Any, team: Any, **kw: Any) -> Any:
        user, _ = user_model.objects.get_or_create(username=username)
        practitioner, _ = Practitioner.objects.get_or_create(
            user=user,
            defaults={"given_name": username.split(".")[1].title(), "family_name": MARK, "role": role,
                      "organisation": org, "team": team, **kw},
        )  # fmt: skip
        return practitioner

    manager = person("fhbench.manager", Role.TEAM_MANAGER, la, team)
    team.manager = manager
    team.save()
    fd_manager = person("fhbench.fdmanager", Role.TEAM_MANAGER, la, fd_team)
    fd_team.manager = fd_manager
    fd_team.save()
    return BenchWorld(
        local_authority=la,
        front_door_team=fd_team,
        social_worker=person("fhbench.worker", Role.SOCIAL_WORKER, la, team),
        team_manager=manager,
        front_door=person("fhbench.frontdoor", Role.FRONT_DOOR_PRACTITIONER, la, fd_team),
        school_dsl=person(
            "fhbench.dsl", Role.DESIGNATED_SAFEGUARDING_LEAD, school, None, is_designated_safeguarding_lead=True
        ),
    )


def open_cases() -> list[int]:
    from joinedup.family_help.models import FamilyHelpCase

    return list(
        FamilyHelpCase.objects.filter(child__family_name=MARK, closed_on__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def build_family(n: int, w: BenchWorld, today: date) -> int:
    """One family of six with ten years of history, built through the services in date order."""
    from joinedup.access.models import Involvement, InvolvementRole
    from joinedup.assessments import services as assessments
    from joinedup.assessments.testing import complete_details, front_door_manager, referral_made
    from joinedup.core.voice import ChildVoice
    from joinedup.episodes.codes import ClosureReason
    from joinedup.family_help import services as fh
    from joinedup.people.codes import FatherStatus
    from joinedup.people.factories import PersonFactory
    from joinedup.people.models import Relationship
    from joinedup.prompts.codes import PromptMoment
    from joinedup.prompts.targeting import prompts_for_child, prompts_for_children
    from joinedup.records.services import ChildDetails, PersonDetails, child_create

    front_door_manager(w)  # the referral helper finds the front door's manager by this name
    sw, manager = w.user("social_worker"), w.user("team_manager")
    start = today - timedelta(days=YEARS * 365)
    mother: Any = PersonFactory(given_name=f"Mother{n}", family_name=MARK, date_of_birth=date(1985, 4, 2))
    father: Any = PersonFactory(given_name=f"Father{n}", family_name=MARK, date_of_birth=date(1983, 8, 9), sex="M")
    children = []
    for k in range(CHILDREN):
        child = child_create(
            actor=sw,
            details=PersonDetails(
                given_name=f"Child{n}x{k}", family_name=MARK, date_of_birth=start - timedelta(days=365 * (k + 1))
            ),
            child=ChildDetails(
                father_status=FatherStatus.NOT_KNOWN,
                father_not_known_reason="Benchmark",
                school_id=w.school_dsl.organisation_id,
            ),
            matches_reviewed=True,
        )
        Involvement.objects.create(
            practitioner=w.social_worker, child=child, team=w.social_worker.team,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, started_on=start - timedelta(days=10),
        )  # fmt: skip
        for parent, kind in ((mother, "mother"), (father, "father")):
            Relationship.objects.create(
                from_person=parent, to_person=child, relationship_type=kind, has_parental_responsibility=True
            )
        children.append(child)
    case_id = 0
    for e in range(EPISODES):
        day0 = start + timedelta(days=e * 2 * 365 + 7)
        last = e == EPISODES - 1
        made = []
        for child in children:
            referral = referral_made(w, child=child, on=day0)
            a = assessments.single_assessment_start(
                actor=sw, referral=referral, started_on=day0 + timedelta(days=2), worker=w.social_worker
            )
            assessments.single_assessment_record(
                actor=sw, assessment=a, details=complete_details(child_seen_on=day0 + timedelta(days=5)),
                factor_codes=["16A", "4B", "3B"], harm_codes=["neglect", "domestic_abuse"],
            )  # fmt: skip
            assessments.assessment_prompts_answer(
                actor=sw,
                assessment=a,
                answers={p.pk: "Considered." for p in prompts_for_child(child=child, moment=PromptMoment.ASSESSMENT)},
            )
            assessments.single_assessment_authorise(
                actor=manager, assessment=a, authorised_on=day0 + timedelta(days=30)
            )
            made.append(a)
        index = made[0]
        case = fh.family_help_open(
            actor=sw, episode=index.case_episode, lead_practitioner=w.school_dsl, opened_on=day0 + timedelta(days=32),
            siblings=children[1:], assessment=index,
        )  # fmt: skip
        case_id = case.pk
        prompts = prompts_for_children(children=children, moment=PromptMoment.FAMILY_PLAN)
        fh.family_plan_agree(
            actor=sw, case=case, agreed_on=day0 + timedelta(days=40),
            family_words="Calmer mornings, the children in school, Dad involved every week.",
            child_voices={c.pk: ChildVoice(words=f"{c.given_name}: I want breakfast at home.") for c in children},
            goals=[
                fh.GoalInput(f"Goal {g} in the family's words", [
                    fh.ActionInput(f"Action {g}.{x}", "School" if x else "Mum", day0 + timedelta(days=60 + 7 * x))
                    for x in range(2)
                ])
                for g in range(3)
            ],
            prompt_answers={p.pk: "Talked through with the family." for p in prompts},
        )  # fmt: skip
        for who, rel in (("Grandma", "Maternal grandmother"), ("Aunt Sue", "Aunt"), ("Mr Khan", "Neighbour"),
                         ("Pastor Ade", "Church")):  # fmt: skip
            fh.family_network_member_add(
                actor=sw, case=case, name=who, relationship_to_family=rel, engagement="engaged", support_offered="Help"
            )
        fgdm = fh.fgdm_offer(actor=sw, episode=case.case_episode, offered_on=day0 + timedelta(days=45), case=case)
        fh.fgdm_response_record(actor=sw, fgdm=fgdm, response="accepted", responded_on=day0 + timedelta(days=47))
        fh.fgdm_meeting_record(actor=sw, fgdm=fgdm, meeting_on=day0 + timedelta(days=70), outcome="The family's plan")
        held = day0 + timedelta(days=40)
        end = today - timedelta(days=5) if last else day0 + timedelta(days=650)
        stepped = False
        while held + timedelta(days=85) <= end:
            held += timedelta(days=85)
            fh.family_plan_review_record(
                actor=w.user("school_dsl"), case=case, held_on=held, family_view="Better most days.",
                progress_summary="Attendance up; Dad doing school runs.",
            )  # fmt: skip
            if not stepped and held > day0 + timedelta(days=300):
                fh.step_up_to_child_protection(actor=sw, family_help_case=case, on=held, reason="Disclosure")
                fh.step_down_to_family_help(
                    actor=sw, episode=case.case_episode, on=held + timedelta(days=60), reason="Plan ended"
                )
                stepped = True
        if not last:
            fh.family_help_close(
                actor=sw, case=case, closed_on=end, closure_reason=ClosureReason.SERVICES_CEASED, note="Goals met"
            )
    return case_id


def time_page(case_ids: list[int], samples: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import override_settings

    from joinedup.assessments.models import SingleAssessment
    from joinedup.family_help.models import FamilyHelpCase, FamilyPlanReview

    user = get_user_model().objects.get(username="fhbench.worker")
    with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        client = signed_in_client(user)
        queries = 0

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        for n in range(WARMUP):
            response = client.get(f"/family-help/{case_ids[n % len(case_ids)]}/", secure=True)
            assert response.status_code == 200, response.status_code
        timings: list[float] = []
        cpu: list[float] = []
        per_page: list[int] = []
        with connection.execute_wrapper(count):
            for n in range(samples):
                queries = 0
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(f"/family-help/{case_ids[n % len(case_ids)]}/", secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                per_page.append(queries)
                assert response.status_code == 200, response.status_code
    families = len(case_ids)
    children = FamilyHelpCase.objects.filter(pk__in=case_ids).values("children").count() / families
    marked = {"child__family_name": MARK}
    assessments_each = SingleAssessment.objects.filter(**marked).count() / families
    reviews_each = FamilyPlanReview.objects.filter(case__child__family_name=MARK).count() / families
    p95 = sorted(timings)[max(1, -(-95 * len(timings) // 100)) - 1]
    print(
        f"family_record_page: p95 {p95:.1f} ms over {samples} requests; target p95 under {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_P95_MS else 'MISSED'}. {families} families of six ({children:.0f} children), each "
        f"{YEARS} years: {EPISODES} episodes, {assessments_each:.0f} assessments, {reviews_each:.0f} plan reviews"
    )
    report(
        "family_record_page",
        timings,
        target_p95_ms=TARGET_P95_MS,
        data_size=f"families of six, {YEARS} years of history",
        note_queries_per_page=f"median {statistics.median(per_page):.0f}, min {min(per_page)}, max {max(per_page)}",
        note_app_cpu_ms=f"median {statistics.median(cpu):.0f} ms of this process's CPU per page (excludes waiting)",
        note_history=f"{families} families, each {assessments_each:.0f} assessments, {reviews_each:.0f} reviews",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--families", type=int, default=4)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.utils import timezone

    from joinedup.harms.services import harm_taxonomy_sync

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    harm_taxonomy_sync()
    w = world()
    ids = open_cases()
    if len(ids) < args.families:
        started = time.perf_counter()
        today = timezone.localdate()
        for n in range(len(ids), args.families):
            ids.append(build_family(n, w, today))
            print(f"  built family {n + 1} in {time.perf_counter() - started:.0f} s", flush=True)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    time_page(ids[: args.families], args.samples)


if __name__ == "__main__":
    main()
