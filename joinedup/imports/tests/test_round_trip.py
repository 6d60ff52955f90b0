"""The round trip proves it (issue 20, item 5): a CIN census and an SSDA903 return written by hand from the DfE's
field tables (tests/data, as another case system would send them, with the people file that names the children)
are brought in, then the same year's returns are generated from the record: they pass the DfE's rules with no
errors for those children, and give back the same children, episodes of need, assessments, plans, section 47
enquiries, periods of care, placements, reviews, missing episodes, social worker episodes and care leavers. A
second import changes nothing: every table is counted before and after."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from lxml import etree

from joinedup.audit.models import AuditEvent
from joinedup.children_in_care.models import CareEpisode, Placement
from joinedup.episodes.models import CaseEpisode, EpisodeTransition
from joinedup.imports.models import ImportedRecord, ImportRun
from joinedup.imports.services import ImportReport, import_history
from joinedup.people.models import Person, Relationship
from joinedup.returns import cin_census, ssda903
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.validation import cin as cin_rules
from joinedup.returns.validation import ssda903 as ssda903_rules
from joinedup.returns.years import collection_year

from .conftest import DATA, table_counts

pytestmark = pytest.mark.django_db


def bring_in(admin: Any) -> list[ImportReport]:
    reports = [
        import_history(kind="people", source=DATA / "people.csv", run_by=admin),
        import_history(kind="cin", source=DATA / "cin_2026.xml", run_by=admin),
        import_history(kind="ssda903", source=DATA / "ssda903_2026", run_by=admin),
    ]
    for report in reports:
        assert report.accepted, "\n".join(report.lines())
    return reports


def la_child_ids() -> dict[str, str]:
    """JoinedUp's record number (what the returns give as the child id) -> the LA child id the files gave."""
    person = ContentType.objects.get_for_model(Person)
    return {
        str(object_id): key.removeprefix("child:")
        for key, object_id in ImportedRecord.objects.filter(
            content_type=person, source_key__startswith="child:"
        ).values_list("source_key", "object_id")
    }


def census_facts(root: Any, ids: dict[str, str] | None = None) -> dict[str, Any]:
    """Each child's statutory facts in a CIN census, by LA child id (`ids` maps a generated return's ids)."""

    def text(e: Any, path: str) -> str:
        return (e.findtext(path) or "").strip()

    facts: dict[str, Any] = {}
    for child in root.iterfind("Children/Child"):
        la = text(child, "ChildIdentifiers/LAchildID")
        if ids is not None:
            if la not in ids:
                continue  # a child the record held before the import
            la = ids[la]
        needs = []
        for cin in child.iterfind("CINdetails"):
            needs.append(
                (
                    text(cin, "CINreferralDate"),
                    text(cin, "ReferralSource"),
                    text(cin, "PrimaryNeedCode"),
                    text(cin, "CINclosureDate"),
                    text(cin, "ReasonForClosure"),
                    text(cin, "ReferralNFA"),
                    [
                        (
                            text(a, "AssessmentActualStartDate"),
                            text(a, "AssessmentAuthorisationDate"),
                            sorted(f.text for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")),
                        )
                        for a in cin.iterfind("Assessments")
                    ],
                    [(text(p, "CINPlanStartDate"), text(p, "CINPlanEndDate")) for p in cin.iterfind("CINPlanDates")],
                    [
                        (
                            text(s, "S47ActualStartDate"),
                            text(s, "InitialCPCtarget"),
                            text(s, "DateOfInitialCPC"),
                            text(s, "ICPCnotRequired"),
                        )
                        for s in cin.iterfind("Section47")
                    ],
                    [
                        (
                            text(p, "CPPstartDate"),
                            text(p, "CPPendDate"),
                            text(p, "InitialCategoryOfAbuse"),
                            text(p, "LatestCategoryOfAbuse"),
                            text(p, "NumberOfPreviousCPP"),
                            [r.text for r in p.iterfind("Reviews/CPPreviewDate")],
                        )
                        for p in cin.iterfind("ChildProtectionPlans")
                    ],
                )
            )
        facts[la] = {
            "born": text(child, "ChildIdentifiers/PersonBirthDate"),
            "sex": text(child, "ChildIdentifiers/Sex"),
            "ethnicity": text(child, "ChildCharacteristics/Ethnicity"),
            "disabilities": sorted(d.text for d in child.iterfind("ChildCharacteristics/Disabilities/Disability")),
            "needs": needs,
        }
    return facts


TABLES = ("Header", "Episodes", "Reviews", "UASC", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing", "SWEpisodes")


def source_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    _, tables = ssda903_rules.read_files(sorted(folder.glob("*.csv")))
    return {name: sorted(rows, key=lambda r: tuple(r.values())) for name, rows in tables.items() if name in TABLES}


def generated_tables(ret: Any, ids: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    out = {}
    for name in TABLES:
        rows = [{**row, "CHILD": ids[row["CHILD"]]} for row in ret.tables.get(name, []) if row["CHILD"] in ids]
        out[name] = sorted(rows, key=lambda r: tuple(r.values()))
    return out


@requires_validators
def test_a_return_brought_in_gives_back_the_same_return_and_a_second_import_changes_nothing(
    admin: Any, today: date
) -> None:
    people, cin_report, care_report = bring_in(admin)
    assert people.created == {"People": 7, "Relationships": 3}
    assert cin_report.matched == 3 and cin_report.year == 2026
    assert care_report.matched == 2 and care_report.year == 2026
    assert care_report.not_brought_in == ["PrevPerm"]
    ids = la_child_ids()
    assert sorted(ids.values()) == ["CH001", "CH002", "CH003", "CH004"]

    # The CIN census for 2025-26 from the record: the same children and statutory facts, and no error for them.
    year = collection_year("cin", 2026)
    census = cin_census.build(year)
    source = etree.parse(str(DATA / "cin_2026.xml")).getroot()
    assert census_facts(census.tree.getroot(), ids) == census_facts(source)
    errors = [f for f in cin_rules.validate(census).errors if f.child in ids]
    assert errors == []

    # The SSDA903 return for 2025-26 from the record: the same rows in every table brought in, and no error.
    ret = ssda903.build(collection_year("ssda903", 2026))
    assert generated_tables(ret, ids) == source_tables(DATA / "ssda903_2026")
    errors = [f for f in ssda903_rules.validate(ret).errors if f.child in ids]
    assert errors == []

    # Chronologies, re-referrals and clocks read the history as they read live work: it is in the domain tables.
    ch003 = Person.objects.get(pk=int(next(pk for pk, la in ids.items() if la == "CH003")))
    assert CaseEpisode.objects.get(child=ch003).tier == "family_help"
    assert list(Placement.objects.filter(child=ch003).values_list("placement_type", "reason_for_change")) == [
        ("U4", "CARPL"),
        ("U1", ""),
    ]
    assert CareEpisode.objects.filter(child=ch003).count() == 2
    assert EpisodeTransition.objects.filter(episode__child=ch003).exists()
    assert Relationship.objects.filter(relationship_type="father", has_parental_responsibility=True).count() == 1
    # Each run is the imports system actor's work, naming the administrator who ran it.
    events = AuditEvent.objects.filter(actor_system="imports")
    assert events.count() == ImportedRecord.objects.count()
    assert all(f"run by {admin.get_username()}" in e.reason for e in events)
    assert ImportRun.objects.count() == 3

    before = table_counts()
    again = bring_in(admin)
    assert all(r.nothing_new for r in again), [r.lines() for r in again]
    assert table_counts() == before


def test_the_tables_of_a_hand_written_return_are_what_the_test_compares() -> None:
    """The files the round trip reads are the DfE's tables, header first (a check on the test's own data)."""
    with (DATA / "ssda903_2026" / "Episodes.csv").open() as fh:
        header = next(csv.reader(fh))
    assert header == ssda903.COLUMNS["Episodes"]
