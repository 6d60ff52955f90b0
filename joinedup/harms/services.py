"""Every write of harms: keeping the harm and indicator tables in step with the taxonomy file, recording early
indicators on a child, and acknowledging the prompt repeated indicators raise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.people.models import Person

from .errors import HarmsError
from .models import ChildRiskIndicator, HarmType, RiskIndicatorEscalation, RiskIndicatorType
from .taxonomy import TAXONOMY, Taxonomy


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int


def _harm_values(taxonomy: Taxonomy) -> dict[str, dict[str, Any]]:
    return {
        harm.code: {
            "group": harm.group,
            "label": harm.label,
            "description": harm.description,
            "cin_assessment_factors": " ".join(harm.cin_assessment_factors),
            "cin_category_of_abuse": harm.cin_category_of_abuse,
            "ssda903_category_of_need": harm.ssda903_category_of_need,
            "added_2026": harm.added_2026,
            "display_order": n,
            "is_active": harm.active,
        }
        for n, harm in enumerate(taxonomy.harms, start=1)
    }


def _indicator_values(taxonomy: Taxonomy) -> dict[str, dict[str, Any]]:
    return {
        indicator.code: {
            "label": indicator.label,
            "description": indicator.description,
            "cin_assessment_factors": " ".join(indicator.cin_assessment_factors),
            "ssda903_missing": indicator.ssda903_missing,
            "display_order": n,
            "is_active": indicator.active,
        }
        for n, indicator in enumerate(taxonomy.indicators, start=1)
    }


def _sync_rows(model: Any, wanted: dict[str, dict[str, Any]]) -> tuple[int, int]:
    existing = {row.code: row for row in model.objects.all()}
    new = [model(code=code, **values) for code, values in wanted.items() if code not in existing]
    changed = []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is not None and any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    # A code no longer in the file is retired, never deleted: records that name it stay readable.
    retired = [row for code, row in existing.items() if code not in wanted and row.is_active]
    for row in retired:
        row.is_active = False
    if new:
        model.objects.bulk_create(new)
    if changed or retired:
        model.objects.bulk_update(changed + retired, fields=list(next(iter(wanted.values())).keys()))
    return len(new), len(changed) + len(retired)


@transaction.atomic
def harm_taxonomy_sync(*, taxonomy: Taxonomy = TAXONOMY) -> SyncResult:
    """Make the HarmType and RiskIndicatorType tables say what the taxonomy file says. Idempotent: two reads
    when nothing has changed. Run by migration harms 0002 (its own copy), `manage.py sync_harm_taxonomy`, the
    synthetic generator and test fixtures."""
    created, updated = _sync_rows(HarmType, _harm_values(taxonomy))
    parents = {h.code: h.parent for h in taxonomy.harms}
    rows = {row.code: row for row in HarmType.objects.all()} if created or updated else {}
    reparented = []
    for code, row in rows.items():
        parent = rows.get(parents.get(code, ""))
        if row.parent_id != (parent.pk if parent else None):
            row.parent = parent
            reparented.append(row)
    if reparented:
        HarmType.objects.bulk_update(reparented, fields=["parent"])
    more_created, more_updated = _sync_rows(RiskIndicatorType, _indicator_values(taxonomy))
    return SyncResult(created + more_created, updated + more_updated)


@dataclass(frozen=True)
class IndicatorsRecorded:
    indicators: list[ChildRiskIndicator]
    escalation: RiskIndicatorEscalation | None


def child_risk_indicators_record_for_event(
    *,
    actor: Any,
    child: Person,
    indicators: list[RiskIndicatorType],
    observed_on: date,
    source_key: str,
) -> IndicatorsRecorded:
    """Record early indicators on a child's record from the record that reported them (a contact, an assessment).
    The calling service has already decided its actor may record that event. When the child now has the
    taxonomy's escalation count of indicators within a window of its length (three in 90 days) around the new ones,
    and no prompt has been raised within that reach, a prompt is raised for the lead practitioner and manager
    (M8). Audited; one transaction."""
    if observed_on > timezone.localdate():
        raise field_error(
            "observed_on", "The date it was seen must be today or in the past", HarmsError.INDICATOR_DATE_IN_FUTURE
        )
    if not indicators:
        return IndicatorsRecorded([], None)
    rule = TAXONOMY.escalation
    with transaction.atomic():
        already = set(
            ChildRiskIndicator.objects.filter(child=child, source_key=source_key).values_list("indicator_id", flat=True)
        )
        rows = [
            ChildRiskIndicator(
                child=child,
                indicator=indicator,
                observed_on=observed_on,
                source_key=source_key,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            for indicator in indicators
            if indicator.pk not in already
        ]
        ChildRiskIndicator.objects.bulk_create(rows)
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.CREATED, "harms.childriskindicator", row.pk, child_id=child.pk)
                for row in rows
            ],
        )
        escalation = None
        if rows:
            reach = timedelta(days=rule.days - 1)
            dates = sorted(
                ChildRiskIndicator.objects.filter(
                    child=child, observed_on__gte=observed_on - reach, observed_on__lte=observed_on + reach
                ).values_list("observed_on", flat=True)
            )
            busiest = _busiest_window(dates, rule.days, must_include=observed_on)
            raised = RiskIndicatorEscalation.objects.filter(
                child=child, triggered_on__gte=observed_on - reach, triggered_on__lte=observed_on + reach
            ).exists()
            if busiest >= rule.count and not raised:
                escalation = RiskIndicatorEscalation.objects.create(
                    child=child,
                    triggered_on=timezone.localdate(),
                    indicator_count=busiest,
                    window_days=rule.days,
                    source_key=source_key,
                )
                auditor.record_created(actor=actor, obj=escalation, child_id=child.pk)
    return IndicatorsRecorded(rows, escalation)


def _busiest_window(dates: list[date], days: int, *, must_include: date) -> int:
    """The most indicators (of sorted `dates`) in any window of `days` days that contains `must_include`."""
    best = 0
    for start in dates:
        end = start + timedelta(days=days - 1)
        if start <= must_include <= end:
            best = max(best, sum(1 for d in dates if start <= d <= end))
    return best


def risk_indicator_escalation_acknowledge(
    *, actor: Any, escalation: RiskIndicatorEscalation, action_taken: str
) -> RiskIndicatorEscalation:
    """The lead practitioner or manager has looked at the repeated indicators and says what they did."""
    if not has_permission(actor, Permission.CHANGE_CHILD, escalation.child):
        raise NotFoundOrNotPermitted
    if not action_taken.strip():
        raise field_error("action_taken", "Say what you did about the repeated indicators", HarmsError.ACTION_REQUIRED)
    with transaction.atomic():
        current = RiskIndicatorEscalation.objects.select_for_update().get(pk=escalation.pk)
        if current.acknowledged_at is not None:
            raise field_error(
                "action_taken", "Someone has already acknowledged this prompt", HarmsError.ALREADY_ACKNOWLEDGED
            )
        before = auditor.model_values(current, ("acknowledged_at", "action_taken"))
        current.acknowledged_at = timezone.now()
        current.acknowledged_by = actor
        current.action_taken = action_taken.strip()
        current.save(update_fields=["acknowledged_at", "acknowledged_by", "action_taken", "updated_at"])
        auditor.record_updated(
            actor=actor,
            obj=current,
            child_id=current.child_id,
            before=before,
            after=auditor.model_values(current, ("acknowledged_at", "action_taken")),
        )
    return current
