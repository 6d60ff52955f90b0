"""Work learning from serious incidents gives people (issue 22), read by the home page and My work
(joinedup/core/work.py is the contract, timescales/work_reader.py the reader): a rapid review contribution asked of
them, the learning actions they own (overdue ones first), and the notification and rapid review still to send for
whoever manages the incident."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import learning_work

WORK_SOURCES = [WorkSource("learning.work", WorkKind.ACTION, learning_work)]
