"""Server-rendered, accessible SVG charts: a title and description for assistive technology, text labels on every
bar, and always the same figures in a table beside the chart (the chart is never the only way to read them).

Their text is in the project's own sans-serif font (the one GOV.UK Frontend's CSS is built with, ui/sass/joinedup.scss:
Helvetica, then Arial), and every label is whole: a long one wraps onto further lines, it is never cut short.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# The font GOV.UK Frontend is compiled with for JoinedUp ($govuk-font-family in ui/sass/joinedup.scss).
FONT_FAMILY = "helvetica, arial, sans-serif"
FONT_SIZE = 14
LINE_HEIGHT = 17  # one line of a wrapped label
LABEL_CHARACTERS = 24  # a label's line: about what fits LABEL_WIDTH at FONT_SIZE
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 170
PLOT_WIDTH = 180
VALUE_WIDTH = 100
INDEX_VALUE_WIDTH = 150  # "2.48 (1.25 to 4.9)" beside an index
TEXT = "#0b0c0c"  # GOV.UK's text colour
BLUE = "#1d70b8"  # GOV.UK's blue
GREY = "#505a5f"  # GOV.UK's secondary text colour


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure (suppressed or nothing to count)
    text: str  # what to print at the bar's end


@dataclass(frozen=True)
class Interval:
    """One group on a relative rate index chart: its index and 95% interval, or none (suppressed, or the reference
    group itself, whose index is 1 by definition and has no interval)."""

    label: str
    index: float | None
    low: float | None
    high: float | None
    text: str  # what to print beside it


def wrap(label: str, width: int = LABEL_CHARACTERS) -> list[str]:
    """A label's lines: whole words, the whole label ("Review health assessments on time" on two lines)."""
    return textwrap.wrap(label, width=width, break_long_words=True, break_on_hyphens=False) or [""]


def _svg_open(chart_id: str, title: str, description: str, items: str, width: int, height: int) -> list[str]:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return [
        f'<svg class="joinedup-chart" id="{escape(chart_id)}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)} {escape(items)}</desc>',
    ]


def _rows(labels: Sequence[str]) -> tuple[list[tuple[float, list[str], float]], int]:
    """Each row's top, its label's lines and its height (a wrapped label makes its row taller); the chart's
    height."""
    rows = []
    y = float(GAP)
    for label in labels:
        lines = wrap(label)
        height = max(BAR_HEIGHT, len(lines) * LINE_HEIGHT + 4)
        rows.append((y, lines, float(height)))
        y += height + GAP
    return rows, int(y)


def _label(y: float, lines: list[str], height: float) -> str:
    """The label, right-aligned before the plot, its lines centred on the row."""
    first = y + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH - 8}" y="{first + n * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text text-anchor="end" fill="{TEXT}">{spans}</text>'


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[Bar], *, maximum: float | None = None
) -> Markup:
    """A horizontal bar chart. `maximum` fixes the scale (100 for percentages)."""
    top = max([b.value for b in bars if b.value is not None] + [0.0])
    scale_max = maximum if maximum is not None else (top or 1.0)
    rows, height = _rows([b.label for b in bars])
    parts = _svg_open(
        chart_id,
        title,
        description,
        "; ".join(f"{b.label}: {b.text}" for b in bars),
        LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height,
    )
    for bar, (y, lines, row_height) in zip(bars, rows, strict=True):
        length = 0.0 if bar.value is None else max(0.0, min(bar.value / scale_max, 1.0)) * PLOT_WIDTH
        bar_y = y + (row_height - BAR_HEIGHT) / 2
        parts.append(_label(y, lines, row_height))
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{BLUE}"></rect>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{bar_y + BAR_HEIGHT * 0.7:.1f}" fill="{TEXT}">'
            f"{escape(bar.text)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part above is escaped


def index_chart(chart_id: str, title: str, description: str, groups: Sequence[Interval], reference: str) -> Markup:
    """A relative rate index chart: each group's index as a dot with its 95% confidence interval as a line through
    it, and a dashed reference line at 1.0 (the reference group's rate). The reference group has its dot on that
    line and no interval; a suppressed group has no mark, only its text."""
    top = max([g.high or g.index or 0.0 for g in groups] + [2.0])
    scale = PLOT_WIDTH / top
    rows, rows_height = _rows([g.label for g in groups])
    height = rows_height + LINE_HEIGHT + GAP  # and the line's label under the rows
    parts = _svg_open(
        chart_id,
        title,
        description,
        "; ".join(f"{g.label}: {g.text}" for g in groups),
        LABEL_WIDTH + PLOT_WIDTH + INDEX_VALUE_WIDTH,
        height,
    )
    one = LABEL_WIDTH + scale
    parts.append(
        f'<line x1="{one:.1f}" y1="0" x2="{one:.1f}" y2="{rows_height}" stroke="{GREY}" stroke-width="1.5" '
        'stroke-dasharray="4 3"></line>'
    )
    parts.append(
        f'<text x="{one:.1f}" y="{rows_height + LINE_HEIGHT - 2}" text-anchor="middle" fill="{GREY}">'
        f"1.0: the same rate as {escape(reference)}</text>"
    )
    for group, (y, lines, row_height) in zip(groups, rows, strict=True):
        middle = y + row_height / 2
        parts.append(_label(y, lines, row_height))
        if group.low is not None and group.high is not None:
            parts.append(
                f'<line x1="{LABEL_WIDTH + group.low * scale:.1f}" y1="{middle:.1f}" '
                f'x2="{LABEL_WIDTH + group.high * scale:.1f}" y2="{middle:.1f}" stroke="{TEXT}" stroke-width="2">'
                "</line>"
            )
        if group.index is not None:
            parts.append(
                f'<circle cx="{LABEL_WIDTH + group.index * scale:.1f}" cy="{middle:.1f}" r="5" fill="{BLUE}"></circle>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 10}" y="{middle + FONT_SIZE * 0.35:.1f}" fill="{TEXT}">'
            f"{escape(group.text)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part above is escaped
