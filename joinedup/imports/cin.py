"""Reading a CIN census return (XML, the DfE's schema; ../shared/design/RETURNS.md C1) into each child's history,
checking every element on the way: a date that is not a date, a code not in the DfE's list, a missing element, a
closure before its referral, a child id given twice with different dates of birth. Nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree

from joinedup.child_protection.codes import CIN_CATEGORY_LABELS
from joinedup.episodes.codes import ClosureReason, ReferralSource
from joinedup.people.codes import Disability, Ethnicity
from joinedup.returns.validation.cin import FACTORS

from .problems import Problems, parse_iso

PRIMARY_NEEDS = frozenset(f"N{n}" for n in range(10))
SEXES = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F", "0": "U", "9": "U"}
TRUE = {"true": True, "1": True, "false": False, "0": False}


@dataclass
class CinAssessment:
    line: int
    started_on: date
    authorised_on: date | None
    factors: list[str]


@dataclass
class CinSection47:
    line: int
    started_on: date
    initial_conference_on: date | None
    conference_not_required: bool


@dataclass
class CinProtectionPlan:
    line: int
    started_on: date
    ended_on: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[date]


@dataclass
class CinNeed:
    """One CINdetails group: an episode of need."""

    line: int
    referral_date: date
    referral_source: str
    primary_need: str
    closed_on: date | None
    closure_reason: str
    referral_nfa: bool
    initial_conference_on: date | None
    assessments: list[CinAssessment] = field(default_factory=list)
    cin_plans: list[tuple[int, date, date | None]] = field(default_factory=list)
    section47s: list[CinSection47] = field(default_factory=list)
    plans: list[CinProtectionPlan] = field(default_factory=list)


@dataclass
class CinChild:
    la_child_id: str
    line: int
    upn: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    date_of_death: date | None
    ethnicity: str
    disabilities: list[str]
    needs: list[CinNeed] = field(default_factory=list)


@dataclass
class CinReturn:
    file: str
    year: int | None
    children: list[CinChild]


class _Reader:
    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems
        self.child = ""

    def bad(self, element: Any, name: str, reason: str) -> None:
        self.problems.add(self.file, element.sourceline, name, reason, self.child)

    def text(self, parent: Any, name: str, *, required: bool = False) -> str:
        value = (parent.findtext(name) or "").strip()
        if required and not value:
            self.bad(parent, name, "is missing")
        return value

    def day(self, parent: Any, name: str, *, required: bool = False) -> date | None:
        element = parent.find(name)
        value = (element.text or "").strip() if element is not None else ""
        if not value:
            if required:
                self.bad(parent, name, "is missing")
            return None
        try:
            return parse_iso(value)
        except ValueError:
            self.bad(element, name, f"“{value}” is not a date written YYYY-MM-DD")
            return None

    def code(self, parent: Any, name: str, allowed: Any, *, required: bool = False) -> str:
        value = self.text(parent, name, required=required)
        if value and value not in allowed:
            self.bad(parent.find(name), name, f"“{value}” is not one of the DfE's codes for {name}")
            return ""
        return value

    def flag(self, parent: Any, name: str) -> bool:
        value = self.text(parent, name, required=True).lower()
        if value and value not in TRUE:
            self.bad(parent.find(name), name, f"“{value}” is not true or false")
        return TRUE.get(value, False)


def parse(content: bytes, file: str, problems: Problems) -> CinReturn:
    """The census's children, each with their episodes of need; every problem found is added to `problems`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        problems.add(file, line, "file", f"the file is not complete XML ({error.msg}); is it cut short?")
        return CinReturn(file, None, [])
    if root.tag != "Message" or root.find("Children") is None:
        problems.add(file, root.sourceline, "file", "this is not a CIN census return (no Message with Children)")
        return CinReturn(file, None, [])
    r = _Reader(file, problems)
    year_text = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    year = int(year_text) if year_text.isdigit() else None
    if year is None:
        problems.add(file, root.sourceline, "Year", "the header does not say which collection year it is")
    children: list[CinChild] = []
    born: dict[str, tuple[date | None, int]] = {}
    for element in root.iterfind("Children/Child"):
        child = _child(r, element)
        if child is None:
            continue
        seen = born.get(child.la_child_id)
        if seen is not None and seen[0] != child.date_of_birth:
            r.bad(
                element.find("ChildIdentifiers"),
                "PersonBirthDate",
                f"LA child id {child.la_child_id} is given again with a different date of birth "
                f"(line {seen[1]} has {seen[0] or 'none'})",
            )
        born.setdefault(child.la_child_id, (child.date_of_birth, child.line))
        children.append(child)
    return CinReturn(file, year, children)


def _child(r: _Reader, element: Any) -> CinChild | None:
    ids = element.find("ChildIdentifiers")
    if ids is None:
        r.child = ""
        r.bad(element, "ChildIdentifiers", "is missing")
        return None
    la_child_id = r.text(ids, "LAchildID", required=True)
    r.child = la_child_id
    if la_child_id and (len(la_child_id) > 20 or not la_child_id.isalnum()):
        r.bad(ids, "LAchildID", "must be up to 20 letters and digits")
    sex = (ids.findtext("Sex") or ids.findtext("GenderCurrent") or "").strip()
    if sex not in SEXES:
        r.bad(ids, "Sex", f"“{sex}” is not one of the DfE's codes for sex" if sex else "is missing")
    dob = r.day(ids, "PersonBirthDate")
    expected = r.day(ids, "ExpectedPersonBirthDate")
    if dob is None and expected is None:
        r.bad(ids, "PersonBirthDate", "neither a date of birth nor an expected date of birth is given")
    characteristics = element.find("ChildCharacteristics")
    ethnicity = ""
    disabilities: list[str] = []
    if characteristics is None:
        r.bad(element, "ChildCharacteristics", "is missing")
    else:
        ethnicity = r.code(characteristics, "Ethnicity", Ethnicity.values, required=True)
        for d in characteristics.iterfind("Disabilities/Disability"):
            code = (d.text or "").strip()
            if code not in Disability.values:
                r.bad(d, "Disability", f"“{code}” is not one of the DfE's codes for Disability")
            elif code != "NONE":
                disabilities.append(code)
    child = CinChild(
        la_child_id=la_child_id,
        line=element.sourceline,
        upn=r.text(ids, "UPN"),
        date_of_birth=dob,
        expected_date_of_birth=expected,
        sex=SEXES.get(sex, "U"),
        date_of_death=r.day(ids, "PersonDeathDate"),
        ethnicity=ethnicity,
        disabilities=disabilities,
    )
    if dob and child.date_of_death and child.date_of_death < dob:
        r.bad(ids, "PersonDeathDate", "is before the date of birth")
    for details in element.iterfind("CINdetails"):
        need = _need(r, details)
        if need is not None:
            child.needs.append(need)
    return child


def _need(r: _Reader, cin: Any) -> CinNeed | None:
    referral = r.day(cin, "CINreferralDate", required=True)
    source = r.code(cin, "ReferralSource", ReferralSource.values, required=True)
    primary = r.code(cin, "PrimaryNeedCode", PRIMARY_NEEDS)
    closed = r.day(cin, "CINclosureDate")
    reason = r.code(cin, "ReasonForClosure", ClosureReason.values)
    if closed and not reason:
        r.bad(cin, "ReasonForClosure", "a closed episode needs its reason for closure")
    if reason and not closed:
        r.bad(cin, "CINclosureDate", "a reason for closure is given without a closure date")
    if referral and closed and closed < referral:
        r.bad(cin.find("CINclosureDate"), "CINclosureDate", "is before the referral date")
    nfa = r.flag(cin, "ReferralNFA")
    need = CinNeed(
        line=cin.sourceline,
        referral_date=referral or date.min,
        referral_source=source,
        primary_need=primary,
        closed_on=closed,
        closure_reason=reason,
        referral_nfa=nfa,
        initial_conference_on=r.day(cin, "DateOfInitialCPC"),
    )
    for a in cin.iterfind("Assessments"):
        started = r.day(a, "AssessmentActualStartDate", required=True)
        authorised = r.day(a, "AssessmentAuthorisationDate")
        factors = []
        for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors"):
            code = (f.text or "").strip()
            if code not in FACTORS:
                r.bad(f, "AssessmentFactors", f"“{code}” is not one of the DfE's assessment factor codes")
            else:
                factors.append(code)
        if started and authorised and authorised < started:
            r.bad(a, "AssessmentAuthorisationDate", "is before the assessment started")
        if started:
            need.assessments.append(CinAssessment(a.sourceline, started, authorised, factors))
    for p in cin.iterfind("CINPlanDates"):
        start = r.day(p, "CINPlanStartDate", required=True)
        end = r.day(p, "CINPlanEndDate")
        if start and end and end < start:
            r.bad(p, "CINPlanEndDate", "is before the plan started")
        if start:
            need.cin_plans.append((p.sourceline, start, end))
    for s in cin.iterfind("Section47"):
        start = r.day(s, "S47ActualStartDate", required=True)
        icpc = r.day(s, "DateOfInitialCPC")
        not_required = r.flag(s, "ICPCnotRequired")
        if start and icpc and icpc < start:
            r.bad(s, "DateOfInitialCPC", "is before the section 47 enquiry started")
        if start:
            need.section47s.append(CinSection47(s.sourceline, start, icpc, not_required))
    for p in cin.iterfind("ChildProtectionPlans"):
        start = r.day(p, "CPPstartDate", required=True)
        end = r.day(p, "CPPendDate")
        initial = r.code(p, "InitialCategoryOfAbuse", CIN_CATEGORY_LABELS, required=True)
        latest = r.code(p, "LatestCategoryOfAbuse", CIN_CATEGORY_LABELS, required=True)
        previous_text = r.text(p, "NumberOfPreviousCPP", required=True)
        if previous_text and not previous_text.isdigit():
            r.bad(p, "NumberOfPreviousCPP", f"“{previous_text}” is not a whole number")
        reviews: list[date] = []
        for review in p.iterfind("Reviews/CPPreviewDate"):
            try:
                reviews.append(parse_iso(review.text))
            except ValueError:
                r.bad(review, "CPPreviewDate", f"“{(review.text or '').strip()}” is not a date written YYYY-MM-DD")
        if start and end and end < start:
            r.bad(p, "CPPendDate", "is before the plan started")
        if start:
            need.plans.append(
                CinProtectionPlan(
                    p.sourceline,
                    start,
                    end,
                    initial,
                    latest,
                    int(previous_text) if previous_text.isdigit() else 0,
                    sorted(reviews),
                )
            )
    return need if referral else None
