"""Reads of learning from serious incidents (issue 22): the incidents a user may see, one incident with its rapid
review, local review and actions, the rapid review's chronology (the multi-agency chronology's own selector for the
dates chosen), learning actions (an owner's own, the partnership's all), the learning log, the work they give
people, and the figures the partnership's yearly report reads (`learning_summary`). Every page read is audited."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, Prefetch, Q, QuerySet
from django.urls import reverse

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.chronology.selectors import ChronologyFilters, ChronologyRow, chronology_for_child
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.work import WorkItem, WorkKind
from joinedup.harms.models import HarmType
from joinedup.timescales.models import Deadline, record_key
from joinedup.ui.govuk import uk_date

from .models import (
    AgencyContribution,
    LearningAction,
    LearningTheme,
    LocalPracticeReview,
    RapidReview,
    SeriousIncident,
)
from .services import NOTIFICATION_RULE, PUBLICATION_RULE, RAPID_REVIEW_RULE

LEARNING_RULES = (NOTIFICATION_RULE, RAPID_REVIEW_RULE, PUBLICATION_RULE)


class ActionStatus(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    COMPLETED = "completed"


ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.OVERDUE: "Overdue",
    ActionStatus.COMPLETED: "Completed",
}


def action_status(action: LearningAction, today: dt.date) -> ActionStatus:
    if action.completed_on is not None:
        return ActionStatus.COMPLETED
    return ActionStatus.OVERDUE if action.due_on < today else ActionStatus.OPEN


# -- serious incidents -----------------------------------------------------------------------------------------------


def _incidents_managed_by(actor: Any) -> QuerySet[SeriousIncident]:
    """Every incident for the partnership lead and the partners' delegates; the ones they recorded for the authority's
    managers; none for anyone else."""
    if not has_permission(actor, Permission.VIEW_SERIOUS_INCIDENTS):
        return SeriousIncident.objects.none()
    if has_permission(actor, Permission.VIEW_LEARNING_LOG):
        return SeriousIncident.objects.all()
    return SeriousIncident.objects.filter(recorded_by_id=actor.pk)


def serious_incident_list(*, actor: Any) -> list[SeriousIncident]:
    """The incidents the actor may see, newest first, each with its child, rapid review and local review and its
    clocks (`clocks`: rule code to Deadline). Three queries whatever their number; the read of each is audited."""
    incidents = list(_incidents_managed_by(actor).select_related("child", "rapid_review", "rapid_review__local_review"))
    _attach_clocks(incidents)
    if incidents:
        with transaction.atomic():
            auditor.audit_events_record(
                actor=actor,
                events=[
                    auditor.EventSpec(
                        AuditAction.VIEWED, "learning.seriousincident", i.pk, i.child_id, "Serious incidents"
                    )
                    for i in incidents
                ],
            )
    return incidents


def _attach_clocks(incidents: list[SeriousIncident]) -> None:
    keys: dict[str, SeriousIncident] = {}
    for incident in incidents:
        incident.clocks = {}  # type: ignore[attr-defined]
        keys[record_key(incident)] = incident
        local = _local_review_of(incident)
        if local is not None:
            keys[record_key(local)] = incident
    if not keys:
        return
    for deadline in Deadline.objects.filter(subject_key__in=keys, rule_code__in=LEARNING_RULES):
        keys[deadline.subject_key].clocks[deadline.rule_code] = deadline  # type: ignore[attr-defined]


def _local_review_of(incident: SeriousIncident) -> LocalPracticeReview | None:
    review = getattr(incident, "rapid_review", None) if _has_review(incident) else None
    if review is None:
        return None
    try:
        return review.local_review
    except LocalPracticeReview.DoesNotExist:
        return None


def _has_review(incident: SeriousIncident) -> bool:
    try:
        incident.rapid_review  # noqa: B018  (read through select_related; a missing one raises)
    except RapidReview.DoesNotExist:
        return False
    return True


def serious_incident_get(*, actor: Any, incident_id: int, purpose: str = "") -> SeriousIncident:
    """One incident the actor may manage, with everything its page shows (a fixed number of queries), its clocks
    in `clocks`. Not theirs, or not there: NotFoundOrNotPermitted. With a purpose, the read is audited."""
    incident = (
        SeriousIncident.objects.select_related("child", "rapid_review", "rapid_review__local_review")
        .prefetch_related(
            "harm_types",
            "agencies_involved",
            "themes",
            Prefetch(
                "recommendations__actions",
                queryset=LearningAction.objects.select_related("owner__organisation"),
            ),
        )
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or not has_permission(actor, Permission.MANAGE_SERIOUS_INCIDENT, incident):
        raise NotFoundOrNotPermitted
    _attach_clocks([incident])
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=incident, child_id=incident.child_id, reason=purpose)
    return incident


def rapid_review_of(incident: SeriousIncident) -> RapidReview | None:
    return incident.rapid_review if _has_review(incident) else None


def local_review_of(incident: SeriousIncident) -> LocalPracticeReview | None:
    return _local_review_of(incident)


def contributions_for(review: RapidReview) -> list[AgencyContribution]:
    return list(review.contributions.select_related("practitioner", "organisation"))


def rapid_review_chronology(*, actor: Any, review: RapidReview) -> list[ChronologyRow]:
    """The agencies' chronologies for the rapid review's dates: the multi-agency chronology's own selector, read as
    it stands (never copied), as the reader may see it. The read is audited by that selector."""
    view = chronology_for_child(
        actor=actor,
        child=review.incident.child,
        filters=ChronologyFilters(start=review.chronology_from, end=review.chronology_to),
    )
    return view.rows


# -- contributions ---------------------------------------------------------------------------------------------------


def contribution_get(*, actor: Any, contribution_id: int, purpose: str = "") -> AgencyContribution:
    """A contribution the actor was asked for; NotFoundOrNotPermitted otherwise."""
    contribution = (
        AgencyContribution.objects.select_related("rapid_review__incident__child", "organisation", "practitioner")
        .filter(pk=contribution_id)
        .first()
    )
    if contribution is None or not has_permission(actor, Permission.RECORD_RAPID_REVIEW_CONTRIBUTION, contribution):
        raise NotFoundOrNotPermitted
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(
                actor=actor, obj=contribution, child_id=contribution.rapid_review.incident.child_id, reason=purpose
            )
    return contribution


# -- learning actions -----------------------------------------------------------------------------------------------


def _actions() -> QuerySet[LearningAction]:
    return LearningAction.objects.select_related("owner__organisation", "recommendation__incident")


def learning_action_list(*, actor: Any, every_agency: bool = False) -> list[LearningAction]:
    """The actions the actor owns; with `every_agency`, every action, for the partnership lead and the partners'
    delegates (anyone else gets only their own). Open ones first, soonest due first. One query."""
    if every_agency and has_permission(actor, Permission.VIEW_LEARNING_LOG):
        qs = _actions()
    else:
        practitioner = practitioner_of(actor)
        if practitioner is None:
            return []
        qs = _actions().filter(owner_id=practitioner.pk)
    return sorted(qs, key=lambda a: (a.completed_on is not None, a.due_on, a.pk))


def learning_action_get(*, actor: Any, action_id: int, purpose: str = "") -> LearningAction:
    action = _actions().prefetch_related("updates").filter(pk=action_id).first()
    if action is None or not has_permission(actor, Permission.UPDATE_LEARNING_ACTION, action):
        raise NotFoundOrNotPermitted
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(
                actor=actor, obj=action, child_id=action.recommendation.incident.child_id, reason=purpose
            )
    return action


# -- the learning log ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningLogFilters:
    theme: str = ""
    harm_type: str = ""  # a harm type's code (the 2026 taxonomy)
    text: str = ""


def learning_log(*, actor: Any, filters: LearningLogFilters) -> list[SeriousIncident]:
    """The partnership's learning across reviews: incidents with a rapid review, matching a theme, a harm type and
    words in what happened, the immediate learning, the recommendations or their actions. Newest first; a fixed
    number of queries whatever the number found."""
    if not has_permission(actor, Permission.VIEW_LEARNING_LOG):
        raise NotFoundOrNotPermitted
    qs = SeriousIncident.objects.filter(rapid_review__isnull=False)
    if filters.theme:
        qs = qs.filter(themes__theme=filters.theme)
    if filters.harm_type:
        qs = qs.filter(harm_types__code=filters.harm_type)
    text = filters.text.strip()
    if text:
        qs = qs.filter(
            Q(what_happened__icontains=text)
            | Q(rapid_review__immediate_learning__icontains=text)
            | Q(recommendations__recommendation__icontains=text)
            | Q(recommendations__actions__action__icontains=text)
        )
    rows = list(
        SeriousIncident.objects.filter(pk__in=qs.values("pk"))
        .select_related("rapid_review")
        .prefetch_related("harm_types", "themes", "recommendations")
        .order_by("-became_aware_on", "-id")
    )
    return rows


def learning_log_harm_types() -> list[HarmType]:
    return list(HarmType.objects.filter(is_active=True).order_by("display_order"))


# -- work ------------------------------------------------------------------------------------------------------------


def learning_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """What learning asks of the actor (declared in work.py): a contribution asked of them, the learning actions they
    own that are not done, and for whoever manages incidents the notification and rapid review still to send. One
    query for the many who have none of these; at most five whatever their number."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return []
    asked_of_them = AgencyContribution.objects.filter(
        practitioner_id=practitioner.pk, recorded_on__isnull=True, rapid_review__sent_to_panel_on__isnull=True
    )
    owned = LearningAction.objects.filter(owner_id=practitioner.pk, completed_on__isnull=True)
    manages = has_permission(actor, Permission.VIEW_SERIOUS_INCIDENTS)
    to_send = _incidents_managed_by(actor).filter(
        Q(notified_on__isnull=True) | Q(rapid_review__isnull=True) | Q(rapid_review__sent_to_panel_on__isnull=True)
    )
    # Most people have none of it: one query says which of the three to read.
    present: dict[str, Any] = dict(
        Practitioner.objects.filter(pk=practitioner.pk)
        .values(
            asked=Exists(asked_of_them),
            owned=Exists(owned),
            **({"to_send": Exists(to_send)} if manages else {}),
        )
        .get()
    )
    items: list[WorkItem] = []
    asked = list(asked_of_them.select_related("rapid_review__incident")) if present["asked"] else []
    review_due = (
        {
            d.subject_key: d.due_on
            for d in Deadline.objects.filter(
                subject_key__in=[record_key(c.rapid_review.incident) for c in asked], rule_code=RAPID_REVIEW_RULE
            )
        }
        if asked
        else {}
    )
    for c in asked:
        items.append(
            WorkItem(
                kind=WorkKind.CONTRIBUTION,
                title="Your agency's contribution to a rapid review",
                url=reverse("learning:contribution", args=[c.pk]),
                due_on=review_due.get(record_key(c.rapid_review.incident)),
                since=c.asked_on,
                object_type="learning.agencycontribution",
                object_id=c.pk,
            )
        )
    for a in owned.select_related("recommendation__incident") if present["owned"] else []:
        of = uk_date(a.recommendation.incident.incident_on)  # two incidents' actions may be worded alike
        items.append(
            WorkItem(
                kind=WorkKind.ACTION,
                title=f"Learning action: {a.action} (serious incident of {of})",
                url=reverse("learning:action", args=[a.pk]),
                due_on=a.due_on,
                object_type="learning.learningaction",
                object_id=a.pk,
            )
        )
    if present.get("to_send"):
        incidents = {record_key(i): i for i in to_send.only("pk", "child_id", "became_aware_on")}
        open_clocks = Deadline.objects.filter(
            subject_key__in=list(incidents), rule_code__in=(NOTIFICATION_RULE, RAPID_REVIEW_RULE), met_on__isnull=True
        )
        titles = {
            NOTIFICATION_RULE: "Send the serious incident notification to the Panel",
            RAPID_REVIEW_RULE: "Send the rapid review to the Panel",
        }
        for d in open_clocks:
            items.append(
                WorkItem(
                    kind=WorkKind.ACTION,
                    title=f"{titles[d.rule_code]} (aware {uk_date(incidents[d.subject_key].became_aware_on)})",
                    url=reverse("learning:incident", args=[incidents[d.subject_key].pk]),
                    due_on=d.due_on,
                    object_type="learning.seriousincident",
                    object_id=incidents[d.subject_key].pk,
                )
            )
    return items


# -- the figures for the partnership's yearly report ----------------------------------------------------------------


@dataclass(frozen=True)
class LearningSummary:
    """Learning from serious incidents over a date range (the partnership's yearly report, issue 22 item 5).

    - incidents notified: notifications sent to the Panel in the range; on time: met by the clock's due date;
    - rapid reviews completed: sent to the Panel in the range; on time: likewise;
    - local reviews decided: decisions for a local child safeguarding practice review in the range; published: those
      published in the range, on time likewise; not published: reasons recorded for reviews decided in the range;
    - learning actions by status (open, overdue, completed) as they stood at the end of the range, for every action
      from an incident known by then, and the number completed within the range;
    - themes: how many incidents the partnership became aware of in the range carried each theme and each harm type,
      by its plain label, most frequent first."""

    start: dt.date
    end: dt.date
    incidents_aware: int = 0
    incidents_notified: int = 0
    incidents_notified_on_time: int = 0
    rapid_reviews_completed: int = 0
    rapid_reviews_on_time: int = 0
    local_reviews_decided: int = 0
    local_reviews_published: int = 0
    local_reviews_published_on_time: int = 0
    local_reviews_not_published: int = 0
    actions_by_status: dict[str, int] = field(default_factory=dict)
    actions_completed: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)


def _met_counts(rule_code: str, start: dt.date, end: dt.date) -> tuple[int, int]:
    met = Deadline.objects.filter(rule_code=rule_code, met_on__gte=start, met_on__lte=end).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(met_on__lte=F("due_on")))
    )
    return int(met["n"]), int(met["on_time"])


def learning_summary(*, start: dt.date, end: dt.date) -> LearningSummary:
    """The figures of learning from serious incidents between `start` and `end` (both inclusive), in SQL aggregates:
    a fixed number of queries whatever the number of incidents. Aggregates only: no child is named."""
    notified, notified_on_time = _met_counts(NOTIFICATION_RULE, start, end)
    reviewed, reviewed_on_time = _met_counts(RAPID_REVIEW_RULE, start, end)
    published, published_on_time = _met_counts(PUBLICATION_RULE, start, end)
    local = LocalPracticeReview.objects.filter(decided_on__gte=start, decided_on__lte=end).aggregate(
        decided=Count("id"), not_published=Count("id", filter=~Q(not_published_reason=""))
    )
    # Each action from an incident known by the end of the range, as it stood at its end.
    done_by_end = Q(completed_on__isnull=False, completed_on__lte=end)
    actions = LearningAction.objects.filter(recommendation__incident__became_aware_on__lte=end).aggregate(
        completed=Count("id", filter=done_by_end),
        overdue=Count("id", filter=~done_by_end & Q(due_on__lt=end)),
        open=Count("id", filter=~done_by_end & Q(due_on__gte=end)),
        completed_in_range=Count("id", filter=Q(completed_on__gte=start, completed_on__lte=end)),
    )
    aware = SeriousIncident.objects.filter(became_aware_on__gte=start, became_aware_on__lte=end)
    theme_labels = dict(LearningTheme.choices)
    counts: Counter[str] = Counter()
    for theme, n in (
        aware.values_list("themes__theme").annotate(n=Count("id", distinct=True)).filter(themes__theme__isnull=False)
    ):
        counts[str(theme_labels.get(theme, theme))] += n
    for label, n in (
        aware.values_list("harm_types__label")
        .annotate(n=Count("id", distinct=True))
        .filter(harm_types__label__isnull=False)
    ):
        counts[label] += n
    return LearningSummary(
        start=start,
        end=end,
        incidents_aware=aware.count(),
        incidents_notified=notified,
        incidents_notified_on_time=notified_on_time,
        rapid_reviews_completed=reviewed,
        rapid_reviews_on_time=reviewed_on_time,
        local_reviews_decided=int(local["decided"]),
        local_reviews_published=published,
        local_reviews_published_on_time=published_on_time,
        local_reviews_not_published=int(local["not_published"]),
        actions_by_status={
            ActionStatus.OPEN.value: int(actions["open"]),
            ActionStatus.OVERDUE.value: int(actions["overdue"]),
            ActionStatus.COMPLETED.value: int(actions["completed"]),
        },
        actions_completed=int(actions["completed_in_range"]),
        themes=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
    )
