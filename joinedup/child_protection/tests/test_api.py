"""The CP-IS-shaped endpoint (issue 26): a health partner looks up one child by NHS number (an unborn child by the
pregnant person's), with the plan's start and end and the responsible authority's contact; without an NHS number
they get nothing. Every child a lookup finds is in their record's access log. Only a named partner system, whose API
token grants the bulk feed, receives every plan; a person never does."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from joinedup.access.api_scopes import ApiScope
from joinedup.access.factories import InvolvementFactory, partner_system_token
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.selectors import record_access_log
from joinedup.child_protection.codes import ConferenceKind
from joinedup.child_protection.models import ChildProtectionPlan
from joinedup.episodes.codes import EpisodeTier, ReferralSource
from joinedup.episodes.models import CaseEpisode
from joinedup.people.factories import ChildFactory, PersonFactory
from joinedup.people.models import Person

from .conftest import Journey

pytestmark = pytest.mark.django_db
URL = reverse("api:child_protection_cp_is")
FEED = reverse("api:child_protection_cp_is_feed")
ELLIE_NHS = "9434765919"
KACPER_NHS = "4010232137"
MOTHER_NHS = "9000000009"


def second_child_with_a_plan(journey: Journey, start: date) -> ChildProtectionPlan:
    """Kacper (the world's unallocated child), on a plan of his own; no health partner works with him."""
    w = journey.world
    kacper = w.unallocated_child
    kacper.nhs_number = KACPER_NHS
    kacper.save()
    InvolvementFactory(practitioner=w.social_worker, child=kacper, team=w.team_a)
    episode = CaseEpisode.objects.create(
        child=kacper, started_on=start - timedelta(days=30), referral_source=ReferralSource.SCHOOLS,
        tier=EpisodeTier.FAMILY_HELP,
    )  # fmt: skip
    return Journey(world=w, child=kacper, episode=episode).to_plan(start)


def unborn_child_with_a_plan(journey: Journey) -> tuple[Person, ChildProtectionPlan]:
    w = journey.world
    mother = PersonFactory(given_name="Amara", family_name="Okafor", nhs_number=MOTHER_NHS)
    unborn = ChildFactory(
        given_name="", family_name="Okafor", date_of_birth=None, profile__is_unborn=True,
        profile__expected_date_of_delivery=timezone.localdate() + timedelta(weeks=10),
        profile__pregnant_person=mother,
    )  # fmt: skip
    InvolvementFactory(practitioner=w.social_worker, child=unborn, team=w.team_a)
    CaseEpisode.objects.create(
        child=unborn, started_on=timezone.localdate() - timedelta(days=30),
        referral_source=ReferralSource.INDIVIDUAL_FAMILY, tier=EpisodeTier.FAMILY_HELP,
    )  # fmt: skip
    unborn_journey = Journey(world=w, child=unborn, episode=unborn.case_episodes.get())
    held = unborn_journey.hold(unborn_journey.arrange(ConferenceKind.PRE_BIRTH, timezone.localdate()),
                               timezone.localdate(), harms=("neglect",))  # fmt: skip
    assert held.plan is not None
    return unborn, held.plan


def test_a_health_partner_finds_the_plan_by_nhs_number_with_the_authoritys_contact(
    journey: Journey, client_for: Any, start: date
) -> None:
    journey.child.nhs_number = ELLIE_NHS
    journey.child.save()
    journey.world.social_worker.phone = "0113 222 3333"
    journey.world.social_worker.save()
    plan = journey.to_plan(start)
    response = client_for("other_health_visitor").get(URL, {"nhs_number": "943 476 5919"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and "next" in body
    row = body["results"][0]
    assert row["id"] == plan.pk
    assert row["nhs_number"] == ELLIE_NHS and row["unborn"] is False and row["expected_date_of_delivery"] is None
    assert row["plan_start_date"] == plan.started_on.isoformat() and row["plan_end_date"] is None
    assert row["plan_type"] == "CPP"
    authority = row["responsible_authority"]
    assert authority["name"] and authority["dfe_code"]
    assert authority["contact_name"] == journey.world.social_worker.full_name
    assert authority["contact_phone"] == "0113 222 3333"
    assert AuditEvent.objects.filter(
        object_type="child_protection.childprotectionplan", object_id=str(plan.pk)
    ).exists()
    assert client_for("other_health_visitor").get(URL, {"nhs_number": "401 023 2137"}).json()["count"] == 0


def test_a_health_visitor_with_no_involvement_gets_nothing_without_an_nhs_number_and_only_that_child_with_one(
    journey: Journey, client_for: Any, start: date
) -> None:
    journey.child.nhs_number = ELLIE_NHS
    journey.child.save()
    ellies = journey.to_plan(start)
    kacpers = second_child_with_a_plan(journey, start)
    client = client_for("other_health_visitor")  # involved with neither child
    before = AuditEvent.objects.count()
    for params in ({}, {"nhs_number": ""}, {"nhs_number": "12345"}, {"nhs_number": "9434765918"}):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert "results" not in response.json()
        assert response.json()["errors"][0]["field"] == "nhs_number"
    assert AuditEvent.objects.count() == before  # nothing found, nothing read

    body = client.get(URL, {"nhs_number": KACPER_NHS}).json()
    assert [row["id"] for row in body["results"]] == [kacpers.pk] != [ellies.pk]
    assert body["count"] == 1


def test_the_lookup_is_in_the_access_log_of_the_child_found_even_with_no_plan(
    journey: Journey, client_for: Any
) -> None:
    journey.child.nhs_number = ELLIE_NHS
    journey.child.save()
    hv = journey.world.user("other_health_visitor")
    assert client_for("other_health_visitor").get(URL, {"nhs_number": ELLIE_NHS}).json()["count"] == 0
    (event,) = AuditEvent.objects.filter(actor=hv)
    assert (event.action, event.object_type) == (AuditAction.SEARCHED, "people.person")
    assert event.child_id == journey.child.pk
    assert event.reason == "CP-IS lookup by NHS number"
    assert [e.pk for e in record_access_log(child_id=journey.child.pk) if e.actor_id == hv.pk] == [event.pk]


def test_an_unborn_childs_plan_is_found_by_the_pregnant_persons_nhs_number(journey: Journey, client_for: Any) -> None:
    unborn, plan = unborn_child_with_a_plan(journey)
    body = client_for("other_health_visitor").get(URL, {"nhs_number": MOTHER_NHS}).json()
    assert [row["id"] for row in body["results"]] == [plan.pk]
    row = body["results"][0]
    assert row["nhs_number"] == MOTHER_NHS and row["unborn"] is True
    assert row["expected_date_of_delivery"] == unborn.child_profile.expected_date_of_delivery.isoformat()
    searched = AuditEvent.objects.filter(action=AuditAction.SEARCHED).values_list("child_id", flat=True)
    assert list(searched) == [unborn.pk]  # the unborn child found, not the pregnant person


@pytest.mark.parametrize("persona", ["police_officer", "school_dsl", "social_worker", "analyst"])
def test_no_one_but_health_partners_may_look_up(journey: Journey, client_for: Any, persona: str) -> None:
    journey.child.nhs_number = ELLIE_NHS
    journey.child.save()
    assert client_for(persona).get(URL, {"nhs_number": ELLIE_NHS}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCHED).exists()


def partner_system(journey: Journey, *scopes: ApiScope) -> tuple[Any, str]:
    """A partner system acting as itself (its own account, no practitioner) and its token's key, with `scopes`."""
    token, key = partner_system_token(organisation=journey.world.health_visiting, scopes=[str(s) for s in scopes])
    return token.partner_system.account, key


def feed_with(key: str) -> Any:
    return APIClient().get(FEED, HTTP_AUTHORIZATION=f"Token {key}")


def test_the_bulk_feed_is_for_a_partner_system_granted_it(journey: Journey, start: date) -> None:
    journey.child.nhs_number = ELLIE_NHS
    journey.child.save()
    ellies = journey.to_plan(start)
    kacpers = second_child_with_a_plan(journey, start)
    _unborn, unborns = unborn_child_with_a_plan(journey)
    system, key = partner_system(journey, ApiScope.CP_IS_BULK_FEED)
    response = feed_with(key)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [ellies.pk, kacpers.pk, unborns.pk]
    listed = AuditEvent.objects.filter(actor=system, action=AuditAction.LISTED)
    assert sorted(listed.values_list("child_id", flat=True)) == sorted(
        [journey.child.pk, kacpers.child_id, unborns.child_id]
    )
    # A system whose token carries other scopes never reaches the feed.
    _other, other_key = partner_system(journey, ApiScope.CHILDREN_READ)
    assert feed_with(other_key).status_code == 403


@pytest.mark.parametrize("persona", ["health_visitor", "other_health_visitor", "team_manager", "front_door", "admin"])
def test_the_bulk_feed_refuses_a_person(journey: Journey, client_for: Any, start: date, persona: str) -> None:
    journey.child.nhs_number = ELLIE_NHS
    journey.child.save()
    journey.to_plan(start)
    persona = "administrator" if persona == "admin" else persona
    response = client_for(persona).get(FEED)
    assert response.status_code == 404 and "results" not in response.json()
    # Nor through a partner system acting as that person, even with a token carrying the feed's scope.
    practitioner = getattr(journey.world, persona)
    _token, key = partner_system_token(practitioner=practitioner, scopes=[str(ApiScope.CP_IS_BULK_FEED)])
    assert feed_with(key).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LISTED).exists()
