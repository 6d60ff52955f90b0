"""Sessions (issue 26, finding 10): an absolute lifetime beside the idle timeout, and a new session id once the second
factor is verified."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.factories import TOTPDeviceFactory
from joinedup.accounts.sessions import SIGNED_IN_AT_SESSION_KEY
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def signed_in(world: World, client: Client) -> TOTPDevice:
    """Signed in through the form: password, then the code."""
    device = TOTPDeviceFactory.create(user=world.user("social_worker"), name="phone", confirmed=True)
    client.post("/sign-in/", {"username": "social.worker", "password": PASSWORD})
    client.post("/sign-in/second-factor/", {"code": code(device)})
    assert client.get("/").status_code == 200
    return device


def test_the_absolute_lifetime_is_ten_hours_and_the_idle_timeout_thirty_minutes() -> None:
    assert dt.timedelta(hours=10) == settings.JOINEDUP_SESSION_ABSOLUTE_LIFETIME
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_signing_in_notes_when_in_the_session(world: World, client: Client) -> None:
    before = int(timezone.now().timestamp())
    signed_in(world, client)
    assert before <= client.session[SIGNED_IN_AT_SESSION_KEY] <= int(timezone.now().timestamp())


def test_an_active_session_is_signed_out_after_the_absolute_lifetime(world: World, client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        signed_in(world, client)
        # Busy all shift: a request every 20 minutes keeps the idle timeout from ever ending the session.
        for _ in range(29):
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get("/").status_code == 200
        traveller.move_to(start + dt.timedelta(hours=10))
        response = client.get("/children/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=%2Fchildren%2F%3Fpage%3D2"
    page = client.get(response["Location"]).content.decode()
    assert "You have been signed out because you signed in more than 10 hours ago" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


@override_settings(JOINEDUP_SESSION_ABSOLUTE_LIFETIME=dt.timedelta(hours=1))
def test_the_lifetime_comes_from_the_setting(world: World, client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        signed_in(world, client)
        for minutes in (25, 50, 59):
            traveller.move_to(start + dt.timedelta(minutes=minutes))
            assert client.get("/").status_code == 200
        traveller.move_to(start + dt.timedelta(minutes=60))
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert "signed in more than 1 hour ago" in client.get(response["Location"]).content.decode()


def test_the_idle_timeout_still_ends_a_session_left_alone(world: World, client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        signed_in(world, client)
        traveller.move_to(start + dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.move_to(start + dt.timedelta(minutes=29 + 31))  # 31 minutes without a request
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    # Ended by the idle timeout (the stored session has expired), not by the lifetime: no lifetime message.
    assert "signed in more than" not in client.get(response["Location"]).content.decode()


def test_a_session_that_does_not_say_when_it_was_signed_in_is_signed_out(world: World, client_for: Any) -> None:
    client = client_for("social_worker")
    assert client.get("/").status_code == 200
    session = client.session
    del session[SIGNED_IN_AT_SESSION_KEY]
    session.save()
    assert client.get("/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_api_answers_refused_rather_than_redirecting_after_the_lifetime(world: World, client_for: Any) -> None:
    client = client_for("social_worker")
    assert client.get("/api/v1/children/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=10, minutes=1), tick=False):
        response = client.get("/api/v1/children/")
    assert response.status_code in (401, 403)


def test_a_draft_survives_the_lifetime_and_is_there_after_signing_in_again(world: World, client: Client) -> None:
    from joinedup.case_record.models import CaseNoteDraft

    child = world.allocated_child
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        device = signed_in(world, client)
        autosave = client.post(
            reverse("case_record:note_autosave", args=[child.pk]),
            {"what_happened": "Ellie showed me her drawing of home", "children": [child.pk]},
        )
        draft_id = autosave.json()["draft_id"]
        traveller.move_to(start + dt.timedelta(hours=10, minutes=5))
        # The form posted after the lifetime is not recorded, and the user is sent to sign in.
        late = client.post(reverse("case_record:note_new", args=[child.pk]), {"what_happened": "late"})
        assert late.status_code == 302 and late["Location"].startswith("/sign-in/")
        client.post("/sign-in/", {"username": "social.worker", "password": PASSWORD})
        traveller.shift(dt.timedelta(seconds=31))  # the next code
        client.post("/sign-in/second-factor/", {"code": code(device)})
        again = client.get(reverse("case_record:note_new", args=[child.pk]) + f"?draft={draft_id}")
    assert again.status_code == 200
    assert "Ellie showed me her drawing of home" in again.content.decode()
    assert CaseNoteDraft.objects.filter(pk=draft_id).exists()


def test_the_session_id_changes_when_the_second_factor_is_verified(world: World, client: Client) -> None:
    device = TOTPDeviceFactory.create(user=world.user("social_worker"), name="phone", confirmed=True)
    client.post("/sign-in/", {"username": "social.worker", "password": PASSWORD})
    after_password = client.session.session_key
    assert after_password
    client.post("/sign-in/second-factor/", {"code": code(device)})
    after_code = client.session.session_key
    assert after_code != after_password
    assert not Session.objects.filter(session_key=after_password).exists()
    assert client.get("/").status_code == 200


def test_a_wrong_code_keeps_the_session_id(world: World, client: Client) -> None:
    TOTPDeviceFactory.create(user=world.user("social_worker"), name="phone", confirmed=True)
    client.post("/sign-in/", {"username": "social.worker", "password": PASSWORD})
    after_password = client.session.session_key
    client.post("/sign-in/second-factor/", {"code": "000000"})
    assert client.session.session_key == after_password
