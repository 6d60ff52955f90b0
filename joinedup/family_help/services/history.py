"""The history path for Family Help (ADR 0028): a child in need plan another system recorded becomes a Family Help
case opened with its family plan agreed on the day the plan started, closed on the day it ended (the CIN census's
CINPlanDates). No permission is checked (the caller is the imports system actor), no clock is started, no
involvement is given (history grants nobody access) and the caller audits every row, last."""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.agencies.models import Practitioner
from joinedup.episodes.models import CaseEpisode

from ..codes import FamilyHelpStatus
from ..models import FamilyHelpCase, FamilyPlan

HISTORY_NOTE = "Brought in from the authority's previous case system: {source}. Only the plan's dates were recorded."


def child_in_need_plan_history_record(
    *,
    episode: CaseEpisode,
    started_on: date,
    ended_on: date | None,
    closure_reason: str,
    lead_practitioner: Practitioner,
    recorded_by: Any,
    source: str,
) -> tuple[FamilyHelpCase, FamilyPlan]:
    """The Family Help case and its family plan for a child in need plan from `started_on` to `ended_on`; a plan
    that ended closes the case with `closure_reason` (the episode's when it ended with it)."""
    case = FamilyHelpCase.objects.create(
        case_episode=episode,
        child_id=episode.child_id,
        status=FamilyHelpStatus.CLOSED if ended_on else FamilyHelpStatus.OPEN,
        opened_on=started_on,
        lead_practitioner=lead_practitioner,
        closed_on=ended_on,
        closure_reason=closure_reason if ended_on else "",
        closure_note=HISTORY_NOTE.format(source=source) if ended_on else "",
    )
    plan = FamilyPlan.objects.create(
        case=case,
        agreed_on=started_on,
        family_words=HISTORY_NOTE.format(source=source),
        recorded_by=recorded_by,
    )
    return case, plan
