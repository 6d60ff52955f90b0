"""Builders for Family Help tests: a referred child whose assessment says Family Help, and an open case led by the
school's designated safeguarding lead."""

from __future__ import annotations

from datetime import date

from joinedup.assessments import services as assessments
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.family_help import services
from joinedup.family_help.models import FamilyHelpCase, FamilyPlan
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child, prompts_for_children

REFERRAL_DAY = date(2027, 1, 4)


def authorised_assessment(world: World, child: Person | None = None) -> SingleAssessment:
    child = child or world.allocated_child
    referral = referral_made(world, child=child, on=REFERRAL_DAY)
    assessment = assessments.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 6), worker=world.social_worker
    )
    assessments.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )
    assessments.assessment_prompts_answer(
        actor=world.user("social_worker"),
        assessment=assessment,
        answers={
            p.pk: "Considered with the family." for p in prompts_for_child(child=child, moment=PromptMoment.ASSESSMENT)
        },
    )
    assessments.single_assessment_authorise(
        actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 2, 1)
    )
    assessment.refresh_from_db()
    return assessment


def open_case(world: World, *, siblings: list[Person] | None = None) -> FamilyHelpCase:
    assessment = authorised_assessment(world)
    return services.family_help_open(
        actor=world.user("social_worker"),
        episode=assessment.case_episode,
        lead_practitioner=world.school_dsl,
        opened_on=date(2027, 2, 2),
        siblings=siblings,
        assessment=assessment,
    )


def plan_prompt_answers(case: FamilyHelpCase) -> dict[int, str]:
    children = [m.child for m in case.children.select_related("child__child_profile")]
    return {
        p.pk: "Talked this through with Mum and Dad."
        for p in prompts_for_children(children=children, moment=PromptMoment.FAMILY_PLAN)
    }


def each_child_says(case: FamilyHelpCase, words: str = "I want breakfast at home.") -> dict[int, ChildVoice]:
    """Each child the case covers, heard at the plan: their words, the child's name in them so they differ."""
    members = case.children.filter(ended_on__isnull=True).select_related("child")
    return {m.child_id: ChildVoice(words=f"{m.child.given_name or 'Baby'}: {words}") for m in members}


def agreed_plan(
    world: World, case: FamilyHelpCase, actor: str = "school_dsl", on: date = date(2027, 2, 8)
) -> FamilyPlan:
    return services.family_plan_agree(
        actor=world.user(actor),
        case=case,
        agreed_on=on,
        family_words="We want calmer mornings and the children in school on time.",
        child_voices=each_child_says(case),
        goals=[
            services.GoalInput(
                goal="Mornings are calm and the children get to school on time",
                actions=[
                    services.ActionInput(
                        "Breakfast club place for both children", "Mrs Patel, school", date(2027, 2, 15)
                    ),
                    services.ActionInput("Dad does the school run on Mondays and Fridays", "Dad", date(2027, 2, 19)),
                ],
            )
        ],
        prompt_answers=plan_prompt_answers(case),
    )
