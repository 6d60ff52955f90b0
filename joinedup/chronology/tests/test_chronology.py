from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.audit.models import AuditEvent
from joinedup.case_record import services
from joinedup.chronology import registry
from joinedup.core.chronology import ChronologyEntry, Period
from joinedup.core.tests.personas import World
from joinedup.sharing import services as sharing
from joinedup.sharing.models import SharedEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(world: World, today: dt.date) -> None:
    for who, role in (
        (world.health_visitor, InvolvementRole.HEALTH_VISITOR),
        (world.police_officer, InvolvementRole.POLICE_CONTACT),
    ):
        InvolvementFactory(practitioner=who, child=world.allocated_child, role=role, started_on=dt.date(2026, 1, 5))


@pytest.fixture
def concern(world: World, raise_concern: Any) -> Any:
    """The school's concern about Ellie, matched to her record by the front door."""
    from joinedup.front_door.services.triage import contact_child_confirm

    def _raise() -> Any:
        contact = raise_concern()
        return contact_child_confirm(actor=world.user("front_door"), contact=contact, child_id=world.allocated_child.pk)

    return _raise


def _share(world: World, who: str = "health_visitor", **overrides: Any) -> SharedEvent:
    values: dict[str, Any] = dict(
        actor=world.user(who),
        child=world.allocated_child,
        occurred_on=dt.date(2027, 1, 11),
        agency="health",
        event_type="health",
        title="Missed 2-year review",
        detail="Mum did not bring Ellie's brother; third missed appointment.",
    )
    values.update(overrides)
    return sharing.shared_event_record(**values)


def _page(client: Any, world: World, query: str = "") -> str:
    response = client.get(reverse("chronology:chronology", args=[world.allocated_child.pk]) + query)
    assert response.status_code == 200
    return str(response.content.decode())


class TestGathering:
    def test_given_events_in_several_apps_then_one_timeline_oldest_first(
        self, world: World, concern: Any, partners: None, today: dt.date
    ) -> None:
        concern()
        _share(world)
        services.significant_event_record(
            actor=world.user("social_worker"),
            child=world.allocated_child,
            occurred_on=dt.date(2026, 12, 24),
            agency="police",
            event_type="police_incident",
            title="Domestic abuse call-out at home",
        )
        gathered = registry.gather(children=[world.allocated_child.pk], user=world.user("social_worker"))
        titles = [e.title for e in gathered.entries]
        assert titles == [
            "Domestic abuse call-out at home",
            "Missed 2-year review",
            "Contact from Brookside Primary School",
        ]
        assert "front_door.contacts" in gathered.sources_read

    def test_given_a_source_registered_by_another_app_then_its_entries_are_gathered_within_the_period(
        self, world: World
    ) -> None:
        def conferences(*, children: list[int], user: Any, period: Period) -> list[ChronologyEntry]:
            days = [dt.date(2026, 3, 1), dt.date(2026, 9, 1)]
            return [
                ChronologyEntry(
                    child_id=c,
                    occurred_on=d,
                    agency="childrens_social_care",
                    event_type="conference",
                    title="Initial child protection conference",
                    source_key=f"test.conference:{d}",
                )
                for c in children
                for d in days
                if period.contains(d)
            ]

        registry.register_chronology_source("test.conferences", conferences)
        try:
            gathered = registry.gather(
                children=[world.allocated_child.pk],
                user=world.user("social_worker"),
                period=Period(start=dt.date(2026, 6, 1)),
            )
        finally:
            registry.unregister_chronology_source("test.conferences")
        assert [e.occurred_on for e in gathered.entries] == [dt.date(2026, 9, 1)]
        assert gathered.entries[0].event_type_label == "Child protection conference"

    def test_given_a_source_with_no_rows_for_the_child_then_it_is_not_read(self, world: World, partners: None) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        called: list[list[int]] = []

        def shared_titles(*, children: list[int], user: Any, period: Period) -> list[ChronologyEntry]:
            called.append(list(children))
            return []

        registry.register_chronology_source(
            "test.shared_titles",
            shared_titles,
            presence=lambda children: SharedEvent.objects.filter(child_id__in=children),
        )
        worker = world.user("social_worker")
        try:
            registry.gather(children=[world.allocated_child.pk], user=worker)
            assert called == []
            _share(world)
            # The presence queries are compiled once and reused with each reader's child: each child's own answer.
            registry.gather(children=[world.unallocated_child.pk], user=worker)
            assert called == []
            with CaptureQueriesContext(connection) as captured:
                registry.gather(children=[world.allocated_child.pk], user=worker)
            assert called == [[world.allocated_child.pk]]
            assert sum("EXISTS" in q["sql"] for q in captured.captured_queries) == 1  # one query asks every source
        finally:
            registry.unregister_chronology_source("test.shared_titles")


class TestPartnersSeeOnlyWhatWasSharedWithThem:
    def test_given_a_health_visitors_shared_event_then_it_is_in_the_workers_chronology(
        self, world: World, concern: Any, partners: None, client_for: Any, today: dt.date
    ) -> None:
        concern()
        _share(world)
        html = _page(client_for("social_worker"), world)
        assert "Missed 2-year review" in html and "Shared by" in html and "Health Visiting" in html
        assert "Contact from Brookside Primary School" in html

    def test_given_partners_then_each_sees_only_what_was_shared_with_them(
        self, world: World, concern: Any, partners: None, client_for: Any, today: dt.date
    ) -> None:
        concern()
        _share(world)
        _share(
            world,
            "police_officer",
            agency="police",
            event_type="police_incident",
            title="Police call-out",
            detail="Neighbours reported shouting.",
            occurred_on=dt.date(2027, 1, 2),
        )
        health = _page(client_for("health_visitor"), world)
        assert "Missed 2-year review" in health
        assert "Police call-out" not in health  # the police did not share it with every partner
        assert "Contact from Brookside Primary School" not in health  # the local authority's own record
        assert "Analysis" not in health
        police = _page(client_for("police_officer"), world)
        assert "Police call-out" in police and "Missed 2-year review" not in police
        _share(
            world,
            "police_officer",
            agency="police",
            event_type="police_incident",
            title="Arrest of mum's partner",
            detail="For all partners.",
            shared_with_partners=True,
            occurred_on=dt.date(2027, 1, 3),
        )
        assert "Arrest of mum" in _page(client_for("health_visitor"), world)

    def test_given_a_partner_not_working_with_the_child_then_404(
        self, world: World, partners: None, client_for: Any
    ) -> None:
        url = reverse("chronology:chronology", args=[world.allocated_child.pk])
        assert client_for("other_health_visitor").get(url).status_code == 404
        assert client_for("analyst").get(url).status_code == 404

    def test_given_a_partner_then_they_cannot_write_analysis_or_mark_events(
        self, world: World, partners: None, client_for: Any
    ) -> None:
        _share(world)
        client = client_for("health_visitor")
        url = reverse("chronology:chronology", args=[world.allocated_child.pk])
        key = f"sharing.shared_event:{SharedEvent.objects.get().pk}"
        assert client.post(url, {"source_key": key, "analysis": "Mine"}).status_code == 404
        assert (
            client.get(reverse("case_record:significant_event_new", args=[world.allocated_child.pk])).status_code == 404
        )


class TestChronologyPage:
    def test_given_filters_then_only_matching_events(
        self, world: World, concern: Any, partners: None, client_for: Any, today: dt.date
    ) -> None:
        concern()
        _share(world)
        client = client_for("social_worker")
        html = _page(client, world, "?agency=health")
        assert "Missed 2-year review" in html and "Contact from Brookside" not in html
        html = _page(client, world, "?start_0=12&start_1=1&start_2=2027")
        assert "Missed 2-year review" not in html and "Contact from Brookside" in html

    def test_given_analysis_then_it_is_shown_beside_the_event_and_audited(
        self, world: World, partners: None, client_for: Any
    ) -> None:
        event = _share(world)
        client = client_for("social_worker")
        url = reverse("chronology:chronology", args=[world.allocated_child.pk])
        response = client.post(
            url, {"source_key": f"sharing.shared_event:{event.pk}", "analysis": "Pattern of missed health appointments"}
        )
        assert response.status_code == 302
        assert "Pattern of missed health appointments" in _page(client, world)
        empty = client.post(url, {"source_key": f"sharing.shared_event:{event.pk}", "analysis": ""})
        assert "Enter your analysis" in empty.content.decode()

    def test_given_a_pdf_export_then_an_accessible_pdf_and_the_export_audited(
        self, world: World, partners: None, client_for: Any
    ) -> None:
        _share(world)
        response = client_for("social_worker").get(
            reverse("chronology:chronology_pdf", args=[world.allocated_child.pk])
        )
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = response.content
        assert pdf.startswith(b"%PDF-")
        text = _inflated(pdf)
        assert b"/StructTreeRoot" in text and b"/MarkInfo" in text  # tagged
        assert b"/Lang" in text and b"/DisplayDocTitle" in text and b"pdfuaid" in text  # language, title, PDF/UA
        assert AuditEvent.objects.filter(action="exported", object_type="case_record.chronology").count() == 1

    def test_given_many_events_then_the_page_reads_a_fixed_number_of_queries(
        self, world: World, partners: None, client_for: Any, django_assert_num_queries: Any
    ) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def source_queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                registry.gather(children=[world.allocated_child.pk], user=world.user("social_worker"))
            return len(captured)

        _share(world, title="Event first", occurred_on=dt.date(2025, 12, 1))
        source_queries()  # the reader's practitioner is read once, then remembered on the user
        few = source_queries()
        for n in range(40):
            _share(world, title=f"Event {n}", occurred_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
        # The sources (other apps register theirs) read all events in the same queries however many there are.
        assert source_queries() == few <= 2 * len(registry.registered_sources())
        client = client_for("social_worker")
        _page(client, world)
        with django_assert_num_queries(QUERIES_FOR_THE_CHRONOLOGY + few):
            html = _page(client, world)
        assert html.count('class="govuk-table__row" id=') == 41


# The record's navigation asks nothing more (its rules answer whether the user sees the child from the request's
# cache, access/policy.sees_child), and a practitioner who manages no team is not asked for their teams.
QUERIES_FOR_THE_CHRONOLOGY = 16


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to look for the structure and metadata inside them."""
    import re
    import zlib

    text = pdf
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return text
