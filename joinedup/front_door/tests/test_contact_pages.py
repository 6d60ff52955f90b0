"""The front door's "record a call or email" as question pages (issue 19), on the partner's concern's machinery:
immediate danger first, the answers kept on the server as a draft (a time-out loses nothing) that is the
practitioner's alone and on their My work, the front door's own "Is this the child?" with nothing chosen, a banner
saying nothing is recorded yet, and the contact recorded once, at the end, alerting the duty team then."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.core.cache import cache

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World
from joinedup.front_door.concern_pages import FRONT_DOOR, PARTNER
from joinedup.front_door.models import ConcernDraft, Contact, DutyAlert

from .conftest import through_the_pages

pytestmark = pytest.mark.django_db
START = "/front-door/contacts/new/"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def body(response: Any) -> str:
    assert response.status_code in (200, 400), response.status_code
    return unescape(response.content.decode())


def call(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "immediate_danger": "no",
        "urgency": "standard",
        "channel": "phone",
        "source": "1A",
        "referrer_name": "Jean Holt",
        "referrer_phone": "0113 496 0000",
        "child_given_name": "Tyler",
        "child_family_name": "Nobody-Matches",
        "child_is_unborn": "no",
        "child_date_of_birth_0": "4",
        "child_date_of_birth_1": "9",
        "child_date_of_birth_2": "2016",
        "child_address": "12 Acacia Road",
        "child_record_choice": "none",
        "kind": "concern",
        "what_happened": "Grandmother rang: Tyler is left alone overnight.",
        "harms": ["neglect"],
        "family_aware": "not_aware",
        "consent": "not_sought",
        "consent_reason": "Grandmother fears the family will move away.",
    }
    data.update(overrides)
    return data


def test_a_call_is_asked_a_page_at_a_time_danger_first_and_recorded_once_at_the_end(
    world: World, client_for: Any, today: date
) -> None:
    client = client_for("front_door")
    first = body(client.get(START))
    assert "Is the child in immediate danger?" in first and 'name="child_given_name"' not in first
    assert FRONT_DOOR.pages[0].slug == "danger"
    check, _ = through_the_pages(client, call(world, immediate_danger="yes", urgency="urgent"), start=START)
    assert not Contact.objects.exists() and not DutyAlert.objects.exists()  # nothing recorded, nobody alerted yet
    draft = ConcernDraft.objects.get()
    assert draft.journey == "front_door" and draft.owner == world.user("front_door")
    page = body(client.get(f"/front-door/contacts/drafts/{draft.pk}/what-happened/"))
    assert "This contact has not been recorded yet." in page and "govuk-notification-banner" in page
    assert "The duty team is alerted to a child in immediate danger only when you record it" in page
    html = body(client.get(check))
    assert "Check your answers before recording the contact" in html
    for answer in ("Phone call", "Jean Holt", "Nobody-Matches", "4 September 2016", "Neglect"):
        assert answer in html, answer
    recorded = client.post(check)
    contact = Contact.objects.get()
    assert recorded["Location"] == f"/front-door/contacts/{contact.pk}/"
    assert (contact.channel, contact.source, contact.referrer_name, contact.immediate_danger) == (
        "phone",
        "1A",
        "Jean Holt",
        True,
    )
    assert DutyAlert.objects.filter(contact=contact).exists()  # the duty team alerted at once, on recording
    assert not ConcernDraft.objects.exists()
    assert client.post(check)["Location"] == "/front-door/"  # a second click records nothing more
    assert Contact.objects.count() == 1


def test_each_page_checks_its_own_answers_and_keeps_what_was_typed(world: World, client_for: Any, today: date) -> None:
    client = client_for("front_door")
    client.post(START, {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    how = client.post(f"/front-door/contacts/drafts/{draft.pk}/how/", {"source": "1A"})
    assert how.status_code == 400
    html = body(how)
    assert "Select how it reached the front door: a phone call or an email" in html
    assert 'href="#id_channel"' in html  # the error summary links to the question
    born = client.post(f"/front-door/contacts/drafts/{draft.pk}/child-born/", call(world, child_date_of_birth_1="13"))
    assert born.status_code == 400 and "The date of birth must be a real date" in body(born)
    assert "Select how it reached" not in body(born)  # only this page's problems
    who = client.post(f"/front-door/contacts/drafts/{draft.pk}/who/", call(world, referrer_email="not-an-email"))
    assert who.status_code == 400 and "email" in body(who).lower()
    draft.refresh_from_db()
    assert draft.answers["child_date_of_birth_1"] == ["13"] and draft.answers["source"] == ["1A"]  # kept as typed


def test_every_problem_is_shown_at_once_in_the_order_of_the_pages(world: World, client_for: Any, today: date) -> None:
    client = client_for("front_door")
    data = call(world, immediate_danger="", source="", what_happened="", harms=[], family_aware="")
    check, _ = through_the_pages(client, data, start=START)
    response = client.post(check)
    assert response.status_code == 400
    html = body(response)
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    expected = [
        "Say whether the child is in immediate danger",
        "Select who the contact is from",
        "Say what has happened, or what you have seen or heard",
        "Select every harm the child is experiencing or at risk of",
    ]
    positions = [summary.index(message) for message in expected]
    assert positions == sorted(positions)
    draft = ConcernDraft.objects.get()
    assert f'href="/front-door/contacts/drafts/{draft.pk}/how/?change=check&show=problems#id_source"' in html
    assert not Contact.objects.exists()


def test_is_this_the_child_shows_the_front_door_its_matches_with_nothing_chosen(
    world: World, client_for: Any, today: date
) -> None:
    """A call about Ellie Marsden: the front door sees her record, chooses it, and the contact is recorded about her
    (confirmed by the front door, its decision clock started), in one go."""
    child = world.allocated_child
    client = client_for("front_door")
    client.post(START, {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    data = call(world, child_given_name=child.given_name, child_family_name=child.family_name)
    for slug in ("urgency", "how", "who", "child-name", "child-born"):
        client.post(f"/front-door/contacts/drafts/{draft.pk}/{slug}/", data)
    html = body(client.get(f"/front-door/contacts/drafts/{draft.pk}/child-record/"))
    assert child.display_name in html and "This contact has not been recorded yet." in html
    assert "checked" not in html[html.index('name="child_record_choice"') - 300 :].split("</fieldset>")[0]
    missing = client.post(f"/front-door/contacts/drafts/{draft.pk}/child-record/", {})
    assert missing.status_code == 400 and "Select if this is the child" in body(missing)
    chosen = client.post(f"/front-door/contacts/drafts/{draft.pk}/child-record/", {"child_record_choice": child.pk})
    assert chosen["Location"] == f"/front-door/contacts/drafts/{draft.pk}/kind/"
    check, _ = through_the_pages(
        client, {**data, "child_record_choice": str(child.pk)}, start=f"/front-door/contacts/drafts/{draft.pk}/kind/"
    )
    assert f"Yes, record {child.pk}" in body(client.get(check))
    recorded = client.post(check)
    assert recorded.status_code == 302, re.findall(r'<a href="[^"]*show=problems[^"]*">([^<]*)', body(recorded))
    contact = Contact.objects.get()
    assert contact.child == child and contact.child_match == "confirmed_by_front_door"


def test_the_draft_is_the_practitioners_alone_and_waits_on_their_my_work(
    world: World, client_for: Any, today: date
) -> None:
    client = client_for("front_door")
    client.post(START, {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    client.post(f"/front-door/contacts/drafts/{draft.pk}/child-name/", call(world))
    # A new sign-in (the session timed out): the draft is offered, with what was typed.
    again = client_for("front_door")
    assert f'href="/front-door/contacts/drafts/{draft.pk}/check/"' in body(again.get(START))
    my_work = body(again.get("/my-work/"))
    assert "Call or email about Tyler Nobody-Matches, not recorded yet" in my_work
    assert f"/front-door/contacts/drafts/{draft.pk}/check/" in my_work
    # Anyone else: another front door practitioner, a partner (even through the partner's own pages), a social worker.
    colleague = PractitionerFactory(
        user__username="front.door.2",
        role=Role.FRONT_DOOR_PRACTITIONER,
        organisation=world.local_authority,
        team=world.front_door_team,
    )
    setattr(world, "colleague", colleague)  # noqa: B010 (a persona for this test alone)
    for name in ("colleague", "school_dsl", "social_worker"):
        other = client_for(name)
        assert other.get(f"/front-door/contacts/drafts/{draft.pk}/child-name/").status_code == 404, name
        assert other.post(f"/front-door/contacts/drafts/{draft.pk}/check/").status_code in (302, 404), name
        assert "Tyler" not in body(other.get("/my-work/"))
    assert client_for("school_dsl").get(f"/concerns/drafts/{draft.pk}/child-name/").status_code == 404
    assert not Contact.objects.exists()


def test_the_pages_ask_a_fixed_number_of_queries_whatever_the_drafts(
    world: World, client_for: Any, today: date, django_assert_num_queries: Any
) -> None:
    """The first page (offering the drafts to continue), a question page and the check page: ten queries each
    (the session, the user, their second factor and permissions, the draft, the form's choices), with one draft or
    four."""
    client = client_for("front_door")
    client.post(START, {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    urls = (
        START,
        f"/front-door/contacts/drafts/{draft.pk}/what-happened/",
        f"/front-door/contacts/drafts/{draft.pk}/check/",
    )
    for url in urls:
        client.get(url)  # the session and caches warmed
    for n in (1, 4):
        while ConcernDraft.objects.filter(journey="front_door").count() < n:
            client.post(START, {"immediate_danger": "no"})
        for url in urls:
            with django_assert_num_queries(10):
                assert client.get(url).status_code == 200


def test_the_journeys_share_one_mechanism(world: World) -> None:
    """The same question pages of the child and the concern, in the same order, for both journeys."""
    shared = [p.slug for p in PARTNER.pages]
    assert [p.slug for p in FRONT_DOOR.pages if p.slug in shared] == shared
    assert type(FRONT_DOOR) is type(PARTNER)
