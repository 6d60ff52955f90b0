"""Signing in: a password, then a security code from an authenticator app, or setting one up the first time through a
one-time enrolment link an administrator issues."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.browser


# Given


def given_a_user_with_an_authenticator_app(world: Any) -> tuple[Any, TOTPDevice]:
    user = world.user("social_worker")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


def given_a_user_signing_in_for_the_first_time(world: Any) -> Any:
    user = world.user("front_door")
    assert not TOTPDevice.objects.filter(user=user).exists()
    return user


# When


def when_they_sign_in_with_their_password(page: Page, user: Any) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def when_they_enter_the_code(page: Page, code: str) -> None:
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name=re.compile("^(Continue|Confirm and continue)$")).click()


def when_they_follow_the_error_link(page: Page, text: str) -> None:
    page.locator(".govuk-error-summary").get_by_role("link", name=text).click()


# Then


def then_they_are_asked_for_a_security_code(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/sign-in/second-factor/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")


def then_they_see_the_home_page(page: Page, practitioner: Any) -> None:
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page).to_have_title("Home – JoinedUp")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {practitioner.given_name}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def then_the_error_summary_says(page: Page, *messages: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(list(messages))


def then_the_field_has_focus(page: Page, field_id: str) -> None:
    expect(page.locator(f"#{field_id}")).to_be_focused()


def then_they_are_told_to_ask_for_an_enrolment_link(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/sign-in/set-up-second-factor/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask your administrator for an enrolment link")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_have_count(0)


def then_they_see_a_qr_code_to_set_up_the_app(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/sign-in/enrol/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr = page.get_by_role("img", name="QR code for adding JoinedUp to an authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image did not load"


def the_key_shown(page: Page) -> bytes:
    """The key the set-up page shows for typing into an app that cannot scan the QR code."""
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator(".joinedup-secret").inner_text().strip()
    return base64.b32decode(key + "=" * (-len(key) % 8))


# Codes


def a_correct_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def a_wrong_code(device: TOTPDevice) -> str:
    """A code the device would not accept now: not the code of this step or either neighbour."""
    accepted = {totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=d) for d in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(123456, 10**6) if n not in accepted)


# Journeys


def test_signing_in_with_password_and_security_code(page: Page, world: Any, assert_accessible: Any) -> None:
    user, device = given_a_user_with_an_authenticator_app(world)
    when_they_sign_in_with_their_password(page, user)
    then_they_are_asked_for_a_security_code(page)
    assert_accessible(page)
    when_they_enter_the_code(page, a_correct_code(device))
    then_they_see_the_home_page(page, world.social_worker)
    assert_accessible(page)


def test_a_wrong_security_code_is_explained(page: Page, world: Any, assert_accessible: Any) -> None:
    user, device = given_a_user_with_an_authenticator_app(world)
    when_they_sign_in_with_their_password(page, user)
    when_they_enter_the_code(page, a_wrong_code(device))
    then_the_error_summary_says(page, "The security code is wrong or has expired. Enter the newest code.")
    assert_accessible(page)
    when_they_follow_the_error_link(page, "The security code is wrong or has expired. Enter the newest code.")
    then_the_field_has_focus(page, "id_code")


def test_a_wrong_password_is_explained(page: Page, world: Any, assert_accessible: Any) -> None:
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill(world.user("social_worker").username)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    message = "Enter a correct username and password. After 5 failed attempts your account is locked for 30 minutes."
    then_the_error_summary_says(page, message)
    assert_accessible(page)
    when_they_follow_the_error_link(page, message)
    then_the_field_has_focus(page, "id_username")


def test_first_sign_in_without_an_enrolment_link_says_to_ask_for_one(
    page: Page, world: Any, assert_accessible: Any
) -> None:
    user = given_a_user_signing_in_for_the_first_time(world)
    when_they_sign_in_with_their_password(page, user)
    then_they_are_told_to_ask_for_an_enrolment_link(page)
    assert_accessible(page)
    page.goto("/")
    then_they_are_told_to_ask_for_an_enrolment_link(page)


def test_an_administrator_issues_an_enrolment_link_and_the_user_sets_up_their_app_with_it(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    user = given_a_user_signing_in_for_the_first_time(world)
    # The administrator issues a link for them by username.
    sign_in_as(world.user("administrator"))
    page.goto("/")
    page.get_by_role("link", name="Enrolment links for authenticator apps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrolment links for authenticator apps")
    page.get_by_role("button", name="Issue an enrolment link").click()
    then_the_error_summary_says(page, "Enter the username of the person the link is for")
    assert_accessible(page)
    page.get_by_label("Username of the person the link is for").fill(user.username)
    page.get_by_role("button", name="Issue an enrolment link").click()
    link = page.locator("#enrolment-link").inner_text().strip()
    assert re.fullmatch(r"http://[^/]+/sign-in/enrol/[A-Za-z0-9_-]{40,}/", link), link
    expect(page.get_by_role("table")).to_contain_text("Not used yet")
    assert_accessible(page)
    # The user, in their own browser, opens it, signs in with their password and sets up the app.
    page.context.clear_cookies()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/sign-in/\?next="))
    when_they_sign_in_with_their_password(page, user)
    then_they_see_a_qr_code_to_set_up_the_app(page)
    screenshot(page, "enrol-second-factor")
    assert_accessible(page)
    key = the_key_shown(page)
    when_they_enter_the_code(page, f"{totp(key):06d}")
    then_they_see_the_home_page(page, world.front_door)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the service's menu folds behind a button
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {world.front_door.given_name}")
    assert_accessible(page)
    # The link has been used: opening it again is refused.
    page.context.clear_cookies()
    page.goto(link)
    when_they_sign_in_with_their_password(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this enrolment link")
    expect(page.get_by_text("This enrolment link has already been used")).to_be_visible()
    assert_accessible(page)
