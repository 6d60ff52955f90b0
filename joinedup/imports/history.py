"""The history path (ADR 0028): what an import brings in is written through the domain apps' own
`*_history_record` services (episodes, assessments, child protection, Family Help, children in care, care
leavers, records), never their models, and every row written is linked back to its file and line by an
ImportedRecord. The live services refuse back-dated work, start statutory clocks and check a user's permission;
history needs none of that, so it has its own path, run only by the imports system actor.

Each writer here is given a child's rows (already checked) and a matched person; it skips whatever an earlier
import brought in (by the record's source key) or the record already holds (an episode of need or a period of
care starting the same day), so a second import of the same file writes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from joinedup.access import services as access
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.assessments import services as assessments
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec
from joinedup.care_leavers import services as care_leavers
from joinedup.child_protection import services as child_protection
from joinedup.child_protection.codes import ConferenceKind
from joinedup.child_protection.models import Conference
from joinedup.children_in_care import services as children_in_care
from joinedup.children_in_care.models import PeriodOfCare
from joinedup.episodes import services as episodes
from joinedup.episodes.codes import EpisodeTier
from joinedup.episodes.models import CaseEpisode
from joinedup.family_help import services as family_help
from joinedup.people.models import Person

from . import cin, ssda903
from .models import ImportedRecord, ImportRun

DECIDED_AS = "imports.import_legacy"
# What the report calls each kind of row, in plain words.
LABELS = {
    "people.person": "People",
    "people.relationship": "Relationships",
    "episodes.caseepisode": "Episodes of need",
    "assessments.singleassessment": "Assessments",
    "family_help.familyhelpcase": "Family Help cases (child in need plans)",
    "family_help.familyplan": "Family plans",
    "child_protection.strategydiscussion": "Strategy discussions",
    "child_protection.section47enquiry": "Section 47 enquiries",
    "child_protection.conference": "Child protection conferences",
    "child_protection.childprotectionplan": "Child protection plans",
    "children_in_care.periodofcare": "Periods of care",
    "children_in_care.legalstatus": "Legal statuses",
    "children_in_care.placement": "Placements",
    "children_in_care.careepisode": "Episodes of care (SSDA903)",
    "children_in_care.lookedafterreview": "Looked-after reviews",
    "children_in_care.missingepisode": "Missing episodes",
    "access.involvement": "Social worker allocations",
    "care_leavers.careleavercircumstances": "Care leavers' circumstances",
}
HISTORY_PRACTITIONER = ("Previous case system", "(history brought in)")


class NoAuthorityOrganisation(RuntimeError):
    """The authority's own organisation is not recorded, so history has no one to stand for its practitioners."""


def history_practitioner() -> Practitioner:
    """The practitioner who stands for the people the previous system named (a conference's chair, a review's,
    a plan's lead practitioner): the returns do not say who they were. One per authority, in its own
    organisation, with no user account, so nobody can sign in as it."""
    authority = settings.JOINEDUP_AUTHORITY["name"]
    organisation = (
        Organisation.objects.filter(organisation_type=OrganisationType.LOCAL_AUTHORITY, name=authority).first()
        or Organisation.objects.filter(organisation_type=OrganisationType.LOCAL_AUTHORITY).order_by("id").first()
    )
    if organisation is None:
        raise NoAuthorityOrganisation(f"No local authority organisation is recorded for {authority}")
    given, family = HISTORY_PRACTITIONER
    practitioner, _ = Practitioner.objects.get_or_create(
        given_name=given,
        family_name=family,
        organisation=organisation,
        user=None,
        defaults={
            "role": Role.ADMINISTRATOR,
            "job_title": "Stands for the practitioners named in the authority's previous case system",
        },
    )
    return practitioner


@dataclass
class Writer:
    """Writes one import's rows, remembering what it wrote (for the ImportedRecord links, the audit events and the
    report) and what earlier imports wrote (their source keys)."""

    run: ImportRun
    file: str
    run_by: Any
    known_keys: set[str]
    chair: Practitioner
    created: Counter[str] = field(default_factory=Counter)
    links: list[ImportedRecord] = field(default_factory=list)
    events: list[EventSpec] = field(default_factory=list)
    _types: dict[type, ContentType] = field(default_factory=dict)

    def seen(self, key: str) -> bool:
        return key in self.known_keys

    def wrote(
        self,
        obj: models.Model,
        *,
        key: str,
        line: int | None,
        child_id: int | None,
        counted_as: str = "",
        action: AuditAction = AuditAction.CREATED,
    ) -> None:
        model = type(obj)
        if model not in self._types:
            self._types[model] = ContentType.objects.get_for_model(model)
        self.known_keys.add(key)
        self.created[counted_as or LABELS.get(model._meta.label_lower, str(model._meta.verbose_name_plural))] += 1
        self.links.append(
            ImportedRecord(
                run=self.run,
                content_type=self._types[model],
                object_id=obj.pk,
                source_file=self.file,
                line=line,
                source_key=key,
            )
        )
        self.events.append(
            EventSpec(
                action,
                model._meta.label_lower,
                obj.pk,
                child_id,
                f"Brought in from {self.file}" + (f", line {line}" if line else "") + f" (import {self.run.pk}, "
                f"run by {self.run_by.get_username()})",
            )
        )

    def link_person(self, person: Person, *, key: str, line: int | None) -> None:
        """Remember which person the source's id names (a person matched, not created), so the next import finds
        them by it."""
        if (
            self.seen(key)
            or ImportedRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(Person), object_id=person.pk
            ).exists()
        ):
            return
        self.wrote(
            person,
            key=key,
            line=line,
            child_id=person.pk if person.is_child_record else None,
            counted_as="People matched to an existing record",
            action=AuditAction.VIEWED,
        )


# -- CIN census ------------------------------------------------------------------------------------------------


def _outcome(need: cin.CinNeed) -> str:
    """What an authorised assessment led to, as the census shows it: a section 47 enquiry, closure after
    assessment with no further action (RC8), or Family Help."""
    if need.section47s or need.plans:
        return "strategy_discussion"
    if need.closure_reason == "RC8":
        return "no_further_action"
    return "family_help"


def _tiers(need: cin.CinNeed) -> list[tuple[date, str]]:
    moves: list[tuple[date, str]] = [(need.referral_date, EpisodeTier.FAMILY_HELP)]
    protection = sorted([s.started_on for s in need.section47s] + [p.started_on for p in need.plans])
    if protection:
        moves.append((max(protection[0], need.referral_date), EpisodeTier.CHILD_PROTECTION))
    return moves


def write_cin_child(w: Writer, child: cin.CinChild, person: Person) -> None:
    la = child.la_child_id
    for need in child.needs:
        key = f"cin:{la}:episode:{need.referral_date.isoformat()}"
        episode: CaseEpisode | None = None
        if w.seen(key):
            episode = _linked(CaseEpisode, key)
        if episode is None:
            episode = CaseEpisode.objects.filter(child=person, started_on=need.referral_date).first()
            if episode is not None:
                w.known_keys.add(key)
        if episode is None:
            episode = episodes.episode_history_record(
                child=person,
                started_on=need.referral_date,
                referral_source=need.referral_source,
                primary_need_code=need.primary_need,
                moves=_tiers(need),
                closed_on=need.closed_on,
                closure_reason=need.closure_reason,
                decided_as=DECIDED_AS,
            )
            w.wrote(episode, key=key, line=need.line, child_id=person.pk)
        _write_need(w, la, need, episode, person)


def _linked(model: type[models.Model], key: str) -> Any:
    link = ImportedRecord.objects.filter(source_key=key).values_list("object_id", flat=True).first()
    return model._default_manager.filter(pk=link).first() if link is not None else None


def _write_need(w: Writer, la: str, need: cin.CinNeed, episode: CaseEpisode, person: Person) -> None:
    source = f"{w.file}, child {la}"
    for a in need.assessments:
        key = f"cin:{la}:assessment:{a.started_on.isoformat()}"
        if not w.seen(key):
            row = assessments.single_assessment_history_record(
                episode=episode,
                started_on=a.started_on,
                authorised_on=a.authorised_on,
                factors=a.factors,
                outcome=_outcome(need),
            )
            w.wrote(row, key=key, line=a.line, child_id=person.pk)
    for line, start, end in need.cin_plans:
        key = f"cin:{la}:cin_plan:{start.isoformat()}"
        if not w.seen(key):
            reason = need.closure_reason if end is not None and end == need.closed_on else "RC7"
            case, family_plan = family_help.child_in_need_plan_history_record(
                episode=episode,
                started_on=start,
                ended_on=end,
                closure_reason=reason,
                lead_practitioner=w.chair,
                recorded_by=w.run_by,
                source=source,
            )
            w.wrote(case, key=key, line=line, child_id=person.pk)
            w.wrote(family_plan, key=key + ":plan", line=line, child_id=person.pk)
    conferences: dict[date, Conference] = {}
    for s in need.section47s:
        key = f"cin:{la}:section_47:{s.started_on.isoformat()}"
        if w.seen(key):
            continue
        discussion, enquiry, conference = child_protection.section_47_history_record(
            episode=episode,
            started_on=s.started_on,
            initial_conference_on=s.initial_conference_on,
            conference_not_required=s.conference_not_required,
            chair=w.chair,
            source=source,
        )
        w.wrote(discussion, key=key + ":strategy_discussion", line=s.line, child_id=person.pk)
        w.wrote(enquiry, key=key, line=s.line, child_id=person.pk)
        if conference is not None and conference.held_on is not None:
            w.wrote(conference, key=key + ":conference", line=s.line, child_id=person.pk)
            conferences[conference.held_on] = conference
    if need.initial_conference_on is not None and need.initial_conference_on not in conferences:
        key = f"cin:{la}:initial_conference:{need.initial_conference_on.isoformat()}"
        if not w.seen(key):
            conference = child_protection.conference_history_record(
                episode=episode,
                kind=ConferenceKind.INITIAL,
                held_on=need.initial_conference_on,
                chair=w.chair,
                source=source,
            )
            w.wrote(conference, key=key, line=need.line, child_id=person.pk)
            conferences[need.initial_conference_on] = conference
    for p in need.plans:
        key = f"cin:{la}:child_protection_plan:{p.started_on.isoformat()}"
        if w.seen(key):
            continue
        plan, written = child_protection.child_protection_plan_history_record(
            episode=episode,
            started_on=p.started_on,
            ended_on=p.ended_on,
            initial_category=p.initial_category,
            latest_category=p.latest_category,
            reviews=p.reviews,
            starting_conference=conferences.get(p.started_on),
            chair=w.chair,
            source=source,
        )
        w.wrote(plan, key=key, line=p.line, child_id=person.pk)
        for conference in written:
            w.wrote(
                conference,
                key=f"{key}:{conference.kind}:{conference.held_on}",
                line=p.line,
                child_id=person.pk,
            )


# -- SSDA903 ---------------------------------------------------------------------------------------------------


def _periods(episodes_in: list[ssda903.Episode]) -> list[list[ssda903.Episode]]:
    """The child's episodes as periods of care: a period starts with an episode whose RNE is S (or the first) and
    runs until an episode ends with a reason other than X1."""
    periods: list[list[ssda903.Episode]] = []
    for e in episodes_in:
        if not periods or e.reason_new == "S" or (periods[-1][-1].reason_ceased not in ("", "X1")):
            periods.append([])
        periods[-1].append(e)
    return periods


def write_care_child(
    w: Writer,
    child: ssda903.CareChild,
    person: Person,
    social_workers: list[tuple[int, Practitioner, date, date | None, str]],
) -> None:
    """A child's periods of care (with their legal statuses, placements and episodes), reviews, missing episodes,
    social worker allocations (each to the practitioner already recorded with its SW_ID, Social Work England
    registration number) and care leaver circumstances."""
    la = child.child
    written_periods: list[PeriodOfCare] = []
    for episodes_of_period in _periods(child.episodes):
        first = episodes_of_period[0]
        key = f"ssda903:{la}:period_of_care:{first.started_on.isoformat()}"
        period = _linked(PeriodOfCare, key) if w.seen(key) else None
        if period is None:
            period = PeriodOfCare.objects.filter(child=person, started_on=first.started_on).first()
            if period is not None:
                w.known_keys.add(key)
        if period is None:
            uasc = child.uasc_ceased is not None
            period, rows = children_in_care.period_of_care_history_record(
                child=person,
                episodes=[
                    children_in_care.EpisodeHistory(
                        started_on=e.started_on,
                        reason_new=e.reason_new,
                        legal_status=e.legal_status,
                        category_of_need=e.category_of_need,
                        place=e.place,
                        provider=e.provider,
                        ended_on=e.ended_on,
                        reason_ceased=e.reason_ceased,
                        reason_place_change=e.reason_place_change,
                        home_postcode=e.home_postcode,
                        placement_postcode=e.placement_postcode,
                        urn=e.urn,
                    )
                    for e in episodes_of_period
                ],
                is_unaccompanied_asylum_seeking=uasc,
                unaccompanied_asylum_seeking_ceased_on=child.uasc_ceased[1] if child.uasc_ceased else None,
            )
            w.wrote(period, key=key, line=first.line, child_id=person.pk)
            for row in rows:
                started = getattr(row, "started_on", None)
                w.wrote(
                    row,
                    key=f"{key}:{row._meta.model_name}:{started}:{row.pk}",
                    line=first.line,
                    child_id=person.pk,
                )
        written_periods.append(period)
    for line, held, code in sorted(child.reviews, key=lambda r: r[1]):
        key = f"ssda903:{la}:review:{held.isoformat()}"
        if w.seen(key):
            continue
        period = _period_on(written_periods, held)
        if period is None:
            continue  # checked before writing: a review is within a period of care
        review = children_in_care.looked_after_review_history_record(
            period=period, held_on=held, participation=code, chair=w.chair
        )
        w.wrote(review, key=key, line=line, child_id=person.pk)
    for line, kind, started, ended in sorted(child.missing, key=lambda m: m[2]):
        key = f"ssda903:{la}:missing:{kind}:{started.isoformat()}"
        if w.seen(key):
            continue
        missing = children_in_care.missing_episode_history_record(
            child=person, kind=kind, started_on=started, ended_on=ended
        )
        w.wrote(missing, key=key, line=line, child_id=person.pk)
    for line, practitioner, started, ended, reason in social_workers:
        key = f"ssda903:{la}:social_worker:{practitioner.pk}:{started.isoformat()}"
        if (
            w.seen(key)
            or Involvement.objects.filter(
                child=person,
                practitioner=practitioner,
                role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                started_on=started,
            ).exists()
        ):
            continue
        allocation = access.social_worker_allocation_history_record(
            child=person, practitioner=practitioner, started_on=started, ended_on=ended, reason=reason
        )
        w.wrote(allocation, key=key, line=line, child_id=person.pk)
    if child.care_leaver is not None and person.date_of_birth is not None:
        line, in_touch, activity, accommodation = child.care_leaver
        birthday, on = care_leaver_birthday(person.date_of_birth, w.run.collection_year or 0)
        key = f"ssda903:{la}:care_leaver:{birthday}"
        if birthday and not w.seen(key):
            circumstances = care_leavers.circumstances_history_record(
                child=person,
                birthday=birthday,
                recorded_on=on,
                in_touch=in_touch,
                activity=activity,
                accommodation=accommodation,
            )
            if circumstances is not None:
                w.wrote(circumstances, key=key, line=line, child_id=person.pk)


def _period_on(periods: list[PeriodOfCare], day: date) -> PeriodOfCare | None:
    for period in periods:
        if period.started_on <= day and (period.ended_on is None or day <= period.ended_on):
            return period
    return None


def care_leaver_birthday(born: date, year: int) -> tuple[int, date]:
    """The 17th to 21st birthday that falls in the collection year ending 31 March `year` (OC3), and its date;
    (0, born) when none does."""
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    for age in range(17, 22):
        try:
            day = born.replace(year=born.year + age)
        except ValueError:
            day = date(born.year + age, 3, 1)
        if start <= day <= end:
            return age, day
    return 0, born
