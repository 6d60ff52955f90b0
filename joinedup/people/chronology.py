"""The greater-risk flags (M9) on the case summary, among its harms and risks. Declared here, read by the chronology
app (ChronologyConfig.ready; joinedup/core/summary.py). The flags are the record's own, which everyone who sees the
child sees on the record, so partners read them too; who recorded a previous abuse or neglect and why stays on the
record for those who may record it."""

from __future__ import annotations

from typing import Any

from joinedup.core.summary import SummaryItem, SummarySection, SummarySource

from .selectors import greater_risk_flags


def flags(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's flags, each with why the record shows it where that is not the flag itself. One query."""
    return [
        SummaryItem(SummarySection.RISK, f"Greater-risk flag: {flag.label}", "; ".join(flag.because))
        for flag in greater_risk_flags(child_ids=[child_id])[child_id]
    ]


SUMMARY_SOURCES = [SummarySource("people.greater_risk_flags", flags, partners=True)]
