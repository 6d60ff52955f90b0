"""Work the visits app keeps for its author (issue 19): visits started and not yet recorded, read by the home page
and My work (joinedup/core/work.py is the contract, timescales/work_reader.py the reader)."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import visit_drafts_work

WORK_SOURCES = [WorkSource("visits.drafts", WorkKind.DRAFT, visit_drafts_work)]
