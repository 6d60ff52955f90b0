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
from joinedup.children_in_care.selectors import childs_carers
from joinedup.core.carers import ChildsCarer
from joinedup.core.voice import ChildVoice
from joinedup.timescales.calendar import CALENDAR

from .. import services
from ..models import (
    ChildProtectionPlan,
    Conference,
    ConferenceCarer,
    CoreGroupCarer,
    StrategyDiscussion,
    StrategyParticipant,
)
from .conftest import Journey, harm
from .test_views_and_access import d, strategy_post

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
            # The child's IRO for care is not the world's IRO, who chairs the conferences independently.
            independent_reviewing_officer_id=PractitionerFactory(role=Role.INDEPENDENT_REVIEWING_OFFICER).pk,
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
    assert response.status_code == 400
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
            voice=ChildVoice(words="I like living with Sam."),
        ),
    )


def _enquiry_for_conference(journey: Journey, start: date) -> Any:
    sd = journey.strategy(start)
    journey.enquiry_outcome(sd.enquiry, CALENDAR.add_working_days(start, 2))
    return sd.enquiry


def _arrange_post(journey: Journey, on: date, **extra: Any) -> dict[str, Any]:
    return {"kind": "initial", **d("planned_for", on), "chair": str(journey.world.iro.pk), **extra}


def _outcome_post(on: date, **extra: Any) -> dict[str, Any]:
    return {
        **d("held_on", on),
        "parents_participation": "attended",
        "child_voice_words": "Wants to stay with Margaret.",
        "decision": "plan",
        "harms": [str(harm("physical_abuse").pk)],
        "minutes": "Minutes.",
        "parents_minutes": "Parents' minutes.",
        **extra,
    }


def test_a_conference_invites_the_placements_carers_records_their_attendance_and_they_join_the_core_group(
    journey: Journey, client_for: Any, start: date
) -> None:
    worker = PractitionerFactory(role=Role.FOSTER_CARER, given_name="Dev", family_name="Okafor")
    placement = looked_after(journey, start, carer_practitioner_id=worker.pk)
    _enquiry_for_conference(journey, start)
    client = client_for("social_worker")
    url = reverse("child_protection:conference_arrange", args=[journey.child.pk])
    page = client.get(url).content.decode()
    assert "Carers the child lives with, invited" in page
    assert f'name="carers" type="checkbox" value="person-{placement.carer_id}" checked' in page
    assert f'name="carers" type="checkbox" value="practitioner-{worker.pk}" checked' in page

    day = CALENDAR.add_working_days(start, 10)
    response = client.post(
        url, _arrange_post(journey, day, carers=[f"person-{placement.carer_id}", f"practitioner-{worker.pk}"])
    )
    assert response.status_code == 302
    conference = Conference.objects.get()
    invited = {c.name: c for c in conference.carers.all()}
    assert invited["Margaret Holloway"].person_id == placement.carer_id
    assert invited["Margaret Holloway"].carer_role == CarerRole.FOSTER_CARER
    assert invited["Dev Okafor"].practitioner_id == worker.pk

    outcome = reverse("child_protection:conference_outcome", args=[conference.pk])
    page = client.get(outcome).content.decode()
    assert "Carers the child lives with who attended" in page and "Margaret Holloway (foster carer)" in page
    margaret = invited["Margaret Holloway"]
    response = client.post(outcome, _outcome_post(day, carers_attended=[str(margaret.pk)]))
    assert response.status_code == 302
    attended = {c.name: c.attended for c in ConferenceCarer.objects.all()}
    assert attended == {"Margaret Holloway": True, "Dev Okafor": False}
    pack = client.get(reverse("child_protection:conference", args=[conference.pk])).content.decode()
    assert "Margaret Holloway (foster carer): attended" in pack and "Dev Okafor (foster carer): did not attend" in pack

    # The carers invited are members of the plan's core group, named with their role on the record and offered,
    # pre-filled, as having taken part in a core group meeting.
    plan = ChildProtectionPlan.objects.get()
    members = sorted((c.name, c.carer_role, c.person_id, c.practitioner_id) for c in plan.core_group_carers.all())
    assert members == [
        ("Dev Okafor", CarerRole.FOSTER_CARER, None, worker.pk),
        ("Margaret Holloway", CarerRole.FOSTER_CARER, placement.carer_id, None),
    ]
    record = client.get(reverse("child_protection:record", args=[journey.child.pk])).content.decode()
    assert "Margaret Holloway (foster carer)" in record
    core = client.get(reverse("child_protection:core_group_new", args=[plan.pk])).content.decode()
    assert "Margaret Holloway (foster carer)" in core and "Dev Okafor (foster carer)" in core


def test_a_conference_for_a_child_not_looked_after_offers_no_carers(
    journey: Journey, client_for: Any, start: date
) -> None:
    enquiry = _enquiry_for_conference(journey, start)
    page = client_for("social_worker").get(reverse("child_protection:conference_arrange", args=[journey.child.pk]))
    assert 'name="carers"' not in page.content.decode()
    conference = journey.arrange("initial", CALENDAR.add_working_days(start, 10), enquiry=enquiry)
    outcome = client_for("social_worker").get(reverse("child_protection:conference_outcome", args=[conference.pk]))
    assert 'name="carers_attended"' not in outcome.content.decode()
    journey.hold(conference, CALENDAR.add_working_days(start, 10))
    assert not CoreGroupCarer.objects.exists()


def test_a_conference_with_a_carer_not_the_childs_gives_the_error_summary_and_saves_nothing(
    journey: Journey, client_for: Any, start: date
) -> None:
    looked_after(journey, start)
    _enquiry_for_conference(journey, start)
    response = client_for("social_worker").post(
        reverse("child_protection:conference_arrange", args=[journey.child.pk]),
        _arrange_post(journey, CALENDAR.add_working_days(start, 10), carers=["person-999999"]),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Choose from the carers the child lives with" in body
    assert not Conference.objects.exists() and not ConferenceCarer.objects.exists()


def test_the_arrange_service_refuses_someone_elses_carer_and_saves_nothing(journey: Journey, start: date) -> None:
    looked_after(journey, start)
    enquiry = _enquiry_for_conference(journey, start)
    stranger = ChildsCarer("person-424242", "Not Their Carer", CarerRole.FOSTER_CARER, person_id=424242)
    with pytest.raises(ValidationError) as exc:
        services.conference_arrange(
            actor=journey.actor,
            child=journey.child,
            details=services.ArrangeDetails(
                kind="initial",
                planned_for=CALENDAR.add_working_days(start, 10),
                chair=journey.world.iro,
                invitees=[],
                enquiry=enquiry,
                carers=[stranger],
            ),
        )
    assert exc.value.error_dict["carers"][0].code == "not_the_childs_carer"
    assert not Conference.objects.exists()


def test_attendance_of_a_carer_not_invited_is_refused_and_the_conference_stays_arranged(
    journey: Journey, start: date
) -> None:
    looked_after(journey, start)
    enquiry = _enquiry_for_conference(journey, start)
    day = CALENDAR.add_working_days(start, 10)
    conference = journey.arrange("initial", day, enquiry=enquiry)
    details = services.OutcomeDetails(
        held_on=day,
        decision="plan",
        harms=[harm("physical_abuse")],
        voice=ChildVoice(words="Wants to stay."),
        child_views_how="Seen alone",
        parents_participation="attended",
        outline_plan="",
        minutes="Minutes.",
        parents_minutes="Parents' minutes.",
        carers_attended=[987654],
    )
    with pytest.raises(ValidationError) as exc:
        services.conference_outcome_record(actor=journey.actor, conference=conference, details=details)
    assert exc.value.error_dict["carers_attended"][0].code == "not_the_childs_carer"
    conference.refresh_from_db()
    assert conference.status == "arranged" and not ChildProtectionPlan.objects.exists()
