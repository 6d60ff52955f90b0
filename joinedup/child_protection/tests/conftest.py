"""Fixtures for child protection: the harm taxonomy, the allocated child's open episode of need, and helpers that
take a child through the services (strategy discussion, section 47, conferences) on chosen dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.episodes.models import CaseEpisode
from joinedup.harms.models import HarmType
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.models import Person
from joinedup.timescales.calendar import CALENDAR

from .. import services
from ..codes import (
    Agency,
    ConferenceDecision,
    ConferenceKind,
    ParentsParticipation,
    Section47Outcome,
    StrategyOutcome,
    TeamMemberRole,
)
from ..models import ChildProtectionPlan, Conference, Section47Enquiry, StrategyDiscussion


def harm(code: str) -> HarmType:
    return HarmType.objects.get(code=code)


def working_day_on_or_before(day: date) -> date:
    while not CALENDAR.is_working_day(day):
        day -= timedelta(days=1)
    return day


@dataclass
class Journey:
    """Takes the world's allocated child through child protection by the services, as the social worker."""

    world: World
    child: Person
    episode: CaseEpisode

    @property
    def actor(self) -> Any:
        return self.world.user("social_worker")

    def participants(self, *, experienced_health: bool = True) -> list[services.Participant]:
        w = self.world
        return [
            services.Participant(Agency.LOCAL_AUTHORITY, w.social_worker),
            services.Participant(Agency.POLICE, w.police_officer),
            services.Participant(
                Agency.HEALTH, w.health_visitor, is_experienced_health_representative=experienced_health
            ),
            services.Participant(Agency.EDUCATION, w.school_dsl),
        ]

    def strategy(
        self,
        held_on: date,
        *,
        cause_on: date | None = None,
        harms: tuple[str, ...] = ("physical_abuse",),
        outcome: str = StrategyOutcome.SECTION_47,
        late_reason: str = "",
        immediate_danger: bool = False,
        experienced_health: bool = True,
    ) -> StrategyDiscussion:
        return services.strategy_discussion_record(
            actor=self.actor,
            child=self.child,
            details=services.StrategyDetails(
                reasonable_cause_on=cause_on or held_on,
                held_on=held_on,
                harms=[harm(c) for c in harms],
                participants=self.participants(experienced_health=experienced_health),
                information_shared="School saw bruising; police hold a previous call-out to the address.",
                decisions="Section 47 enquiry jointly with police; child seen at school today.",
                outcome=outcome,
                immediate_danger=immediate_danger,
                lead_practitioner=self.world.social_worker,
                late_reason=late_reason,
                voice=ChildVoice(words="I want the shouting to stop."),
            ),
        )

    def enquiry_outcome(self, enquiry: Section47Enquiry, on: date, late_reason: str = "") -> Section47Enquiry:
        w = self.world
        return services.section_47_record(
            actor=self.actor,
            enquiry=enquiry,
            details=services.EnquiryDetails(
                voice=ChildVoice(words="I want to feel safe at home."),
                lead_practitioner=w.social_worker,
                members=[
                    (w.social_worker, TeamMemberRole.SOCIAL_WORKER),
                    (w.police_officer, TeamMemberRole.POLICE_OFFICER),
                    (w.health_visitor, TeamMemberRole.HEALTH_PROFESSIONAL),
                    (w.school_dsl, TeamMemberRole.EDUCATION),
                ],
                findings="Injuries consistent with the account given by the child.",
                outcome=Section47Outcome.INITIAL_CONFERENCE,
                concluded_on=on,
                late_reason=late_reason,
            ),
        )

    def arrange(
        self,
        kind: str,
        planned_for: date,
        *,
        enquiry: Section47Enquiry | None = None,
        plan: ChildProtectionPlan | None = None,
        transfer_in: Any = None,
        chair: Any = None,
    ) -> Conference:
        w = self.world
        return services.conference_arrange(
            actor=self.actor,
            child=self.child,
            details=services.ArrangeDetails(
                kind=kind,
                planned_for=planned_for,
                chair=chair or w.iro,
                invitees=[w.police_officer, w.health_visitor, w.school_dsl],
                family_invited="Mother and father, by letter and phone",
                enquiry=enquiry,
                plan=plan,
                transfer_in=transfer_in,
            ),
        )

    def hold(
        self,
        conference: Conference,
        held_on: date,
        *,
        decision: str = ConferenceDecision.PLAN,
        harms: tuple[str, ...] = ("physical_abuse",),
        step_down: bool = False,
        late_reason: str = "",
    ) -> Conference:
        return services.conference_outcome_record(
            actor=self.actor,
            conference=conference,
            details=services.OutcomeDetails(
                held_on=held_on,
                decision=decision,
                harms=[harm(c) for c in harms],
                voice=ChildVoice(words="Wants to stay at home but not be hurt."),
                child_views_how="Seen alone at school with the social worker",
                parents_participation=ParentsParticipation.ATTENDED,
                outline_plan="Parenting support; health visitor weekly; police safeguarding visit.",
                minutes="Full minutes of the conference.",
                parents_minutes="The parents' version of the minutes.",
                step_down_to_family_help=step_down,
                late_reason=late_reason,
            ),
        )

    def to_plan(self, start: date) -> ChildProtectionPlan:
        """Strategy discussion on `start`, enquiry concluded two working days later, initial conference on day 14."""
        sd = self.strategy(start)
        enquiry = sd.enquiry
        self.enquiry_outcome(enquiry, CALENDAR.add_working_days(start, 2))
        icpc_day = CALENDAR.add_working_days(start, 14)
        conference = self.arrange(ConferenceKind.INITIAL, icpc_day, enquiry=enquiry)
        held = self.hold(conference, icpc_day)
        assert held.plan is not None
        return held.plan


@pytest.fixture
def harms(db: Any) -> None:
    harm_taxonomy_sync()


@pytest.fixture
def journey(world: World, harms: None) -> Journey:
    world.health_visitor.is_registered_health_professional = True
    world.health_visitor.save()
    child = world.allocated_child
    episode = CaseEpisodeFactory(
        child=child,
        started_on=timezone.localdate() - timedelta(days=400),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY,
        tier=EpisodeTier.FAMILY_HELP,
    )
    return Journey(world=world, child=child, episode=episode)


@pytest.fixture
def start() -> date:
    """A working day about seven months ago: the journey's strategy discussion."""
    return working_day_on_or_before(timezone.localdate() - timedelta(days=220))
