"""The pages of learning from serious incidents: who reaches them, a rejected form answers 400 with its errors, and
the list pages' queries are pinned and do not grow with their rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.core.tests.personas import World
from joinedup.learning import services
from joinedup.learning.models import AbuseOrNeglect, IncidentOutcome, IncidentSetting, SeriousIncident

from .conftest import Partnership

pytestmark = pytest.mark.django_db

NOW = "2026-10-01 10:00:00+01:00"
# The incidents page: the signed-in user's session, second factor and practitioner, the permission checks, the
# incidents with their reviews in one query and their clocks in one more, the audit of each row in one bulk write
# (three), and the navigation. Pinned; it does not grow with the number of incidents.
INCIDENTS_PAGE_QUERIES = 14
# The partnership's list of every agency's learning actions: one query for the actions, whatever their number.
ACTIONS_PAGE_QUERIES = 8


def _incident(world: World, aware: dt.date) -> SeriousIncident:
    return services.serious_incident_record(
        actor=world.user("team_manager"),
        child=world.allocated_child,
        incident_on=aware,
        became_aware_on=aware,
        what_happened="Found unresponsive at home.",
        outcome=IncidentOutcome.DIED,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        setting=IncidentSetting.OTHER,
        agencies_involved=[world.health_visiting, world.police],
    )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_the_incidents_page_is_the_partnerships_and_its_queries_do_not_grow(
    world: World, partnership: Partnership, signed_in: Any
) -> None:
    lead = signed_in("lead")
    _incident(world, dt.date(2026, 9, 1))
    one = _queries(lead, reverse("learning:incidents"))
    for day in (2, 3, 4):
        _incident(world, dt.date(2026, 9, day))
    many = _queries(lead, reverse("learning:incidents"))
    assert one == many == INCIDENTS_PAGE_QUERIES
    page = lead.get(reverse("learning:incidents")).content.decode()
    assert page.count("Ellie Marsden") == 4
    assert "Due 8 September 2026" in page  # 5 working days from Tuesday 1 September
    for refused in ("social_worker", "health_visitor", "analyst"):
        assert signed_in(refused).get(reverse("learning:incidents")).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_an_incident_page_is_not_for_the_childs_social_worker(
    world: World, partnership: Partnership, signed_in: Any
) -> None:
    incident = _incident(world, dt.date(2026, 9, 1))
    url = reverse("learning:incident", args=[incident.pk])
    assert signed_in("social_worker").get(url).status_code == 404
    assert signed_in("police_delegate").get(url).status_code == 200
    page = signed_in("team_manager").get(url).content.decode()
    assert "Record the notification as sent" in page
    # The child's case summary, which the social worker reads, does not show the incident's clocks.
    summary = signed_in("social_worker").get(reverse("chronology:summary", args=[world.allocated_child.pk]))
    assert "Panel" not in summary.content.decode()


@time_machine.travel(NOW, tick=False)
def test_recording_an_incident_from_the_childs_record(world: World, partnership: Partnership, signed_in: Any) -> None:
    manager = signed_in("team_manager")
    record = manager.get(reverse("records:child_record", args=[world.allocated_child.pk])).content.decode()
    assert reverse("learning:incident_new", args=[world.allocated_child.pk]) in record
    social_worker_record = signed_in("social_worker").get(
        reverse("records:child_record", args=[world.allocated_child.pk])
    )
    assert (
        reverse("learning:incident_new", args=[world.allocated_child.pk]) not in social_worker_record.content.decode()
    )
    url = reverse("learning:incident_new", args=[world.allocated_child.pk])
    rejected = manager.post(url, {"what_happened": ""})
    assert rejected.status_code == 400
    assert "There is a problem" in rejected.content.decode()
    assert "Enter what happened" in rejected.content.decode()
    sent = manager.post(
        url,
        {
            "incident_on_0": "1",
            "incident_on_1": "9",
            "incident_on_2": "2026",
            "became_aware_on_0": "2",
            "became_aware_on_1": "9",
            "became_aware_on_2": "2026",
            "what_happened": "Found unresponsive at home.",
            "outcome": IncidentOutcome.DIED,
            "abuse_or_neglect": AbuseOrNeglect.SUSPECTED,
            "setting": IncidentSetting.OTHER,
            "agencies_involved": [world.police.pk],
            "themes": ["babies"],
        },
    )
    incident = SeriousIncident.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse("learning:incident", args=[incident.pk])
    assert signed_in("social_worker").get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_learning_actions_page_queries_do_not_grow(world: World, partnership: Partnership, signed_in: Any) -> None:
    incident = _incident(world, dt.date(2026, 9, 1))
    lead_user = partnership.lead.user
    recommendation = services.recommendation_add(actor=lead_user, incident=incident, recommendation="Brief everyone")

    def add(n: int) -> None:
        for i in range(n):
            services.learning_action_add(
                actor=lead_user,
                recommendation=recommendation,
                action=f"Action {i}",
                owner=world.police_officer,
                due_on=dt.date(2026, 9, 30),
            )

    add(1)
    lead = signed_in("lead")
    one = _queries(lead, reverse("learning:actions"))
    add(4)
    assert one == _queries(lead, reverse("learning:actions")) == ACTIONS_PAGE_QUERIES
    police = signed_in("police_officer").get(reverse("learning:actions")).content.decode()
    assert police.count("Overdue by 1 day") == 5
    assert "Your learning actions" in police
    assert signed_in("health_visitor").get(reverse("learning:actions")).content.decode().count("Action ") == 0
