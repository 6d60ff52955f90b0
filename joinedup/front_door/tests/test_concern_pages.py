"""The partner's concern as GOV.UK question pages (issue 19): one thing per page with a Back link, a "Check your
answers" page whose Change links come back to it, the answers kept on the server as a draft (a time-out loses
nothing), every problem shown at once in the order of the pages, the possible-match page with nothing chosen and a
banner saying nothing has been sent, and a double click making one contact."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.core.cache import cache

from joinedup.core.tests.personas import World
from joinedup.front_door.concern_pages import PARTNER
from joinedup.front_door.models import ConcernDraft, Contact

from .conftest import through_the_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def body(response: Any) -> str:
    assert response.status_code in (200, 400), response.status_code
    return unescape(response.content.decode())


def answers(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "immediate_danger": "no",
        "urgency": "urgent",
        "child_given_name": "Ellie",
        "child_family_name": "Marsden",
        "child_is_unborn": "no",
        "child_date_of_birth_0": "27",
        "child_date_of_birth_1": "3",
        "child_date_of_birth_2": "2016",
        "child_school": str(world.school.pk),
        "child_record_choice": "none",
        "kind": "concern",
        "what_happened": "Bruising to both upper arms; flinched when touched.",
        "childs_words": "Mum's boyfriend grabbed me.",
        "harms": ["physical_abuse", "domestic_abuse"],
        "indicators": ["unexplained_gifts_or_possessions"],
        "family_aware": "not_aware",
        "consent": "not_sought",
        "consent_reason": "Telling the family could put Ellie at greater risk.",
    }
    data.update(overrides)
    return data


def test_each_page_asks_one_thing_with_a_back_link_then_check_your_answers_then_send(
    world: World, client_for: Any, today: date
) -> None:
    client = client_for("school_dsl")
    first = body(client.get("/concerns/new/"))
    assert "call 999" in first and 'class="govuk-back-link"' in first
    assert re.search(r'<h1 class="govuk-fieldset__heading">\s*Is the child in immediate danger\?', first)
    assert "What is the child's name?" not in first and 'name="harms"' not in first  # one thing a page
    check, visited = through_the_pages(client, answers(world, child_family_name="Nobody-Matches"))
    assert len(visited) == len(PARTNER.pages) and not Contact.objects.exists()  # every page in turn, nothing sent yet
    draft = ConcernDraft.objects.get()
    harms_page = body(client.get(f"/concerns/drafts/{draft.pk}/harms/"))
    assert harms_page.count('name="harms" type="checkbox"') >= 20  # several harms at once
    assert f'href="/concerns/drafts/{draft.pk}/childs-words/"' in harms_page  # Back to the page before
    html = body(client.get(check))
    assert "Check your answers before sending your concern" in html
    for answer in ("Urgent: the child needs a response today", "Nobody-Matches", "27 March 2016", "Physical abuse"):
        assert answer in html, answer
    change = f"/concerns/drafts/{draft.pk}/what-happened/?change=check"
    assert f'href="{change}"' in html
    # A Change link comes back to the check page, with the answer changed.
    assert f'href="{check}"' in body(client.get(change))  # its Back link too
    response = client.post(change, {"what_happened": "Bruising, and a burn on her wrist."})
    assert response["Location"] == check
    assert "a burn on her wrist" in body(client.get(check))
    sent = client.post(check)
    contact = Contact.objects.get()
    assert sent["Location"] == f"/concerns/{contact.pk}/sent/"
    assert contact.what_happened == "Bruising, and a burn on her wrist." and contact.urgency == "urgent"
    assert sorted(contact.harms.values_list("code", flat=True)) == ["domestic_abuse", "physical_abuse"]
    assert not ConcernDraft.objects.exists()  # gone with the sending
    # A second click on Send makes nothing more.
    assert client.post(check)["Location"] == "/concerns/"
    assert Contact.objects.count() == 1


def test_every_problem_is_shown_at_once_in_the_order_of_the_pages(world: World, client_for: Any, today: date) -> None:
    """A bad date of birth alone, then six more, was the old form's way (issue 19): now all at once, in page order,
    each naming its question, and "Select yes or no" never twice."""
    client = client_for("school_dsl")
    data = answers(
        world,
        immediate_danger="",
        child_given_name="",
        child_family_name="",
        child_school="",
        child_date_of_birth_2="2030",
        what_happened="",
        harms=[],
        family_aware="",
        consent="",
        consent_reason="",
    )
    # The first page answered with nothing still starts the draft: the check comes on sending.
    check, _ = through_the_pages(client, data)
    html = body(client.post(check))
    assert re.search(r"<title>\s*Error: Check your answers", html)
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    expected = [
        "Say whether the child is in immediate danger",
        "We cannot tell which child this is",
        "The child's date of birth must be today or in the past",
        "Say what has happened, or what you have seen or heard",
        "Select every harm the child is experiencing or at risk of",
        "Say whether the family knows you are raising this",
        "Say whether the family agreed to this being shared",
    ]
    positions = [summary.index(message) for message in expected]
    assert positions == sorted(positions)
    assert summary.count("<li>") == len(expected) and "Select yes or no" not in summary
    draft = ConcernDraft.objects.get()
    assert f'href="/concerns/drafts/{draft.pk}/child-born/?change=check&show=problems#id_child_date_of_birth_0"' in html
    assert not Contact.objects.exists()
    # Following a link shows the problem on its page, next to its question.
    page = body(client.get(f"/concerns/drafts/{draft.pk}/child-born/?change=check&show=problems"))
    assert "date of birth must be today or in the past" in page and "govuk-form-group--error" in page


def test_a_date_that_is_not_a_real_date_is_kept_and_explained_on_its_page(
    world: World, client_for: Any, today: date
) -> None:
    client = client_for("school_dsl")
    client.post("/concerns/new/", {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    html = body(client.post(f"/concerns/drafts/{draft.pk}/child-born/", answers(world, child_date_of_birth_1="13")))
    assert "The date of birth must be a real date" in html and 'href="#id_child_date_of_birth_0"' in html
    draft.refresh_from_db()
    assert draft.answers["child_date_of_birth_1"] == ["13"]  # kept as typed


def test_the_answers_survive_a_time_out_on_the_server_and_are_the_partners_alone(
    world: World, client_for: Any, today: date
) -> None:
    client_for("school_dsl").post("/concerns/new/", {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    client_for("school_dsl").post(f"/concerns/drafts/{draft.pk}/what-happened/", {"what_happened": "Kept for later."})
    # A new sign-in (the session timed out): the draft is still there, offered, with what was typed.
    again = client_for("school_dsl")
    start = body(again.get("/concerns/new/"))
    assert f'href="/concerns/drafts/{draft.pk}/check/"' in start and "not sent yet" in start
    assert f'href="/concerns/drafts/{draft.pk}/check/"' in body(again.get("/concerns/"))
    assert "Kept for later." in body(again.get(f"/concerns/drafts/{draft.pk}/what-happened/"))
    for name in ("other_school_dsl", "health_visitor"):
        assert client_for(name).get(f"/concerns/drafts/{draft.pk}/what-happened/").status_code == 404
        assert client_for(name).post(f"/concerns/drafts/{draft.pk}/check/").status_code in (302, 404)
    assert not Contact.objects.exists()


def test_is_this_the_child_has_nothing_chosen_and_says_the_concern_is_not_sent(
    world: World, client_for: Any, today: date
) -> None:
    client = client_for("school_dsl")
    client.post("/concerns/new/", {"immediate_danger": "no"})
    draft = ConcernDraft.objects.get()
    for slug in ("child-name", "child-born"):
        client.post(f"/concerns/drafts/{draft.pk}/{slug}/", answers(world))
    html = body(client.get(f"/concerns/drafts/{draft.pk}/child-record/"))
    assert "Ellie Marsden" in html and "Your concern has not been sent yet" in html
    assert "govuk-notification-banner" in html
    radios = re.findall(r'<input[^>]*name="child_record_choice"[^>]*>', html)
    assert len(radios) >= 2 and not any("checked" in r for r in radios)  # no answer chosen for them
    missing = body(client.post(f"/concerns/drafts/{draft.pk}/child-record/", {}))
    assert "Select if this is the child you are worried about, or None of these" in missing
    assert 'href="#child_record_choice"' in missing
    chosen = client.post(
        f"/concerns/drafts/{draft.pk}/child-record/", {"child_record_choice": str(world.allocated_child.pk)}
    )
    assert chosen["Location"] == f"/concerns/drafts/{draft.pk}/kind/"
    check, _ = through_the_pages(client, answers(world), start=f"/concerns/drafts/{draft.pk}/kind/")
    assert f"Yes, record {world.allocated_child.pk}" in body(client.get(check))
    sent = client.post(check)
    assert sent.status_code == 302, body(sent)
    assert Contact.objects.get().child == world.allocated_child


def test_the_pages_are_a_partners(world: World, client_for: Any) -> None:
    assert client_for("analyst").get("/concerns/new/").status_code == 404
    assert [p.slug for p in PARTNER.pages][:2] == ["danger", "urgency"]  # danger first, as the guidance asks


def test_a_concern_raised_from_the_childs_record_asks_nothing_the_record_knows(
    world: World, client_for: Any, today: date
) -> None:
    """A school's safeguarding lead on a pupil's record: "Raise a concern about this child" starts the concern with
    the child's name, date of birth, address and school known, shown on the check page, and linked to the child
    (no "Is this the child?")."""
    child = world.allocated_child
    child.address, child.postcode = "3 Mill Lane", "LS6 2AB"
    child.save()
    client = client_for("school_dsl")
    record = body(client.get(f"/children/{child.pk}/"))
    start = f"/concerns/new/?child={child.pk}"
    assert f'href="{start}"' in record and "Raise a concern about this child" in record
    first = body(client.get(start))
    assert f"About {child.display_name}" in first and f'name="about_child" value="{child.pk}"' in first
    check, visited = through_the_pages(client, {**answers(world), "about_child": str(child.pk)}, start=start)
    assert not any(slug in url for url in visited for slug in ("/child-name/", "/child-born/", "/child-record/"))
    html = body(client.get(check))
    for shown in (child.display_name, "3 Mill Lane, LS6 2AB", world.school.name):
        assert shown in html, shown
    assert "/child-name/" not in html  # the record's, not changed here
    client.post(check)
    contact = Contact.objects.get()
    assert contact.child == child and contact.child_match == "chosen_by_referrer"
    assert (contact.child_given_name, contact.child_family_name) == (child.given_name, child.family_name)
    assert contact.child_date_of_birth == child.date_of_birth and contact.child_address == "3 Mill Lane"
    # Only for a child the partner can see.
    other = client_for("other_school_dsl")
    assert other.get(start).status_code == 404
    assert other.post("/concerns/new/", {"immediate_danger": "no", "about_child": str(child.pk)}).status_code == 404
    assert "Raise a concern about this child" not in body(client_for("social_worker").get(f"/children/{child.pk}/"))
