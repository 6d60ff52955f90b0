"""The public's "report a concern" as question pages (issue 19), for a member of the public on a phone: short pages
in plain words and a check page; the draft tied to their browser's session by an unguessable token (another browser,
or a guessed address, finds nothing), kept a day and then purged by the daily task."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.front_door.concern_pages import PUBLIC
from joinedup.front_door.models import ConcernDraft, Contact
from joinedup.front_door.tasks import front_door_daily

pytestmark = pytest.mark.django_db
START = "/report-a-concern/"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def body(response: Any) -> str:
    assert response.status_code in (200, 400), response.status_code
    return unescape(response.content.decode())


def started(client: Client) -> tuple[ConcernDraft, str]:
    """Answer the first page; the draft and the address of the page after it."""
    response = client.post(START, {"immediate_danger": "no", "website_url": ""})
    assert response.status_code == 302
    return ConcernDraft.objects.latest("id"), response["Location"]


def test_the_pages_are_short_and_named_by_an_unguessable_token(world: World) -> None:
    client = Client()
    first = body(client.get(START))
    assert "Is the child in immediate danger?" in first and "Exit this page" in first
    assert 'name="child_given_name"' not in first  # one thing a page
    assert all(len(page.fields) <= 3 for page in PUBLIC.pages)  # short pages, for a phone
    assert "child-record" not in PUBLIC.by_slug  # the public never see a record
    draft, following = started(client)
    assert draft.journey == "public" and draft.owner is None and len(draft.token) >= 40
    assert following == f"/report-a-concern/{draft.token}/child-name/" and str(draft.pk) not in following.split("/")
    assert draft.expires_at is not None
    assert dt.timedelta(hours=23) < draft.expires_at - timezone.now() <= dt.timedelta(hours=24)


def test_another_browser_or_a_guessed_address_finds_nothing(world: World) -> None:
    mine = Client()
    draft, following = started(mine)
    mine.post(following, {"child_given_name": "Tyler", "child_family_name": "Hughes"})
    assert "Tyler" in body(mine.get(following))
    someone_else = Client()
    started(someone_else)  # with a report of their own, in their own session
    check = f"/report-a-concern/{draft.token}/check/"
    for url in (following, check):
        assert someone_else.get(url).status_code == 404
    assert someone_else.post(following, {"child_given_name": "Changed"}).status_code == 404
    assert someone_else.post(check).status_code == 404
    assert Client().get(f"/report-a-concern/{'x' * 43}/child-name/").status_code == 404
    draft.refresh_from_db()
    assert draft.answers["child_given_name"] == ["Tyler"] and not Contact.objects.exists()


def test_each_page_checks_its_own_answers_and_keeps_what_was_typed(world: World) -> None:
    client = Client()
    draft, _ = started(client)
    age = client.post(f"/report-a-concern/{draft.token}/child-age/", {"child_age_years": "eight"})
    assert age.status_code == 400
    html = body(age)
    assert "Error: How old is the child?" in html and 'href="#id_child_age_years"' in html
    you = client.post(f"/report-a-concern/{draft.token}/your-details/", {"referrer_email": "not an address"})
    assert you.status_code == 400 and "How old" not in body(you)  # only this page's problems
    draft.refresh_from_db()
    assert draft.answers["child_age_years"] == ["eight"]  # kept as typed
    fine = client.post(f"/report-a-concern/{draft.token}/child-age/", {"child_age_years": "8"})
    assert fine["Location"] == f"/report-a-concern/{draft.token}/child-address/"


def test_a_draft_expires_after_a_day_and_the_daily_task_purges_it(world: World) -> None:
    client = Client()
    old, _ = started(client)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert client.get(f"/report-a-concern/{old.token}/child-name/").status_code == 404
        fresh, _ = started(client)
        assert front_door_daily.call() == {"public_drafts_purged": 1}
    assert list(ConcernDraft.objects.values_list("pk", flat=True)) == [fresh.pk]
    purged = AuditEvent.objects.get(
        object_type="front_door.concerndraft", object_id=str(old.pk), action=AuditAction.DELETED
    )
    assert purged.actor_system == "daily-jobs"


def test_the_pages_ask_a_fixed_number_of_queries(world: World, django_assert_num_queries: Any) -> None:
    client = Client()
    draft, following = started(client)
    check = f"/report-a-concern/{draft.token}/check/"
    for url in (START, following, check):
        client.get(url)
    for url, queries in ((START, QUERIES_FIRST), (following, QUERIES_PAGE), (check, QUERIES_CHECK)):
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


# The session, the harms and early signs offered (every page's form asks them), the draft by its token (and its
# session's row again when saved). Nothing grows with the answers: a draft is one row, read once.
QUERIES_FIRST, QUERIES_PAGE, QUERIES_CHECK = 6, 7, 7
