"""The carers a looked-after child lives with are named in the single assessment, from the placement record, each with
their role and their views (issue 18, item 8; M13, M21): the assessments app reads them through core/carers.py,
never importing children in care. A child not looked after is offered none; a carer not the child's saves nothing;
a named carer without views stops the assessment being authorised."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.assessments import services
from joinedup.assessments.errors import AssessmentError
from joinedup.assessments.models import AssessmentCarer, SingleAssessment
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.children_in_care import services as care
from joinedup.children_in_care.models import Placement
from joinedup.core.carers import CarerRole, carers_of
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def _started(world: World) -> SingleAssessment:
    referral = referral_made(world, child=world.allocated_child, on=date(2027, 1, 4))
    return services.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 20), worker=world.social_worker
    )


def _looked_after(world: World) -> Placement:
    care.looked_after_start(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=care.LookedAfterStart(
            started_on=date(2027, 2, 1),
            legal_status="C2",
            category_of_need="N1",
            placement=care.PlacementDetails(
                placement_type="U6",
                provider="PR1",
                carer_given_name="Margaret",
                carer_family_name="Holloway",
                postcode="LS6 2AB",
                is_in_authority=True,
            ),
            care_plan_due_on=date(2027, 2, 1),
            independent_reviewing_officer_id=PractitionerFactory(role=Role.INDEPENDENT_REVIEWING_OFFICER).pk,
        ),
    )
    return Placement.objects.get(child=world.allocated_child, ended_on__isnull=True)


def test_the_assessment_names_the_placements_carers_and_records_each_ones_views(
    world: World, today: date, client_for: Any
) -> None:
    assessment = _started(world)
    placement = _looked_after(world)
    key = f"person-{placement.carer_id}"
    client = client_for("social_worker")
    url = f"/assessments/{assessment.pk}/record/"
    page = client.get(url).content.decode()
    assert "Margaret Holloway (foster carer): their views" in page
    assert f'name="carer_{key}"' in page

    response = client.post(url, {f"carer_{key}": "Ellie settles well; she worries about contact with Mum."})
    assert response.status_code == 302
    carer = AssessmentCarer.objects.get(assessment=assessment)
    assert (carer.name, carer.carer_role, carer.person_id, carer.practitioner_id) == (
        "Margaret Holloway",
        CarerRole.FOSTER_CARER,
        placement.carer_id,
        None,
    )
    assert carer.views == "Ellie settles well; she worries about contact with Mum."
    assessment.refresh_from_db()
    assert assessment.lives_with_foster_carers_or_residential_staff
    # Shown again, pre-filled, when the social worker comes back to the assessment.
    assert "Ellie settles well; she worries about contact with Mum." in client.get(url).content.decode()


def test_a_named_carer_without_views_stops_authorisation(world: World, today: date) -> None:
    assessment = _started(world)
    placement = _looked_after(world)
    key = f"person-{placement.carer_id}"
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(named_carers_views={key: ""}),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )
    missing = services.assessment_missing(assessment)
    assert [e.code for e in missing.errors[f"carer_{key}"]] == [AssessmentError.CARERS_VIEWS_REQUIRED]
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(named_carers_views={key: "Margaret says Ellie is eating well now."}),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )
    assert f"carer_{key}" not in services.assessment_missing(assessment).errors
    assert "carers_views" not in services.assessment_missing(assessment).errors


def test_a_residential_care_worker_who_uses_joinedup_is_named_as_that_practitioner(world: World, today: date) -> None:
    assessment = _started(world)
    worker = PractitionerFactory(role=Role.RESIDENTIAL_CARE_WORKER, given_name="Sam", family_name="Reid")
    _looked_after(world)
    Placement.objects.filter(child=world.allocated_child).update(carer_practitioner=worker)
    key = f"practitioner-{worker.pk}"
    assert key in {c.key for c in carers_of(child=world.allocated_child)}
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(named_carers_views={key: "Sam says Ellie is calmer at bedtime."}),
        factor_codes=["16A"],
        harm_codes=["neglect"],
    )
    carer = AssessmentCarer.objects.get(key=key)
    assert (carer.practitioner_id, carer.carer_role) == (worker.pk, CarerRole.RESIDENTIAL_CARE_WORKER)


def test_a_child_not_looked_after_is_offered_no_carers(world: World, today: date, client_for: Any) -> None:
    assessment = _started(world)
    assert carers_of(child=world.allocated_child) == []
    page = client_for("social_worker").get(f"/assessments/{assessment.pk}/record/").content.decode()
    assert 'name="carer_' not in page


def test_a_carer_not_the_childs_is_refused_and_nothing_is_saved(world: World, today: date) -> None:
    assessment = _started(world)
    _looked_after(world)
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_record(
            actor=world.user("social_worker"),
            assessment=assessment,
            details=complete_details(named_carers_views={"person-424242": "Not their carer."}),
            factor_codes=["16A"],
            harm_codes=["neglect"],
        )
    assert exc.value.error_dict["carers"][0].code == AssessmentError.NOT_THE_CHILDS_CARER
    assessment.refresh_from_db()
    assert not AssessmentCarer.objects.exists() and assessment.parents_views == ""
