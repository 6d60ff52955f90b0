"""Work access gives a reviewer (issue 19): break-glass accesses to review, read by the home page and My work
(joinedup/core/work.py is the contract, timescales/work_reader.py the reader)."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import break_glass_reviews_work

WORK_SOURCES = [WorkSource("access.break_glass_reviews", WorkKind.REVIEW, break_glass_reviews_work)]
