"""Test helpers: a referral made through the front door's own services on a given day (so the single_assessment
clock starts from the referral date, as in life), and a complete assessment's details."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.core.voice import ChildVoice
from joinedup.front_door import services as front_door
from joinedup.front_door.codes import Consent, ContactChannel, DecisionOutcome, FamilyAwareness, Urgency
from joinedup.front_door.models import Referral
from joinedup.people.models import Person

from .services import AssessmentDetails

UK = ZoneInfo("Europe/London")


def front_door_manager(world: Any) -> Practitioner:
    existing = Practitioner.objects.filter(user__username="mash.manager").first()
    if existing is not None:
        return existing
    manager: Practitioner = PractitionerFactory(  # type: ignore[assignment]
        user__username="mash.manager",
        role=Role.TEAM_MANAGER,
        organisation=world.local_authority,
        team=world.front_door_team,
    )
    world.front_door_team.manager = manager
    world.front_door_team.save()
    return manager


def referral_made(
    world: Any,
    *,
    child: Person,
    on: date,
    harm_codes: list[str] | None = None,
    outcome: str = DecisionOutcome.FAMILY_HELP,
    raised_by: str = "front_door",
) -> Referral:
    """A concern about `child` reaches the front door on `on`, which confirms the child, decides (Family Help by
    default) and its manager signs off the same day: the referral and its single_assessment clock."""
    manager = front_door_manager(world)
    with time_machine.travel(datetime.combine(on, time(10, 0), tzinfo=UK), tick=False):
        profile = getattr(child, "child_profile", None)
        unborn = bool(profile is not None and profile.is_unborn)
        received = front_door.contact_receive(
            actor=world.user(raised_by),
            channel=ContactChannel.PHONE if raised_by == "front_door" else ContactChannel.PARTNER_PORTAL,
            child=front_door.ChildAsDescribed(
                given_name=child.given_name,
                family_name=child.family_name,
                date_of_birth=None if unborn else child.date_of_birth,
                is_unborn=unborn,
                expected_date_of_delivery=profile.expected_date_of_delivery if unborn and profile else None,
            ),
            concern=front_door.ConcernDetails(
                what_happened="The family asked the school for help: the children are often late and hungry.",
                childs_words="I get my brother ready because Mum is too tired.",
                family_aware=FamilyAwareness.AWARE,
                family_knows="Mum asked for help.",
                consent=Consent.GIVEN,
                urgency=Urgency.STANDARD,
                immediate_danger=False,
                harm_codes=harm_codes or ["neglect"],
            ),
            source="2A" if raised_by == "front_door" else "",
        )
        contact = received.contact
        front_door.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=child.pk)
        contact.refresh_from_db()
        decision = front_door.contact_decision_record(
            actor=world.user("front_door"),
            contact=contact,
            outcome=outcome,
            rationale="Needs are clear and the family wants help.",
            feedback_to_referrer="An assessment will start.",
            harm_codes=harm_codes or ["neglect"],
            voice=ChildVoice(words="I want it to stop."),
        )
        signed = front_door.contact_decision_sign_off(actor=manager.user, decision=decision, agree=True)
    assert signed.referral is not None
    return signed.referral


def complete_details(**overrides: Any) -> AssessmentDetails:
    details = AssessmentDetails(
        child_seen_on=date(2027, 1, 12),
        child_seen_alone=True,
        childs_wishes_and_feelings="I want Mum to be less tired and for us to have breakfast.",
        direct_work="Three sessions with the child using the three houses tool.",
        parents_views="Mum says she is exhausted since her shifts changed and wants help with mornings.",
        fathers_views="Dad lives nearby, sees the children at weekends and wants to help with school runs.",
        analysis="Neglect of routines from parental exhaustion; strong wider family; Family Help would help.",
        outcome="family_help",
        outcome_rationale="Needs met best by Family Help with the school leading.",
        primary_need="N1",
    )
    for name, value in overrides.items():
        setattr(details, name, value)
    return details
