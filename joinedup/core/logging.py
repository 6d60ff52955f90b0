"""Keeps personal data out of application logs.

Our own code logs ids and event names only. Libraries can log more (Django logs the path of a failed request,
which may carry a query string), and an exception's message or a traceback's local values can carry anything a
record holds. So:

- `SafeFormatter` writes an exception as its type, where it was raised (module, function, line) and the request
  id; never its message, never the lines of code or values of a traceback. The whole traceback goes only to the
  error store (`ErrorStoreHandler`), a directory readable by its owner alone, when one is configured.
- `PersonalDataFilter` scrubs every message that does reach the log: query strings and anything shaped like an
  NHS number, a date (of birth), a postcode, an email or an IP address, and stamps the record with the request id.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from .requestcontext import current_request_id

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_PATTERNS = [
    (re.compile(r"\?[^\s\"']*"), "?[query removed]"),
    (re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b"), "[number removed]"),
    (re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b"), "[date removed]"),
    (
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{2,4}}\b", re.IGNORECASE),
        "[date removed]",
    ),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode removed]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email removed]"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "[address removed]"),
]

_PACKAGE_ROOTS = {"joinedup", "django", "rest_framework"}
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def where_raised(exc_info: ExcInfo) -> str:
    """`module.function:line` of the innermost frame: enough to find the fault, nothing of the data."""
    frames = traceback.extract_tb(exc_info[2]) if exc_info[2] is not None else []
    if not frames:
        return "an unknown place"
    frame = frames[-1]
    parts = Path(frame.filename).with_suffix("").parts
    roots = [i for i, part in enumerate(parts) if part in _PACKAGE_ROOTS]
    module = ".".join(parts[roots[0] :] if roots else parts[-2:])
    return f"{module}.{frame.name}:{frame.lineno}"


class SafeFormatter(logging.Formatter):
    """Formats an exception as its type, place and request id: its message and traceback stay out of the log."""

    def formatException(self, ei: ExcInfo) -> str:  # type: ignore[override]
        exc_type = ei[0]
        name = (
            f"{exc_type.__module__}.{exc_type.__qualname__}"
            if exc_type.__module__ != "builtins"
            else exc_type.__qualname__
        )
        return f"exception {name} at {where_raised(ei)} (request {current_request_id()}; details in the error store)"

    def formatStack(self, stack_info: str) -> str:
        return "[stack left out]"


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        message = record.getMessage()
        record.msg = scrub(message)
        record.args = None
        return True


class ErrorStoreHandler(logging.Handler):
    """Writes the whole traceback of each logged exception to its own file in a directory only the service's
    user can read (mode 0700, files 0600): the access-controlled error store. Records without an exception are
    ignored. Configured with `JOINEDUP_ERROR_STORE_DIR`; with none, exceptions' details are not kept at all."""

    def __init__(self, directory: str) -> None:
        super().__init__(level=logging.ERROR)
        self.directory = Path(directory)

    def emit(self, record: logging.LogRecord) -> None:
        if not record.exc_info or record.exc_info[0] is None:
            return
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            rid = getattr(record, "request_id", None) or current_request_id()
            path = self.directory / f"{stamp}-{rid}.txt"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(f"request {rid}\n{record.name} {record.levelname}\n")
                out.write("".join(traceback.format_exception(*record.exc_info)))
        except Exception:
            self.handleError(record)
