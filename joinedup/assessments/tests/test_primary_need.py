"""The primary need (CIN census PrimaryNeedCode) is recorded on the assessment: a code from the census list, needed
before the assessment is authorised, kept and audited like the other findings."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from joinedup.assessments import services
from joinedup.assessments.codes import PrimaryNeed
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.targeting import prompts_for_child

pytestmark = pytest.mark.django_db


def _started(world: World) -> SingleAssessment:
    referral = referral_made(world, child=world.allocated_child, on=date(2027, 1, 4))
    assessment = services.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 6), worker=world.social_worker
    )
    services.assessment_prompts_answer(
        actor=world.user("social_worker"),
        assessment=assessment,
        answers={
            p.pk: "Considered with the family."
            for p in prompts_for_child(child=assessment.child, moment=PromptMoment.ASSESSMENT)
        },
    )
    return assessment


def _record(world: World, assessment: SingleAssessment, primary_need: str) -> None:
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(primary_need=primary_need),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )


def test_given_the_census_code_list_when_offered_then_it_is_n1_to_n9_without_n0() -> None:
    assert PrimaryNeed.values == [f"N{i}" for i in range(1, 10)]


def test_given_no_primary_need_when_the_manager_authorises_then_it_is_refused_and_nothing_changes(
    world: World, today: date
) -> None:
    assessment = _started(world)
    _record(world, assessment, "")
    with pytest.raises(ValidationError) as caught:
        services.single_assessment_authorise(
            actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 2, 1)
        )
    assert "primary_need" in caught.value.error_dict
    assessment.refresh_from_db()
    assert assessment.status == "in_progress" and assessment.completed_on is None


def test_given_a_code_not_in_the_list_when_recorded_then_it_is_refused(world: World, today: date) -> None:
    assessment = _started(world)
    with pytest.raises(ValidationError) as caught:
        _record(world, assessment, "N0")
    assert [e.code for e in caught.value.error_dict["primary_need"]] == ["primary_need_required"]
    assessment.refresh_from_db()
    assert assessment.primary_need == ""


def test_given_a_primary_need_when_recorded_and_authorised_then_it_is_kept_and_audited(
    world: World, today: date
) -> None:
    assessment = _started(world)
    _record(world, assessment, "N4")
    services.single_assessment_authorise(
        actor=world.user("team_manager"), assessment=assessment, authorised_on=date(2027, 2, 1)
    )
    assessment.refresh_from_db()
    assert assessment.primary_need == "N4" and assessment.status == "authorised"
    changed = [e.changed_fields for e in AuditEvent.objects.filter(object_id=str(assessment.pk), action="updated")]
    assert any("primary_need" in fields for fields in changed)
