"""Becoming looked after, changes of legal status and placement, ceasing to be looked after (M21).

Every service here is one transaction with its audit events: nothing is half-saved. Each writes the SSDA903
episodes (`CareEpisode`) that follow from what it records, and starts, meets or withdraws the statutory clocks
the event triggers:

- starting to be looked after: the first looked-after review, the initial health assessment and the personal
  education plan (from that date), the care plan (from the start of the first placement);
- each placement: its placement plan and its first visit (by the placement's regulation 28 visiting pattern);
- a placement ending: the visit and placement plan clocks of that placement are withdrawn;
- ceasing to be looked after: every open clock of being looked after is withdrawn.

The care-plan rule (CPPCR reg. 4): no placement is saved without a care plan in force, or a recorded date by which
it is due that falls inside the `care_plan` timescale (10 working days from the start of the first placement). A
care plan not yet agreed is a Deadline, so it is overdue work for the worker and their manager when it is late.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.scopes import people_searchable_by, practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.core.voice import ChildVoice
from joinedup.people.codes import RelationshipType
from joinedup.people.models import ChildProfile, Person, Relationship
from joinedup.records.services import PersonDetails, person_create, relationship_add
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import due_date_in_force

from ..codes import (
    CONNECTED_PERSON_PLACEMENTS,
    EIGHTEEN_OR_OVER_REASONS,
    FOSTER_PLACEMENTS,
    NO_PROVIDER_PLACEMENTS,
    NO_URN_PLACEMENTS,
    PLACED_WITH_PARENTS,
    RETIRED_PLACEMENT_TYPES,
    RETIRED_PLACEMENT_TYPES_FROM,
    SIXTEEN_PLUS_PLACEMENTS,
    TEMPORARY_PLACEMENTS,
    URN_PLACEHOLDER,
    URN_PLACEHOLDER_PLACEMENTS,
    CategoryOfNeed,
    LegalStatusCode,
    PermanencePlan,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlacementChange,
    VisitingPattern,
)
from ..errors import CareError
from ..models import CareEpisode, CarePlan, LegalStatus, PeriodOfCare, Placement
from ._common import (
    ADULT_AGE,
    LOOKED_AFTER_RULES,
    VISIT_RULES,
    age_on,
    birthday,
    born_child,
    choice,
    clock_start,
    clocks_meet,
    clocks_withdraw,
    involvement_start,
    involvements_end,
    not_in_future,
    open_involvements,
    profile_flag_set,
    require,
    uk,
)

# A personal education plan is started for looked-after children from this age (early education from 3) to 18.
PERSONAL_EDUCATION_PLAN_FROM_AGE = 3
MOST_MILES = Decimal("999.9")
CARER_ROLES = frozenset({Role.FOSTER_CARER, Role.RESIDENTIAL_CARE_WORKER})


@dataclass
class PlacementDetails:
    placement_type: str
    provider: str = ""
    carer_person_id: int | None = None
    carer_given_name: str = ""
    carer_family_name: str = ""
    carer_practitioner_id: int | None = None
    setting_name: str = ""
    urn: str = ""
    postcode: str = ""
    is_in_authority: bool | None = None
    distance_miles: Decimal | None = None
    visiting_pattern: str = ""
    is_intended_until_eighteen: bool = False
    is_emergency: bool = False


@dataclass
class CarePlanDetails:
    agreed_on: date
    arrangements: str
    permanence_plan: str = ""
    # The child's wishes and feelings, or why they could not be obtained: required (M26), checked with the rest.
    voice: ChildVoice = field(default_factory=ChildVoice)


@dataclass
class LookedAfterStart:
    started_on: date
    legal_status: str
    category_of_need: str
    placement: PlacementDetails
    care_plan: CarePlanDetails | None = None
    care_plan_due_on: date | None = None
    is_unaccompanied_asylum_seeking: bool = False
    home_postcode: str = ""
    independent_reviewing_officer_id: int | None = None


@dataclass
class PlacementMove:
    started_on: date
    placement: PlacementDetails
    reason_for_change: str = ""
    same_carer: bool = False
    legal_status: str = ""
    care_plan_due_on: date | None = None


# -- reading the current state (inside the services' transactions) ---------------------------------------------


def period_open(child: Person, *, lock: bool = False) -> PeriodOfCare | None:
    qs = PeriodOfCare.objects.filter(child=child, ended_on__isnull=True)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def period_on(child: Person, day: date) -> PeriodOfCare | None:
    """The period of care the child was in on `day` (its last day included)."""
    return (
        PeriodOfCare.objects.filter(child=child, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on")
        .first()
    )


def looked_after_period(child: Person, day: date, field: str, why: str = "") -> PeriodOfCare:
    """The period of care the child was in on `day`, or the field's error: the child was not looked after then."""
    period = period_on(child, day)
    if period is None:
        raise field_error(field, f"The child was not looked after on {uk(day)}{why}", CareError.NOT_LOOKED_AFTER)
    return period


def placement_on(child: Person, day: date) -> Placement | None:
    """The placement the child lived in on `day`: on a moving day, the new one."""
    return (
        Placement.objects.filter(child=child, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by("-started_on")
        .first()
    )


def care_plan_in_force(period: PeriodOfCare, on: date) -> CarePlan | None:
    return CarePlan.objects.filter(period=period, agreed_on__lte=on).order_by("-agreed_on", "-id").first()


# -- validation ----------------------------------------------------------------------------------------------------


def default_visiting_pattern(placement_type: str) -> str:
    return VisitingPattern.PLACED_WITH_PARENTS if placement_type in PLACED_WITH_PARENTS else VisitingPattern.STANDARD


def _validate_placement(
    errors: FieldErrors, details: PlacementDetails, *, child: Person, started_on: date, same_carer: bool = False
) -> None:
    choice(errors, "placement_type", details.placement_type, PlacementType, "the type of placement")
    if details.placement_type in RETIRED_PLACEMENT_TYPES and started_on >= RETIRED_PLACEMENT_TYPES_FROM:
        errors.add(
            "placement_type",
            f"{details.placement_type} is not used for placements starting on or after "
            f"{uk(RETIRED_PLACEMENT_TYPES_FROM)}",
            CareError.RETIRED_PLACEMENT_TYPE,
        )
    if details.provider and details.placement_type in NO_PROVIDER_PLACEMENTS:
        # The return gives no provider for these (SSDA903 rules 178, 213).
        errors.add(
            "provider",
            "A temporary or other placement has no provider: leave who provides it blank",
            CareError.PROVIDER_NOT_USED,
        )
    elif details.provider:
        choice(errors, "provider", details.provider, PlacementProvider, "who provides the placement")
    elif details.placement_type in PlacementType.values and details.placement_type not in NO_PROVIDER_PLACEMENTS:
        errors.add("provider", "Select who provides the placement", CareError.PROVIDER_REQUIRED)
    details.urn = details.urn.strip().upper()
    if details.urn == URN_PLACEHOLDER and details.placement_type not in URN_PLACEHOLDER_PLACEMENTS:
        errors.add(
            "urn",
            f"{URN_PLACEHOLDER} is only for foster and adoption placements: enter the setting's Ofsted URN",
            CareError.URN_PLACEHOLDER_NOT_ALLOWED,
        )
    elif details.urn and details.urn != URN_PLACEHOLDER and details.placement_type in NO_URN_PLACEMENTS:
        errors.add(
            "urn",
            "This type of placement is not registered with Ofsted: leave the URN blank",
            CareError.URN_NOT_USED,
        )
    if (
        details.placement_type in SIXTEEN_PLUS_PLACEMENTS
        and child.date_of_birth
        and age_on(child.date_of_birth, started_on) < 16
    ):
        errors.add(
            "placement_type",
            "Supported accommodation is for young people aged 16 or over",
            CareError.PLACEMENT_NEEDS_SIXTEEN,
        )
    has_carer = details.carer_person_id or details.carer_family_name.strip()
    if details.placement_type in FOSTER_PLACEMENTS and not has_carer and not same_carer:
        errors.add("carer_family_name", "Enter the foster carer's last name", CareError.CARER_REQUIRED)
    if details.distance_miles is not None and not (0 <= details.distance_miles <= MOST_MILES):
        errors.add("distance_miles", "Enter a distance from 0 to 999.9 miles", CareError.INVALID_DISTANCE)
    if not details.visiting_pattern:
        details.visiting_pattern = default_visiting_pattern(details.placement_type)
    choice(errors, "visiting_pattern", details.visiting_pattern, VisitingPattern, "the visiting pattern")
    details.postcode = details.postcode.strip().upper()


def _carer_practitioner(details: PlacementDetails, errors: FieldErrors) -> Practitioner | None:
    if details.carer_practitioner_id is None:
        return None
    carer = Practitioner.objects.filter(pk=details.carer_practitioner_id).first()
    if carer is None or carer.role not in CARER_ROLES:
        errors.add(
            "carer_practitioner",
            "Select a foster carer or residential care worker who uses JoinedUp",
            CareError.NOT_A_CARER,
        )
        return None
    return carer


def _independent_reviewing_officer(practitioner_id: int | None, errors: FieldErrors) -> Practitioner | None:
    if practitioner_id is None:
        return None
    iro = Practitioner.objects.filter(pk=practitioner_id).first()
    if iro is None or iro.role != Role.INDEPENDENT_REVIEWING_OFFICER:
        errors.add(
            "independent_reviewing_officer",
            "Select an independent reviewing officer",
            CareError.NOT_AN_INDEPENDENT_REVIEWING_OFFICER,
        )
        return None
    return iro


def _check_care_plan_rule(
    errors: FieldErrors, *, first_placement_start: date, placement_start: date, plan: Any, due_on: date | None
) -> None:
    """No placement without a care plan, or a due date for it inside the `care_plan` timescale."""
    if plan is not None:
        return
    statutory = due_date_in_force("care_plan", first_placement_start)
    if statutory < placement_start:
        errors.add(
            "care_plan_due_on",
            f"The care plan was due by {uk(statutory)}. Record the care plan before recording this placement",
            CareError.CARE_PLAN_REQUIRED,
        )
    elif due_on is None:
        errors.add(
            "care_plan_due_on",
            f"There is no care plan yet: enter the date it is due, no later than {uk(statutory)}",
            CareError.CARE_PLAN_REQUIRED,
        )
    elif not placement_start <= due_on <= statutory:
        errors.add(
            "care_plan_due_on",
            f"The care plan must be due between {uk(placement_start)} and {uk(statutory)} "
            "(10 working days from the start of the first placement)",
            CareError.CARE_PLAN_DUE_OUTSIDE_TIMESCALE,
        )


# -- writing ------------------------------------------------------------------------------------------------------


def _carer_person(*, actor: Any, child: Person, details: PlacementDetails, started_on: date) -> Person | None:
    """The carer as a person in the child's family network (they take part in the child's assessments)."""
    if details.carer_person_id is not None:
        carer = people_searchable_by(actor).filter(pk=details.carer_person_id).first()
        if carer is None or carer.pk == child.pk:
            raise NotFoundOrNotPermitted
    elif details.carer_family_name.strip():
        carer = person_create(
            actor=actor,
            details=PersonDetails(
                given_name=details.carer_given_name.strip(), family_name=details.carer_family_name.strip()
            ),
            matches_reviewed=True,
        )
    else:
        return None
    if details.placement_type in CONNECTED_PERSON_PLACEMENTS:
        relationship = RelationshipType.KINSHIP_CARER
    elif details.placement_type in FOSTER_PLACEMENTS:
        relationship = RelationshipType.FOSTER_CARER
    else:
        relationship = RelationshipType.CARER
    if details.placement_type not in PLACED_WITH_PARENTS:
        relationship_add(
            actor=actor,
            from_person=carer,
            to_person=child,
            relationship_type=relationship,
            is_significant=True,
            started_on=started_on,
        )
    return carer


def _placement_create(
    *,
    actor: Any,
    child: Person,
    period: PeriodOfCare,
    details: PlacementDetails,
    started_on: date,
    care_plan: CarePlan | None,
    care_plan_due_on: date | None,
    carer_practitioner: Practitioner | None,
) -> Placement:
    carer = _carer_person(actor=actor, child=child, details=details, started_on=started_on)
    placement = Placement(
        child=child,
        period=period,
        recorded_by=_practitioner(actor),
        placement_type=details.placement_type,
        provider=details.provider,
        started_on=started_on,
        carer=carer,
        carer_practitioner=carer_practitioner,
        setting_name=details.setting_name.strip(),
        urn=details.urn,
        postcode=details.postcode,
        is_in_authority=details.is_in_authority,
        distance_miles=details.distance_miles,
        visiting_pattern=details.visiting_pattern,
        is_intended_until_eighteen=details.is_intended_until_eighteen,
        is_emergency=details.is_emergency,
        care_plan=care_plan,
        care_plan_due_on=None if care_plan else care_plan_due_on,
    )
    placement.full_clean()
    placement.save()
    auditor.record_created(actor=actor, obj=placement, child_id=child.pk)
    if carer_practitioner is not None:
        role = (
            InvolvementRole.FOSTER_CARER
            if carer_practitioner.role == Role.FOSTER_CARER
            else InvolvementRole.RESIDENTIAL_KEY_WORKER
        )
        if not open_involvements(child, role, started_on).filter(practitioner=carer_practitioner).exists():
            involvement_start(
                actor=actor, child=child, practitioner=carer_practitioner, role=role, started_on=started_on, team=None
            )
    _placement_clocks_start(actor=actor, child=child, placement=placement)
    return placement


def _placement_clocks_start(*, actor: Any, child: Person, placement: Placement) -> None:
    clock_start(
        actor=actor, rule_code="placement_plan", child=child, subject=placement, started_on=placement.started_on
    )
    if placement.visiting_pattern == VisitingPattern.PLACED_WITH_PARENTS:
        rule, interval = "placed_with_parents_visit", "to_first_review"
    elif placement.visiting_pattern == VisitingPattern.CONNECTED_PERSON:
        rule, interval = "connected_person_visit", "to_first_review"
    else:
        rule, interval = "first_placement_visit", None
    clock_start(
        actor=actor, rule_code=rule, child=child, subject=placement, started_on=placement.started_on, interval=interval
    )


def _placement_end(
    *, actor: Any, placement: Placement, ended_on: date, reason_for_change: str, why: str, carer_continues: bool = False
) -> None:
    """End a placement: its visit and placement plan clocks are withdrawn; the carer's involvement and their
    relationship as the child's carer end, unless the same carer continues in the next placement."""
    before = {"ended_on": None, "reason_for_change": placement.reason_for_change}
    placement.ended_on = ended_on
    placement.reason_for_change = reason_for_change
    placement.full_clean()
    placement.save(update_fields=["ended_on", "reason_for_change", "updated_at"])
    auditor.record_updated(
        actor=actor,
        obj=placement,
        child_id=placement.child_id,
        before=before,
        after={"ended_on": ended_on.isoformat(), "reason_for_change": reason_for_change},
    )
    child = placement.child
    clocks_withdraw(
        actor=actor,
        child=child,
        rule_codes=(*VISIT_RULES, "placement_plan"),
        reason=why,
        subjects=[placement, *placement.visits.all()],
    )
    if carer_continues:
        return
    carer_roles = (InvolvementRole.FOSTER_CARER, InvolvementRole.RESIDENTIAL_KEY_WORKER)
    if placement.carer_practitioner_id is not None:
        involvements_end(
            actor=actor,
            involvements=[
                i
                for role in carer_roles
                for i in open_involvements(child, role).filter(practitioner_id=placement.carer_practitioner_id)
            ],
            ended_on=ended_on,
        )
    if placement.carer_id is not None:
        _carer_relationship_end(actor=actor, placement=placement, ended_on=ended_on)


def _carer_relationship_end(*, actor: Any, placement: Placement, ended_on: date) -> None:
    """The carer stays in the child's family network as a former carer: the relationship gets its end date."""
    carer_types = (RelationshipType.FOSTER_CARER, RelationshipType.KINSHIP_CARER, RelationshipType.CARER)
    for relationship in Relationship.objects.filter(
        from_person_id=placement.carer_id, to_person_id=placement.child_id, relationship_type__in=carer_types
    ).filter(ended_on__isnull=True):
        if Placement.objects.filter(
            child_id=placement.child_id, carer_id=placement.carer_id, ended_on__isnull=True
        ).exclude(pk=placement.pk):
            continue
        relationship.ended_on = ended_on
        relationship.save(update_fields=["ended_on", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=relationship,
            child_id=placement.child_id,
            before={"ended_on": None},
            after={"ended_on": ended_on.isoformat()},
        )


def _episode_create(
    *,
    actor: Any,
    period: PeriodOfCare,
    started_on: date,
    reason: str,
    legal_status: LegalStatus,
    placement: Placement,
) -> CareEpisode:
    episode = CareEpisode(
        child_id=period.child_id,
        period=period,
        recorded_by=_practitioner(actor),
        started_on=started_on,
        reason_new_episode=reason,
        legal_status=legal_status,
        placement=placement,
    )
    episode.full_clean()
    episode.save()
    auditor.record_created(actor=actor, obj=episode, child_id=period.child_id)
    return episode


def _episode_end(*, actor: Any, episode: CareEpisode, ended_on: date, reason: str) -> None:
    episode.ended_on = ended_on
    episode.reason_ceased = reason
    episode.full_clean()
    episode.save(update_fields=["ended_on", "reason_ceased", "updated_at"])
    auditor.record_updated(
        actor=actor,
        obj=episode,
        child_id=episode.child_id,
        before={"ended_on": None, "reason_ceased": ""},
        after={"ended_on": ended_on.isoformat(), "reason_ceased": reason},
    )


def _legal_status_create(*, actor: Any, period: PeriodOfCare, code: str, started_on: date) -> LegalStatus:
    status = LegalStatus(
        child_id=period.child_id, period=period, recorded_by=_practitioner(actor), code=code, started_on=started_on
    )
    status.full_clean()
    status.save()
    auditor.record_created(actor=actor, obj=status, child_id=period.child_id)
    return status


def _legal_status_end(*, actor: Any, status: LegalStatus, ended_on: date) -> None:
    status.ended_on = ended_on
    status.full_clean()
    status.save(update_fields=["ended_on", "updated_at"])
    auditor.record_updated(
        actor=actor,
        obj=status,
        child_id=status.child_id,
        before={"ended_on": None},
        after={"ended_on": ended_on.isoformat()},
    )


def _practitioner(actor: Any) -> Practitioner | None:

    return practitioner_of(actor)


def _care_plan_create(*, actor: Any, child: Person, period: PeriodOfCare, details: CarePlanDetails) -> CarePlan:
    plan = CarePlan(
        child=child,
        period=period,
        recorded_by=_practitioner(actor),
        agreed_on=details.agreed_on,
        permanence_plan=details.permanence_plan,
        arrangements=details.arrangements.strip(),
        **details.voice.as_fields(),
    )
    plan.full_clean()
    plan.save()
    auditor.record_created(actor=actor, obj=plan, child_id=child.pk)
    return plan


def _validate_care_plan(errors: FieldErrors, details: CarePlanDetails, *, prefix: str = "") -> CarePlanDetails:
    """Check a care plan before anything is written; returns it with the child's voice tidied (``ChildVoice.check``:
    its errors are the voice's own fields, whatever the prefix, since a form asks it once)."""
    not_in_future(errors, f"{prefix}agreed_on", details.agreed_on, "The date the care plan was agreed")
    if not details.arrangements.strip():
        errors.add(f"{prefix}arrangements", "Say how the care plan will meet the child's needs", CareError.REQUIRED)
    if details.permanence_plan:
        choice(errors, f"{prefix}permanence_plan", details.permanence_plan, PermanencePlan, "the permanence plan")
    return replace(details, voice=details.voice.check(errors))


def _lock_child(child: Person) -> None:
    """Serialise writes to one child's care record (the child profile row is the lock)."""
    ChildProfile.objects.select_for_update().filter(person=child).first()


# -- becoming looked after -------------------------------------------------------------------------------------------


def looked_after_start(*, actor: Any, child: Person, details: LookedAfterStart) -> PeriodOfCare:
    """The child starts to be looked after: a period of care with its legal status, first placement (and carer),
    first SSDA903 episode (RNE "S"), the care plan or the date it is due, and the clocks this starts."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    started_on = details.started_on
    not_in_future(errors, "started_on", started_on, "The date the child started to be looked after")
    born_child(child, errors, "started_on", started_on)
    if child.date_of_birth and started_on >= birthday(child.date_of_birth, ADULT_AGE):
        errors.add("started_on", "Only a child under 18 can start to be looked after", CareError.EIGHTEEN_OR_OVER)
    choice(errors, "legal_status", details.legal_status, LegalStatusCode, "the legal status")
    choice(errors, "category_of_need", details.category_of_need, CategoryOfNeed, "the category of need")
    _validate_placement(errors, details.placement, child=child, started_on=started_on)
    carer_practitioner = _carer_practitioner(details.placement, errors)
    iro = _independent_reviewing_officer(details.independent_reviewing_officer_id, errors)
    care_plan = None
    if details.care_plan is not None:
        care_plan = _validate_care_plan(errors, details.care_plan, prefix="care_plan_")
        if details.care_plan.agreed_on > started_on:
            errors.add(
                "care_plan_agreed_on",
                "A care plan already in place was agreed on or before the day the child started to be looked after",
                CareError.CARE_PLAN_REQUIRED,
            )
    else:
        _check_care_plan_rule(
            errors,
            first_placement_start=started_on,
            placement_start=started_on,
            plan=None,
            due_on=details.care_plan_due_on,
        )
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        if period_open(child) is not None:
            raise field_error("started_on", "The child is already looked after", CareError.ALREADY_LOOKED_AFTER)
        if PeriodOfCare.objects.filter(child=child, ended_on__gt=started_on).exists():
            raise field_error(
                "started_on",
                "The child was looked after on this date in an earlier period of care: start after it ended",
                CareError.OVERLAPS_EARLIER_PERIOD,
            )
        period = PeriodOfCare(
            child=child,
            recorded_by=_practitioner(actor),
            started_on=started_on,
            category_of_need=details.category_of_need,
            is_unaccompanied_asylum_seeking=details.is_unaccompanied_asylum_seeking,
            home_postcode=details.home_postcode.strip().upper() or child.postcode,
        )
        period.full_clean()
        period.save()
        auditor.record_created(actor=actor, obj=period, child_id=child.pk)
        status = _legal_status_create(actor=actor, period=period, code=details.legal_status, started_on=started_on)
        plan = _care_plan_create(actor=actor, child=child, period=period, details=care_plan) if care_plan else None
        if iro is not None:
            independent_reviewing_officer_appoint(actor=actor, child=child, iro=iro, started_on=started_on)
        placement = _placement_create(
            actor=actor,
            child=child,
            period=period,
            details=details.placement,
            started_on=started_on,
            care_plan=plan,
            care_plan_due_on=details.care_plan_due_on,
            carer_practitioner=carer_practitioner,
        )
        _episode_create(
            actor=actor,
            period=period,
            started_on=started_on,
            reason=ReasonNewEpisode.S,
            legal_status=status,
            placement=placement,
        )
        profile_flag_set(actor=actor, child=child, name="is_looked_after", value=True)
        _period_clocks_start(actor=actor, child=child, period=period, plan=plan, iro=iro)
    return period


def _period_clocks_start(
    *, actor: Any, child: Person, period: PeriodOfCare, plan: CarePlan | None, iro: Practitioner | None
) -> None:
    started_on = period.started_on
    clock_start(
        actor=actor,
        rule_code="first_looked_after_review",
        child=child,
        subject=period,
        started_on=started_on,
        assignee=iro,
    )
    clock_start(actor=actor, rule_code="initial_health_assessment", child=child, subject=period, started_on=started_on)
    assert child.date_of_birth is not None
    if age_on(child.date_of_birth, started_on) >= PERSONAL_EDUCATION_PLAN_FROM_AGE:
        clock_start(
            actor=actor, rule_code="personal_education_plan", child=child, subject=period, started_on=started_on
        )
    care_plan = clock_start(actor=actor, rule_code="care_plan", child=child, subject=period, started_on=started_on)
    if plan is not None:
        # Agreed before the child was placed: in place from the first day.
        timescales.deadline_meet(actor=actor, deadline=care_plan, met_on=started_on)


# -- changes while looked after ----------------------------------------------------------------------------------


def _current(child: Person, field_name: str) -> tuple[PeriodOfCare, LegalStatus, Placement, CareEpisode]:
    period = period_open(child, lock=True)
    if period is None:
        raise field_error(field_name, "The child is not looked after", CareError.NOT_LOOKED_AFTER)
    status = LegalStatus.objects.select_for_update().get(child=child, ended_on__isnull=True)
    placement = Placement.objects.select_for_update().select_related("child").get(child=child, ended_on__isnull=True)
    episode = CareEpisode.objects.select_for_update().get(child=child, ended_on__isnull=True)
    return period, status, placement, episode


def legal_status_change(*, actor: Any, child: Person, code: str, started_on: date) -> LegalStatus:
    """A new legal status from `started_on`. It starts a new SSDA903 episode (RNE "L"), or, when the placement
    changed the same day, turns that day's "P" (or "B") episode into "T" (or "U")."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    choice(errors, "code", code, LegalStatusCode, "the new legal status")
    not_in_future(errors, "started_on", started_on, "The date the legal status changed")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period, current, placement, episode = _current(child, "started_on")
        if started_on <= current.started_on:
            raise field_error(
                "started_on",
                f"The new legal status must start after the current one, which started on {uk(current.started_on)}",
                CareError.BEFORE_CURRENT_LEGAL_STATUS,
            )
        if code == current.code:
            raise field_error("code", "The child already has this legal status", CareError.LEGAL_STATUS_UNCHANGED)
        if started_on < episode.started_on:
            raise field_error(
                "started_on",
                f"The placement changed on {uk(episode.started_on)}, after this date: record changes in order",
                CareError.EVENTS_AFTER_DATE,
            )
        _legal_status_end(actor=actor, status=current, ended_on=started_on)
        status = _legal_status_create(actor=actor, period=period, code=code, started_on=started_on)
        same_day = {ReasonNewEpisode.P: ReasonNewEpisode.T, ReasonNewEpisode.B: ReasonNewEpisode.U}
        if episode.started_on == started_on and episode.reason_new_episode in same_day:
            before = {"reason_new_episode": episode.reason_new_episode, "legal_status": current.pk}
            episode.reason_new_episode = same_day[ReasonNewEpisode(episode.reason_new_episode)]
            episode.legal_status = status
            episode.save(update_fields=["reason_new_episode", "legal_status", "updated_at"])
            auditor.record_updated(
                actor=actor,
                obj=episode,
                child_id=child.pk,
                before=before,
                after={"reason_new_episode": episode.reason_new_episode, "legal_status": status.pk},
            )
        else:
            _episode_end(actor=actor, episode=episode, ended_on=started_on, reason=ReasonEpisodeCeased.X1)
            _episode_create(
                actor=actor,
                period=period,
                started_on=started_on,
                reason=ReasonNewEpisode.L,
                legal_status=status,
                placement=placement,
            )
    return status


def placement_move(*, actor: Any, child: Person, move: PlacementMove) -> Placement:
    """The child moves to a new placement on `move.started_on` (the current one ends that day): a new SSDA903
    episode ("P", "B" with the same carer; "T" or "U" with a new legal status the same day). The care-plan rule
    applies to every placement; the old placement's visit and placement plan clocks are withdrawn, the new one's
    start."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    started_on = move.started_on
    not_in_future(errors, "started_on", started_on, "The date the new placement started")
    _validate_placement(errors, move.placement, child=child, started_on=started_on, same_carer=move.same_carer)
    carer_practitioner = _carer_practitioner(move.placement, errors)
    if move.legal_status:
        choice(errors, "legal_status", move.legal_status, LegalStatusCode, "the new legal status")
    if move.reason_for_change:
        choice(errors, "reason_for_change", move.reason_for_change, ReasonPlacementChange, "why the placement changed")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period, status, current, episode = _current(child, "started_on")
        if started_on <= current.started_on:
            raise field_error(
                "started_on",
                f"The current placement started on {uk(current.started_on)}: a new placement must start after it, "
                "so that placements do not overlap",
                CareError.PLACEMENTS_OVERLAP,
            )
        if started_on < episode.started_on or started_on < status.started_on:
            raise field_error(
                "started_on",
                "The legal status changed after this date: record changes in order",
                CareError.EVENTS_AFTER_DATE,
            )
        if not move.reason_for_change and current.placement_type not in TEMPORARY_PLACEMENTS:
            errors.add("reason_for_change", "Select why the placement changed", CareError.REASON_FOR_CHANGE_REQUIRED)
        if move.legal_status and move.legal_status == status.code:
            errors.add("legal_status", "The child already has this legal status", CareError.LEGAL_STATUS_UNCHANGED)
        plan = care_plan_in_force(period, started_on)
        _check_care_plan_rule(
            errors,
            first_placement_start=period.started_on,
            placement_start=started_on,
            plan=plan,
            due_on=move.care_plan_due_on,
        )
        errors.raise_if_any()
        _placement_end(
            actor=actor,
            placement=current,
            ended_on=started_on,
            reason_for_change=move.reason_for_change,
            why=f"The placement ended on {uk(started_on)}",
            carer_continues=move.same_carer,
        )
        _episode_end(actor=actor, episode=episode, ended_on=started_on, reason=ReasonEpisodeCeased.X1)
        if move.legal_status:
            _legal_status_end(actor=actor, status=status, ended_on=started_on)
            status = _legal_status_create(actor=actor, period=period, code=move.legal_status, started_on=started_on)
            reason = ReasonNewEpisode.U if move.same_carer else ReasonNewEpisode.T
        else:
            reason = ReasonNewEpisode.B if move.same_carer else ReasonNewEpisode.P
        if move.same_carer and move.placement.carer_person_id is None and not move.placement.carer_family_name:
            if current.carer_id is None and move.placement.placement_type in FOSTER_PLACEMENTS:
                raise field_error(
                    "carer_family_name",
                    "No carer is recorded for the current placement: enter the carer's last name",
                    CareError.CARER_REQUIRED,
                )
            move.placement.carer_person_id = current.carer_id
            if carer_practitioner is None and current.carer_practitioner_id is not None:
                carer_practitioner = current.carer_practitioner
        placement = _placement_create(
            actor=actor,
            child=child,
            period=period,
            details=move.placement,
            started_on=started_on,
            care_plan=plan,
            care_plan_due_on=move.care_plan_due_on,
            carer_practitioner=carer_practitioner,
        )
        _episode_create(
            actor=actor, period=period, started_on=started_on, reason=reason, legal_status=status, placement=placement
        )
    return placement


def looked_after_end(*, actor: Any, child: Person, ended_on: date, reason_ceased: str) -> PeriodOfCare:
    """The child ceases to be looked after on `ended_on` for `reason_ceased` (an SSDA903 REC other than X1). The
    placement, legal status and episode end that day; every open clock of being looked after is withdrawn."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    if reason_ceased == ReasonEpisodeCeased.X1 or reason_ceased not in ReasonEpisodeCeased.values:
        errors.add("reason_ceased", "Select why the child ceased to be looked after", CareError.INVALID_CHOICE)
    not_in_future(errors, "ended_on", ended_on, "The date the child ceased to be looked after")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period, status, placement, episode = _current(child, "ended_on")
        if ended_on < period.started_on:
            raise field_error(
                "ended_on",
                f"The date care ended must be on or after the date it started ({uk(period.started_on)})",
                CareError.ENDS_BEFORE_IT_STARTS,
            )
        latest = max(placement.started_on, status.started_on, episode.started_on)
        if ended_on < latest:
            raise field_error(
                "ended_on",
                f"The placement or legal status changed on {uk(latest)}, after this date",
                CareError.EVENTS_AFTER_DATE,
            )
        assert child.date_of_birth is not None
        eighteenth = birthday(child.date_of_birth, ADULT_AGE)
        if ended_on > eighteenth:
            raise field_error(
                "ended_on",
                f"The young person turned 18 on {uk(eighteenth)}: care ends on their 18th birthday at the latest",
                CareError.EIGHTEEN_OR_OVER,
            )
        if reason_ceased in EIGHTEEN_OR_OVER_REASONS and ended_on < eighteenth:
            raise field_error(
                "reason_ceased",
                f"Staying put applies from the young person's 18th birthday ({uk(eighteenth)})",
                CareError.UNDER_EIGHTEEN,
            )
        _events_after(child, period, ended_on)
        _placement_end(
            actor=actor, placement=placement, ended_on=ended_on, reason_for_change="", why="Ceased to be looked after"
        )
        _legal_status_end(actor=actor, status=status, ended_on=ended_on)
        _episode_end(actor=actor, episode=episode, ended_on=ended_on, reason=reason_ceased)
        period.ended_on = ended_on
        period.reason_ceased = reason_ceased
        period.full_clean()
        period.save(update_fields=["ended_on", "reason_ceased", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=period,
            child_id=child.pk,
            before={"ended_on": None, "reason_ceased": ""},
            after={"ended_on": ended_on.isoformat(), "reason_ceased": reason_ceased},
        )
        clocks_withdraw(
            actor=actor,
            child=child,
            rule_codes=LOOKED_AFTER_RULES,
            reason=f"Ceased to be looked after on {uk(ended_on)} ({reason_ceased})",
        )
        profile_flag_set(actor=actor, child=child, name="is_looked_after", value=False)
    return period


def _events_after(child: Person, period: PeriodOfCare, day: date) -> None:
    """Refuse to end care (or move its start) across events recorded as happening while looked after."""
    from ..models import HealthAssessment, LookedAfterReview, PersonalEducationPlan, StatutoryVisit

    later = [
        ("a looked-after review", LookedAfterReview.objects.filter(period=period, held_on__gt=day)),
        ("a visit", StatutoryVisit.objects.filter(placement__period=period, visited_on__gt=day)),
        ("a health assessment", HealthAssessment.objects.filter(period=period, assessed_on__gt=day)),
        ("a personal education plan", PersonalEducationPlan.objects.filter(period=period, held_on__gt=day)),
    ]
    for what, qs in later:
        if qs.exists():
            raise field_error(
                "ended_on", f"There is {what} recorded after this date while looked after", CareError.EVENTS_AFTER_DATE
            )


# -- plans -------------------------------------------------------------------------------------------------------


def care_plan_record(*, actor: Any, child: Person, details: CarePlanDetails, late_reason: str = "") -> CarePlan:
    """The child's care plan, agreed (or revised) on `agreed_on`. The first one meets the `care_plan` clock."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    details = _validate_care_plan(errors, details)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period = period_open(child, lock=True)
        if period is None:
            raise field_error("agreed_on", "The child is not looked after", CareError.NOT_LOOKED_AFTER)
        if details.agreed_on < period.started_on:
            raise field_error(
                "agreed_on",
                f"The child started to be looked after on {uk(period.started_on)}: a plan agreed before then is "
                "recorded with the start",
                CareError.BEFORE_START,
            )
        plan = _care_plan_create(actor=actor, child=child, period=period, details=details)
        clocks_meet(
            actor=actor,
            child=child,
            rule_codes=("care_plan",),
            met_on=details.agreed_on,
            late_reason=late_reason,
            subjects=[period],
        )
    return plan


def placement_plan_record(
    *, actor: Any, child: Person, agreed_on: date, summary: str = "", late_reason: str = ""
) -> Any:
    """The placement plan for the current placement, agreed with the carer. Meets the `placement_plan` clock."""
    from ..models import PlacementPlan

    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "agreed_on", agreed_on, "The date the placement plan was agreed")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        placement = Placement.objects.filter(child=child, ended_on__isnull=True).first()
        if placement is None:
            raise field_error("agreed_on", "The child is not looked after", CareError.NOT_LOOKED_AFTER)
        if agreed_on < placement.started_on:
            raise field_error(
                "agreed_on",
                f"The placement started on {uk(placement.started_on)}: the plan must be agreed on or after that day",
                CareError.BEFORE_START,
            )
        plan = PlacementPlan(
            child=child,
            placement=placement,
            recorded_by=_practitioner(actor),
            agreed_on=agreed_on,
            summary=summary.strip(),
        )
        plan.full_clean()
        plan.save()
        auditor.record_created(actor=actor, obj=plan, child_id=child.pk)
        clocks_meet(
            actor=actor,
            child=child,
            rule_codes=("placement_plan",),
            met_on=agreed_on,
            late_reason=late_reason,
            subjects=[placement],
        )
    return plan


# -- who works with the looked-after child ---------------------------------------------------------------------------


def independent_reviewing_officer_appoint(
    *, actor: Any, child: Person, iro: Practitioner, started_on: date | None = None
) -> Any:
    """Appoint the child's independent reviewing officer (one at a time: the previous appointment ends the day
    before)."""
    from datetime import timedelta

    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    if iro.role != Role.INDEPENDENT_REVIEWING_OFFICER:
        errors.add(
            "independent_reviewing_officer",
            "Select an independent reviewing officer",
            CareError.NOT_AN_INDEPENDENT_REVIEWING_OFFICER,
        )
    started_on = started_on or timezone.localdate()
    not_in_future(errors, "started_on", started_on, "The date of the appointment")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = list(open_involvements(child, InvolvementRole.INDEPENDENT_REVIEWING_OFFICER, started_on))
        if any(i.practitioner_id == iro.pk for i in current):
            return next(i for i in current if i.practitioner_id == iro.pk)
        involvements_end(actor=actor, involvements=current, ended_on=started_on - timedelta(days=1))
        return involvement_start(
            actor=actor,
            child=child,
            practitioner=iro,
            role=InvolvementRole.INDEPENDENT_REVIEWING_OFFICER,
            started_on=started_on,
        )


CARE_PARTNER_ROLES = {
    InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE: Role.LOOKED_AFTER_CHILDREN_NURSE,
    InvolvementRole.DESIGNATED_TEACHER: Role.DESIGNATED_TEACHER,
}


def care_partner_add(*, actor: Any, child: Person, partner: Practitioner, role: str, started_on: date) -> Any:
    """Involve the child's looked-after children's nurse or their school's designated teacher, who then see and
    contribute the child's health or education (access/policy.py)."""
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    wanted = CARE_PARTNER_ROLES.get(InvolvementRole(role)) if role in InvolvementRole.values else None
    if wanted is None or partner.role != wanted:
        errors.add(
            "partner", "Select a looked-after children's nurse or a designated teacher", CareError.WRONG_PARTNER_ROLE
        )
    not_in_future(errors, "started_on", started_on, "The date they started")
    errors.raise_if_any()
    with transaction.atomic():
        existing = open_involvements(child, role, started_on).filter(practitioner=partner).first()
        if existing is not None:
            return existing
        return involvement_start(
            actor=actor, child=child, practitioner=partner, role=role, started_on=started_on, team=None
        )


# -- corrections -------------------------------------------------------------------------------------------------


def looked_after_start_correct(*, actor: Any, period: PeriodOfCare, started_on: date) -> PeriodOfCare:
    """The date the child started to be looked after was recorded wrongly: move it (with the first legal status,
    placement and episode, which started that day) and recompute every clock it started."""
    child = period.child
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "started_on", started_on, "The date the child started to be looked after")
    born_child(child, errors, "started_on", started_on)
    if child.date_of_birth and started_on >= birthday(child.date_of_birth, ADULT_AGE):
        errors.add("started_on", "Only a child under 18 can start to be looked after", CareError.EIGHTEEN_OR_OVER)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        period = PeriodOfCare.objects.select_for_update().get(pk=period.pk)
        old = period.started_on
        if started_on == old:
            return period
        if PeriodOfCare.objects.filter(child=child, ended_on__gt=started_on, started_on__lt=old).exists():
            raise field_error(
                "started_on",
                "The child was in an earlier period of care on this date",
                CareError.OVERLAPS_EARLIER_PERIOD,
            )
        first_status = period.legal_statuses.order_by("started_on", "id").first()
        first_placement = period.placements.order_by("started_on", "id").first()
        first_episode = period.episodes.order_by("started_on", "id").first()
        assert first_status and first_placement and first_episode
        for what, ended in (
            ("the first legal status", first_status.ended_on),
            ("the first placement", first_placement.ended_on),
            ("the period of care", period.ended_on),
        ):
            if ended is not None and started_on > ended:
                raise field_error(
                    "started_on", f"This is after {what} ended ({uk(ended)})", CareError.EVENTS_AFTER_DATE
                )
        if started_on > old:
            _events_after_start(period, started_on)
        statutory = due_date_in_force("care_plan", started_on)
        for obj in (period, first_status, first_placement, first_episode):
            obj.started_on = started_on
            fields = ["started_on", "updated_at"]
            if obj is first_placement and first_placement.care_plan_id is None and first_placement.care_plan_due_on:
                first_placement.care_plan_due_on = min(max(first_placement.care_plan_due_on, started_on), statutory)
                fields.append("care_plan_due_on")
            obj.full_clean()
            obj.save(update_fields=fields)
            auditor.record_updated(
                actor=actor,
                obj=obj,
                child_id=child.pk,
                before={"started_on": old.isoformat()},
                after={"started_on": started_on.isoformat()},
            )
        for subject in (period, first_placement):
            if Deadline.objects.filter(subject_key=timescales.subject_key_of(subject)).exists():
                timescales.deadline_recompute_for_subject(actor=actor, subject=subject, started_on=started_on)
    return period


def _events_after_start(period: PeriodOfCare, started_on: date) -> None:
    from ..models import HealthAssessment, LookedAfterReview, PersonalEducationPlan, StatutoryVisit

    earlier = [
        ("a looked-after review", LookedAfterReview.objects.filter(period=period, held_on__lt=started_on)),
        ("a visit", StatutoryVisit.objects.filter(placement__period=period, visited_on__lt=started_on)),
        ("a health assessment", HealthAssessment.objects.filter(period=period, assessed_on__lt=started_on)),
        ("a personal education plan", PersonalEducationPlan.objects.filter(period=period, held_on__lt=started_on)),
        ("a care plan", CarePlan.objects.filter(period=period, agreed_on__lt=started_on)),
    ]
    for what, qs in earlier:
        if qs.exists():
            raise field_error("started_on", f"There is {what} recorded before this date", CareError.EVENTS_AFTER_DATE)


def placement_start_correct(*, actor: Any, placement: Placement, started_on: date) -> Placement:
    """A later placement's start date was recorded wrongly: move it (and the end of the placement before it, and
    the episodes that change there) and recompute the clocks it started. The first placement's start is the start
    of care: correct that with looked_after_start_correct."""
    child = placement.child
    require(actor, Permission.RECORD_CARE, child)
    errors = FieldErrors()
    not_in_future(errors, "started_on", started_on, "The date the placement started")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock_child(child)
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        old = placement.started_on
        if started_on == old:
            return placement
        previous = (
            Placement.objects.select_for_update()
            .filter(period_id=placement.period_id, ended_on=old)
            .exclude(pk=placement.pk)
            .first()
        )
        if previous is None:
            raise field_error(
                "started_on",
                "This is the first placement: correct the date the child started to be looked after instead",
                CareError.INVALID_CHOICE,
            )
        if started_on <= previous.started_on:
            raise field_error(
                "started_on",
                f"The placement before started on {uk(previous.started_on)}: placements cannot overlap",
                CareError.PLACEMENTS_OVERLAP,
            )
        if placement.ended_on is not None and started_on >= placement.ended_on:
            raise field_error(
                "started_on", f"The placement ended on {uk(placement.ended_on)}", CareError.ENDS_BEFORE_IT_STARTS
            )
        lo, hi = min(old, started_on), max(old, started_on)
        from ..models import PlacementPlan, StatutoryVisit

        if LegalStatus.objects.filter(period_id=placement.period_id, started_on__gte=lo, started_on__lte=hi).exists():
            raise field_error(
                "started_on",
                "The legal status changed between the two dates (or with the move): correct that first",
                CareError.EVENTS_AFTER_DATE,
            )
        if (
            StatutoryVisit.objects.filter(
                placement__in=[previous, placement], visited_on__gte=lo, visited_on__lt=hi
            ).exists()
            or PlacementPlan.objects.filter(placement=placement, agreed_on__lt=started_on).exists()
        ):
            raise field_error(
                "started_on",
                "Visits or a placement plan are recorded between the two dates: correct those first",
                CareError.EVENTS_AFTER_DATE,
            )
        boundary = list(CareEpisode.objects.select_for_update().filter(period_id=placement.period_id, started_on=old))
        ending = list(CareEpisode.objects.select_for_update().filter(period_id=placement.period_id, ended_on=old))
        if placement.care_plan_id is None:
            statutory = due_date_in_force("care_plan", placement.period.started_on)
            if statutory < started_on:
                raise field_error(
                    "started_on",
                    f"The care plan was due by {uk(statutory)}: record it before moving this placement's start",
                    CareError.CARE_PLAN_REQUIRED,
                )
        # The earlier placement's end moves first, then this one's start, so the two never overlap.
        for obj, name in ((previous, "ended_on"), (placement, "started_on")):
            before = {name: old.isoformat()}
            setattr(obj, name, started_on)
            if obj is placement and placement.care_plan_id is None and placement.care_plan_due_on:
                placement.care_plan_due_on = max(placement.care_plan_due_on, started_on)
            obj.full_clean()
            obj.save()
            auditor.record_updated(
                actor=actor, obj=obj, child_id=child.pk, before=before, after={name: started_on.isoformat()}
            )
        for episode in ending:
            episode.ended_on = started_on
            episode.save(update_fields=["ended_on", "updated_at"])
            auditor.record_updated(
                actor=actor,
                obj=episode,
                child_id=child.pk,
                before={"ended_on": old.isoformat()},
                after={"ended_on": started_on.isoformat()},
            )
        for episode in boundary:
            episode.started_on = started_on
            episode.save(update_fields=["started_on", "updated_at"])
            auditor.record_updated(
                actor=actor,
                obj=episode,
                child_id=child.pk,
                before={"started_on": old.isoformat()},
                after={"started_on": started_on.isoformat()},
            )
        if Deadline.objects.filter(subject_key=timescales.subject_key_of(placement)).exists():
            timescales.deadline_recompute_for_subject(actor=actor, subject=placement, started_on=started_on)
    return placement
