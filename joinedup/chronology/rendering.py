"""The chronology's table rows, rendered in Python: a child may have thousands of events, and building each row
through Jinja's filters and attribute lookups costs several times more than formatting it here. The markup is the
same GOV.UK table markup the template would write (escaped through markupsafe)."""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from joinedup.core.chronology import AGENCY_LABELS, EVENT_TYPE_LABELS, Agency, EventType
from joinedup.ui.govuk import uk_date

from .selectors import ChronologyRow

_MONTHS = ["", *(uk_date(dt.date(2000, m, 1)).split(" ")[1] for m in range(1, 13))]
_AGENCIES = {a.value: label for a, label in AGENCY_LABELS.items()}
_TYPES = {t.value: label for t, label in EVENT_TYPE_LABELS.items()}


def _ordinal(n: int) -> str:
    """2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def anchor_of(source_key: str) -> str:
    return source_key.replace(":", "-").replace(".", "-")


def chronology_rows(rows: list[ChronologyRow], *, partner: bool, can_annotate: bool) -> Markup:
    dates: dict[dt.date, str] = {}
    labels: dict[str, str] = {}
    names: dict[str, str] = {}  # who recorded or wrote: a few people write most of a child's events
    # A link's name must differ from another's that goes elsewhere. The title and the day usually do; a second event
    # of the same title on the same day is told apart by its place that day, in words (never the record's key).
    seen: dict[tuple[str, str], int] = {}
    out: list[str] = []
    append = out.append
    for row in rows:
        e = row.entry
        on = e.occurred_on
        day = dates.get(on)
        if day is None:
            day = dates[on] = f"{on.day} {_MONTHS[on.month]} {on.year}"
        title = escape(e.title)
        agency = labels.get(e.agency)
        if agency is None:
            agency = labels[e.agency] = escape(_AGENCIES.get(str(e.agency), str(e.agency) or Agency.OTHER.label))
        kind = labels.get(e.event_type)
        if kind is None:
            kind = labels[e.event_type] = escape(
                _TYPES.get(str(e.event_type), str(e.event_type) or EventType.OTHER.label)
            )
        if e.organisation:
            by = names.get(e.organisation)
            if by is None:
                by = names[e.organisation] = escape(e.organisation)
            agency = f'{agency}<br><span class="govuk-body-s">{by}</span>'
        anchor = anchor_of(e.source_key)
        key = escape(e.source_key)
        nth = seen[(title, day)] = seen.get((title, day), 0) + 1
        which = f" (the {_ordinal(nth)} that day)" if nth > 1 else ""
        if e.url:
            event = (
                f'<a class="govuk-link" href="{escape(e.url)}">{title}<span class="govuk-visually-hidden"> on {day}'
                f"{which}</span></a>"
            )
        else:
            event = title
        if e.detail:
            event += f'<br><span class="govuk-body-s">{escape(e.detail)}</span>'
        if e.recorded_by:
            by = names.get(e.recorded_by)
            if by is None:
                by = names[e.recorded_by] = escape(e.recorded_by)
            event += f'<br><span class="govuk-body-s">Shared by {by}</span>'
        append(
            f'<tr class="govuk-table__row" id="{anchor}"><td class="govuk-table__cell" data-label="Date">{day}</td>'
            f'<td class="govuk-table__cell" data-label="Agency">{agency}</td>'
            f'<td class="govuk-table__cell" data-label="Event"><strong>{kind}:</strong> {event}</td>'
        )
        if not partner:
            cell = ""
            if row.analysis:
                by = names.get(row.analysis_by)
                if by is None:
                    by = names[row.analysis_by] = escape(row.analysis_by)
                cell = f'{escape(row.analysis)} <span class="govuk-body-s">({by})</span> '
            if can_annotate:
                verb = "Change" if row.analysis else "Add"
                cell += (
                    f'<a class="govuk-link govuk-body-s" href="?analyse={key}#{anchor}">{verb} '
                    f'analysis<span class="govuk-visually-hidden"> of {title} on {day}{which}</span></a>'
                )
            append(f'<td class="govuk-table__cell" data-label="Analysis">{cell}</td>')
        append("</tr>\n")
    return Markup("".join(out))  # noqa: S704 (every value above is escaped)
