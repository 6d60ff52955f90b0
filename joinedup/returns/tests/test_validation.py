"""Hand-made broken records: the validation step catches each, by child and rule (SSDA903 through the community
package and the year's own checks; the CIN census through the rules here)."""

from __future__ import annotations

from typing import Any

from lxml import etree

from joinedup.returns.cin_census import CinCensus
from joinedup.returns.ssda903 import URN_NOT_KNOWN, Ssda903Return
from joinedup.returns.validation import cin as cin_validation
from joinedup.returns.validation import ssda903 as ssda903_validation
from joinedup.returns.years import collection_year

NOT_AN_ETHNICITY_CODE = "XXXX"  # a broken record: no such code in the DfE ethnicity list


def header(child: str, **kw: str) -> dict[str, str]:
    row = {"CHILD": child, "SEX": "2", "DOB": "01/06/2012", "ETHNIC": "WBRI", "UPN": "UN2", "MOTHER": "0", "MC_DOB": ""}
    row.update(kw)
    return row


def episode(child: str, **kw: str) -> dict[str, str]:
    row = {
        "CHILD": child, "DECOM": "01/05/2025", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U4",
        "PLACE_PROVIDER": "PR1", "DEC": "", "REC": "", "REASON_PLACE_CHANGE": "", "HOME_POST": "LS1 1AA",
        "PL_POST": "LS1 1AB", "URN": URN_NOT_KNOWN,
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


def make_903(headers: list[dict[str, str]], episodes: list[dict[str, str]], **tables: list[dict[str, str]]) -> Any:
    ret = Ssda903Return(year=collection_year("ssda903", 2026))
    ret.tables = {"Header": headers, "Episodes": episodes, "SWEpisodes": [sw(h["CHILD"]) for h in headers], **tables}
    ret.child_ids = [int(h["CHILD"]) for h in headers]
    return ssda903_validation.validate(ret)


def failed(report: Any) -> set[tuple[str, str]]:
    return {(f.child, f.rule) for f in report.failures}


def test_given_a_clean_looked_after_child_when_validated_then_no_rule_fails() -> None:
    report = make_903([header("101")], [episode("101")])
    assert [(f.rule, f.message) for f in report.errors] == []


def test_given_broken_looked_after_records_when_validated_then_each_is_reported_by_child_and_rule() -> None:
    headers = [header(c) for c in ("101", "102", "103", "104", "201", "301", "401")] + [
        header("105", ETHNIC=NOT_AN_ETHNICITY_CODE)
    ]
    ret = Ssda903Return(year=collection_year("ssda903", 2026))
    ret.tables = {
        "Header": headers,
        "Episodes": [
            episode("101", PLACE="P1", LS="V2"),  # placed with parents under s20 (rule 378)
            episode("102", LS="L1", DECOM="01/05/2025", DEC="01/06/2025", REC="X1"),  # police protection 31 days (361)
            episode("102", LS="C1", DECOM="01/06/2025", RNE="L"),
            episode("103", PL_POST="ZZ9 9ZZ"),  # not a postcode in the ONS directory (own 392c)
            episode("104", PLACE="Z1"),  # Z1 is no longer a placement type in 2025-26 (own 146)
            episode("105"),  # ethnicity not a valid code (103)
            episode("201", DEC="01/08/2025", REC="E4A"),  # then missing after care ended (own 578)
            episode("301", DEC="01/07/2025", REC="X1", REASON_PLACE_CHANGE="CARPL"),
            episode(
                "301", DECOM="01/07/2025", RNE="P", LS="C1", PL_POST="LS1 1AD"
            ),  # P, but legal status changed (435)
            episode("401"),  # looked after at 31 March with no social worker episode (SW17STG2)
        ],
        "Missing": [{"CHILD": "201", "DOB": "01/06/2012", "MISSING": "M", "MIS_START": "01/10/2025", "MIS_END": ""}],
        "SWEpisodes": [sw(h["CHILD"]) for h in headers if h["CHILD"] != "401"],
    }
    report = ssda903_validation.validate(ret)
    found = failed(report)
    for expected in [
        ("101", "378"), ("102", "361"), ("103", "392c"), ("104", "146"), ("105", "103"), ("201", "578"),
        ("301", "435"), ("401", "SW17STG2"),
    ]:  # fmt: skip
        assert expected in found, expected
    assert all(f.severity in ("error", "query") and f.message for f in report.failures)
    # Children with nothing wrong are not named.
    assert not any(f.child == "104" and f.rule == "378" for f in report.failures)


# -- the CIN census ---------------------------------------------------------------------------------------------


def census(children_xml: str, year: int = 2026) -> Any:
    root = etree.fromstring(f"<Message><Header/><Children>{children_xml}</Children></Message>")
    return cin_validation.validate(CinCensus(year=collection_year("cin", year), tree=etree.ElementTree(root)))


def child(ids: str, details: str = "", characteristics: str = "<Ethnicity>WBRI</Ethnicity>") -> str:
    cin = details or (
        "<CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails>"
    )
    return (
        f"<Child><ChildIdentifiers>{ids}</ChildIdentifiers>"
        f"<ChildCharacteristics>{characteristics}</ChildCharacteristics>{cin}</Child>"
    )


def test_given_a_clean_child_in_need_when_validated_then_no_rule_fails() -> None:
    report = census(child("<LAchildID>7</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex>"))
    assert report.failures == []


def test_given_broken_children_in_need_records_when_validated_then_each_is_reported_by_child_and_rule() -> None:
    report = census(
        child("<LAchildID>1</LAchildID><Sex>F</Sex>")  # no date of birth (8525)
        + child(
            "<LAchildID>2</LAchildID><ExpectedPersonBirthDate>2026-08-01</ExpectedPersonBirthDate><Sex>F</Sex>"
        )  # unborn but not sex U (8750)
        + child(
            "<LAchildID>3</LAchildID><UPN>A383123456789</UPN><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>"
        )
        + child(
            "<LAchildID>4</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>",
            "<CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>99</ReferralSource>"
            "<ReferralNFA>false</ReferralNFA><Assessments><AssessmentActualStartDate>2025-06-02"
            "</AssessmentActualStartDate></Assessments></CINdetails>",
        )  # an unknown referral source (schema) and an assessment open for 10 months (8670Q)
        + child("<LAchildID>ABCDEFGHIJKLMNOPQRSTU</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>")
    )
    found = {(f.child, f.rule) for f in report.failures}
    assert ("1", "8525") in found
    assert ("2", "8750") in found
    assert ("3", "1510") in found  # wrong check letter
    assert ("4", "XSD") in found
    assert ("4", "8670Q") in found
    assert ("ABCDEFGHIJKLMNOPQRSTU", "1570") in found
    queries = [f for f in report.failures if f.rule == "8670Q"]
    assert queries[0].severity == "query"


def test_given_factor_18a_when_validated_then_it_is_queried_in_2026_and_2027() -> None:
    details = (
        "<CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<ReferralNFA>false</ReferralNFA><Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2025-07-01</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment>"
        "<AssessmentFactors>18A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments></CINdetails>"
    )
    for year in (2026, 2027):
        report = census(
            child("<LAchildID>9</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>", details), year
        )
        assert ("9", "8945Q") in {(f.child, f.rule) for f in report.failures}
