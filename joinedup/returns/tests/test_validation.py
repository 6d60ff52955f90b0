"""The validation step is wired to the DfE's rules as the community maintains them: a record with a known-bad field
comes back as the package's rule code against that child (the CIN census through csc-validator-be-cin, the
SSDA903 through csc-validator-be-903, each with the year's rule set), errors and queries as the package marks them;
JoinedUp's own checks run only for what the packages do not cover; and a missing validators' environment is a clear
error, never a silent pass."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from joinedup.returns.cin_census import CinCensus
from joinedup.returns.ssda903 import Ssda903Return
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.validation import ValidatorsUnavailable, dfe
from joinedup.returns.validation import cin as cin_validation
from joinedup.returns.validation import ssda903 as ssda903_validation
from joinedup.returns.years import collection_year

NOT_AN_ETHNICITY_CODE = "XXXX"  # a broken record: no such code in the DfE ethnicity list


def header(child: str, **kw: str) -> dict[str, str]:
    row = {"CHILD": child, "SEX": "F", "DOB": "01/06/2012", "ETHNIC": "WBRI", "UPN": "UN2", "MOTHER": "", "MC_DOB": ""}
    row.update(kw)
    return row


def episode(child: str, **kw: str) -> dict[str, str]:
    row = {
        "CHILD": child, "DECOM": "01/05/2025", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U4",
        "PLACE_PROVIDER": "PR1", "DEC": "", "REC": "", "REASON_PLACE_CHANGE": "", "HOME_POST": "LS1 1AA",
        "PL_POST": "LS6 2AB", "URN": "",
    }  # fmt: skip
    row.update(kw)
    return row


def sw(child: str) -> dict[str, str]:
    return {
        "CHILD": child,
        "DOB": "01/06/2012",
        "SW_ID": "SW1",
        "SW_DECOM": "01/05/2025",
        "SW_DEC": "",
        "SW_REASON": "",
    }


def return_903(year: int, headers: list[dict[str, str]], **tables: list[dict[str, str]]) -> Ssda903Return:
    ret = Ssda903Return(year=collection_year("ssda903", year))
    ret.tables = {"Header": headers, "SWEpisodes": [sw(h["CHILD"]) for h in headers], **tables}
    ret.child_ids = [int(h["CHILD"]) for h in headers]
    return ret


def found(report: Any) -> set[tuple[str, str]]:
    return {(f.child, f.rule) for f in report.failures}


# -- the SSDA903 ------------------------------------------------------------------------------------------------


@requires_validators
def test_given_broken_looked_after_records_when_validated_then_the_packages_rule_names_each_child() -> None:
    ret = return_903(
        2026,
        [header("101", SEX="1"), header("102"), header("105", ETHNIC=NOT_AN_ETHNICITY_CODE), header("106")],
        Episodes=[
            episode("101"),
            episode("102", PLACE="P1", LS="V2"),  # placed with parents under section 20 (378)
            episode("105"),
            episode("106"),
        ],
    )
    report = ssda903_validation.validate(ret)
    failures = found(report)
    # SEX as 1/2 has been M/F/U since 2024-25 (101); a bad ethnicity code (103); placed with parents on s20 (378).
    assert {("101", "101"), ("102", "378"), ("105", "103")} <= failures
    assert not {("106", "101"), ("106", "378"), ("106", "103")} & failures, "only the child with the bad field"
    (sex,) = [f for f in report.failures if (f.child, f.rule) == ("101", "101")]
    assert sex.source == "csc-validator-be-903 0.1.17" and sex.severity == "error" and sex.table == "Header"
    assert sex.message == "The child or young person’s reported sex is not valid."
    assert "Header.SEX: 1" in sex.fields
    assert any(c == "csc-validator-be-903 0.1.17, rule set lac2025_26" for c in report.checked_by)
    assert report.rules_run > 250


@requires_validators
def test_given_an_open_episode_with_a_reason_for_placement_change_then_jouinedups_233_reports_it() -> None:
    """233 in the package reads a column its CSV reader does not make (DATE_EPISODE_CEASED): it raises, so JoinedUp
    checks it, under the same code, and it is not listed as "could not run"."""
    ret = return_903(2026, [header("201")], Episodes=[episode("201", REASON_PLACE_CHANGE="CARPL")])
    report = ssda903_validation.validate(ret)
    (failure,) = [f for f in report.failures if f.rule == "233"]
    assert (failure.child, failure.source) == ("201", ssda903_validation.SOURCE_OWN)
    assert "233" not in report.rules_not_run


@requires_validators
def test_given_a_closed_deprivation_of_liberty_order_in_foster_care_when_validated_then_709_names_the_child() -> None:
    """709 and 710 in the package read a PLACEMENT column (the table's is PLACE) and raise: JoinedUp checks them; 706
    holds because the year before (2025-26) had no DoLo table."""
    dolo = [{"CHILD": "301", "DOB": "01/06/2012", "DOLO_START": "02/06/2026", "DOLO_END": "30/09/2026"}]
    ret = return_903(
        2027,
        [header("301"), header("302")],
        Episodes=[episode("301", DECOM="01/05/2026", PLACE="U4"), episode("302", DECOM="01/05/2026", PLACE="K2")],
        DoLo=[*dolo, {**dolo[0], "CHILD": "302"}],
    )
    ret.tables["SWEpisodes"] = [{**sw(h["CHILD"]), "SW_DECOM": "01/05/2026"} for h in ret.tables["Header"]]
    report = ssda903_validation.validate(ret)
    assert ("301", "709") in found(report)
    assert ("302", "709") not in found(report)
    assert not {"706", "709", "710"} & set(report.rules_not_run)


@requires_validators
def test_given_a_child_still_in_care_and_still_missing_with_an_order_running_then_no_rule_takes_them_as_gone() -> None:
    """The package's rule 365 fills the end date of every episode open at 31 March on the copy of the tables every
    rule shares; 575, 577 and 707 then took a child still in care, still missing, with a deprivation of liberty order
    still running, as having left. The runner judges them on the files as read (dfe_runner.RUN_ALONE). A child whose
    care really ended while missing is still found by 577."""
    missing = {"CHILD": "401", "DOB": "01/06/2012", "MISSING": "M", "MIS_START": "04/12/2026", "MIS_END": ""}
    ret = return_903(
        2027,
        [header("401"), header("402")],
        Episodes=[
            episode("401", DECOM="01/05/2026", PLACE="K1", PLACE_PROVIDER="PR4", URN="SC948099"),
            episode("402", DECOM="01/05/2026", DEC="10/12/2026", REC="E11"),
        ],
        Missing=[missing, {**missing, "CHILD": "402", "MIS_START": "05/12/2026"}],
        DoLo=[{"CHILD": "401", "DOB": "01/06/2012", "DOLO_START": "02/06/2026", "DOLO_END": ""}],
    )
    ret.tables["SWEpisodes"] = [{**sw(h["CHILD"]), "SW_DECOM": "01/05/2026"} for h in ret.tables["Header"]]
    failures = found(ssda903_validation.validate(ret))
    assert not {("401", "575"), ("401", "577"), ("401", "707")} & failures
    assert ("402", "577") in failures


# -- the CIN census ---------------------------------------------------------------------------------------------


def census(children_xml: str, year: int = 2026) -> CinCensus:
    root = etree.fromstring(
        f"<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31"
        "</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>383</LEA><SoftwareCode>"
        f"JoinedUp</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>{year}-04-20T10:00:00</DateTime>"
        f"</Source></Header><Children>{children_xml}</Children></Message>"
    )
    return CinCensus(year=collection_year("cin", year), tree=etree.ElementTree(root))


def child(ids: str, details: str = "") -> str:
    cin = details or (
        "<CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails>"
    )
    return (
        f"<Child><ChildIdentifiers>{ids}</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
        f"<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>{cin}</Child>"
    )


def assessed(start: str, authorised: str, factor: str = "2A") -> str:
    return (
        "<CINdetails><CINreferralDate>2025-04-10</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><Assessments><AssessmentActualStartDate>"
        f"{start}</AssessmentActualStartDate><AssessmentAuthorisationDate>{authorised}</AssessmentAuthorisationDate>"
        f"<FactorsIdentifiedAtAssessment><AssessmentFactors>{factor}</AssessmentFactors>"
        "</FactorsIdentifiedAtAssessment></Assessments><ReferralNFA>false</ReferralNFA></CINdetails>"
    )


@requires_validators
def test_given_broken_children_in_need_records_when_validated_then_the_packages_rule_names_each_child() -> None:
    report = cin_validation.validate(
        census(
            child(
                "<LAchildID>1</LAchildID><UPN>G383200001001</UPN><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex>"
            )
            + child(
                "<LAchildID>2</LAchildID><ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate><Sex>F</Sex>"
            )  # unborn but not sex U (8750)
            + child("<LAchildID>3</LAchildID><PersonBirthDate>2026-05-01</PersonBirthDate><Sex>M</Sex>")  # 8520
            + child(
                "<LAchildID>4</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>",
                assessed("2025-03-01", "2025-03-20"),
            )  # an assessment authorised before the census year (8696)
            + child(
                "<LAchildID>5</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>",
                assessed("2025-05-01", "2025-05-20", factor="99Z"),
            )  # not an assessment factor code (the schema: XSD)
        )
    )
    failures = found(report)
    assert {("2", "8750"), ("3", "8520"), ("4", "8696"), ("5", "XSD")} <= failures
    assert not any(c == "1" for c, _ in failures), "a clean child is not named"
    (late,) = [f for f in report.failures if (f.child, f.rule) == ("4", "8696")]
    assert late.source == "csc-validator-be-cin 0.1.13" and late.severity == "error" and late.table == "Assessments"
    assert late.message == "Assessment end date must fall within the census year"
    assert "Assessments.AssessmentAuthorisationDate: 2025-03-20" in late.fields
    (schema,) = [f for f in report.failures if (f.child, f.rule) == ("5", "XSD")]
    assert schema.source == cin_validation.SOURCE_OWN and "'99Z' is not a code" in schema.fields[0]
    assert report.checked_by == [
        "csc-validator-be-cin 0.1.13, rule set cin2025_26",
        "JoinedUp: the census schema (XSD)",
    ]
    # The package's 8897Q raises on a factor code it does not know: reported as not run, never as passed.
    assert report.rules_not_run == ["8897Q"] and report.rules_run == 109


@requires_validators
def test_given_a_query_when_validated_then_it_is_a_query_as_the_package_marks_it() -> None:
    open_assessment = (
        "<CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><Assessments><AssessmentActualStartDate>2025-06-02"
        "</AssessmentActualStartDate></Assessments><ReferralNFA>false</ReferralNFA></CINdetails>"
    )
    for year in (2026, 2027):
        details = open_assessment.replace("2025-06", f"{year - 1}-06")
        report = cin_validation.validate(
            census(
                child("<LAchildID>9</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>", details),
                year,
            )
        )
        (query,) = [f for f in report.failures if f.rule == "8670Q"]
        assert (query.child, query.severity) == ("9", "query")
        assert report.errors == [] or all(f.severity == "error" for f in report.errors)
        assert f"rule set cin{year - 1}_{str(year)[2:]}" in report.checked_by[0]


# -- no validators: a clear error -------------------------------------------------------------------------------


def test_given_no_validators_environment_when_a_return_is_validated_then_the_error_says_what_to_do(
    settings: Any, tmp_path: Path
) -> None:
    settings.JOINEDUP_DFE_VALIDATORS = tmp_path / "nowhere"
    with pytest.raises(ValidatorsUnavailable, match=r"environment is missing .*nowhere/bin/python.*make install"):
        cin_validation.validate(census(child("<LAchildID>1</LAchildID>")))
    with pytest.raises(ValidatorsUnavailable, match="make install"):
        dfe.run("ssda903", 2026, {"Header.csv": b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"})


@pytest.mark.django_db
def test_given_no_validators_environment_when_the_command_runs_then_it_stops_with_the_reason(
    settings: Any, tmp_path: Path
) -> None:
    settings.JOINEDUP_DFE_VALIDATORS = tmp_path / "nowhere"
    with pytest.raises(CommandError, match="make install"):
        call_command(
            "statutory_return", "cin", "--year", "2026", "--out", str(tmp_path / "c.xml"), stdout=io.StringIO()
        )
    assert not (tmp_path / "c.xml").exists(), "nothing is written when the return cannot be checked"


@requires_validators
def test_the_census_is_read_into_the_packages_own_tables_frame_for_frame(tmp_path: Path) -> None:
    """dfe_runner reads a census with the package's own reader and a stand-in for its per-child pandas calls (the
    reader slows with the square of the children); the tables are the package's unchanged reading of the same file,
    frame for frame: values, columns, order and types, for every module of the census."""
    plan = (
        "<ChildProtectionPlans><CPPstartDate>2025-07-01</CPPstartDate><CPPendDate>2026-01-10</CPPendDate>"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-09-30</CPPreviewDate></Reviews>"
        "<Reviews><CPPreviewDate>2025-12-30</CPPreviewDate></Reviews></ChildProtectionPlans>"
    )
    every_module = (
        "<CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>5A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2026-02-01</CINclosureDate>"
        "<ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>false</ReferralNFA><Assessments>"
        "<AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-06-01"
        "</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors>"
        "<AssessmentFactors>21</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors>"
        "</FactorsIdentifiedAtAssessment></Assessments><Assessments><AssessmentActualStartDate>2025-10-01"
        "</AssessmentActualStartDate></Assessments><CINPlanDates><CINPlanStartDate>2025-06-02</CINPlanStartDate>"
        "<CINPlanEndDate>2025-06-30</CINPlanEndDate></CINPlanDates><Section47><S47ActualStartDate>2025-06-10"
        "</S47ActualStartDate><InitialCPCtarget>2025-07-01</InitialCPCtarget><DateOfInitialCPC>2025-07-01"
        f"</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>{plan}</CINdetails>"
    )
    second_episode = (
        "<CINdetails><CINreferralDate>2026-02-20</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<PrimaryNeedCode>N2</PrimaryNeedCode><ReferralNFA>true</ReferralNFA></CINdetails>"
    )
    unborn = (
        "<Child><ChildIdentifiers><LAchildID>90</LAchildID><ExpectedPersonBirthDate>2026-05-01"
        "</ExpectedPersonBirthDate><UPNunknown>UN1</UPNunknown></ChildIdentifiers><ChildCharacteristics>"
        "<Ethnicity>NOBT</Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2026-01-05</CINreferralDate>"
        "<ReferralSource>3A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>"
        "</CINdetails></Child>"
    )
    two_disabilities = "<Disability>HAND</Disability><Disability>HEAR</Disability>"

    def one(n: int) -> str:
        details = (every_module + second_episode) if n % 3 == 0 else assessed("2025-05-01", "2025-05-20")
        made = child(
            f"<LAchildID>{n}</LAchildID><UPN>A1234567890{n % 10}3</UPN><PersonBirthDate>2015-01-01"
            "</PersonBirthDate><Sex>M</Sex>",
            details,
        )
        return made.replace("<Disability>NONE</Disability>", two_disabilities) if n % 4 == 0 else made

    xml = census("".join(one(n) for n in range(1, 10)) + unborn)
    path = tmp_path / "census.xml"
    xml.tree.write(str(path))
    script = (
        "import sys, xml.etree.ElementTree as ET\n"
        "import pandas as pd\n"
        f"sys.path.insert(0, {str(Path(dfe.__file__).parent)!r})\n"
        "import dfe_runner\n"
        "from cin_validator import cin_validator\n"
        f"root = ET.parse({str(path)!r}).getroot()\n"
        "fast, package = dfe_runner._cin_tables(root), cin_validator.convert_data(root)\n"
        "assert list(fast) == list(package), (list(fast), list(package))\n"
        "for name in package:\n"
        "    pd.testing.assert_frame_equal(fast[name], package[name], check_exact=True, obj=name)\n"
        "print({name: len(table) for name, table in fast.items()})\n"
    )
    done = subprocess.run(  # noqa: S603
        [str(dfe.python()), "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    rows = eval(done.stdout.strip(), {})  # noqa: S307 (a dict of table names and counts printed by the script)
    assert rows == {
        "Header": 1, "ChildIdentifiers": 10, "ChildCharacteristics": 10, "ChildProtectionPlans": 3,
        "CINdetails": 13, "CINplanDates": 3, "Reviews": 6, "Section47": 3, "Assessments": 12,
        "AssessmentFactorsList": 15, "Disabilities": 11,
    }  # fmt: skip
