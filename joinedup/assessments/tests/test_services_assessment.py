"""The single assessment (M13), its 45-working-day clock from the referral date, the child sexual abuse rule (M14),
and authorising an incomplete assessment (nothing half-saved)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.agencies.factories import PractitionerFactory
from joinedup.assessments import services
from joinedup.assessments.codes import AssessmentKind, AssessmentStatus
from joinedup.assessments.models import AssessmentFactorIdentified, SingleAssessment
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.audit.models import AuditEvent
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import ClosureReason, TransitionKind, TransitionReason
from joinedup.episodes.models import CaseEpisode, EpisodeTransition
from joinedup.front_door.models import Referral
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child
from joinedup.timescales.engine import due_date
from joinedup.timescales.models import Deadline

REFERRAL_DAY = date(2027, 1, 4)


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code for e in errors] for name, errors in exc.error_dict.items()}  # type: ignore[misc]


def _started(world: World, *, on: date = date(2027, 1, 20), **kw: Any) -> SingleAssessment:
    referral = referral_made(world, child=world.allocated_child, on=REFERRAL_DAY, **kw)
    return services.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=on, worker=world.social_worker
    )


def _answer_prompts(world: World, assessment: SingleAssessment) -> None:
    prompts = prompts_for_child(child=assessment.child, moment=PromptMoment.ASSESSMENT)
    services.assessment_prompts_answer(
        actor=world.user("social_worker"),
        assessment=assessment,
        answers={p.pk: f"Considered: {p.question[:40]}" for p in prompts},
    )


def _complete(world: World, assessment: SingleAssessment, *, factors: list[str] | None = None, **kw: Any) -> None:
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(**kw),
        factor_codes=factors or ["16A", "4B"],
        harm_codes=["neglect"],
    )
    _answer_prompts(world, assessment)


def test_given_a_referral_when_the_assessment_starts_later_then_it_is_due_45_working_days_from_the_referral_date(
    world: World, today: date
) -> None:
    assessment = _started(world, on=date(2027, 1, 20))
    assert assessment.referral_date == REFERRAL_DAY
    assert assessment.due_on == due_date("single_assessment", REFERRAL_DAY)
    assert assessment.due_on != due_date("single_assessment", date(2027, 1, 20))
    assert assessment.due_on == date(2027, 3, 8)  # 45 working days after Monday 4 January 2027
    clock = services.assessment_clock(assessment)
    assert clock is not None and clock.started_on == REFERRAL_DAY and clock.assignee_id == world.social_worker.pk


def test_given_a_complete_assessment_authorised_in_time_then_the_clock_is_met_without_a_reason(
    world: World, today: date
) -> None:
    assessment = _started(world)
    _complete(world, assessment)
    services.single_assessment_authorise(
        actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AUTHORISED and assessment.completed_on == date(2027, 3, 1)
    clock = services.assessment_clock(assessment)
    assert clock is not None and clock.met_on == date(2027, 3, 1) and clock.late_reason == ""


def test_given_an_assessment_past_its_due_date_when_authorised_without_a_reason_then_it_is_refused(
    world: World, today: date
) -> None:
    assessment = _started(world)
    _complete(world, assessment)
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 12)
        )
    assert _codes(exc.value) == {"late_reason": ["late_reason_required"]}
    services.single_assessment_authorise(
        actor=world.user("team_manager"),
        assessment=assessment,
        authorised_on=date(2027, 3, 12),
        late_reason="The father could only be seen after his return from working abroad.",
    )
    clock = services.assessment_clock(assessment)
    assert clock is not None and clock.met_on == date(2027, 3, 12)
    assert clock.late_reason.startswith("The father")
    assessment.refresh_from_db()
    assert assessment.late_reason.startswith("The father")


def test_given_an_incomplete_assessment_when_the_manager_authorises_then_every_gap_is_named_and_nothing_changes(
    world: World, today: date
) -> None:
    assessment = _started(world)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
        )
    codes = _codes(exc.value)
    assert codes["child_seen_on"] == ["child_not_seen"]
    assert codes["childs_wishes_and_feelings"] == ["wishes_and_feelings_required"]
    assert codes["fathers_views"] == ["fathers_views_required"]
    assert codes["factors"] == ["factors_required"]
    assert codes["outcome"] == ["outcome_required"]
    assert codes["prompts"] == ["prompts_unanswered"]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS and assessment.completed_on is None
    clock = services.assessment_clock(assessment)
    assert clock is not None and clock.met_on is None
    assert AuditEvent.objects.count() == events_before


def test_given_sexual_abuse_among_the_factors_then_the_assessment_cannot_be_authorised_without_a_health_representative(
    world: World, today: date
) -> None:
    assessment = _started(world, harm_codes=["sexual_abuse_in_the_family_setting"])
    _complete(world, assessment, factors=["19C"])
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
        )
    assert _codes(exc.value) == {"health_representative": ["health_representative_required"]}
    paediatrician = PractitionerFactory(
        role="gp", organisation=world.health_visiting, is_registered_health_professional=True
    )
    _complete(
        world,
        assessment,
        factors=["19C"],
        health_representative_id=paediatrician.pk,
        health_representative_contribution="Named doctor for safeguarding: examination findings and advice.",
    )
    services.single_assessment_authorise(
        actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AUTHORISED


def test_given_a_sexual_abuse_harm_without_the_factor_then_the_health_representative_is_still_required(
    world: World, today: date
) -> None:
    assessment = _started(world)
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(),
        factor_codes=["16A"],
        harm_codes=["cybergrooming"],
    )
    _answer_prompts(world, assessment)
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
        )
    assert "health_representative" in _codes(exc.value)


def test_a_health_representative_must_be_a_registered_health_professional(world: World, today: date) -> None:
    assessment = _started(world)
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_record(
            actor=world.user("social_worker"),
            assessment=assessment,
            details=complete_details(health_representative_id=world.police_officer.pk),
            factor_codes=["19C"],
            harm_codes=[],
        )
    assert _codes(exc.value) == {"health_representative": ["not_a_health_professional"]}
    assert not AssessmentFactorIdentified.objects.filter(assessment=assessment).exists()


def test_the_assessing_worker_cannot_authorise_and_a_partner_cannot_record(world: World, today: date) -> None:
    assessment = _started(world)
    _complete(world, assessment)
    with pytest.raises(NotFoundOrNotPermitted):
        services.single_assessment_authorise(
            actor=world.user("social_worker"), assessment=assessment, authorised_on=date(2027, 3, 1)
        )
    with pytest.raises(NotFoundOrNotPermitted):
        services.single_assessment_record(
            actor=world.user("school_dsl"),
            assessment=assessment,
            details=complete_details(),
            factor_codes=["16A"],
            harm_codes=[],
        )


def test_no_further_action_closes_the_episode_after_assessment(world: World, today: date) -> None:
    assessment = _started(world)
    _complete(world, assessment, outcome="no_further_action")
    services.single_assessment_authorise(
        actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
    )
    episode = assessment.case_episode
    episode.refresh_from_db()
    assert episode.closed_on == date(2027, 3, 1) and episode.closure_reason == ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA
    closed = EpisodeTransition.objects.get(episode=episode, kind=TransitionKind.CLOSED)
    assert (closed.reason, closed.decided_by_id, closed.decided_as, closed.source_id) == (
        TransitionReason.ASSESSMENT_NO_FURTHER_ACTION,
        world.user("team_manager").pk,
        "assessments.single_assessment_authorise",
        str(assessment.pk),
    )


def test_the_foster_carers_part_is_required_when_the_child_lives_with_them(world: World, today: date) -> None:
    assessment = _started(world)
    _complete(world, assessment, lives_with_foster_carers_or_residential_staff=True)
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 3, 1)
        )
    assert _codes(exc.value) == {"carers_views": ["carers_views_required"]}


def test_no_factors_cannot_be_chosen_with_factors(world: World, today: date) -> None:
    assessment = _started(world)
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_record(
            actor=world.user("social_worker"),
            assessment=assessment,
            details=complete_details(),
            factor_codes=["21", "16A"],
            harm_codes=[],
        )
    assert _codes(exc.value) == {"factors": ["no_factors_with_factors"]}


def test_older_children_are_asked_about_adultification_and_babies_about_professional_curiosity(
    world: World, today: date
) -> None:
    older = Person.objects.get(pk=world.allocated_child.pk)
    older.date_of_birth = date(2013, 6, 1)
    older_questions = [p.question for p in prompts_for_child(child=older, moment=PromptMoment.ASSESSMENT)]
    assert any("Adultification" in q for q in older_questions)
    assert not any("babies" in q.lower() for q in older_questions)
    older.date_of_birth = date(2026, 11, 1)
    baby_questions = [p.question for p in prompts_for_child(child=older, moment=PromptMoment.ASSESSMENT)]
    assert any("Professional curiosity" in q for q in baby_questions)
    assert not any("Adultification" in q for q in baby_questions)


def test_an_unborn_childs_assessment_is_a_pre_birth_assessment_timed_against_the_expected_date_of_delivery(
    world: World, today: date
) -> None:
    from joinedup.people.factories import ChildFactory

    unborn = ChildFactory(
        given_name="",
        family_name="Marsden",
        date_of_birth=None,
        profile__is_unborn=True,
        profile__expected_date_of_delivery=date(2027, 6, 20),
    )
    from joinedup.access.models import InvolvementRole

    InvolvementFactory(
        practitioner=world.social_worker,
        child=unborn,
        team=world.social_worker.team,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=date(2027, 1, 4),
    )
    referral = referral_made(world, child=unborn, on=date(2027, 1, 4))
    assessment = services.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 5)
    )
    assert assessment.kind == AssessmentKind.PRE_BIRTH
    assert assessment.expected_date_of_delivery == date(2027, 6, 20)
    assert assessment.pre_birth_conference_due_on == due_date(
        "pre_birth_conference", date(2027, 6, 20), interval="conference"
    )
    assert assessment.pre_birth_conference_due_on == date(2027, 4, 25)  # 32 weeks of pregnancy: EDD less 8 weeks
    assert Deadline.objects.filter(child=unborn, rule_code="single_assessment").count() == 1


def test_given_a_closed_episode_when_an_assessment_starts_or_is_authorised_after_it_closed_then_it_is_refused(
    world: World, today: date
) -> None:
    """Nothing is recorded in a case after it closes (CIN census rule 8565): the record refuses it."""
    assessment = _started(world, on=date(2027, 1, 20))
    _complete(world, assessment)
    CaseEpisode.objects.filter(pk=assessment.case_episode_id).update(
        closed_on=date(2027, 2, 1), closure_reason=ClosureReason.SERVICES_CEASED
    )
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 2, 2)
        )
    assert _codes(exc.value) == {"authorised_on": ["episode_closed"]}
    assert "closed on 1 February 2027" in exc.value.messages[0]
    services.single_assessment_authorise(
        actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 2, 1)
    )
    SingleAssessment.objects.filter(pk=assessment.pk).delete()
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_start(
            actor=world.user("social_worker"), referral=assessment.referral, started_on=date(2027, 2, 3)
        )
    assert _codes(exc.value) == {"started_on": ["episode_closed"]}


def test_given_an_assessment_in_progress_when_another_starts_in_the_same_episode_then_it_is_refused(
    world: World, today: date
) -> None:
    """One assessment at a time in an episode of need (CIN census query 8863Q)."""
    first = _started(world, on=date(2027, 1, 20))
    second = referral_made(world, child=world.allocated_child, on=date(2027, 1, 25))
    Referral.objects.filter(pk=second.pk).update(case_episode=first.case_episode)  # a new concern in the same case
    second.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_start(
            actor=world.user("social_worker"), referral=second, started_on=date(2027, 1, 26)
        )
    assert _codes(exc.value) == {"referral": ["another_assessment_in_progress"]}
    assert "started on 20 January 2027 is still in progress" in exc.value.messages[0]
    assert SingleAssessment.objects.filter(case_episode=first.case_episode).count() == 1
