"""Work the safeguarding partnership gives (issue 22): actions on inequalities whose figures their owner looks at
again, read by the home page and My work (joinedup/core/work.py is the contract, timescales/work_reader.py the
reader)."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import inequality_look_agains_work

WORK_SOURCES = [WorkSource("partnership.inequality_look_agains", WorkKind.ACTION, inequality_look_agains_work)]
