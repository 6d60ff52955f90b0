from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.case_record import services
from joinedup.chronology.registry import gather, gather_summary
from joinedup.core.chronology import Period
from joinedup.core.tests.personas import World
from joinedup.front_door.services.triage import contact_child_confirm
from joinedup.people.factories import PersonFactory, RelationshipFactory

from .conftest import Siblings

pytestmark = pytest.mark.django_db


def _note(world: World, children: list[Any], words: str, **kw: Any) -> Any:
    return services.note_record(
        actor=world.user("social_worker"),
        child_ids=[c.pk for c in children],
        note_type="visit",
        occurred_on=kw.pop("occurred_on", timezone.localdate()),
        child_seen=True,
        child_seen_alone=True,
        what_happened=kw.pop("what_happened", "Home visit."),
        childs_words=words,
        **kw,
    )


class TestCaseSummary:
    def test_given_a_record_when_a_new_worker_reads_the_summary_then_it_is_generated_from_the_record(
        self, world: World, siblings: Siblings, client_for: Any, start_care: Any
    ) -> None:
        mum = PersonFactory(given_name="Dawn", family_name="Marsden")
        RelationshipFactory(
            from_person=mum, to_person=siblings.eldest, relationship_type="mother", has_parental_responsibility=True
        )
        start_care(timezone.localdate() - dt.timedelta(days=60))
        _note(world, [siblings.eldest], "I want to see my sister Jade every week")
        html = client_for("team_manager").get(reverse("chronology:summary", args=[siblings.eldest.pk])).content.decode()
        assert "I want to see my sister Jade every week" in html
        assert "Dawn Marsden, mother (parental responsibility)" in html
        assert "Looked after" in html
        assert "Care plan" in html  # the current plan, from children in care's summary source
        assert "Became looked after" in html  # what has happened, from the chronology
        assert "Last seen alone" in html
        assert AuditEvent.objects.filter(action="viewed", reason="Case summary").count() == 1

    def test_given_an_event_whose_title_is_its_kind_then_what_has_happened_names_it_once(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        _note(world, [siblings.eldest], "", is_significant=True)  # a significant note of a visit: "Visit", "Visit"
        html = client_for("team_manager").get(reverse("chronology:summary", args=[siblings.eldest.pk])).content.decode()
        happened = html.split('id="happened"', 1)[1].split("The full chronology", 1)[0]
        assert "· Visit" in happened and "Visit · Visit" not in happened

    def test_given_harms_named_at_the_front_door_then_they_lead_the_harms_and_risks_once_each(
        self, world: World, siblings: Siblings, client_for: Any, raise_concern: Any, today: dt.date
    ) -> None:
        url = reverse("chronology:summary", args=[siblings.eldest.pk])
        client = client_for("social_worker")
        assert "No harms recorded." in _harms(client.get(url).content.decode())
        for _ in range(2):  # two contacts naming the same harms: each harm is listed once
            contact_child_confirm(actor=world.user("front_door"), contact=raise_concern(), child_id=siblings.eldest.pk)
        labels = re.findall(r"<li>([^<]+)</li>", _harms(client.get(url).content.decode()))
        assert labels == sorted(set(labels)) and len(labels) == 2  # physical abuse, domestic abuse (front_door's)

    def test_given_work_overdue_then_the_summary_says_so(
        self, world: World, siblings: Siblings, client_for: Any, start_care: Any
    ) -> None:
        start_care(timezone.localdate() - dt.timedelta(days=60))
        with time_machine.travel(timezone.now() + dt.timedelta(days=200), tick=False):
            html = (
                client_for("social_worker")
                .get(reverse("chronology:summary", args=[siblings.eldest.pk]))
                .content.decode()
            )
        assert "Overdue" in html

    def test_given_a_partner_or_another_team_then_404(self, world: World, siblings: Siblings, client_for: Any) -> None:
        url = reverse("chronology:summary", args=[siblings.eldest.pk])
        assert client_for("school_dsl").get(url).status_code == 404
        assert client_for("other_team_worker").get(url).status_code == 404

    def test_given_a_full_record_then_the_summary_reads_a_fixed_number_of_queries(
        self, world: World, siblings: Siblings, client_for: Any, django_assert_num_queries: Any
    ) -> None:
        for n in range(10):
            _note(world, siblings.all, f"Words {n}", occurred_on=timezone.localdate() - dt.timedelta(days=n))
        client = client_for("social_worker")
        client.get(reverse("chronology:summary", args=[siblings.eldest.pk]))
        # A fixed number of queries, plus those of the sources other apps register (each a fixed number too).
        with CaptureQueriesContext(connection) as captured:
            gather(children=[siblings.eldest.pk], user=world.user("social_worker"), period=Period())
            gather_summary(child_id=siblings.eldest.pk, user=world.user("social_worker"), partner=False)
        with django_assert_num_queries(QUERIES_FOR_THE_SUMMARY + len(captured)):
            client.get(reverse("chronology:summary", args=[siblings.eldest.pk]))


# The record's navigation asks nothing more (its rules answer whether the user sees the child from the request's
# cache, access/policy.sees_child), and a practitioner who manages no team is not asked for their teams. 24, one
# fewer than before the chronology app (issue 16): the harms named at the front door are a summary source now
# (front_door/chronology.py), counted with the sources' queries, and read only when the child has a contact. 26 since
# issue 18: the people who matter to the child are the record's family network (people.selectors.
# child_family_network: relationships both ways and the household, three queries where one read one way only), plus
# one more when someone in the household has no relationship recorded.
QUERIES_FOR_THE_SUMMARY = 26


def _harms(html: str) -> str:
    return html.split('id="harms"', 1)[1].split('id="plan"', 1)[0]


class TestSearchWithinARecord:
    def test_given_a_record_then_search_within_it_finds_notes_and_chronology_events(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        _note(world, [siblings.eldest], "Bruise from football", what_happened="Talked about the bruise.")
        services.significant_event_record(
            actor=world.user("social_worker"),
            child=siblings.eldest,
            occurred_on=timezone.localdate(),
            agency="health",
            event_type="health",
            title="Bruise seen at A&E",
        )
        html = (
            client_for("social_worker")
            .get(reverse("chronology:record_search", args=[siblings.eldest.pk]) + "?q=bruise")
            .content.decode()
        )
        assert "Case note" in html and "Chronology: Bruise seen at A&amp;E" in html
