"""Carers as participants in safeguarding work (issue 18, item 8; M21): a looked-after child's carers come from the
placement record and are offered, ticked, as participants; one is recorded with their role whether or not they use
JoinedUp; a child not looked after is offered none; a carer who is not the child's, or other bad input, saves
nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.children_in_care import services as care
from joinedup.children_in_care.codes import CarerRole
from joinedup.children_in_care.models import Placement
from joinedup.children_in_care.selectors import ChildsCarer, childs_carers

from .. import services
from ..models import StrategyDiscussion, StrategyParticipant
from .conftest import Journey, harm
from .test_views_and_access import strategy_post

pytestmark = pytest.mark.django_db


def looked_after(journey: Journey, start: date, **placement: Any) -> Placement:
    """The journey's child starts to be looked after before the strategy discussion, with a foster carer."""
    w = journey.world
    started_on = start - timedelta(days=60)
    values: dict[str, Any] = {
        "placement_type": "U6",
        "provider": "PR1",
        "carer_given_name": "Margaret",
        "carer_family_name": "Holloway",
        "postcode": "LS6 2AB",
        "is_in_authority": True,
    }
    values.update(placement)
    care.looked_after_start(
        actor=w.user("social_worker"),
        child=journey.child,
        details=care.LookedAfterStart(
            started_on=started_on,
            legal_status="C2",
            category_of_need="N1",
            placement=care.PlacementDetails(**values),
            care_plan_due_on=started_on,
            independent_reviewing_officer_id=w.iro.pk,
        ),
    )
    return Placement.objects.get(child=journey.child, ended_on__isnull=True)


def test_a_looked_after_childs_carers_come_from_the_placement_with_their_role(journey: Journey, start: date) -> None:
    worker = PractitionerFactory(role=Role.FOSTER_CARER, given_name="Dev", family_name="Okafor")
    placement = looked_after(journey, start, carer_practitioner_id=worker.pk)
    carers = childs_carers(child=journey.child)
    assert [(c.name, c.role) for c in carers] == [
        ("Margaret Holloway", CarerRole.FOSTER_CARER),
        ("Dev Okafor", CarerRole.FOSTER_CARER),
    ]
    assert carers[0].person_id == placement.carer_id and carers[0].practitioner_id is None
    assert carers[1].practitioner_id == worker.pk


def test_a_connected_person_placement_gives_a_connected_carer(journey: Journey, start: date) -> None:
    looked_after(journey, start, placement_type="U3", carer_given_name="Aunt", carer_family_name="Begum")
    assert [(c.name, c.role) for c in childs_carers(child=journey.child)] == [("Aunt Begum", CarerRole.CONNECTED_CARER)]


def test_the_strategy_discussion_form_offers_the_placements_carers_and_records_one_as_a_participant(
    journey: Journey, client_for: Any, start: date
) -> None:
    worker = PractitionerFactory(role=Role.FOSTER_CARER, given_name="Dev", family_name="Okafor")
    placement = looked_after(journey, start, carer_practitioner_id=worker.pk)
    client = client_for("social_worker")
    url = reverse("child_protection:strategy_discussion_new", args=[journey.child.pk])
    page = client.get(url).content.decode()
    assert "Carers the child lives with who took part" in page
    assert "Margaret Holloway (foster carer)" in page and "Dev Okafor (foster carer)" in page
    # Offered ticked: both carers' boxes are checked before anyone answers.
    assert f'name="carers" type="checkbox" value="person-{placement.carer_id}" checked' in page
    assert f'name="carers" type="checkbox" value="practitioner-{worker.pk}" checked' in page

    data = strategy_post(journey, start, ["physical_abuse"], experienced="no")
    data["carers"] = [f"person-{placement.carer_id}"]
    response = client.post(url, data)
    assert response.status_code == 302
    carer = StrategyParticipant.objects.get(carer_role=CarerRole.FOSTER_CARER)
    assert (carer.name, carer.person_id, carer.practitioner_id) == ("Margaret Holloway", placement.carer_id, None)
    assert not StrategyParticipant.objects.filter(name="Dev Okafor").exists()
    record = client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode()
    assert "Margaret Holloway (foster carer)" in record


def test_a_carer_who_uses_joinedup_is_recorded_as_that_practitioner(journey: Journey, start: date) -> None:
    worker = PractitionerFactory(role=Role.RESIDENTIAL_CARE_WORKER, given_name="Sam", family_name="Reid")
    looked_after(journey, start, carer_practitioner_id=worker.pk)
    carer = next(c for c in childs_carers(child=journey.child) if c.practitioner_id == worker.pk)
    participants = [*journey.participants(), care_participant(carer)]
    discussion = _record(journey, start, participants)
    row = discussion.participants.get(carer_role=CarerRole.RESIDENTIAL_CARE_WORKER)
    assert (row.practitioner_id, row.name, row.person_id) == (worker.pk, "Sam Reid", None)


def test_a_child_not_looked_after_is_offered_no_carers(journey: Journey, client_for: Any, start: date) -> None:
    assert childs_carers(child=journey.child) == []
    page = client_for("social_worker").get(reverse("child_protection:strategy_discussion_new", args=[journey.child.pk]))
    assert 'name="carers"' not in page.content.decode()


def test_a_carer_not_offered_gives_the_error_summary_and_saves_nothing(
    journey: Journey, client_for: Any, start: date
) -> None:
    looked_after(journey, start)
    data = strategy_post(journey, start, ["physical_abuse"], experienced="no")
    data["carers"] = ["person-999999"]
    response = client_for("social_worker").post(
        reverse("child_protection:strategy_discussion_new", args=[journey.child.pk]), data
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Choose from the carers the child lives with" in body
    assert not StrategyDiscussion.objects.exists()


def test_the_service_refuses_someone_elses_carer_and_saves_nothing(journey: Journey, start: date) -> None:
    looked_after(journey, start)
    stranger = ChildsCarer("person-424242", "Not Their Carer", CarerRole.FOSTER_CARER, person_id=424242)
    with pytest.raises(ValidationError) as exc:
        _record(journey, start, [*journey.participants(), care_participant(stranger)])
    assert exc.value.error_dict["carers"][0].code == "not_the_childs_carer"
    assert not StrategyDiscussion.objects.exists()
    assert not StrategyParticipant.objects.exists()


def care_participant(carer: ChildsCarer) -> Any:
    return services.carer_participant(carer)


def _record(journey: Journey, start: date, participants: list[Any]) -> StrategyDiscussion:
    return services.strategy_discussion_record(
        actor=journey.actor,
        child=journey.child,
        details=services.StrategyDetails(
            reasonable_cause_on=start,
            held_on=start,
            harms=[harm("physical_abuse")],
            participants=participants,
            information_shared="The foster carer saw bruising after contact.",
            decisions="Section 47 enquiry jointly with police.",
            outcome="section_47",
            lead_practitioner=journey.world.social_worker,
        ),
    )
