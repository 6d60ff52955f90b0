"""Record pages are never kept by browsers or proxies (issue 26, finding 9)."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/children/", "/my-work/", "/api/v1/children/"])
def test_every_signed_in_response_says_no_store(client_for: Any, path: str) -> None:
    response = client_for("social_worker").get(path)
    assert response.status_code in (200, 302)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_childs_record_page_says_no_store(world: World, client_for: Any) -> None:
    response = client_for("social_worker").get(f"/children/{world.allocated_child.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_api_says_no_store_even_when_it_refuses(client: Any) -> None:
    response = client.get("/api/v1/children/")
    assert response.status_code in (401, 403)
    assert "no-store" in response["Cache-Control"]


def test_anonymous_pages_outside_the_api_are_left_alone(client: Any) -> None:
    assert "no-store" not in client.get("/healthz").get("Cache-Control", "")


def test_the_api_schema_is_behind_sign_in(client: Any, client_for: Any, world: World) -> None:
    """Finding 8: the schema was public to anonymous users and unverified sessions."""
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    client.force_login(world.social_worker.user)  # signed in with a password only: no second factor yet
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    assert client_for("social_worker").get("/api/v1/schema/?format=json").status_code == 200


def test_trace_is_refused_everywhere(client: Any, client_for: Any) -> None:
    """ASVS 13.4.4: views without a method decorator answered TRACE (`/healthz` did)."""
    assert client.generic("TRACE", "/healthz").status_code == 405
    assert client_for("social_worker").generic("TRACE", "/").status_code == 405


def test_flash_messages_are_kept_in_the_session_not_a_cookie(client_for: Any, settings: Any) -> None:
    """ASVS 3.3.1, 14.3.3: a flash message can name a child; it must not travel in a cookie of its own."""
    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")
    response = client_for("social_worker").get("/")
    assert "messages" not in response.cookies


def test_the_content_security_policy_allows_no_base_element(client: Any) -> None:
    policy = client.get("/sign-in/")["Content-Security-Policy"]
    assert "base-uri 'none'" in policy
