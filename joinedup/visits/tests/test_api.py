"""The visits API (issue 18): a child's visits listed, a visit recorded once for several brothers and sisters with
each child's own answers; permission through the visits service, as for the form (a child outside the caller's
scope is a 404, nothing saved); bad input a 400 with field errors, nothing saved. Per role."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.child_protection.models import ChildProtectionPlan
from joinedup.core.tests.personas import World
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline
from joinedup.visits.models import Visit, VisitChild

from .test_one_visit import three_sisters_on_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def sisters(world: World) -> list[tuple[Person, ChildProtectionPlan]]:
    return three_sisters_on_plans(world)


def _body(children: list[dict[str, Any]], **shared: Any) -> dict[str, Any]:
    return {
        "visited_on": timezone.localdate().isoformat(),
        "kind": "home",
        "account": "Visited the family at home; all three girls were there after school.",
        "others_present": "Their mother",
        "children": children,
        **shared,
    }


def _url(child: Person) -> str:
    return reverse("api:child_visits", args=[child.pk])


def test_a_social_worker_records_one_visit_for_three_sisters_each_with_her_own_answers(
    world: World, sisters: list[tuple[Person, ChildProtectionPlan]], client_for: Any
) -> None:
    (nour, _), (amira, _), (lina, _) = sisters
    client = client_for("social_worker")
    body = _body(
        [
            {"child_id": nour.pk, "seen": True, "seen_alone": True, "childs_words": "I like my new school"},
            {
                "child_id": amira.pk,
                "seen": True,
                "seen_alone": False,
                "reason_not_seen_alone": "She wanted her mother with her",
                "childs_words": "I miss Dad",
            },
            {"child_id": lina.pk, "seen": False, "reason_not_seen": "At her grandmother's"},
        ]
    )
    response = client.post(_url(nour), body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Visit.objects.count() == 1 and VisitChild.objects.count() == 3
    rows = {row["child_id"]: row for row in response.json()}
    assert rows[nour.pk]["seen_alone"] is True and rows[nour.pk]["account"] == body["account"]
    assert rows[amira.pk]["reason_not_seen_alone"] == "She wanted her mother with her"
    assert rows[lina.pk]["seen"] is False
    # Each child's list shows her own answers only, never a sister's words.
    listed = client.get(_url(amira)).json()
    assert listed["count"] == 1
    [amiras] = listed["results"]
    assert amiras["childs_words"] == "I miss Dad" and amiras["others_present"] == "Their mother"
    assert "I like my new school" not in str(listed)
    # The two seen meet their child protection visit clock; the one not seen meets nothing.
    today = timezone.localdate()
    met = set(
        Deadline.objects.filter(rule_code="child_protection_visit", met_on=today).values_list("child_id", flat=True)
    )
    assert met == {nour.pk, amira.pk}


def test_bad_input_is_400_with_field_errors_and_nothing_saved(
    world: World, sisters: list[tuple[Person, ChildProtectionPlan]], client_for: Any
) -> None:
    (nour, _), (amira, _), _ = sisters
    client = client_for("social_worker")
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    response = client.post(
        _url(nour),
        _body(
            [{"child_id": nour.pk, "seen": False}, {"child_id": amira.pk, "seen": True, "seen_alone": False}],
            visited_on=tomorrow,
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"visited_on", f"child_{nour.pk}_reason_not_seen", f"child_{amira.pk}_reason_not_seen_alone"}
    bad_kind = client.post(
        _url(nour),
        _body([{"child_id": nour.pk, "seen": True, "seen_alone": True}], kind="x"),
        content_type="application/json",
    )
    assert bad_kind.status_code == 400 and {e["field"] for e in bad_kind.json()["errors"]} == {"kind"}
    not_in_it = client.post(
        _url(nour), _body([{"child_id": amira.pk, "seen": True, "seen_alone": True}]), content_type="application/json"
    )
    assert not_in_it.status_code == 400 and {e["field"] for e in not_in_it.json()["errors"]} == {"children"}
    assert not Visit.objects.exists() and not VisitChild.objects.exists()


def test_a_child_outside_the_callers_scope_is_404_and_nothing_is_saved(
    world: World, sisters: list[tuple[Person, ChildProtectionPlan]], client_for: Any
) -> None:
    (nour, _), _, _ = sisters
    client = client_for("social_worker")
    stranger = world.unallocated_child
    assert client.get(_url(stranger)).status_code == 404
    assert (
        client.post(
            _url(stranger),
            _body([{"child_id": stranger.pk, "seen": True, "seen_alone": True}]),
            content_type="application/json",
        ).status_code
        == 404
    )
    # A child the worker may not record for, among the children of a visit to one they may: 404, nothing saved.
    response = client.post(
        _url(nour),
        _body(
            [
                {"child_id": nour.pk, "seen": True, "seen_alone": True},
                {"child_id": stranger.pk, "seen": True, "seen_alone": True},
            ]
        ),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("role", "reads", "records"),
    [
        ("social_worker", 200, 201),
        ("team_manager", 200, 201),
        ("other_team_worker", 404, 404),
        ("school_dsl", 404, 404),  # sees her pupil, but a visit is the local authority's case record
        ("health_visitor", 404, 404),
        ("police_officer", 404, 404),
        ("front_door", 200, 201),  # a local authority caseworker who may record on a child it sees (RECORD_VISIT)
        ("analyst", 404, 404),
    ],
)
def test_per_role(
    world: World,
    sisters: list[tuple[Person, ChildProtectionPlan]],
    client_for: Any,
    role: str,
    reads: int,
    records: int,
) -> None:
    (nour, _), _, _ = sisters
    client = client_for(role)
    assert client.get(_url(nour)).status_code == reads
    response = client.post(
        _url(nour), _body([{"child_id": nour.pk, "seen": True, "seen_alone": True}]), content_type="application/json"
    )
    assert response.status_code == records
    assert Visit.objects.count() == (1 if records == 201 else 0)


def test_the_schema_describes_the_visits_api(world: World, client_for: Any) -> None:
    schema = client_for("social_worker").get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operations = schema["paths"]["/api/v1/children/{child_id}/visits/"]
    assert {"get", "post"} <= set(operations)
    assert "VisitInput" in schema["components"]["schemas"]


def test_a_partner_systems_token_reads_and_records_visits_only_with_their_scopes(
    world: World, sisters: list[tuple[Person, ChildProtectionPlan]]
) -> None:
    from django.test import Client

    from joinedup.access.factories import partner_system_token

    (nour, _), _, _ = sisters
    _token, reader = partner_system_token(practitioner=world.social_worker, scopes=["visits:read"])
    _token, other = partner_system_token(practitioner=world.social_worker, scopes=["children:read"])
    _token, writer = partner_system_token(practitioner=world.social_worker, scopes=["visits:write"])
    body = _body([{"child_id": nour.pk, "seen": True, "seen_alone": True}])
    assert Client().get(_url(nour), HTTP_AUTHORIZATION=f"Token {reader}").status_code == 200
    assert Client().get(_url(nour), HTTP_AUTHORIZATION=f"Token {other}").status_code == 403
    refused = Client().post(_url(nour), body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {reader}")
    assert refused.status_code == 403 and not Visit.objects.exists()
    recorded = Client().post(_url(nour), body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {writer}")
    assert recorded.status_code == 201 and Visit.objects.count() == 1
