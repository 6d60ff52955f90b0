"""The CIN census modules with data, from a small hand-made world made through the services: one child's episode of
need with an authorised assessment (primary need, factors), Family Help with a plan (the CIN plan), a strategy
discussion, section 47 enquiry, initial conference, child protection plan, a review conference ending the plan
(the CIN plan resumes), and pre-proceedings; and a looked-after child who never had a referral. Each XML element
and value is checked exactly, in the order the census schema requires, for the year ending 31 March 2027."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db.models import DateField, DateTimeField, F
from lxml import etree
from openpyxl import load_workbook

from joinedup.child_protection import services as child_protection
from joinedup.child_protection.codes import ConferenceDecision, ConferenceKind
from joinedup.child_protection.tests.conftest import Journey
from joinedup.core.tests.personas import World
from joinedup.episodes.models import CaseEpisode, EpisodeTransition
from joinedup.family_help.tests.builders import agreed_plan, open_case
from joinedup.harms.services import harm_taxonomy_sync
from joinedup.people.models import ChildProfile, Person
from joinedup.returns import cin_census
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.validation import cin as cin_validation
from joinedup.returns.years import collection_year

pytestmark = pytest.mark.django_db

STRATEGY_DAY = date(2027, 2, 15)  # a Monday; no bank holidays until Good Friday, 26 March 2027


@pytest.fixture
def after_the_year() -> Iterator[None]:
    with time_machine.travel("2027-04-20 10:00:00+01:00", tick=False):
        yield


def child_element(census: Any, pk: int) -> Any:
    (found,) = census.tree.getroot().xpath(f"Children/Child[ChildIdentifiers/LAchildID='{pk}']")
    return found


def elements(element: Any) -> list[tuple[str, str]]:
    """Every element under `element`, in document order, as (path, text)."""
    return [(_path(element, e), (e.text or "").strip()) for e in element.iter() if e is not element and len(e) == 0]


def _path(root: Any, e: Any) -> str:
    parts = []
    while e is not root:
        parts.append(e.tag)
        e = e.getparent()
    return "/".join(reversed(parts))


@pytest.fixture
def child_with_every_module(world: World, after_the_year: None) -> Journey:
    harm_taxonomy_sync()
    world.health_visitor.is_registered_health_professional = True
    world.health_visitor.save()
    case = open_case(world)  # referral 4 Jan 2027, assessment authorised 1 Feb (N1, 16A), Family Help 2 Feb
    agreed_plan(world, case, on=date(2027, 2, 8))
    journey = Journey(world=world, child=world.allocated_child, episode=case.case_episode)
    plan = journey.to_plan(STRATEGY_DAY)  # ICPC 14 working days later, 5 March 2027
    review = journey.arrange(ConferenceKind.REVIEW, date(2027, 3, 25), plan=plan)
    journey.hold(review, date(2027, 3, 25), decision=ConferenceDecision.NO_PLAN, step_down=True)
    pre = child_protection.pre_proceedings_start(
        actor=journey.actor,
        child=journey.child,
        started_on=date(2027, 3, 10),
        letter_before_proceedings_on=date(2027, 3, 11),
        family_group_decision_making_offered=True,
    )
    child_protection.pre_proceedings_meeting_add(
        actor=journey.actor, pre_proceedings=pre, held_on=date(2027, 3, 17), notes="Agreement signed."
    )
    child_protection.pre_proceedings_meeting_add(
        actor=journey.actor, pre_proceedings=pre, held_on=date(2027, 3, 24), notes="Progress reviewed."
    )
    child_protection.pre_proceedings_end(
        actor=journey.actor, pre_proceedings=pre, ended_on=date(2027, 3, 26), outcome="step_down"
    )
    return journey


@requires_validators
def test_given_a_child_with_every_module_when_the_census_is_built_then_each_element_is_exact_and_in_order(
    child_with_every_module: Journey,
) -> None:
    census = cin_census.build(collection_year("cin", 2027))
    child = child_element(census, child_with_every_module.child.pk)
    (details,) = child.findall("CINdetails")
    assert elements(details) == [
        ("CINreferralDate", "2027-01-04"),
        ("ReferralSource", "2A"),
        ("PrimaryNeedCode", "N1"),
        # The initial conference is written once, in the Section47 group of the enquiry it followed (rule 2884).
        ("Assessments/AssessmentActualStartDate", "2027-01-06"),
        ("Assessments/AssessmentAuthorisationDate", "2027-02-01"),
        ("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "16A"),
        # The Family Help plan is the CIN plan: it stops while the child protection plan runs and resumes after.
        ("CINPlanDates/CINPlanStartDate", "2027-02-08"),
        ("CINPlanDates/CINPlanEndDate", "2027-03-05"),
        ("CINPlanDates/CINPlanStartDate", "2027-03-25"),
        ("Section47/S47ActualStartDate", "2027-02-15"),
        ("Section47/InitialCPCtarget", "2027-03-08"),  # 15 working days after the strategy discussion
        ("Section47/DateOfInitialCPC", "2027-03-05"),
        ("Section47/ICPCnotRequired", "false"),
        ("ReferralNFA", "false"),
        ("ChildProtectionPlans/CPPstartDate", "2027-03-05"),
        ("ChildProtectionPlans/CPPendDate", "2027-03-25"),
        ("ChildProtectionPlans/InitialCategoryOfAbuse", "PHY"),
        ("ChildProtectionPlans/LatestCategoryOfAbuse", "PHY"),
        ("ChildProtectionPlans/NumberOfPreviousCPP", "0"),
        ("ChildProtectionPlans/Reviews/CPPreviewDate", "2027-03-25"),
        ("PreProceedingsandFGDM/PPStartDate", "2027-03-10"),
        ("PreProceedingsandFGDM/LBPSentDate", "2027-03-11"),
        ("PreProceedingsandFGDM/FGDMMeetingOffer", "1"),
        ("PreProceedingsandFGDM/FGDMMeetingFac", "0"),
        ("PreProceedingsandFGDM/InitialPPMeetingDate", "2027-03-17"),
        ("PreProceedingsandFGDM/ReviewMeetingsCount", "1"),
        ("PreProceedingsandFGDM/StepDecisionDate", "2027-03-26"),
    ]
    report = cin_validation.validate(census)
    assert [(f.rule, f.message) for f in report.errors] == []
    # The queries are the test world's: its children of school age have no UPN recorded (8770Q), and a return of
    # two children uses fewer than eight disability codes (2887Q).
    assert {f.rule for f in report.queries} == {"8770Q", "2887Q"}


def _a_year_earlier() -> None:
    """Move every date of the record's case work 52 weeks earlier (the same weekdays): the work of January to March
    2027 happens in January to March 2026, at the end of the 2025-26 year."""
    for label in ("assessments", "child_protection", "episodes", "family_help", "front_door"):
        for model in apps.get_app_config(label).get_models():
            shifted = {
                f.name: F(f.name) - timedelta(weeks=52)
                for f in model._meta.concrete_fields
                if isinstance(f, DateField) and not isinstance(f, DateTimeField)
            }
            if shifted and model is not EpisodeTransition:  # the episode's history is immutable; not in the census
                model.objects.update(**shifted)


@requires_validators
def test_given_work_that_ended_before_the_year_when_the_census_is_built_then_only_what_was_open_in_the_year_is_in_it(
    child_with_every_module: Journey,
) -> None:
    """The year boundaries for every module: an assessment authorised (8696), an enquiry whose conference was held
    (8715), a child protection plan (8930), a CIN plan (4013) and pre-proceedings that ended before 1 April are not
    in the year's census; the CIN plan that resumed and is still open is; the episode is still open."""
    _a_year_earlier()
    census = cin_census.build(collection_year("cin", 2027))
    (details,) = child_element(census, child_with_every_module.child.pk).findall("CINdetails")
    assert elements(details) == [
        ("CINreferralDate", "2026-01-05"),
        ("ReferralSource", "2A"),
        ("PrimaryNeedCode", "N1"),  # the episode's need, from the assessment of the year before
        ("CINPlanDates/CINPlanStartDate", "2026-03-26"),
        ("ReferralNFA", "false"),
    ]
    report = cin_validation.validate(census)
    assert [(f.rule, f.message) for f in report.errors] == []


@requires_validators
def test_given_a_child_born_after_31_march_when_the_census_is_built_then_the_expected_date_of_birth_is_written(
    child_with_every_module: Journey,
) -> None:
    """A child unborn at the end of the year carries ExpectedPersonBirthDate and no PersonBirthDate (rule 8520),
    even when the census is made after the birth."""
    child = child_with_every_module.child
    Person.objects.filter(pk=child.pk).update(date_of_birth=date(2027, 4, 9))
    ChildProfile.objects.filter(person=child).update(expected_date_of_delivery=date(2027, 4, 12))
    census = cin_census.build(collection_year("cin", 2027))
    identifiers = child_element(census, child.pk).find("ChildIdentifiers")
    assert identifiers.findtext("ExpectedPersonBirthDate") == "2027-04-12"
    assert identifiers.find("PersonBirthDate") is None
    assert "8520" not in {f.rule for f in cin_validation.validate(census).failures}


def test_given_the_2026_year_when_the_census_is_built_then_there_is_no_pre_proceedings_module(
    child_with_every_module: Journey,
) -> None:
    census = cin_census.build(collection_year("cin", 2026))
    assert census.tree.getroot().findall(".//PreProceedingsandFGDM") == []


@requires_validators
def test_given_a_looked_after_child_with_no_referral_when_the_census_is_built_then_care_is_their_episode_of_need(
    world: World, looked_after: Any, after_the_year: None
) -> None:
    child = world.allocated_child
    period = looked_after(date(2026, 6, 1), child=child, legal_status="L1")
    assert not CaseEpisode.objects.filter(child=child).exists()
    census = cin_census.build(collection_year("cin", 2027))
    assert child.pk in census.child_ids
    node = child_element(census, child.pk)
    (details,) = node.findall("CINdetails")
    assert elements(details) == [
        ("CINreferralDate", "2026-06-01"),
        ("ReferralSource", "6"),  # police protection: the police
        ("PrimaryNeedCode", period.category_of_need),
        ("ReferralNFA", "false"),
    ]
    assert [(f.rule, f.message) for f in cin_validation.validate(census).errors] == []


def test_given_care_that_ended_in_adoption_when_the_census_is_built_then_the_episode_closes_with_rc1() -> None:
    assert cin_census._CARE_END_CLOSURE["E11"] == "RC1" and cin_census._CARE_END_CLOSURE["E45"] == "RC4"


def test_given_a_cin_plan_and_protection_plans_when_taken_apart_then_the_segments_never_overlap() -> None:
    less = cin_census._less
    d = date
    assert less(d(2027, 1, 1), None, []) == [(d(2027, 1, 1), None)]
    assert less(d(2027, 1, 1), None, [(d(2027, 2, 1), None)]) == [(d(2027, 1, 1), d(2027, 2, 1))]
    assert less(d(2027, 1, 1), d(2027, 3, 1), [(d(2027, 1, 1), d(2027, 1, 10))]) == [(d(2027, 1, 10), d(2027, 3, 1))]
    assert less(d(2027, 1, 1), d(2027, 3, 1), [(d(2027, 1, 5), d(2027, 4, 1))]) == [(d(2027, 1, 1), d(2027, 1, 5))]
    assert less(d(2027, 1, 1), d(2027, 3, 1), [(d(2027, 3, 5), None)]) == [(d(2027, 1, 1), d(2027, 3, 1))]


@requires_validators
def test_given_elements_out_of_the_schema_order_when_validated_then_the_child_fails_the_schema() -> None:
    census = cin_census.CinCensus(year=collection_year("cin", 2026), tree=None)
    root = etree.fromstring(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31"
        "</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>383</LEA><SoftwareCode>JoinedUp"
        "</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2026-04-20T10:00:00</DateTime></Source>"
        "</Header><Children><Child><ChildIdentifiers><LAchildID>7</LAchildID><PersonBirthDate>2015-01-01"
        "</PersonBirthDate><Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
        "</ChildCharacteristics><CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>6"
        "</ReferralSource><ReferralNFA>false</ReferralNFA><Assessments><AssessmentActualStartDate>2025-05-02"
        "</AssessmentActualStartDate></Assessments><CINPlanDates><CINPlanStartDate>2025-04-01</CINPlanStartDate>"
        "</CINPlanDates><ChildProtectionPlans><CPPstartDate>2025-06-01</CPPstartDate><InitialCategoryOfAbuse>NEG"
        "</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0"
        "</NumberOfPreviousCPP></ChildProtectionPlans></CINdetails></Child></Children></Message>"
    )
    census.tree = etree.ElementTree(root)
    report = cin_validation.validate(census)
    failed = {(f.child, f.rule) for f in report.errors}
    # ReferralNFA before Assessments (schema order), no primary need (8610), a CIN plan before the referral (4015)
    # and open alongside an open child protection plan (4001).
    assert {("7", "XSD"), ("7", "8610"), ("7", "4015"), ("7", "4001")} <= failed
    (schema,) = [f for f in report.errors if f.rule == "XSD"]
    assert schema.fields == (
        "CINdetails: elements out of the schema's order (CINreferralDate, ReferralSource, "
        "ReferralNFA, Assessments, CINPlanDates, ChildProtectionPlans)",
    )


def test_given_cin_plans_in_two_episodes_that_overlap_when_written_then_the_earlier_ends_the_day_before() -> None:
    modules = cin_census._Modules.__new__(cin_census._Modules)
    modules.cin_plans = {
        1: [(date(2026, 5, 1), None)],
        2: [(date(2026, 9, 1), date(2027, 1, 31)), (date(2027, 2, 10), None)],
    }
    modules.one_cin_plan_at_a_time([1, 2])
    assert modules.cin_plans == {
        1: [(date(2026, 5, 1), date(2026, 8, 31))],
        2: [(date(2026, 9, 1), date(2027, 1, 31)), (date(2027, 2, 10), None)],
    }


def test_given_an_assessment_with_a_primary_need_when_annex_a_is_downloaded_then_list_6_shows_it(
    child_with_every_module: Journey, client_for: Any
) -> None:
    response = client_for("team_manager").get("/returns/annex-a.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["List 6 Children in need"]
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    (row,) = [r for r in rows if r[0] == str(child_with_every_module.child.pk)]
    assert row[header.index("Primary need code")] == "N1"


def test_given_a_cin_plan_ended_before_the_year_by_a_later_one_when_written_then_it_is_left_out() -> None:
    """A plan that was open at the start of the year's reading but that a later plan ended before 1 April (one plan
    at a time) is not in the year's census (rule 4013)."""
    modules = cin_census._Modules.__new__(cin_census._Modules)
    modules.year = collection_year("cin", 2027)
    modules.end = modules.year.end
    modules.assessments, modules.section47 = {}, {}
    modules.cin_plans = {1: [(date(2025, 10, 12), None)], 2: [(date(2026, 2, 11), None)]}
    modules.one_cin_plan_at_a_time([1, 2])
    written = []
    for episode_id in (1, 2):
        cin = etree.Element("CINdetails")
        modules.write_before_referral_nfa(cin, episode_id)
        written.append(elements(cin))
    assert written == [[], [("CINPlanDates/CINPlanStartDate", "2026-02-11")]]
