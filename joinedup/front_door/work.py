"""Work the front door gives partners (issue 19): the information requests they are to answer, read by the home
page and My work (joinedup/core/work.py is the contract, timescales/work_reader.py the reader)."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import information_requests_to_answer_work

WORK_SOURCES = [WorkSource("front_door.information_requests", WorkKind.REQUEST, information_requests_to_answer_work)]
