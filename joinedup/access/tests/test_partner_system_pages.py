"""The administrator's pages for partner systems and their API tokens (issue 26): only the administrator reaches
them; bad input is explained in the error summary; registering, issuing, rotating and revoking are each audited; a
key is shown once, on a page nobody caches."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from joinedup.access.factories import partner_system_token
from joinedup.accounts.models import PartnerSystem, PartnerSystemToken
from joinedup.accounts.tokens import key_parts
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db

LIST = "/partner-systems/"
NEW = "/partner-systems/new/"


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def error_summary(response: Any) -> str:
    html = response.content.decode()
    assert "govuk-error-summary" in html, "no error summary"
    assert "<title>Error: " in html
    return html


def key_on(response: Any) -> str:
    html = response.content.decode()
    start = html.index('id="api-token-key"')
    start = html.index(">", start) + 1
    return html[start : html.index("</code>", start)]


def api(key: str) -> int:
    return Client().get("/api/v1/children/", HTTP_AUTHORIZATION=f"Token {key}").status_code


@pytest.fixture
def admin(client_for: Any) -> Client:
    return client_for("administrator")  # type: ignore[no-any-return]


def test_only_the_administrator_reaches_the_pages(world: World, client_for: Any) -> None:
    token, _key = partner_system_token(practitioner=world.school_dsl)
    pages = [
        LIST,
        NEW,
        f"/partner-systems/{token.partner_system_id}/tokens/new/",
        f"/partner-systems/tokens/{token.pk}/rotate/",
        f"/partner-systems/tokens/{token.pk}/revoke/",
    ]
    for name in ("team_manager", "social_worker", "school_dsl", "analyst"):
        client = client_for(name)
        for page in pages:
            assert client.get(page).status_code == 404, (name, page)
            assert client.post(page, {"reason": "x", "name": "x"}).status_code == 404, (name, page)
        assert "Partner systems" not in client.get("/").content.decode()
    admin = client_for("administrator")
    for page in pages:
        assert admin.get(page).status_code == 200, page
    assert f'href="{LIST}"' in admin.get("/").content.decode()  # in the administrator's navigation
    assert (
        not AuditEvent.objects.filter(action__startswith="api_token_")
        .exclude(action=AuditAction.API_TOKEN_USED)
        .exists()
    )


def test_registering_explains_what_is_missing(world: World, admin: Client) -> None:
    html = error_summary(admin.post(NEW, {}))
    for message in (
        "Enter the name of the partner system",
        "Select the organisation the system belongs to",
        "Select how the system acts",
    ):
        assert message in html
    html = error_summary(
        admin.post(NEW, {"name": "Police system", "organisation": world.police.pk, "acts_as": "practitioner"})
    )
    assert "Enter the username of the practitioner the system acts through" in html
    html = error_summary(
        admin.post(
            NEW,
            {
                "name": "Police system",
                "organisation": world.police.pk,
                "acts_as": "practitioner",
                "username": "school.dsl",
            },
        )
    )
    assert "This practitioner does not work for County Police" in html
    assert not PartnerSystem.objects.exists()


def test_registering_a_system_that_acts_through_a_practitioner(world: World, admin: Client) -> None:
    response = admin.post(
        NEW,
        {
            "name": "County Police case system",
            "organisation": world.police.pk,
            "acts_as": "practitioner",
            "username": "police.officer",
        },
    )
    system = PartnerSystem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/partner-systems/{system.pk}/tokens/new/"
    assert (system.organisation, system.practitioner, system.account) == (world.police, world.police_officer, None)
    event = AuditEvent.objects.get(action=AuditAction.CREATED, object_type="accounts.partnersystem")
    assert (event.actor_id, event.object_id) == (world.user("administrator").pk, str(system.pk))
    html = error_summary(
        admin.post(NEW, {"name": "county police case system", "organisation": world.police.pk, "acts_as": "itself"})
    )
    assert "A partner system with this name is already registered" in html


def test_registering_a_system_that_acts_as_itself_gives_it_an_account_that_cannot_sign_in(
    world: World, admin: Client
) -> None:
    admin.post(
        NEW, {"name": "Child Health Information System", "organisation": world.health_visiting.pk, "acts_as": "itself"}
    )
    system = PartnerSystem.objects.get()
    assert system.practitioner is None and system.account is not None
    assert system.account.username == "partner.child-health-information-system"
    assert not system.account.has_usable_password()


def test_issuing_a_token_explains_bad_input(world: World, admin: Client) -> None:
    token, _key = partner_system_token(practitioner=world.school_dsl)
    page = f"/partner-systems/{token.partner_system_id}/tokens/new/"
    html = error_summary(admin.post(page, {}))
    assert "Select what the token may do" in html and "Enter the date the token expires" in html
    today = timezone.localdate()
    html = error_summary(admin.post(page, {"scopes": ["children:read"], **date_fields("expires_on", today)}))
    assert "The date the token expires must be in the future" in html
    html = error_summary(
        admin.post(page, {"scopes": ["children:read"], **date_fields("expires_on", today + timedelta(days=366))})
    )
    assert "The date the token expires must be no later than" in html
    html = error_summary(
        admin.post(page, {"scopes": ["everything"], **date_fields("expires_on", today + timedelta(days=9))})
    )
    assert "Select only the scopes listed" in html
    assert PartnerSystemToken.objects.count() == 1  # the one the test began with


def test_issuing_a_token_shows_its_key_once_and_audits_it(world: World, admin: Client) -> None:
    system = PartnerSystem.objects.create(
        name="Brookside MIS", organisation=world.school, practitioner=world.school_dsl
    )
    page = f"/partner-systems/{system.pk}/tokens/new/"
    assert "Read the children it may see" in admin.get(page).content.decode()
    expires_on = timezone.localdate() + timedelta(days=90)
    response = admin.post(
        page, {"scopes": ["children:read", "contacts:write"], **date_fields("expires_on", expires_on)}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = key_on(response)
    token = PartnerSystemToken.objects.get()
    assert key_parts(key) is not None and key_parts(key)[0] == token.prefix  # type: ignore[index]
    assert token.scopes == ["children:read", "contacts:write"]
    assert timezone.localtime(token.expires_at).date() == expires_on + timedelta(days=1)  # to the end of that day
    assert token.issued_by == world.user("administrator")
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_ISSUED)
    assert (event.actor_id, event.object_id) == (world.user("administrator").pk, str(token.pk))
    assert "children:read, contacts:write" in event.reason and key_parts(key)[1] not in event.reason  # type: ignore[index]
    assert api(key) == 200
    listing = admin.get(LIST).content.decode()
    assert f'<code class="govuk-!-text-break-word">{token.display_prefix}…</code>' in listing
    assert key not in listing and "Live" in listing


def test_rotating_a_token_replaces_it_and_the_old_one_works_for_a_day(world: World, admin: Client) -> None:
    old, old_key = partner_system_token(
        practitioner=world.school_dsl, scopes=["children:read"], expires_in=timedelta(days=60)
    )
    page = f"/partner-systems/tokens/{old.pk}/rotate/"
    assert f"<code>{old.display_prefix}…</code>" in admin.get(page).content.decode()
    html = error_summary(admin.post(page, {}))
    assert "Enter the date the new token expires" in html
    response = admin.post(page, date_fields("expires_on", timezone.localdate() + timedelta(days=200)))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    new_key = key_on(response)
    new = PartnerSystemToken.objects.get(replaces=old)
    assert new.scopes == ["children:read"] and new.partner_system_id == old.partner_system_id
    old.refresh_from_db()
    assert timedelta(hours=23) < old.expires_at - timezone.now() <= timedelta(hours=24)
    assert api(old_key) == 200 and api(new_key) == 200
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_ROTATED)
    assert (event.actor_id, event.object_id) == (world.user("administrator").pk, str(new.pk))
    assert old.display_prefix in event.reason
    assert admin.get(page).status_code == 404  # a token is rotated once
    assert "Replaced: works until" in admin.get(LIST).content.decode()


def test_revoking_a_token_asks_why_stops_it_at_once_and_audits_it(world: World, admin: Client) -> None:
    token, key = partner_system_token(practitioner=world.school_dsl)
    page = f"/partner-systems/tokens/{token.pk}/revoke/"
    html = error_summary(admin.post(page, {"reason": ""}))
    assert "Say why the token is revoked" in html
    assert api(key) == 200
    response = admin.post(page, {"reason": "The school replaced its management information system"})
    assert response.status_code == 302 and response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.user("administrator")
    assert api(key) == 401
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_REVOKED)
    assert (event.actor_id, event.object_id, event.reason) == (
        world.user("administrator").pk,
        str(token.pk),
        "The school replaced its management information system",
    )
    listing = admin.get(LIST).content.decode()
    assert f"Token {token.display_prefix} of {token.partner_system.name} is revoked" in listing
    assert "Revoked" in listing
    assert admin.get(page).status_code == 404
    assert admin.get(f"/partner-systems/tokens/{token.pk}/rotate/").status_code == 404
