"""The API's callers (issue 26, ADR 0022): partner systems with a token, limited to its scopes, audited at every use;
people only in a session that has passed its second factor. A wrong, expired or revoked token is a 401; an endpoint
outside the token's scopes a 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from joinedup.access.api_scopes import NO_TOKEN_MAY_CALL, SCOPES, ApiScope, act_through_token
from joinedup.access.factories import partner_system_token
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.accounts.models import PartnerSystemToken
from joinedup.agencies.factories import OrganisationFactory
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db

CHILDREN = "/api/v1/children/"


def get(key: str, path: str = CHILDREN) -> Any:
    return Client().get(path, HTTP_AUTHORIZATION=f"Token {key}")


def assert_refused_401(response: Any) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed"


def test_a_partner_system_reads_what_its_practitioner_may_see(world: World) -> None:
    _token, key = partner_system_token(practitioner=world.school_dsl, scopes=["children:read"])
    response = get(key)
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [world.allocated_child.pk]
    assert get(key, f"{CHILDREN}{world.unallocated_child.pk}/").status_code == 404


def test_a_wrong_secret_is_refused_with_401(world: World) -> None:
    _token, key = partner_system_token(practitioner=world.school_dsl)
    wrong = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    assert_refused_401(get(wrong))
    unknown_prefix = "jup_000000000000_" + key.split("_", 2)[2]
    assert_refused_401(get(unknown_prefix))
    for malformed in ("", "jup_", "0123456789abcdef0123456789abcdef01234567", f"{key} extra", "jup_ZZZZZZZZZZZZ_x"):
        response = Client().get(CHILDREN, HTTP_AUTHORIZATION=f"Token {malformed}")
        assert response.status_code == 401, malformed
    assert get(key).status_code == 200  # the right key still works


def test_an_expired_token_is_refused_with_401(world: World) -> None:
    token, key = partner_system_token(practitioner=world.school_dsl)
    assert get(key).status_code == 200
    PartnerSystemToken.objects.filter(pk=token.pk).update(
        issued_at=timezone.now() - timedelta(days=30), expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert_refused_401(get(key))


def test_a_revoked_token_is_refused_with_401(world: World) -> None:
    token, key = partner_system_token(practitioner=world.school_dsl)
    PartnerSystemToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert_refused_401(get(key))


def test_every_refusal_answers_the_same(world: World) -> None:
    _expired, expired_key = partner_system_token(practitioner=world.school_dsl, expires_in=timedelta(seconds=-1))
    revoked, revoked_key = partner_system_token(practitioner=world.school_dsl)
    PartnerSystemToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    bodies = {get(k).content for k in (expired_key, revoked_key, "jup_0123456789ab_nothing-here")}
    assert len(bodies) == 1


def test_a_token_stops_when_its_practitioner_leaves_or_moves(world: World) -> None:
    _token, key = partner_system_token(practitioner=world.police_officer)
    assert get(key).status_code == 200
    world.police_officer.organisation = OrganisationFactory()
    world.police_officer.save()
    assert_refused_401(get(key))
    world.police_officer.organisation = world.police
    world.police_officer.save()
    user = world.user("police_officer")
    user.is_active = False
    user.save()
    assert_refused_401(get(key))


def test_a_persons_old_style_token_no_longer_exists() -> None:
    """Django REST framework's personal tokens are gone: the app is not installed, and a key of theirs is a 401."""
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert "rest_framework.authentication.TokenAuthentication" not in classes
    assert_refused_401(get("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"))


def test_an_endpoint_outside_the_tokens_scopes_is_refused_with_403(world: World) -> None:
    _token, key = partner_system_token(practitioner=world.police_officer, scopes=["children:read"])
    assert get(key).status_code == 200
    refused = Client().post("/api/v1/contacts/", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert get(key, "/api/v1/deadlines/").status_code == 403
    _token, contacts_only = partner_system_token(practitioner=world.police_officer, scopes=["contacts:write"])
    assert get(contacts_only).status_code == 403


def test_a_token_never_does_more_than_the_user_it_acts_as(world: World) -> None:
    """Every scope, through a police officer: the child protection status lookup is still for health only."""
    _token, key = partner_system_token(practitioner=world.police_officer)
    assert get(key, "/api/v1/child-protection/cp-is/?nhs_number=9434765919").status_code == 404


def test_a_permission_outside_the_scopes_is_refused_whatever_the_user_may_do(world: World) -> None:
    user = world.user("social_worker")
    child = world.allocated_child
    assert has_permission(user, Permission.VIEW_CASE_RECORD, child)
    act_through_token(user, ["children:read"])
    assert has_permission(user, Permission.VIEW_CHILD, child)
    assert not has_permission(user, Permission.VIEW_CASE_RECORD, child)
    assert not has_permission(user, Permission.RAISE_CONCERN)
    act_through_token(user, ["case-notes:read", "retired:scope"])
    assert has_permission(user, Permission.VIEW_CASE_RECORD, child)
    assert not has_permission(user, Permission.VIEW_CHILD, child)


def test_the_scopes_permissions_narrow_an_endpoint_in_scope(world: World) -> None:
    """The chronology endpoint is in the chronology scope; without it the same caller is refused before any read."""
    child = world.allocated_child
    _token, with_scope = partner_system_token(practitioner=world.social_worker, scopes=["chronology:read"])
    assert get(with_scope, f"/api/v1/children/{child.pk}/chronology/").status_code == 200
    _token, without = partner_system_token(practitioner=world.social_worker, scopes=["children:read"])
    assert get(without, f"/api/v1/children/{child.pk}/chronology/").status_code == 403


def test_every_use_is_audited_as_the_tokens_with_its_last_used_time(world: World) -> None:
    token, key = partner_system_token(practitioner=world.school_dsl, scopes=["children:read"])
    assert token.last_used_at is None
    get(key)
    get(key, "/api/v1/deadlines/")  # refused (403), and still a use of the token
    uses = list(AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED).order_by("id"))
    assert [(e.actor_id, e.object_type, e.object_id, e.reason) for e in uses] == [
        (world.user("school_dsl").pk, "accounts.partnersystemtoken", str(token.pk), "GET api:children"),
        (world.user("school_dsl").pk, "accounts.partnersystemtoken", str(token.pk), "GET api:deadlines"),
    ]
    assert all(e.child_id is None for e in uses)
    token.refresh_from_db()
    assert token.last_used_at is not None and timezone.now() - token.last_used_at < timedelta(minutes=1)
    # The read itself is audited as the practitioner's, as for a page.
    listed = AuditEvent.objects.filter(action=AuditAction.LISTED).values_list("actor_id", "child_id")
    assert list(listed) == [(world.user("school_dsl").pk, world.allocated_child.pk)]


def test_a_refused_token_writes_no_use(world: World) -> None:
    token, key = partner_system_token(practitioner=world.school_dsl)
    PartnerSystemToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    get(key)
    assert not AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED).exists()


def test_a_system_acting_as_itself_has_only_its_own_account(world: World) -> None:
    token, key = partner_system_token(organisation=world.health_visiting)
    response = get(key)
    assert response.status_code == 200 and response.json()["count"] == 0
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_USED)
    assert event.actor_id == token.partner_system.account_id
    assert get(key, "/api/v1/child-protection/cp-is/?nhs_number=9434765919").status_code == 404


def test_a_partner_systems_own_account_never_signs_in(world: World) -> None:
    token, _key = partner_system_token(organisation=world.health_visiting)
    account = token.partner_system.account
    assert account is not None and not account.has_usable_password()
    account.set_password("a-long-enough-password-2026")
    account.save()
    client = Client()
    response = client.post("/sign-in/", {"username": account.username, "password": "a-long-enough-password-2026"})
    assert response.status_code == 200  # the form again, with its error: no session
    assert "_auth_user_id" not in client.session


def test_anonymous_callers_are_asked_for_a_token(db: Any) -> None:
    response = Client().get(CHILDREN)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_persons_session_needs_its_second_factor(world: World, client_for: Any) -> None:
    assert client_for("social_worker").get(CHILDREN).status_code == 200
    half_signed_in = Client()
    half_signed_in.force_login(world.user("social_worker"))  # a password, no second factor
    assert half_signed_in.get(CHILDREN).status_code == 401
    # The demo's "skip the security code" counts only where the settings allow it, as for the pages.
    session = half_signed_in.session
    session["demo_second_factor_skipped"] = True
    session.save()
    assert not settings.JOINEDUP_DEMO_SKIPS_SECOND_FACTOR
    assert half_signed_in.get(CHILDREN).status_code == 401
    with override_settings(JOINEDUP_DEMO_SKIPS_SECOND_FACTOR=True):
        assert half_signed_in.get(CHILDREN).status_code == 200


def test_every_scope_names_only_real_endpoints_and_every_endpoint_has_a_scope() -> None:
    """A new API endpoint fails here until it is given to a scope (or deliberately to none), so no endpoint is opened
    to tokens, or closed to them, without a decision."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def names(patterns: list[Any]) -> set[str]:
        found: set[str] = set()
        for p in patterns:
            if isinstance(p, URLResolver):
                found |= names(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name:
                found.add(p.name)
        return found

    api = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api")
    endpoints = names(api.url_patterns)
    in_scopes = {name for grant in SCOPES.values() for _method, name in grant.endpoints}
    assert in_scopes <= endpoints
    assert endpoints >= NO_TOKEN_MAY_CALL and not NO_TOKEN_MAY_CALL & in_scopes
    assert endpoints - in_scopes == {"schema"} | NO_TOKEN_MAY_CALL
    assert {str(s) for s in ApiScope} == {str(s) for s in SCOPES}
