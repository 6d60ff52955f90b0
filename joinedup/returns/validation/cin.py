"""CIN census validation: the DfE's validation rules for the year, run on the census XML as written.

No maintained implementation of the CIN rules is published on PyPI (Data to Insight's `cin_validator` is not
released there), so the rules the census needs are checks here, each under its DfE rule code, and which rules
apply in which year is data (years.toml `rules`). "XSD" failures are the schema's own code lists and required
elements. Queries (codes ending in Q) ask the authority to check; errors must be fixed before submission.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

from joinedup.people.identifiers import upn_is_valid
from joinedup.returns.cin_census import CinCensus, parse_date
from joinedup.timescales.calendar import CALENDAR

from . import Failure, ValidationReport

SOURCE = "JoinedUp (DfE CIN census rules)"

ETHNICITY = {
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
    "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
}  # fmt: skip
DISABILITY = {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
REFERRAL_SOURCE = {
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8",
    "9", "10",
}  # fmt: skip
PRIMARY_NEED = {f"N{i}" for i in range(10)}
CLOSURE = {f"RC{i}" for i in range(1, 10)}
CATEGORY = {"NEG", "PHY", "SAB", "EMO", "MUL"}
FACTORS = {
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A",
    "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C",
    "19A", "19B", "19C", "20", "21", "22A", "23A", "24A",
}  # fmt: skip
# Characters 2-4 of a UPN: the DfE's local authority numbers (3 digits, 201 to 938 in use).
_UPN = re.compile(r"^[A-Z][0-9]{12}$|^[A-Z][0-9]{11}[A-Z]$")


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    module: str
    check: Callable[[Any, Any], Iterable[str]]  # (child element, context) -> messages (one failure each)

    @property
    def severity(self) -> str:
        return "query" if self.code.endswith("Q") else "error"


@dataclass(frozen=True)
class Context:
    reference_date: date
    start: date
    settings: dict[str, Any]


def _text(element: Any, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _dates(element: Any, path: str) -> Iterator[tuple[Any, date | None]]:
    for found in element.findall(path):
        yield found, parse_date(found.text)


def _la_child_id(child: Any, ctx: Context) -> Iterable[str]:
    if not _text(child, "ChildIdentifiers/LAchildID"):
        yield "LA Child ID missing"


def _la_child_id_length(child: Any, ctx: Context) -> Iterable[str]:
    if len(_text(child, "ChildIdentifiers/LAchildID")) > int(ctx.settings["la_child_id_max"]):
        yield f"LAchildID must be at most {ctx.settings['la_child_id_max']} characters"


def _la_child_id_characters(child: Any, ctx: Context) -> Iterable[str]:
    value = _text(child, "ChildIdentifiers/LAchildID")
    if value and not value.isalnum():
        yield "LAchildID must contain only letters and digits"


def _upn_check(child: Any, ctx: Context) -> Iterable[str]:
    upn = _text(child, "ChildIdentifiers/UPN")
    if upn and not upn_is_valid(upn):
        yield "UPN invalid (wrong check letter at character 1)"


def _upn_la(child: Any, ctx: Context) -> Iterable[str]:
    upn = _text(child, "ChildIdentifiers/UPN")
    if upn and _UPN.match(upn) and not (201 <= int(upn[1:4]) <= 938):
        yield "UPN invalid (characters 2-4 not a recognised LA code)"


def _birth(child: Any, ctx: Context) -> Iterable[str]:
    born = _text(child, "ChildIdentifiers/PersonBirthDate")
    expected = _text(child, "ChildIdentifiers/ExpectedPersonBirthDate")
    if bool(born) == bool(expected):
        yield "Either Date of Birth or Expected Date of Birth must be provided (but not both)"


def _expected_birth_range(child: Any, ctx: Context) -> Iterable[str]:
    expected = parse_date(_text(child, "ChildIdentifiers/ExpectedPersonBirthDate"))
    if expected is None:
        return
    low = date.fromordinal(ctx.reference_date.toordinal() - 30)
    high = date(ctx.reference_date.year, 12, 31)
    if not low <= expected <= high:
        yield "Please check: Expected Date of Birth is outside the expected range for this census"


def _sex_code(child: Any, ctx: Context) -> Iterable[str]:
    if ctx.settings["sex_element"] == "Sex" and _text(child, "ChildIdentifiers/Sex") not in {"M", "F", "U"}:
        yield "Sex is missing or not a valid code (M, F or U)"


def _unborn_sex(child: Any, ctx: Context) -> Iterable[str]:
    if _text(child, "ChildIdentifiers/ExpectedPersonBirthDate") and _text(child, "ChildIdentifiers/Sex") not in (
        "U",
        "",
    ):
        yield "An unborn child must have Sex U"


def _referral_after_death(child: Any, ctx: Context) -> Iterable[str]:
    died = parse_date(_text(child, "ChildIdentifiers/PersonDeathDate"))
    if died:
        for _, referred in _dates(child, "CINdetails/CINreferralDate"):
            if referred and referred > died:
                yield "Child cannot be referred after its recorded date of death"


def _referral_before_birth(child: Any, ctx: Context) -> Iterable[str]:
    birth = parse_date(_text(child, "ChildIdentifiers/PersonBirthDate")) or parse_date(
        _text(child, "ChildIdentifiers/ExpectedPersonBirthDate")
    )
    if birth:
        for _, referred in _dates(child, "CINdetails/CINreferralDate"):
            if referred and (birth - referred).days > 280:
                yield "Child referral date is more than 40 weeks before DOB or expected DOB"


def _referral_nfa_old(child: Any, ctx: Context) -> Iterable[str]:
    cutoff = _working_days_before(ctx.start, 1)
    for cin in child.findall("CINdetails"):
        referred = parse_date(_text(cin, "CINreferralDate"))
        if referred and referred < cutoff and _text(cin, "ReferralNFA").lower() in ("true", "1"):
            yield "Please check: a referral before the census year (less 1 working day) should not be NFA"


def _open_assessment(child: Any, ctx: Context) -> Iterable[str]:
    limit = _working_days_before(ctx.reference_date, 45)
    for block in child.findall("CINdetails/Assessments"):
        started = parse_date(_text(block, "AssessmentActualStartDate"))
        if started and not _text(block, "AssessmentAuthorisationDate") and started < limit:
            yield "Please check: Assessment started more than 45 working days before the end of the census year"


def _open_section47(child: Any, ctx: Context) -> Iterable[str]:
    limit = _working_days_before(ctx.reference_date, 15)
    for block in child.findall("CINdetails/Section47"):
        started = parse_date(_text(block, "S47ActualStartDate"))
        no_icpc = not _text(block, "DateOfInitialCPC") and _text(block, "ICPCnotRequired").lower() in ("false", "0")
        if started and no_icpc and started < limit:
            yield "Please check: Section 47 started more than 15 working days before the end of the year, no ICPC"


def _icpc_target_weekend(child: Any, ctx: Context) -> Iterable[str]:
    for _, target in _dates(child, "CINdetails/Section47/InitialCPCtarget"):
        if target and target.weekday() >= 5:
            yield "Please check: The Target Date for Initial Child Protection Conference should not be a weekend"


def _factor_not_used(code: str) -> Callable[[Any, Any], Iterable[str]]:
    def check(child: Any, ctx: Context) -> Iterable[str]:
        if code in ctx.settings["factors_not_used"]:
            for found in child.findall("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors"):
                if (found.text or "").strip() == code:
                    yield f"Please check: assessment factor {code} is no longer used"

    return check


def _code_lists(child: Any, ctx: Context) -> Iterable[str]:
    checks: list[tuple[str, set[str], str]] = [
        ("ChildCharacteristics/Ethnicity", ETHNICITY, "Ethnicity"),
        ("ChildCharacteristics/Disabilities/Disability", DISABILITY, "Disability"),
        ("CINdetails/ReferralSource", REFERRAL_SOURCE, "ReferralSource"),
        ("CINdetails/PrimaryNeedCode", PRIMARY_NEED, "PrimaryNeedCode"),
        ("CINdetails/ReasonForClosure", CLOSURE, "ReasonForClosure"),
        ("CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", CATEGORY, "InitialCategoryOfAbuse"),
        ("CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse", CATEGORY, "LatestCategoryOfAbuse"),
        ("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", FACTORS, "AssessmentFactors"),
    ]
    for path, allowed, name in checks:
        for found in child.findall(path):
            if (found.text or "").strip() not in allowed:
                yield f"{name} '{(found.text or '').strip()}' is not a code in the schema"
    if not child.findall("ChildCharacteristics/Ethnicity"):
        yield "Ethnicity is required"
    yield from schema_order_problems(child)
    for cin in child.findall("CINdetails"):
        for element in ("CINreferralDate", "ReferralSource", "ReferralNFA"):
            if not _text(cin, element):
                yield f"{element} is required"
        if bool(_text(cin, "CINclosureDate")) != bool(_text(cin, "ReasonForClosure")):
            yield "CINclosureDate and ReasonForClosure go together"


def _primary_need_missing(child: Any, ctx: Context) -> Iterable[str]:
    for cin in child.findall("CINdetails"):
        if _text(cin, "ReferralNFA").lower() in ("false", "0") and not _text(cin, "PrimaryNeedCode"):
            yield "Primary Need code is missing for a referral which led to further action"


def _cin_plan_before_referral(child: Any, ctx: Context) -> Iterable[str]:
    for cin in child.findall("CINdetails"):
        referred = parse_date(_text(cin, "CINreferralDate"))
        for _, started in _dates(cin, "CINPlanDates/CINPlanStartDate"):
            if referred and started and started < referred:
                yield "The CIN Plan start date cannot be before the referral date"


def _cin_plan_end_before_start(child: Any, ctx: Context) -> Iterable[str]:
    for block in child.findall("CINdetails/CINPlanDates"):
        started = parse_date(_text(block, "CINPlanStartDate"))
        ended = parse_date(_text(block, "CINPlanEndDate"))
        if started and ended and ended < started:
            yield "CIN Plan End Date is earlier than the CIN Plan Start Date"


def _cin_plans_overlap(child: Any, ctx: Context) -> Iterable[str]:
    spans = sorted(
        (parse_date(_text(b, "CINPlanStartDate")) or date.min, parse_date(_text(b, "CINPlanEndDate")) or date.max)
        for b in child.findall("CINdetails/CINPlanDates")
    )
    for (_, previous_end), (next_start, _) in pairwise(spans):
        if next_start <= previous_end:  # a plan starting the day another ends overlaps it (as DfE's rule reads)
            yield "CIN Plan data contains overlapping dates"


def _cin_plan_alongside_cp_plan(child: Any, ctx: Context) -> Iterable[str]:
    for cin in child.findall("CINdetails"):
        open_cpp = any(not _text(b, "CPPendDate") for b in cin.findall("ChildProtectionPlans"))
        open_cin_plan = any(not _text(b, "CINPlanEndDate") for b in cin.findall("CINPlanDates"))
        if open_cpp and open_cin_plan:
            yield "A CIN Plan cannot run concurrently with a Child Protection Plan"


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
}  # fmt: skip


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


@lru_cache(maxsize=64)
def _working_days_before(day: date, n: int) -> date:
    """The working day n working days before `day` (the validators' England and Wales calendar)."""
    probe = day
    counted = 0
    while counted < n:
        probe = date.fromordinal(probe.toordinal() - 1)
        if CALENDAR.is_working_day(probe):
            counted += 1
    return probe


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("XSD", "The census schema's code lists and required elements", "Child", _code_lists),
        Rule("8500", "LA Child ID missing", "ChildIdentifiers", _la_child_id),
        Rule("1570", "LAchildID is too long", "ChildIdentifiers", _la_child_id_length),
        Rule(
            "1580",
            "LAchildID has characters other than letters and digits",
            "ChildIdentifiers",
            _la_child_id_characters,
        ),
        Rule("1510", "UPN invalid (wrong check letter at character 1)", "ChildIdentifiers", _upn_check),
        Rule("1530", "UPN invalid (characters 2-4 not a recognised LA code)", "ChildIdentifiers", _upn_la),
        Rule("8525", "Either Date of Birth or Expected Date of Birth must be provided", "ChildIdentifiers", _birth),
        Rule(
            "8530Q",
            "Expected Date of Birth outside the census's expected range",
            "ChildIdentifiers",
            _expected_birth_range,
        ),
        Rule("4180", "Sex is not a valid code", "ChildIdentifiers", _sex_code),
        Rule("8750", "An unborn child's Sex must be U", "ChildIdentifiers", _unborn_sex),
        Rule("8555", "Child cannot be referred after its recorded date of death", "CINdetails", _referral_after_death),
        Rule("8606", "Referral more than 40 weeks before DOB or expected DOB", "CINdetails", _referral_before_birth),
        Rule("8569Q", "An earlier year's referral should not be NFA", "CINdetails", _referral_nfa_old),
        Rule("8670Q", "Open assessment older than 45 working days", "Assessments", _open_assessment),
        Rule("8675Q", "Section 47 with no ICPC older than 15 working days", "Section47", _open_section47),
        Rule("8870Q", "ICPC target date at a weekend", "Section47", _icpc_target_weekend),
        Rule("8945Q", "Factor 18A no longer used", "Assessments", _factor_not_used("18A")),
        Rule("8950Q", "Factor 19A no longer used", "Assessments", _factor_not_used("19A")),
        Rule(
            "8610",
            "Primary Need code missing for a referral which led to further action",
            "CINdetails",
            _primary_need_missing,
        ),
        Rule("4015", "CIN Plan start date before the referral date", "CINPlanDates", _cin_plan_before_referral),
        Rule("4011", "CIN Plan end date before its start date", "CINPlanDates", _cin_plan_end_before_start),
        Rule("4014", "CIN Plan data contains overlapping dates", "CINPlanDates", _cin_plans_overlap),
        Rule(
            "4001",
            "A CIN Plan cannot run concurrently with a Child Protection Plan",
            "CINPlanDates",
            _cin_plan_alongside_cp_plan,
        ),
    )
}


def validate(census: CinCensus) -> ValidationReport:
    year = census.year
    codes = [c for c in year["rules"] if c in RULES]
    ctx = Context(reference_date=year.end, start=year.start, settings=year.settings)
    failures: list[Failure] = []
    root = census.tree.getroot()
    for child in root.iterfind("Children/Child"):
        child_id = _text(child, "ChildIdentifiers/LAchildID")
        for code in codes:
            rule = RULES[code]
            for message in rule.check(child, ctx):
                failures.append(Failure(rule.code, message, child_id, rule.module, rule.severity, SOURCE))
    return ValidationReport(failures=failures, rules_run=len(codes), rules_not_run=[])
