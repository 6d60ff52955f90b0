"""Decisions (M12): recorded with rationale and what the referrer is told, signed off by a front door manager who
did not make them, on time or with a reason; the referrer told (feedback deadline); a referral opens the child's
episode of need or joins it, with re-referrals counted; a strategy discussion starts its own clock."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from joinedup.agencies.models import Practitioner
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import EpisodeTier, TransitionKind, TransitionReason
from joinedup.episodes.models import CaseEpisode, EpisodeTransition
from joinedup.episodes.services import episode_history_record
from joinedup.front_door import services
from joinedup.front_door.codes import ContactChannel, ContactStatus, FeedbackMethod, SignOff
from joinedup.front_door.models import Contact, ContactDecision, Referral, ReferrerFeedback
from joinedup.timescales.models import Deadline

from .conftest import TODAY, RaiseConcern, child_described, concern_details

pytestmark = pytest.mark.django_db


def confirmed(world: World, contact: Contact) -> Contact:
    return services.contact_child_confirm(
        actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
    )


def decide(world: World, contact: Contact, outcome: str = "family_help", **kwargs: Any) -> ContactDecision:
    kwargs.setdefault("rationale", "Physical injury with a disclosure; family under stress; needs targeted help.")
    kwargs.setdefault("feedback_to_referrer", "Family Help will contact the family this week.")
    kwargs.setdefault("harm_codes", ["physical_abuse", "domestic_abuse"])
    kwargs.setdefault("voice", ChildVoice(words="I want it to stop."))
    return services.contact_decision_record(actor=world.user("front_door"), contact=contact, outcome=outcome, **kwargs)


def clock(rule_code: str, subject: str) -> Deadline:
    return Deadline.objects.get(rule_code=rule_code, subject_key=subject)


def test_family_help_signed_off_opens_an_episode_and_tells_the_school(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner, django_capture_on_commit_callbacks: Any
) -> None:
    contact = confirmed(world, raise_concern())
    decision = decide(world, contact)
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.AWAITING_SIGN_OFF
    assert sorted(decision.harms.values_list("code", flat=True)) == ["domestic_abuse", "physical_abuse"]
    with django_capture_on_commit_callbacks(execute=True):
        signed = services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert signed.decision.sign_off == SignOff.AGREED and signed.decision.signed_off_by == mash_manager.user
    assert clock("contact_decision", f"front_door.contact:{contact.pk}").met_on == TODAY
    referral = signed.referral
    assert referral is not None and referral.referral_date == contact.received_on and not referral.is_re_referral
    episode = referral.case_episode
    assert (episode.child, episode.tier, episode.started_on) == (world.allocated_child, EpisodeTier.FAMILY_HELP, TODAY)
    assert clock("single_assessment", f"front_door.referral:{referral.pk}").started_on == TODAY
    # The referrer raised it in the portal: they are told there at once, which meets the feedback clock.
    feedback = ReferrerFeedback.objects.get(contact=contact)
    assert feedback.method == FeedbackMethod.PORTAL
    assert clock("referrer_feedback", f"front_door.contactdecision:{decision.pk}").met_on == TODAY
    assert [m.to for m in mail.outbox] == [[world.school_dsl.email]]
    assert contact.reference in mail.outbox[0].body and "Ellie" not in mail.outbox[0].body


def test_only_a_front_door_manager_who_did_not_decide_signs_off(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    contact = confirmed(world, raise_concern())
    decision = decide(world, contact)
    for user in (world.user("front_door"), world.user("team_manager"), world.user("school_dsl")):
        with pytest.raises(NotFoundOrNotPermitted):
            services.contact_decision_sign_off(actor=user, decision=decision, agree=True)
    own = confirmed(world, raise_concern())
    own_decision = services.contact_decision_record(
        actor=mash_manager.user, contact=own, outcome="no_further_action", rationale="r", feedback_to_referrer="f",
        harm_codes=[], voice=ChildVoice(words="I want it to stop."),
    )  # fmt: skip
    with pytest.raises(NotFoundOrNotPermitted):
        services.contact_decision_sign_off(actor=mash_manager.user, decision=own_decision, agree=True)


def test_a_returned_decision_needs_a_comment_and_goes_back(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    contact = confirmed(world, raise_concern())
    decision = decide(world, contact, outcome="universal_services")
    with pytest.raises(ValidationError):
        services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=False)
    services.contact_decision_sign_off(
        actor=mash_manager.user, decision=decision, agree=False, comment="The disclosure needs a strategy discussion."
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_DECISION
    assert ContactDecision.objects.get(pk=decision.pk).sign_off == SignOff.RETURNED
    assert Deadline.objects.get(rule_code="contact_decision").met_on is None


def test_a_late_decision_needs_a_reason(world: World, raise_concern: RaiseConcern, mash_manager: Practitioner) -> None:
    contact = confirmed(world, raise_concern())
    decision = decide(world, contact)
    with time_machine.travel("2027-01-18 10:00:00+00:00", tick=False):
        with pytest.raises(ValidationError) as caught:
            services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
        assert caught.value.error_dict["late_reason"][0].code == "late_reason_required"
        services.contact_decision_sign_off(
            actor=mash_manager.user, decision=decision, agree=True, late_reason="Waiting for police checks."
        )
    met = Deadline.objects.get(rule_code="contact_decision")
    assert met.met_on == date(2027, 1, 18) and met.late_reason == "Waiting for police checks."


def test_decisions_that_need_the_child_or_the_harms_say_so(world: World, raise_concern: RaiseConcern) -> None:
    contact = raise_concern()
    with pytest.raises(ValidationError) as caught:
        decide(world, contact, outcome="strategy_discussion", harm_codes=[], rationale="", feedback_to_referrer="")
    assert {name: {e.code for e in errs} for name, errs in caught.value.error_dict.items()} == {
        "outcome": {"child_not_identified_yet"},
        "harms": {"decision_harms_required"},
        "rationale": {"rationale_required"},
        "feedback_to_referrer": {"feedback_to_referrer_required"},
    }
    assert not ContactDecision.objects.exists()
    decide(world, contact, outcome="no_further_action", harm_codes=[])  # no child needed to decide nothing more


def test_a_second_referral_within_12_months_is_a_re_referral_and_steps_the_episode_up(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    first = confirmed(world, raise_concern())
    services.contact_decision_sign_off(actor=mash_manager.user, decision=decide(world, first), agree=True)
    second = confirmed(
        world, raise_concern(concern=concern_details(immediate_danger=True, urgency="urgent"), idempotency_key="b")
    )
    decision = decide(world, second, outcome="strategy_discussion")
    signed = services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    assert signed.referral is not None and signed.referral.is_re_referral
    assert CaseEpisode.objects.count() == 1
    assert signed.referral.case_episode.tier == EpisodeTier.CHILD_PROTECTION
    # The episode's history: opened by the first referral, stepped up by the second, each as its sign-off.
    assert [
        (t.kind, t.from_tier, t.to_tier, t.reason, t.decided_by_id, t.decided_as, t.source_type)
        for t in EpisodeTransition.objects.filter(episode=signed.referral.case_episode).order_by("id")
    ] == [
        (
            TransitionKind.OPENED,
            "",
            EpisodeTier.FAMILY_HELP,
            TransitionReason.REFERRAL,
            mash_manager.user.pk,
            "front_door.contact_decision_sign_off",
            "front_door.contactdecision",
        ),
        (
            TransitionKind.STEPPED_UP,
            EpisodeTier.FAMILY_HELP,
            EpisodeTier.CHILD_PROTECTION,
            TransitionReason.REFERRAL,
            mash_manager.user.pk,
            "front_door.contact_decision_sign_off",
            "front_door.contactdecision",
        ),
    ]
    strategy = clock("strategy_discussion", f"front_door.contactdecision:{decision.pk}")
    assert (strategy.interval, strategy.due_on) == ("immediate_danger", TODAY)  # the same day: immediate danger
    assert Referral.objects.count() == 2


def test_the_front_door_records_telling_a_caller_the_outcome(
    world: World, today: date, mash_manager: Practitioner
) -> None:
    contact = services.contact_receive(
        actor=world.user("front_door"), channel=ContactChannel.PHONE, child=child_described(world),
        concern=concern_details(), source="1A",
    ).contact  # fmt: skip
    confirmed(world, contact)
    decision = decide(world, contact, outcome="universal_services")
    services.contact_decision_sign_off(actor=mash_manager.user, decision=decision, agree=True)
    assert not ReferrerFeedback.objects.exists()  # not raised in the portal: the front door tells them
    assert clock("referrer_feedback", f"front_door.contactdecision:{decision.pk}").met_on is None
    services.contact_feedback_record(
        actor=world.user("front_door"), contact=contact, method=FeedbackMethod.PHONE, given_on=TODAY, note="Told gran"
    )
    assert clock("referrer_feedback", f"front_door.contactdecision:{decision.pk}").met_on == TODAY
    with pytest.raises(ValidationError):
        services.contact_feedback_record(
            actor=world.user("front_door"), contact=contact, method=FeedbackMethod.PHONE, given_on=TODAY
        )


def test_a_referral_within_12_months_of_an_episode_brought_in_from_another_system_is_a_re_referral(
    world: World, raise_concern: RaiseConcern, mash_manager: Practitioner
) -> None:
    """History brought in (ADR 0028) has the episode of need and its referral date, not the contact: the re-referral
    check reads the episode too."""
    brought_in = episode_history_record(
        child=world.allocated_child,
        started_on=date(2026, 3, 2),
        referral_source="2A",
        primary_need_code="N4",
        moves=[(date(2026, 3, 2), "family_help")],
        closed_on=date(2026, 6, 30),
        closure_reason="RC7",
        decided_as="imports.import_legacy",
    )
    assert not Referral.objects.filter(child=world.allocated_child).exists()
    contact = confirmed(world, raise_concern())
    signed = services.contact_decision_sign_off(actor=mash_manager.user, decision=decide(world, contact), agree=True)
    assert signed.referral is not None and signed.referral.is_re_referral
    assert signed.referral.case_episode != brought_in  # the closed episode stays closed; a new one opened
