"""Keeps personal data out of application logs.

Our own code logs ids and event names only. Libraries can log more (Django logs the path of a failed request,
which may carry a query string); this filter drops query strings and anything shaped like an NHS number,
a date of birth, a postcode, an email or an IP address, and stamps each record with the request id.
"""

from __future__ import annotations

import logging
import re

from .requestcontext import current_request_id

_PATTERNS = [
    (re.compile(r"\?[^\s\"']*"), "?[query removed]"),
    (re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b"), "[number removed]"),
    (re.compile(r"\b\d{1,4}[-/]\d{1,2}[-/]\d{1,4}\b"), "[date removed]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode removed]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email removed]"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "[address removed]"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        message = record.getMessage()
        record.msg = scrub(message)
        record.args = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
