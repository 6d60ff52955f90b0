"""Ofsted's Annex A (ILACS) lists 1 to 11 as one spreadsheet (openpyxl), from the record, for the children the
reader may see. Field names follow the Annex A in use for 2023-24 (liia-tools annex-a-merge.yml). A list whose
records JoinedUp does not hold (early help assessments, adopters) says so on its sheet rather than inventing rows.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Font

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.assessments.models import SingleAssessment
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec, audit_events_record
from joinedup.care_leavers.models import CareLeaver, CareLeaverCircumstances
from joinedup.child_protection.models import ChildProtectionPlan, Section47Enquiry
from joinedup.children_in_care.models import AdoptionDecision, LegalStatus, MissingEpisode, PeriodOfCare, Placement
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.episodes.models import CaseEpisode
from joinedup.front_door.models import Contact, Referral
from joinedup.people.models import Person

COMMON = ["Child unique ID", "Gender", "Ethnicity", "Date of birth", "Age of child (years)", "Disability"]
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _age(dob: date | None, on: date) -> str:
    if dob is None:
        return ""
    return str(on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day)))


class _People:
    def __init__(self, ids: Iterable[int], today: date) -> None:
        self.today = today
        self.rows = {
            p.pk: p
            for p in Person.objects.filter(pk__in=set(ids))
            .prefetch_related("disabilities")
            .only("id", "sex", "ethnicity", "date_of_birth")
        }

    def common(self, child_id: int) -> list[str]:
        p = self.rows.get(child_id)
        if p is None:
            return [str(child_id), "", "", "", "", ""]
        disabled = any(d.code != "NONE" for d in p.disabilities.all())
        return [
            str(child_id),
            GENDER.get(p.sex, ""),
            p.ethnicity,
            _d(p.date_of_birth),
            _age(p.date_of_birth, self.today),
            "a) Yes" if disabled else "b) No",
        ]


def annex_a_export(*, actor: Any, today: date) -> bytes:
    if not has_permission(actor, Permission.PRODUCE_STATUTORY_RETURNS):
        raise NotFoundOrNotPermitted
    visible = set(children_visible_to(actor).values_list("pk", flat=True))
    year_ago = today - timedelta(days=365)
    half_year = today - timedelta(days=183)
    sheets: list[tuple[str, list[str], list[list[str]], str]] = []

    contacts = list(
        Contact.objects.filter(child_id__in=visible, received_on__gte=half_year)
        .order_by("received_on")
        .values_list("child_id", "received_on", "source")
    )
    referrals = list(
        Referral.objects.filter(child_id__in=visible, referral_date__gte=year_ago)
        .order_by("referral_date")
        .values_list("child_id", "referral_date", "source", "route")
    )
    referral_counts = Counter(r[0] for r in referrals)
    episodes = list(
        CaseEpisode.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=year_ago), child_id__in=visible)
        .order_by("started_on")
        .values_list("id", "child_id", "started_on", "primary_need_code", "closed_on", "closure_reason", "tier")
    )
    # The primary need the latest assessment in the episode recorded (as the CIN census reads it).
    needs: dict[int, str] = {}
    for episode_id, need in (
        SingleAssessment.objects.filter(case_episode_id__in=[e[0] for e in episodes])
        .exclude(primary_need="")
        .order_by("started_on", "id")
        .values_list("case_episode_id", "primary_need")
    ):
        needs[episode_id] = need
    periods = list(
        PeriodOfCare.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=year_ago), child_id__in=visible
        ).order_by("started_on")
    )
    leavers = list(CareLeaver.objects.filter(child_id__in=visible).order_by("child_id"))
    ids = {c[0] for c in contacts} | {r[0] for r in referrals} | {e[1] for e in episodes}
    ids |= {p.child_id for p in periods} | {c.child_id for c in leavers}
    people = _People(ids, today)

    sheets.append(
        (
            "List 1 Contacts",
            [*COMMON, "Date of contact", "Contact source"],
            [[*people.common(c), _d(day), source] for c, day, source in contacts],
            "",
        )
    )
    sheets.append(_early_help(people))
    sheets.append(
        (
            "List 3 Referrals",
            [*COMMON, "Date of referral", "Referral source", "Referral NFA?", "Number of referrals in last 12 months"],
            [
                [
                    *people.common(c),
                    _d(day),
                    source,
                    "a) Yes" if route == "no_further_action" else "b) No",
                    str(referral_counts[c]),
                ]
                for c, day, source, route in referrals
            ],
            "",
        )
    )
    sheets.extend(_assessments_and_protection(people, visible, year_ago))
    sheets.append(
        (
            "List 6 Children in need",
            [*COMMON, "CIN start date", "Primary need code", "CIN closure date", "Reason for closure", "Case status"],
            [
                [*people.common(c), _d(start), needs.get(pk) or need, _d(closed), reason, tier.replace("_", " ")]
                for pk, c, start, need, closed, reason, tier in episodes
            ],
            "",
        )
    )
    sheets.append(_children_in_care(people, periods, year_ago))
    sheets.append(_care_leavers(people, leavers))
    sheets.append(_adoption(people, periods))
    sheets.append(
        (
            "List 11 Adopters",
            [
                "Adopter ID",
                "Family ID",
                "Enquiry date",
                "Stage 1 start",
                "Stage 2 end",
                "Approved",
                "Matched",
                "Placed",
            ],
            [],
            "JoinedUp does not hold adopters' records (the regional adoption agency does): this list is empty.",
        )
    )

    book = Workbook()
    book.remove(book.active)
    for title, head, rows, note in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        if note:
            sheet.append([])
            sheet.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    with transaction.atomic():
        audit_events_record(
            actor=actor,
            events=[
                EventSpec(AuditAction.EXPORTED, "returns.annex_a", today.isoformat(), c, "Annex A") for c in sorted(ids)
            ],
        )
    return buffer.getvalue()


Sheet = tuple[str, list[str], list[list[str]], str]


def _early_help(people: _People) -> Sheet:
    head = [*COMMON, "Assessment start date", "Assessment completion date", "Organisation completing assessment"]
    return ("List 2 Early help", head, [], "Early help assessments are recorded outside JoinedUp's Family Help record.")


def _assessments_and_protection(people: _People, visible: set[int], year_ago: date) -> list[Sheet]:
    sheets: list[Sheet] = []
    head4 = [*COMMON, "Continuous assessment start date", "Child seen during assessment", "Authorisation date"]
    rows = [
        [*people.common(a.child_id), _d(a.started_on), _d(a.child_seen_on), _d(a.completed_on)]
        for a in SingleAssessment.objects.filter(child_id__in=visible, started_on__gte=year_ago).order_by("started_on")
        if a.child_id in people.rows
    ]
    sheets.append(("List 4 Assessments", head4, rows, ""))
    head5 = [*COMMON, "Strategy discussion initiating Section 47 Enquiry Start Date", "Was an ICPC deemed unnecessary?"]
    head7 = [
        *COMMON,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Child Protection Plan End Date",
    ]
    s47 = [
        [
            *people.common(s.child_id),
            _d(s.strategy_discussion.held_on),
            "a) Yes" if s.outcome and s.outcome != "initial_conference" else "b) No",
        ]
        for s in Section47Enquiry.objects.filter(child_id__in=visible, started_on__gte=year_ago).select_related(
            "strategy_discussion"
        )
        if s.child_id in people.rows
    ]
    plans = [
        [*people.common(p.child_id), _d(p.started_on), p.initial_category, p.latest_category, _d(p.ended_on)]
        for p in ChildProtectionPlan.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=year_ago), child_id__in=visible
        )
        if p.child_id in people.rows
    ]
    sheets.append(("List 5 Section 47", head5, s47, ""))
    sheets.append(("List 7 Child protection", head7, plans, ""))
    return sheets


def _children_in_care(people: _People, periods: list[PeriodOfCare], year_ago: date) -> Sheet:
    ids = [p.child_id for p in periods]
    placements: dict[int, list[Placement]] = {}
    for pl in Placement.objects.filter(child_id__in=ids).order_by("started_on"):
        placements.setdefault(pl.child_id, []).append(pl)
    statuses: dict[int, LegalStatus] = {}
    for ls in LegalStatus.objects.filter(child_id__in=ids).order_by("started_on"):
        statuses[ls.child_id] = ls
    missing = Counter(
        MissingEpisode.objects.filter(child_id__in=ids, started_at__date__gte=year_ago).values_list(
            "child_id", flat=True
        )
    )
    head = [
        *COMMON, "UASC", "Date started to be looked after", "Category of need", "Legal status",
        "Start date of current legal status",
        "Number of placements in the last 12 months", "Date ceased to be looked after", "Reason ceased",
        "Start date of most recent placement", "Placement type", "Placement provider", "Placement postcode",
        "Placement location", "Number of missing episodes in the last 12 months",
    ]  # fmt: skip
    rows = []
    for p in periods:
        own = [x for x in placements.get(p.child_id, []) if x.period_id == p.pk]
        latest = own[-1] if own else None
        recent = sum(1 for x in own if x.ended_on is None or x.ended_on >= year_ago)
        status = statuses.get(p.child_id)
        rows.append(
            [
                *people.common(p.child_id),
                "a) Yes" if p.is_unaccompanied_asylum_seeking else "b) No",
                _d(p.started_on),
                p.category_of_need,
                status.code if status else "",
                _d(status.started_on) if status else "",
                str(recent),
                _d(p.ended_on),
                p.reason_ceased,
                _d(latest.started_on) if latest else "",
                latest.placement_type if latest else "",
                latest.provider if latest else "",
                latest.postcode if latest else "",
                ("a) In" if latest.is_in_authority else "b) Out")
                if latest and latest.is_in_authority is not None
                else "",
                str(missing[p.child_id]),
            ]
        )
    return ("List 8 Children in care", head, rows, "")


def _care_leavers(people: _People, leavers: list[CareLeaver]) -> Sheet:
    latest: dict[int, CareLeaverCircumstances] = {}
    for record in CareLeaverCircumstances.objects.filter(child_id__in=[x.child_id for x in leavers]).order_by(
        "recorded_on", "id"
    ):
        latest[record.child_id] = record
    head = [*COMMON, "Date became eligible", "LA in touch", "Type of accommodation", "Suitability", "Activity status"]
    rows = []
    for leaver in leavers:
        c: CareLeaverCircumstances | None = latest.get(leaver.child_id)
        rows.append(
            [
                *people.common(leaver.child_id),
                _d(leaver.became_eligible_on),
                c.in_touch if c else "",
                c.accommodation if c else "",
                ("Suitable" if c.accommodation_suitable else "Unsuitable")
                if c and c.accommodation_suitable is not None
                else "",
                c.activity if c else "",
            ]
        )
    return ("List 9 Care leavers", head, rows, "")


def _adoption(people: _People, periods: list[PeriodOfCare]) -> Sheet:
    ids = [p.child_id for p in periods]
    orders = {
        ls.child_id: ls.started_on
        for ls in LegalStatus.objects.filter(child_id__in=ids, code="E1").order_by("started_on")
    }
    placed = {
        pl.child_id: pl.started_on
        for pl in Placement.objects.filter(child_id__in=ids, placement_type__in=["A3", "A4", "A5", "A6"]).order_by(
            "started_on"
        )
    }
    adopted = {p.child_id: p.ended_on for p in periods if p.reason_ceased in ("E11", "E12")}
    # The agency decision maker's latest decision in each period, its match and any reversal (children_in_care).
    decisions: dict[int, AdoptionDecision] = {}
    for made in (
        AdoptionDecision.objects.filter(period_id__in=[p.pk for p in periods])
        .select_related("match")
        .order_by("decided_on", "id")
    ):
        decisions[made.period_id] = made
    head = [
        *COMMON,
        "Date entered care",
        "Date of decision that the child should be placed for adoption",
        "Placement order date",
        "Matching date",
        "Date placed for adoption",
        "Adoption order date",
        "Date of decision that the child should no longer be placed for adoption",
        "Reason the child should no longer be placed for adoption",
    ]
    rows = []
    for p in periods:
        decision = decisions.get(p.pk)
        if decision is None and p.child_id not in orders and p.child_id not in placed:
            continue
        match = getattr(decision, "match", None) if decision is not None else None
        rows.append(
            [
                *people.common(p.child_id),
                _d(p.started_on),
                _d(decision.decided_on if decision else None),
                _d(orders.get(p.child_id)),
                _d(match.matched_on if match else None),
                _d(placed.get(p.child_id)),
                _d(adopted.get(p.child_id)),
                _d(decision.ceased_on if decision else None),
                decision.reason_ceased if decision else "",
            ]
        )
    return ("List 10 Adoption", head, rows, "")
