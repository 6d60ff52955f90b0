"""Plain words (issue 19, item 6): no page shows a raw code where a meaning exists, and people are named, not numbered.

A synthetic child has every field the issue named set (disabilities, the child protection plan's categories of
abuse, an episode closed with a census reason, a contact from a school with a decision a manager agreed, an alert
about repeated early indicators), and each page that shows them is read as a person reads it: its text, without
the markup. The codes, as words on their own, are not there; their meanings are.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.child_protection.factories import ChildProtectionPlanFactory
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.episodes.codes import ClosureReason
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.front_door import services as front_door
from joinedup.front_door.codes import AlertKind, ContactChannel
from joinedup.front_door.models import DutyAlert
from joinedup.front_door.tests.conftest import child_described, concern_details
from joinedup.harms.models import RiskIndicatorEscalation
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.codes import Disability
from joinedup.people.models import PersonDisability

pytestmark = pytest.mark.django_db


def words_of(page: str) -> str:
    """What a person reads (or a screen reader reads out): the page's text, without scripts, styles and tags,
    visually hidden text included."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def assert_no_code(text: str, *codes: str) -> None:
    for code in codes:
        found = re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
        assert found is None, f"{code!r} shown as a code: …{text[max(0, found.start() - 60) : found.end() + 60]}…"


def get(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return words_of(response.content.decode())


def test_the_childs_record_names_disabilities_by_their_meaning(world: World, client_for: Any) -> None:
    child = world.allocated_child
    for code in (Disability.HEAR, Disability.AUT):
        PersonDisability.objects.create(person=child, code=code)
    text = get(client_for("social_worker"), reverse("records:child_record", args=[child.pk]))
    assert "Hearing, Autism or Asperger syndrome" in text
    assert_no_code(text, "HEAR", "AUT")

    PersonDisability.objects.filter(person=child).delete()
    PersonDisability.objects.create(person=child, code=Disability.NONE)
    text = get(client_for("social_worker"), reverse("records:child_record", args=[child.pk]))
    assert "Disabilities No disability" in text  # the census's NONE, in words
    assert_no_code(text, "NONE")


def test_the_child_protection_plan_names_its_categories_of_abuse(world: World, client_for: Any) -> None:
    child = world.allocated_child
    ChildProtectionPlanFactory(child=child, initial_category="EMO", latest_category="MUL")
    text = get(client_for("social_worker"), reverse("child_protection:record", args=[child.pk]))
    assert "category of abuse: Multiple (at the start of the plan: Emotional abuse)" in text
    assert_no_code(text, "EMO", "MUL")
    assert "CIN census: " not in text


def test_the_chronology_says_why_an_episode_closed_and_reads_no_record_keys(world: World, client_for: Any) -> None:
    child = world.allocated_child
    CaseEpisodeFactory(
        child=child,
        started_on=date(2026, 3, 1),
        closed_on=date(2026, 6, 1),
        closure_reason=ClosureReason.SERVICES_CEASED,
    )
    text = get(client_for("social_worker"), reverse("chronology:chronology", args=[child.pk]))
    assert "Episode of need closed" in text
    assert ClosureReason.SERVICES_CEASED.label in text
    assert_no_code(text, "RC7")
    # A link's hidden words once ended "(front_door.case_episode_closed:3)"; no record's key is read out.
    assert re.search(r"\b[a-z_]+\.[a-z_]+:\d+", text) is None


@pytest.fixture
def decided_contact(world: World) -> Any:
    """A school's concern about the allocated child, decided by the front door and agreed by its manager."""
    harm_taxonomy_sync()
    manager = PractitionerFactory(
        role=Role.TEAM_MANAGER, organisation=world.local_authority, team=world.front_door_team
    )
    world.front_door_team.manager = manager
    world.front_door_team.save()
    contact = front_door.contact_receive(
        actor=world.user("school_dsl"),
        channel=ContactChannel.PARTNER_PORTAL,
        child=child_described(world),
        concern=concern_details(),
    ).contact
    contact = front_door.contact_child_confirm(
        actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk
    )
    decision = front_door.contact_decision_record(
        actor=world.user("front_door"),
        contact=contact,
        outcome="family_help",
        rationale="Physical injury with a disclosure; family under stress; needs targeted help.",
        feedback_to_referrer="Family Help will contact the family this week.",
        harm_codes=["physical_abuse"],
        voice=ChildVoice(words="I want it to stop."),
    )
    front_door.contact_decision_sign_off(actor=manager.user, decision=decision, agree=True)
    return contact, manager


def test_the_contact_says_who_referred_and_who_agreed_in_words(
    world: World, client_for: Any, decided_contact: Any
) -> None:
    contact, manager = decided_contact
    text = get(client_for("front_door"), reverse("front_door:contact", args=[contact.pk]))
    assert "Referral source Schools" in text
    assert_no_code(text, "2A")
    assert f"Agreed by {manager.full_name}," in text
    assert "Agreed by manager by" not in text
    # Decided once: the status says so, the decision row says what was decided.
    assert "Decision Decided" not in text
    assert "Status Decided" in text


def test_an_alert_names_the_child_not_a_record_number(world: World, client_for: Any) -> None:
    child = world.allocated_child
    escalation = RiskIndicatorEscalation.objects.create(
        child=child, triggered_on=date(2026, 12, 1), indicator_count=3, window_days=90, source_key="x"
    )
    DutyAlert.objects.create(
        recipient=world.social_worker,
        kind=AlertKind.REPEATED_INDICATORS,
        escalation=escalation,
        created_at=timezone.now(),
    )
    text = get(client_for("social_worker"), reverse("front_door:prompts"))
    assert f"Repeated early indicators of risk for {child.full_name}" in text
    assert f"record {child.pk}" not in text
    assert f"alert {DutyAlert.objects.get().pk}" not in text


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("social_worker", False),
        ("school_dsl", False),
        ("team_manager", False),
        ("analyst", True),
        ("administrator", True),
    ],
)
def test_the_api_schema_is_in_the_footer_only_for_those_who_use_the_api(
    world: World, client_for: Any, persona: str, shown: bool
) -> None:
    page = client_for(persona).get("/").content.decode()
    assert ('href="/api/v1/schema/"' in page) is shown


def test_a_case_notes_link_names_its_author_and_time_not_its_record_number(world: World, client_for: Any) -> None:
    from joinedup.case_record import services as case_record

    child = world.allocated_child
    note = case_record.note_record(
        actor=world.user("social_worker"),
        child_ids=[child.pk],
        note_type="joint_visit",
        occurred_on=timezone.localdate(),
        child_seen=True,
        child_seen_alone=True,
        what_happened="Visited the family home with the health visitor.",
        childs_words="I like it when Nan picks me up from school.",
        analysis="The children appear settled.",
    )
    text = get(client_for("social_worker"), reverse("case_record:notes", args=[child.pk]))
    assert f"by {note.author_name}, recorded " in text
    assert f"(note {note.pk})" not in text
