"""The synthetic authority's child protection work (after the front door, care and Family Help stages): for each
episode of need the front door sent to a strategy discussion, a strategy discussion with the local authority, police
and health; most lead to a section 47 enquiry, some of those to an initial conference (a fifth of them late, past
the 15 working days) and most conferences to a plan, with core groups, visits and reviews. About a fifth of plans
are repeat plans (an earlier plan in a closed episode two or three years before). A few conferences are arranged in
the coming weeks, with agencies invited, so partners have reports to send; the demo social worker, police officer
and health visitor take part in some. Written in bulk; deterministic for a seed; statutory clocks from the rule
data (timescales.engine), never by hand."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from joinedup.access.models import Involvement, InvolvementRole, InvolvementWork
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.assessments.codes import PrimaryNeed
from joinedup.child_protection.codes import (
    Agency,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    ParentsParticipation,
    PlanEndReason,
    Section47Outcome,
    StrategyOutcome,
    TeamMemberRole,
)
from joinedup.child_protection.models import (
    AgencyReport,
    ChildProtectionPlan,
    ChildProtectionTeamMember,
    ChildProtectionVisit,
    Conference,
    ConferenceInvitation,
    CoreGroupMeeting,
    CoreGroupMember,
    PreProceedings,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from joinedup.child_protection.selectors import STILL_OPEN, parts_last_days
from joinedup.child_protection.services import agency_of, cin_category_for
from joinedup.episodes.codes import ClosureReason, EpisodeTier
from joinedup.episodes.models import CaseEpisode, EpisodeTransition
from joinedup.episodes.services import bulk_history_rows
from joinedup.harms.models import HarmType
from joinedup.people.models import Person
from joinedup.synthetic.voice import age_on, synthetic_child_voice
from joinedup.timescales.calendar import CALENDAR, add_months
from joinedup.timescales.models import Deadline, record_key
from joinedup.timescales.rules import RULES
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build

BATCH = 2000
# Proportions (England, children in need statistics, rounded): most strategy discussions lead to a section 47
# enquiry; about two in five enquiries to an initial conference; nearly nine in ten of those to a plan; about
# four in five conferences within 15 working days; about a fifth of plans are repeat plans.
SECTION_47_RATE = 0.8
CONFERENCE_RATE = 0.4
PLAN_RATE = 0.88
LATE_CONFERENCE_RATE = 0.2
REPEAT_PLAN_RATE = 0.2
PRE_PROCEEDINGS_RATE = 0.08
HARM_WEIGHTS = {"neglect": 45, "emotional_abuse": 35, "physical_abuse": 8, "sexual_abuse": 4, "domestic_abuse": 8}


def _working_days(day: date, n: int) -> date:
    return CALENDAR.add_working_days(day, n)


@dataclass
class _Clock:
    rule_code: str
    child_id: int
    subject: Any
    started_on: date
    met_on: date | None
    interval: str | None = None


@dataclass
class _Rows:
    clocks: list[_Clock] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)


class _Stage:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.rng = random.Random(ctx.seed * 1009 + 47)
        self.as_of: date = ctx.as_of
        self.rows = _Rows()
        self.open_plans: set[int] = set()
        self.demo_arranged = 0
        self.agencies = {p.pk: agency_of(p) for p in Practitioner.objects.select_related("organisation")}
        self.harms = {h.code: h for h in HarmType.objects.filter(code__in=HARM_WEIGHTS)}
        demo = ctx.demo_practitioners
        self.demo_sw: Practitioner | None = demo.get("social.worker")
        self.demo_police: Practitioner | None = demo.get("police.officer")
        self.demo_hv: Practitioner | None = demo.get("health.visitor")
        self.demo_iro: Practitioner | None = demo.get("iro")
        self.police = list(ctx.practitioners.get("police", [])) or list(
            Practitioner.objects.filter(role=Role.POLICE_OFFICER)
        )
        self.health = list(ctx.practitioners.get("health_visitor", [])) or list(
            Practitioner.objects.filter(role=Role.HEALTH_VISITOR)
        )
        self.education = list(ctx.practitioners.get("dsl", []))
        self.workers = [
            p
            for key in ("child_protection_a", "child_protection_b")
            for p in ctx.practitioners.get(key, [])
            if p.role == Role.SOCIAL_WORKER
        ]
        self.chairs = list(ctx.practitioners.get("iro", [])) or list(
            Practitioner.objects.filter(role=Role.INDEPENDENT_REVIEWING_OFFICER)
        )

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items) if items else None

    def harm_set(self) -> list[HarmType]:
        codes = [c for c in HARM_WEIGHTS if c in self.harms]
        chosen = {self.rng.choices(codes, weights=[HARM_WEIGHTS[c] for c in codes])[0]}
        if self.rng.random() < 0.25:
            chosen.add(self.rng.choice(codes))
        return [self.harms[c] for c in sorted(chosen)]

    def run(self) -> None:
        if not self.harms or not self.workers or not self.police or not self.health or not self.chairs:
            return
        episodes = list(
            CaseEpisode.objects.filter(tier=EpisodeTier.CHILD_PROTECTION, started_on__lte=self.as_of)
            .select_related("child")
            .order_by("id")
        )
        allocated = dict(
            Involvement.objects.filter(
                child_id__in=[e.child_id for e in episodes], role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
            )
            .filter(Q(ended_on__isnull=True))
            .values_list("child_id", "practitioner_id")
        )
        by_id = {p.pk: p for p in self.workers}
        if self.demo_sw is not None:
            by_id[self.demo_sw.pk] = self.demo_sw
        demo_cases = 0
        for episode in episodes:
            worker = by_id.get(allocated.get(episode.child_id, -1)) or self.pick(self.workers)
            demo = False
            if self.demo_sw is not None and demo_cases < 6 and episode.closed_on is None:
                worker, demo = self.demo_sw, True
                demo_cases += 1
            self.episode(episode, worker, demo=demo)
        self.write()

    # -- one episode -----------------------------------------------------------------------------------------

    def episode(self, episode: CaseEpisode, worker: Practitioner, *, demo: bool) -> None:
        rng = self.rng
        child_id = episode.child_id
        cause = episode.started_on
        held = _working_days(cause, 0 if rng.random() < 0.7 else 1 if rng.random() < 0.9 else 3)
        if held > self.as_of:
            return
        police = self.demo_police if demo and self.demo_police else self.pick(self.police)
        health = self.demo_hv if demo and self.demo_hv else self.pick(self.health)
        education = self.pick(self.education)
        harms = self.harm_set()
        s47 = rng.random() < SECTION_47_RATE or demo
        sd = StrategyDiscussion.objects.create(
            episode=episode,
            child_id=child_id,
            reasonable_cause_on=cause,
            held_on=held,
            information_shared="Agencies shared what they hold about the child and household (synthetic).",
            decisions="Section 47 enquiry jointly with police."
            if s47
            else "No section 47: single assessment continues.",
            outcome=StrategyOutcome.SECTION_47 if s47 else StrategyOutcome.NO_SECTION_47,
            recorded_by=worker,
            **synthetic_child_voice(age_on(episode.child.date_of_birth, held), f"strategy:{episode.pk}").as_fields(),
        )
        sd.harms.set(harms)
        participants = [(worker, Agency.LOCAL_AUTHORITY), (police, Agency.POLICE), (health, Agency.HEALTH)]
        if education is not None:
            participants.append((education, Agency.EDUCATION))
        StrategyParticipant.objects.bulk_create(
            [
                StrategyParticipant(
                    discussion=sd,
                    practitioner=p,
                    name=p.full_name,
                    agency=a,
                    is_experienced_health_representative=a == Agency.HEALTH,
                )
                for p, a in participants
            ]
        )
        self.rows.clocks.append(_Clock("strategy_discussion", child_id, sd, cause, held))
        for p, role in ((police, InvolvementRole.POLICE_CONTACT), (health, InvolvementRole.HEALTH_VISITOR)):
            self.rows.involvements.append(Involvement(practitioner=p, child_id=child_id, role=role, started_on=held))
        if not s47:
            return
        enquiry = Section47Enquiry.objects.create(
            episode=episode, child_id=child_id, strategy_discussion=sd, started_on=held, lead_practitioner=worker
        )
        self.rows.involvements.append(
            Involvement(
                practitioner=worker,
                child_id=child_id,
                team=worker.team,
                role=InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
                started_on=held,
            )
        )
        ChildProtectionTeamMember.objects.bulk_create(
            [
                ChildProtectionTeamMember(
                    enquiry=enquiry, practitioner=worker, member_role=TeamMemberRole.SOCIAL_WORKER
                ),
                ChildProtectionTeamMember(
                    enquiry=enquiry, practitioner=police, member_role=TeamMemberRole.POLICE_OFFICER
                ),
                ChildProtectionTeamMember(
                    enquiry=enquiry, practitioner=health, member_role=TeamMemberRole.HEALTH_PROFESSIONAL
                ),
            ]
        )
        late = rng.random() < LATE_CONFERENCE_RATE
        icpc_day = _working_days(held, rng.randint(16, 24) if late else rng.randint(8, 15))
        outcome_day = _working_days(held, rng.randint(4, 12))
        to_conference = rng.random() < CONFERENCE_RATE or demo
        if outcome_day <= self.as_of:
            enquiry.findings = "Findings of the multi-agency child protection team (synthetic)."
            enquiry.outcome = (
                Section47Outcome.INITIAL_CONFERENCE
                if to_conference
                else rng.choice([Section47Outcome.FAMILY_HELP, Section47Outcome.NO_FURTHER_ACTION])
            )
            enquiry.concluded_on = outcome_day
            for name, value in (
                synthetic_child_voice(age_on(episode.child.date_of_birth, outcome_day), f"section_47:{enquiry.pk}")
                .as_fields()
                .items()
            ):
                setattr(enquiry, name, value)
            enquiry.save()
        self.rows.clocks.append(
            _Clock("section_47_outcome", child_id, enquiry, held, outcome_day if outcome_day <= self.as_of else None)
        )
        if not to_conference or (episode.closed_on is not None and icpc_day > episode.closed_on):
            return
        chair = self.pick(self.chairs)
        invitees = [p for p, a in participants if a != Agency.LOCAL_AUTHORITY]
        if icpc_day > self.as_of and episode.closed_on is None:
            # Arranged, not yet held: agencies are asked for their reports.
            conference = Conference.objects.create(
                episode=episode,
                child_id=child_id,
                kind=ConferenceKind.INITIAL,
                enquiry=enquiry,
                planned_for=icpc_day,
                chair=chair,
                family_invited="Parents, by letter",
                recorded_by=worker,
            )
            self.invite(conference, invitees, held, reports=rng.random() < 0.5)
            self.rows.clocks.append(_Clock("initial_child_protection_conference", child_id, enquiry, held, None))
            return
        plan_decided = (rng.random() < PLAN_RATE or demo) and child_id not in self.open_plans
        conference = self.held_conference(
            episode,
            child_id,
            ConferenceKind.INITIAL,
            icpc_day,
            chair,
            worker,
            harms,
            ConferenceDecision.PLAN if plan_decided else ConferenceDecision.NO_PLAN,
            enquiry=enquiry,
        )
        self.invite(conference, invitees, held, reports=True)
        self.rows.clocks.append(_Clock("initial_child_protection_conference", child_id, enquiry, held, icpc_day))
        if plan_decided:
            self.plan(episode, child_id, conference, worker, chair, harms, invitees)
            if demo and child_id in self.open_plans and self.demo_arranged < 2:
                # The demo partners have a review conference coming up to send their reports to.
                self.demo_arranged += 1
                review = Conference.objects.create(
                    episode=episode,
                    child_id=child_id,
                    kind=ConferenceKind.REVIEW,
                    plan=conference.plan,
                    planned_for=self.as_of + timedelta(days=7 + 7 * self.demo_arranged),
                    chair=chair,
                    family_invited="Parents, by letter",
                    recorded_by=worker,
                )
                self.invite(review, invitees, self.as_of, reports=False)

    def held_conference(
        self,
        episode: CaseEpisode,
        child_id: int,
        kind: str,
        day: date,
        chair: Practitioner,
        worker: Practitioner,
        harms: list[HarmType],
        decision: str,
        *,
        enquiry: Section47Enquiry | None = None,
        plan: ChildProtectionPlan | None = None,
    ) -> Conference:
        conference = Conference.objects.create(
            episode=episode,
            child_id=child_id,
            kind=kind,
            status=ConferenceStatus.HELD,
            enquiry=enquiry,
            plan=plan,
            planned_for=day,
            held_on=day,
            chair=chair,
            family_invited="Parents, by letter",
            child_views_how="Seen alone",
            **synthetic_child_voice(
                age_on(episode.child.date_of_birth, day), f"conference:{child_id}:{kind}:{day.isoformat()}"
            ).as_fields(),
            parents_participation=self.rng.choice(list(ParentsParticipation.values)),
            decision=decision,
            cin_category=cin_category_for(harms) if decision == ConferenceDecision.PLAN else "",
            outline_plan="Outline plan (synthetic)." if decision == ConferenceDecision.PLAN else "",
            minutes="Minutes (synthetic).",
            parents_minutes="Minutes for parents (synthetic).",
            minutes_shared_on=min(day + timedelta(days=7), self.as_of),
            recorded_by=worker,
        )
        if decision == ConferenceDecision.PLAN:
            conference.harms.set(harms)
        return conference

    def invite(self, conference: Conference, invitees: list[Practitioner], on: date, *, reports: bool) -> None:
        invitations = ConferenceInvitation.objects.bulk_create(
            [
                ConferenceInvitation(conference=conference, practitioner=p, agency=self.agencies[p.pk], invited_on=on)
                for p in dict.fromkeys(invitees)
            ]
        )
        if reports:
            AgencyReport.objects.bulk_create(
                [
                    AgencyReport(
                        conference=conference,
                        invitation=i,
                        author=i.practitioner,
                        agency=i.agency,
                        involvement="Our involvement with the family (synthetic).",
                        concerns="What we know and are worried about (synthetic).",
                        submitted_on=min(conference.planned_for, self.as_of),
                    )
                    for i in invitations
                    if self.rng.random() < 0.85
                ]
            )

    def plan(
        self,
        episode: CaseEpisode,
        child_id: int,
        icpc: Conference,
        worker: Practitioner,
        chair: Practitioner,
        harms: list[HarmType],
        members: list[Practitioner],
    ) -> None:
        rng = self.rng
        assert icpc.held_on is not None
        start = icpc.held_on
        # A repeat plan, when the child had an earlier one (never before they were born).
        repeat = rng.random() < REPEAT_PLAN_RATE and self.earlier_plan(child_id, start, chair, worker, harms)
        category = cin_category_for(harms)
        plan = ChildProtectionPlan.objects.create(
            episode=episode,
            child_id=child_id,
            started_on=start,
            starting_conference=icpc,
            initial_category=category,
            latest_category=category,
            is_repeat=repeat,
        )
        plan.harms.set(harms)
        icpc.plan = plan
        icpc.save(update_fields=["plan"])
        CoreGroupMember.objects.bulk_create(
            [
                CoreGroupMember(plan=plan, practitioner=p, agency=self.agencies[p.pk])
                for p in dict.fromkeys([worker, *members])
            ]
        )
        for p in members:
            self.rows.involvements.append(
                Involvement(practitioner=p, child_id=child_id, role=InvolvementRole.CORE_GROUP_MEMBER, started_on=start)
            )
        # Reviews: the first at 3 months, then 6-monthly; the plan may end at a review (or when the episode closed).
        limit = min(self.as_of, episode.closed_on or self.as_of)
        review_day = add_months(start, 3) - timedelta(days=rng.randint(0, 10))
        subject: Any = plan
        rule = "first_review_conference"
        last_start = start
        ended = False
        review_clocks: list[_Clock] = []
        while review_day <= limit:
            end_now = rng.random() < (0.35 if rule == "first_review_conference" else 0.6)
            review = self.held_conference(
                episode,
                child_id,
                ConferenceKind.REVIEW,
                review_day,
                chair,
                worker,
                harms,
                ConferenceDecision.NO_PLAN if end_now else ConferenceDecision.PLAN,
                plan=plan,
            )
            review_clocks.append(_Clock(rule, child_id, subject, last_start, review_day))
            if end_now:
                plan.ended_on = review_day
                plan.end_reason = PlanEndReason.REVIEW_CONFERENCE
                plan.ending_conference = review
                plan.save()
                review.step_down_to_family_help = rng.random() < 0.7
                review.save(update_fields=["step_down_to_family_help"])
                ended = True
                break
            subject, rule, last_start = review, "subsequent_review_conference", review_day
            review_day = add_months(review_day, 6) - timedelta(days=rng.randint(0, 20))
        if not ended and episode.closed_on is not None:
            plan.ended_on = max(episode.closed_on, start)
            plan.end_reason = PlanEndReason.REVIEW_CONFERENCE
            plan.save()
            ended = True
        until = plan.ended_on or self.as_of
        # Core groups: the first within 10 working days (a few late), then about every 6 weeks.
        meetings: list[CoreGroupMeeting] = []
        day = _working_days(start, rng.randint(5, 10) if rng.random() < 0.9 else rng.randint(11, 15))
        previous: Any = plan
        while day <= until:
            meetings.append(
                CoreGroupMeeting(
                    plan=plan, held_on=day, attended="Core group (synthetic)", progress="Progress (synthetic)."
                )
            )
            day = day + timedelta(weeks=rng.choice([4, 5, 6, 6, 7]))
        CoreGroupMeeting.objects.bulk_create(meetings)
        for n, meeting in enumerate(meetings):
            core_rule = "first_core_group" if n == 0 else "core_group_interval"
            self.rows.clocks.append(
                _Clock(core_rule, child_id, previous, (previous.held_on if n else start), meeting.held_on)
            )
            previous = meeting
        self.rows.clocks.extend(review_clocks)
        if ended:
            return
        self.open_plans.add(child_id)
        if meetings:
            self.rows.clocks.append(_Clock("core_group_interval", child_id, previous, previous.held_on, None))
        else:
            self.rows.clocks.append(_Clock("first_core_group", child_id, plan, start, None))
        self.rows.clocks.append(_Clock(rule, child_id, subject, last_start, None))
        # Visits: the last two, each clock from the one before; the latest clock still running.
        first = max(start, self.as_of - timedelta(days=rng.randint(15, 30)))
        visits = [
            ChildProtectionVisit(
                plan=plan, visited_on=first, visited_by=worker, child_seen=True, child_seen_alone=True
            ),
            ChildProtectionVisit(
                plan=plan,
                visited_on=min(_working_days(first, rng.randint(6, 12)), self.as_of),
                visited_by=worker,
                child_seen=True,
                child_seen_alone=rng.random() < 0.8,
                reason_not_seen_alone="Asleep (synthetic)",
            ),
        ]
        ChildProtectionVisit.objects.bulk_create(visits)
        self.rows.clocks.append(
            _Clock("child_protection_visit", child_id, visits[0], visits[0].visited_on, visits[1].visited_on)
        )
        self.rows.clocks.append(_Clock("child_protection_visit", child_id, visits[1], visits[1].visited_on, None))
        if self.rng.random() < PRE_PROCEEDINGS_RATE:
            started = max(start, self.as_of - timedelta(days=rng.randint(10, 60)))
            PreProceedings.objects.create(
                episode=episode,
                child_id=child_id,
                started_on=started,
                letter_before_proceedings_on=min(started + timedelta(days=7), self.as_of),
                family_group_decision_making_offered=True,
            )

    def earlier_plan(
        self, child_id: int, before: date, chair: Practitioner, worker: Practitioner, harms: list[HarmType]
    ) -> bool:
        """A plan two to three years before this one, in an episode of its own, closed: for a child born by then
        (whether there was one). Drawn from a stream of the child's own, so a child too young for one changes
        nothing else generated."""
        main, self.rng = self.rng, random.Random(f"{self.ctx.seed}-earlier-plan-{child_id}")
        try:
            return self._earlier_plan(child_id, before, chair, worker, harms)
        finally:
            self.rng = main

    def _earlier_plan(
        self, child_id: int, before: date, chair: Practitioner, worker: Practitioner, harms: list[HarmType]
    ) -> bool:
        started = before - timedelta(days=self.rng.randint(700, 1100))
        ended = started + timedelta(days=self.rng.randint(150, 400))
        born = Person.objects.filter(pk=child_id).values_list("date_of_birth", flat=True).first()
        if born is None or born > started - timedelta(days=20):
            return False  # not born when that episode would have started (CIN census rule 8606)
        old = CaseEpisode.objects.create(
            child_id=child_id,
            started_on=started - timedelta(days=20),
            referral_source="1A",
            tier=EpisodeTier.CHILD_PROTECTION,
            # The need a child protection plan meets (the CIN census asks it of every referral acted on: rule 8610).
            primary_need_code=PrimaryNeed.ABUSE_OR_NEGLECT,
            closed_on=ended + timedelta(days=60),
            closure_reason=ClosureReason.SERVICES_CEASED,
        )
        EpisodeTransition.objects.bulk_create(
            bulk_history_rows(
                old,
                moves=[(old.started_on, EpisodeTier.CHILD_PROTECTION)],
                decided_by_id=worker.user_id,
                decided_as="synthetic.child_protection",
            )
        )
        conference = self.held_conference(
            old, child_id, ConferenceKind.INITIAL, started, chair, worker, harms, ConferenceDecision.PLAN
        )
        category = cin_category_for(harms)
        plan = ChildProtectionPlan.objects.create(
            episode=old,
            child_id=child_id,
            started_on=started,
            starting_conference=conference,
            initial_category=category,
            latest_category=category,
            ended_on=ended,
            end_reason=PlanEndReason.REVIEW_CONFERENCE,
        )
        plan.harms.set(harms)
        conference.plan = plan
        conference.save(update_fields=["plan"])
        return True

    # -- writing ---------------------------------------------------------------------------------------------

    def write(self) -> None:
        # Least privilege, as involvements_end_with_the_work does: each involvement ends on the last day its
        # practitioner takes part in the child's child protection work (none while the work is open).
        involvements = self.rows.involvements
        children = sorted({i.child_id for i in involvements})
        last: dict[tuple[int, int], date | None] = {}
        for n in range(0, len(children), BATCH // 2):  # a bounded number of query parameters per query
            last.update(parts_last_days(children[n : n + BATCH // 2]))
        for involvement in involvements:
            until = last.get((involvement.child_id, involvement.practitioner_id), involvement.started_on)
            if until is not STILL_OPEN:
                involvement.ended_on = max(until, involvement.started_on)
        for involvement in involvements:
            involvement.work = InvolvementWork.CHILD_PROTECTION
        Involvement.objects.bulk_create(involvements, batch_size=BATCH)
        deadlines = []
        figures = local_figures()  # read once: every clock as the services make it (timescales.deadline_build)
        seen: set[tuple[int, str, str, str]] = set()
        for c in self.rows.clocks:
            key = record_key(c.subject)
            rule = RULES[c.rule_code]
            chosen = rule.interval(c.interval)
            if (c.child_id, c.rule_code, chosen.name, key) in seen or (
                c.met_on is not None and c.met_on < c.started_on
            ):
                continue
            seen.add((c.child_id, c.rule_code, chosen.name, key))
            deadlines.append(
                deadline_build(
                    rule_code=c.rule_code,
                    interval=chosen.name,
                    child_id=c.child_id,
                    subject_key=key,
                    started_on=c.started_on,
                    met_on=c.met_on,
                    late_reason="Recorded late (synthetic history)",
                    figures=figures,
                )
            )
        Deadline.objects.bulk_create(deadlines, batch_size=BATCH)
        counts = self.ctx.counts
        counts["strategy_discussions"] = StrategyDiscussion.objects.count()
        counts["section_47_enquiries"] = Section47Enquiry.objects.count()
        counts["child_protection_conferences"] = Conference.objects.count()
        counts["child_protection_plans"] = ChildProtectionPlan.objects.count()


def stage_child_protection(ctx: Any) -> None:
    """Strategy discussions, section 47 enquiries, conferences and plans for the synthetic authority."""
    _Stage(ctx).run()
