"""Writes for the safeguarding partnership (issue 22): actions on inequalities and their looks again, independent
scrutiny findings and the partnership's responses, the yearly report's narrative and its publication. Each is one
transaction: every check first, then the writes, the audit event last. No record here is a child's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error

from . import selectors
from .models import (
    InequalityAction,
    InequalityActionStatus,
    InequalityReview,
    ReportStatus,
    ScrutinyFinding,
    YearlyReport,
)
from .report import SECTIONS


def _text(errors: FieldErrors, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, message, "required")
    return value


def inequality_action_record(
    *,
    actor: Any,
    characteristic: str,
    stage: str,
    group: str,
    reference: str | None,
    period_key: str | None,
    team_id: int | None,
    finding: str,
    action: str,
    owner: Practitioner | None,
    look_again_on: dt.date | None,
) -> InequalityAction:
    """Record a disproportionality finding the partnership acts on. The figures are not taken from the form: they
    are computed now by the insight selector with the finding's choices and copied as the snapshot."""
    if not has_permission(actor, Permission.RECORD_INEQUALITY_ACTION):
        raise NotFoundOrNotPermitted
    today = timezone.localdate()
    found = selectors.finding_get(
        actor=actor,
        today=today,
        characteristic=characteristic,
        stage=stage,
        group=group,
        reference=reference,
        period_key=period_key,
        team_id=team_id,
    )
    errors = FieldErrors()
    finding = _text(errors, "finding", finding, "Enter what the partnership found")
    action = _text(errors, "action", action, "Enter the action agreed")
    if owner is None or owner.user_id is None:
        errors.add("owner", "Choose who owns the action", "required")
    if look_again_on is None:
        errors.add("look_again_on", "Enter when the figures will be looked at again", "required")
    elif look_again_on <= today:
        errors.add("look_again_on", "The date to look again must be in the future", "not_future")
    if found.group == found.reference:
        errors.add("group", "Choose a group other than the one the figures compare with", "reference_group")
    errors.raise_if_any()
    assert owner is not None and look_again_on is not None
    figure = found.figure
    with transaction.atomic():
        recorded = InequalityAction.objects.create(
            characteristic=found.characteristic,
            characteristic_label=found.characteristic_label,
            stage=found.stage,
            stage_label=found.stage_label,
            group=found.group,
            reference=found.reference,
            period_key=found.period_key,
            period_label=found.period_label,
            team_id=found.team_id,
            children=figure.count if figure else None,
            rate=figure.rate if figure else None,
            index=figure.index if figure else None,
            low=figure.low if figure else None,
            high=figure.high if figure else None,
            finding=finding,
            action=action,
            owner=owner,
            look_again_on=look_again_on,
            recorded_on=today,
            recorded_by=actor,
        )
        auditor.record_created(actor=actor, obj=recorded, child_id=None)
    return recorded


def inequality_action_review(
    *, actor: Any, action: InequalityAction, note: str, close: bool, next_look_again_on: dt.date | None
) -> InequalityReview:
    """Record a look again at an action's figures: the figures today (computed, not typed) beside what the
    partnership made of them; then the next look-again date, or the action closed."""
    if not has_permission(actor, Permission.REVIEW_INEQUALITY_ACTION, action):
        raise NotFoundOrNotPermitted
    today = timezone.localdate()
    errors = FieldErrors()
    if action.status != InequalityActionStatus.OPEN:
        errors.add("note", "This action is closed", "closed")
    note = _text(errors, "note", note, "Enter what the figures show now and what was done")
    if not close:
        if next_look_again_on is None:
            errors.add("next_look_again_on", "Enter when the figures will be looked at again", "required")
        elif next_look_again_on <= today:
            errors.add("next_look_again_on", "The date to look again must be in the future", "not_future")
    errors.raise_if_any()
    now = selectors.figures_now(actor=actor, today=today, action=action).figure
    with transaction.atomic():
        locked = InequalityAction.objects.select_for_update().get(pk=action.pk)
        review = InequalityReview.objects.create(
            action=locked,
            reviewed_on=today,
            children=now.count if now else None,
            rate=now.rate if now else None,
            index=now.index if now else None,
            low=now.low if now else None,
            high=now.high if now else None,
            note=note,
            next_look_again_on=None if close else next_look_again_on,
            recorded_by=actor,
        )
        changes: dict[str, Any] = (
            {"status": InequalityActionStatus.CLOSED} if close else {"look_again_on": next_look_again_on}
        )
        auditor.record_fields_changed(actor=actor, obj=locked, child_id=None, changes=changes)
    action.refresh_from_db()
    return review


# -- independent scrutiny ------------------------------------------------------------------------------------------


def scrutiny_finding_record(
    *, actor: Any, found_on: dt.date | None, scrutineer: str, finding: str, response: str = ""
) -> ScrutinyFinding:
    """Record a finding of the partnership's independent scrutiny, with the partnership's response if it has one."""
    selectors.require_partnership(actor)
    today = timezone.localdate()
    errors = FieldErrors()
    if found_on is None:
        errors.add("found_on", "Enter the date of the finding", "required")
    elif found_on > today:
        errors.add("found_on", "The date of the finding must be today or in the past", "future")
    scrutineer = _text(errors, "scrutineer", scrutineer, "Enter who made the finding")
    finding = _text(errors, "finding", finding, "Enter the finding")
    errors.raise_if_any()
    assert found_on is not None
    response = (response or "").strip()
    with transaction.atomic():
        recorded = ScrutinyFinding.objects.create(
            found_on=found_on,
            scrutineer=scrutineer,
            finding=finding,
            response=response,
            responded_on=today if response else None,
            recorded_by=actor,
        )
        auditor.record_created(actor=actor, obj=recorded, child_id=None)
    return recorded


def scrutiny_response_record(*, actor: Any, finding: ScrutinyFinding, response: str) -> ScrutinyFinding:
    """Record (or change) the partnership's response to a scrutiny finding."""
    selectors.require_partnership(actor)
    errors = FieldErrors()
    response = _text(errors, "response", response, "Enter the partnership's response")
    errors.raise_if_any()
    with transaction.atomic():
        locked = ScrutinyFinding.objects.select_for_update().get(pk=finding.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=locked,
            child_id=None,
            changes={"response": response, "responded_on": timezone.localdate()},
        )
    return locked


# -- the yearly report ---------------------------------------------------------------------------------------------


def report_narrative_record(*, actor: Any, year: int, section: str, text: str) -> YearlyReport:
    """Write (or change) the lead's narrative under one of the report's headings, while it is a draft. The
    report's row is made the first time a narrative is written (until then the report is only read)."""
    selectors.require_partnership(actor)
    errors = FieldErrors()
    if section not in {s.key for s in SECTIONS}:
        errors.add("section", "Choose a section of the report", "unknown_section")
    text = _text(errors, "text", text, "Enter the narrative for this section")
    errors.raise_if_any()
    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().filter(year=year).first()
        if report is not None and report.status == ReportStatus.PUBLISHED:
            raise field_error("text", "This report is published: its narrative can no longer change", "published")
        if report is None:
            report = YearlyReport.objects.create(year=year)
        narrative = {**report.narrative, section: text}
        auditor.record_fields_changed(actor=actor, obj=report, child_id=None, changes={"narrative": narrative})
    return report


def report_publish(*, actor: Any, year: int, html: str) -> YearlyReport:
    """Publish the report: it is frozen as it stands (`html`, the report's body rendered from the figures now),
    and shown and written to PDF from that from then on."""
    selectors.require_partnership(actor)
    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().filter(year=year).first()
        errors = FieldErrors()
        if report is not None and report.status == ReportStatus.PUBLISHED:
            errors.add("publish", "This report is already published", "published")
        narrative = report.narrative if report is not None else {}
        missing = [s.heading for s in SECTIONS if not (narrative or {}).get(s.key, "").strip()]
        if missing:
            errors.add("publish", "Add the narrative for " + ", ".join(missing) + " before publishing", "narrative")
        errors.raise_if_any()
        assert report is not None
        auditor.record_fields_changed(
            actor=actor,
            obj=report,
            child_id=None,
            changes={"status": ReportStatus.PUBLISHED, "published_on": timezone.localdate()},
            unrecorded={"published_by": actor, "published_html": html},
        )
    return report
