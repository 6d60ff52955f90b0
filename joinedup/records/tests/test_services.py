"""People services: validation, duplicates, audit, no half-saved records, relationships, merging."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.access.factories import InvolvementFactory
from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.people.codes import FatherStatus, RelationshipType, Sex
from joinedup.people.errors import PeopleError
from joinedup.people.factories import PersonFactory
from joinedup.people.models import ChildProfile, Person, Relationship
from joinedup.records import services
from joinedup.records.services import ChildDetails, PersonDetails

pytestmark = pytest.mark.django_db
TOMORROW = object()  # a date of birth of tomorrow, worked out when the test runs


def codes(exc: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in exc.error_dict.items()}


def a_child(**overrides: Any) -> tuple[PersonDetails, ChildDetails]:
    person = PersonDetails(
        given_name="Amara",
        family_name="Campbell",
        date_of_birth=date(2018, 4, 9),
        sex=Sex.FEMALE,
        nhs_number="943 476 5919",
    )
    child = ChildDetails(father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="Mother has not said")
    for key, value in overrides.items():
        setattr(person if hasattr(person, key) else child, key, value)
    return person, child


def test_child_create_records_the_child_and_audits_it(world: World) -> None:
    person, child = a_child()
    with assert_audit_events(("created", "people.person"), ("created", "people.childprofile")) as events:
        created = services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert created.nhs_number == "9434765919"
    assert created.child_profile.father_status == FatherStatus.NOT_KNOWN
    assert all(e.child_id == created.pk and e.actor == world.user("front_door") for e in events)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number", PeopleError.INVALID_NHS_NUMBER),
        ({"date_of_birth": TOMORROW}, "date_of_birth", PeopleError.DATE_IN_FUTURE),
        ({"date_of_birth": date(1890, 1, 1)}, "date_of_birth", PeopleError.DATE_TOO_EARLY),
        (
            {"is_unborn": True, "date_of_birth": None},
            "expected_date_of_delivery",
            PeopleError.UNBORN_NEEDS_EXPECTED_DATE,
        ),
        ({"father_status": ""}, "father_status", PeopleError.FATHER_STATUS_REQUIRED),
        ({"father_not_known_reason": ""}, "father_not_known_reason", PeopleError.FATHER_REASON_REQUIRED),
        ({"upn": "A12345678901X"}, "upn", PeopleError.INVALID_UPN),
        ({"family_name": "  "}, "family_name", PeopleError.FAMILY_NAME_REQUIRED),
        ({"postcode": "NOT A POSTCODE"}, "postcode", PeopleError.INVALID_POSTCODE),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_nothing_saved(
    world: World, overrides: dict[str, Any], field: str, code: str
) -> None:
    # Tomorrow as the test runs, not as it was collected: a run that crossed midnight made it today.
    overrides = {k: timezone.localdate() + timedelta(days=1) if v is TOMORROW else v for k, v in overrides.items()}
    person, child = a_child(**overrides)
    before = Person.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert code in codes(exc.value)[field]
    assert Person.objects.count() == before


def test_oversized_fields_are_refused_and_nothing_saved(world: World) -> None:
    person, child = a_child(family_name="x" * 101)
    before = Person.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert "family_name" in exc.value.error_dict
    assert Person.objects.count() == before


def test_a_failure_after_the_person_is_written_rolls_everything_back(world: World) -> None:
    # A profile that fails validation (reason over 500 characters) after the person row is written.
    person, child = a_child(father_not_known_reason="x" * 501)
    before_people, before_profiles = Person.objects.count(), ChildProfile.objects.count()
    with pytest.raises(ValidationError):
        services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert (Person.objects.count(), ChildProfile.objects.count()) == (before_people, before_profiles)


def test_unborn_child_is_linked_to_the_pregnant_person(world: World) -> None:
    mother = PersonFactory(given_name="Jade", family_name="Shaw")
    edd = timezone.localdate() + timedelta(weeks=12)
    person, child = a_child(
        is_unborn=True, date_of_birth=None, expected_date_of_delivery=edd, pregnant_person_id=mother.pk, nhs_number=""
    )
    unborn = services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert unborn.child_profile.is_unborn
    assert unborn.sex == Sex.UNKNOWN
    assert Relationship.objects.get(to_person=unborn).from_person == mother


def test_unborn_child_cannot_have_a_date_of_birth(world: World) -> None:
    person, child = a_child(is_unborn=True, expected_date_of_delivery=timezone.localdate() + timedelta(weeks=8))
    with pytest.raises(ValidationError) as exc:
        services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert PeopleError.UNBORN_HAS_DATE_OF_BIRTH in codes(exc.value)["date_of_birth"]


def test_the_same_child_submitted_twice_is_caught(world: World) -> None:
    person, child = a_child()
    services.child_create(actor=world.user("front_door"), details=person, child=child)
    person, child = a_child()
    with pytest.raises(ValidationError) as exc:
        services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert PeopleError.DUPLICATE_NHS_NUMBER in codes(exc.value)["nhs_number"]
    person, child = a_child(nhs_number="")
    with pytest.raises(ValidationError) as exc:
        services.child_create(actor=world.user("front_door"), details=person, child=child)
    assert PeopleError.POSSIBLE_DUPLICATE in codes(exc.value)["__all__"]
    assert Person.objects.filter(family_name="Campbell").count() == 1


def test_a_practitioner_who_reviewed_the_matches_can_still_add_a_different_child(world: World) -> None:
    person, child = a_child()
    services.child_create(actor=world.user("front_door"), details=person, child=child)
    person, child = a_child(nhs_number="", date_of_birth=date(2018, 4, 10))
    services.child_create(actor=world.user("front_door"), details=person, child=child, matches_reviewed=True)
    assert Person.objects.filter(family_name="Campbell").count() == 2


def test_partners_cannot_create_people(world: World) -> None:
    person, child = a_child()
    with pytest.raises(NotFoundOrNotPermitted):
        services.child_create(actor=world.user("school_dsl"), details=person, child=child)


def test_adding_a_father_records_the_father_status(world: World) -> None:
    father = PersonFactory(given_name="Marcus", family_name="Campbell", sex=Sex.MALE)
    child = world.allocated_child
    with assert_audit_events(("created", "people.relationship"), ("updated", "people.childprofile")):
        services.relationship_add(
            actor=world.user("social_worker"),
            from_person=father,
            to_person=child,
            relationship_type=RelationshipType.FATHER,
            has_parental_responsibility=True,
        )
    child.child_profile.refresh_from_db()
    assert child.child_profile.father_status == FatherStatus.RECORDED


def test_relationships_need_access_to_the_child(world: World) -> None:
    father = PersonFactory(sex=Sex.MALE)
    with pytest.raises(NotFoundOrNotPermitted):
        services.relationship_add(
            actor=world.user("other_team_worker"),
            from_person=father,
            to_person=world.allocated_child,
            relationship_type=RelationshipType.FATHER,
        )
    assert not Relationship.objects.exists()


def test_person_update_keeps_history_of_changed_fields(world: World) -> None:
    child = world.allocated_child
    details = PersonDetails(
        given_name=child.given_name, family_name="Marsden-Shaw", date_of_birth=child.date_of_birth, sex=child.sex
    )
    with assert_audit_events(("updated", "people.person")) as events:
        services.person_update(
            actor=world.user("social_worker"), person=child, details=details, reason="Name changed by deed poll"
        )
    event = events[0]
    assert "family_name" in event.changed_fields
    assert event.reason == "Name changed by deed poll"
    assert event.history.before["family_name"] == "Marsden"
    assert event.history.after["family_name"] == "Marsden-Shaw"
    assert Person.objects.get(pk=child.pk).family_name_key == "marsden shaw"


def test_household_gives_members_its_address(world: World) -> None:
    mother = PersonFactory()
    with assert_audit_events(("created", "people.household"), ("updated", "people.person")) as events:
        household = services.household_create(
            actor=world.user("social_worker"),
            address="12 Stonegate Road",
            postcode="ls6 2ab",
            members=[mother, world.allocated_child],
        )
    assert (events[1].child_id, events[1].changed_fields) == (world.allocated_child.pk, ["household"])
    assert household.postcode == "LS6 2AB"
    assert Person.objects.get(pk=world.allocated_child.pk).postcode == "LS6 2AB"


def test_merging_keeps_both_histories(world: World) -> None:
    keep = world.allocated_child
    duplicate = Person.objects.get(
        pk=services.child_create(
            actor=world.user("front_door"),
            details=PersonDetails(
                given_name="Elly", family_name="Marsden", date_of_birth=date(2016, 3, 27), nhs_number="4010232137"
            ),
            child=ChildDetails(father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="unknown"),
            matches_reviewed=True,
        ).pk
    )
    mother = PersonFactory(given_name="Jade", family_name="Marsden")
    services.relationship_add(
        actor=world.user("front_door"),
        from_person=mother,
        to_person=duplicate,
        relationship_type=RelationshipType.MOTHER,
    )
    with assert_audit_events(("merged", "people.person"), ("merged", "people.person")):
        services.person_merge(actor=world.user("front_door"), keep=keep, duplicate=duplicate)
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.nhs_number == "4010232137"
    assert Relationship.objects.filter(from_person=mother, to_person=keep).exists()
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_merge_needs_the_merge_permission(world: World) -> None:
    other = PersonFactory()
    with pytest.raises(NotFoundOrNotPermitted):
        services.person_merge(actor=world.user("social_worker"), keep=world.allocated_child, duplicate=other)


def _looked_after(world: World, child: Person, started_on: date) -> Any:
    from joinedup.children_in_care import services as care
    from joinedup.children_in_care.tests.conftest import foster_placement

    return care.looked_after_start(
        actor=world.user("social_worker"),
        child=child,
        details=care.LookedAfterStart(
            started_on=started_on,
            legal_status="C2",
            category_of_need="N1",
            placement=foster_placement(),
            care_plan_due_on=started_on,
            independent_reviewing_officer_id=world.iro.pk,
        ),
    )


def _duplicate_of_the_allocated_child(world: World) -> Person:
    duplicate = Person.objects.get(
        pk=services.child_create(
            actor=world.user("front_door"),
            details=PersonDetails(given_name="Elly", family_name="Marsden", date_of_birth=date(2016, 3, 27)),
            child=ChildDetails(father_status=FatherStatus.NOT_KNOWN, father_not_known_reason="unknown"),
            matches_reviewed=True,
        ).pk
    )
    from joinedup.access.models import Involvement

    allocation = Involvement.objects.filter(child=world.allocated_child).first()
    assert allocation is not None
    InvolvementFactory(
        child=duplicate,
        practitioner=allocation.practitioner,
        role=allocation.role,
        started_on=allocation.started_on,
    )
    return duplicate


def test_merging_moves_every_record_of_the_duplicate_care_and_clocks_included(world: World) -> None:
    today = timezone.localdate()
    from joinedup.children_in_care.models import PeriodOfCare, Placement
    from joinedup.timescales.models import Deadline

    keep = world.allocated_child
    duplicate = _duplicate_of_the_allocated_child(world)
    period = _looked_after(world, duplicate, today - timedelta(days=30))
    clocks = Deadline.objects.filter(child=duplicate).count()
    assert clocks > 0

    services.person_merge(actor=world.user("front_door"), keep=keep, duplicate=duplicate)

    assert PeriodOfCare.objects.get(pk=period.pk).child_id == keep.pk
    assert Placement.objects.filter(child=keep).count() == 1
    assert Deadline.objects.filter(child=keep).count() == clocks  # the worker's worklist follows the child
    assert not Deadline.objects.filter(child=duplicate).exists()
    assert not Placement.objects.filter(child=duplicate).exists()


def test_a_merge_that_would_give_one_child_two_open_care_periods_is_refused_whole(world: World) -> None:
    today = timezone.localdate()
    from joinedup.children_in_care.models import PeriodOfCare

    keep = world.allocated_child
    duplicate = _duplicate_of_the_allocated_child(world)
    _looked_after(world, keep, today - timedelta(days=40))
    _looked_after(world, duplicate, today - timedelta(days=30))
    duplicate_relationships = Relationship.objects.filter(to_person=duplicate).count()

    with pytest.raises(ValidationError) as refused:
        services.person_merge(actor=world.user("front_door"), keep=keep, duplicate=duplicate)

    assert refused.value.error_dict["duplicate"][0].code == PeopleError.MERGE_CONFLICT
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None  # nothing half-merged
    assert PeriodOfCare.objects.filter(child=duplicate).count() == 1
    assert Relationship.objects.filter(to_person=duplicate).count() == duplicate_relationships
