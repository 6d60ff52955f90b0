"""Changing an unborn child's expected date of delivery (a scan or the midwife moved it): the record, the pre-birth
assessment in progress and the pre-birth conference clock move together, each change in the record history; bad
dates are refused with nothing changed; only those who may change the child's record may do it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.assessments import services
from joinedup.assessments.errors import AssessmentError
from joinedup.assessments.testing import referral_made
from joinedup.audit.models import AuditEvent
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db

EXPECTED = date(2027, 6, 20)  # a Sunday: 32 weeks of pregnancy is Sunday 25 April 2027
LATER = date(2027, 7, 4)  # the scan moves it two weeks on: the conference is due by Sunday 9 May 2027


def unborn_with_work(world: World, today: date) -> tuple[Person, Deadline]:
    unborn = ChildFactory(
        given_name="",
        family_name="Okafor",
        date_of_birth=None,
        sex="U",
        profile__is_unborn=True,
        profile__expected_date_of_delivery=EXPECTED,
    )
    InvolvementFactory(
        practitioner=world.social_worker,
        child=unborn,
        team=world.team_a,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=today - timedelta(days=30),
    )
    referral = referral_made(world, child=unborn, on=today - timedelta(days=10))
    services.single_assessment_start(actor=world.user("social_worker"), referral=referral, started_on=today)
    clock = timescales.deadline_start(
        actor=world.user("social_worker"),
        rule_code="pre_birth_conference",
        child=unborn,
        subject="child_protection.section47enquiry:1",
        started_on=today,
        interval="conference",
        anchored_on=EXPECTED,
    )
    return unborn, clock


def test_given_a_new_expected_date_then_the_record_the_assessment_and_the_conference_clock_move_together(
    world: World, today: date
) -> None:
    unborn, clock = unborn_with_work(world, today)
    assert clock.due_on == date(2027, 4, 25)
    last_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    services.expected_date_of_delivery_change(
        actor=world.user("social_worker"), child=unborn, expected_date_of_delivery=LATER
    )
    unborn.refresh_from_db()
    assert unborn.child_profile.expected_date_of_delivery == LATER
    assessment = unborn.assessments.get()
    assert (assessment.expected_date_of_delivery, assessment.pre_birth_conference_due_on) == (LATER, date(2027, 5, 9))
    clock.refresh_from_db()
    assert (clock.started_on, clock.anchored_on, clock.due_on) == (today, LATER, date(2027, 5, 9))
    changed = AuditEvent.objects.filter(pk__gt=last_before, child_id=unborn.pk, action="updated")
    changed_records = {"people.childprofile", "assessments.singleassessment", "timescales.deadline"}
    assert {e.object_type for e in changed} == changed_records
    profile_change = changed.get(object_type="people.childprofile")
    assert (profile_change.history.before, profile_change.history.after) == (
        {"expected_date_of_delivery": "2027-06-20"},
        {"expected_date_of_delivery": "2027-07-04"},
    )


def test_given_the_same_date_again_then_nothing_is_written(world: World, today: date) -> None:
    unborn, _ = unborn_with_work(world, today)
    before = AuditEvent.objects.count()
    services.expected_date_of_delivery_change(
        actor=world.user("social_worker"), child=unborn, expected_date_of_delivery=EXPECTED
    )
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("weeks_ahead", [43, -7])
def test_given_an_unbelievable_date_then_a_clear_error_and_nothing_changes(
    world: World, today: date, weeks_ahead: int
) -> None:
    unborn, clock = unborn_with_work(world, today)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.expected_date_of_delivery_change(
            actor=world.user("social_worker"),
            child=unborn,
            expected_date_of_delivery=today + timedelta(weeks=weeks_ahead),
        )
    assert [e.code for e in exc.value.error_dict["expected_date_of_delivery"]] == [AssessmentError.EXPECTED_DATE]
    clock.refresh_from_db()
    unborn.refresh_from_db()
    assert (unborn.child_profile.expected_date_of_delivery, clock.due_on) == (EXPECTED, date(2027, 4, 25))
    assert AuditEvent.objects.count() == before


def test_a_born_child_has_no_expected_date_to_change_and_a_partner_may_not_change_it(world: World, today: date) -> None:
    with pytest.raises(ValidationError) as exc:
        services.expected_date_of_delivery_change(
            actor=world.user("social_worker"), child=world.allocated_child, expected_date_of_delivery=LATER
        )
    assert [e.code for e in exc.value.error_dict["expected_date_of_delivery"]] == [AssessmentError.NOT_UNBORN]
    unborn, _ = unborn_with_work(world, today)
    with pytest.raises(NotFoundOrNotPermitted):
        services.expected_date_of_delivery_change(
            actor=world.user("school_dsl"), child=unborn, expected_date_of_delivery=LATER
        )


def dated(day: int, month: int, year: int) -> dict[str, str]:
    return {f"expected_date_of_delivery_{n}": str(v) for n, v in enumerate((day, month, year))}


def test_the_page_changes_the_date_and_explains_a_bad_one(world: World, today: date, client_for: Any) -> None:
    unborn, clock = unborn_with_work(world, today)
    client = client_for("social_worker")
    overview = client.get(f"/children/{unborn.pk}/assessment-and-family-help/").content.decode()
    assert f'href="/children/{unborn.pk}/expected-date/"' in overview
    url = f"/children/{unborn.pk}/expected-date/"
    form = client.get(url)
    assert form.status_code == 200 and 'value="20"' in form.content.decode()  # today's date filled in
    bad = client.post(url, dated(4, 7, 2029))
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "There is a problem" in page and "Expected date of delivery must be within the next 42 weeks" in page
    done = client.post(url, dated(4, 7, 2027), follow=True)
    assert "The pre-birth conference is now due by 9 May 2027" in done.content.decode()
    clock.refresh_from_db()
    assert clock.due_on == date(2027, 5, 9)
    assert client.get(f"/children/{world.allocated_child.pk}/expected-date/").status_code == 404  # born
    assert client_for("school_dsl").get(url).status_code == 404
