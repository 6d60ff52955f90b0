"""The partnership's yearly report (issue 22, item 5; M31): the six sections in order, figures from the pages'
own selectors each linked back, the narrative added and the report published and frozen, the PDF tagged, the
command, who may see it, and a number of queries that does not grow with the children."""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.core.actors import system_actor
from joinedup.core.tests.personas import World
from joinedup.partnership import services
from joinedup.partnership.models import YearlyReport
from joinedup.partnership.report import SECTIONS, report_read
from joinedup.synthetic.generator import generate

from .conftest import Partnership, children_in_need, signed_in

pytestmark = pytest.mark.django_db

HEADINGS = ["Activity", "Timeliness", "Impact", "Learning", "Inequalities", "Scrutiny"]


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, so its structure and outline can be read."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def _outline(pdf: bytes) -> list[str]:
    """The PDF's bookmarks (WeasyPrint makes one from each heading), in the order they are written."""
    return [t.decode("latin-1") for t in re.findall(rb"/Title \((.*?)\)", _inflated(pdf))]


def _h2(html: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-l" id="[a-z]+">([^<]+)</h2>', html)


def test_given_a_year_then_the_report_has_the_six_sections_in_order_with_figures_linked_to_their_pages(
    world: World, partnership: Partnership, today: date, population: None
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    children_in_need("BAFR", 12, date(2025, 9, 1))
    services.scrutiny_finding_record(
        actor=partnership.lead.user,
        found_on=date(2026, 2, 10),
        scrutineer="Independent scrutineer",
        finding="Health is not at every strategy discussion",
        response="Health now joins every strategy discussion by phone",
    )
    action = services.inequality_action_record(
        actor=partnership.lead.user,
        characteristic="ethnicity",
        stage="child_in_need",
        group="Black",
        reference=None,
        period_key="2026",
        team_id=None,
        finding="Black children are more often children in need",
        action="Audit referrals for adultification bias",
        owner=world.police_officer,
        look_again_on=today + timedelta(days=90),
    )
    response = signed_in(partnership.lead).get(reverse("partnership:report", args=[2026]))
    html = response.content.decode()
    assert response.status_code == 200
    assert _h2(html) == HEADINGS
    assert "April 2025 to March 2026" in html
    # Figures link back: the child-in-need total to the disproportionality page; the measures to the dashboards.
    assert 'href="/insight/disproportionality/?stage=child_in_need&amp;period=2026">42<span' in html
    assert 'href="/insight/?period=2026#timeliness"' in html or "Statutory clocks met on time" in html
    assert "/insight/?period=2026#contacts_by_agency" in html or "nothing to count" in html
    # Black children's index (12/690 against 30/5990) has an interval wholly above 1: a difference in Inequalities.
    assert "Black (against White British)" in html
    assert "<svg" in html and "Health now joins every strategy discussion by phone" in html
    # The action was recorded on 1 June 2026: in the report of the year to March 2027, not this one.
    assert "Audit referrals for adultification bias" not in html
    later = signed_in(partnership.lead).get(reverse("partnership:report", args=[2027])).content.decode()
    assert "Audit referrals for adultification bias" in later
    assert f"{action.index} ({action.low} to {action.high})" in later  # the index when it was recorded
    # Nothing learnt from serious incidents was recorded in the year: the section says so in words.
    assert "No serious incident, rapid review, local child safeguarding practice review or learning action" in html
    assert (
        AuditEvent.objects.filter(action="viewed", object_type="partnership.yearlyreport", object_id="2026").count()
        == 1
    )


def test_given_narrative_for_every_section_then_the_lead_publishes_and_the_report_is_frozen(
    world: World, partnership: Partnership, today: date, population: None
) -> None:
    lead = signed_in(partnership.lead)
    children_in_need("WBRI", 30, date(2025, 9, 1))
    refused = lead.post(reverse("partnership:report_publish", args=[2026]))
    assert refused.status_code == 400 and "Add the narrative for Activity" in refused.content.decode()
    bad = lead.post(reverse("partnership:report_narrative", args=[2026, "activity"]), {"text": " "})
    assert bad.status_code == 400 and "Enter the narrative for this section" in bad.content.decode()
    for s in SECTIONS:
        done = lead.post(
            reverse("partnership:report_narrative", args=[2026, s.key]), {"text": f"What {s.heading} shows.\n\nMore."}
        )
        assert done.status_code == 302
    assert lead.post(reverse("partnership:report_publish", args=[2026])).status_code == 302
    report = YearlyReport.objects.get(year=2026)
    assert report.status == "published" and report.published_by == partnership.lead.user
    assert "What Inequalities shows." in report.published_html
    children_in_need("WBRI", 30, date(2025, 10, 1))  # later records do not change a published report
    html = lead.get(reverse("partnership:report", args=[2026])).content.decode()
    assert 'href="/insight/disproportionality/?stage=child_in_need&amp;period=2026">30<span' in html
    assert "Publish the report" not in html and "Add the narrative" not in html
    again = lead.post(reverse("partnership:report_narrative", args=[2026, "activity"]), {"text": "Changed"})
    assert again.status_code == 404 and "Changed" not in YearlyReport.objects.get(year=2026).narrative["activity"]


def test_given_the_pdf_then_it_is_tagged_and_its_sections_are_in_order(
    world: World, partnership: Partnership, today: date, population: None, tmp_path: Path
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    response = signed_in(partnership.lead).get(reverse("partnership:report_pdf", args=[2026]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = _inflated(pdf)
    assert pdf.startswith(b"%PDF-") and b"/StructTreeRoot" in text and b"/MarkInfo" in text and b"pdfuaid" in text
    assert [t for t in _outline(pdf) if t in HEADINGS] == HEADINGS
    assert AuditEvent.objects.filter(action="exported", object_type="partnership.yearlyreport").count() == 1

    out = tmp_path / "report.pdf"
    call_command("partnership_report", "--year", "2026", "--out", str(out))
    written = out.read_bytes()
    assert written.startswith(b"%PDF-") and [t for t in _outline(written) if t in HEADINGS] == HEADINGS
    assert b"http://127.0.0.1:8000/insight/disproportionality/" in _inflated(written)  # links back, absolute
    assert AuditEvent.objects.filter(action="exported", actor_system="partnership-report").count() == 1


def test_given_others_then_they_see_no_report_or_scrutiny(
    world: World, partnership: Partnership, today: date, client_for: Any
) -> None:
    assert signed_in(partnership.delegate).get(reverse("partnership:report", args=[2026])).status_code == 200
    for other in ("analyst", "team_manager", "social_worker", "police_officer", "school_dsl"):
        client = client_for(other)
        for url in (
            reverse("partnership:reports"),
            reverse("partnership:report", args=[2026]),
            reverse("partnership:report_pdf", args=[2026]),
            reverse("partnership:scrutiny_findings"),
        ):
            assert client.get(url).status_code == 404, (other, url)
    assert signed_in(partnership.lead).get(reverse("partnership:report", args=[1999])).status_code == 404


def test_given_more_children_then_the_report_page_reads_the_same_number_of_queries(
    world: World, partnership: Partnership, today: date, population: None, django_assert_num_queries: Any
) -> None:
    lead = signed_in(partnership.lead)
    url = reverse("partnership:report", args=[2026])
    children_in_need("WBRI", 6, date(2025, 9, 1))
    lead.get(url)
    with django_assert_num_queries(REPORT_QUERIES):
        lead.get(url)
    children_in_need("BAFR", 30, date(2025, 9, 1))
    children_in_need("WBRI", 30, today - timedelta(days=400))
    with django_assert_num_queries(REPORT_QUERIES):
        assert lead.get(url).status_code == 200


# Every characteristic's figures for the year (six stages and the trend's four other years each), the dashboards'
# measures, the actions and findings, learning's summary of serious incidents, reviews and actions (8 aggregates), the
# report's row, the audit's write, and the signed-in request's own.
REPORT_QUERIES = 92


@pytest.mark.django_db(transaction=True)
def test_given_the_synthetic_authority_then_the_command_writes_its_report(tmp_path: Path) -> None:
    today = timezone.localdate()
    generate(seed=1, children=60, as_of=today)
    year = today.year + (1 if today.month >= 4 else 0) - 1  # the last whole collection year
    out = tmp_path / f"partnership-{year}.pdf"
    call_command("partnership_report", "--year", str(year), "--out", str(out))
    assert [t for t in _outline(out.read_bytes()) if t in HEADINGS] == HEADINGS
    read = report_read(actor=system_actor("partnership-report"), year=year, today=today)
    assert read.data is not None and sum(a.children for a in read.data.activity) > 0
    assert [f.scrutineer for f in read.data.findings] == ["The partnership's independent scrutineer"]
