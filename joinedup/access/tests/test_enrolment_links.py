"""Setting up an authenticator app (issue 26, finding 10): a first app needs a one-time link an administrator issues
for a named user (single use, expiring, stored hashed, audited at issue and use); a new app needs the one in use."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.access import services
from joinedup.accounts.factories import TOTPDeviceFactory
from joinedup.accounts.models import EnrolmentLink, enrolment_token_hash
from joinedup.audit.models import AuditEvent
from joinedup.audit.testing import assert_audit_events
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def issued_link(world: World, client_for: Any, username: str = "social.worker") -> str:
    """The administrator issues a link on the page; the link shown there."""
    page = client_for("administrator").post("/enrolment-links/", {"username": username}).content.decode()
    found = re.search(r"http://testserver(/sign-in/enrol/[A-Za-z0-9_-]+/)", page)
    assert found, page
    return found.group(1)


def signed_in_with_password(client: Client, username: str = "social.worker") -> None:
    client.post("/sign-in/", {"username": username, "password": PASSWORD})


def enrol(client: Client, user: Any) -> Any:
    """On the set-up page reached through a link: the code from the device it shows."""
    page = client.get("/sign-in/enrol/")
    assert page.status_code == 200, page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post("/sign-in/enrol/", {"code": code(device)})


# The administrator's page


def test_an_administrator_issues_a_link_shown_once_and_stored_hashed_and_audited(world: World, client_for: Any) -> None:
    with assert_audit_events(("created", "accounts.enrolmentlink")) as events:
        path = issued_link(world, client_for)
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = EnrolmentLink.objects.get()
    assert link.user == world.user("social_worker") and link.issued_by == world.user("administrator")
    assert link.token_hash == enrolment_token_hash(token) and token not in link.token_hash
    assert link.expires_at - link.issued_at == dt.timedelta(hours=72)
    assert events[0].actor == world.user("administrator") and events[0].object_id == str(link.pk)
    # The list shows the link without its token.
    listing = client_for("administrator").get("/enrolment-links/").content.decode()
    assert "social.worker" in listing and "Not used yet" in listing and token not in listing


@pytest.mark.parametrize("persona", ["social_worker", "team_manager", "front_door", "analyst", "school_dsl"])
def test_only_an_administrator_reaches_the_page_or_issues_a_link(world: World, client_for: Any, persona: str) -> None:
    client = client_for(persona)
    assert client.get("/enrolment-links/").status_code == 404
    assert client.post("/enrolment-links/", {"username": "social.worker"}).status_code == 404
    with pytest.raises(NotFoundOrNotPermitted):
        services.enrolment_link_issue(actor=world.user(persona), username="social.worker")
    assert not EnrolmentLink.objects.exists()
    assert not AuditEvent.objects.filter(object_type="accounts.enrolmentlink").exists()


def test_bad_input_is_explained_in_the_error_summary(world: World, client_for: Any) -> None:
    client = client_for("administrator")
    page = client.post("/enrolment-links/", {"username": ""}).content.decode()
    assert "<title>Error: Enrolment links for authenticator apps" in page
    assert "There is a problem" in page and 'href="#id_username"' in page
    assert "Enter the username of the person the link is for" in page
    page = client.post("/enrolment-links/", {"username": "nobody.here"}).content.decode()
    assert "There is a problem" in page and "There is no active user with this username" in page
    assert not EnrolmentLink.objects.exists()


def test_a_new_link_ends_the_earlier_unused_link_for_the_same_person(world: World, client_for: Any) -> None:
    admin = world.user("administrator")
    first, first_token = services.enrolment_link_issue(actor=admin, username="social.worker")
    other, _ = services.enrolment_link_issue(actor=admin, username="front.door")
    with assert_audit_events(("updated", "accounts.enrolmentlink"), ("created", "accounts.enrolmentlink")) as events:
        services.enrolment_link_issue(actor=admin, username="social.worker")
    assert events[0].object_id == str(first.pk) and events[0].changed_fields == ["expires_at"]
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.expires_at <= timezone.now() < other.expires_at
    client = Client()
    client.get(f"/sign-in/enrol/{first_token}/")
    signed_in_with_password(client)
    assert "This enrolment link has expired" in client.get("/sign-in/enrol/").content.decode()


def test_the_administrators_home_page_links_to_the_page(world: World, client_for: Any) -> None:
    assert "/enrolment-links/" in client_for("administrator").get("/").content.decode()
    assert "/enrolment-links/" not in client_for("social_worker").get("/").content.decode()


# Using a link


def test_a_user_opens_the_link_signs_in_and_sets_up_their_app_and_the_use_is_audited(
    world: World, client_for: Any, client: Client
) -> None:
    user = world.user("social_worker")
    path = issued_link(world, client_for)
    opened = client.get(path)
    assert opened["Location"] == "/sign-in/enrol/"  # the token leaves the address bar
    assert client.get("/sign-in/enrol/")["Location"].startswith("/sign-in/?next=")
    signed_in_with_password(client)
    assert client.get("/sign-in/second-factor/")["Location"] == "/sign-in/set-up-second-factor/"
    assert client.get("/sign-in/set-up-second-factor/")["Location"] == "/sign-in/enrol/"
    page = client.get("/sign-in/enrol/").content.decode()
    assert "data:image/svg+xml;base64," in page
    before = client.session.session_key
    with assert_audit_events(("updated", "accounts.enrolmentlink"), ("created", "otp_totp.totpdevice")) as events:
        response = enrol(client, user)
    assert response["Location"] == "/"
    assert all(e.actor == user for e in events)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert EnrolmentLink.objects.get().used_at is not None
    assert client.session.session_key != before  # rotated once the second factor is verified
    assert client.get("/").status_code == 200


def test_a_link_works_once(world: World, client_for: Any, client: Client) -> None:
    user = world.user("social_worker")
    path = issued_link(world, client_for)
    client.get(path)
    signed_in_with_password(client)
    enrol(client, user)
    again = Client()
    again.get(path)
    signed_in_with_password(again)
    refused = again.get("/sign-in/enrol/")
    assert refused.status_code == 403
    assert "This enrolment link has already been used" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_an_expired_link_is_refused(world: World, client_for: Any, client: Client) -> None:
    user = world.user("social_worker")
    path = issued_link(world, client_for)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=72, minutes=1), tick=False):
        client.get(path)
        signed_in_with_password(client)
        refused = client.get("/sign-in/enrol/")
        assert refused.status_code == 403
        assert "This enrolment link has expired" in refused.content.decode()
        # Refused, the session forgets the link: the user is told to ask for a new one.
        assert "Ask your administrator" in client.get("/sign-in/set-up-second-factor/").content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert EnrolmentLink.objects.get().used_at is None


def test_another_users_link_is_refused(world: World, client_for: Any, client: Client) -> None:
    path = issued_link(world, client_for, username="front.door")
    client.get(path)
    signed_in_with_password(client, "social.worker")
    refused = client.get("/sign-in/enrol/")
    assert refused.status_code == 403
    assert "This enrolment link was issued to someone else" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user__username__in=["social.worker", "front.door"], confirmed=True).exists()
    assert EnrolmentLink.objects.get().used_at is None


def test_the_service_refuses_a_link_that_is_not_the_users_used_or_expired(world: World, client_for: Any) -> None:
    """The service checks the link itself, whatever a page does."""
    user = world.user("social_worker")
    _, token = services.enrolment_link_issue(actor=world.user("administrator"), username="front.door")
    device = TOTPDeviceFactory.create(user=user, name="app", confirmed=False)
    with pytest.raises(ValidationError, match="issued to someone else"):
        services.second_factor_enrol_by_link(actor=user, token=token, device=device, code=code(device))
    with pytest.raises(ValidationError, match="not valid"):
        services.second_factor_enrol_by_link(actor=user, token="made-up", device=device, code=code(device))
    _, own = services.enrolment_link_issue(actor=world.user("administrator"), username="social.worker")
    with pytest.raises(ValidationError, match="wrong or has expired"):
        services.second_factor_enrol_by_link(actor=user, token=own, device=device, code="000000")
    device.refresh_from_db()
    assert not device.confirmed


def test_a_link_replaces_the_app_of_someone_who_lost_their_phone(world: World, client_for: Any, client: Client) -> None:
    user = world.user("social_worker")
    lost = TOTPDeviceFactory.create(user=user, name="lost phone", confirmed=True)
    path = issued_link(world, client_for)
    client.get(path)
    signed_in_with_password(client)
    assert client.get("/sign-in/second-factor/")["Location"] == "/sign-in/set-up-second-factor/"
    with assert_audit_events(
        ("updated", "accounts.enrolmentlink"), ("deleted", "otp_totp.totpdevice"), ("created", "otp_totp.totpdevice")
    ):
        enrol(client, user)
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


# A new app with the one in use


def test_a_new_app_is_set_up_with_a_code_from_the_app_in_use(world: World, client_for: Any) -> None:
    user = world.user("social_worker")
    client = client_for("social_worker")
    current = TOTPDevice.objects.get(user=user, confirmed=True)
    assert client.get("/account/authenticator-app/").status_code == 200
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post("/account/authenticator-app/", {"current_code": "000000", "code": code(new)}).content.decode()
    assert "There is a problem" in page and "wrong or has expired" in page
    assert TOTPDevice.objects.get(pk=new.pk).confirmed is False
    # A minute later (a wrong code throttles the device for a moment), with the right codes.
    with (
        time_machine.travel(timezone.now() + dt.timedelta(minutes=1), tick=False),
        assert_audit_events(("deleted", "otp_totp.totpdevice"), ("created", "otp_totp.totpdevice")),
    ):
        response = client.post("/account/authenticator-app/", {"current_code": code(current), "code": code(new)})
    assert response["Location"] == "/"
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
