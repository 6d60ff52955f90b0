"""CIN census validation: the DfE's validation rules for the year, run on the census XML as written.

The rules are Data to Insight's `csc-validator-be-cin` with the collection year's rule set (cin2025_26 for the year
ending 31 March 2026, cin2026_27 for 2027), run in its own environment (dfe.py). Each rule is an error or a query
as the package defines it (the query codes end in Q).

The package reads the census as tables and does not check the schema itself, so JoinedUp checks what the schema
requires and no rule covers, under "XSD": each group's elements in the schema's order and none it does not know,
the elements a group must have, and the assessment factor codes (the package checks the other code lists under
their rule codes: 4220 ethnicity, 8540 disability, 8866 referral source, 8650 primary need, 8640 reason for
closure, 8905 and 8910 categories of abuse). The 2026-27 PreProceedingsandFGDM module is read by no rule of the
package's: the schema check covers it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from joinedup.returns.cin_census import CinCensus
from joinedup.returns.years import CollectionYear

from . import Failure, ValidationReport, dfe

SOURCE_OWN = "JoinedUp (CIN census schema)"
SCHEMA_RULE = "XSD"
SCHEMA_MESSAGE = "The census does not follow the DfE's schema"

FACTORS = {
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A",
    "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C",
    "19A", "19B", "19C", "20", "21", "22A", "23A", "24A",
}  # fmt: skip

# The schema's sequences (CIN census XSD): each group's elements must come in this order.
SEQUENCES: dict[str, list[str]] = {
    "ChildIdentifiers": [
        "LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate", "GenderCurrent",
        "Sex", "PersonDeathDate",
    ],
    "CINdetails": [
        "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
        "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47", "ReferralNFA", "ChildProtectionPlans",
        "PreProceedingsandFGDM",
    ],
    "Assessments": [
        "AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate",
        "FactorsIdentifiedAtAssessment",
    ],
    "CINPlanDates": ["CINPlanStartDate", "CINPlanEndDate"],
    "Section47": ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"],
    "ChildProtectionPlans": [
        "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP",
        "Reviews",
    ],
    "PreProceedingsandFGDM": [
        "PPStartDate", "LBPSentDate", "FGDMMeetingOffer", "FGDMMeetingFac", "InitialPPMeetingDate",
        "ReviewMeetingsCount", "StepDecisionDate", "PPOutcome", "CourtAppDate", "LetterInitCPDate",
    ],
}  # fmt: skip
# Elements each group must have (minOccurs 1 in the schema).
REQUIRED: dict[str, list[str]] = {
    "Assessments": ["AssessmentActualStartDate"],
    "CINPlanDates": ["CINPlanStartDate"],
    "Section47": ["S47ActualStartDate", "ICPCnotRequired"],
    "ChildProtectionPlans": [
        "CPPstartDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP",
    ],
    "PreProceedingsandFGDM": ["PPStartDate"],
}  # fmt: skip


def schema_problems(child: Any, year: CollectionYear) -> Iterator[str]:
    """What the schema requires of one Child and no rule of the package checks."""
    for found in child.iterfind("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors"):
        code = (found.text or "").strip()
        if code not in FACTORS:
            yield f"AssessmentFactors '{code}' is not a code in the schema"
    if not year["pre_proceedings_module"] and child.find("CINdetails/PreProceedingsandFGDM") is not None:
        yield f"PreProceedingsandFGDM is not in the {year.label} census"
    yield from schema_order_problems(child)


def schema_order_problems(child: Any) -> Iterator[str]:
    """Elements out of the schema's order, unknown to the schema, or missing where the schema requires them."""
    groups = [child.find("ChildIdentifiers"), *child.findall("CINdetails")]
    groups += [
        g
        for cin in child.findall("CINdetails")
        for name in SEQUENCES
        if name != "CINdetails"
        for g in cin.findall(name)
    ]
    for group in groups:
        if group is None:
            continue
        order = SEQUENCES[group.tag]
        tags = [element.tag for element in group]
        unknown = [t for t in tags if t not in order]
        if unknown:
            yield f"{group.tag} has elements the schema does not know: {', '.join(unknown)}"
            continue
        positions = [order.index(t) for t in tags]
        if positions != sorted(positions):
            yield f"{group.tag}: elements out of the schema's order ({', '.join(tags)})"
        for name in REQUIRED.get(group.tag, []):
            if name not in tags:
                yield f"{group.tag}: {name} is required"


def _own(root: Any, year: CollectionYear) -> list[Failure]:
    failures = []
    for child in root.iterfind("Children/Child"):
        child_id = (child.findtext("ChildIdentifiers/LAchildID") or "").strip()
        for problem in schema_problems(child, year):
            failures.append(Failure(SCHEMA_RULE, SCHEMA_MESSAGE, child_id, "Child", "error", SOURCE_OWN, (problem,)))
    return failures


def validate_xml(content: bytes, year: CollectionYear) -> ValidationReport:
    """Validate a CIN census XML file (as produced, or as an authority made it elsewhere) for the collection year."""
    package = dfe.run("cin", year.year, {f"CIN_census_{year.year}.xml": content})
    root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return ValidationReport(
        failures=package.failures + _own(root, year),
        rules_run=len(package.rules_run) + 1,
        rules_not_run=package.rules_not_run,
        checked_by=[package.checked_by, "JoinedUp: the census schema (XSD)"],
    )


def validate(census: CinCensus) -> ValidationReport:
    return validate_xml(census.to_bytes(), census.year)
