"""The child's voice at the family plan (M26; issue 18): one answer for each child the plan covers, their own words
or why they could not be obtained, required for each; shown on the family's record; each child's case summary gives
their own words and never a brother's or sister's."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.family_help import services
from joinedup.family_help.factories import FamilyHelpCaseFactory, FamilyPlanFactory
from joinedup.family_help.models import FamilyHelpCase, FamilyPlan, FamilyPlanChildVoice, PlanGoal
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline

from .builders import open_case, plan_prompt_answers

ELDEST_WORDS = "I want Dad to come to my football on Saturdays."
BROTHER_WORDS = "I don't like it when Mum cries in the morning."


def counts() -> tuple[int, int, int, int, int]:
    return (
        FamilyPlan.objects.count(),
        PlanGoal.objects.count(),
        FamilyPlanChildVoice.objects.count(),
        Deadline.objects.filter(rule_code="family_help_review").count(),
        AuditEvent.objects.filter(action="created").count(),
    )


@pytest.fixture
def brother(world: World) -> Person:
    ollie = ChildFactory(given_name="Ollie", family_name="Marsden", date_of_birth=date(2019, 9, 1))
    InvolvementFactory(
        practitioner=world.social_worker,
        child=ollie,
        team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=date(2027, 1, 4),
    )
    return ollie


@pytest.fixture
def case(world: World, today: date, brother: Person) -> FamilyHelpCase:
    return open_case(world, siblings=[brother])


def plan_post(case: FamilyHelpCase, **answers: str) -> dict[str, str]:
    return {
        "agreed_on_0": "8",
        "agreed_on_1": "3",
        "agreed_on_2": "2027",
        "family_words": "Calmer mornings.",
        "goal_1": "Mornings are calm",
        **{f"prompt_{pk}": text for pk, text in plan_prompt_answers(case).items()},
        **answers,
    }


def test_the_form_asks_each_child_by_name(world: World, case: FamilyHelpCase, brother: Person, client_for: Any) -> None:
    html = unescape(client_for("social_worker").get(f"/family-help/{case.pk}/plan/").content.decode())
    for child in (world.allocated_child, brother):
        assert f"{child.display_name}'s wishes and feelings, in their own words" in html
        assert f'name="child_voice_words_{child.pk}"' in html
        assert f'name="child_voice_not_obtained_{child.pk}"' in html


def test_without_one_childs_words_or_reason_the_plan_is_refused_and_nothing_is_saved(
    world: World, case: FamilyHelpCase, brother: Person, client_for: Any
) -> None:
    before = counts()
    response = client_for("social_worker").post(
        f"/family-help/{case.pk}/plan/",
        plan_post(case, **{f"child_voice_words_{world.allocated_child.pk}": ELDEST_WORDS}),
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "govuk-error-summary" in html and f'href="#id_child_voice_words_{brother.pk}"' in html
    assert (
        f"Enter {brother.display_name}'s wishes and feelings in their own words, or select why they could not be "
        "obtained" in html
    )
    assert f'href="#id_child_voice_words_{world.allocated_child.pk}"' not in html
    assert counts() == before


def test_each_siblings_words_are_on_the_plan_and_only_their_own_on_their_summary(
    world: World, case: FamilyHelpCase, brother: Person, client_for: Any
) -> None:
    client = client_for("social_worker")
    eldest = world.allocated_child
    response = client.post(
        f"/family-help/{case.pk}/plan/",
        plan_post(
            case,
            **{f"child_voice_words_{eldest.pk}": ELDEST_WORDS, f"child_voice_words_{brother.pk}": BROTHER_WORDS},
        ),
    )
    assert response.status_code == 302
    voices = dict(FamilyPlanChildVoice.objects.values_list("child_id", "child_voice_words"))
    assert voices == {eldest.pk: ELDEST_WORDS, brother.pk: BROTHER_WORDS}
    record = unescape(client.get(f"/family-help/{case.pk}/").content.decode())
    assert f"In their own words: {ELDEST_WORDS}" in record and f"In their own words: {BROTHER_WORDS}" in record
    for child_id, theirs, a_siblings in (
        (eldest.pk, ELDEST_WORDS, BROTHER_WORDS),
        (brother.pk, BROTHER_WORDS, ELDEST_WORDS),
    ):
        summary = unescape(client.get(f"/children/{child_id}/case-summary/").content.decode())
        assert theirs in summary and "Family plan" in summary, child_id
        assert a_siblings not in summary, child_id


def test_the_api_returns_each_childs_own_voice_at_the_plan(
    world: World, case: FamilyHelpCase, brother: Person, client_for: Any
) -> None:
    services.family_plan_agree(
        actor=world.user("social_worker"),
        case=case,
        agreed_on=date(2027, 3, 8),
        family_words="",
        child_voices={
            world.allocated_child.pk: ChildVoice(words=ELDEST_WORDS),
            brother.pk: ChildVoice(not_obtained="declined", not_obtained_detail="Seen at school next week."),
        },
        goals=[services.GoalInput("Calm mornings")],
        prompt_answers=plan_prompt_answers(case),
    )
    detail = client_for("social_worker").get(f"/api/v1/family-help-cases/{case.pk}/").json()
    voices = {v["child"]: v for v in detail["child_voices"]}
    assert voices[world.allocated_child.pk]["child_voice_words"] == ELDEST_WORDS
    assert voices[brother.pk]["child_voice_words"] == ""
    assert voices[brother.pk]["child_voice_not_obtained"] == "declined"


def test_a_reason_is_shown_as_the_reason_for_that_child_alone(
    world: World, case: FamilyHelpCase, brother: Person, client_for: Any
) -> None:
    client = client_for("social_worker")
    eldest = world.allocated_child
    response = client.post(
        f"/family-help/{case.pk}/plan/",
        plan_post(
            case,
            **{
                f"child_voice_words_{eldest.pk}": ELDEST_WORDS,
                f"child_voice_not_obtained_{brother.pk}": "declined",
                f"child_voice_not_obtained_detail_{brother.pk}": "Ollie did not want to talk today; seen at school.",
            },
        ),
    )
    assert response.status_code == 302
    record = unescape(client.get(f"/family-help/{case.pk}/").content.decode())
    assert f"{brother.display_name}'s wishes and feelings" in record
    assert "Not obtained: Declined to share them" in record and "Ollie did not want to talk today" in record
    summary = unescape(client.get(f"/children/{brother.pk}/case-summary/").content.decode())
    assert ELDEST_WORDS not in summary and "Ollie did not want to talk" not in summary


def test_the_service_refuses_a_voice_for_a_child_the_plan_does_not_cover(world: World, case: FamilyHelpCase) -> None:
    stranger = ChildFactory()
    before = counts()
    voices = {m.child_id: ChildVoice(words="Yes.") for m in case.children.all()}
    with pytest.raises(ValidationError) as exc:
        services.family_plan_agree(
            actor=world.user("social_worker"),
            case=case,
            agreed_on=date(2027, 3, 8),
            family_words="",
            child_voices={**voices, stranger.pk: ChildVoice(words="Not my family.")},
            goals=[services.GoalInput("Calm mornings")],
            prompt_answers=plan_prompt_answers(case),
        )
    assert exc.value.message_dict["child_voice_words"] == [
        "Give the wishes and feelings only of the children it covers"
    ]
    assert counts() == before


BEFORE = [("family_help", "0002_case_episode_in_episodes_app")]
AFTER = [("family_help", "0003_family_plan_voice_per_child")]


def test_the_migration_gives_a_one_child_plans_words_to_the_child_and_keeps_a_shared_plans_as_they_were(
    transactional_db: Any, every_app_migrated_afterwards: None, world: World, brother: Person
) -> None:
    alone = FamilyHelpCaseFactory(child=world.allocated_child)
    together = FamilyHelpCaseFactory(child=ChildFactory(), siblings=[brother])
    said = FamilyPlanFactory(case=alone)
    shared = FamilyPlanFactory(case=together)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # the plans as they stood, with one "what the child wants" each
    old = executor.loader.project_state(BEFORE).apps.get_model("family_help", "FamilyPlan")
    old.objects.filter(pk=said.pk).update(childs_words="I want to have friends round.")
    old.objects.filter(pk=shared.pk).update(childs_words="We want to stay together.")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    voice = FamilyPlanChildVoice.objects.get()
    assert (voice.plan_id, voice.child_id, voice.child_voice_words) == (
        said.pk,
        world.allocated_child.pk,
        "I want to have friends round.",
    )
    said.refresh_from_db()
    shared.refresh_from_db()
    assert said.childs_words == "" and shared.childs_words == "We want to stay together."
