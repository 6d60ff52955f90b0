"""The family record page keeps the plan's actions and the network current: an action of the plan in force is
marked done (or not done), someone in the network's engagement changes. Each is a page with its form; the service
checks the permission and audits the change; someone who may not record the family's work gets a 404."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.family_help import services
from joinedup.family_help.codes import ActionStatus, NetworkEngagement
from joinedup.family_help.models import FamilyNetworkMember, PlanAction

from .builders import agreed_plan, open_case


def _updates(obj: Any) -> list[tuple[str, list[str]]]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.UPDATED, object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("actor_id", "changed_fields")
    )


def test_the_lead_practitioner_marks_an_action_of_the_plan_done_from_the_family_record(
    world: World, today: date, client_for: Any
) -> None:
    case = open_case(world)
    plan = agreed_plan(world, case)
    action = PlanAction.objects.filter(goal__plan=plan).order_by("id").first()
    assert action is not None and action.status == ActionStatus.TO_DO
    school = client_for("school_dsl")
    url = f"/family-help/{case.pk}/plan/actions/{action.pk}/"
    assert url in school.get(f"/family-help/{case.pk}/").content.decode()
    form = school.get(url).content.decode()
    assert "Has it been done?" in form and "Breakfast club place for both children" in form
    empty = school.post(url, {})
    assert empty.status_code == 200 and "Select whether the action has been done" in empty.content.decode()
    response = school.post(url, {"status": "done"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/family-help/{case.pk}/"
    assert "Action updated." in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert _updates(action) == [(world.school_dsl.user_id, ["status"])]


def test_an_action_of_a_replaced_plan_or_another_case_and_a_reader_who_may_not_record_get_404(
    world: World, today: date, client_for: Any
) -> None:
    case = open_case(world)
    old = agreed_plan(world, case, on=date(2027, 2, 8))
    agreed_plan(world, case, on=date(2027, 3, 1))
    replaced = PlanAction.objects.filter(goal__plan=old).first()
    assert replaced is not None
    assert client_for("school_dsl").get(f"/family-help/{case.pk}/plan/actions/{replaced.pk}/").status_code == 404
    current = PlanAction.objects.exclude(goal__plan=old).first()
    assert current is not None
    for name in ("other_school_dsl", "police_officer"):
        client = client_for(name)
        assert client.get(f"/family-help/{case.pk}/plan/actions/{current.pk}/").status_code == 404, name
        assert client.post(f"/family-help/{case.pk}/plan/actions/{current.pk}/", {"status": "done"}).status_code == 404
    current.refresh_from_db()
    assert current.status == ActionStatus.TO_DO


def test_the_engagement_of_someone_in_the_family_network_changes(world: World, today: date, client_for: Any) -> None:
    case = open_case(world)
    member = services.family_network_member_add(
        actor=world.user("social_worker"),
        case=case,
        name="Grandma Jean",
        relationship_to_family="Grandmother",
        engagement=NetworkEngagement.CONTACTED,
    )
    worker = client_for("social_worker")
    url = f"/family-help/{case.pk}/network/{member.pk}/"
    assert url in worker.get(f"/family-help/{case.pk}/").content.decode()
    assert "Grandma Jean: how they are engaged" in worker.get(url).content.decode()
    response = worker.post(
        url, {"engagement": NetworkEngagement.ENGAGED, "support_offered": " School run on Wednesdays "}, follow=True
    )
    assert "Grandma Jean's engagement is updated." in html.unescape(response.content.decode())
    member.refresh_from_db()
    assert (member.engagement, member.support_offered) == (NetworkEngagement.ENGAGED, "School run on Wednesdays")
    assert _updates(member) == [(world.social_worker.user_id, ["engagement", "support_offered"])]
    bad = worker.post(url, {"engagement": "bribed"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    assert client_for("police_officer").get(url).status_code == 404
    assert not FamilyNetworkMember.objects.exclude(pk=member.pk).exists()
