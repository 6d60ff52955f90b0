"""Every read of children in care: scoped by access/ (a child the reader may not see is NotFoundOrNotPermitted)
and, for a child's record, audited in the same transaction. Each section of the care history is one query (with
its prefetches) whatever the length of the child's history, so the page does not slow down with more placements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.access.policy import child_read_through_scope, has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.agencies.roles import Role
from joinedup.audit import services as auditor
from joinedup.core.carers import ChildsCarer
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.people.models import Person
from joinedup.prompts.selectors import AnswerShown, prompt_answers_by_record
from joinedup.timescales.engine import DeadlineStatus
from joinedup.timescales.models import Deadline

from .codes import (
    CONNECTED_PERSON_PLACEMENTS,
    REPEATED_MISSING_DAYS,
    REPEATED_MISSING_EPISODES,
    RESIDENTIAL_PLACEMENTS,
    CarerRole,
    HealthAssessmentKind,
    PersonalEducationPlanKind,
)
from .models import (
    CareEpisode,
    CarePlan,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PlacementPlan,
    ReturnHomeInterview,
    ReviewDecision,
    SchoolChange,
    SchoolTerm,
    StatutoryVisit,
    StrengthsAndDifficultiesQuestionnaire,
)
from .services._common import HEALTH_RULES, LOOKED_AFTER_RULES, REVIEW_RULES, VISIT_RULES

# The care history shows the latest visits and personal education plans; the rest are counted.
VISITS_SHOWN = 10
REVIEWS_SHOWN = 10
# The columns each part of the page shows (the page reads no more than it shows).
PLACEMENT_FIELDS = (
    "id",
    "period_id",
    "child_id",
    "placement_type",
    "provider",
    "started_on",
    "ended_on",
    "reason_for_change",
    "setting_name",
    "postcode",
    "is_in_authority",
    "visiting_pattern",
    "care_plan_id",
    "care_plan_due_on",
    "carer_id",
    "carer_practitioner_id",
)
EPISODE_FIELDS = (
    "id",
    "period_id",
    "started_on",
    "ended_on",
    "reason_new_episode",
    "reason_ceased",
    "legal_status_id",
    "placement_id",
)
VOICE_FIELDS = ("child_voice_words", "child_voice_not_obtained", "child_voice_not_obtained_detail")
REVIEW_FIELDS = ("id", "period_id", "held_on", "number", "participation", "permanence_plan", "chair_id", *VOICE_FIELDS)
PERIOD_FIELDS = (
    "id",
    "child_id",
    "started_on",
    "ended_on",
    "reason_ceased",
    "category_of_need",
    "is_unaccompanied_asylum_seeking",
)
DEADLINE_FIELDS = ("id", "child_id", "rule_code", "started_on", "due_on", "due_at", "met_on", "figure_applied")

# What each part of the care history needs (access/policy.py decides who has it).
SECTION_PERMISSIONS = {
    "record": Permission.VIEW_CARE_RECORD,
    "placement": Permission.VIEW_CURRENT_PLACEMENT,
    "health": Permission.VIEW_CARE_HEALTH,
    "education": Permission.VIEW_CARE_EDUCATION,
    "missing": Permission.VIEW_MISSING_EPISODES,
    "care_leaver": Permission.VIEW_CARE_LEAVER,
    "record_care": Permission.RECORD_CARE,
    "record_review": Permission.RECORD_LOOKED_AFTER_REVIEW,
    "record_health_assessment": Permission.RECORD_HEALTH_ASSESSMENT,
    "record_health_check": Permission.RECORD_HEALTH_CHECK,
    "record_education": Permission.RECORD_CARE_EDUCATION,
    "record_missing": Permission.RECORD_MISSING_EPISODE,
    "record_return_home_interview": Permission.RECORD_RETURN_HOME_INTERVIEW,
}
# Any one of these shows part of the care history; a reader with none sees only whether the child is looked after
# (the flag every reader of the child's record sees).
PAGE_SECTIONS = ("record", "placement", "health", "education", "missing")


def care_permissions(*, actor: Any, child: Person) -> dict[str, bool]:
    return {name: has_permission(actor, permission, child) for name, permission in SECTION_PERMISSIONS.items()}


@dataclass(frozen=True)
class DueItem:
    """The open statutory clock of one kind (the next review, visit, health assessment...)."""

    label: str
    deadline: Deadline

    def status(self, today: date) -> DeadlineStatus:
        return self.deadline.status_on(today)


@dataclass(frozen=True)
class HealthAndEducation:
    """The latest of each health check (SSDA903 OC2) and personal education plan, read in one query."""

    health_assessment_on: date | None = None
    health_assessment_kind: str = ""
    health_assessments: int = 0
    dental_on: date | None = None
    immunisations_on: date | None = None
    immunisations_up_to_date: bool | None = None
    questionnaire_on: date | None = None
    questionnaire_score: int | None = None
    questionnaire_reason: str = ""
    education_plan_on: date | None = None
    education_plan_kind: str = ""

    @property
    def health_assessment_label(self) -> str:
        return str(HealthAssessmentKind(self.health_assessment_kind).label) if self.health_assessment_kind else ""

    @property
    def education_plan_label(self) -> str:
        return str(PersonalEducationPlanKind(self.education_plan_kind).label) if self.education_plan_kind else ""


def _latest(model: Any, child: Person, date_field: str, *values: str) -> dict[str, Any]:
    row = model.objects.filter(child_id=child.pk).order_by(f"-{date_field}", "-id").values(*values).first()
    return row or {}


def _health_and_education(child: Person, *, health: bool, education: bool) -> HealthAndEducation:
    """The latest of each, for the parts the reader may see (nothing of health for a reader who may not see it).
    One small query a kind: quicker to build than one query of a dozen subqueries, on a page read all day."""
    found: dict[str, Any] = {}
    if health:
        assessments = list(
            HealthAssessment.objects.filter(child_id=child.pk)
            .order_by("-assessed_on", "-id")
            .values_list("assessed_on", "kind")
        )
        if assessments:
            found.update(
                health_assessment_on=assessments[0][0],
                health_assessment_kind=assessments[0][1],
                health_assessments=len(assessments),
            )
        dental = _latest(DentalCheck, child, "checked_on", "checked_on")
        immunisations = _latest(ImmunisationStatus, child, "recorded_on", "recorded_on", "is_up_to_date")
        questionnaire = _latest(
            StrengthsAndDifficultiesQuestionnaire,
            child,
            "completed_on",
            "completed_on",
            "score",
            "reason_not_completed",
        )
        found.update(
            dental_on=dental.get("checked_on"),
            immunisations_on=immunisations.get("recorded_on"),
            immunisations_up_to_date=immunisations.get("is_up_to_date"),
            questionnaire_on=questionnaire.get("completed_on"),
            questionnaire_score=questionnaire.get("score"),
            questionnaire_reason=questionnaire.get("reason_not_completed"),
        )
    if education:
        plan = _latest(PersonalEducationPlan, child, "held_on", "held_on", "kind")
        found.update(education_plan_on=plan.get("held_on"), education_plan_kind=plan.get("kind"))
    return HealthAndEducation(**{k: v for k, v in found.items() if v is not None})


@dataclass
class CareHistory:
    child: Person
    can: dict[str, bool]
    today: date
    periods: list[PeriodOfCare] = field(default_factory=list)
    care_plans: list[CarePlan] = field(default_factory=list)
    reviews: list[LookedAfterReview] = field(default_factory=list)
    visits: list[StatutoryVisit] = field(default_factory=list)
    summary: HealthAndEducation = field(default_factory=HealthAndEducation)
    school_changes: list[SchoolChange] = field(default_factory=list)
    missing_episodes: list[MissingEpisode] = field(default_factory=list)
    # The practice prompts answered at each return home interview (M32), by missing episode: the caseworkers' only.
    interview_prompt_answers: dict[int, list[AnswerShown]] = field(default_factory=dict)
    visit_count: int = 0
    review_count: int = 0
    current_placement: Placement | None = None
    due: list[DueItem] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    current_term: SchoolTerm | None = None
    education_plan_this_term: PersonalEducationPlan | None = None
    school_has_terms: bool = False

    @property
    def current_period(self) -> PeriodOfCare | None:
        return next((p for p in self.periods if p.ended_on is None), None)

    @property
    def is_looked_after(self) -> bool:
        return self.current_period is not None

    @property
    def current_legal_status(self) -> LegalStatus | None:
        period = self.current_period
        if period is None:
            return None
        return next((s for s in period.legal_statuses.all() if s.ended_on is None), None)

    @property
    def current_care_plan(self) -> CarePlan | None:
        period = self.current_period
        plans = [p for p in self.care_plans if period is not None and p.period_id == period.pk]
        return plans[-1] if plans else None

    @property
    def placements(self) -> list[Placement]:
        return [p for period in self.periods for p in period.placements.all()]

    @property
    def independent_reviewing_officer(self) -> Any:
        return next(
            (i.practitioner for i in self.involvements if i.role == InvolvementRole.INDEPENDENT_REVIEWING_OFFICER),
            None,
        )

    @property
    def partners(self) -> list[Involvement]:
        roles = {
            InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE,
            InvolvementRole.DESIGNATED_TEACHER,
            InvolvementRole.FOSTER_CARER,
            InvolvementRole.RESIDENTIAL_KEY_WORKER,
        }
        return [i for i in self.involvements if i.role in roles]

    @property
    def permanence_plan(self) -> str:
        """The permanence plan most recently confirmed at a review, else the care plan's."""
        for review in reversed(self.reviews):
            if review.permanence_plan:
                return review.get_permanence_plan_display()
        plan = self.current_care_plan
        return plan.get_permanence_plan_display() if plan and plan.permanence_plan else ""

    @property
    def recent_missing_count(self) -> int:
        since = timezone.now() - timedelta(days=REPEATED_MISSING_DAYS)
        return sum(1 for e in self.missing_episodes if e.started_at >= since)

    @property
    def missing_is_repeated(self) -> bool:
        return self.recent_missing_count >= REPEATED_MISSING_EPISODES

    @property
    def open_missing_episode(self) -> MissingEpisode | None:
        return next((e for e in self.missing_episodes if e.ended_at is None), None)

    @property
    def overdue(self) -> list[DueItem]:
        return [d for d in self.due if d.deadline.due_on < self.today]


DUE_LABELS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("care_plan",), "Care plan"),
    (("placement_plan",), "Placement plan"),
    (REVIEW_RULES, "Next looked-after review"),
    (VISIT_RULES, "Next statutory visit"),
    (HEALTH_RULES, "Next health assessment"),
    (("personal_education_plan",), "Personal education plan"),
    (("return_home_interview",), "Return home interview offered"),
)


def _due_items(deadlines: list[Deadline]) -> list[DueItem]:
    items = []
    for rule_codes, label in DUE_LABELS:
        matching = [d for d in deadlines if d.rule_code in rule_codes]
        if matching:
            items.append(DueItem(label, min(matching, key=lambda d: (d.due_on, d.pk))))
    return items


def care_history_get(*, actor: Any, child_id: int) -> CareHistory:
    """A child's care history (M21-M22), the parts this reader may see, with the read audited. One query per part,
    whatever the number of periods, placements, reviews or visits."""
    with transaction.atomic():
        child = (
            children_visible_to(actor)
            .select_related("child_profile", "child_profile__school")
            .filter(pk=child_id)
            .first()
        )
        if child is None:
            raise NotFoundOrNotPermitted
        child_read_through_scope(actor, child)
        can = care_permissions(actor=actor, child=child)
        history = CareHistory(child=child, can=can, today=timezone.localdate())
        _load(history)
        # Audited last, in the same transaction: the audit chain's head is locked only for the end of it.
        auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason="care history")
    return history


def _load(history: CareHistory) -> None:
    child = history.child
    can = history.can
    placements = (
        Placement.objects.select_related("carer", "carer_practitioner")
        .only(*PLACEMENT_FIELDS, "carer__given_name", "carer__family_name", "carer_practitioner__given_name")
        .annotate(
            plan_agreed_on=Subquery(
                PlacementPlan.objects.filter(placement_id=OuterRef("pk"))
                .order_by("-agreed_on", "-id")
                .values("agreed_on")[:1]
            )
        )
        .order_by("started_on", "id")
    )
    if can["record"]:
        history.periods = list(
            PeriodOfCare.objects.filter(child=child)
            .only(*PERIOD_FIELDS)
            .prefetch_related(
                Prefetch(
                    "legal_statuses",
                    queryset=LegalStatus.objects.only("id", "period_id", "code", "started_on", "ended_on").order_by(
                        "started_on", "id"
                    ),
                ),
                Prefetch("placements", queryset=placements),
            )
            .order_by("started_on", "id")
        )
        history.care_plans = list(
            CarePlan.objects.filter(child=child)
            .only("id", "child_id", "period_id", "agreed_on", "permanence_plan", *VOICE_FIELDS)
            .order_by("agreed_on", "id")
        )
        latest_reviews = list(
            LookedAfterReview.objects.filter(child=child)
            .select_related("chair")
            .only(*REVIEW_FIELDS, "chair__given_name", "chair__family_name")
            .annotate(total=Window(Count("id")))
            .prefetch_related(
                Prefetch("decisions", queryset=ReviewDecision.objects.only("id", "review_id", "decision"))
            )
            .order_by("-held_on", "-id")[:REVIEWS_SHOWN]
        )
        history.reviews = list(reversed(latest_reviews))
        history.review_count = getattr(latest_reviews[0], "total", 0) if latest_reviews else 0
        history.visits = list(
            StatutoryVisit.objects.filter(child=child)
            .select_related("visited_by")
            .only(
                "id",
                "visited_on",
                "child_seen",
                "child_seen_alone",
                "placement_id",
                "visited_by__given_name",
                "visited_by__family_name",
            )
            .annotate(total=Window(Count("id")))
            .order_by("-visited_on", "-id")[:VISITS_SHOWN]
        )
        placements_by_id = {p.pk: p for p in history.placements}
        for visit in history.visits:
            if visit.placement_id in placements_by_id:
                visit.placement = placements_by_id[visit.placement_id]
        history.visit_count = getattr(history.visits[0], "total", 0) if history.visits else 0
        history.current_placement = next((p for p in history.placements if p.ended_on is None), None)
        history.involvements = list(
            Involvement.objects.filter(child=child)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=history.today))
            .select_related("practitioner", "practitioner__organisation")
            .only(
                "id",
                "role",
                "started_on",
                "ended_on",
                "practitioner__given_name",
                "practitioner__family_name",
                "practitioner__organisation__name",
            )
            .order_by("role", "started_on")
        )
        rules = (*LOOKED_AFTER_RULES, "return_home_interview")
        history.due = _due_items(
            list(
                Deadline.objects.filter(child=child, met_on__isnull=True, rule_code__in=rules)
                .only(*DEADLINE_FIELDS)
                .order_by("due_on")
            )
        )
    elif can["placement"]:
        history.current_placement = placements.filter(child=child, ended_on__isnull=True).first()
    history.summary = _health_and_education(child, health=can["health"], education=can["education"])
    if can["education"]:
        history.school_changes = list(
            SchoolChange.objects.filter(child=child)
            .select_related("school", "previous_school")
            .only("id", "changed_on", "school__name", "previous_school__name")
            .order_by("changed_on", "id")
        )
        _term(history)
    if can["missing"]:
        history.missing_episodes = list(
            MissingEpisode.objects.filter(child=child)
            .select_related("return_home_interview")
            .only(
                "id",
                "kind",
                "started_at",
                "ended_at",
                "return_home_interview__offered_at",
                "return_home_interview__accepted",
            )
            .order_by("-started_at", "-id")
        )
        if can["record"]:
            # The interviews were read with their episodes: one query for their answers, none without interviews.
            episode_of = {}
            for e in history.missing_episodes:
                try:
                    episode_of[e.return_home_interview.pk] = e.pk
                except ReturnHomeInterview.DoesNotExist:
                    continue
            answers = prompt_answers_by_record(ReturnHomeInterview, list(episode_of))
            history.interview_prompt_answers = {episode_of[pk]: shown for pk, shown in answers.items()}


def care_episodes_get(*, actor: Any, child_id: int) -> tuple[Person, list[PeriodOfCare]]:
    """The child's SSDA903 episodes, period by period, for their care workers (and the returns); audited."""
    with transaction.atomic():
        child = access_child(actor, child_id, permission=Permission.VIEW_CARE_RECORD)
        auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason="SSDA903 episodes")
        periods = list(
            PeriodOfCare.objects.filter(child=child)
            .prefetch_related(
                Prefetch("legal_statuses", queryset=LegalStatus.objects.only("id", "period_id", "code")),
                Prefetch(
                    "placements",
                    queryset=Placement.objects.only(
                        "id", "period_id", "placement_type", "provider", "postcode", "ended_on", "reason_for_change"
                    ),
                ),
                Prefetch("episodes", queryset=CareEpisode.objects.only(*EPISODE_FIELDS).order_by("started_on", "id")),
            )
            .order_by("started_on", "id")
        )
        _attach_episode_parts(periods)
    return child, periods


def _attach_episode_parts(periods: list[PeriodOfCare]) -> None:
    """Each SSDA903 episode's legal status and placement are among its period's, already loaded: attach them rather
    than read them again."""
    for period in periods:
        statuses = {s.pk: s for s in period.legal_statuses.all()}
        placements = {p.pk: p for p in period.placements.all()}
        for episode in period.episodes.all():
            episode.legal_status = statuses[episode.legal_status_id]
            episode.placement = placements[episode.placement_id]


def _term(history: CareHistory) -> None:
    """Personal education plans are reviewed termly: the current term at the child's school (its dates are data
    the school gives, never guessed) and the plan held in it, if any."""
    school_id = history.child.child_profile.school_id
    if school_id is None:
        return
    terms = list(SchoolTerm.objects.filter(school_id=school_id, ends_on__gte=history.today).order_by("starts_on")[:2])
    history.school_has_terms = bool(terms)
    term = next((t for t in terms if t.starts_on <= history.today), None)
    history.current_term = term
    if term is not None:
        history.education_plan_this_term = (
            PersonalEducationPlan.objects.filter(child=history.child, held_on__range=(term.starts_on, term.ends_on))
            .only("id", "held_on")
            .order_by("-held_on", "-id")
            .first()
        )


# -- lists ------------------------------------------------------------------------------------------------------


def _next_due(rule_codes: tuple[str, ...]) -> Subquery:
    return Subquery(
        Deadline.objects.filter(child_id=OuterRef("pk"), rule_code__in=rule_codes, met_on__isnull=True)
        .order_by()
        .values("child_id")
        .annotate(first=Min("due_on"))
        .values("first")[:1]
    )


def children_in_care_list(*, actor: Any, today: date | None = None) -> QuerySet[Person]:
    """The looked-after children this reader may see, with when each one's next review and visit are due and how
    many of their clocks are overdue, soonest review first."""
    if not has_permission(actor, Permission.VIEW_CHILDREN_IN_CARE_LIST):
        raise NotFoundOrNotPermitted
    today = today or timezone.localdate()
    open_period = PeriodOfCare.objects.filter(child_id=OuterRef("pk"), ended_on__isnull=True)
    return (
        children_visible_to(actor)
        .filter(Exists(open_period))
        .annotate(
            looked_after_since=Subquery(open_period.values("started_on")[:1]),
            next_review_due=_next_due(REVIEW_RULES),
            next_visit_due=_next_due(VISIT_RULES),
            overdue_count=Count(
                "deadlines",
                filter=Q(
                    deadlines__met_on__isnull=True,
                    deadlines__due_on__lt=today,
                    deadlines__rule_code__in=LOOKED_AFTER_RULES,
                ),
            ),
        )
        .select_related("child_profile")
        .order_by("next_review_due", "family_name", "given_name", "id")
    )


# -- for the API and the returns ----------------------------------------------------------------------------------


def independent_reviewing_officer(*, child: Person) -> Any:
    from .services._common import independent_reviewing_officer_of

    return independent_reviewing_officer_of(child)


def current_or_last_period(*, child: Person) -> PeriodOfCare | None:
    return PeriodOfCare.objects.filter(child=child).order_by("-started_on", "-id").first()


def placements_for(*, child: Person, current_only: bool = False) -> QuerySet[Placement]:
    qs = Placement.objects.filter(child=child).select_related("carer").order_by("started_on", "id")
    return qs.filter(ended_on__isnull=True) if current_only else qs


def episodes_for(*, child: Person) -> QuerySet[CareEpisode]:
    return (
        CareEpisode.objects.filter(child=child)
        .select_related("legal_status", "placement", "period")
        .order_by("started_on", "id")
    )


def current_carers(*, child: Person) -> list[Any]:
    """Who the child lives with now, for the child's assessments (M13, M21): the carer in the child's current
    placement (a person record) and the foster carer or residential key worker who uses JoinedUp."""
    placement = Placement.objects.filter(child=child, ended_on__isnull=True).select_related(
        "carer", "carer_practitioner"
    )
    current = placement.first()
    if current is None:
        return []
    return [p for p in (current.carer, current.carer_practitioner) if p is not None]


_CARER_ROLE_OF_PRACTITIONER = {
    Role.FOSTER_CARER: CarerRole.FOSTER_CARER,
    Role.RESIDENTIAL_CARE_WORKER: CarerRole.RESIDENTIAL_CARE_WORKER,
}
_CARER_ROLE_OF_INVOLVEMENT = {
    InvolvementRole.FOSTER_CARER: CarerRole.FOSTER_CARER,
    InvolvementRole.RESIDENTIAL_KEY_WORKER: CarerRole.RESIDENTIAL_CARE_WORKER,
}


def childs_carers(*, child: Person, on: date | None = None) -> list[ChildsCarer]:
    """The child's current carers, from the placement record and the carers' involvements: none for a child who
    lives with neither foster carers nor in a children's home. Two queries. Asks no permission: the service the
    user calls checks theirs (as `current_carers`)."""
    on = on or timezone.localdate()
    carers: dict[str, ChildsCarer] = {}
    placement = (
        Placement.objects.filter(child=child, ended_on__isnull=True, started_on__lte=on)
        .select_related("carer", "carer_practitioner")
        .first()
    )
    if placement is not None:
        if placement.placement_type in CONNECTED_PERSON_PLACEMENTS:
            placement_role = CarerRole.CONNECTED_CARER
        elif placement.placement_type in RESIDENTIAL_PLACEMENTS:
            placement_role = CarerRole.RESIDENTIAL_CARE_WORKER
        else:
            placement_role = CarerRole.FOSTER_CARER
        if placement.carer is not None:
            key = f"person-{placement.carer.pk}"
            carers[key] = ChildsCarer(
                key,
                placement.carer.full_name,
                placement_role,
                person_id=placement.carer.pk,
                setting=placement.setting_name,
            )
        if placement.carer_practitioner is not None:
            worker = placement.carer_practitioner
            key = f"practitioner-{worker.pk}"
            carers[key] = ChildsCarer(
                key,
                worker.full_name,
                _CARER_ROLE_OF_PRACTITIONER.get(Role(worker.role), placement_role),
                practitioner_id=worker.pk,
                setting=placement.setting_name,
            )
    involved = (
        Involvement.objects.filter(
            child=child,
            role__in=[InvolvementRole.FOSTER_CARER, InvolvementRole.RESIDENTIAL_KEY_WORKER],
            started_on__lte=on,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("practitioner")
        .order_by("started_on", "id")
    )
    for involvement in involved:
        worker = involvement.practitioner
        key = f"practitioner-{worker.pk}"
        if key not in carers:
            carers[key] = ChildsCarer(
                key,
                worker.full_name,
                _CARER_ROLE_OF_INVOLVEMENT[InvolvementRole(involvement.role)],
                practitioner_id=worker.pk,
            )
    return list(carers.values())


# -- adoption and deprivation of liberty ---------------------------------------------------------------------------


@dataclass
class AdoptionPeriod:
    """One period of care as the adoption page shows it: the decisions (with any match), the placements for
    adoption, the adoption order (the period ending E11 or E12) and the deprivation of liberty orders."""

    period: PeriodOfCare
    decisions: list[Any] = field(default_factory=list)
    placements_for_adoption: list[Placement] = field(default_factory=list)
    orders: list[Any] = field(default_factory=list)

    @property
    def adopted_on(self) -> date | None:
        return self.period.ended_on if self.period.reason_ceased in ("E11", "E12") else None

    @property
    def open_decision(self) -> Any:
        return next((d for d in self.decisions if d.ceased_on is None), None)


def adoption_get(*, actor: Any, child_id: int) -> tuple[Person, list[AdoptionPeriod]]:
    """The child's adoption record and deprivation of liberty orders, period by period (latest first); audited.
    A fixed number of queries whatever the history's length."""
    from .codes import ADOPTION_PLACEMENTS
    from .models import AdoptionDecision, DeprivationOfLibertyOrder

    with transaction.atomic():
        child = access_child(actor, child_id, permission=Permission.VIEW_CARE_RECORD)
        auditor.record_viewed(actor=actor, obj=child, child_id=child.pk, reason="Adoption and deprivation of liberty")
        periods = {
            p.pk: AdoptionPeriod(period=p)
            for p in PeriodOfCare.objects.filter(child=child).order_by("-started_on", "-id")
        }
        for decision in (
            AdoptionDecision.objects.filter(child=child).select_related("match").order_by("decided_on", "id")
        ):
            periods[decision.period_id].decisions.append(decision)
        for placement in Placement.objects.filter(child=child, placement_type__in=ADOPTION_PLACEMENTS).order_by(
            "started_on", "id"
        ):
            periods[placement.period_id].placements_for_adoption.append(placement)
        for order in DeprivationOfLibertyOrder.objects.filter(child=child).order_by("started_on", "id"):
            periods[order.period_id].orders.append(order)
    return child, list(periods.values())
