"""Synthetic assessments and Family Help for the generated authority (M38), in bulk (ADR 0006), deterministic for
a seed. Every referral the front door stage made gets its assessment, consistent with the single_assessment clock
the front door started (authorised when that clock was met, with its late reason; in progress otherwise); an
unborn child's is a pre-birth assessment. Most Family Help outcomes open Family Help in the same episode, led by
the child's school's DSL, a health visitor, a youth worker or a local authority Family Help practitioner, with a
plan, reviews on the local clock (some late), the family network, family group decision making offered to some,
some stepped up to child protection and some of those down again, closed with the episode."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.assessments.codes import AssessmentKind, AssessmentOutcome, AssessmentStatus
from joinedup.assessments.models import AssessmentFactorIdentified, AssessmentHarm, SingleAssessment
from joinedup.episodes.codes import ClosureReason
from joinedup.episodes.models import CaseEpisode
from joinedup.family_help.codes import (
    ActionStatus,
    FamilyHelpStatus,
    FgdmContext,
    FgdmResponse,
    GoalProgress,
    NetworkEngagement,
    StepDirection,
)
from joinedup.family_help.models import (
    FamilyGroupDecisionMaking,
    FamilyHelpCase,
    FamilyHelpChild,
    FamilyHelpStep,
    FamilyNetworkMember,
    FamilyPlan,
    FamilyPlanChildVoice,
    FamilyPlanReview,
    PlanAction,
    PlanGoal,
)
from joinedup.front_door.codes import DecisionOutcome
from joinedup.front_door.models import ContactHarm, Referral
from joinedup.people.models import ChildProfile
from joinedup.synthetic.voice import age_on, synthetic_child_voice
from joinedup.timescales import engine
from joinedup.timescales.calendar import CALENDAR
from joinedup.timescales.models import Deadline, record_key
from joinedup.timescales.rules import rule_get
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build

BATCH = 1000
FACTOR_WEIGHTS = {
    "16A": 20, "17A": 14, "3B": 16, "3A": 8, "4B": 14, "2B": 7, "1B": 6, "4A": 6, "18C": 5, "21": 5, "5A": 3,
    "6B": 3, "10A": 3, "14A": 3, "15A": 2, "24A": 2, "11A": 1, "19C": 1, "7A": 2, "20": 2,
}  # fmt: skip
# Primary need (CIN census PrimaryNeedCode) in roughly the national shares of children in need at 31 March
# (DfE "Characteristics of children in need", England: abuse or neglect over half, then family dysfunction and the
# child's disability; low income well under 1%). Estimates for the synthetic authority, not published figures.
PRIMARY_NEED_WEIGHTS = {
    "N1": 570, "N5": 140, "N2": 110, "N4": 80, "N8": 35, "N3": 30, "N6": 20, "N9": 12, "N7": 3,
}  # fmt: skip
GOALS = [
    ("Mornings are calm and the children get to school on time", "Breakfast club place", "School"),
    ("Mum feels less alone and knows who to call", "Referral to the parenting peer group", "Lead practitioner"),
    ("The house is safe and warm for the baby", "Help with the energy bills and a cot", "Family Help worker"),
    ("Dad is part of the children's lives every week", "Contact plan agreed with both parents", "Dad"),
    ("No more shouting at home; the children feel safe", "Domestic abuse programme", "Mum's partner"),
    ("Jay goes to school every day", "Attendance plan with the school", "Jay and Mum"),
]
NETWORK = [
    ("Maternal grandmother", "School runs twice a week"),
    ("Aunt", "Respite one weekend a month"),
    ("Family friend", "Someone to call in the evenings"),
    ("Paternal grandfather", "Help with the garden and repairs"),
    ("Church group", "Meals after the baby is born"),
]


CLOSED_AFTER_ASSESSMENT = (ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA, ClosureReason.CLOSED_AFTER_ASSESSMENT_EARLY_HELP)


def _figures() -> Any:
    return local_figures()


def stage_assessments_and_family_help(ctx: Any) -> None:
    rng = ctx.rng
    as_of: date = ctx.as_of
    figures = _figures()
    demo = ctx.demo_practitioners
    manager = demo.get("team.manager")
    fallback_user_id = manager.user_id if manager is not None else None
    if fallback_user_id is None:
        return
    referrals = list(
        Referral.objects.filter(child_id__in=ctx.child_ids)
        .select_related("case_episode")
        .order_by("referral_date", "id")
    )
    if not referrals:
        return
    clocks = {
        d.subject_key: d
        for d in Deadline.objects.filter(rule_code="single_assessment", subject_key__startswith="front_door.referral:")
    }
    profiles = {
        p.person_id: p
        for p in ChildProfile.objects.filter(person_id__in={r.child_id for r in referrals}).only(
            "person_id", "is_unborn", "expected_date_of_delivery", "school_id"
        )
    }
    dobs = dict(
        ChildProfile.objects.filter(person_id__in={r.child_id for r in referrals}).values_list(
            "person_id", "person__date_of_birth"
        )
    )
    harms_by_contact: dict[int, list[int]] = {}
    for contact_id, harm_id in ContactHarm.objects.filter(contact_id__in=[r.contact_id for r in referrals]).values_list(
        "contact_id", "harm_type_id"
    ):
        harms_by_contact.setdefault(contact_id, []).append(harm_id)
    allocated = dict(
        Involvement.objects.filter(
            child_id__in={r.child_id for r in referrals}, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
        ).values_list("child_id", "practitioner_id")
    )
    social_workers = [p for p in Practitioner.objects.filter(role=Role.SOCIAL_WORKER).values_list("pk", flat=True)]
    factor_codes = list(FACTOR_WEIGHTS)
    factor_weights = [FACTOR_WEIGHTS[c] for c in factor_codes]

    assessments: list[SingleAssessment] = []
    # The day each episode's latest assessment was authorised (None: still in progress): one assessment at a time in
    # an episode, as single_assessment_start requires (CIN census 8896, 8863Q); a referral that arrives while one is
    # in progress is taken into it.
    assessed_until: dict[int, date | None] = {}
    for referral in referrals:
        if referral.referral_date > as_of:
            continue
        clock = clocks.get(f"front_door.referral:{referral.pk}")
        if clock is None:
            continue
        profile = profiles.get(referral.child_id)
        unborn_then = bool(
            profile is not None
            and profile.expected_date_of_delivery is not None
            and (profile.is_unborn or (dobs.get(referral.child_id) or as_of) > referral.referral_date)
            and profile.expected_date_of_delivery > referral.referral_date
        )
        started = min(CALENDAR.add_working_days(referral.referral_date, rng.randint(1, 8)), as_of)
        authorised = clock.met_on is not None
        if referral.route == DecisionOutcome.STRATEGY_DISCUSSION:
            outcome = AssessmentOutcome.STRATEGY_DISCUSSION
        else:
            outcome = rng.choices(
                [
                    AssessmentOutcome.FAMILY_HELP,
                    AssessmentOutcome.NO_FURTHER_ACTION,
                    AssessmentOutcome.STRATEGY_DISCUSSION,
                ],
                weights=[70, 25, 5],
            )[0]
        if referral.case_episode is not None and referral.case_episode.closure_reason in CLOSED_AFTER_ASSESSMENT:
            # The episode closed after this assessment with no further action (or to early help), so that is what
            # the assessment decided: no Family Help plan follows (CIN census rule 2990).
            outcome = AssessmentOutcome.NO_FURTHER_ACTION
        completed = clock.met_on if authorised else None
        seen = min(started + timedelta(days=rng.randint(0, 10)), as_of) if authorised or rng.random() < 0.7 else None
        edd = profile.expected_date_of_delivery if unborn_then and profile is not None else None
        episode_id = referral.case_episode_id
        if episode_id in assessed_until:
            until = assessed_until[episode_id]
            if until is None or until >= min(started, completed or started):
                continue
        assessed_until[episode_id] = completed
        assessments.append(
            SingleAssessment(
                child_id=referral.child_id,
                case_episode_id=referral.case_episode_id,
                referral=referral,
                kind=AssessmentKind.PRE_BIRTH if unborn_then else AssessmentKind.SINGLE,
                status=AssessmentStatus.AUTHORISED if authorised else AssessmentStatus.IN_PROGRESS,
                referral_date=referral.referral_date,
                started_on=started if completed is None else min(started, completed),
                due_on=clock.due_on,
                worker_id=allocated.get(referral.child_id) or (rng.choice(social_workers) if social_workers else None),
                child_seen_on=None if unborn_then else seen,
                child_seen_alone=None if unborn_then or seen is None else rng.random() < 0.75,
                child_not_seen_alone_reason="Too young to be seen alone" if seen else "",
                childs_wishes_and_feelings="" if unborn_then or seen is None else "I want things to be calmer at home.",
                parents_views="Mum wants help and agreed to the assessment." if authorised else "",
                fathers_views="Dad was seen at his flat and wants to be involved." if authorised else "",
                expected_date_of_delivery=edd,
                pre_birth_conference_due_on=(
                    engine.due_date("pre_birth_conference", edd, interval="conference") if edd else None
                ),
                analysis="Needs, strengths and risks set out with the family." if authorised else "",
                outcome=outcome if authorised else "",
                outcome_rationale="Agreed with the family and the manager." if authorised else "",
                completed_on=completed,
                authorised_by_id=fallback_user_id if authorised else None,
                late_reason=clock.late_reason if authorised and clock.met_on and clock.met_on > clock.due_on else "",
            )
        )
    # The primary need as the worker records it (a separate random stream, so the rest of the history is unchanged):
    # most assessments that end in no further action find the child not in need (N9).
    need_rng = random.Random(f"primary_need:{ctx.seed}")
    factor_rng = random.Random(f"factors:{ctx.seed}")
    others = [c for c in factor_codes if c != "21"]
    other_weights = [FACTOR_WEIGHTS[c] for c in others]
    need_codes = list(PRIMARY_NEED_WEIGHTS)
    need_weights = [PRIMARY_NEED_WEIGHTS[c] for c in need_codes]
    for a in assessments:
        if a.outcome == AssessmentOutcome.NO_FURTHER_ACTION and need_rng.random() < 0.6:
            a.primary_need = "N9"
        else:
            a.primary_need = need_rng.choices(need_codes, weights=need_weights)[0]
    SingleAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    factors: list[AssessmentFactorIdentified] = []
    harm_rows: list[AssessmentHarm] = []
    for a in assessments:
        if a.status == AssessmentStatus.AUTHORISED:
            chosen = set(rng.choices(factor_codes, weights=factor_weights, k=rng.randint(1, 3)))
            if len(chosen) > 1:
                chosen.discard("21")
            episode = a.referral.case_episode if a.referral else None
            if chosen == {"21"} and episode is not None and episode.closure_reason not in CLOSED_AFTER_ASSESSMENT:
                # "No factors identified" is an assessment after which the case closes (RC8, RC9; CIN census 8873Q):
                # an assessment the work went on from found something (a separate random stream).
                chosen = {factor_rng.choices(others, weights=other_weights)[0]}
            factors.extend(AssessmentFactorIdentified(assessment=a, code=code) for code in sorted(chosen))
        for harm_id in harms_by_contact.get(a.referral.contact_id if a.referral else 0, []):
            harm_rows.append(AssessmentHarm(assessment=a, harm_type_id=harm_id))
    AssessmentFactorIdentified.objects.bulk_create(factors, batch_size=BATCH)
    AssessmentHarm.objects.bulk_create(harm_rows, batch_size=BATCH, ignore_conflicts=True)
    ctx.counts["assessments"] = len(assessments)
    ctx.counts["assessments_late"] = sum(1 for a in assessments if a.late_reason)
    ctx.counts["pre_birth_assessments"] = sum(1 for a in assessments if a.kind == AssessmentKind.PRE_BIRTH)
    _family_help(ctx, assessments, profiles, dobs, figures, fallback_user_id)


def _family_help(
    ctx: Any,
    assessments: list[SingleAssessment],
    profiles: dict[int, ChildProfile],
    dobs: dict[int, date | None],
    figures: Any,
    fallback_user_id: int,
) -> None:
    rng = ctx.rng
    as_of: date = ctx.as_of
    demo = ctx.demo_practitioners
    episodes = CaseEpisode.objects.in_bulk([a.case_episode_id for a in assessments])
    dsl_by_school: dict[int, list[Practitioner]] = {}
    for p in Practitioner.objects.filter(
        Q(role=Role.DESIGNATED_SAFEGUARDING_LEAD) | Q(is_designated_safeguarding_lead=True), user__isnull=False
    ):
        dsl_by_school.setdefault(p.organisation_id, []).append(p)
    hvs = list(Practitioner.objects.filter(role=Role.HEALTH_VISITOR, user__isnull=False))
    youth = list(Practitioner.objects.filter(role=Role.YOUTH_WORKER, user__isnull=False))
    la_leads = [
        p
        for key in ("family_help_north", "family_help_south")
        for p in ctx.practitioners.get(key, [])
        if p.role == Role.FAMILY_HELP_LEAD_PRACTITIONER
    ]
    if not la_leads:
        la_leads = list(Practitioner.objects.filter(role=Role.FAMILY_HELP_LEAD_PRACTITIONER))
    if not la_leads:
        return
    review_rule = rule_get("family_help_review")
    review_interval = review_rule.interval(None)

    def review_due(start: date) -> date:
        periods = engine.figures_in_force(review_rule, review_interval, start, figures)
        return engine.interval_due_date(review_interval, start, periods, CALENDAR)

    cases: list[FamilyHelpCase] = []
    open_in_episode: set[int] = set()
    for a in assessments:
        if a.outcome != AssessmentOutcome.FAMILY_HELP or a.completed_on is None or rng.random() > 0.85:
            continue
        episode = episodes.get(a.case_episode_id)
        if episode is None or a.case_episode_id in open_in_episode:
            continue
        opened = a.completed_on + timedelta(days=rng.randint(0, 5))
        if opened > as_of:
            opened = as_of
        if episode.closed_on is not None and episode.closed_on < opened:
            continue
        profile = profiles.get(a.child_id)
        dob = dobs.get(a.child_id)
        young = dob is None or (as_of - dob).days < 5 * 365
        school_dsls = dsl_by_school.get(profile.school_id, []) if profile and profile.school_id else []
        roll = rng.random()
        if school_dsls and roll < 0.4:
            lead = rng.choice(school_dsls)
        elif young and hvs and roll < 0.6:
            lead = rng.choice(hvs)
        elif youth and roll < 0.7:
            lead = rng.choice(youth)
        else:
            lead = rng.choice(la_leads)
        closed = episode.closed_on
        case = FamilyHelpCase(
            case_episode_id=episode.pk,
            child_id=a.child_id,
            status=FamilyHelpStatus.CLOSED if closed else FamilyHelpStatus.OPEN,
            opened_on=opened,
            lead_practitioner=lead,
            team_id=lead.team_id if lead.role == Role.FAMILY_HELP_LEAD_PRACTITIONER else None,
            assessment=a,
            closed_on=closed,
            closure_reason=(episode.closure_reason or ClosureReason.SERVICES_CEASED) if closed else "",
        )
        if closed is None:
            open_in_episode.add(episode.pk)
        cases.append(case)
    # The demo school DSL leads a few families whose children attend their school, so the demo shows it.
    demo_dsl = demo.get("school.dsl")
    if demo_dsl is not None:
        own = [
            c for c in cases if profiles.get(c.child_id) and profiles[c.child_id].school_id == demo_dsl.organisation_id
        ]
        for c in own[:3]:
            c.lead_practitioner = demo_dsl
    FamilyHelpCase.objects.bulk_create(cases, batch_size=BATCH)
    FamilyHelpChild.objects.bulk_create(
        [FamilyHelpChild(case=c, child_id=c.child_id, added_on=c.opened_on, ended_on=c.closed_on) for c in cases],
        batch_size=BATCH,
    )
    Involvement.objects.bulk_create(
        [
            Involvement(
                practitioner=c.lead_practitioner,
                child_id=c.child_id,
                team_id=c.team_id,
                role=InvolvementRole.LEAD_PRACTITIONER,
                started_on=c.opened_on,
                ended_on=c.closed_on,
            )
            for c in cases
        ],
        batch_size=BATCH,
    )
    plans: list[FamilyPlan] = []
    plan_goals: list[tuple[FamilyPlan, list[tuple[str, str, str]]]] = []
    for c in cases:
        agreed = c.opened_on + timedelta(days=rng.randint(5, 20))
        end = c.closed_on or as_of
        if agreed > end:
            continue
        plan = FamilyPlan(
            case=c,
            agreed_on=agreed,
            family_words="We want things calmer at home and the children doing well at school.",
            recorded_by_id=c.lead_practitioner.user_id or fallback_user_id,
        )
        plans.append(plan)
        plan_goals.append((plan, rng.sample(GOALS, rng.randint(1, 3))))
    FamilyPlan.objects.bulk_create(plans, batch_size=BATCH)
    # The child the plan covers, heard on their own (M26): words a child might say, or why they could not be.
    FamilyPlanChildVoice.objects.bulk_create(
        [
            FamilyPlanChildVoice(
                plan=plan,
                child_id=plan.case.child_id,
                **synthetic_child_voice(
                    age_on(dobs.get(plan.case.child_id), plan.agreed_on), f"family_plan:{plan.case.pk}"
                ).as_fields(),
            )
            for plan in plans
        ],
        batch_size=BATCH,
    )
    goals: list[PlanGoal] = []
    goal_actions: list[tuple[PlanGoal, tuple[str, str, str]]] = []
    for plan, chosen in plan_goals:
        for order, spec in enumerate(chosen, start=1):
            goal = PlanGoal(plan=plan, goal=spec[0], display_order=order, progress=rng.choice(GoalProgress.values))
            goals.append(goal)
            goal_actions.append((goal, spec))
    PlanGoal.objects.bulk_create(goals, batch_size=BATCH)
    PlanAction.objects.bulk_create(
        [
            PlanAction(
                goal=g,
                action=spec[1],
                owner=spec[2],
                due_on=g.plan.agreed_on + timedelta(days=rng.randint(7, 60)),
                status=rng.choice(ActionStatus.values),
            )
            for g, spec in goal_actions
        ],
        batch_size=BATCH,
    )
    reviews: list[FamilyPlanReview] = []
    review_clocks: list[tuple[Any, date, date | None]] = []  # (subject, started_on, met_on)
    for plan in plans:
        c = plan.case
        end = c.closed_on or as_of
        start = plan.agreed_on
        subject: Any = plan
        while True:
            due = review_due(start)
            held = due + timedelta(days=rng.choice([-20, -10, -5, 0, 3, 12]))
            if held > end or held <= start:
                review_clocks.append((subject, start, None))
                break
            review = FamilyPlanReview(
                plan=plan,
                case=c,
                held_on=held,
                family_view="Things are better at home most days.",
                progress_summary="Progress on the goals; actions mostly done.",
                recorded_by_id=c.lead_practitioner.user_id or fallback_user_id,
            )
            reviews.append(review)
            review_clocks.append((subject, start, held))
            subject = review
            start = held
    FamilyPlanReview.objects.bulk_create(reviews, batch_size=BATCH)
    deadlines: list[Deadline] = []
    for subject, started, met in review_clocks:
        c = subject.case
        if c.closed_on is not None and met is None:
            continue  # withdrawn at closure
        deadlines.append(
            deadline_build(
                rule_code="family_help_review",
                interval=review_interval.name,
                child_id=c.child_id,
                subject_key=record_key(subject),
                started_on=started,
                met_on=met,
                late_reason="The family asked to move the review",
                assignee=c.lead_practitioner,
                team_id=c.lead_practitioner.team_id,
                figures=figures,
            )
        )
    Deadline.objects.bulk_create(deadlines, batch_size=BATCH, ignore_conflicts=True)
    network: list[FamilyNetworkMember] = []
    fgdm: list[FamilyGroupDecisionMaking] = []
    steps: list[FamilyHelpStep] = []
    recorder = {c.pk: c.lead_practitioner.user_id or fallback_user_id for c in cases}
    for c in cases:
        for relationship, support in rng.sample(NETWORK, rng.randint(1, 3)):
            network.append(
                FamilyNetworkMember(
                    case=c,
                    name=relationship.split()[-1].capitalize() if relationship != "Church group" else "St Mark's",
                    relationship_to_family=relationship,
                    engagement=rng.choice(NetworkEngagement.values),
                    support_offered=support,
                )
            )
        end = c.closed_on or as_of
        if rng.random() < 0.3 and c.opened_on + timedelta(days=14) <= end:
            offered = c.opened_on + timedelta(days=rng.randint(7, 14))
            response = rng.choice([FgdmResponse.ACCEPTED, FgdmResponse.ACCEPTED, FgdmResponse.DECLINED])
            meeting = offered + timedelta(days=rng.randint(14, 35))
            meeting_held = response == FgdmResponse.ACCEPTED and meeting <= end
            fgdm.append(
                FamilyGroupDecisionMaking(
                    case=c,
                    child_id=c.child_id,
                    case_episode_id=c.case_episode_id,
                    context=FgdmContext.FAMILY_HELP,
                    offered_on=offered,
                    response=response,
                    responded_on=offered + timedelta(days=3),
                    meeting_on=meeting if meeting_held else None,
                    outcome="The family's own plan: grandparents share the school runs." if meeting_held else "",
                    recorded_by_id=recorder[c.pk],
                )
            )
        if rng.random() < 0.12 and c.opened_on + timedelta(days=40) <= end:
            up = c.opened_on + timedelta(days=rng.randint(20, 40))
            steps.append(
                FamilyHelpStep(
                    case=c, direction=StepDirection.UP, on=up, reason="Significant harm suspected after a disclosure",
                    lead_practitioner=c.lead_practitioner, recorded_by_id=fallback_user_id,
                )
            )  # fmt: skip
            down = up + timedelta(days=rng.randint(45, 150))
            if down <= end and rng.random() < 0.7:
                steps.append(
                    FamilyHelpStep(
                        case=c, direction=StepDirection.DOWN, on=down,
                        reason="The child protection plan ended at the review conference",
                        lead_practitioner=c.lead_practitioner, recorded_by_id=fallback_user_id,
                    )
                )  # fmt: skip
            elif c.closed_on is None:
                c.status = FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE
    FamilyNetworkMember.objects.bulk_create(network, batch_size=BATCH)
    FamilyGroupDecisionMaking.objects.bulk_create(fgdm, batch_size=BATCH)
    FamilyHelpStep.objects.bulk_create(steps, batch_size=BATCH)
    stepped = [c for c in cases if c.status == FamilyHelpStatus.CHILD_PROTECTION_ALONGSIDE]
    FamilyHelpCase.objects.bulk_update(stepped, ["status"], batch_size=BATCH)
    ctx.counts["family_help_cases"] = len(cases)
    ctx.counts["family_help_open"] = sum(1 for c in cases if c.closed_on is None)
    ctx.counts["family_plans"] = len(plans)
    ctx.counts["family_plan_reviews"] = len(reviews)
    ctx.counts["family_help_reviews_late"] = sum(1 for d in deadlines if d.late_reason)
    ctx.counts["stepped_up"] = sum(1 for s in steps if s.direction == StepDirection.UP)
    ctx.counts["stepped_down"] = sum(1 for s in steps if s.direction == StepDirection.DOWN)
