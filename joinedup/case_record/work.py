"""Work the case record keeps for its author (issue 19): case notes started and not yet recorded, read by the home
page and My work (joinedup/core/work.py is the contract, timescales/work_reader.py the reader)."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import note_drafts_work

WORK_SOURCES = [WorkSource("case_record.note_drafts", WorkKind.DRAFT, note_drafts_work)]
