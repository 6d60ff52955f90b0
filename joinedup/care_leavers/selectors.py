"""Every read for care leavers: scoped by access/, a young person's record audited when read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.children_in_care.codes import SHORT_BREAK_LEGAL_STATUSES
from joinedup.children_in_care.models import LegalStatus, PeriodOfCare
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.codes import SpecialEducationalNeeds
from joinedup.people.models import Person
from joinedup.timescales.models import Deadline

from .codes import (
    ADULT_AGE,
    ELIGIBLE_FROM_AGE,
    FIRST_OC3_BIRTHDAY,
    LAST_OC3_BIRTHDAY,
    PERSONAL_ADVISER_ON_REQUEST_TO_AGE,
    PERSONAL_ADVISER_TO_AGE,
    STAYING_PUT_TO_AGE,
)
from .eligibility import CarePeriod, Eligibility, birthday, circumstances_window, eligibility, personal_adviser_until
from .models import CareLeaver, CareLeaverCircumstances, NeedsAssessment, PathwayPlan, PathwayPlanReview, StayingPut

CARE_LEAVER_RULES = ("eligible_child_needs_assessment", "pathway_plan_review")


@dataclass(frozen=True)
class BirthdayRow:
    """One birthday from 17 to 25: when its OC3 information is gathered, and what was recorded."""

    age: int
    birthday: date
    window_opens: date
    window_closes: date
    recorded: CareLeaverCircumstances | None

    def status(self, today: date) -> str:
        if self.recorded is not None:
            return "Recorded"
        if today < self.window_opens:
            return "Later"
        if today <= self.window_closes:
            return "Due now"
        return "Not recorded"


@dataclass
class LeavingCare:
    child: Person
    today: date
    can_record: bool
    eligibility: Eligibility | None
    leaver: CareLeaver | None
    needs_assessments: list[NeedsAssessment] = field(default_factory=list)
    pathway_plans: list[PathwayPlan] = field(default_factory=list)
    pathway_reviews: list[PathwayPlanReview] = field(default_factory=list)
    circumstances: list[BirthdayRow] = field(default_factory=list)
    staying_put: list[StayingPut] = field(default_factory=list)
    adviser: Involvement | None = None
    due: list[Deadline] = field(default_factory=list)

    @property
    def category_label(self) -> str:
        if self.eligibility is None or self.eligibility.category is None:
            return "Not a care leaver"
        return str(self.eligibility.category.label)

    @property
    def has_ehc_plan(self) -> bool:
        return bool(self.child.child_profile.special_educational_needs == SpecialEducationalNeeds.EHC_PLAN)

    def birthday(self, age: int) -> date | None:
        return birthday(self.child.date_of_birth, age) if self.child.date_of_birth else None

    @property
    def adviser_until(self) -> date | None:
        if self.child.date_of_birth is None:
            return None
        return personal_adviser_until(
            date_of_birth=self.child.date_of_birth,
            support_to_25_requested=bool(self.leaver and self.leaver.support_to_25_requested_on),
        )

    @property
    def may_ask_for_support_to_25(self) -> bool:
        twenty_one, twenty_five = (
            self.birthday(PERSONAL_ADVISER_TO_AGE),
            self.birthday(PERSONAL_ADVISER_ON_REQUEST_TO_AGE),
        )
        requested = bool(self.leaver and self.leaver.support_to_25_requested_on)
        return bool(twenty_one and twenty_five and twenty_one <= self.today < twenty_five and not requested)

    @property
    def staying_put_until(self) -> date | None:
        return self.birthday(STAYING_PUT_TO_AGE)

    @property
    def open_staying_put(self) -> StayingPut | None:
        return next((s for s in self.staying_put if s.ended_on is None), None)

    @property
    def prompt_eligible(self) -> bool:
        """The dates say the young person is, or was, an eligible child (now eligible, relevant or former relevant),
        and when they became one is not recorded yet (the needs assessment clock starts from that date)."""
        categories = ("eligible", "relevant", "former_relevant")
        return bool(
            self.eligibility
            and self.eligibility.category in categories
            and not (self.leaver and self.leaver.became_eligible_on)
        )


def _periods(child: Person) -> list[CarePeriod]:
    periods = PeriodOfCare.objects.filter(child=child).prefetch_related(
        Prefetch("legal_statuses", queryset=LegalStatus.objects.only("id", "period_id", "code"))
    )
    return [
        CarePeriod(
            p.started_on,
            p.ended_on,
            all(s.code in SHORT_BREAK_LEGAL_STATUSES for s in p.legal_statuses.all()),
        )
        for p in periods.order_by("started_on")
    ]


def leaving_care_get(*, actor: Any, child_id: int) -> LeavingCare:
    """A young person's leaving care record (M23), with the read audited."""
    with transaction.atomic():
        child = access_child(actor, child_id, permission=Permission.VIEW_CARE_LEAVER, purpose="leaving care")
        today = timezone.localdate()
        found = (
            eligibility(date_of_birth=child.date_of_birth, periods=_periods(child), on=today)
            if child.date_of_birth
            else None
        )
        summary = LeavingCare(
            child=child,
            today=today,
            can_record=has_permission(actor, Permission.RECORD_CARE_LEAVER, child),
            eligibility=found,
            leaver=CareLeaver.objects.filter(child=child).first(),
        )
        summary.needs_assessments = list(NeedsAssessment.objects.filter(child=child).order_by("completed_on"))
        summary.pathway_plans = list(PathwayPlan.objects.filter(child=child).order_by("agreed_on"))
        summary.pathway_reviews = list(PathwayPlanReview.objects.filter(child=child).order_by("reviewed_on"))
        summary.staying_put = list(
            StayingPut.objects.filter(child=child).select_related("carer").order_by("started_on")
        )
        summary.adviser = (
            Involvement.objects.filter(child=child, role=InvolvementRole.PERSONAL_ADVISER)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .select_related("practitioner")
            .order_by("-started_on")
            .first()
        )
        summary.due = list(
            Deadline.objects.filter(child=child, rule_code__in=CARE_LEAVER_RULES, met_on__isnull=True).order_by(
                "due_on"
            )
        )
        if child.date_of_birth:
            recorded = {c.birthday: c for c in CareLeaverCircumstances.objects.filter(child=child)}
            for age in range(FIRST_OC3_BIRTHDAY, LAST_OC3_BIRTHDAY + 1):
                opens, closes = circumstances_window(date_of_birth=child.date_of_birth, age=age)
                summary.circumstances.append(
                    BirthdayRow(age, birthday(child.date_of_birth, age), opens, closes, recorded.get(age))
                )
    return summary


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return date(today.year - years, 2, 28)


def young_people_list(*, actor: Any, today: date | None = None) -> QuerySet[Person]:
    """Care leavers (16 to 25) and young people with an EHC plan past 18, whom this reader may see: young people
    the authority still has duties to, who stay visible after 18. Soonest pathway plan review first."""
    if not has_permission(actor, Permission.VIEW_CHILDREN_IN_CARE_LIST):
        raise NotFoundOrNotPermitted
    today = today or timezone.localdate()
    sixteen = _years_ago(today, ELIGIBLE_FROM_AGE)
    eighteen = _years_ago(today, ADULT_AGE)
    twenty_five = _years_ago(today, LAST_OC3_BIRTHDAY)
    in_care_since_14 = PeriodOfCare.objects.filter(child_id=OuterRef("pk"))
    next_review = Subquery(
        Deadline.objects.filter(child_id=OuterRef("pk"), rule_code="pathway_plan_review", met_on__isnull=True)
        .order_by()
        .values("child_id")
        .annotate(first=Min("due_on"))
        .values("first")[:1]
    )
    return (
        children_visible_to(actor)
        .filter(date_of_birth__lte=sixteen, date_of_birth__gt=twenty_five)
        .filter(
            Exists(in_care_since_14)
            | Q(care_leaver__isnull=False)
            | Q(child_profile__special_educational_needs=SpecialEducationalNeeds.EHC_PLAN, date_of_birth__lte=eighteen)
        )
        .annotate(next_pathway_review_due=next_review, has_care_history=Exists(in_care_since_14))
        .select_related("child_profile")
        .order_by("next_pathway_review_due", "family_name", "given_name", "id")
    )
