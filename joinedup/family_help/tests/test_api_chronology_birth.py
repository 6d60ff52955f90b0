"""The API (scoped, paginated, every record with its id), the chronology source, and birth: the unborn child's
record becomes the child's record without losing anything (M16)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.assessments import services as assessments
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.testing import referral_made
from joinedup.chronology.registry import gather
from joinedup.core.chronology import Period
from joinedup.core.tests.personas import World
from joinedup.family_help import services
from joinedup.people.factories import ChildFactory, PersonFactory, RelationshipFactory
from joinedup.people.models import Person, Relationship
from joinedup.timescales.models import Deadline

from .builders import agreed_plan, open_case


def test_the_family_help_api_lists_only_what_the_caller_may_read(world: World, today: date, client_for: Any) -> None:
    case = open_case(world)
    agreed_plan(world, case)
    listed = client_for("school_dsl").get("/api/v1/family-help-cases/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == case.pk and "next" in listed
    assert client_for("other_school_dsl").get("/api/v1/family-help-cases/").json()["count"] == 0
    detail = client_for("school_dsl").get(f"/api/v1/family-help-cases/{case.pk}/").json()
    assert detail["case"]["lead_practitioner"] == world.school_dsl.pk
    assert detail["goals"][0]["actions"][0]["owner"] == "Mrs Patel, school"
    assert client_for("other_school_dsl").get(f"/api/v1/family-help-cases/{case.pk}/").status_code == 404
    assessments_api = f"/api/v1/children/{world.allocated_child.pk}/assessments/"
    rows = client_for("social_worker").get(assessments_api).json()["results"]
    assert rows[0]["factors"] == ["16A"] and rows[0]["outcome"] == "family_help"
    assert rows[0]["primary_need"] == "N1"  # the CIN census primary need the assessment recorded
    assert client_for("school_dsl").get(assessments_api).status_code == 404


def test_the_chronology_shows_assessment_and_family_help_events(world: World, today: date) -> None:
    case = open_case(world)
    agreed_plan(world, case)
    services.step_up_to_child_protection(
        actor=world.user("social_worker"), family_help_case=case, on=date(2027, 3, 1), reason="Disclosure"
    )
    gathered = gather(children=[world.allocated_child.pk], user=world.user("social_worker"), period=Period())
    titles = {e.title for e in gathered.entries}
    assert {
        "Single assessment started",
        "Assessment authorised",
        "Family Help opened",
        "Family plan agreed",
        "Stepped up to child protection",
    } <= titles


def test_after_the_birth_the_unborn_record_is_the_childs_record_with_everything_kept(world: World, today: date) -> None:
    mother = PersonFactory(given_name="Amira", family_name="Haddad")
    unborn = ChildFactory(
        given_name="",
        family_name="Haddad",
        date_of_birth=None,
        sex="U",
        profile__is_unborn=True,
        profile__expected_date_of_delivery=date(2027, 3, 20),
        profile__pregnant_person=mother,
    )
    RelationshipFactory(from_person=mother, to_person=unborn, relationship_type="expectant_parent")
    InvolvementFactory(
        practitioner=world.social_worker,
        child=unborn,
        team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=date(2026, 12, 1),
    )
    referral = referral_made(world, child=unborn, on=date(2027, 1, 4))
    assessment = assessments.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 5)
    )
    deadlines_before = set(Deadline.objects.filter(child=unborn).values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        assessments.unborn_child_birth_record(
            actor=world.user("social_worker"),
            child=unborn,
            date_of_birth=date(2027, 3, 20),
            given_name="Layla",
            sex="F",
        )
    born = assessments.unborn_child_birth_record(
        actor=world.user("social_worker"), child=unborn, date_of_birth=date(2027, 3, 12), given_name="Layla", sex="F"
    )
    person = Person.objects.select_related("child_profile").get(pk=unborn.pk)
    assert born.pk == person.pk and person.given_name == "Layla" and person.date_of_birth == date(2027, 3, 12)
    assert not person.child_profile.is_unborn
    assert person.child_profile.expected_date_of_delivery == date(2027, 3, 20)
    assert person.child_profile.pregnant_person == mother
    assert SingleAssessment.objects.get(pk=assessment.pk).child_id == person.pk
    assert set(Deadline.objects.filter(child=person).values_list("pk", flat=True)) == deadlines_before
    assert Involvement.objects.filter(child=person, practitioner=world.social_worker).exists()
    assert Relationship.objects.filter(from_person=mother, to_person=person).exists()
    with pytest.raises(ValidationError) as exc:
        assessments.unborn_child_birth_record(
            actor=world.user("social_worker"), child=person, date_of_birth=date(2027, 3, 12), given_name="", sex="F"
        )
    assert "date_of_birth" in exc.value.message_dict
