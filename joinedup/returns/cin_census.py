"""The Children in Need census XML (lxml), built from the record for the collection year ending 31 March YYYY.

Who is in it: every child with an episode of need (episodes.CaseEpisode, opened by a referral) open at any time
in the year; one CINdetails group per episode. Every looked-after child is a child in need: a period of care in the
year that no episode of need covers is reported as its own CINdetails (referral date = the day care started, the
source read from how care started, primary need = the period's category of need, closed when care ended with the
reason care ended mapped to the census's). The modules come from the apps that record them:

- CINdetails: the episode (referral date and source, closure date and reason); PrimaryNeedCode is the latest
  assessment's primary need in the episode, else the episode's own code, else the category of need of a period of
  care in the episode;
- Assessments: single assessments and the factors identified (joinedup.assessments);
- CINPlanDates: the child in need plan is the Family Help plan (joinedup.family_help, ADR 0011 amendment): from the
  first family plan agreed to the Family Help case's closure, less any time the child is on a child protection
  plan in the same episode (rule 4001: a CIN plan never runs alongside a CP plan);
- Section47, DateOfInitialCPC, ChildProtectionPlans: section 47 enquiries, conferences and plans
  (joinedup.child_protection); InitialCPCtarget is the `initial_child_protection_conference` clock from the
  timescales engine, never a hand-counted date;
- PreProceedingsandFGDM (years whose specification has it, years.toml): pre-proceedings (joinedup.child_protection).

Each module holds what was open in the year (the DfE's rules 8696, 8715, 8930, 4013): an assessment authorised, an
enquiry whose conference was held or that concluded none was needed, a plan that ended before 1 April is not in it;
a date after 31 March is left blank. The initial conference is written at one level only (rule 2884): in the
Section47 group of the enquiry it followed, else in CINdetails. A child born after 31 March was unborn in the year:
the expected date of birth, not the date of birth (rule 8520).

A module whose app is not installed is left out (and said so in `missing_modules`), never invented.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from joinedup.assessments.models import AssessmentFactorIdentified, SingleAssessment
from joinedup.child_protection.models import ChildProtectionPlan, Conference, PreProceedings, Section47Enquiry
from joinedup.children_in_care.models import LegalStatus, PeriodOfCare
from joinedup.episodes.models import CaseEpisode
from joinedup.family_help.models import FamilyHelpCase
from joinedup.front_door.models import Referral
from joinedup.people.models import Person, PersonDisability
from joinedup.timescales import engine

from .years import CollectionYear

SOFTWARE_CODE = "JoinedUp"

# How a period of care with no episode of need started, as a CIN census referral source: police protection is the
# police (6); remand and youth justice orders come from the courts (7); otherwise the record does not say (10).
_CARE_START_SOURCE = {"L1": "6", "J1": "7", "J2": "7", "J3": "7"}
# SSDA903 reason care ended -> CIN census ReasonForClosure.
_CARE_END_CLOSURE = {
    "E11": "RC1",
    "E12": "RC1",
    "E2": "RC2",
    "E41": "RC3",
    "E45": "RC4",
    "E46": "RC4",
    "E47": "RC4",
    "E48": "RC4",
    "E3": "RC5",
    "E7": "RC6",
}


@dataclass
class _Need:
    """One CINdetails group: an episode of need, or a period of care that no episode covers (episode_id None)."""

    child_id: int
    started_on: date
    referral_source: str
    closed_on: date | None
    closure_reason: str
    primary_need: str = ""
    episode_id: int | None = None
    referral_nfa: bool = False


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
    in_year = CaseEpisode.objects.filter(Q(started_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)))
    episodes = list(
        in_year.order_by("child_id", "started_on", "id").only(
            "id", "child_id", "started_on", "referral_source", "primary_need_code", "closed_on", "closure_reason"
        )
    )
    # The year's episodes as a subquery: the modules' queries say "in these episodes" without sending thousands
    # of ids as parameters.
    episode_ids = in_year.values("id")
    referral_nfa: dict[int, bool] = {}
    for episode_id, route in Referral.objects.filter(case_episode_id__in=episode_ids).values_list(
        "case_episode_id", "route"
    ):
        referral_nfa.setdefault(episode_id, route == "no_further_action")

    modules = _Modules(year, episode_ids, census.missing_modules)
    needs: dict[int, list[_Need]] = defaultdict(list)
    for e in episodes:
        needs[e.child_id].append(
            _Need(
                child_id=e.child_id,
                started_on=e.started_on,
                referral_source=e.referral_source,
                closed_on=e.closed_on if e.closed_on and e.closed_on <= end else None,
                closure_reason=e.closure_reason,
                primary_need=modules.primary_need.get(e.id) or e.primary_need_code,
                episode_id=e.id,
                referral_nfa=referral_nfa.get(e.id, False),
            )
        )
    _looked_after(year, needs)
    for child_needs in needs.values():
        modules.one_cin_plan_at_a_time([n.episode_id for n in child_needs if n.episode_id])
    child_ids = sorted(needs)
    census.child_ids = child_ids
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

    for child_id in child_ids:
        person = people[child_id]
        profile = getattr(person, "child_profile", None)
        # Unborn at the end of the year (still unborn, or born after 31 March): the expected date of birth and no
        # date of birth (rule 8520).
        born_after = person.date_of_birth is not None and person.date_of_birth > end
        unborn = bool(profile and profile.is_unborn and person.date_of_birth is None) or born_after
        child = _sub(children, "Child")
        ids = _sub(child, "ChildIdentifiers")
        _sub(ids, "LAchildID", str(child_id))
        upn = profile.upn if profile else ""
        if upn:
            _sub(ids, "UPN", upn)
        if unborn:
            expected = profile.expected_date_of_delivery if profile else None
            _sub(ids, "ExpectedPersonBirthDate", iso(expected or person.date_of_birth))
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
        for need in sorted(needs[child_id], key=lambda n: (n.started_on, n.episode_id or 0)):
            # The order of the schema's CINdetails sequence (CIN census XSD): referral, need, closure, the first
            # initial conference, Assessments, CINPlanDates, Section47, ReferralNFA, ChildProtectionPlans, then the
            # pre-proceedings module in the years that have it.
            cin = _sub(child, "CINdetails")
            _sub(cin, "CINreferralDate", iso(need.started_on))
            _sub(cin, "ReferralSource", need.referral_source)
            if need.primary_need:
                _sub(cin, "PrimaryNeedCode", need.primary_need)
            if need.closed_on:
                _sub(cin, "CINclosureDate", iso(need.closed_on))
                _sub(cin, "ReasonForClosure", need.closure_reason)
            # The initial conference at one level only (rule 2884): in the Section47 group of the enquiry it
            # followed; here only a conference in the year that no enquiry in the return carries (a pre-birth
            # conference, or one after an enquiry the record does not link).
            first_icpc = modules.icpc_without_section47(need.episode_id) if need.episode_id else None
            if first_icpc:
                _sub(cin, "DateOfInitialCPC", iso(first_icpc))
            if need.episode_id:
                modules.write_before_referral_nfa(cin, need.episode_id)
            _sub(cin, "ReferralNFA", "true" if need.referral_nfa else "false")
            if need.episode_id:
                modules.write_after_referral_nfa(cin, need.episode_id)
    census.tree = etree.ElementTree(root)
    return census


def _looked_after(year: CollectionYear, needs: dict[int, list[_Need]]) -> None:
    """Every looked-after child is a child in need: a period of care in the year that no episode of need covers
    becomes its own CINdetails; an episode that covers a period of care with no primary need takes the period's
    category of need (SSDA903 CIN, N1-N8)."""
    if not apps.is_installed("joinedup.children_in_care"):
        return

    start, end = year.start, year.end
    periods = list(
        PeriodOfCare.objects.filter(Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)))
        .order_by("child_id", "started_on", "id")
        .values("id", "child_id", "started_on", "ended_on", "reason_ceased", "category_of_need")
    )
    first_status: dict[int, str] = {}
    for period_id, code in (
        LegalStatus.objects.filter(period_id__in=[p["id"] for p in periods])
        .order_by("started_on", "id")
        .values_list("period_id", "code")
    ):
        first_status.setdefault(period_id, code)
    for p in periods:
        span_start = max(p["started_on"], start)
        span_end = min(p["ended_on"] or end, end)
        covering = [
            n
            for n in needs.get(p["child_id"], [])
            if n.episode_id is not None
            and n.started_on <= span_end
            and (n.closed_on is None or n.closed_on >= span_start)
        ]
        for n in covering:
            if not n.primary_need:
                n.primary_need = p["category_of_need"]
        if covering:
            continue
        ended = p["ended_on"] if p["ended_on"] and p["ended_on"] <= end else None
        needs[p["child_id"]].append(
            _Need(
                child_id=p["child_id"],
                started_on=p["started_on"],
                referral_source=_CARE_START_SOURCE.get(first_status.get(p["id"], ""), "10"),
                closed_on=ended,
                closure_reason=_CARE_END_CLOSURE.get(p["reason_ceased"], "RC7") if ended else "",
                primary_need=p["category_of_need"],
            )
        )


class _Modules:
    """The modules other apps record, read once for all the year's episodes."""

    def __init__(self, year: CollectionYear, episode_ids: Any, missing: list[str]) -> None:
        self.year = year
        self.end = year.end
        self.assessments: dict[int, list[tuple[date, date | None, list[str]]]] = defaultdict(list)
        self.section47: dict[int, list[tuple[date, date, date | None, bool]]] = defaultdict(list)
        self.plans: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.pre_proceedings: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.icpcs: dict[int, list[date]] = defaultdict(list)  # initial and pre-birth conferences in the year
        self.primary_need: dict[int, str] = {}
        self.cin_plans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
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
        if apps.is_installed("joinedup.family_help"):
            self._read_cin_plans(episode_ids)
        else:
            missing.append("CINPlanDates (joinedup.family_help is not installed)")

    def _read_assessments(self, episode_ids: Any) -> None:

        rows = list(
            SingleAssessment.objects.filter(case_episode_id__in=episode_ids)
            .order_by("started_on", "id")
            .values_list("id", "case_episode_id", "started_on", "completed_on", "primary_need")
        )
        # The primary need belongs to the episode: the latest assessment's in the year; for a referral whose
        # assessment started after 31 March, the need that assessment recorded (the census is made after the year).
        for _, episode_id, started, _, need in rows:
            if need and started > self.end:
                self.primary_need.setdefault(episode_id, need)
        rows = [r for r in rows if r[2] <= self.end]
        for _, episode_id, _, _, need in rows:  # oldest first: the latest assessment's primary need by 31 March wins
            if need:
                self.primary_need[episode_id] = need
        # The year's assessments: started by 31 March and not authorised before 1 April (rule 8696).
        rows = [r for r in rows if r[3] is None or r[3] >= self.year.start]
        factors: dict[int, list[str]] = defaultdict(list)
        for assessment_id, code in AssessmentFactorIdentified.objects.filter(
            assessment_id__in=[r[0] for r in rows]
        ).values_list("assessment_id", "code"):
            factors[assessment_id].append(code)
        for assessment_id, episode_id, started, completed, _ in rows:
            done = completed if completed and completed <= self.end else None
            self.assessments[episode_id].append((started, done, sorted(factors.get(assessment_id, []))))

    def _read_cin_plans(self, episode_ids: Any) -> None:
        """The child in need plan is the Family Help plan: from the first family plan agreed in a Family Help case
        to the case's closure, with the days the child is on a child protection plan in the same episode taken out
        (rule 4001). A case with no agreed plan has no CIN plan."""
        from django.db.models import Min

        cases = list(
            FamilyHelpCase.objects.filter(case_episode_id__in=episode_ids)
            .annotate(first_plan=Min("plans__agreed_on"))
            .filter(first_plan__isnull=False, first_plan__lte=self.end)
            .order_by("opened_on", "id")
            .values_list("case_episode_id", "first_plan", "closed_on")
        )
        protection: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        if cases:
            for episode_id, started, ended in (
                ChildProtectionPlan.objects.filter(episode_id__in={c[0] for c in cases})
                .order_by("started_on", "id")
                .values_list("episode_id", "started_on", "ended_on")
            ):
                protection[episode_id].append((started, ended))
        for episode_id, first_plan, closed in cases:
            for segment_start, segment_end in _less(first_plan, closed, protection.get(episode_id, [])):
                if segment_start > self.end or (segment_end is not None and segment_end < self.year.start):
                    continue  # a plan that ran only outside the year (rule 4013)
                self.cin_plans[episode_id].append(
                    (segment_start, segment_end if segment_end and segment_end <= self.end else None)
                )

    def _read_child_protection(self, episode_ids: Any) -> None:

        held = {
            (c["enquiry_id"]): c["held_on"]
            for c in Conference.objects.filter(
                episode_id__in=episode_ids, kind__in=["initial", "pre_birth"], held_on__isnull=False
            ).values("enquiry_id", "held_on")
            if c["enquiry_id"] is not None
        }
        for c in (
            Conference.objects.filter(
                episode_id__in=episode_ids,
                kind__in=["initial", "pre_birth"],
                held_on__gte=self.year.start,
                held_on__lte=self.end,
            )
            .order_by("held_on")
            .values_list("episode_id", "held_on")
        ):
            if c[1] is not None:
                self.icpcs[c[0]].append(c[1])
        for s47 in (
            Section47Enquiry.objects.filter(episode_id__in=episode_ids, started_on__lte=self.end)
            .select_related("strategy_discussion")
            .order_by("started_on", "id")
        ):
            icpc = held.get(s47.id)
            not_required = bool(s47.outcome) and s47.outcome != "initial_conference"
            # An enquiry belongs to the years it is open in: it ends at its initial conference, or when it
            # concluded that none was needed (rules 8715, 8675Q).
            ended = icpc if icpc is not None else (s47.concluded_on if not_required else None)
            if ended is not None and ended < self.year.start:
                continue
            # The enquiry starts with the strategy discussion that started it; the conference is due 15 working
            # days from then.
            start = s47.strategy_discussion.held_on
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
        for plan in (
            ChildProtectionPlan.objects.filter(episode_id__in=episode_ids, started_on__lte=self.end)
            .exclude(ended_on__lt=self.year.start)  # a plan that ended before the year is not in it (rule 8930)
            .order_by("started_on", "id")
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
                .exclude(ended_on__lt=self.year.start)
                .select_related("family_group_decision_making")
                .prefetch_related("meetings")
                .order_by("started_on", "id")
            ):
                meetings = sorted(m.held_on for m in pp.meetings.all())
                self.pre_proceedings[pp.episode_id].append(
                    {
                        "start": pp.started_on,
                        "letter": pp.letter_before_proceedings_on,
                        "fgdm_offered": pp.family_group_decision_making_offered,
                        "fgdm_held": bool(
                            pp.family_group_decision_making is not None
                            and pp.family_group_decision_making.meeting_on is not None
                            and pp.family_group_decision_making.meeting_on <= self.end
                        ),
                        "first_meeting": meetings[0] if meetings else None,
                        "reviews": max(len(meetings) - 1, 0),
                        "end": pp.ended_on if pp.ended_on and pp.ended_on <= self.end else None,
                        "outcome": pp.outcome,
                    }
                )

    def one_cin_plan_at_a_time(self, episode_ids: list[int]) -> None:
        """A child has one CIN plan at a time across their episodes (rule 4014 counts a plan starting on the day
        another ends as overlapping): a plan that starts while an earlier one runs ends the earlier one the day
        before."""
        spans = sorted(
            (start, end, episode_id, i)
            for episode_id in episode_ids
            for i, (start, end) in enumerate(self.cin_plans.get(episode_id, []))
        )
        if len(spans) < 2:
            return
        dropped: set[tuple[int, int]] = set()
        for (start, end, episode_id, i), (next_start, _, _, _) in pairwise(spans):
            if next_start <= start:  # two plans from the same day: the later-listed one stands
                dropped.add((episode_id, i))
            elif end is None or end >= next_start:
                self.cin_plans[episode_id][i] = (start, next_start - timedelta(days=1))
        for episode_id in {e for e, _ in dropped}:
            self.cin_plans[episode_id] = [
                span for i, span in enumerate(self.cin_plans[episode_id]) if (episode_id, i) not in dropped
            ]

    def icpc_without_section47(self, episode_id: int) -> date | None:
        """The episode's first initial conference in the year that no Section47 group in the return carries."""
        carried = {icpc for _, _, icpc, _ in self.section47.get(episode_id, []) if icpc and icpc <= self.end}
        return next((day for day in self.icpcs.get(episode_id, []) if day not in carried), None)

    def write_before_referral_nfa(self, cin: Any, episode_id: int) -> None:
        for started, done, factors in self.assessments.get(episode_id, []):
            block = _sub(cin, "Assessments")
            _sub(block, "AssessmentActualStartDate", iso(started))
            if done:
                _sub(block, "AssessmentAuthorisationDate", iso(done))
                identified = _sub(block, "FactorsIdentifiedAtAssessment")
                for code in factors or ["21"]:
                    _sub(identified, "AssessmentFactors", code)
        for plan_start, plan_end in self.cin_plans.get(episode_id, []):
            if plan_end is not None and plan_end < self.year.start:
                continue  # ended before the year, once a later plan ended it (rule 4013)
            block = _sub(cin, "CINPlanDates")
            _sub(block, "CINPlanStartDate", iso(plan_start))
            if plan_end:
                _sub(block, "CINPlanEndDate", iso(plan_end))
        for start, target, icpc, not_required in self.section47.get(episode_id, []):
            block = _sub(cin, "Section47")
            _sub(block, "S47ActualStartDate", iso(start))
            _sub(block, "InitialCPCtarget", iso(target))
            if icpc and icpc <= self.end:
                _sub(block, "DateOfInitialCPC", iso(icpc))
            _sub(block, "ICPCnotRequired", "true" if not_required else "false")

    def write_after_referral_nfa(self, cin: Any, episode_id: int) -> None:
        for plan in self.plans.get(episode_id, []):
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
        for pp in self.pre_proceedings.get(episode_id, []):
            block = _sub(cin, "PreProceedingsandFGDM")
            _sub(block, "PPStartDate", iso(pp["start"]))
            if pp["letter"]:
                _sub(block, "LBPSentDate", iso(pp["letter"]))
            if pp["fgdm_offered"] is not None:
                _sub(block, "FGDMMeetingOffer", "1" if pp["fgdm_offered"] else "0")
            if pp["fgdm_offered"]:
                _sub(block, "FGDMMeetingFac", "1" if pp["fgdm_held"] else "0")
            if pp["first_meeting"]:
                _sub(block, "InitialPPMeetingDate", iso(pp["first_meeting"]))
            _sub(block, "ReviewMeetingsCount", str(pp["reviews"]))
            if pp["end"]:
                _sub(block, "StepDecisionDate", iso(pp["end"]))


def _less(start: date, end: date | None, taken: list[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """The span start..end (None: still open) less the spans taken out (child protection plans), as the segments
    left; a segment ends the day a plan starts and the next starts the day it ends."""
    segments: list[tuple[date, date | None]] = []
    cursor: date | None = start
    for taken_start, taken_end in sorted(taken):
        if cursor is None:
            break
        if taken_end is not None and taken_end <= cursor:
            continue
        if end is not None and taken_start >= end:
            break
        if taken_start > cursor:
            segments.append((cursor, taken_start))
        cursor = taken_end
    if cursor is not None and (end is None or cursor < end):
        segments.append((cursor, end))
    return segments


def parse_date(text: str | None) -> date | None:
    if not text or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
