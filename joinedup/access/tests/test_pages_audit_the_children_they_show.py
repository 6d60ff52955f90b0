"""Pages that showed a child with no audit event (issue 26, finding 5): each now writes its read event, a list one
event per child shown (in one bulk write), and the emergency access form shows nothing of the child before the
reason is given. The generated walk (test_every_page.py) checks every page the same way; these pin the four pages
and the lists the independent test named."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from joinedup.access.factories import InvolvementFactory
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _events(actor: Any, action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=actor, action=action).order_by("id"))


def _steady(html: str) -> str:
    """The page without what changes on every request (the script nonce, the form's token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", html)


def test_the_emergency_access_form_shows_nothing_that_identifies_the_child(world: World, client_for: Any) -> None:
    child = world.allocated_child
    client = client_for("other_team_worker")
    page = client.get(f"/children/{child.pk}/break-glass/")
    html = page.content.decode()
    assert page.status_code == 200
    assert child.given_name not in html and child.family_name not in html
    assert f"{child.date_of_birth:%-d %B %Y}" not in html and f"{child.date_of_birth:%d/%m/%Y}" not in html
    # Nor whether the record exists: a number no record has gets the same page (ids cannot be walked).
    missing = 10_000 + child.pk
    other = client.get(f"/children/{missing}/break-glass/")
    assert other.status_code == 200
    assert _steady(other.content.decode().replace(str(missing), str(child.pk))) == _steady(html)
    # Giving a reason for a record that does not exist opens nothing.
    refused = client.post(f"/children/{missing}/break-glass/", {"reason": "Police at the door and the child is hurt"})
    assert refused.status_code == 404


def test_the_emergency_access_form_is_only_for_those_who_may_break_glass(world: World, client_for: Any) -> None:
    assert client_for("analyst").get(f"/children/{world.allocated_child.pk}/break-glass/").status_code == 404


def test_reading_the_access_log_is_in_the_access_log(world: World, client_for: Any) -> None:
    manager = world.user("team_manager")
    page = client_for("team_manager").get(f"/children/{world.allocated_child.pk}/access-log/")
    assert page.status_code == 200
    (event,) = _events(manager, AuditAction.VIEWED)
    assert event.child_id == world.allocated_child.pk and event.reason == "Who has viewed this record"


def test_the_allocation_page_audits_the_child_it_shows(world: World, client_for: Any) -> None:
    page = client_for("team_manager").get(f"/children/{world.allocated_child.pk}/allocate/")
    assert page.status_code == 200 and "Ellie Marsden" in page.content.decode()
    (event,) = _events(world.user("team_manager"), AuditAction.VIEWED)
    assert event.child_id == world.allocated_child.pk


def test_the_significant_event_form_audits_the_child_it_shows(world: World, client_for: Any) -> None:
    url = reverse("case_record:significant_event_new", args=[world.allocated_child.pk])
    page = client_for("social_worker").get(url)
    assert page.status_code == 200 and "Ellie Marsden" in page.content.decode()
    (event,) = _events(world.user("social_worker"), AuditAction.VIEWED)
    assert event.child_id == world.allocated_child.pk and event.reason == "Add a significant event"


def test_the_children_list_writes_a_list_event_for_each_child_it_shows(world: World, client_for: Any) -> None:
    others = [ChildFactory(family_name=f"Listed{n}") for n in range(3)]
    for child in others:
        InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    html = client_for("social_worker").get("/children/").content.decode()
    assert all(child.family_name in html for child in others)
    listed = _events(world.user("social_worker"), AuditAction.LISTED)
    assert sorted(e.child_id for e in listed) == sorted([world.allocated_child.pk, *(c.pk for c in others)])
    assert world.unallocated_child.pk not in {e.child_id for e in listed}


def test_home_writes_a_list_event_for_each_child_it_shows(world: World, client_for: Any) -> None:
    html = client_for("social_worker").get("/").content.decode()
    assert "Ellie Marsden" in html
    listed = _events(world.user("social_worker"), AuditAction.LISTED)
    assert [e.child_id for e in listed] == [world.allocated_child.pk]
