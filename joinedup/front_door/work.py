"""Work the front door gives people (issue 19), read by the home page and My work (joinedup/core/work.py is the
contract, timescales/work_reader.py the reader): the information requests partners are to answer, and the concerns
(a partner's) or calls and emails (the front door's) started page by page and not yet sent or recorded."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import concern_drafts_work, information_requests_to_answer_work

WORK_SOURCES = [
    WorkSource("front_door.information_requests", WorkKind.REQUEST, information_requests_to_answer_work),
    WorkSource("front_door.concern_drafts", WorkKind.DRAFT, concern_drafts_work),
]
