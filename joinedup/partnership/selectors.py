"""Reads for the safeguarding partnership (issue 22): actions on inequalities with the figures they were recorded on
and the figures now, the scrutiny findings, and the work an action's owner must do. Permission is asked here, once;
every record read is audited (none is a child's record: the events name no child)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import practitioner_of
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.work import WorkItem, WorkKind
from joinedup.insight import population
from joinedup.insight import selectors as insight

from .models import InequalityAction, InequalityActionStatus, InequalityReview, ScrutinyFinding

ACTION_TYPE = "partnership.inequalityaction"
FINDING_TYPE = "partnership.scrutinyfinding"


@dataclass(frozen=True)
class Finding:
    """A disproportionality finding as the insight page gives it: the choices that make the figures, and the
    group's figures under them (None when the group is suppressed or has no index)."""

    characteristic: str
    characteristic_label: str
    stage: str
    stage_label: str
    group: str
    reference: str
    period_key: str
    period_label: str
    team_id: int | None
    team_name: str
    figure: insight.GroupFigure | None


def finding_get(
    *,
    actor: Any,
    today: dt.date,
    characteristic: str,
    stage: str,
    group: str,
    reference: str | None = None,
    period_key: str | None = None,
    team_id: str | int | None = None,
) -> Finding:
    """The figures of one group at one stage, computed by the insight page's own selector with the same choices (and
    its permission). Raises a ValidationError (on the field) for a choice the page does not offer, and
    NotFoundOrNotPermitted for a group the characteristic does not have."""
    result = insight.disproportionality(
        actor=actor,
        today=today,
        period_key=period_key,
        team_id=team_id,
        characteristic=characteristic,
        reference=reference,
        stage=stage,
    )
    return _finding(result, stage=stage, group=group)


def _period_label(period: insight.Period) -> str:
    """The period in words that stay true later: "The 12 months to 8 December 2026", not "... to today"."""
    if period.key == NOW_PERIOD:
        return f"The 12 months to {period.end:%-d %B %Y}"
    return period.label


def _finding(result: insight.Disproportionality, *, stage: str, group: str) -> Finding:
    if group not in result.characteristic.groups:
        raise NotFoundOrNotPermitted
    chosen = next(s for s in result.stages if s.stage == stage)
    figure = next((g for g in chosen.groups if g.group == group), None)
    return Finding(
        characteristic=result.characteristic.key,
        characteristic_label=result.characteristic.label,
        stage=stage,
        stage_label=chosen.label,
        group=group,
        reference=result.reference,
        period_key=result.period.key,
        period_label=_period_label(result.period),
        team_id=result.team.pk if result.team else None,
        team_name=result.team.name if result.team else "",
        figure=figure,
    )


# The period the figures are looked at again over: the most recent twelve months, whatever the period recorded.
NOW_PERIOD = "12m"


def figures_now(*, actor: Any, today: dt.date, action: InequalityAction) -> Finding:
    """The action's finding computed again today, over the 12 months to today, with the same characteristic, stage,
    group, reference group and team: beside the snapshot, it shows whether anything changed. Whoever may see the
    action sees them (its owner in another agency too: they are counts, no child is identified)."""
    if not has_permission(actor, Permission.VIEW_INEQUALITY_ACTION, action):
        raise NotFoundOrNotPermitted
    result = insight.disproportionality_figures(
        today=today,
        period_key=NOW_PERIOD,
        team_id=action.team_id,
        characteristic=action.characteristic,
        reference=action.reference,
        stage=action.stage,
    )
    return _finding(result, stage=action.stage, group=action.group)


def insight_url(action: InequalityAction | Finding, *, period_key: str | None = None) -> str:
    """The disproportionality page with the finding's choices: where its figures come from."""
    query = {
        "characteristic": action.characteristic,
        "stage": action.stage,
        "reference": action.reference,
        "period": period_key or action.period_key,
    }
    team = action.team_id
    if team:
        query["team"] = str(team)
    return reverse("insight:disproportionality") + "?" + urlencode(query)


def may_record_actions(actor: Any) -> bool:
    return has_permission(actor, Permission.RECORD_INEQUALITY_ACTION)


def _visible(actor: Any) -> QuerySet[InequalityAction]:
    qs = InequalityAction.objects.select_related("owner", "owner__organisation", "team")
    if may_record_actions(actor):
        return qs
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return qs.none()
    return qs.filter(owner=practitioner)


def inequality_actions_visible(*, actor: Any, status: str = "") -> QuerySet[InequalityAction]:
    """The actions on inequalities the actor may see (the partnership and analysts every one, an owner their own),
    soonest look-again first; not audited (the caller audits what it shows, `actions_listed`). Refused to anyone
    else."""
    qs = _visible(actor)
    if not may_record_actions(actor) and not qs.exists():
        raise NotFoundOrNotPermitted  # only the partnership, analysts and the actions' owners have this list
    if status in InequalityActionStatus.values:
        qs = qs.filter(status=status)
    return qs


def actions_listed(*, actor: Any, rows: list[InequalityAction]) -> None:
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor, events=[auditor.EventSpec(AuditAction.LISTED, ACTION_TYPE, a.pk) for a in rows]
        )


def inequality_actions(*, actor: Any, status: str = "") -> list[InequalityAction]:
    """Every action the actor may see (`inequality_actions_visible`), listed and audited. Two queries and the
    audit's write, whatever their number."""
    rows = list(inequality_actions_visible(actor=actor, status=status))
    actions_listed(actor=actor, rows=rows)
    return rows


def inequality_action_get(*, actor: Any, action_id: int) -> InequalityAction:
    action = _visible(actor).filter(pk=action_id).first()
    if action is None or not has_permission(actor, Permission.VIEW_INEQUALITY_ACTION, action):
        raise NotFoundOrNotPermitted
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=action, child_id=None, reason="Action on inequalities")
    return action


def inequality_actions_for_year(*, start: dt.date, end: dt.date) -> list[InequalityAction]:
    """The actions the yearly report gives for a year: recorded in it, looked at again in it, or open (recorded by
    its end), each with its looks again. Two queries; the report's page audits what it shows."""
    looked_at_in_year = InequalityReview.objects.filter(action=OuterRef("pk"), reviewed_on__range=(start, end))
    in_year = Q(status=InequalityActionStatus.OPEN) | Q(recorded_on__gte=start) | Exists(looked_at_in_year)
    return list(
        InequalityAction.objects.filter(in_year, recorded_on__lte=end)
        .select_related("owner", "owner__organisation")
        .prefetch_related("reviews")
        .order_by("recorded_on", "id")
    )


def inequality_look_agains_work(*, actor: Any, today: dt.date) -> list[WorkItem]:
    """The open actions on inequalities the actor owns, each due on its look-again date: My work and the home page
    (partnership/work.py). One query."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return []
    rows = InequalityAction.objects.filter(owner=practitioner, status=InequalityActionStatus.OPEN).order_by(
        "look_again_on", "id"
    )[:100]
    return [
        WorkItem(
            kind=WorkKind.ACTION,
            title=f"Look again at {a.stage_label.lower()} figures for {a.group} children ({a.characteristic_label})",
            url=reverse("partnership:inequality_action", args=[a.pk]),
            due_on=a.look_again_on,
            since=a.recorded_on,
            detail=f"Action on inequalities: {a.action[:120]}",
            object_type=ACTION_TYPE,
            object_id=a.pk,
        )
        for a in rows
    ]


# -- scrutiny ------------------------------------------------------------------------------------------------------


def require_partnership(actor: Any) -> None:
    if not has_permission(actor, Permission.MANAGE_PARTNERSHIP_REPORT):
        raise NotFoundOrNotPermitted


def scrutiny_findings_visible(
    *, actor: Any, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[ScrutinyFinding]:
    """The independent scrutiny findings (in a year, when given), newest first; the partnership's only."""
    require_partnership(actor)
    qs = ScrutinyFinding.objects.all()
    if start is not None and end is not None:
        qs = qs.filter(found_on__range=(start, end))
    return qs


def findings_listed(*, actor: Any, rows: list[ScrutinyFinding]) -> None:
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor, events=[auditor.EventSpec(AuditAction.LISTED, FINDING_TYPE, f.pk) for f in rows]
        )


def scrutiny_findings(*, actor: Any, start: dt.date | None = None, end: dt.date | None = None) -> list[ScrutinyFinding]:
    """The findings, listed and audited. One query and the audit's write."""
    rows = list(scrutiny_findings_visible(actor=actor, start=start, end=end))
    findings_listed(actor=actor, rows=rows)
    return rows


def scrutiny_finding_get(*, actor: Any, finding_id: int) -> ScrutinyFinding:
    require_partnership(actor)
    finding = ScrutinyFinding.objects.filter(pk=finding_id).first()
    if finding is None:
        raise NotFoundOrNotPermitted
    with transaction.atomic():
        auditor.record_viewed(actor=actor, obj=finding, child_id=None, reason="Independent scrutiny finding")
    return finding


def suppress_below() -> int:
    """The disclosure threshold the insight figures use: fewer children than this are not shown."""
    return population.suppress_below()
