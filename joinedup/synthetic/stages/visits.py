"""The synthetic authority's visits (issue 18): the child protection visits, regulation 28 statutory visits and
visit notes the earlier stages wrote become visits, as the data migration makes them of a real authority's
(joinedup/visits/earlier.py), so the demo's summaries show when each child was last seen. Uses no random stream, so
nothing the earlier stages drew changes."""

from __future__ import annotations

from typing import Any

from joinedup.case_record.models import CaseNote, CaseNoteChild
from joinedup.child_protection.models import ChildProtectionVisit
from joinedup.children_in_care.models import StatutoryVisit
from joinedup.visits.earlier import earlier_visits_become_visits
from joinedup.visits.models import Visit, VisitChild


def stage_visits(ctx: Any) -> None:
    ctx.counts["visits_children"] = earlier_visits_become_visits(
        visit_model=Visit,
        visit_child_model=VisitChild,
        child_protection_visit_model=ChildProtectionVisit,
        statutory_visit_model=StatutoryVisit,
        case_note_model=CaseNote,
        case_note_child_model=CaseNoteChild,
    )
