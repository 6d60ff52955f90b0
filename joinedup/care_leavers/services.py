"""Every write for care leavers (M23): becoming an eligible child (the needs assessment clock), the needs assessment,
pathway plans and their reviews (at most every 6 months), the personal adviser to 21 and to 25 on request, what the
young person is doing and where they live around each birthday from 17 to 25 (SSDA903 OC3), and staying put. One
transaction per service, with its audit events and clocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.scopes import people_searchable_by
from joinedup.agencies.models import Practitioner
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.children_in_care.codes import SHORT_BREAK_LEGAL_STATUSES
from joinedup.children_in_care.models import PeriodOfCare, Placement
from joinedup.children_in_care.services._common import (
    born_child,
    choice,
    clock_start,
    clocks_meet,
    involvement_start,
    involvements_end,
    not_in_future,
    open_involvements,
    practitioner,
    require,
    uk,
)
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.core.voice import ChildVoice
from joinedup.people.models import ChildProfile, Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from . import visits
from .codes import (
    ADULT_AGE,
    FIRST_OC3_BIRTHDAY,
    LAST_OC3_BIRTHDAY,
    PERSONAL_ADVISER_ON_REQUEST_TO_AGE,
    PERSONAL_ADVISER_TO_AGE,
    STAYING_PUT_TO_AGE,
    Accommodation,
    Activity,
    CareLeaverCategory,
    InTouch,
)
from .eligibility import (
    CarePeriod,
    Eligibility,
    birthday,
    circumstances_window,
    eligibility,
    personal_adviser_until,
)
from .errors import CareLeaverError
from .models import CareLeaver, CareLeaverCircumstances, NeedsAssessment, PathwayPlan, PathwayPlanReview, StayingPut


def care_periods(child: Person) -> list[CarePeriod]:
    """The child's periods of care as plain data for the eligibility rules."""
    periods = PeriodOfCare.objects.filter(child=child).prefetch_related("legal_statuses").order_by("started_on")
    return [
        CarePeriod(
            started_on=p.started_on,
            ended_on=p.ended_on,
            short_breaks_only=all(s.code in SHORT_BREAK_LEGAL_STATUSES for s in p.legal_statuses.all()),
        )
        for p in periods
    ]


def eligibility_on(child: Person, on: date) -> Eligibility | None:
    if child.date_of_birth is None:
        return None
    return eligibility(date_of_birth=child.date_of_birth, periods=care_periods(child), on=on)


def _lock(child: Person) -> None:
    ChildProfile.objects.select_for_update().filter(person=child).first()


def _care_leaver(child: Person, *, lock: bool = False) -> CareLeaver | None:
    qs = CareLeaver.objects.filter(child=child)
    return (qs.select_for_update() if lock else qs).first()


def _must_be_care_leaver(child: Person, field_name: str, on: date) -> Eligibility:
    found = eligibility_on(child, on)
    if found is None or found.category is None:
        raise field_error(
            field_name,
            f"On {uk(on)} the young person was not a care leaver (eligible, relevant, former relevant or qualifying)",
            CareLeaverError.NOT_A_CARE_LEAVER,
        )
    return found


# -- eligibility and the needs assessment ------------------------------------------------------------------------


def eligible_child_record(*, actor: Any, child: Person, became_eligible_on: date) -> CareLeaver:
    """The child became an eligible child on `became_eligible_on` (16 or over, looked after 13 weeks since 14):
    the `eligible_child_needs_assessment` clock starts."""
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "became_eligible_on", became_eligible_on, "The date the child became eligible")
    born_child(child, errors, "became_eligible_on", became_eligible_on)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock(child)
        found = eligibility_on(child, became_eligible_on)
        if found is None or found.category != CareLeaverCategory.ELIGIBLE:
            raise field_error(
                "became_eligible_on",
                f"On {uk(became_eligible_on)} the child was not an eligible child: they must be 16 or 17, looked "
                "after, and looked after for 13 weeks in all since they were 14",
                CareLeaverError.NOT_ELIGIBLE,
            )
        leaver = _care_leaver(child, lock=True)
        if leaver is not None and leaver.became_eligible_on is not None:
            raise field_error(
                "became_eligible_on",
                f"Already recorded: eligible from {uk(leaver.became_eligible_on)}",
                CareLeaverError.ALREADY_RECORDED,
            )
        if leaver is None:
            leaver = CareLeaver(child=child)
        leaver.became_eligible_on = became_eligible_on
        leaver.recorded_by = practitioner(actor)
        leaver.full_clean()
        leaver.save()
        auditor.record_created(actor=actor, obj=leaver, child_id=child.pk)
        clock_start(
            actor=actor,
            rule_code="eligible_child_needs_assessment",
            child=child,
            subject=leaver,
            started_on=became_eligible_on,
        )
        _contact_clock_start(actor=actor, leaver=leaver, subject=leaver, started_on=became_eligible_on)
    return leaver


def _contact_clock_start(*, actor: Any, leaver: CareLeaver, subject: Any, started_on: date) -> None:
    """The care leaver record opened: the personal adviser's contact clock starts (care_leavers/visits.py), unless
    one is already running or the leaving care support has already ended."""
    ends = visits.support_ends_on(leaver)
    if ends is None or started_on >= ends:
        return
    if Deadline.objects.filter(child=leaver.child, rule_code=visits.CARE_LEAVER_CONTACT, met_on__isnull=True).exists():
        return
    timescales.deadline_start(
        actor=actor,
        rule_code=visits.CARE_LEAVER_CONTACT,
        child=leaver.child,
        subject=subject,
        started_on=started_on,
        assignee=visits.adviser(leaver.child, started_on),
    )


def contact_clocks_end_with_support(*, actor: Any, today: date | None = None) -> list[Deadline]:
    """Daily (tasks.py): withdraw the contact clock of each young person whose leaving care support has ended (their
    21st birthday, or their 25th when they asked for support to 25). Returns the clocks withdrawn."""
    today = today or timezone.localdate()
    running = Deadline.objects.filter(rule_code=visits.CARE_LEAVER_CONTACT, met_on__isnull=True).order_by("id")
    leavers = {
        leaver.child_id: leaver
        for leaver in CareLeaver.objects.filter(child_id__in=running.values("child_id")).select_related("child")
    }
    ended = []
    for deadline in running:
        leaver = leavers.get(deadline.child_id)
        ends = visits.support_ends_on(leaver) if leaver is not None else None
        if leaver is not None and (ends is None or ends > today):
            continue
        with transaction.atomic():
            timescales.deadline_withdraw(actor=actor, deadline=deadline, reason="Leaving care support ended")
        ended.append(deadline)
    return ended


def needs_assessment_record(
    *, actor: Any, child: Person, completed_on: date, summary: str = "", late_reason: str = ""
) -> NeedsAssessment:
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "completed_on", completed_on, "The date the needs assessment was completed")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock(child)
        _must_be_care_leaver(child, "completed_on", completed_on)
        assessment = NeedsAssessment(
            child=child, recorded_by=practitioner(actor), completed_on=completed_on, summary=summary.strip()
        )
        assessment.full_clean()
        assessment.save()
        auditor.record_created(actor=actor, obj=assessment, child_id=child.pk)
        leaver = _care_leaver(child)
        if leaver is not None:
            clocks_meet(
                actor=actor,
                child=child,
                rule_codes=("eligible_child_needs_assessment",),
                met_on=completed_on,
                late_reason=late_reason,
                subjects=[leaver],
            )
    return assessment


# -- pathway plans -----------------------------------------------------------------------------------------------


@dataclass
class PathwayPlanDetails:
    agreed_on: date
    summary: str = ""
    late_reason: str = ""
    # The young person's wishes and feelings, or why they could not be obtained: required (M26), checked with the rest.
    voice: ChildVoice = field(default_factory=ChildVoice)


def _last_plan_or_review_date(child: Person) -> date | None:
    plan = PathwayPlan.objects.filter(child=child).order_by("-agreed_on").values_list("agreed_on", flat=True).first()
    review = (
        PathwayPlanReview.objects.filter(child=child)
        .order_by("-reviewed_on")
        .values_list("reviewed_on", flat=True)
        .first()
    )
    dates = [d for d in (plan, review) if d is not None]
    return max(dates) if dates else None


def pathway_plan_record(*, actor: Any, child: Person, details: PathwayPlanDetails) -> PathwayPlan:
    """A pathway plan (the first, or a new one): it meets any review that was due and starts the
    `pathway_plan_review` clock (reviewed at most every 6 months)."""
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "agreed_on", details.agreed_on, "The date the pathway plan was agreed")
    voice = details.voice.check(errors)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock(child)
        _must_be_care_leaver(child, "agreed_on", details.agreed_on)
        last = _last_plan_or_review_date(child)
        if last is not None and details.agreed_on <= last:
            raise field_error(
                "agreed_on",
                f"The pathway plan was last agreed or reviewed on {uk(last)}: record plans and reviews in order",
                CareLeaverError.REVIEW_OUT_OF_ORDER,
            )
        plan = PathwayPlan(
            child=child,
            recorded_by=practitioner(actor),
            agreed_on=details.agreed_on,
            summary=details.summary.strip(),
            **voice.as_fields(),
        )
        plan.full_clean()
        plan.save()
        auditor.record_created(actor=actor, obj=plan, child_id=child.pk)
        clocks_meet(
            actor=actor,
            child=child,
            rule_codes=("pathway_plan_review",),
            met_on=details.agreed_on,
            late_reason=details.late_reason,
        )
        clock_start(actor=actor, rule_code="pathway_plan_review", child=child, subject=plan, started_on=plan.agreed_on)
    return plan


def pathway_plan_review_record(
    *, actor: Any, child: Person, reviewed_on: date, notes: str = "", late_reason: str = ""
) -> PathwayPlanReview:
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "reviewed_on", reviewed_on, "The date of the review")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        _lock(child)
        plan = PathwayPlan.objects.filter(child=child).order_by("-agreed_on").first()
        if plan is None:
            raise field_error("reviewed_on", "Record the pathway plan first", CareLeaverError.NO_PATHWAY_PLAN)
        last = _last_plan_or_review_date(child)
        if last is not None and reviewed_on <= last:
            raise field_error(
                "reviewed_on",
                f"The pathway plan was last agreed or reviewed on {uk(last)}: record reviews in order",
                CareLeaverError.REVIEW_OUT_OF_ORDER,
            )
        review = PathwayPlanReview(
            child=child,
            pathway_plan=plan,
            recorded_by=practitioner(actor),
            reviewed_on=reviewed_on,
            notes=notes.strip(),
        )
        review.full_clean()
        review.save()
        auditor.record_created(actor=actor, obj=review, child_id=child.pk)
        clocks_meet(
            actor=actor, child=child, rule_codes=("pathway_plan_review",), met_on=reviewed_on, late_reason=late_reason
        )
        clock_start(actor=actor, rule_code="pathway_plan_review", child=child, subject=review, started_on=reviewed_on)
    return review


# -- the personal adviser ----------------------------------------------------------------------------------------


def support_to_25_request(*, actor: Any, child: Person, requested_on: date) -> CareLeaver:
    """A former relevant young person aged 21 or over asked for a personal adviser's support to 25."""
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "requested_on", requested_on, "The date they asked")
    born_child(child, errors, "requested_on", requested_on)
    errors.raise_if_any()
    assert child.date_of_birth is not None
    with transaction.atomic():
        _lock(child)
        if not (
            birthday(child.date_of_birth, PERSONAL_ADVISER_TO_AGE)
            <= requested_on
            < birthday(child.date_of_birth, PERSONAL_ADVISER_ON_REQUEST_TO_AGE)
        ):
            raise field_error(
                "requested_on",
                "Support to 25 is asked for from the young person's 21st birthday, before their 25th",
                CareLeaverError.REQUEST_NEEDS_TWENTY_ONE,
            )
        _must_be_care_leaver(child, "requested_on", requested_on)
        leaver = _care_leaver(child, lock=True) or CareLeaver(child=child)
        leaver.support_to_25_requested_on = requested_on
        leaver.recorded_by = leaver.recorded_by or practitioner(actor)
        leaver.full_clean()
        leaver.save()
        auditor.record_updated(
            actor=actor,
            obj=leaver,
            child_id=child.pk,
            before={"support_to_25_requested_on": None},
            after={"support_to_25_requested_on": requested_on.isoformat()},
        )
        _contact_clock_start(
            actor=actor,
            leaver=leaver,
            subject=f"care_leavers.support_to_25:{leaver.pk}:{requested_on.isoformat()}",
            started_on=requested_on,
        )
    return leaver


def personal_adviser_appoint(*, actor: Any, child: Person, adviser: Practitioner, started_on: date) -> Any:
    """Appoint the young person's personal adviser (one at a time): from 16, to 21, or to 25 on request."""
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    if adviser.role != Role.PERSONAL_ADVISER:
        errors.add("adviser", "Select a personal adviser", CareLeaverError.NOT_A_PERSONAL_ADVISER)
    not_in_future(errors, "started_on", started_on, "The date of the appointment")
    born_child(child, errors, "started_on", started_on)
    errors.raise_if_any()
    assert child.date_of_birth is not None
    with transaction.atomic():
        _lock(child)
        _must_be_care_leaver(child, "started_on", started_on)
        leaver = _care_leaver(child)
        until = personal_adviser_until(
            date_of_birth=child.date_of_birth,
            support_to_25_requested=bool(leaver and leaver.support_to_25_requested_on),
        )
        if started_on >= until:
            raise field_error(
                "started_on",
                f"A personal adviser supports the young person until {uk(until)}"
                + ("" if leaver and leaver.support_to_25_requested_on else ", or to 25 if they ask"),
                CareLeaverError.TOO_OLD_FOR_ADVISER,
            )
        current = list(open_involvements(child, InvolvementRole.PERSONAL_ADVISER, started_on))
        if any(i.practitioner_id == adviser.pk for i in current):
            return next(i for i in current if i.practitioner_id == adviser.pk)
        involvements_end(actor=actor, involvements=current, ended_on=started_on - timedelta(days=1))
        return involvement_start(
            actor=actor, child=child, practitioner=adviser, role=InvolvementRole.PERSONAL_ADVISER, started_on=started_on
        )


# -- around each birthday from 17 to 25 (SSDA903 OC3) ---------------------------------------------------------


@dataclass
class CircumstancesDetails:
    birthday: int
    recorded_on: date
    in_touch: str
    activity: str = Activity.NOT_APPLICABLE
    accommodation: str = Accommodation.NOT_APPLICABLE
    accommodation_suitable: bool | None = None


def circumstances_record(*, actor: Any, child: Person, details: CircumstancesDetails) -> CareLeaverCircumstances:
    """In touch, main activity and accommodation (and whether it is suitable) around one birthday. When the
    authority is not in touch, activity and accommodation are "not applicable"."""
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "recorded_on", details.recorded_on, "The date the information was gathered")
    born_child(child, errors, "recorded_on", details.recorded_on)
    if not FIRST_OC3_BIRTHDAY <= details.birthday <= LAST_OC3_BIRTHDAY:
        errors.add(
            "birthday",
            f"Choose a birthday from {FIRST_OC3_BIRTHDAY} to {LAST_OC3_BIRTHDAY}",
            CareLeaverError.BIRTHDAY_OUT_OF_RANGE,
        )
    choice(errors, "in_touch", details.in_touch, InTouch, "whether the authority is in touch")
    if details.in_touch == InTouch.YES:
        choice(errors, "activity", details.activity, Activity, "the young person's main activity")
        choice(errors, "accommodation", details.accommodation, Accommodation, "where the young person lives")
        if details.activity == Activity.NOT_APPLICABLE:
            errors.add("activity", "Select the young person's main activity", CareLeaverError.ACTIVITY_REQUIRED)
        if details.accommodation == Accommodation.NOT_APPLICABLE:
            errors.add("accommodation", "Select where the young person lives", CareLeaverError.ACCOMMODATION_REQUIRED)
        elif details.accommodation_suitable is None:
            errors.add(
                "accommodation_suitable",
                "Say whether the accommodation is suitable",
                CareLeaverError.SUITABILITY_REQUIRED,
            )
    else:
        details.activity, details.accommodation, details.accommodation_suitable = "0", "0", None
    errors.raise_if_any()
    assert child.date_of_birth is not None
    first, last = circumstances_window(date_of_birth=child.date_of_birth, age=details.birthday)
    if not first <= details.recorded_on <= last:
        raise field_error(
            "recorded_on",
            f"The information for the {details.birthday}th birthday is gathered from {uk(first)} to {uk(last)}",
            CareLeaverError.OUTSIDE_BIRTHDAY_WINDOW,
        )
    with transaction.atomic():
        _lock(child)
        _must_be_care_leaver(child, "birthday", birthday(child.date_of_birth, details.birthday))
        if CareLeaverCircumstances.objects.filter(child=child, birthday=details.birthday).exists():
            raise field_error(
                "birthday", f"Already recorded for the {details.birthday}th birthday", CareLeaverError.ALREADY_RECORDED
            )
        row = CareLeaverCircumstances(
            child=child,
            recorded_by=practitioner(actor),
            birthday=details.birthday,
            recorded_on=details.recorded_on,
            in_touch=details.in_touch,
            activity=details.activity,
            accommodation=details.accommodation,
            accommodation_suitable=details.accommodation_suitable,
        )
        row.full_clean()
        row.save()
        auditor.record_created(actor=actor, obj=row, child_id=child.pk)
    return row


# -- staying put -----------------------------------------------------------------------------------------------


def staying_put_start(*, actor: Any, child: Person, started_on: date, carer_id: int | None = None) -> StayingPut:
    """The young person stays on with their former foster carers after 18 (to 21). Without a carer given, the
    carer of their last placement."""
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "started_on", started_on, "The date staying put started")
    born_child(child, errors, "started_on", started_on)
    errors.raise_if_any()
    assert child.date_of_birth is not None
    if not birthday(child.date_of_birth, ADULT_AGE) <= started_on < birthday(child.date_of_birth, STAYING_PUT_TO_AGE):
        raise field_error(
            "started_on",
            "Staying put is from the young person's 18th birthday to their 21st",
            CareLeaverError.STAYING_PUT_AGE,
        )
    with transaction.atomic():
        _lock(child)
        if PeriodOfCare.objects.filter(child=child, ended_on__isnull=True).exists():
            raise field_error(
                "started_on",
                "The young person is still looked after: record that care ended first",
                CareLeaverError.STILL_LOOKED_AFTER,
            )
        if StayingPut.objects.filter(child=child, ended_on__isnull=True).exists():
            raise field_error("started_on", "Staying put is already recorded", CareLeaverError.STAYING_PUT_OPEN)
        carer = None
        if carer_id is not None:
            carer = people_searchable_by(actor).filter(pk=carer_id).first()
            if carer is None:
                raise NotFoundOrNotPermitted
        else:
            last = Placement.objects.filter(child=child).order_by("-started_on").select_related("carer").first()
            carer = last.carer if last else None
        arrangement = StayingPut(child=child, recorded_by=practitioner(actor), carer=carer, started_on=started_on)
        arrangement.full_clean()
        arrangement.save()
        auditor.record_created(actor=actor, obj=arrangement, child_id=child.pk)
    return arrangement


def staying_put_end(*, actor: Any, child: Person, ended_on: date) -> StayingPut:
    require(actor, Permission.RECORD_CARE_LEAVER, child)
    errors = FieldErrors()
    not_in_future(errors, "ended_on", ended_on, "The date staying put ended")
    errors.raise_if_any()
    assert child.date_of_birth is not None
    with transaction.atomic():
        _lock(child)
        arrangement = StayingPut.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()
        if arrangement is None:
            raise field_error("ended_on", "No staying put arrangement is open", CareLeaverError.STAYING_PUT_OPEN)
        if ended_on < arrangement.started_on:
            raise field_error(
                "ended_on",
                f"Staying put started on {uk(arrangement.started_on)}: it ends on or after that day",
                CareLeaverError.ENDS_BEFORE_IT_STARTS,
            )
        if ended_on > birthday(child.date_of_birth, STAYING_PUT_TO_AGE):
            raise field_error(
                "ended_on", "Staying put ends by the young person's 21st birthday", CareLeaverError.STAYING_PUT_AGE
            )
        arrangement.ended_on = ended_on
        arrangement.full_clean()
        arrangement.save(update_fields=["ended_on", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=arrangement,
            child_id=child.pk,
            before={"ended_on": None},
            after={"ended_on": ended_on.isoformat()},
        )
    return arrangement


def circumstances_history_record(
    *, child: Person, birthday: int, recorded_on: date, in_touch: str, activity: str, accommodation: str
) -> CareLeaverCircumstances | None:
    """A care leaver's circumstances around a birthday as another system recorded them (the history path, ADR
    0028; SSDA903 OC3, where ACCOM is the letter and 1 suitable or 2 not, or 0 not applicable). None when the
    record already holds that birthday's. No permission is checked (the caller is the imports system actor) and
    the caller audits it."""
    if CareLeaverCircumstances.objects.filter(child=child, birthday=birthday).exists():
        return None
    letter, suitable = (accommodation[:1], accommodation[1:]) if accommodation != "0" else ("0", "")
    return CareLeaverCircumstances.objects.create(
        child=child,
        birthday=birthday,
        recorded_on=recorded_on,
        in_touch=in_touch,
        activity=activity,
        accommodation=letter,
        accommodation_suitable={"1": True, "2": False}.get(suitable),
    )
