"""The synthetic authority's local visiting clocks (issue 18's `family_help_visit` and `care_leaver_contact`), with
the visits that meet them, as a real authority's records would hold them.

The services start these clocks one by one (family_help/services/cases.py, care_leavers/services.py) and a visit
meets them (family_help/visits.py, care_leavers/visits.py); the earlier stages write Family Help and care leavers
in bulk, so without this stage the demo's Family Help children and care leavers carried no visiting clock at all.
For each child with Family Help open today, and each young person whose leaving care support runs today, the chain
of clocks runs from the opening: the child's visits already recorded (a child protection or regulation 28 visit, a
visit note) meet the clock they fall in when the child was seen; where none does, a visit by the lead practitioner
(or a contact by the personal adviser) is written near the due date, a few late; the last clock is open.

Uses its own random stream, seeded from the authority's seed, and runs last, so nothing an earlier stage drew moves.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.models import Practitioner
from joinedup.care_leavers.models import CareLeaver
from joinedup.care_leavers.visits import CARE_LEAVER_CONTACT, opened_on, support_ends_on
from joinedup.family_help.models import FamilyHelpChild
from joinedup.family_help.visits import FAMILY_HELP_VISIT
from joinedup.synthetic.builders import BATCH
from joinedup.timescales.models import Deadline, record_key
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build
from joinedup.visits.models import Visit, VisitChild, VisitKind

LATE_REASON = "The family cancelled the planned visit; seen at the next date they could manage"
LATE_PERCENT = 8
NOT_SEEN_PERCENT = 4


@dataclass
class _Chain:
    """One child's clocks under one rule: who carries them, from when, until when (exclusive), and the days the
    child was already seen."""

    rule_code: str
    child_id: int
    first_subject: Any
    started_on: date
    ends_on: date | None
    carrier: Practitioner | None
    kind: str
    seen_on: list[tuple[date, VisitChild]]


def stage_local_visiting_clocks(ctx: Any) -> None:
    rng = random.Random(f"{ctx.seed}:local-visiting-clocks")
    as_of: date = ctx.as_of
    chains = _family_help_chains(as_of) + _care_leaver_chains(as_of)
    seen = _seen_on({c.child_id for c in chains}, as_of)
    for chain in chains:
        chain.seen_on = seen.get(chain.child_id, [])
    figures = local_figures()
    deadlines: list[Deadline] = []
    visits: list[tuple[Visit, VisitChild]] = []
    for chain in chains:
        _walk(chain, as_of=as_of, rng=rng, figures=figures, deadlines=deadlines, visits=visits)
    Visit.objects.bulk_create([v for v, _ in visits], batch_size=BATCH)
    for v, vc in visits:
        vc.visit = v
    VisitChild.objects.bulk_create([vc for _, vc in visits], batch_size=BATCH)
    # A clock started by a visit names the visit's child row, as family_help/visits.py and care_leavers/visits.py do.
    for d in deadlines:
        subject = getattr(d, "_subject", None)
        if subject is not None:
            d.subject_key = record_key(subject)
    Deadline.objects.bulk_create(deadlines, batch_size=BATCH, ignore_conflicts=True)
    ctx.counts["local_visiting_clocks"] = len(deadlines)
    ctx.counts["local_visits_written"] = len(visits)


def _family_help_chains(as_of: date) -> list[_Chain]:
    """Each child whose Family Help is open today, from the day it opened for them, carried by the lead."""
    places = (
        FamilyHelpChild.objects.filter(case__closed_on__isnull=True, ended_on__isnull=True, case__opened_on__lte=as_of)
        .select_related("case", "case__lead_practitioner")
        .order_by("child_id", "-case__opened_on", "id")
    )
    chains: dict[int, _Chain] = {}
    for place in places:
        if place.child_id in chains:
            continue
        chains[place.child_id] = _Chain(
            rule_code=FAMILY_HELP_VISIT,
            child_id=place.child_id,
            first_subject=place.case,
            started_on=max(place.case.opened_on, place.added_on),
            ends_on=None,
            carrier=place.case.lead_practitioner,
            kind=VisitKind.HOME,
            seen_on=[],
        )
    return list(chains.values())


def _care_leaver_chains(as_of: date) -> list[_Chain]:
    """Each young person whose leaving care support runs today and who has a personal adviser, from the record's
    opening."""
    advisers = {
        i.child_id: i.practitioner
        for i in Involvement.objects.filter(role=InvolvementRole.PERSONAL_ADVISER, started_on__lte=as_of)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))
        .select_related("practitioner")
        .order_by("started_on", "id")
    }
    chains = []
    for leaver in CareLeaver.objects.select_related("child").order_by("child_id"):
        opened, ends = opened_on(leaver), support_ends_on(leaver)
        adviser = advisers.get(leaver.child_id)
        if opened is None or ends is None or adviser is None or not opened <= as_of < ends:
            continue
        chains.append(
            _Chain(
                rule_code=CARE_LEAVER_CONTACT,
                child_id=leaver.child_id,
                first_subject=leaver,
                started_on=opened,
                ends_on=ends,
                carrier=adviser,
                kind=VisitKind.OTHER_DIRECT,
                seen_on=[],
            )
        )
    return chains


def _seen_on(child_ids: set[int], as_of: date) -> dict[int, list[tuple[date, VisitChild]]]:
    """The visits already recorded at which each child was seen, oldest first."""
    seen: dict[int, list[tuple[date, VisitChild]]] = defaultdict(list)
    for vc in VisitChild.objects.filter(child_id__in=child_ids, seen=True, visited_on__lte=as_of).order_by(
        "visited_on", "id"
    ):
        seen[vc.child_id].append((vc.visited_on, vc))
    return seen


def _walk(
    chain: _Chain,
    *,
    as_of: date,
    rng: random.Random,
    figures: Any,
    deadlines: list[Deadline],
    visits: list[tuple[Visit, VisitChild]],
) -> None:
    """The chain of clocks from the opening to today: each met by the first visit after its start at which the
    child was seen (one already recorded, or one written here near the due date), the last one running."""
    start, subject = chain.started_on, chain.first_subject
    recorded = list(chain.seen_on)
    while True:
        clock = _clock(chain, subject=subject, started_on=start, figures=figures)
        met = next(((day, vc) for day, vc in recorded if day > start), None)
        if met is None or met[0] > clock.due_on + timedelta(days=28):
            met = _visits_written(chain, clock.due_on, start, as_of=as_of, rng=rng, visits=visits)
            if met is None:
                deadlines.append(clock)  # the clock running today
                return
        met_on, met_by = met
        recorded = [(day, vc) for day, vc in recorded if day > met_on]
        clock.met_on = met_on
        clock.late_reason = LATE_REASON if met_on > clock.due_on else ""
        deadlines.append(clock)
        start, subject = met_on, met_by


def _visits_written(
    chain: _Chain,
    due_on: date,
    start: date,
    *,
    as_of: date,
    rng: random.Random,
    visits: list[tuple[Visit, VisitChild]],
) -> tuple[date, VisitChild] | None:
    """The visit written near the due date (a few not seeing the child, then another soon after), or None when it
    would fall after today or after the support ends."""
    day = _planned(due_on, start, rng)
    while True:
        if day > as_of or (chain.ends_on is not None and day >= chain.ends_on):
            return None
        seen = rng.randrange(100) >= NOT_SEEN_PERCENT
        visit, child_row = _visit(chain, day, seen)
        visits.append((visit, child_row))
        if seen:
            return day, child_row
        day = _planned(due_on, day, rng, after_missed=True)  # not seen meets nothing: the clock runs on


def _clock(chain: _Chain, *, subject: Any, started_on: date, figures: Any) -> Deadline:
    clock = deadline_build(
        rule_code=chain.rule_code,
        child_id=chain.child_id,
        subject_key=record_key(subject) if subject.pk is not None else "",
        started_on=started_on,
        assignee=chain.carrier,
        team_id=chain.carrier.team_id if chain.carrier is not None else None,
        figures=figures,
    )
    if subject.pk is None:
        clock._subject = subject  # type: ignore[attr-defined]  # a visit written below: named once it has its key
    return clock


def _planned(due_on: date, after: date, rng: random.Random, *, after_missed: bool = False) -> date:
    """When the next visit happens: a few days before it is due, or (some) a little late; never before `after`."""
    if after_missed:
        day = after + timedelta(days=rng.randint(2, 9))
    elif rng.randrange(100) < LATE_PERCENT:
        day = due_on + timedelta(days=rng.randint(1, 12))
    else:
        day = due_on - timedelta(days=rng.randint(0, 10))
    day = max(day, after + timedelta(days=1))
    while day.weekday() >= 5:  # visits on weekdays
        day += timedelta(days=1)
    return day


def _visit(chain: _Chain, day: date, seen: bool) -> tuple[Visit, VisitChild]:
    carrier = chain.carrier
    family_help = chain.rule_code == FAMILY_HELP_VISIT
    visit = Visit(
        visited_on=day,
        kind=chain.kind,
        visited_by=carrier,
        visited_by_name=f"{carrier.given_name} {carrier.family_name}" if carrier is not None else "",
        account=(
            "Home visit under the family plan: went through the plan's goals with the family."
            if family_help
            else "Catch-up with the personal adviser about the pathway plan: housing, money, education and work."
        ),
        recorded_by_id=carrier.user_id if carrier is not None else None,
    )
    child_row = VisitChild(
        child_id=chain.child_id,
        visited_on=day,
        seen=seen,
        seen_alone=seen and not family_help,
        reason_not_seen="" if seen else "Not at home when we called; a new visit was arranged.",
        reason_not_seen_alone=("Seen with the family, as the family plan's visits are" if seen and family_help else ""),
        observations="Seemed well and talked easily." if seen else "",
    )
    return visit, child_row
