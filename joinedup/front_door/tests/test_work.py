"""The information requests a partner is to answer, as work on their home page and My work (issue 19)."""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.core.work import WorkKind
from joinedup.front_door import services
from joinedup.front_door.selectors import information_requests_to_answer_work
from joinedup.front_door.tests.conftest import RaiseConcern


def _request(world: World, raise_concern: RaiseConcern, **kw: Any) -> Any:
    contact = raise_concern()
    services.contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)
    return services.information_request_create(
        actor=world.user("front_door"), contact=contact, question="Is the family known to you?", **kw
    )


def test_a_partner_sees_the_requests_addressed_to_them_or_their_organisation_and_no_one_else_does(
    world: World, raise_concern: RaiseConcern, today: date, django_assert_num_queries: Any
) -> None:
    named = _request(
        world, raise_concern, to_organisation_id=world.police.pk, to_practitioner_id=world.police_officer.pk,
        is_urgent=True,
    )  # fmt: skip
    to_anyone = _request(world, raise_concern, to_organisation_id=world.health_visiting.pk, is_urgent=False)
    police = world.user("police_officer")
    with django_assert_num_queries(2):  # the practitioner, then the requests with their children and askers
        (item,) = information_requests_to_answer_work(actor=police, today=today)
    assert item.kind == WorkKind.REQUEST and item.is_urgent and item.object_id == named.pk
    assert item.title == "Urgent information request about Ellie Marsden"
    assert item.due_on == named.due_on and item.url == f"/information-requests/{named.pk}/"
    assert item.child_id == world.allocated_child.pk and "front door" in item.detail
    # Anyone in the health visiting service may answer a request naming nobody; it is not urgent.
    for name in ("health_visitor", "other_health_visitor"):
        (hv_item,) = information_requests_to_answer_work(actor=world.user(name), today=today)
        assert hv_item.object_id == to_anyone.pk and not hv_item.is_urgent
        assert hv_item.title == "Information request about Ellie Marsden"
    # The school, the front door that asked, and a social worker have nothing to answer.
    for name in ("school_dsl", "front_door", "social_worker"):
        assert information_requests_to_answer_work(actor=world.user(name), today=today) == []
    # Once answered it is no longer waiting.
    services.information_request_answer(actor=police, request=named, response="Known to us: one call-out.")
    assert information_requests_to_answer_work(actor=police, today=today) == []


def test_the_police_officers_urgent_request_is_on_their_home_and_their_my_work(
    world: World, client_for: Any, raise_concern: RaiseConcern, today: date
) -> None:
    request = _request(
        world, raise_concern, to_organisation_id=world.police.pk, to_practitioner_id=world.police_officer.pk,
        is_urgent=True,
    )  # fmt: skip
    client = client_for("police_officer")
    for url in ("/", "/my-work/"):
        html = client.get(url).content.decode()
        assert "Requests to answer (1)" in html, url
        assert "Urgent information request about Ellie Marsden" in html, url
        assert f'href="/information-requests/{request.pk}/"' in html, url
        assert "No open deadlines" not in html, url
    # Each page lists the request, naming its child, in the audit trail.
    listed = AuditEvent.objects.filter(
        actor=world.user("police_officer"), action=AuditAction.LISTED, object_type="front_door.informationrequest"
    )
    assert {e.child_id for e in listed} == {world.allocated_child.pk} and listed.count() == 2
    # The school's lead, who raised the concern, has no request to answer.
    assert "Ellie Marsden" not in client_for("school_dsl").get("/my-work/").content.decode()
