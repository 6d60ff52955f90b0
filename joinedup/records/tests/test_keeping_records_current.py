"""Keeping a person's record current (issue 20, M2 and M3): changing a child's or a family member's details, with
each change audited before and after and a reason for a name, date of birth or NHS number; ending a relationship or
someone living with the child with a date; a move of address, the old one kept with its dates; the history of changes
a manager reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.people.codes import Disability, Ethnicity, ImmigrationStatus, RelationshipType, Sex
from joinedup.people.factories import ChildFactory, PersonFactory
from joinedup.people.models import HouseholdMember, Person, Relationship
from joinedup.people.selectors import address_history, child_family_network
from joinedup.records import selectors, services
from joinedup.records.services import (
    PERSON_EDITABLE_FIELDS,
    child_details_of,
    person_details_of,
)

pytestmark = pytest.mark.django_db

VALID_NHS = "9434765919"


def _child_details(child: Person) -> tuple[services.PersonDetails, services.ChildDetails]:
    fresh = Person.objects.select_related("child_profile").get(pk=child.pk)
    return person_details_of(fresh), child_details_of(fresh.child_profile)


def _field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_correction_of_ethnicity_is_audited_with_before_and_after_and_needs_no_reason(world: World) -> None:
    child = world.allocated_child
    details, profile = _child_details(child)
    details.ethnicity = Ethnicity.BAFR
    with assert_audit_events(("updated", "people.person")) as events:
        services.person_update(actor=world.user("social_worker"), person=child, details=details, child=profile)
    (event,) = events
    assert (event.child_id, event.changed_fields, event.reason) == (child.pk, ["ethnicity"], "")
    assert (event.history.before, event.history.after) == ({"ethnicity": "NOBT"}, {"ethnicity": "BAFR"})
    assert Person.objects.get(pk=child.pk).ethnicity == Ethnicity.BAFR


def test_an_nhs_number_changed_without_a_reason_is_refused_and_nothing_is_saved(world: World) -> None:
    child = world.allocated_child
    details, _ = _child_details(child)
    details.nhs_number = VALID_NHS
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=world.user("social_worker"), person=child, details=details)
    assert _field_errors(exc) == {
        "reason": ["Enter why you are changing the person's name, date of birth or NHS number"]
    }
    assert Person.objects.get(pk=child.pk).nhs_number is None
    assert AuditEvent.objects.count() == events_before

    with assert_audit_events(("updated", "people.person")) as events:
        services.person_update(
            actor=world.user("social_worker"), person=child, details=details, reason="The GP gave the right number"
        )
    assert events[0].reason == "The GP gave the right number"
    assert events[0].history.after == {"nhs_number": VALID_NHS}


@pytest.mark.parametrize("field", ["given_name", "family_name", "date_of_birth"])
def test_every_identity_field_needs_a_reason(world: World, field: str) -> None:
    details, _ = _child_details(world.allocated_child)
    setattr(details, field, date(2016, 4, 1) if field == "date_of_birth" else "Changed")
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=world.user("social_worker"), person=world.allocated_child, details=details)
    assert list(_field_errors(exc)) == ["reason"]


def test_an_nhs_number_that_fails_its_check_digit_is_refused(world: World) -> None:
    details, _ = _child_details(world.allocated_child)
    details.nhs_number = "9434765918"
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=world.user("social_worker"), person=world.allocated_child, details=details, reason="Typed wrongly"
        )
    assert _field_errors(exc) == {"nhs_number": ["Enter a valid NHS number: 10 digits, like 485 777 3456"]}


def test_someone_who_may_not_change_the_child_is_refused(world: World) -> None:
    details, _ = _child_details(world.allocated_child)
    details.ethnicity = Ethnicity.WBRI
    for user in ("other_team_worker", "school_dsl", "analyst"):
        with pytest.raises(NotFoundOrNotPermitted):
            services.person_update(actor=world.user(user), person=world.allocated_child, details=details)
    assert Person.objects.get(pk=world.allocated_child.pk).ethnicity == Ethnicity.NOBT


def test_every_field_of_m2_is_changed_and_audited_before_and_after(world: World) -> None:
    child = world.allocated_child
    details, profile = _child_details(child)
    changed = replace(
        details,
        given_name="Elle",
        known_as="Ellie",
        date_of_birth=date(2016, 3, 28),
        sex=Sex.FEMALE if child.sex != Sex.FEMALE else Sex.UNKNOWN,
        gender="Girl",
        nhs_number=VALID_NHS,
        ethnicity=Ethnicity.MWBA,
        first_language="Somali",
        interpreter_needed=True,
        religion="Muslim",
        immigration_status=ImmigrationStatus.UNACCOMPANIED_ASYLUM_SEEKING,
        is_young_parent=True,
        address="4 Low Lane, Leeds",
        postcode="ls6 1aa",
        disabilities=[Disability.HEAR, Disability.AUT],
    )
    new_profile = replace(
        profile,
        upn="A123456789012",
        uln="1234567890",
        special_educational_needs="ehc_plan",
        school_id=world.other_school.pk,
    )
    with assert_audit_events(("updated", "people.person"), ("updated", "people.childprofile")) as events:
        services.person_update(
            actor=world.user("social_worker"), person=child, details=changed, child=new_profile, reason="Checked"
        )
    person_event, profile_event = events
    expected = set(PERSON_EDITABLE_FIELDS) - {"lgbtqia_identity_shared", "family_name"} | {"disabilities"}
    assert set(person_event.changed_fields) == expected
    assert person_event.history.after["disabilities"] == ["AUT", "HEAR"]
    assert person_event.history.after["postcode"] == "LS6 1AA"
    assert set(profile_event.changed_fields) == {"upn", "uln", "special_educational_needs", "school_id"}
    assert profile_event.history.before["school_id"] == world.school.pk
    saved = Person.objects.select_related("child_profile").get(pk=child.pk)
    assert (saved.child_profile.uln, saved.immigration_status, saved.is_young_parent) == ("1234567890", "uasc", True)
    assert saved.given_name_key == "elle"  # the matching keys follow the name


def test_a_uln_and_an_upn_are_checked(world: World) -> None:
    details, profile = _child_details(world.allocated_child)
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=world.user("social_worker"),
            person=world.allocated_child,
            details=details,
            child=replace(profile, uln="12345", upn="123"),
        )
    assert set(_field_errors(exc)) == {"uln", "upn"}


def _family(world: World) -> tuple[Person, Person, Person]:
    """Ellie lives with her mother at 22 Hawthorn Road; her father lives elsewhere."""
    child = world.allocated_child
    mother = PersonFactory(given_name="Dawn", family_name="Marsden", sex=Sex.FEMALE)
    father = PersonFactory(given_name="Lee", family_name="Marsden", sex=Sex.MALE)
    user = world.user("social_worker")
    for person, kind in ((mother, RelationshipType.MOTHER), (father, RelationshipType.FATHER)):
        services.relationship_add(
            actor=user, from_person=person, to_person=child, relationship_type=kind, has_parental_responsibility=True
        )
    services.household_create(
        actor=user,
        address="22 Hawthorn Road, Leeds",
        postcode="LS7 3QD",
        members=[mother, child],
        started_on=date(2020, 1, 6),
    )
    return child, mother, father


def test_a_family_members_details_are_changed_through_the_child_and_kept_in_the_childs_history(world: World) -> None:
    child, mother, _ = _family(world)
    mother.refresh_from_db()  # the household gave her its address
    details = person_details_of(mother)
    details.lgbtqia_identity_shared = "Lesbian"
    details.first_language = "Polish"
    with assert_audit_events(("updated", "people.person")) as events:
        services.person_update(actor=world.user("social_worker"), person=mother, details=details, for_child=child)
    assert events[0].child_id == child.pk
    assert set(events[0].changed_fields) == {"lgbtqia_identity_shared", "first_language"}
    # Not through a child, or through a child they are not related to: refused.
    with pytest.raises(NotFoundOrNotPermitted):
        services.person_update(actor=world.user("social_worker"), person=mother, details=details)
    stranger = ChildFactory()
    with pytest.raises(NotFoundOrNotPermitted):
        services.person_update(actor=world.user("front_door"), person=mother, details=details, for_child=stranger)


def test_a_corrected_address_is_the_households(world: World) -> None:
    child, mother, _ = _family(world)
    details, profile = _child_details(child)
    details.address = "22 Hawthorne Road, Leeds"
    services.person_update(actor=world.user("social_worker"), person=child, details=details, child=profile)
    assert Person.objects.get(pk=mother.pk).address == "22 Hawthorne Road, Leeds"
    assert [a.address for a in address_history(person=child)] == ["22 Hawthorne Road, Leeds"]


def test_ending_a_relationship_keeps_it_with_its_date_and_takes_it_out_of_the_current_network(world: World) -> None:
    child, _, father = _family(world)
    relationship = Relationship.objects.get(from_person=father, to_person=child)
    yesterday = timezone.localdate() - timedelta(days=1)
    with assert_audit_events(("updated", "people.relationship")) as events:
        services.relationship_end(actor=world.user("social_worker"), relationship=relationship, ended_on=yesterday)
    assert events[0].history.after == {"ended_on": yesterday.isoformat()}
    assert Relationship.objects.get(pk=relationship.pk).ended_on == yesterday
    assert father.pk not in {m.person.pk for m in child_family_network(child=child)}
    with pytest.raises(ValidationError):  # already ended
        services.relationship_end(actor=world.user("social_worker"), relationship=relationship, ended_on=yesterday)


def test_a_relationship_cannot_end_in_the_future_before_it_started_or_by_someone_who_may_not(world: World) -> None:
    child, mother, _ = _family(world)
    relationship = Relationship.objects.get(from_person=mother, to_person=child)
    Relationship.objects.filter(pk=relationship.pk).update(started_on=date(2024, 5, 1))
    relationship.refresh_from_db()
    user = world.user("social_worker")
    for ended_on, message in (
        (timezone.localdate() + timedelta(days=1), "The date it ended must be today or in the past"),
        (date(2024, 4, 30), "The date it ended must be on or after the date it started (1 May 2024)"),
        (None, "Enter the date it ended"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.relationship_end(actor=user, relationship=relationship, ended_on=ended_on)
        assert _field_errors(exc) == {"ended_on": [message]}
    with pytest.raises(NotFoundOrNotPermitted):
        services.relationship_end(
            actor=world.user("other_team_worker"), relationship=relationship, ended_on=date(2025, 1, 1)
        )
    assert Relationship.objects.get(pk=relationship.pk).ended_on is None


def test_someone_moving_out_is_recorded_with_a_date_and_where_they_went(world: World) -> None:
    child, mother, _ = _family(world)
    moved = timezone.localdate() - timedelta(days=3)
    with assert_audit_events(
        ("updated", "people.householdmember"), ("created", "people.household"), ("updated", "people.person")
    ) as events:
        services.household_leave(
            actor=world.user("social_worker"),
            child=child,
            person=mother,
            ended_on=moved,
            new_address="9 Kirkstall Road, Leeds",
            new_postcode="ls3 1hs",
        )
    assert {e.child_id for e in events} == {child.pk}
    network = {m.person.pk: m for m in child_family_network(child=child)}
    assert network[mother.pk].lives_with_child is False  # still her mother
    assert [(a.address, a.ended_on) for a in address_history(person=mother)] == [
        ("9 Kirkstall Road, Leeds", None),
        ("22 Hawthorn Road, Leeds", moved),
    ]
    assert Person.objects.get(pk=mother.pk).postcode == "LS3 1HS"
    with pytest.raises(ValidationError):  # no longer lives with the child
        services.household_leave(actor=world.user("social_worker"), child=child, person=mother, ended_on=moved)


def test_a_move_of_address_keeps_the_old_one_with_its_dates(world: World) -> None:
    child, mother, father = _family(world)
    moved = timezone.localdate() - timedelta(days=10)
    services.household_move(
        actor=world.user("social_worker"),
        child=child,
        people=[mother],
        address="3 Beech Grove, Leeds",
        postcode="LS8 2AB",
        moved_on=moved,
    )
    for person in (child, mother):
        assert [(a.address, a.started_on, a.ended_on) for a in address_history(person=person)] == [
            ("3 Beech Grove, Leeds", moved, None),
            ("22 Hawthorn Road, Leeds", date(2020, 1, 6), moved),
        ]
        assert Person.objects.get(pk=person.pk).postcode == "LS8 2AB"
    # Someone not living with the child cannot be moved with them; nor can a move be dated in the future.
    with pytest.raises(ValidationError) as exc:
        services.household_move(
            actor=world.user("social_worker"),
            child=child,
            people=[father],
            address="x",
            postcode="LS1 4AP",
            moved_on=moved,
        )
    assert list(_field_errors(exc)) == ["people"]
    with pytest.raises(ValidationError) as exc:
        services.household_move(
            actor=world.user("social_worker"),
            child=child,
            people=[],
            address="",
            postcode="nowhere",
            moved_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(_field_errors(exc)) == {"address", "postcode", "moved_on"}


def test_a_child_with_an_address_but_no_household_keeps_it_when_they_move(world: World) -> None:
    child = world.allocated_child
    Person.objects.filter(pk=child.pk).update(address="1 Old Street, Leeds", postcode="LS2 7AA")
    child.refresh_from_db()
    moved = timezone.localdate() - timedelta(days=1)
    services.household_move(
        actor=world.user("social_worker"),
        child=child,
        people=[],
        address="2 New Street",
        postcode="LS2 7AB",
        moved_on=moved,
    )
    assert [(a.address, a.ended_on) for a in address_history(person=child)] == [
        ("2 New Street", None),
        ("1 Old Street, Leeds", moved),
    ]
    assert HouseholdMember.objects.filter(person=child).count() == 2


def test_a_manager_reads_the_history_of_changes_in_plain_words_with_the_reason(world: World) -> None:
    child, _, father = _family(world)
    details, profile = _child_details(child)
    details.ethnicity = Ethnicity.BCRB
    details.nhs_number = VALID_NHS
    services.person_update(
        actor=world.user("social_worker"), person=child, details=details, child=profile, reason="From the GP"
    )
    services.relationship_end(
        actor=world.user("social_worker"),
        relationship=Relationship.objects.get(from_person=father),
        ended_on=timezone.localdate(),
    )
    _, changes = selectors.child_change_history(actor=world.user("team_manager"), child_id=child.pk)
    ended, corrected = changes[:2]  # the newest two (the father's relationship set the father status before)
    assert ended.what == "Lee Marsden: father"
    assert [(f.label, f.after) for f in ended.changes] == [("Ended", timezone.localdate().strftime("%-d %B %Y"))]
    assert corrected.who == world.social_worker.full_name and corrected.reason == "From the GP"
    assert corrected.what == "Ellie Marsden's details"
    assert {(f.label, f.before, f.after) for f in corrected.changes} == {
        ("NHS number", "Not recorded", "943 476 5919"),
        ("Ethnicity", "Information not yet obtained", "Black Caribbean"),
    }
    with pytest.raises(NotFoundOrNotPermitted):  # a social worker does not read it
        selectors.child_change_history(actor=world.user("social_worker"), child_id=child.pk)
