"""Work sharing gives the local authority (issue 19): professional challenges to respond to, read by the home page
and My work (joinedup/core/work.py is the contract, timescales/work_reader.py the reader)."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import challenges_to_respond_to_work

WORK_SOURCES = [WorkSource("sharing.challenges", WorkKind.CHALLENGE, challenges_to_respond_to_work)]
