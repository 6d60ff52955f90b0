"""Producing a return from the record: the command and the page list a broken record by child and rule, and the
return is still produced with it in (never silently dropped)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree
from openpyxl import load_workbook

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.returns.models import ReturnFailure, ReturnRun
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.views import VALIDATORS_UNAVAILABLE

pytestmark = requires_validators


@pytest.fixture
def broken_care_record(world: World, today: date, looked_after: Callable[..., Any]) -> Any:
    """Ellie looked after since 1 May 2025, placed at a postcode that does not exist (ZZ9 9ZZ)."""
    return looked_after(date(2025, 5, 1), postcode="ZZ9 9ZZ")


def test_given_an_unknown_placement_postcode_when_the_ssda903_is_made_then_child_and_rule_are_listed_and_files_written(
    world: World, broken_care_record: Any, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("statutory_return", "ssda903", "--year", "2026", "--out", str(tmp_path / "903"), stdout=out)
    text = out.getvalue()
    child = world.allocated_child.pk
    errors = text.split("Errors (")[1].split("Queries (")[0]
    assert f"  child {child}:\n" in errors
    assert "    rule 392c: " in errors.split(f"  child {child}:")[1]
    episodes = (tmp_path / "903" / "Episodes.csv").read_text()
    assert episodes.splitlines()[0] == (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
    )
    assert f"{child},01/05/2025,S,C2,N1,U6,PR1,,,,LS1 1AA,ZZ9 9ZZ" in episodes  # the child is in the return
    for name in (
        "Header",
        "Episodes",
        "Reviews",
        "UASC",
        "OC2",
        "OC3",
        "AD1",
        "PlacedAdoption",
        "PrevPerm",
        "Missing",
        "SWEpisodes",
    ):
        assert (tmp_path / "903" / f"{name}.csv").exists()
    run = ReturnRun.objects.get()
    assert run.error_count >= 1
    assert ReturnFailure.objects.filter(run=run, child=world.allocated_child, rule="392c").exists()
    exported = AuditEvent.objects.get(action=AuditAction.EXPORTED, child_id=child, object_id=str(run.pk))
    assert (exported.actor_id, exported.actor_system) == (None, "returns")  # the command line: no user did it
    assert run.produced_by is None


def test_given_a_wrong_upn_when_the_cin_census_is_made_then_rule_1510_names_the_child_and_the_xml_is_written(
    world: World, today: date, tmp_path: Path
) -> None:
    child = world.allocated_child
    child.child_profile.upn = "A383123456789"  # wrong check letter
    child.child_profile.save()
    CaseEpisodeFactory(child=child, started_on=date(2025, 9, 1), referral_source="2A", tier="family_help")
    out = io.StringIO()
    call_command("statutory_return", "cin", "--year", "2026", "--out", str(tmp_path / "cin.xml"), stdout=out)
    text = out.getvalue()
    assert f"  child {child.pk}:\n    rule 1510: UPN invalid (wrong check letter at character 1)" in text
    assert "Checked by csc-validator-be-cin 0.1.13, rule set cin2025_26." in text
    root = etree.parse(str(tmp_path / "cin.xml")).getroot()
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert root.findtext("Header/Source/LEA") == "383"
    ids = [c.findtext("ChildIdentifiers/LAchildID") for c in root.iterfind("Children/Child")]
    assert ids == [str(child.pk)]
    assert root.findtext("Children/Child/CINdetails/CINreferralDate") == "2025-09-01"
    assert root.findtext("Children/Child/ChildIdentifiers/Sex") in ("M", "F", "U")


def test_given_an_unsupported_year_when_the_command_runs_then_it_says_which_years(today: date, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="2026, 2027"):
        call_command(
            "statutory_return", "cin", "--year", "2019", "--out", str(tmp_path / "x.xml"), stdout=io.StringIO()
        )


def test_given_a_team_manager_when_they_produce_the_ssda903_on_the_page_then_the_failures_page_lists_the_child(
    world: World, broken_care_record: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("team_manager")
    assert client.get("/returns/").status_code == 200
    response = client.post("/returns/", {"kind": "ssda903", "year": "2026"})
    assert response.status_code == 302
    run = ReturnRun.objects.get()
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    # Errors and queries apart, each with the rule's own words and the fields it flagged.
    errors, queries = body.split('id="errors"')[1].split('id="queries"')
    assert "Ellie Marsden" in errors and "392c" in errors and "Postcode(s) provided are invalid." in errors
    assert "Episodes.PL_POST: ZZ9 9ZZ" in errors
    assert "392c" not in queries
    assert "csc-validator-be-903 0.1.17, rule set lac2025_26" in body
    assert ReturnFailure.objects.get(run=run, rule="392c").fields == [
        "Episodes.HOME_POST: LS1 1AA",
        "Episodes.PL_POST: ZZ9 9ZZ",
    ]
    download = client.get(f"/returns/{run.pk}/download/")
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert "Episodes.csv" in names and "Header.csv" in names


def test_given_the_failures_page_when_read_then_its_queries_are_fixed(
    world: World, broken_care_record: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("team_manager")
    client.post("/returns/", {"kind": "ssda903", "year": "2026"})
    run = ReturnRun.objects.get()
    client.get(f"/returns/{run.pk}/")  # warm the per-process caches
    with django_assert_num_queries(18):
        client.get(f"/returns/{run.pk}/")


def test_given_an_empty_form_when_posted_then_the_error_summary_shows(
    world: World, client_for: Any, today: date
) -> None:
    response = client_for("team_manager").post("/returns/", {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Select which return to produce" in body


@pytest.mark.parametrize("persona", ["analyst", "social_worker", "school_dsl"])
def test_given_someone_who_does_not_produce_returns_when_they_open_the_pages_then_they_are_not_found(
    world: World, client_for: Any, persona: str, today: date
) -> None:
    client = client_for(persona)
    assert client.get("/returns/").status_code == 404
    assert client.get("/returns/annex-a.xlsx").status_code == 404


def test_given_a_team_manager_when_they_download_annex_a_then_it_has_lists_1_to_11(
    world: World, broken_care_record: Any, client_for: Any
) -> None:
    response = client_for("team_manager").get("/returns/annex-a.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 11
    assert book.sheetnames[0].startswith("List 1") and book.sheetnames[-1].startswith("List 11")
    care = book["List 8 Children in care"]
    assert care.cell(row=2, column=1).value == str(world.allocated_child.pk)


def test_given_no_validators_environment_when_a_manager_produces_a_return_then_the_page_says_so_and_keeps_nothing(
    world: World, broken_care_record: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.JOINEDUP_DFE_VALIDATORS = tmp_path / "nowhere"
    response = client_for("team_manager").post("/returns/", {"kind": "ssda903", "year": "2026"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and VALIDATORS_UNAVAILABLE.replace("'", "&#39;") in body
    assert str(tmp_path) not in body  # the server's paths are for the log, not the page
    assert not ReturnRun.objects.exists()


def test_given_a_return_made_earlier_when_the_command_only_validates_it_then_it_lists_failures_and_keeps_nothing(
    world: World, broken_care_record: Any, tmp_path: Path
) -> None:
    call_command("statutory_return", "ssda903", "--year", "2026", "--out", str(tmp_path / "903"), stdout=io.StringIO())
    child = world.allocated_child.pk
    runs, events = ReturnRun.objects.count(), AuditEvent.objects.count()
    out = io.StringIO()
    call_command("statutory_return", "ssda903", "--year", "2026", "--validate", str(tmp_path / "903"), stdout=out)
    text = out.getvalue()
    assert text.startswith(f"Validated {tmp_path / '903'} for 2025 to 2026.")
    assert f"  child {child}:\n" in text and "    rule 392c: Postcode(s) provided are invalid." in text
    assert (ReturnRun.objects.count(), AuditEvent.objects.count()) == (runs, events), "nothing kept, nothing read"
    with pytest.raises(CommandError, match="errors"):
        call_command(
            "statutory_return", "ssda903", "--year", "2026", "--validate", str(tmp_path / "903"), "--strict",
            stdout=io.StringIO(),
        )  # fmt: skip


def test_given_a_census_file_when_the_command_validates_it_only_then_the_packages_rules_name_the_child(
    world: World, today: date, tmp_path: Path
) -> None:
    census = tmp_path / "census.xml"
    census.write_text(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31"
        "</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>383</LEA><SoftwareCode>Other"
        "</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2026-04-20T10:00:00</DateTime></Source>"
        "</Header><Children><Child><ChildIdentifiers><LAchildID>A12</LAchildID><PersonBirthDate>2026-05-01"
        "</PersonBirthDate><Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
        "</ChildCharacteristics><CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>2A"
        "</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails></Child>"
        "</Children></Message>"
    )
    out = io.StringIO()
    call_command("statutory_return", "cin", "--year", "2026", "--validate", str(census), stdout=out)
    text = out.getvalue()
    assert "  child A12:\n    rule 8520: Date of Birth is after data collection period" in text
    assert not ReturnRun.objects.exists()
    with pytest.raises(CommandError, match="one XML file"):
        call_command("statutory_return", "cin", "--year", "2026", "--validate", str(tmp_path), stdout=io.StringIO())
