"""The strategy discussion (M17, M14): who took part, what was shared and decided, its clock, and with the outcome
"section 47" the enquiry, its clocks and the step-up of the family's Family Help and episode of need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.core.carers import ChildsCarer
from joinedup.core.errors import FieldErrors
from joinedup.core.voice import ChildVoice
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import TransitionReason
from joinedup.episodes.models import CaseEpisode
from joinedup.family_help.services import family_help_step_up_for_decision
from joinedup.harms.models import HarmType
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.services import prompt_answers_record, prompts_asked

from ..codes import Agency, StrategyOutcome
from ..errors import ChildProtectionError as E
from ..models import Section47Enquiry, StrategyAction, StrategyDiscussion, StrategyParticipant
from ._common import carers_are_the_childs, clock_start, clocks_meet, is_unborn, not_in_future, open_episode, require
from .involvement import involve, involvements_end_with_the_work
from .pre_birth import start_pre_birth


@dataclass
class Participant:
    agency: str
    practitioner: Practitioner | None = None
    name: str = ""
    is_experienced_health_representative: bool = False
    carer: ChildsCarer | None = None
    # The form's field that marked them experienced, for an error about it (M14); the first of health's otherwise.
    field: str = "health_is_experienced"


def carer_participant(carer: ChildsCarer) -> Participant:
    """A carer the child lives with, taking part with their role whether or not they use JoinedUp (M21)."""
    return Participant(Agency.OTHER, name=carer.name, carer=carer)


@dataclass
class ActionDetails:
    action: str
    owner: Practitioner | None
    due_on: date | None


@dataclass
class StrategyDetails:
    reasonable_cause_on: date
    held_on: date
    harms: list[HarmType]
    participants: list[Participant]
    information_shared: str
    decisions: str
    outcome: str
    immediate_danger: bool = False
    actions: list[ActionDetails] = field(default_factory=list)
    outcome_reason: str = ""
    lead_practitioner: Practitioner | None = None
    late_reason: str = ""
    # The child's wishes and feelings, or why they could not be obtained: required (M26), checked with the rest.
    voice: ChildVoice = field(default_factory=ChildVoice)
    # The answers to the practice prompts asked of this child here, by prompt id (M32): a required one must be given.
    prompt_answers: dict[int, str] = field(default_factory=dict)


REQUIRED_AGENCIES = {
    Agency.LOCAL_AUTHORITY: ("la_participant", "Add who took part from the local authority"),
    Agency.POLICE: ("police_participant", "Add who took part from the police"),
    Agency.HEALTH: ("health_participant", "Add who took part from health"),
}


def is_sexual_abuse(harm: HarmType) -> bool:
    return (
        harm.cin_category_of_abuse == "SAB"
        or harm.code == "sexual_abuse"
        or (harm.parent is not None and harm.parent.code == "sexual_abuse")
    )


def strategy_discussion_record(*, actor: Any, child: Person, details: StrategyDetails) -> StrategyDiscussion:
    """Record a strategy discussion: its clock runs from the decision that there is reasonable cause to suspect
    significant harm. With the outcome "section 47", the enquiry starts and with it the initial conference clock
    (15 working days from this discussion)."""
    require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    not_in_future(errors, "held_on", details.held_on, "The date of the strategy discussion")
    not_in_future(errors, "reasonable_cause_on", details.reasonable_cause_on, "The date of the decision")
    if details.held_on < details.reasonable_cause_on:
        errors.add(
            "held_on", "The strategy discussion must be on or after the decision that called it", E.HELD_BEFORE_CAUSE
        )
    if not details.harms:
        errors.add("harms", "Select the concerns discussed", E.REQUIRED)
    agencies = {p.agency for p in details.participants}
    for agency, (name, message) in REQUIRED_AGENCIES.items():
        if agency not in agencies:
            errors.add(name, message, E.AGENCY_MISSING)
    for p in details.participants:
        if p.is_experienced_health_representative and p.agency != Agency.HEALTH:
            errors.add(
                p.field,
                f"Only someone from health can be the experienced health representative: "
                f"{p.name or (p.practitioner.full_name if p.practitioner else 'this person')} is not",
                E.EXPERIENCED_NOT_HEALTH,
            )
    if any(is_sexual_abuse(h) for h in details.harms) and not any(
        p.agency == Agency.HEALTH and p.is_experienced_health_representative for p in details.participants
    ):
        errors.add(
            "health_is_experienced",
            "Sexual abuse is among the concerns: an experienced health representative must take part",
            E.CSA_HEALTH_REPRESENTATIVE_REQUIRED,
        )
    carers_are_the_childs(errors, child, [p.carer for p in details.participants if p.carer is not None], "carers")
    if not details.information_shared.strip():
        errors.add("information_shared", "Enter the information shared", E.REQUIRED)
    if not details.decisions.strip():
        errors.add("decisions", "Enter the decisions made", E.REQUIRED)
    for number, a in enumerate(details.actions, start=1):
        if a.action.strip() and a.due_on is None:
            errors.add(f"action_{number}_due_on", f"Enter the date action {number} is due by", E.REQUIRED)
    voice = details.voice.check(errors)
    asked = prompts_asked(moment=PromptMoment.STRATEGY_DISCUSSION, children=[child])
    answers = asked.check(details.prompt_answers, errors)
    errors.raise_if_any()
    me = practitioner_of(actor)
    with transaction.atomic(), auditor.audit_last():
        episode = open_episode(child)
        discussion = StrategyDiscussion.objects.create(
            episode=episode,
            child=child,
            reasonable_cause_on=details.reasonable_cause_on,
            immediate_danger=details.immediate_danger,
            held_on=details.held_on,
            information_shared=details.information_shared.strip(),
            decisions=details.decisions.strip(),
            outcome=details.outcome,
            outcome_reason=details.outcome_reason.strip(),
            recorded_by=me,
            **voice.as_fields(),
        )
        discussion.harms.set(details.harms)
        StrategyParticipant.objects.bulk_create(
            [
                StrategyParticipant(
                    discussion=discussion,
                    practitioner_id=_practitioner_id(p),
                    name=p.name or (p.practitioner.full_name if p.practitioner else ""),
                    agency=p.agency,
                    is_experienced_health_representative=p.is_experienced_health_representative,
                    person_id=p.carer.person_id if p.carer else None,
                    carer_role=p.carer.role if p.carer else "",
                )
                for p in details.participants
            ]
        )
        StrategyAction.objects.bulk_create(
            [
                StrategyAction(discussion=discussion, action=a.action.strip(), owner=a.owner, due_on=a.due_on)
                for a in details.actions
                if a.action.strip() and a.due_on is not None
            ]
        )
        auditor.record_created(actor=actor, obj=discussion, child_id=child.pk)
        prompt_answers_record(actor=actor, asked=asked, record=discussion, answers=answers)
        for p in details.participants:
            if p.practitioner is not None and p.carer is None:
                involve(actor, child, p.practitioner, details.held_on)
        clock_start(
            actor,
            "strategy_discussion",
            child,
            discussion,
            details.reasonable_cause_on,
            "immediate_danger" if details.immediate_danger else None,
        )
        clocks_meet(actor, child, ["strategy_discussion"], [discussion], details.held_on, details.late_reason)
        if details.outcome == StrategyOutcome.SECTION_47:
            lead = details.lead_practitioner or me
            enquiry = Section47Enquiry.objects.create(
                episode=episode,
                child=child,
                strategy_discussion=discussion,
                started_on=details.held_on,
                lead_practitioner=lead,
            )
            auditor.record_created(actor=actor, obj=enquiry, child_id=child.pk)
            if lead is not None:
                involve(actor, child, lead, details.held_on, InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER)
            if is_unborn(child):
                # The concern is known in pregnancy: the conference is the pre-birth conference, due by the week of
                # pregnancy the rule gives (counted back from the expected date of delivery), from today on.
                start_pre_birth(actor, child, enquiry, details.held_on)
            else:
                clock_start(actor, "initial_child_protection_conference", child, enquiry, details.held_on)
            clock_start(actor, "section_47_outcome", child, enquiry, details.held_on)
            _step_up(
                episodes.Decision(actor, "child_protection.strategy_discussion_record", discussion),
                episode,
                details.held_on,
            )
        else:
            involvements_end_with_the_work(actor=actor, child=child)
    return discussion


def _practitioner_id(p: Participant) -> int | None:
    if p.practitioner is not None:
        return p.practitioner.pk
    return p.carer.practitioner_id if p.carer is not None else None


def _step_up(decision: episodes.Decision, episode: CaseEpisode, on: date) -> None:
    """A family in Family Help steps up to child protection in the same episode (family_help.services records it;
    the Family Help case and its lead practitioner continue alongside, and the episode moves to the child protection
    tier). It runs as the strategy discussion's decision: whoever may record the discussion (RECORD_CHILD_PROTECTION,
    checked once by strategy_discussion_record) steps the family up, without a Family Help permission of their own."""
    family_help_step_up_for_decision(
        decision=decision,
        episode=episode,
        on=on,
        reason="Strategy discussion: section 47 enquiry",
        why=TransitionReason.SECTION_47,
    )
