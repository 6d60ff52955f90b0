"""The Children in Need census XML (lxml), built from the record for the collection year ending 31 March YYYY.

Who is in it: every child with an episode of need (front_door.CaseEpisode, opened by a referral) open at any time
in the year; one CINdetails group per episode. The modules come from the apps that record them:

- CINdetails: the episode (referral date and source, primary need, closure date and reason);
- Assessments: single assessments and the factors identified (joinedup.assessments);
- Section47, DateOfInitialCPC, ChildProtectionPlans: section 47 enquiries, conferences and plans
  (joinedup.child_protection); InitialCPCtarget is the `initial_child_protection_conference` clock from the
  timescales engine, never a hand-counted date;
- PreProceedingsandFGDM (years whose specification has it, years.toml): pre-proceedings (joinedup.child_protection).

A module whose app is not installed is left out (and said so in `missing_modules`), never invented.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from joinedup.front_door.models import CaseEpisode, Referral
from joinedup.people.models import Person, PersonDisability
from joinedup.timescales import engine

from .years import CollectionYear

SOFTWARE_CODE = "JoinedUp"


@dataclass
class CinCensus:
    year: CollectionYear
    tree: Any  # lxml ElementTree of the Message
    child_ids: list[int] = field(default_factory=list)
    missing_modules: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return bytes(etree.tostring(self.tree, pretty_print=True, xml_declaration=True, encoding="UTF-8"))


def _sub(parent: Any, tag: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def build(year: CollectionYear, *, serial: int = 1) -> CinCensus:
    start, end = year.start, year.end
    census = CinCensus(year=year, tree=None)
    episodes = list(
        CaseEpisode.objects.filter(Q(started_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)))
        .order_by("child_id", "started_on", "id")
        .only("id", "child_id", "started_on", "referral_source", "primary_need_code", "closed_on", "closure_reason")
    )
    child_ids = sorted({e.child_id for e in episodes})
    census.child_ids = child_ids
    episode_ids = [e.id for e in episodes]
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=child_ids)
        .select_related("child_profile")
        .only(
            "id",
            "sex",
            "date_of_birth",
            "date_of_death",
            "ethnicity",
            "child_profile__upn",
            "child_profile__is_unborn",
            "child_profile__expected_date_of_delivery",
        )
    }
    disabilities: dict[int, list[str]] = defaultdict(list)
    for person_id, code in PersonDisability.objects.filter(person_id__in=child_ids).values_list("person_id", "code"):
        disabilities[person_id].append(code)
    referral_nfa: dict[int, bool] = {}
    for episode_id, route in Referral.objects.filter(case_episode_id__in=episode_ids).values_list(
        "case_episode_id", "route"
    ):
        referral_nfa.setdefault(episode_id, route == "no_further_action")

    modules = _Modules(year, episode_ids, census.missing_modules)

    root = etree.Element("Message")
    header = _sub(root, "Header")
    details = _sub(header, "CollectionDetails")
    _sub(details, "Collection", "CIN")
    _sub(details, "Year", str(year.year))
    _sub(details, "ReferenceDate", iso(end))
    source = _sub(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", str(settings.JOINEDUP_AUTHORITY["dfe_code"]).zfill(3))
    _sub(source, "SoftwareCode", SOFTWARE_CODE)
    _sub(source, "Release", "1")
    _sub(source, "SerialNo", f"{serial:03d}")
    _sub(source, "DateTime", timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat())
    children = _sub(root, "Children")

    by_child: dict[int, list[CaseEpisode]] = defaultdict(list)
    for e in episodes:
        by_child[e.child_id].append(e)
    for child_id in child_ids:
        person = people[child_id]
        profile = getattr(person, "child_profile", None)
        unborn = bool(profile and profile.is_unborn and person.date_of_birth is None)
        child = _sub(children, "Child")
        ids = _sub(child, "ChildIdentifiers")
        _sub(ids, "LAchildID", str(child_id))
        upn = profile.upn if profile else ""
        if upn:
            _sub(ids, "UPN", upn)
        if unborn:
            _sub(ids, "ExpectedPersonBirthDate", iso(profile.expected_date_of_delivery if profile else None))
        else:
            _sub(ids, "PersonBirthDate", iso(person.date_of_birth))
        sex = "U" if unborn else person.sex
        if year["sex_element"] == "Sex":
            _sub(ids, "Sex", sex)
        else:
            _sub(ids, "GenderCurrent", {"M": "1", "F": "2"}.get(sex, "0"))
        if person.date_of_death and person.date_of_death <= end:
            _sub(ids, "PersonDeathDate", iso(person.date_of_death))
        characteristics = _sub(child, "ChildCharacteristics")
        _sub(characteristics, "Ethnicity", person.ethnicity)
        block = _sub(characteristics, "Disabilities")
        for code in sorted(disabilities.get(child_id) or ["NONE"]):
            _sub(block, "Disability", code)
        for e in by_child[child_id]:
            cin = _sub(child, "CINdetails")
            _sub(cin, "CINreferralDate", iso(e.started_on))
            _sub(cin, "ReferralSource", e.referral_source)
            if e.primary_need_code:
                _sub(cin, "PrimaryNeedCode", e.primary_need_code)
            if e.closed_on and e.closed_on <= end:
                _sub(cin, "CINclosureDate", iso(e.closed_on))
                _sub(cin, "ReasonForClosure", e.closure_reason)
            first_icpc = modules.first_icpc.get(e.id)
            if first_icpc:
                _sub(cin, "DateOfInitialCPC", iso(first_icpc))
            _sub(cin, "ReferralNFA", "true" if referral_nfa.get(e.id, False) else "false")
            modules.write(cin, e)
    census.tree = etree.ElementTree(root)
    return census


class _Modules:
    """The modules other apps record, read once for all the year's episodes."""

    def __init__(self, year: CollectionYear, episode_ids: list[int], missing: list[str]) -> None:
        self.year = year
        self.end = year.end
        self.assessments: dict[int, list[tuple[date, date | None, list[str]]]] = defaultdict(list)
        self.section47: dict[int, list[tuple[date, date, date | None, bool]]] = defaultdict(list)
        self.plans: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.pre_proceedings: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.first_icpc: dict[int, date] = {}
        if apps.is_installed("joinedup.assessments"):
            self._read_assessments(episode_ids)
        else:
            missing.append("Assessments (joinedup.assessments is not installed)")
        if apps.is_installed("joinedup.child_protection"):
            self._read_child_protection(episode_ids)
        else:
            missing.append(
                "Section47, DateOfInitialCPC, ChildProtectionPlans (joinedup.child_protection is not installed)"
            )
            if year["pre_proceedings_module"]:
                missing.append("PreProceedingsandFGDM (joinedup.child_protection is not installed)")

    def _read_assessments(self, episode_ids: list[int]) -> None:
        from joinedup.assessments.models import AssessmentFactorIdentified, SingleAssessment

        rows = list(
            SingleAssessment.objects.filter(case_episode_id__in=episode_ids, started_on__lte=self.end)
            .order_by("started_on", "id")
            .values_list("id", "case_episode_id", "started_on", "completed_on")
        )
        factors: dict[int, list[str]] = defaultdict(list)
        for assessment_id, code in AssessmentFactorIdentified.objects.filter(
            assessment_id__in=[r[0] for r in rows]
        ).values_list("assessment_id", "code"):
            factors[assessment_id].append(code)
        for assessment_id, episode_id, started, completed in rows:
            done = completed if completed and completed <= self.end else None
            self.assessments[episode_id].append((started, done, sorted(factors.get(assessment_id, []))))

    def _read_child_protection(self, episode_ids: list[int]) -> None:
        from joinedup.child_protection.models import ChildProtectionPlan, Conference, PreProceedings, Section47Enquiry

        held = {
            (c["enquiry_id"]): c["held_on"]
            for c in Conference.objects.filter(
                episode_id__in=episode_ids, kind__in=["initial", "pre_birth"], held_on__isnull=False
            ).values("enquiry_id", "held_on")
            if c["enquiry_id"] is not None
        }
        for c in (
            Conference.objects.filter(
                episode_id__in=episode_ids, kind__in=["initial", "pre_birth"], held_on__lte=self.end
            )
            .order_by("held_on")
            .values("episode_id", "held_on")
        ):
            if c["held_on"] is not None:
                self.first_icpc.setdefault(c["episode_id"], c["held_on"])
        for s47 in (
            Section47Enquiry.objects.filter(episode_id__in=episode_ids, started_on__lte=self.end)
            .select_related("strategy_discussion")
            .order_by("started_on", "id")
        ):
            start = s47.strategy_discussion.held_on
            icpc = held.get(s47.id)
            not_required = bool(s47.outcome) and s47.outcome != "initial_conference"
            self.section47[s47.episode_id].append(
                (start, engine.due_date("initial_child_protection_conference", start), icpc, not_required)
            )
        reviews: dict[int, list[date]] = defaultdict(list)
        for plan_id, day in (
            Conference.objects.filter(episode_id__in=episode_ids, kind="review", held_on__lte=self.end)
            .exclude(plan_id=None)
            .order_by("held_on")
            .values_list("plan_id", "held_on")
        ):
            if day is not None:
                reviews[plan_id].append(day)
        children_plans: dict[int, list[date]] = defaultdict(list)
        for child_id, started in ChildProtectionPlan.objects.order_by("started_on").values_list(
            "child_id", "started_on"
        ):
            children_plans[child_id].append(started)
        for plan in ChildProtectionPlan.objects.filter(episode_id__in=episode_ids, started_on__lte=self.end).order_by(
            "started_on", "id"
        ):
            previous = sum(1 for d in children_plans[plan.child_id] if d < plan.started_on)
            self.plans[plan.episode_id].append(
                {
                    "start": plan.started_on,
                    "end": plan.ended_on if plan.ended_on and plan.ended_on <= self.end else None,
                    "initial": plan.initial_category,
                    "latest": plan.latest_category,
                    "previous": previous,
                    "reviews": reviews.get(plan.id, []),
                }
            )
        if self.year["pre_proceedings_module"]:
            for pp in (
                PreProceedings.objects.filter(episode_id__in=episode_ids, started_on__lte=self.end)
                .prefetch_related("meetings")
                .order_by("started_on", "id")
            ):
                meetings = sorted(m.held_on for m in pp.meetings.all())
                self.pre_proceedings[pp.episode_id].append(
                    {
                        "start": pp.started_on,
                        "letter": pp.letter_before_proceedings_on,
                        "fgdm_offered": pp.family_group_decision_making_offered,
                        "first_meeting": meetings[0] if meetings else None,
                        "reviews": max(len(meetings) - 1, 0),
                        "end": pp.ended_on if pp.ended_on and pp.ended_on <= self.end else None,
                        "outcome": pp.outcome,
                    }
                )

    def write(self, cin: Any, e: CaseEpisode) -> None:
        for started, done, factors in self.assessments.get(e.id, []):
            block = _sub(cin, "Assessments")
            _sub(block, "AssessmentActualStartDate", iso(started))
            if done:
                _sub(block, "AssessmentAuthorisationDate", iso(done))
                identified = _sub(block, "FactorsIdentifiedAtAssessment")
                for code in factors or ["21"]:
                    _sub(identified, "AssessmentFactors", code)
        for start, target, icpc, not_required in self.section47.get(e.id, []):
            block = _sub(cin, "Section47")
            _sub(block, "S47ActualStartDate", iso(start))
            _sub(block, "InitialCPCtarget", iso(target))
            if icpc and icpc <= self.end:
                _sub(block, "DateOfInitialCPC", iso(icpc))
            _sub(block, "ICPCnotRequired", "true" if not_required else "false")
        for plan in self.plans.get(e.id, []):
            block = _sub(cin, "ChildProtectionPlans")
            _sub(block, "CPPstartDate", iso(plan["start"]))
            if plan["end"]:
                _sub(block, "CPPendDate", iso(plan["end"]))
            _sub(block, "InitialCategoryOfAbuse", plan["initial"])
            _sub(block, "LatestCategoryOfAbuse", plan["latest"])
            _sub(block, "NumberOfPreviousCPP", str(plan["previous"]))
            if plan["reviews"]:
                reviews = _sub(block, "Reviews")
                for day in plan["reviews"]:
                    _sub(reviews, "CPPreviewDate", iso(day))
        for pp in self.pre_proceedings.get(e.id, []):
            block = _sub(cin, "PreProceedingsandFGDM")
            _sub(block, "PPStartDate", iso(pp["start"]))
            if pp["letter"]:
                _sub(block, "LBPSentDate", iso(pp["letter"]))
            if pp["fgdm_offered"] is not None:
                _sub(block, "FGDMMeetingOffer", "1" if pp["fgdm_offered"] else "0")
            if pp["first_meeting"]:
                _sub(block, "InitialPPMeetingDate", iso(pp["first_meeting"]))
            _sub(block, "ReviewMeetingsCount", str(pp["reviews"]))
            if pp["end"]:
                _sub(block, "StepDecisionDate", iso(pp["end"]))


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
