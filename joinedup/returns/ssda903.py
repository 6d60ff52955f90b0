"""The SSDA903 return (children looked after), built from the record: the CSV files with the DfE's file names and
column headers for the collection year (`years.toml` says which tables the year has).

Who is in it: every child looked after at any time in the year (Episodes, Reviews, UASC, Missing, OC2,
SWEpisodes), and every care leaver whose 17th to 21st birthday falls in it with their circumstances recorded (OC3);
Header has one row for each of them. CHILD is the child's JoinedUp record number, the same in every table.

From what the record holds (ADR 0011 amendment, ADR 0009 "Adoption and deprivation of liberty"): PlacedAdoption
has a row for each period of care in the year with the agency decision maker's decision that the child should be
placed for adoption (children_in_care AdoptionDecision: the latest made by the year's end), with the date of the
decision that the child should no longer be placed and its reason when it was reversed. Only for a period with no
recorded decision (history from before the decision was recorded) is the date inferred from the first sign of the
plan the record holds (a care plan whose permanence plan is adoption, a placement or freeing order, a placement for
adoption); a period that ended other than by adoption with the decision in force ceases it (RD4). AD1 has a row for
every child adopted in the year (a period of care ended E11 or E12): DATE_INT is the date of that decision (as
PlacedAdoption's DATE_PLACED, rule 523) and the match with adopters; an adopted child with no match recorded still
has a row, with the match left blank, so the validator reports it by child (rule 601). DoLo (from 2026-27) has a
row for each deprivation of liberty order in force in the year for a child looked after in it. PrevPerm has a row
for every child who started to be looked after in the year: an adoption, special guardianship or child arrangements
order that ended an earlier period of care here (P1, P2, P3, with this authority and the date), otherwise P4 (not
known: the record does not ask).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from joinedup.access.models import Involvement, InvolvementRole, SocialWorkerChangeReason
from joinedup.care_leavers.models import CareLeaverCircumstances
from joinedup.children_in_care.models import (
    AdoptionDecision,
    CareEpisode,
    CarePlan,
    DentalCheck,
    DeprivationOfLibertyOrder,
    HealthAssessment,
    ImmunisationStatus,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    StrengthsAndDifficultiesQuestionnaire,
)
from joinedup.people.models import Person

from .years import CollectionYear

COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}

Row = dict[str, str]


@dataclass
class Ssda903Return:
    year: CollectionYear
    tables: dict[str, list[Row]] = field(default_factory=dict)
    child_ids: list[int] = field(default_factory=list)
    missing_modules: list[str] = field(default_factory=list)

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.year["tables"]:
            path = directory / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=COLUMNS[name], lineterminator="\n")
                writer.writeheader()
                writer.writerows(self.tables.get(name, []))
            written.append(path)
        return written

    def as_text(self) -> dict[str, bytes]:
        """Each table as its CSV file's bytes (what the validation step reads)."""
        out: dict[str, bytes] = {}
        for name in self.year["tables"]:
            lines = [",".join(COLUMNS[name])]
            for row in self.tables.get(name, []):
                lines.append(",".join(_csv_cell(row.get(c, "")) for c in COLUMNS[name]))
            out[name] = ("\n".join(lines) + "\n").encode("utf-8")
        return out


def _csv_cell(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def child_id(person_id: int) -> str:
    return str(person_id)


def _sex(code: str, year: CollectionYear) -> str:
    """SEX as the year's guide codes it (years.toml `sex_codes`: M, F, U since 2024-25)."""
    codes: dict[str, str] = year["sex_codes"]
    return codes.get(code, codes.get("U", ""))


def _age(dob: date | None, on: date) -> int:
    if dob is None:
        return 0
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def build(year: CollectionYear) -> Ssda903Return:
    start, end = year.start, year.end
    ret = Ssda903Return(year=year)
    in_year = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    episodes = list(
        CareEpisode.objects.filter(in_year)
        .select_related("period", "legal_status", "placement")
        .order_by("child_id", "started_on", "id")
    )
    looked_after = sorted({e.child_id for e in episodes})
    leavers = _care_leavers(year, looked_after)
    leaver_ids = sorted({c.child_id for c in leavers})
    ids = looked_after + leaver_ids
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=ids)
        .select_related("child_profile")
        .only("id", "sex", "date_of_birth", "ethnicity", "is_young_parent", "child_profile__upn")
    }
    ret.child_ids = ids
    periods = list(PeriodOfCare.objects.filter(in_year).order_by("child_id", "started_on"))
    uasc_ids = {p.child_id for p in periods if p.is_unaccompanied_asylum_seeking}
    dob = {pk: p.date_of_birth for pk, p in people.items()}

    header = []
    for pk in ids:
        p = people[pk]
        profile = getattr(p, "child_profile", None)
        upn = (profile.upn if profile else "") or _upn_unknown(p.date_of_birth, pk in uasc_ids, year)
        mother = ""
        if p.sex == "F" and pk in looked_after:
            mother = "1" if p.is_young_parent else "0"
        header.append(
            {
                "CHILD": child_id(pk),
                "SEX": _sex(p.sex, year),
                "DOB": d(p.date_of_birth),
                "ETHNIC": p.ethnicity,
                "UPN": upn,
                "MOTHER": mother,
                "MC_DOB": "",
            }
        )
    ret.tables["Header"] = header

    no_provider = frozenset(year["no_provider_places"])
    placeholder_urn = frozenset(year["urn_placeholder_places"])
    rows = []
    for e in episodes:
        ended_in_year = e.ended_on is not None and e.ended_on <= end
        place = e.placement.placement_type
        rec = e.reason_ceased if ended_in_year else ""
        rows.append(
            {
                "CHILD": child_id(e.child_id),
                "DECOM": d(e.started_on),
                "RNE": e.reason_new_episode,
                "LS": e.legal_status.code,
                "CIN": e.period.category_of_need,
                "PLACE": place,
                # No provider for the year's temporary and "other" placements (rules 178, 213).
                "PLACE_PROVIDER": "" if place in no_provider else e.placement.provider,
                "DEC": d(e.ended_on) if ended_in_year else "",
                "REC": rec,
                "REASON_PLACE_CHANGE": _place_change(e, rec, year),
                # An unaccompanied asylum-seeking child has no home postcode in England (rule 406: no distance).
                "HOME_POST": "" if e.child_id in uasc_ids else e.period.home_postcode,
                "PL_POST": e.placement.postcode,
                "URN": _urn(e.placement.urn, place, placeholder_urn),
            }
        )
    ret.tables["Episodes"] = rows

    ret.tables["Reviews"] = [
        {
            "CHILD": child_id(r.child_id),
            "DOB": d(dob.get(r.child_id)),
            "REVIEW": d(r.held_on),
            "REVIEW_CODE": r.participation,
        }
        for r in LookedAfterReview.objects.filter(held_on__range=(start, end), child_id__in=looked_after).order_by(
            "child_id", "held_on"
        )
    ]

    uasc: dict[int, date | None] = {}
    for period in periods:
        if period.is_unaccompanied_asylum_seeking:
            uasc[period.child_id] = period.unaccompanied_asylum_seeking_ceased_on
    ret.tables["UASC"] = [
        {
            "CHILD": child_id(pk),
            "SEX": _sex(people[pk].sex, year),
            "DOB": d(dob.get(pk)),
            "DUC": d(_uasc_ceased(ceased, dob.get(pk), end)),
        }
        for pk, ceased in sorted(uasc.items())
    ]

    ret.tables["OC2"] = _oc2(year, periods, dob)

    latest_leaver = {c.child_id: c for c in leavers}
    ret.tables["OC3"] = [
        {
            "CHILD": child_id(pk),
            "DOB": d(dob.get(pk)),
            "IN_TOUCH": c.in_touch,
            "ACTIV": c.activity,
            "ACCOM": f"{c.accommodation}{'1' if c.accommodation_suitable else '2'}"
            if c.accommodation and c.accommodation != "0"
            else "0",
        }
        for pk, c in sorted(latest_leaver.items())
    ]

    ret.tables["Missing"] = [
        {
            "CHILD": child_id(m.child_id),
            "DOB": d(dob.get(m.child_id)),
            "MISSING": m.kind,
            "MIS_START": d(m.started_at.date()),
            "MIS_END": d(m.ended_at.date()) if m.ended_at and m.ended_at.date() <= end else "",
        }
        for m in MissingEpisode.objects.filter(
            Q(started_at__date__lte=end) & (Q(ended_at__isnull=True) | Q(ended_at__date__gte=start)),
            child_id__in=looked_after,
        ).order_by("child_id", "started_at")
    ]

    if "SWEpisodes" in year["tables"]:
        care: dict[int, tuple[date, date | None]] = {}
        for e in episodes:  # in order: the first says when care began, the last whether it went on past the year
            began = care[e.child_id][0] if e.child_id in care else e.period.started_on
            care[e.child_id] = (began, e.ended_on if e.ended_on is not None and e.ended_on <= end else None)
        ret.tables["SWEpisodes"] = _sw_episodes(year, care, dob)
    decisions = _adoption_decisions(year, periods)
    ret.tables["PlacedAdoption"] = _placed_adoption(year, periods, dob, decisions)
    ret.tables["PrevPerm"] = _previous_permanence(year, episodes, dob)
    ret.tables["AD1"] = _adoptions(year, periods, dob, decisions)
    if "DoLo" in year["tables"]:
        ret.tables["DoLo"] = _deprivation_of_liberty(year, looked_after, dob)
    return ret


_ADOPTION_LEGAL = frozenset({"D1", "E1"})
_ADOPTION_PLACES = frozenset({"A3", "A4", "A5", "A6"})
_ADOPTED = frozenset({"E11", "E12"})
# The order that ended an earlier period of care -> SSDA903 PREV_PERM.
_PERMANENCE = {"E11": "P1", "E12": "P1", "E45": "P2", "E46": "P2", "E47": "P2", "E48": "P2", "E41": "P3"}


def _adoption_decisions(year: CollectionYear, periods: list[PeriodOfCare]) -> dict[int, Any]:
    """Each period's latest recorded decision that the child should be placed for adoption made by the year's end
    (with its match), by period."""

    latest: dict[int, Any] = {}
    for decision in (
        AdoptionDecision.objects.filter(period_id__in=[p.pk for p in periods], decided_on__lte=year.end)
        .select_related("match")
        .order_by("period_id", "decided_on", "id")
    ):
        latest[decision.period_id] = decision
    return latest


def _placed_adoption(
    year: CollectionYear, periods: list[PeriodOfCare], dob: dict[int, date | None], decisions: dict[int, Any]
) -> list[Row]:
    """One row per period of care in the year with a decision that the child should be placed for adoption: the
    recorded decision, or for a period with none recorded the inferred one (see the module's docstring)."""

    end = year.end
    # Fallback, only for periods with no recorded decision at all: the date inferred from the first sign of the plan.
    # A period whose decision was recorded after the year had none in it (rule 560: the same date every year).
    recorded = set(
        AdoptionDecision.objects.filter(period_id__in=[p.pk for p in periods]).values_list("period_id", flat=True)
    )
    ids = [p.pk for p in periods if p.pk not in recorded]
    first: dict[int, date] = {}

    def seen(period_id: int, day: date | None) -> None:
        if day is not None and day <= end and (period_id not in first or day < first[period_id]):
            first[period_id] = day

    for period_id, day in CarePlan.objects.filter(period_id__in=ids, permanence_plan="adoption").values_list(
        "period_id", "agreed_on"
    ):
        seen(period_id, day)
    for period_id, day in LegalStatus.objects.filter(period_id__in=ids, code__in=_ADOPTION_LEGAL).values_list(
        "period_id", "started_on"
    ):
        seen(period_id, day)
    for period_id, day in Placement.objects.filter(period_id__in=ids, placement_type__in=_ADOPTION_PLACES).values_list(
        "period_id", "started_on"
    ):
        seen(period_id, day)
    rows = []
    for p in periods:
        decision = decisions.get(p.pk)
        decided = decision.decided_on if decision is not None else None if p.pk in recorded else first.get(p.pk)
        if decided is None:
            continue
        if decision is not None and decision.ceased_on is not None and decision.ceased_on < year.start:
            continue  # reversed before the year: not in this year's return (rule 118: ceased inside the year)
        ceased, reason = None, ""
        if decision is not None and decision.ceased_on is not None and decision.ceased_on <= end:
            ceased, reason = decision.ceased_on, decision.reason_ceased
        elif p.ended_on and p.ended_on <= end and p.reason_ceased not in _ADOPTED:
            ceased, reason = p.ended_on, "RD4"  # care ended other than by adoption with the decision in force
        rows.append(
            {
                "CHILD": child_id(p.child_id),
                "DOB": d(dob.get(p.child_id)),
                "DATE_PLACED": d(decided),
                "DATE_PLACED_CEASED": d(ceased),
                "REASON_PLACED_CEASED": reason,
            }
        )
    return rows


def _adoptions(
    year: CollectionYear, periods: list[PeriodOfCare], dob: dict[int, date | None], decisions: dict[int, Any]
) -> list[Row]:
    """AD1: a row for each child adopted in the year (a period ended E11 or E12), with the decision and the match."""
    rows = []
    for p in periods:
        if p.reason_ceased not in _ADOPTED or p.ended_on is None or not (year.start <= p.ended_on <= year.end):
            continue
        decision = decisions.get(p.pk)
        match = getattr(decision, "match", None) if decision is not None else None
        rows.append(
            {
                "CHILD": child_id(p.child_id),
                "DOB": d(dob.get(p.child_id)),
                "DATE_INT": d(decision.decided_on) if decision is not None else "",
                "DATE_MATCH": d(match.matched_on) if match else "",
                "FOSTER_CARE": ("1" if match.adopters_are_foster_carers else "0") if match else "",
                "NB_ADOPTR": str(match.number_of_adopters) if match else "",
                "SEX_ADOPTR": match.adopters_sex if match else "",
                "LS_ADOPTR": match.adopters_legal_status if match else "",
            }
        )
    return rows


def _deprivation_of_liberty(year: CollectionYear, looked_after: list[int], dob: dict[int, date | None]) -> list[Row]:
    """DoLo: each deprivation of liberty order in force in the year for a child looked after in it."""

    orders = DeprivationOfLibertyOrder.objects.filter(
        Q(started_on__lte=year.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=year.start)),
        child_id__in=looked_after,
    ).order_by("child_id", "started_on", "id")
    return [
        {
            "CHILD": child_id(o.child_id),
            "DOB": d(dob.get(o.child_id)),
            "DOLO_START": d(o.started_on),
            "DOLO_END": d(o.ended_on) if o.ended_on and o.ended_on <= year.end else "",
        }
        for o in orders
    ]


def _previous_permanence(year: CollectionYear, episodes: list[CareEpisode], dob: dict[int, date | None]) -> list[Row]:
    """A row for every child who started to be looked after in the year (rule 630)."""
    started: dict[int, date] = {}
    for e in episodes:
        if e.reason_new_episode == "S" and year.start <= e.started_on <= year.end:
            started.setdefault(e.child_id, e.started_on)
    earlier: dict[int, tuple[str, date]] = {}
    for child_pk, ended, reason in (
        PeriodOfCare.objects.filter(child_id__in=list(started), reason_ceased__in=list(_PERMANENCE))
        .exclude(ended_on=None)
        .order_by("ended_on")
        .values_list("child_id", "ended_on", "reason_ceased")
    ):
        if ended is not None and ended < started[child_pk]:
            earlier[child_pk] = (_PERMANENCE[reason], ended)
    la = str(settings.JOINEDUP_AUTHORITY["dfe_code"]).zfill(3)
    rows = []
    for child_pk in sorted(started):
        if child_pk in earlier:
            code, day = earlier[child_pk]
            rows.append(
                {
                    "CHILD": child_id(child_pk),
                    "DOB": d(dob.get(child_pk)),
                    "PREV_PERM": code,
                    "LA_PERM": la,
                    "DATE_PERM": d(day),
                }
            )
        else:
            rows.append(
                {
                    "CHILD": child_id(child_pk),
                    "DOB": d(dob.get(child_pk)),
                    "PREV_PERM": "P4",
                    "LA_PERM": "999",
                    "DATE_PERM": "ZZ/ZZ/ZZZZ",
                }
            )
    return rows


# The SSDA903 specification's value for a foster or adoption placement whose Ofsted URN the authority cannot give
# (a regional adoption agency's or the authority's own fostering service): only for the year's
# `urn_placeholder_places` (rule 242).
URN_NOT_KNOWN = "XXXXXXX"


def _urn(recorded: str, place: str, placeholder_places: frozenset[str]) -> str:
    """The URN the record holds; for a foster or adoption placement without one, the placeholder. Any other
    placement without a URN is written blank, so a registered setting with none recorded is named by the validator
    (rule 218), never given the placeholder (rule 242)."""
    if recorded:
        return recorded
    return URN_NOT_KNOWN if place in placeholder_places else ""


def _uasc_ceased(ceased: date | None, born: date | None, end: date) -> date | None:
    """DUC: the date the child stopped being an unaccompanied asylum-seeking child, when that was by the year's end;
    otherwise their 18th birthday, when the status ends (rule 304: never after it; rule 205B: a child who stays
    UASC gives the same date each year)."""
    eighteenth = _birthday(born, 18) if born is not None else None
    if ceased is not None and ceased <= end and (eighteenth is None or ceased <= eighteenth):
        return ceased
    return eighteenth


def _care_leavers(year: CollectionYear, looked_after: list[int]) -> list[CareLeaverCircumstances]:
    """OC3: for each care leaver whose 17th to 21st birthday falls in the year (rule 391), what the record holds
    about them around that birthday: one per young person, the latest recorded. Not for a young person looked
    after in the year (their Episodes say where they are)."""
    rows = (
        CareLeaverCircumstances.objects.filter(birthday__gte=17, birthday__lte=21)
        .exclude(child_id__in=looked_after)
        .exclude(child__date_of_birth=None)
        .select_related("child")
        .only(
            "id",
            "child_id",
            "birthday",
            "recorded_on",
            "in_touch",
            "activity",
            "accommodation",
            "accommodation_suitable",
            "child__date_of_birth",
        )
        .order_by("child_id", "recorded_on", "id")
    )
    chosen: dict[int, CareLeaverCircumstances] = {}
    for c in rows:
        born = c.child.date_of_birth
        if born is not None and year.start <= _birthday(born, c.birthday) <= year.end:
            chosen[c.child_id] = c  # the latest recorded for a birthday in the year
    return [chosen[pk] for pk in sorted(chosen)]


def _upn_unknown(dob: date | None, is_uasc: bool, year: CollectionYear) -> str:
    """UN1 under school age and not yet given a UPN; UN4 an unaccompanied asylum-seeking child (refugee or
    asylum seeker); UN2 otherwise (never attended a school in England). Rule 209."""
    if is_uasc:
        return "UN4"
    if dob is None or _birthday(dob, 4) > date(year.start.year - 1, 8, 31):
        return "UN1"
    return "UN2"


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def _place_change(e: CareEpisode, rec: str, year: CollectionYear) -> str:
    """REASON_PLACE_CHANGE: only when the episode ended with the child still looked after and the placement
    changed (the next episode is P, B, T or U); not for temporary placements (from 2025-26)."""
    if rec != "X1" or e.placement.ended_on is None or e.placement.ended_on != e.ended_on:
        return ""
    if e.placement.placement_type.startswith("T"):
        return ""
    return e.placement.reason_for_change or "OTHER"


def _oc2(year: CollectionYear, periods: list[PeriodOfCare], dob: dict[int, date | None]) -> list[Row]:
    """Children looked after continuously for at least 12 months at 31 March."""
    end = year.end
    # Looked after throughout the year: from its first day (or before) to 31 March, as the DfE's tools count it.
    ids = sorted(
        {p.child_id for p in periods if p.started_on <= year.start and (p.ended_on is None or p.ended_on >= end)}
    )
    if not ids:
        return []
    window = (date(end.year - 1, 4, 1), end)
    assessed = set(
        HealthAssessment.objects.filter(child_id__in=ids, assessed_on__range=window).values_list("child_id", flat=True)
    )
    teeth = set(
        DentalCheck.objects.filter(child_id__in=ids, checked_on__range=window).values_list("child_id", flat=True)
    )
    immunised: dict[int, bool] = {}
    for child, up_to_date in (
        ImmunisationStatus.objects.filter(child_id__in=ids, recorded_on__lte=end)
        .order_by("child_id", "recorded_on", "id")
        .values_list("child_id", "is_up_to_date")
    ):
        immunised[child] = up_to_date
    sdq: dict[int, tuple[Any, str]] = {}
    for child, score, reason in (
        StrengthsAndDifficultiesQuestionnaire.objects.filter(child_id__in=ids, completed_on__range=window)
        .order_by("child_id", "completed_on", "id")
        .values_list("child_id", "score", "reason_not_completed")
    ):
        sdq[child] = (score, reason)
    rows = []
    for pk in ids:
        born = dob.get(pk)
        age = _age(born, end)
        score, reason = sdq.get(pk, (None, ""))
        # An SDQ (or the reason there is none) from the 4th birthday to the 17th (rules 186, 197B).
        if born is not None and _birthday(born, 4) <= end and _birthday(born, 17) >= year.start:
            if score is None and not reason:
                reason = "SDQ5"
        else:
            score, reason = None, ""
        rows.append(
            {
                "CHILD": child_id(pk),
                "DOB": d(dob.get(pk)),
                "SDQ_SCORE": "" if score is None else str(score),
                "SDQ_REASON": reason if score is None else "",
                # Convictions only from age 10 (rule 542); health promotion only under 5 (rule 546).
                "CONVICTED": "0" if age >= 10 else "",
                "HEALTH_CHECK": ("1" if pk in assessed else "0") if age < 5 else "",
                "IMMUNISATIONS": "1" if immunised.get(pk) else "0",
                "TEETH_CHECK": "1" if pk in teeth else "0",
                "HEALTH_ASSESSMENT": "1" if pk in assessed else "0",
                "SUBSTANCE_MISUSE": "0",
                "INTERVENTION_RECEIVED": "",
                "INTERVENTION_OFFERED": "",
            }
        )
    return rows


def _sw_episodes(
    year: CollectionYear, care: dict[int, tuple[date, date | None]], dob: dict[int, date | None]
) -> list[Row]:
    """Social worker episodes: for each child looked after in the year (`care`: the day the first period of care
    reaching into the year began, and the day their care ended in the year, None if still looked after at its end),
    every allocation of a social worker to the child open in the year from the start of that care until it ended
    (rule SW12STG2: the episodes cover the start and the end of care, none starts before the start of care or after
    its end; a social worker allocated before care is reported from its start). An episode ends with a change of
    social worker: SW_DEC is the day an allocation ended, except for a child whose care ended in the year, whose
    social worker was still allocated then (their Episodes give that end: rules SW11bSTG2, SW17STG2). A child still
    looked after whose last allocation ended with nobody after it keeps the date, so the validator names the child.
    SW_ID is the social worker's Social Work England registration number; where the record has none, it is left
    blank, so the validator names the child (rule SW02STG1) and the number is added to the practitioner's record.
    SW_REASON is the reason the record gives for the change to that social worker; a first allocation, or one more
    than a week after the last one ended, is first contact or re-referral (FCONTA). An allocation that moved from
    another worker with no reason recorded is left blank, so the validator names the child (rule SW13STG1)."""
    start, end = year.start, year.end
    by_child: dict[int, list[Involvement]] = defaultdict(list)
    for inv in (
        Involvement.objects.filter(
            started_on__lte=end, child_id__in=list(care), role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
        )
        .select_related("practitioner")
        .order_by("child_id", "started_on", "id")
    ):
        by_child[inv.child_id].append(inv)
    rows: list[Row] = []
    for pk, involvements in sorted(by_child.items()):
        began_care, ended_care = care[pk]
        previous: Involvement | None = None
        reported: list[tuple[Involvement, Row]] = []
        for inv in involvements:
            if ended_care is not None and inv.started_on > ended_care:
                break  # allocated after care ended: not this return's
            if inv.ended_on is None or inv.ended_on >= max(start, began_care):
                reported.append(
                    (
                        inv,
                        {
                            "CHILD": child_id(pk),
                            "DOB": d(dob.get(pk)),
                            "SW_ID": inv.practitioner.social_work_england_number,
                            "SW_DECOM": d(max(inv.started_on, began_care)),
                            "SW_DEC": d(inv.ended_on if inv.ended_on and inv.ended_on <= end else None),
                            "SW_REASON": inv.reason_for_social_worker_change or _first_contact(inv, previous),
                        },
                    )
                )
            previous = inv
        if reported and ended_care is not None:
            last, row = reported[-1]
            if last.ended_on is None or last.ended_on >= ended_care:
                row["SW_DEC"] = ""  # still the child's social worker when care ended
        rows.extend(row for _inv, row in reported)
    return rows


# A social worker allocated more than this long after the last one's allocation ended is a new first contact: the
# DfE's rules accept a change of worker within a week either side of the last one's end (SW10aSTG2).
_SAME_CHANGE = timedelta(days=7)


def _first_contact(inv: Involvement, previous: Involvement | None) -> str:
    if previous is None or (previous.ended_on is not None and inv.started_on > previous.ended_on + _SAME_CHANGE):
        return SocialWorkerChangeReason.FCONTA
    return ""
